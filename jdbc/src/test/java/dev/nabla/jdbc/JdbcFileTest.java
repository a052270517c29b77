package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcFileTest {
    @TempDir
    Path dir;

    @Test
    void fileUrlKeepsTablesAcrossConnections() throws Exception {
        String url = "jdbc:nabla:file:" + dir.resolve("j.nabla");
        try (Connection a = DriverManager.getConnection(url);
                Connection b = DriverManager.getConnection(url);
                Statement st = a.createStatement()) {
            st.execute("CREATE TABLE t(x INTEGER)");
            st.execute("INSERT INTO t VALUES (1), (2)");
            // connections to one file share its database
            try (ResultSet rs = b.createStatement().executeQuery("SELECT sum(x) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(3);
            }
        }
        try (Connection c = DriverManager.getConnection(url);
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }

    @Test
    void missingDirectoryIsAClearError() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:nabla:file:" + dir.resolve("no/such/x.nabla")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("does not exist");
    }
}
