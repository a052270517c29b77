package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection.setSavepoint / rollback(Savepoint) / releaseSavepoint, backed by SQL SAVEPOINT. */
class SavepointJdbcTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    private long count() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void rollbackToNamedAndUnnamedSavepoints() throws SQLException {
        conn.setAutoCommit(false);
        exec("INSERT INTO t VALUES (1)");
        Savepoint a = conn.setSavepoint("Mixed Case");
        assertThat(a.getSavepointName()).isEqualTo("Mixed Case");
        assertThatThrownBy(a::getSavepointId).isInstanceOf(SQLException.class);
        exec("INSERT INTO t VALUES (2)");
        Savepoint b = conn.setSavepoint();
        assertThatThrownBy(b::getSavepointName).isInstanceOf(SQLException.class);
        exec("INSERT INTO t VALUES (3)");
        exec("CREATE TABLE later(x INTEGER)");
        conn.rollback(b);
        assertThat(count()).isEqualTo(2);
        assertThatThrownBy(() -> exec("SELECT * FROM later")).isInstanceOf(SQLException.class);
        conn.rollback(a);
        assertThat(count()).isEqualTo(1);
        // b was destroyed by rolling back to the earlier a
        assertThatThrownBy(() -> conn.rollback(b))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("does not exist");
        conn.commit();
        conn.setAutoCommit(true);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void savepointFirstOpensTheTransaction() throws SQLException {
        conn.setAutoCommit(false);
        Savepoint sp = conn.setSavepoint("first");
        exec("INSERT INTO t VALUES (1)");
        conn.rollback(sp);
        assertThat(count()).isZero();
        exec("INSERT INTO t VALUES (2)");
        conn.rollback();
        assertThat(count()).isZero();
    }

    @Test
    void releaseKeepsChangesAndForgetsTheSavepoint() throws SQLException {
        conn.setAutoCommit(false);
        Savepoint sp = conn.setSavepoint("s");
        exec("INSERT INTO t VALUES (1)");
        conn.releaseSavepoint(sp);
        assertThatThrownBy(() -> conn.rollback(sp)).isInstanceOf(SQLException.class);
        conn.commit();
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void autocommitAndForeignSavepointsAreRejected() throws SQLException {
        assertThatThrownBy(() -> conn.setSavepoint("x"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("autocommit");
        conn.setAutoCommit(false);
        try (Connection other = DriverManager.getConnection("jdbc:nabla:")) {
            other.setAutoCommit(false);
            Savepoint foreign = other.setSavepoint("x");
            assertThatThrownBy(() -> conn.rollback(foreign)).isInstanceOf(SQLException.class);
        }
    }
}
