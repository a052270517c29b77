package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact DECIMAL(p, s) through JDBC (issue 18's reproductions): setBigDecimal/getBigDecimal keep every
 * digit, sums are exact, and metadata reports DECIMAL with its precision and scale.
 */
class JdbcDecimalTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE acct(id INTEGER, amount DECIMAL(10,2), big NUMERIC(18,4))");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void tenInsertsOfOneTenthSumToExactlyOne() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO acct(id, amount) VALUES (?, ?)")) {
            for (int i = 0; i < 10; i++) {
                p.setInt(1, i);
                p.setBigDecimal(2, new BigDecimal("0.1"));
                p.addBatch();
            }
            p.executeBatch();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT SUM(amount), MIN(amount) FROM acct")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("1.00"));
            assertThat(rs.getObject(1)).isEqualTo(new BigDecimal("1.00"));
            assertThat(rs.getString(1)).isEqualTo("1.00");
            assertThat(rs.getDouble(1)).isEqualTo(1.0);
            assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal("0.10"));
        }
    }

    @Test
    void eighteenDigitsReadBackExactly() throws SQLException {
        BigDecimal v = new BigDecimal("12345678901234.5678");
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO acct(id, big) VALUES (1, ?)")) {
            p.setBigDecimal(1, v);
            p.executeUpdate();
        }
        try (PreparedStatement p = conn.prepareStatement("SELECT big, big + ? FROM acct WHERE big = ?")) {
            p.setBigDecimal(1, new BigDecimal("0.0001"));
            p.setBigDecimal(2, v);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal(1)).isEqualTo(v);
                assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal("12345678901234.5679"));
            }
        }
    }

    @Test
    void assignmentRoundsHalfAwayFromZeroAndOverflowIs22003() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO acct(id, amount) VALUES (?, ?)")) {
            p.setInt(1, 1);
            p.setBigDecimal(2, new BigDecimal("1.005"));
            p.executeUpdate();
            p.setInt(1, 2);
            p.setBigDecimal(2, new BigDecimal("-1.005"));
            p.executeUpdate();
            p.setInt(1, 3);
            p.setBigDecimal(2, new BigDecimal("123456789"));
            assertThatThrownBy(p::executeUpdate)
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22003"));
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT amount FROM acct ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("1.01"));
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("-1.01"));
            assertThat(rs.next()).isFalse();
        }
        try (Statement s = conn.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT CAST(1 AS DECIMAL(5,2)) / 0"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22012"));
        }
    }

    @Test
    void metadataReportsPrecisionAndScale() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT amount, big, amount * big FROM acct")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnType(1)).isEqualTo(Types.DECIMAL);
            assertThat(md.getColumnTypeName(1)).isEqualTo("DECIMAL(10,2)");
            assertThat(md.getPrecision(1)).isEqualTo(10);
            assertThat(md.getScale(1)).isEqualTo(2);
            assertThat(md.getColumnClassName(1)).isEqualTo(BigDecimal.class.getName());
            assertThat(md.getPrecision(2)).isEqualTo(18);
            assertThat(md.getScale(2)).isEqualTo(4);
            assertThat(md.getScale(3)).isEqualTo(6);
        }
        DatabaseMetaData meta = conn.getMetaData();
        try (ResultSet rs = meta.getColumns(null, null, "ACCT", "AMOUNT")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.DECIMAL);
            assertThat(rs.getInt("COLUMN_SIZE")).isEqualTo(10);
            assertThat(rs.getInt("DECIMAL_DIGITS")).isEqualTo(2);
        }
        boolean listed = false;
        try (ResultSet rs = meta.getTypeInfo()) {
            while (rs.next()) {
                if (rs.getInt("DATA_TYPE") == Types.DECIMAL) {
                    listed = true;
                    assertThat(rs.getString("TYPE_NAME")).isEqualTo("DECIMAL");
                    assertThat(rs.getInt("MAXIMUM_SCALE")).isEqualTo(38);
                    assertThat(rs.getInt("PRECISION")).isEqualTo(38);
                }
            }
        }
        assertThat(listed).isTrue();
    }

    @Test
    void thirtyEightDigitsReadBackExactlyAndSurviveAReopen(@TempDir Path dir) throws SQLException {
        // the reproduction: DECIMAL(30,2) 12345678901234567890.12 read back as 1.2345678901234567E+19
        String url = "jdbc:nabla:file:" + dir.resolve("wide.nabla");
        BigDecimal a = new BigDecimal("12345678901234567890.12");
        BigDecimal b = new BigDecimal("-9999999999999999999999999999.9999999999");
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE w(id INTEGER, x DECIMAL(30,2), y DECIMAL(38,10))");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO w VALUES (?, ?, ?)")) {
                p.setInt(1, 1);
                p.setBigDecimal(2, a);
                p.setBigDecimal(3, b);
                p.executeUpdate();
                p.setInt(1, 2);
                p.setObject(2, a.negate());
                p.setNull(3, Types.DECIMAL);
                p.executeUpdate();
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT x, y, SUM(x) OVER (), x * 2 FROM w ORDER BY id")) {
                ResultSetMetaData md = rs.getMetaData();
                assertThat(md.getColumnType(1)).isEqualTo(Types.DECIMAL);
                assertThat(md.getColumnTypeName(1)).isEqualTo("DECIMAL(30,2)");
                assertThat(md.getPrecision(2)).isEqualTo(38);
                assertThat(md.getScale(2)).isEqualTo(10);
                assertThat(md.getColumnTypeName(3)).isEqualTo("DECIMAL(38,2)");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal(1)).isEqualTo(a);
                assertThat(rs.getObject(1)).isEqualTo(a);
                assertThat(rs.getString(1)).isEqualTo("12345678901234567890.12");
                assertThat(rs.getBigDecimal(2)).isEqualTo(b);
                assertThat(rs.getBigDecimal(3)).isEqualTo(new BigDecimal("0.00"));
                assertThat(rs.getBigDecimal(4)).isEqualTo(new BigDecimal("24691357802469135780.24"));
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal(1)).isEqualTo(a.negate());
                assertThat(rs.getBigDecimal(2)).isNull();
            }
            try (ResultSet rs = c.getMetaData().getColumns(null, null, "W", "Y")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("DATA_TYPE")).isEqualTo(Types.DECIMAL);
                assertThat(rs.getInt("COLUMN_SIZE")).isEqualTo(38);
                assertThat(rs.getInt("DECIMAL_DIGITS")).isEqualTo(10);
            }
        }
        // the durable file keeps both words of every value
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT x, y FROM w WHERE x = 12345678901234567890.12")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1)).isEqualTo(a);
            assertThat(rs.getBigDecimal(2)).isEqualTo(b);
            assertThat(rs.next()).isFalse();
        }
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement p = c.prepareStatement("INSERT INTO w(id, x) VALUES (3, ?)")) {
            p.setBigDecimal(1, new BigDecimal("1E+29"));
            assertThatThrownBy(p::executeUpdate)
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22003"));
        }
    }

    @Test
    void setObjectWithDecimalTargetTypeStaysExact() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("SELECT CAST(? AS DECIMAL(10,2)) * 3")) {
            p.setObject(1, "0.1", Types.DECIMAL);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("0.30"));
            }
        }
    }

    /** The count of rows {@code amount = ?} matches with the given binder (one statement, re-executed). */
    private static int matches(PreparedStatement p, SqlBinder b) throws SQLException {
        b.bind(p);
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @FunctionalInterface
    private interface SqlBinder {
        void bind(PreparedStatement p) throws SQLException;
    }

    @Test
    void anUntypedParameterBesideADecimalKeepsItsOwnDigits() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("INSERT INTO acct(id, amount) VALUES (1, 0.11), (2, 1.00)");
        }
        // DuckDB 1.4.1 and PostgreSQL: 0.105 is not 0.11 (the parameter is not rounded to the column's scale first)
        try (PreparedStatement p = conn.prepareStatement("SELECT count(*) FROM acct WHERE amount = ?")) {
            assertThat(matches(p, q -> q.setBigDecimal(1, new BigDecimal("0.105"))))
                    .isZero();
            assertThat(matches(p, q -> q.setBigDecimal(1, new BigDecimal("0.11"))))
                    .isEqualTo(1);
            assertThat(matches(p, q -> q.setBigDecimal(1, new BigDecimal("0.110000"))))
                    .isEqualTo(1);
            assertThat(matches(p, q -> q.setString(1, "0.105"))).isZero();
            assertThat(matches(p, q -> q.setString(1, "0.11"))).isEqualTo(1);
            assertThat(matches(p, q -> q.setInt(1, 1))).isEqualTo(1);
            assertThat(matches(p, q -> q.setLong(1, 2))).isZero();
            assertThat(matches(p, q -> q.setDouble(1, 0.105))).isZero();
            assertThat(matches(p, q -> q.setDouble(1, 0.11))).isEqualTo(1);
            assertThat(matches(p, q -> q.setBigDecimal(1, new BigDecimal("0.105"))))
                    .isZero();
        }
        try (PreparedStatement p = conn.prepareStatement("SELECT count(*) FROM acct WHERE ? < amount")) {
            assertThat(matches(p, q -> q.setBigDecimal(1, new BigDecimal("0.109"))))
                    .isEqualTo(2);
            assertThat(matches(p, q -> q.setBigDecimal(1, new BigDecimal("0.111"))))
                    .isEqualTo(1);
        }
        // assignment still rounds to the column's scale (PostgreSQL's numeric assignment)
        try (PreparedStatement p = conn.prepareStatement("UPDATE acct SET amount = ? WHERE id = 2")) {
            p.setBigDecimal(1, new BigDecimal("0.105"));
            p.executeUpdate();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT amount FROM acct WHERE id = 2")) {
            rs.next();
            assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("0.11"));
        }
    }

    @Test
    void arithmeticWithAnUntypedParameterIsExactAtTheValuesScale() throws SQLException {
        // DuckDB 1.4.1: ? + 1.5::DECIMAL(10,2) with 1.005 is 2.505 (DECIMAL(12,3)), not 2.51
        try (PreparedStatement p = conn.prepareStatement("SELECT ? + CAST(1.5 AS DECIMAL(10,2))")) {
            p.setBigDecimal(1, new BigDecimal("1.005"));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("2.505"));
            }
            p.setString(1, "1.005");
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("2.505"));
            }
            p.setInt(1, 2);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("3.50"));
            }
            p.setBigDecimal(1, new BigDecimal("2.25"));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThat(rs.getBigDecimal(1)).isEqualTo(new BigDecimal("3.75"));
            }
            p.setDouble(1, 1.005);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThat(rs.getDouble(1)).isCloseTo(2.505, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(rs.getMetaData().getColumnType(1)).isEqualTo(Types.DOUBLE);
            }
        }
    }
}
