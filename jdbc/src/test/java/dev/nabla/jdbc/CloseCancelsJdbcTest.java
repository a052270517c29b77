package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing cancels (issue 17, item 5): Connection.close() and Statement.close() stop a running query; a dropped connection releases its lock. */
class CloseCancelsJdbcTest {
    private static final String SLOW =
            "SELECT count(*) FROM range(2000000) a, range(2000000) b WHERE a.range + b.range < 0";

    @Test
    void connectionCloseDoesNotWaitForTheRunningStatement() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:nabla:");
        Statement s = c.createStatement();
        CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
            try {
                return s.executeQuery(SLOW);
            } catch (SQLException e) {
                return e;
            }
        });
        Thread.sleep(300);
        long t0 = System.nanoTime();
        c.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(run.get(10, TimeUnit.SECONDS)).isInstanceOf(SQLException.class);
        assertThat(ms).as("close took %d ms", ms).isLessThan(5_000);
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void statementCloseStopsItsQuery() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:nabla:")) {
            Statement s = c.createStatement();
            CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.executeQuery(SLOW);
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            s.close();
            assertThat(run.get(10, TimeUnit.SECONDS)).isInstanceOf(SQLException.class);
            try (Statement t = c.createStatement()) {
                assertThat(t.executeQuery("SELECT 1").next()).isTrue();
            }
        }
    }

    @Test
    void aDroppedConnectionReleasesTheWriterLock() throws Exception {
        String url = "jdbc:nabla:mem:dropped" + System.nanoTime();
        try (Connection keeper = DriverManager.getConnection(url);
                Statement k = keeper.createStatement()) {
            k.execute("CREATE TABLE t(x INTEGER)");
            openTransactionAndDrop(url);
            k.execute("SET lock_timeout = 200");
            boolean written = false;
            for (int i = 0; i < 50 && !written; i++) {
                System.gc();
                try {
                    k.execute("INSERT INTO t VALUES (2)");
                    written = true;
                } catch (SQLException e) {
                    Thread.sleep(100);
                }
            }
            assertThat(written)
                    .as("the abandoned connection's writer lock was never released")
                    .isTrue();
            try (var r = k.executeQuery("SELECT count(*) FROM t")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(1); // the dropped transaction's row was rolled back
            }
        }
    }

    private static void openTransactionAndDrop(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        c.setAutoCommit(false);
        c.createStatement().execute("INSERT INTO t VALUES (1)");
    }
}
