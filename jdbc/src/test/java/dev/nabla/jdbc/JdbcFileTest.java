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
    void accessModeReadOnlyFromTheUrlOrProperties() throws Exception {
        Path f = dir.resolve("ro.nabla");
        try (Connection c = DriverManager.getConnection("jdbc:nabla:file:" + f);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(x INTEGER)");
            st.execute("INSERT INTO t VALUES (7)");
        }
        for (String url : new String[] {
            "jdbc:nabla:file:" + f + "?access_mode=read_only", "jdbc:nabla:file:" + f + ";access_mode=READ_ONLY"
        }) {
            try (Connection c = DriverManager.getConnection(url);
                    Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT x FROM t")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(7);
                }
                assertThatThrownBy(() -> st.execute("INSERT INTO t VALUES (8)"))
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("25006"));
                try (ResultSet rs = st.executeQuery("SHOW access_mode")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("read_only");
                }
            }
        }
        java.util.Properties p = new java.util.Properties();
        p.setProperty("access_mode", "read_only");
        try (Connection c = DriverManager.getConnection("jdbc:nabla:file:" + f, p);
                Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("DELETE FROM t"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:nabla:file:" + f + "?access_mode=sometimes"))
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"))
                .hasMessageContaining("access_mode must be read_only, read_write or automatic");
        // read-only never creates a file
        assertThatThrownBy(() -> DriverManager.getConnection(
                        "jdbc:nabla:file:" + dir.resolve("none.nabla") + "?access_mode=read_only"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("read-only: it does not exist");
        // writable again with a plain URL
        try (Connection c = DriverManager.getConnection("jdbc:nabla:file:" + f);
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO t VALUES (8)");
        }
    }

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

    /** A PreparedStatement with {@code ?} that names a read-write attached database runs there (was 0A000). */
    @Test
    void preparedStatementsForAnAttachedDatabase() throws Exception {
        Path f = dir.resolve("att.nabla");
        try (Connection c = DriverManager.getConnection("jdbc:nabla:");
                Statement st = c.createStatement()) {
            st.execute("ATTACH '" + f + "' AS o");
            st.execute("CREATE TABLE o.t(x INTEGER, s VARCHAR)");
            try (var ps = c.prepareStatement("INSERT INTO o.t VALUES (?, ?)")) {
                assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(2);
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "v" + i);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            try (var ps = c.prepareStatement("SELECT sum(x), max(s) FROM o.t WHERE x >= ?")) {
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(5);
                    assertThat(rs.getString(2)).isEqualTo("v3");
                }
            }
            st.execute("DETACH o");
        }
        // committed to the attached file
        try (Connection c = DriverManager.getConnection("jdbc:nabla:file:" + f);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(3);
        }
    }
}
