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
import java.sql.Time;
import java.sql.Types;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TIME through JDBC: setters, getters, getObject classes and metadata (java.sql.Time, LocalTime, Types.TIME). */
class JdbcTimeTest {
    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE shifts(id INTEGER, t TIME)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    @Test
    void settersStoreATimeOfDay() throws SQLException {
        Time withMillis = Time.valueOf("08:30:15");
        withMillis.setTime(withMillis.getTime() + 250);
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO shifts VALUES (?, ?)")) {
            p.setInt(1, 1);
            p.setTime(2, withMillis);
            p.executeUpdate();
            p.setInt(1, 2);
            p.setObject(2, LocalTime.of(23, 59, 59, 999_999_000));
            p.executeUpdate();
            p.setInt(1, 3);
            p.setString(2, "12:00");
            p.executeUpdate();
            p.setInt(1, 4);
            p.setObject(2, "07:05:03.5", Types.TIME);
            p.executeUpdate();
            p.setInt(1, 5);
            p.setNull(2, Types.TIME);
            p.executeUpdate();
        }
        List<String> text = new ArrayList<>();
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT t FROM shifts ORDER BY id")) {
            while (rs.next()) text.add(rs.getString(1));
        }
        assertThat(text).containsExactly("08:30:15.25", "23:59:59.999999", "12:00:00", "07:05:03.5", null);
    }

    @Test
    void gettersGiveTimeAndLocalTime() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("INSERT INTO shifts VALUES (1, '13:14:15.123456'), (2, NULL), (3, '24:00:00')");
            try (ResultSet rs = s.executeQuery("SELECT t FROM shifts ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, LocalTime.class)).isEqualTo(LocalTime.of(13, 14, 15, 123_456_000));
                assertThat(rs.getObject(1)).isInstanceOf(Time.class);
                Time t = rs.getTime(1);
                assertThat(t.toLocalTime()).isEqualTo(LocalTime.of(13, 14, 15));
                assertThat(Math.floorMod(t.getTime(), 1000L)).isEqualTo(123); // milliseconds kept
                assertThat(rs.getObject(1, Time.class)).isEqualTo(t);
                assertThat(rs.getString(1)).isEqualTo("13:14:15.123456");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getTime(1)).isNull();
                assertThat(rs.getObject(1, LocalTime.class)).isNull();
                assertThat(rs.wasNull()).isTrue();
                // 24:00:00 has no LocalTime: LocalTime.MAX, as pgjdbc
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, LocalTime.class)).isEqualTo(LocalTime.MAX);
                assertThat(rs.getString(1)).isEqualTo("24:00:00");
            }
        }
    }

    @Test
    void metadataSaysTime() throws SQLException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT t FROM shifts")) {
            ResultSetMetaData m = rs.getMetaData();
            assertThat(m.getColumnType(1)).isEqualTo(Types.TIME);
            assertThat(m.getColumnTypeName(1)).isEqualTo("TIME");
            assertThat(m.getColumnClassName(1)).isEqualTo(Time.class.getName());
            assertThat(m.getScale(1)).isEqualTo(6);
        }
        try (ResultSet cols = conn.getMetaData().getColumns(null, null, "SHIFTS", "T")) {
            assertThat(cols.next()).isTrue();
            assertThat(cols.getInt("DATA_TYPE")).isEqualTo(Types.TIME);
            assertThat(cols.getString("TYPE_NAME")).isEqualTo("TIME");
        }
        boolean listed = false;
        try (ResultSet info = conn.getMetaData().getTypeInfo()) {
            while (info.next()) listed |= info.getInt("DATA_TYPE") == Types.TIME;
        }
        assertThat(listed).isTrue();
    }

    @Test
    void anUntypedParameterTakesTheBoundTimesType() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("SELECT typeof(?), ?")) {
            p.setObject(1, LocalTime.NOON);
            p.setObject(2, LocalTime.of(6, 0));
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("time");
                assertThat(rs.getObject(2, LocalTime.class)).isEqualTo(LocalTime.of(6, 0));
                assertThat(rs.getMetaData().getColumnType(2)).isEqualTo(Types.TIME);
            }
        }
    }

    @Test
    void theTimeEscapeIsATimeLiteral() throws SQLException {
        assertThat(conn.nativeSQL("SELECT {t '10:11:12'}")).isEqualTo("SELECT TIME '10:11:12'");
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT {t '10:11:12'}")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, LocalTime.class)).isEqualTo(LocalTime.of(10, 11, 12));
        }
    }

    @Test
    void aStringThatIsNoTimeFails() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO shifts VALUES (1, ?)")) {
            p.setString(1, "noon");
            assertThatThrownBy(p::executeUpdate).isInstanceOf(SQLException.class);
        }
    }
}
