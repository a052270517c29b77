package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's memory reproductions over JDBC: each fails with a clean SQLException (SQLSTATE 53200) naming
 * the operator, never a Java Error, and a bystander connection doing small transfers meanwhile goes on.
 */
class MemoryLimitJdbcTest {
    private static String url() {
        return "jdbc:nabla:mem:memlimit" + System.nanoTime();
    }

    private static SQLException fails(Statement st, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    // fetch everything
                }
            }
        });
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("53200");
        return e;
    }

    @Test
    void reproductionsFailWith53200AndTheConnectionGoesOn() throws Exception {
        try (Connection c = DriverManager.getConnection(url());
                Statement st = c.createStatement()) {
            st.execute("SET memory_limit = '64MB'");
            try (ResultSet rs = st.executeQuery("SHOW memory_limit")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("64MB");
            }
            assertThat(fails(st, "SELECT * FROM range(1000000) a, range(1000000) b")
                            .getMessage())
                    .contains("result buffer")
                    .contains("memory_limit 64MB");
            SQLException ctas = assertThrows(
                    SQLException.class,
                    () -> st.execute("CREATE TABLE big AS SELECT a.range AS a, b.range AS b"
                            + " FROM range(1000000) a, range(1000000) b"));
            assertThat(ctas.getSQLState()).isEqualTo("53200");
            assertThat(fails(
                                    st,
                                    "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r, (VALUES (1), (2)) v(y))"
                                            + " SELECT count(*) FROM r")
                            .getMessage())
                    .contains("recursive CTE");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM range(1000)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1000);
            }
        }
    }

    @Test
    void aBystanderDoingSmallTransfersNeverFails() throws Exception {
        String url = url();
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute("SET memory_limit = '128MB'");
            st.execute("CREATE TABLE acct(id INTEGER PRIMARY KEY, bal INTEGER)");
            st.execute("INSERT INTO acct SELECT range, 100 FROM range(10)");
            AtomicBoolean done = new AtomicBoolean();
            CompletableFuture<Throwable> greedy = CompletableFuture.supplyAsync(() -> {
                try (Connection g = DriverManager.getConnection(url);
                        Statement gs = g.createStatement();
                        ResultSet rs = gs.executeQuery("SELECT * FROM range(1000000) a, range(1000000) b")) {
                    while (rs.next()) {
                        // fetch
                    }
                    return null;
                } catch (Throwable t) {
                    return t;
                } finally {
                    done.set(true);
                }
            });
            int transfers = 0;
            try (Connection b = DriverManager.getConnection(url)) {
                b.setAutoCommit(false);
                try (Statement bs = b.createStatement()) {
                    while (!done.get() || transfers < 20) {
                        int i = transfers++ % 9;
                        bs.executeUpdate("UPDATE acct SET bal = bal - 1 WHERE id = " + i);
                        bs.executeUpdate("UPDATE acct SET bal = bal + 1 WHERE id = " + (i + 1));
                        b.commit();
                    }
                    try (ResultSet rs = bs.executeQuery("SELECT sum(bal) FROM acct")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getLong(1)).isEqualTo(1000);
                    }
                }
            }
            Throwable t = greedy.get(60, TimeUnit.SECONDS);
            assertThat(t).isInstanceOf(SQLException.class);
            assertThat(((SQLException) t).getSQLState()).isEqualTo("53200");
        }
    }
}
