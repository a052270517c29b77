package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Isolation levels over JDBC (issue 17, item 7): setTransactionIsolation and DatabaseMetaData agree; 40001 on a lost update. */
class IsolationJdbcTest {
    @Test
    void levelsAndMetadataAgree() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:nabla:")) {
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(c.getTransactionIsolation()).isEqualTo(md.getDefaultTransactionIsolation());
            int[][] cases = {
                {Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED},
                {Connection.TRANSACTION_READ_COMMITTED, Connection.TRANSACTION_READ_COMMITTED},
                {Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE},
                {Connection.TRANSACTION_SERIALIZABLE, Connection.TRANSACTION_SERIALIZABLE},
            };
            for (int[] k : cases) {
                assertThat(md.supportsTransactionIsolationLevel(k[0])).isTrue();
                c.setTransactionIsolation(k[0]);
                assertThat(c.getTransactionIsolation()).isEqualTo(k[1]);
            }
            assertThat(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE))
                    .isFalse();
        }
    }

    @Test
    void sqlSettingsAndJdbcLevelAgree() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:nabla:");
                Statement s = c.createStatement()) {
            s.execute("SET default_transaction_isolation = 'read committed'");
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            try (ResultSet rs = s.executeQuery("SHOW transaction_isolation")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("serializable");
            }
            c.setAutoCommit(false);
            s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
            try (ResultSet rs = s.executeQuery("SELECT current_setting('transaction_isolation')")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("read committed");
            }
            c.rollback();
            // SET TRANSACTION changed only that transaction
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        }
    }

    @Test
    void lostUpdateIsASerializationFailure() throws Exception {
        String url = "jdbc:nabla:mem:iso" + System.nanoTime();
        try (Connection a = DriverManager.getConnection(url);
                Connection b = DriverManager.getConnection(url);
                Statement sa = a.createStatement();
                Statement sb = b.createStatement()) {
            sa.execute("CREATE TABLE acct(id INTEGER PRIMARY KEY, bal INTEGER)");
            sa.execute("INSERT INTO acct VALUES (1, 50)");
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            long ra = read(sa), rb = read(sb);
            sa.executeUpdate("UPDATE acct SET bal = " + (ra + 10) + " WHERE id = 1");
            a.commit();
            SQLTransactionRollbackException e = assertThrows(
                    SQLTransactionRollbackException.class,
                    () -> sb.executeUpdate("UPDATE acct SET bal = " + (rb + 20) + " WHERE id = 1"));
            assertThat(e.getSQLState()).isEqualTo("40001");
            b.rollback();
            long again = read(sb);
            sb.executeUpdate("UPDATE acct SET bal = " + (again + 20) + " WHERE id = 1");
            b.commit();
            assertThat(read(sa)).isEqualTo(80);
        }
    }

    private static long read(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT bal FROM acct WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
