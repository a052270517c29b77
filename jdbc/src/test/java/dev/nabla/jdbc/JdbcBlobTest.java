package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BLOB values through JDBC: getBytes/getObject give byte[], setBytes binds one, metadata says VARBINARY. */
class JdbcBlobTest {
    private static final byte[] ALL = new byte[256];

    static {
        for (int i = 0; i < 256; i++) ALL[i] = (byte) i;
    }

    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE b(id INTEGER, v BLOB)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void literalReadsAsBytes() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT x'00ff80', CAST(NULL AS BLOB)")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).containsExactly(0, -1, -128);
            assertThat(rs.getObject(1)).isInstanceOf(byte[].class);
            assertThat((byte[]) rs.getObject(1)).containsExactly(0, -1, -128);
            assertThat(rs.getObject(1, byte[].class)).containsExactly(0, -1, -128);
            assertThat(rs.getString(1)).isEqualTo("\\x00FF80");
            assertThat(rs.getBytes(2)).isNull();
            assertThat(rs.wasNull()).isTrue();
            assertThat(rs.getMetaData().getColumnType(1)).isEqualTo(Types.VARBINARY);
            assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("BLOB");
            assertThat(rs.getMetaData().getColumnClassName(1)).isEqualTo("[B");
        }
    }

    @Test
    void setBytesRoundTripsEveryByteValue() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO b VALUES (?, ?)")) {
            p.setInt(1, 1);
            p.setBytes(2, ALL);
            p.executeUpdate();
            p.setInt(1, 2);
            p.setBytes(2, null);
            p.executeUpdate();
            p.setInt(1, 3);
            p.setBinaryStream(2, new ByteArrayInputStream(new byte[] {1, 2, 3}));
            p.executeUpdate();
            p.setInt(1, 4);
            p.setObject(2, new byte[0]);
            p.executeUpdate();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, v, length(v) FROM b ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(2)).isEqualTo(ALL);
            assertThat(rs.getLong(3)).isEqualTo(256);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(2)).isNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(2)).containsExactly(1, 2, 3);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(2)).isEmpty();
            assertThat(rs.getLong(3)).isZero();
        }
    }

    @Test
    void bytesParameterComparesWithBlobColumn() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("INSERT INTO b VALUES (1, x'0102'), (2, x'ff'), (3, x'0101')");
        }
        try (PreparedStatement p = conn.prepareStatement("SELECT id FROM b WHERE v = ? OR v > ? ORDER BY id")) {
            p.setBytes(1, new byte[] {1, 2});
            p.setBytes(2, new byte[] {(byte) 0x80});
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.next()).isFalse();
            }
            assertThat(p.getParameterMetaData().getParameterTypeName(1)).isEqualTo("BLOB");
        }
    }

    @Test
    void textParameterForBlobColumnIsItsUtf8() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO b VALUES (1, ?)")) {
            p.setString(1, "é");
            p.executeUpdate();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT v, hex(v) FROM b")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).containsExactly(0xC3 - 256, 0xA9 - 256);
            assertThat(rs.getString(2)).isEqualTo("C3A9");
        }
    }
}
