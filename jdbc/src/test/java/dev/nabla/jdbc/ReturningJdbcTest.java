package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DML with RETURNING over JDBC: a result set, as with PostgreSQL's driver (executeQuery and execute). */
class ReturningJdbcTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name VARCHAR, v DOUBLE DEFAULT 0.5)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder sb = new StringBuilder();
            for (int c = 1; c <= n; c++) sb.append(c > 1 ? "|" : "").append(rs.getString(c));
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void executeQueryReturnsTheRows() throws SQLException {
        try (Statement s = conn.createStatement()) {
            ResultSet rs = s.executeQuery("INSERT INTO t(id, name) VALUES (1, 'a'), (2, 'b') RETURNING id, v AS value");
            assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo("value");
            assertThat(rows(rs)).containsExactly("1|0.5", "2|0.5");
            assertThat(rows(s.executeQuery("UPDATE t SET v = v * 4 WHERE id = 2 RETURNING *")))
                    .containsExactly("2|b|2.0");
            assertThat(rows(s.executeQuery("DELETE FROM t WHERE id = 1 RETURNING name")))
                    .containsExactly("a");
            assertThat(rows(s.executeQuery("DELETE FROM t WHERE id = 99 RETURNING name")))
                    .isEmpty();
            assertThat(rows(s.executeQuery("SELECT count(*) FROM t"))).containsExactly("1");
        }
    }

    @Test
    void executeReportsAResultSet() throws SQLException {
        try (Statement s = conn.createStatement()) {
            assertThat(s.execute("INSERT INTO t(id) VALUES (5) RETURNING id")).isTrue();
            assertThat(rows(s.getResultSet())).containsExactly("5");
            assertThat(s.execute("INSERT INTO t(id) VALUES (6)")).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(1);
            // executeUpdate of DML … RETURNING reports the rows changed (PostgreSQL's driver fails after making the
            // change; a statement that fails must change nothing); a SELECT is still refused
            long before =
                    rows(s.executeQuery("SELECT id FROM t WHERE name = 'x'")).size();
            assertThat(s.executeUpdate("UPDATE t SET name = 'x' RETURNING id")).isEqualTo(2);
            assertThat(rows(s.executeQuery("SELECT id FROM t WHERE name = 'x'")))
                    .hasSize(2);
            assertThat(before).isZero();
            assertThatThrownBy(() -> s.executeUpdate("SELECT 1")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void preparedStatementsWithParameters() throws SQLException {
        try (PreparedStatement p =
                conn.prepareStatement("INSERT INTO t(id, name) VALUES (?, ?) RETURNING id * 10, upper(name)")) {
            p.setInt(1, 7);
            p.setString(2, "seven");
            assertThat(rows(p.executeQuery())).containsExactly("70|SEVEN");
            p.setInt(1, 8);
            p.setString(2, "eight");
            assertThat(rows(p.executeQuery())).containsExactly("80|EIGHT");
        }
        try (PreparedStatement p = conn.prepareStatement("UPDATE t SET v = ? WHERE id >= ? RETURNING id, v")) {
            p.setDouble(1, 1.25);
            p.setInt(2, 8);
            assertThat(rows(p.executeQuery())).containsExactly("8|1.25");
        }
    }
}
