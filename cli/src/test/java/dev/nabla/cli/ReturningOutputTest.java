package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.shell.EngineBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A DML statement with RETURNING prints its rows like a query. */
class ReturningOutputTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(
                args,
                EngineBackend::open,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void returningRowsPrintAsATable() {
        assertThat(run(
                        "-c",
                        "CREATE TABLE t(id INTEGER, x DOUBLE)",
                        "-c",
                        "INSERT INTO t VALUES (1, 1.5), (2, 2.5) RETURNING id, x * 2 AS twice"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                +----+-------+
                | id | twice |
                +----+-------+
                |  1 |   3.0 |
                |  2 |   5.0 |
                +----+-------+
                """);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
