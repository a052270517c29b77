package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UUID through JDBC: setObject(UUID), getObject → java.util.UUID, getString, metadata (Types.OTHER, as pgjdbc). */
class JdbcUuidTest {
    private Connection conn;
    private static final UUID A = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE items(id UUID PRIMARY KEY DEFAULT gen_random_uuid(), name VARCHAR)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void settersAndGetters() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
            p.setObject(1, A);
            p.setString(2, "a");
            p.executeUpdate();
            p.setString(1, "7FFFFFFF-FFFF-4FFF-8FFF-FFFFFFFFFFFF");
            p.setString(2, "b");
            p.executeUpdate();
            p.setObject(1, "00000000-0000-0000-0000-000000000001", Types.OTHER);
            p.setString(2, "c");
            p.executeUpdate();
            p.setString(1, "not a uuid");
            p.setString(2, "bad");
            assertThatThrownBy(p::executeUpdate)
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22P02"));
        }
        try (Statement s = conn.createStatement()) {
            s.executeUpdate("INSERT INTO items(name) VALUES ('generated')");
        }
        try (PreparedStatement p = conn.prepareStatement("SELECT id, name FROM items WHERE id = ?")) {
            p.setObject(1, A);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1)).isEqualTo(A);
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(A);
                assertThat(rs.getString(1)).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
                assertThat(rs.getString(2)).isEqualTo("a");
                assertThat(rs.next()).isFalse();
            }
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM items WHERE name <> 'generated' ORDER BY id")) {
            // unsigned byte order: 7fffffff-… before a0eebc99-…
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("00000000-0000-0000-0000-000000000001");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("7fffffff-ffff-4fff-8fff-ffffffffffff");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1)).isEqualTo(A);
            assertThat(rs.next()).isFalse();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM items WHERE name = 'generated'")) {
            assertThat(rs.next()).isTrue();
            UUID generated = rs.getObject(1, UUID.class);
            assertThat(generated.version()).isEqualTo(4);
            assertThat(generated.variant()).isEqualTo(2);
        }
    }

    @Test
    void metadataAndAnUntypedParameter() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("SELECT ?, typeof(?)")) {
            p.setObject(1, A);
            p.setObject(2, A);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1)).isEqualTo(A);
                assertThat(rs.getString(2)).isEqualTo("uuid");
                ResultSetMetaData m = rs.getMetaData();
                assertThat(m.getColumnType(1)).isEqualTo(Types.OTHER);
                assertThat(m.getColumnTypeName(1)).isEqualTo("UUID");
                assertThat(m.getColumnClassName(1)).isEqualTo(UUID.class.getName());
            }
        }
        try (ResultSet cols = conn.getMetaData().getColumns(null, null, "ITEMS", "ID")) {
            assertThat(cols.next()).isTrue();
            assertThat(cols.getInt("DATA_TYPE")).isEqualTo(Types.OTHER);
            assertThat(cols.getString("TYPE_NAME")).isEqualTo("UUID");
            assertThat(cols.getString("COLUMN_DEF")).isEqualTo("gen_random_uuid()");
        }
        boolean listed = false;
        try (ResultSet info = conn.getMetaData().getTypeInfo()) {
            while (info.next()) listed |= info.getString("TYPE_NAME").equals("UUID");
        }
        assertThat(listed).isTrue();
    }
}
