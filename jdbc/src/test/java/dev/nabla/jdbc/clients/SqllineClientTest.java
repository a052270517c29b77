package dev.nabla.jdbc.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sqlline.SqlLine;

/** sqlline 1.12's metadata commands over the driver: tables, columns, keys, foreign keys and indexes. */
class SqllineClientTest {
    @Test
    void metadataCommandsShowKeysAndIndexes(@TempDir Path dir) throws Exception {
        String url = "jdbc:nabla:mem:sqlline-" + UUID.randomUUID();
        try (Connection keep = DriverManager.getConnection(url)) {
            Fixture.create(keep);
            Path script = dir.resolve("script.sql");
            Files.writeString(script, """
                    !tables
                    !columns customers
                    !primarykeys orders
                    !importedkeys orders
                    !exportedkeys customers
                    !indexes orders
                    !indexes customers
                    SELECT count(*) AS n FROM orders;
                    """);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            SqlLine sqlline = new SqlLine();
            sqlline.setOutputStream(print);
            sqlline.setErrorStream(print);
            SqlLine.Status status = sqlline.begin(
                    new String[] {"-u", url, "-n", "me", "-p", "", "--outputformat=csv", "-f", script.toString()},
                    null,
                    false);
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(status).as(text).isEqualTo(SqlLine.Status.OK);
            assertThat(text)
                    .contains("big_orders")
                    .contains("orders_pkey")
                    .contains("customer_id")
                    .contains("orders_customer")
                    .contains("customers_email_key")
                    .contains("NO");
        }
    }
}
