package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.io.Writer;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BLOB/BYTEA and text through the LOB API: createBlob/createClob, setBlob/setClob, getBlob/getClob/getNClob. */
class JdbcLobTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE docs(id INTEGER, body BYTEA, note TEXT)");
            s.execute("INSERT INTO docs VALUES (1, X'DEADBEEF', 'hello'), (2, NULL, NULL)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void createdLobsAreWrittenAndBound() throws Exception {
        Blob b = conn.createBlob();
        assertThat(b.setBytes(1, new byte[] {1, 2, 3})).isEqualTo(3);
        assertThat(b.setBytes(4, new byte[] {9, 9, 4}, 2, 1)).isEqualTo(1); // appends right after the end
        try (OutputStream out = b.setBinaryStream(2)) {
            out.write(new byte[] {7});
        }
        assertThat(b.getBytes(1, 10)).containsExactly(1, 7, 3, 4);
        Clob c = conn.createClob();
        c.setString(1, "clob text");
        try (Writer w = c.setCharacterStream(6)) {
            w.write("TEXT!");
        }
        assertThat(c.getSubString(1, 100)).isEqualTo("clob TEXT!");
        NClob n = conn.createNClob();
        n.setString(1, "ünïcode");
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO docs VALUES (?, ?, ?)")) {
            p.setInt(1, 3);
            p.setBlob(2, b);
            p.setClob(3, c);
            p.executeUpdate();
            p.setInt(1, 4);
            p.setBlob(2, new java.io.ByteArrayInputStream(new byte[] {5}));
            p.setNClob(3, n);
            p.executeUpdate();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT hex(body), note FROM docs WHERE id >= 3 ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("01070304");
            assertThat(rs.getString(2)).isEqualTo("clob TEXT!");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("05");
            assertThat(rs.getString(2)).isEqualTo("ünïcode");
        }
    }

    @Test
    void getBlobAndGetClobReadValues() throws Exception {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT body, note FROM docs ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            Blob b = rs.getBlob(1);
            assertThat(b.length()).isEqualTo(4);
            assertThat(b.getBytes(2, 2)).containsExactly(0xAD, 0xBE);
            assertThat(b.position(new byte[] {(byte) 0xBE}, 1)).isEqualTo(3);
            assertThat(b.getBinaryStream().readAllBytes()).containsExactly(0xDE, 0xAD, 0xBE, 0xEF);
            b.setBytes(1, new byte[] {0}); // a copy: the row is unchanged
            assertThat(rs.getBytes(1)).containsExactly(0xDE, 0xAD, 0xBE, 0xEF);
            b.truncate(1);
            assertThat(b.length()).isEqualTo(1);
            Clob c = rs.getClob("note");
            assertThat(c.length()).isEqualTo(5);
            assertThat(c.getSubString(2, 3)).isEqualTo("ell");
            assertThat(c.position("lo", 1)).isEqualTo(4);
            assertThat(new BufferedReader(c.getCharacterStream()).readLine()).isEqualTo("hello");
            assertThat(rs.getNClob(2).getSubString(1, 5)).isEqualTo("hello");
            b.free();
            assertThatThrownBy(b::length).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> c.getSubString(0, 1)).isInstanceOf(SQLException.class);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBlob(1)).isNull();
            assertThat(rs.getClob(2)).isNull();
            assertThat(rs.wasNull()).isTrue();
        }
    }
}
