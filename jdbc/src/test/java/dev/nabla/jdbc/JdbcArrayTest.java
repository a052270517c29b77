package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Array;
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

/** DOUBLE[n] through JDBC: getArray/getObject give a java.sql.Array of double[], setObject(i, double[]) binds one. */
class JdbcArrayTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE e(id INTEGER, v DOUBLE[3])");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void arraysRoundTrip() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO e VALUES (?, ?)")) {
            p.setInt(1, 1);
            p.setObject(2, new double[] {1.0, 2.5, -3.0});
            p.executeUpdate();
            p.setInt(1, 2);
            p.setObject(2, new float[] {0.5f, 0f, 1f});
            p.executeUpdate();
            p.setInt(1, 3);
            p.setNull(2, Types.ARRAY);
            p.executeUpdate();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, v FROM e ORDER BY id")) {
            assertThat(rs.getMetaData().getColumnType(2)).isEqualTo(Types.ARRAY);
            assertThat(rs.getMetaData().getColumnTypeName(2)).isEqualTo("DOUBLE[3]");
            assertThat(rs.next()).isTrue();
            Array a = rs.getArray(2);
            assertThat((double[]) a.getArray()).containsExactly(1.0, 2.5, -3.0);
            assertThat(a.getBaseType()).isEqualTo(Types.DOUBLE);
            assertThat((double[]) a.getArray(2, 2)).containsExactly(2.5, -3.0);
            assertThat(rs.getObject(2)).isInstanceOf(Array.class);
            assertThat(rs.getString(2)).isEqualTo("[1.0, 2.5, -3.0]");
            assertThatThrownBy(() -> rs.getDouble(2)).isInstanceOf(SQLException.class);
            assertThat(rs.next()).isTrue();
            assertThat((double[]) rs.getArray("v").getArray()).containsExactly(0.5, 0.0, 1.0);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getArray(2)).isNull();
            assertThat(rs.wasNull()).isTrue();
            assertThatThrownBy(() -> rs.getArray(1)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void anArrayParameterIsAQueryVector() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("INSERT INTO e VALUES (1, [0, 0, 1]), (2, [1, 0, 0]), (3, [0, 1, 0])");
        }
        try (PreparedStatement p = conn.prepareStatement("SELECT id FROM e ORDER BY v <-> ? LIMIT 1")) {
            p.setObject(1, new double[] {0.9, 0.1, 0});
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            p.setObject(1, new double[] {1, 2});
            assertThatThrownBy(p::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("DOUBLE[3]");
        }
    }

    /** DOUBLE[] lists: getArray gives a Double[] (NULL elements as null), setObject takes double[] or Double[]. */
    @Test
    void listsRoundTrip() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE l(id INTEGER, v DOUBLE[])");
        }
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO l VALUES (?, ?)")) {
            p.setInt(1, 1);
            p.setObject(2, new Double[] {1.0, null, 3.0});
            p.executeUpdate();
            p.setInt(1, 2);
            p.setObject(2, new double[] {0.5});
            p.executeUpdate();
            p.setInt(1, 3);
            p.setNull(2, Types.ARRAY);
            p.executeUpdate();
            p.setInt(1, 4);
            p.setObject(2, "[]");
            p.executeUpdate();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, v, array_agg(id) OVER (ORDER BY id) FROM l ORDER BY id")) {
            assertThat(rs.getMetaData().getColumnType(2)).isEqualTo(Types.ARRAY);
            assertThat(rs.getMetaData().getColumnTypeName(2)).isEqualTo("DOUBLE[]");
            assertThat(rs.next()).isTrue();
            Array a = rs.getArray(2);
            assertThat((Double[]) a.getArray()).containsExactly(1.0, null, 3.0);
            assertThat((Double[]) a.getArray(2, 2)).containsExactly(null, 3.0);
            assertThat(a.getBaseType()).isEqualTo(Types.DOUBLE);
            assertThat(rs.getString(2)).isEqualTo("[1.0, NULL, 3.0]");
            // array_agg of an INTEGER column is an INTEGER[] (DuckDB's): Integer[]
            assertThat((Object[]) rs.getArray(3).getArray()).containsExactly(1);
            assertThat(rs.next()).isTrue();
            assertThat((Double[]) rs.getArray(2).getArray()).containsExactly(0.5);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getArray(2)).isNull();
            assertThat(rs.next()).isTrue();
            assertThat((Double[]) rs.getArray(2).getArray()).isEmpty();
            assertThat((Object[]) rs.getArray(3).getArray()).containsExactly(1, 2, 3, 4);
        }
        // a list read back binds again as a parameter
        try (PreparedStatement p = conn.prepareStatement("SELECT len(?::DOUBLE[]), CAST(? AS DOUBLE[])[2]")) {
            p.setObject(1, new Double[] {1.0, null});
            p.setArray(2, conn.createArrayOf("DOUBLE", new Object[] {4.0, 5.0}));
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(2);
                assertThat(rs.getDouble(2)).isEqualTo(5.0);
            }
        }
    }

    /** BIGINT[], INTEGER[] and VARCHAR[] lists: Long[]/Integer[]/String[] from getArray, bound from arrays and createArrayOf. */
    @Test
    void typedListsRoundTrip() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE tl(id INTEGER, b BIGINT[], i INTEGER[], t VARCHAR[])");
        }
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO tl VALUES (?, ?, ?, ?)")) {
            p.setInt(1, 1);
            p.setObject(2, new Long[] {5L, null, -7L});
            p.setObject(3, new long[] {1, 2});
            p.setObject(4, new String[] {"a", null, "b, c"});
            p.executeUpdate();
            p.setInt(1, 2);
            p.setArray(2, conn.createArrayOf("BIGINT", new Object[] {1, 2}));
            p.setArray(3, conn.createArrayOf("INTEGER", new Object[] {3}));
            p.setArray(4, conn.createArrayOf("VARCHAR", new Object[] {"x"}));
            p.executeUpdate();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT b, i, t FROM tl ORDER BY id")) {
            assertThat(rs.getMetaData().getColumnTypeName(3)).isEqualTo("VARCHAR[]");
            assertThat(rs.next()).isTrue();
            Array b = rs.getArray(1), i = rs.getArray(2), t = rs.getArray(3);
            assertThat((Object[]) b.getArray()).containsExactly(5L, null, -7L);
            assertThat(b.getBaseType()).isEqualTo(Types.BIGINT);
            assertThat((Object[]) i.getArray()).containsExactly(1, 2);
            assertThat(i.getBaseType()).isEqualTo(Types.INTEGER);
            assertThat((Object[]) t.getArray()).containsExactly("a", null, "b, c");
            assertThat(t.getBaseTypeName()).isEqualTo("VARCHAR");
            assertThat((Object[]) t.getArray(3, 1)).containsExactly("b, c");
            assertThat(rs.getString(3)).isEqualTo("[a, NULL, 'b, c']");
            assertThat(rs.next()).isTrue();
            assertThat((Object[]) rs.getArray(1).getArray()).containsExactly(1L, 2L);
            assertThat((Object[]) rs.getArray(3).getArray()).containsExactly("x");
        }
        assertThatThrownBy(() -> conn.createArrayOf("BIGINT", new Object[] {1.5}))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("not an integer");
    }
}
