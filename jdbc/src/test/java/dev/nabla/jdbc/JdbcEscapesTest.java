package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 18 item 8: JDBC escape syntax in nativeSQL, statements and prepared statements. */
class JdbcEscapesTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void nativeSqlTranslatesEveryEscape() throws SQLException {
        assertThat(conn.nativeSQL("SELECT {d '2020-01-01'}, {ts '2020-01-01 10:00:00'}"))
                .isEqualTo("SELECT DATE '2020-01-01', TIMESTAMP '2020-01-01 10:00:00'");
        assertThat(conn.nativeSQL("SELECT {fn UCASE({fn concat('a', 'b')})}"))
                .isEqualTo("SELECT upper(concat('a', 'b'))");
        assertThat(conn.nativeSQL("SELECT * FROM {oj a LEFT OUTER JOIN b ON a.x = b.x}"))
                .isEqualTo("SELECT * FROM a LEFT OUTER JOIN b ON a.x = b.x");
        assertThat(conn.nativeSQL("SELECT 1 WHERE 'a_' LIKE 'a\\_' {escape '\\'}"))
                .isEqualTo("SELECT 1 WHERE 'a_' LIKE 'a\\_' ESCAPE '\\'");
        assertThat(conn.nativeSQL("SELECT x FROM t {limit 2 offset 1}")).isEqualTo("SELECT x FROM t LIMIT 2 OFFSET 1");
        // braces in literals, quoted names and comments stay
        assertThat(conn.nativeSQL("SELECT '{d x}' AS \"{fn}\" -- {ts\n"))
                .isEqualTo("SELECT '{d x}' AS \"{fn}\" -- {ts\n");
        assertThatThrownBy(() -> conn.nativeSQL("{call p(1)}")).isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(() -> conn.nativeSQL("SELECT {fn ucase('a')")).hasMessageContaining("without its '}'");
    }

    @Test
    void statementsRunEscapes() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE a(x INTEGER, d DATE); CREATE TABLE b(x INTEGER, y VARCHAR)");
            s.execute(
                    "INSERT INTO a VALUES (1, {d '2020-01-01'}), (2, {d '2021-06-30'}); INSERT INTO b VALUES (1, 'one')");
            try (ResultSet rs = s.executeQuery(
                    "SELECT {fn ucase(y)}, d, {ts '2020-01-01 10:00:00'} FROM {oj a LEFT OUTER JOIN b ON a.x = b.x}"
                            + " ORDER BY a.x {limit 1}")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ONE");
                assertThat(rs.getObject(2, LocalDate.class)).isEqualTo(LocalDate.of(2020, 1, 1));
                assertThat(rs.getObject(3, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2020, 1, 1, 10, 0));
                assertThat(rs.next()).isFalse();
            }
            s.setEscapeProcessing(false);
            assertThatThrownBy(() -> s.executeQuery("SELECT {d '2020-01-01'}")).isInstanceOf(SQLException.class);
        }
        try (PreparedStatement ps =
                conn.prepareStatement("SELECT count(*) FROM a WHERE d < {d '2021-01-01'} AND x = ?")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1L);
            }
        }
    }
}
