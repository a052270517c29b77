package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 18 item 9: isolation levels as metadata says, the scroll-sensitive warning, metadata before execute. */
class IsolationAndMetadataJdbcTest {
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
    void isolationLevelsAgreeWithMetadata() throws SQLException {
        var md = conn.getMetaData();
        // every level metadata calls supported can be set, and reads back as the level it runs at
        int[][] levels = {
            {Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED},
            {Connection.TRANSACTION_READ_COMMITTED, Connection.TRANSACTION_READ_COMMITTED},
            {Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE},
            {Connection.TRANSACTION_SERIALIZABLE, Connection.TRANSACTION_SERIALIZABLE}
        };
        for (int[] l : levels) {
            assertThat(md.supportsTransactionIsolationLevel(l[0])).isTrue();
            conn.setTransactionIsolation(l[0]);
            assertThat(conn.getTransactionIsolation()).isEqualTo(l[1]);
        }
        assertThatThrownBy(() -> conn.setTransactionIsolation(Connection.TRANSACTION_NONE))
                .isInstanceOf(SQLFeatureNotSupportedException.class);
    }

    @Test
    void scrollSensitiveIsDowngradedWithAWarning() throws SQLException {
        assertThat((Object) conn.getWarnings()).isNull();
        try (Statement s = conn.createStatement(ResultSet.TYPE_SCROLL_SENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
            assertThat(s.getResultSetType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
        }
        assertThat((Object) conn.getWarnings()).isNotNull();
        assertThat(conn.getWarnings().getMessage()).contains("TYPE_SCROLL_SENSITIVE");
        conn.clearWarnings();
        assertThat((Object) conn.getWarnings()).isNull();
    }

    @Test
    void preparedStatementMetadataBeforeExecute() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name VARCHAR, v DOUBLE)");
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, name AS who, v * 2 FROM t WHERE id = ?")) {
            ResultSetMetaData md = ps.getMetaData();
            assertThat(md).isNotNull();
            assertThat(md.getColumnCount()).isEqualTo(3);
            assertThat(md.getColumnLabel(2)).isEqualTo("who");
            assertThat(md.getColumnType(1)).isEqualTo(Types.INTEGER);
            assertThat(md.getColumnType(3)).isEqualTo(Types.DOUBLE);
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
            assertThat(ps.getMetaData()).isNull();
        }
    }

    @Test
    void executeUpdateOfReturningKeepsTheRowsAsKeys() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE t(id SERIAL, name VARCHAR)");
            assertThat(s.executeUpdate("INSERT INTO t(name) VALUES ('a'), ('b') RETURNING id"))
                    .isEqualTo(2);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getLong(1)).isEqualTo(1L);
                assertThat(keys.next()).isTrue();
                assertThat(keys.getLong(1)).isEqualTo(2L);
            }
        }
    }
}
