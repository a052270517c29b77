package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC paths coverage showed no test reached: every getter on SQL NULL (null or zero, and wasNull), the typed
 * accessors of rare target classes, conversion errors with their SQLSTATE, and setters given null or unusual Java
 * types. These are also the paths NullAway's annotations describe (a getter may return null; a setter takes null).
 */
class JdbcNullsAndConversionsTest {
    private static final String ALL_TYPES =
            "i INTEGER, b BIGINT, d DOUBLE, s VARCHAR, f BOOLEAN, dt DATE, ts TIMESTAMP, bl BLOB";
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE t(" + ALL_TYPES + ")");
            s.execute("INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void everyGetterOnNullGivesNullOrZeroAndSetsWasNull() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM t")) {
            assertThat(rs.next()).isTrue();
            for (int c = 1; c <= 8; c++) {
                String label = rs.getMetaData().getColumnLabel(c);
                assertThat(rs.getString(c)).isNull();
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getNString(c)).isNull();
                assertThat(rs.getObject(c)).isNull();
                assertThat(rs.getObject(c, String.class)).isNull();
                assertThat(rs.getBigDecimal(c)).isNull();
                assertThat(rs.getBytes(c)).isNull();
                assertThat(rs.getDate(c)).isNull();
                assertThat(rs.getTime(c)).isNull();
                assertThat(rs.getTimestamp(c)).isNull();
                assertThat(rs.getCharacterStream(c)).isNull();
                assertThat(rs.getAsciiStream(c)).isNull();
                assertThat(rs.getBinaryStream(c)).isNull();
                assertThat(rs.getURL(c)).isNull();
                assertThat(rs.getInt(c)).isZero();
                assertThat(rs.getLong(c)).isZero();
                assertThat(rs.getDouble(c)).isZero();
                assertThat(rs.getBoolean(c)).isFalse();
                assertThat(rs.wasNull()).isTrue();
                // the by-label forms go through findColumn to the same getters
                assertThat(rs.getString(label)).isNull();
                assertThat(rs.getObject(label)).isNull();
                assertThat(rs.getTimestamp(label)).isNull();
                assertThat(rs.getBigDecimal(label)).isNull();
                assertThat(rs.getBytes(label)).isNull();
            }
        }
    }

    @Test
    void typedAccessorsOfRareTargetClasses() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT 7 AS i, TIMESTAMP '2024-02-29 13:14:15' AS ts, DATE '2024-03-01' AS dt, 12.5 AS d, 'yes' AS s")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject("i", Short.class)).isEqualTo((short) 7);
            assertThat(rs.getObject("i", Byte.class)).isEqualTo((byte) 7);
            assertThat(rs.getObject("i", BigInteger.class)).isEqualTo(BigInteger.valueOf(7));
            assertThat(rs.getObject("d", Float.class)).isEqualTo(12.5f);
            assertThat(rs.getObject("d", BigDecimal.class)).isEqualByComparingTo("12.5");
            assertThat(rs.getObject("s", Boolean.class)).isTrue();
            assertThat(rs.getObject("ts", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 15));
            assertThat(rs.getObject("ts", LocalTime.class)).isEqualTo(LocalTime.of(13, 14, 15));
            assertThat(rs.getObject("ts", Instant.class)).isEqualTo(Instant.parse("2024-02-29T13:14:15Z"));
            assertThat(rs.getObject("ts", OffsetDateTime.class))
                    .isEqualTo(OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 0, ZoneOffset.UTC));
            assertThat(rs.getObject("dt", LocalDate.class)).isEqualTo(LocalDate.of(2024, 3, 1));
            assertThat(rs.getObject("dt", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
            assertThat(rs.getBigDecimal("d", 0)).isEqualByComparingTo("13"); // HALF_UP
        }
    }

    @Test
    void conversionErrorsAreSqlDataExceptionsWithSqlstate22P02() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT 'abc' AS s, 1e19 AS big, 3000000000 AS wide, 'http://a b' AS u")) {
            assertThat(rs.next()).isTrue();
            assertConversionError(() -> rs.getLong("s"), "'abc'");
            assertConversionError(() -> rs.getDouble("s"), "'abc'");
            assertConversionError(() -> rs.getBoolean("s"), "'abc'");
            assertConversionError(() -> rs.getDate("s"), "'abc'");
            assertConversionError(() -> rs.getTimestamp("s"), "'abc'");
            assertConversionError(() -> rs.getBigDecimal("s"), "'abc'");
            assertConversionError(() -> rs.getLong("big"), "BIGINT"); // beyond 2^63
            assertConversionError(() -> rs.getInt("wide"), "INTEGER"); // beyond 2^31
            assertConversionError(() -> rs.getURL("u"), "URL");
            assertConversionError(() -> rs.getObject("s", Thread.class), "Thread");
            assertThatThrownBy(() -> rs.getObject("s", (Class<?>) null))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("22023");
            // getBlob of text is its UTF-8 bytes, as getBytes
            assertThat(rs.getBlob("s").getBytes(1, 3))
                    .isEqualTo("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void settersTakeNullAndUnusualJavaTypes() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setNull(1, Types.INTEGER);
            p.setObject(2, new BigInteger("123456789012"));
            p.setObject(3, new BigDecimal("0.25"));
            p.setString(4, null);
            p.setObject(5, "yes", Types.BOOLEAN);
            p.setObject(6, "2024-02-29", Types.DATE);
            p.setObject(7, ZonedDateTime.of(2024, 2, 29, 14, 0, 0, 0, ZoneOffset.ofHours(1)));
            p.setBytes(8, null);
            assertThat(p.executeUpdate()).isEqualTo(1);
            p.setObject(1, "42", Types.INTEGER);
            p.setObject(2, (short) 5);
            p.setObject(3, 0.5f);
            p.setObject(4, Instant.parse("1970-01-01T00:00:00Z"), Types.VARCHAR);
            p.setObject(5, null);
            p.setBlob(6, (java.sql.Blob) null);
            p.setClob(7, (java.sql.Clob) null);
            p.setObject(8, new byte[] {1, 2});
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT b, d, s, f, dt, ts FROM t WHERE b = 123456789012")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(123456789012L);
            assertThat(rs.getDouble(2)).isEqualTo(0.25);
            assertThat(rs.getString(3)).isNull();
            assertThat(rs.getBoolean(4)).isTrue();
            assertThat(rs.getObject(5, LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
            // a zoned time is stored as its UTC instant
            assertThat(rs.getObject(6, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 0));
            assertThat(rs.next()).isFalse();
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT i, d, s, f, dt, bl FROM t WHERE b = 5")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThat(rs.getDouble(2)).isEqualTo(0.5);
            // an Instant's text is a TIMESTAMPTZ's (with its +00 offset)
            assertThat(rs.getString(3)).isEqualTo("1970-01-01 00:00:00+00");
            assertThat(rs.getObject(4)).isNull();
            assertThat(rs.getDate(5)).isNull();
            assertThat(rs.getBytes(6)).containsExactly(1, 2);
        }
        try (PreparedStatement p = conn.prepareStatement("SELECT ?")) {
            assertThatThrownBy(() -> p.setObject(1, new Object()))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("22023");
            assertThatThrownBy(() -> p.setObject(1, 1, Types.STRUCT))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
        }
    }

    private static void assertConversionError(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String mentions) {
        assertThatThrownBy(call)
                .isInstanceOf(SQLDataException.class)
                .hasMessageContaining(mentions)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("22P02");
    }
}
