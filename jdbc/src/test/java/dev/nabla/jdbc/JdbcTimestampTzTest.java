package dev.nabla.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TIMESTAMPTZ through JDBC: OffsetDateTime/Instant/ZonedDateTime in and out, getTimestamp as the instant, text in
 * the session's TimeZone, Types.TIMESTAMP_WITH_TIMEZONE in the metadata.
 */
class JdbcTimestampTzTest {
    private static final Instant NOON_UTC = Instant.parse("2024-01-01T12:00:00Z");

    private Connection conn;

    @BeforeEach
    void open() throws SQLException {
        conn = DriverManager.getConnection("jdbc:nabla:");
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE events(id INTEGER, at TIMESTAMPTZ)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        conn.close();
    }

    private void insert(int id, Object value) throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO events VALUES (?, ?)")) {
            p.setInt(1, id);
            p.setObject(2, value);
            p.executeUpdate();
        }
    }

    private List<String> texts() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = conn.createStatement();
                ResultSet r = s.executeQuery("SELECT at FROM events ORDER BY id")) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }

    @Test
    void settersTakeTheInstantWhateverItsOffset() throws SQLException {
        insert(1, OffsetDateTime.of(2024, 1, 1, 13, 0, 0, 0, ZoneOffset.ofHours(1)));
        insert(2, NOON_UTC);
        insert(3, ZonedDateTime.of(2024, 1, 1, 7, 0, 0, 0, ZoneId.of("America/New_York")));
        insert(4, "2024-01-01 12:00:00+00");
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO events VALUES (5, ?)")) {
            p.setObject(1, "2024-01-01T14:00+02:00", Types.TIMESTAMP_WITH_TIMEZONE);
            p.executeUpdate();
        }
        assertThat(texts()).containsOnly("2024-01-01 12:00:00+00");
        try (Statement s = conn.createStatement();
                ResultSet r = s.executeQuery("SELECT count(DISTINCT at) FROM events")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(1);
        }
    }

    @Test
    void gettersGiveTheInstantAtTheSessionZonesOffset() throws SQLException {
        insert(1, NOON_UTC);
        try (Statement s = conn.createStatement()) {
            s.execute("SET TimeZone = 'Europe/Berlin'");
            try (ResultSet r = s.executeQuery("SELECT at FROM events")) {
                r.next();
                OffsetDateTime o = r.getObject(1, OffsetDateTime.class);
                assertThat(o).isEqualTo(OffsetDateTime.of(2024, 1, 1, 13, 0, 0, 0, ZoneOffset.ofHours(1)));
                assertThat(r.getObject(1)).isEqualTo(o);
                assertThat(r.getObject(1, Instant.class)).isEqualTo(NOON_UTC);
                assertThat(r.getObject(1, ZonedDateTime.class).toInstant()).isEqualTo(NOON_UTC);
                assertThat(r.getTimestamp(1)).isEqualTo(Timestamp.from(NOON_UTC));
                assertThat(r.getObject(1, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 1, 1, 13, 0));
                assertThat(r.getString(1)).isEqualTo("2024-01-01 13:00:00+01");
            }
        }
        // a text without an offset is read in the session zone
        insert(2, "2024-07-01 12:00:00");
        assertThat(texts()).containsExactly("2024-01-01 13:00:00+01", "2024-07-01 12:00:00+02");
    }

    @Test
    void metadataSaysTimestampWithTimezone() throws SQLException {
        insert(1, NOON_UTC);
        try (Statement s = conn.createStatement();
                ResultSet r = s.executeQuery("SELECT at, now() FROM events")) {
            ResultSetMetaData md = r.getMetaData();
            for (int c = 1; c <= 2; c++) {
                assertThat(md.getColumnType(c)).isEqualTo(Types.TIMESTAMP_WITH_TIMEZONE);
                assertThat(md.getColumnTypeName(c)).isEqualTo("TIMESTAMP WITH TIME ZONE");
                assertThat(md.getColumnClassName(c)).isEqualTo(OffsetDateTime.class.getName());
                assertThat(md.getScale(c)).isEqualTo(6);
            }
        }
        DatabaseMetaData dmd = conn.getMetaData();
        try (ResultSet cols = dmd.getColumns(null, null, "EVENTS", "AT")) {
            boolean found = false;
            while (cols.next()) {
                found = true;
                assertThat(cols.getInt("DATA_TYPE")).isEqualTo(Types.TIMESTAMP_WITH_TIMEZONE);
            }
            if (!found) {
                try (ResultSet lower = dmd.getColumns(null, null, "events", "at")) {
                    assertThat(lower.next()).isTrue();
                    assertThat(lower.getInt("DATA_TYPE")).isEqualTo(Types.TIMESTAMP_WITH_TIMEZONE);
                }
            }
        }
        boolean listed = false;
        try (ResultSet types = dmd.getTypeInfo()) {
            while (types.next()) listed |= types.getInt("DATA_TYPE") == Types.TIMESTAMP_WITH_TIMEZONE;
        }
        assertThat(listed).isTrue();
    }

    @Test
    void anUntypedParameterBoundToAnInstantIsATimestampTz() throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("SELECT ?, typeof(?)")) {
            p.setObject(1, OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC));
            p.setObject(2, NOON_UTC);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                assertThat(r.getObject(1, Instant.class)).isEqualTo(NOON_UTC);
                assertThat(r.getString(2)).isEqualTo("timestamp with time zone");
            }
        }
    }
}
