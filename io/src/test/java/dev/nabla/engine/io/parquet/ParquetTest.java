package dev.nabla.engine.io.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.engine.io.IoTestSupport;
import dev.nabla.storage.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTest {
    @TempDir
    Path dir;

    Database db;
    Session s;

    @BeforeEach
    void open() {
        db = IoTestSupport.database();
        s = db.connect();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Result q(String sql) {
        return s.execute(sql);
    }

    private String path(String name) {
        return dir.resolve(name).toString().replace('\\', '/');
    }

    @Test
    void roundTripKeepsTypesValuesAndNulls() {
        q("CREATE TABLE t (i BIGINT, n INTEGER, r REAL, d DOUBLE, s VARCHAR, b BOOLEAN, day DATE, ts TIMESTAMP)");
        q(
                "INSERT INTO t VALUES (1, 10, 1.5, 0.1, 'héllo', true, DATE '2024-03-01', TIMESTAMP '2024-03-01 10:11:12.123456'),"
                        + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), (-5, -7, -0.25, -1e300, '', false, DATE '1900-01-01', TIMESTAMP '1969-12-31 23:59:59')");
        q(
                "INSERT INTO t SELECT generate_series, 1, 2, generate_series * 0.5, 'x', false, DATE '2000-01-01', TIMESTAMP '2000-01-01 00:00:00' FROM generate_series(1, 5000)");
        String f = path("t.parquet");
        assertThat(q("COPY t TO '" + f + "' (FORMAT parquet)").updateCount()).isEqualTo(5003);
        Result r = q("SELECT * FROM read_parquet('" + f + "')");
        assertThat(r.columnTypes())
                .containsExactly(
                        DataType.BIGINT,
                        DataType.INTEGER,
                        DataType.REAL,
                        DataType.DOUBLE,
                        DataType.VARCHAR,
                        DataType.BOOLEAN,
                        DataType.DATE,
                        DataType.TIMESTAMP);
        assertThat(r.rowCount()).isEqualTo(5003);
        assertThat(q("SELECT count(*) FROM (SELECT * FROM t EXCEPT SELECT * FROM read_parquet('" + f + "')) x")
                        .get(0, 0))
                .isEqualTo(0L);
        assertThat(q("SELECT count(*) FROM (SELECT * FROM read_parquet('" + f + "') EXCEPT SELECT * FROM t) x")
                        .get(0, 0))
                .isEqualTo(0L);
        Result nulls = q("SELECT count(*) - count(s), count(*) - count(ts) FROM read_parquet('" + f + "')");
        assertThat(nulls.get(0, 0)).isEqualTo(1L);
        assertThat(nulls.get(0, 1)).isEqualTo(1L);
        assertThat(q("SELECT s FROM read_parquet('" + f + "') WHERE i = 1").get(0, 0))
                .isEqualTo("héllo");
    }

    @Test
    void blobsRoundTripAsUnannotatedBinary() {
        q("CREATE TABLE b (id INTEGER, v BLOB)");
        q("INSERT INTO b VALUES (1, x'00ff80'), (2, NULL), (3, x'')");
        String f = path("b.parquet");
        q("COPY b TO '" + f + "' (FORMAT parquet)");
        Result r = q("SELECT id, v FROM read_parquet('" + f + "') ORDER BY id");
        assertThat(r.columnTypes()).containsExactly(DataType.INTEGER, DataType.BLOB);
        assertThat((byte[]) r.get(0, 1)).containsExactly(0, -1, -128);
        assertThat(r.get(1, 1)).isNull();
        assertThat((byte[]) r.get(2, 1)).isEmpty();
    }

    @Test
    void csvToTableToParquetAndBack() throws Exception {
        String csv = path("in.csv");
        Files.writeString(Path.of(csv), "k,v,w\n1,2.5,a\n2,,b\n3,4.25,\n");
        String pq = path("out.parquet");
        q("COPY (SELECT * FROM read_csv('" + csv + "')) TO '" + pq + "' (FORMAT parquet, COMPRESSION gzip)");
        String back = path("back.csv");
        q("COPY (SELECT * FROM read_parquet('" + pq + "')) TO '" + back + "' (HEADER)");
        assertThat(Files.readString(Path.of(back))).isEqualTo("k,v,w\n1,2.5,a\n2,,b\n3,4.25,\n");
        q("CREATE TABLE again (k BIGINT, v DOUBLE, w VARCHAR)");
        assertThat(q("COPY again FROM '" + pq + "'").updateCount()).isEqualTo(3);
        assertThat(q("SELECT sum(v), count(w) FROM again").get(0, 0)).isEqualTo(6.75);
    }

    @Test
    void readsDuckDbWrittenFiles() throws Exception {
        String f = path("duck.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute(
                    "COPY (SELECT i::BIGINT AS i, i::INTEGER AS n, (i / 4)::DOUBLE AS x, i::FLOAT / 2 AS f, 'v' || i AS s, i % 2 = 0 AS even,"
                            + " DATE '2024-01-01' + i::INTEGER AS day, TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) SECOND AS ts,"
                            + " CASE WHEN i % 10 = 0 THEN NULL ELSE i END AS maybe, (i / 8)::DECIMAL(10, 3) AS dec"
                            + " FROM range(3000) t(i)) TO '" + f + "' (FORMAT parquet)");
        }
        Result r = q(
                "SELECT count(*), sum(i), sum(x), count(maybe), sum(dec), min(day), max(ts), sum(f) FROM read_parquet('"
                        + f + "')");
        assertThat(r.get(0, 0)).isEqualTo(3000L);
        assertThat(r.get(0, 1)).isEqualTo(2999L * 3000 / 2);
        assertThat(r.getDouble(0, 2)).isEqualTo(2999.0 * 3000 / 2 / 4);
        assertThat(r.get(0, 3)).isEqualTo(2700L);
        // DECIMAL(10,3) is read exactly, and its SUM is exact
        assertThat(r.get(0, 4)).isEqualTo(new java.math.BigDecimal("562312.500"));
        assertThat(r.get(0, 5)).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(r.get(0, 6)).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 49, 59));
        assertThat(r.getDouble(0, 7)).isEqualTo(2999.0 * 3000 / 2 / 2);
        Result t = q("SELECT * FROM read_parquet('" + f + "') LIMIT 1");
        assertThat(t.columnTypes())
                .containsExactly(
                        DataType.BIGINT,
                        DataType.INTEGER,
                        DataType.DOUBLE,
                        DataType.REAL,
                        DataType.VARCHAR,
                        DataType.BOOLEAN,
                        DataType.DATE,
                        DataType.TIMESTAMP,
                        DataType.BIGINT,
                        new dev.nabla.storage.DecimalType(10, 3));
    }

    @Test
    void duckDbReadsOurDecimalsExactly() throws Exception {
        String f = path("decimals.parquet");
        q("COPY (SELECT CAST(generate_series AS DECIMAL(12,2)) / 100 AS d, CAST(0.1 AS DECIMAL(4,2)) AS c"
                + " FROM generate_series(1, 1000)) TO '" + f + "' (FORMAT parquet)");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                var rs = st.executeQuery(
                        "SELECT sum(c), typeof(any_value(c)), max(d), typeof(any_value(d)) FROM read_parquet('" + f
                                + "')")) {
            rs.next();
            assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("100.00");
            assertThat(rs.getString(2)).isEqualTo("DECIMAL(4,2)");
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("10.00");
            assertThat(rs.getString(4)).startsWith("DECIMAL(18,");
        }
        Result back = q("SELECT sum(c), max(d) FROM read_parquet('" + f + "')");
        assertThat(back.get(0, 0)).isEqualTo(new java.math.BigDecimal("100.00"));
        assertThat((java.math.BigDecimal) back.get(0, 1)).isEqualByComparingTo(new java.math.BigDecimal("10"));
    }

    /** TIME is INT64 TIME(MICROS, not adjusted to UTC) both ways; DuckDB's writer uses the same annotation. */
    @Test
    void timeColumnsRoundTripWithDuckDb() throws Exception {
        String ours = path("times.parquet");
        String theirs = path("duck_times.parquet");
        q("COPY (SELECT * FROM (VALUES (1, TIME '00:00:00'), (2, TIME '12:34:56.789012'), (3, NULL),"
                + " (4, TIME '23:59:59.999999')) v(id, t)) TO '" + ours + "' (FORMAT parquet)");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            try (var rs = st.executeQuery(
                    "SELECT typeof(t), CAST(t AS VARCHAR) FROM read_parquet('" + ours + "') ORDER BY id")) {
                List<String> got = new java.util.ArrayList<>();
                while (rs.next()) got.add(rs.getString(1) + " " + rs.getString(2));
                assertThat(got)
                        .containsExactly("TIME 00:00:00", "TIME 12:34:56.789012", "TIME null", "TIME 23:59:59.999999");
            }
            st.execute("COPY (SELECT * FROM (VALUES (1, TIME '08:15:00.5'), (2, NULL)) v(id, t)) TO '" + theirs
                    + "' (FORMAT parquet)");
        }
        Result back = q("SELECT typeof(t), CAST(t AS VARCHAR) FROM read_parquet('" + theirs + "') ORDER BY id");
        assertThat(back.get(0, 0)).isEqualTo("time");
        assertThat(back.get(0, 1)).isEqualTo("08:15:00.5");
        assertThat(back.get(1, 1)).isNull();
    }

    /** TIMESTAMPTZ is TIMESTAMP(MICROS, isAdjustedToUTC=true) both ways: the instants survive, whatever the zones. */
    @Test
    void timestampTzColumnsRoundTripWithDuckDb() throws Exception {
        String ours = path("instants.parquet");
        String theirs = path("duck_instants.parquet");
        q("SET TimeZone = 'Europe/Berlin'");
        q("COPY (SELECT * FROM (VALUES (1, TIMESTAMPTZ '2024-01-01 12:00:00+00'), (2, TIMESTAMPTZ '2024-07-01"
                + " 23:30:00.123456-05'), (3, NULL)) v(id, t)) TO '" + ours + "' (FORMAT parquet)");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            try (var rs = st.executeQuery(
                    "SELECT typeof(t), CAST(t AS VARCHAR) FROM read_parquet('" + ours + "') ORDER BY id")) {
                List<String> got = new java.util.ArrayList<>();
                while (rs.next()) got.add(rs.getString(1) + " " + rs.getString(2));
                assertThat(got)
                        .containsExactly(
                                "TIMESTAMP WITH TIME ZONE 2024-01-01 12:00:00+00",
                                "TIMESTAMP WITH TIME ZONE 2024-07-02 04:30:00.123456+00",
                                "TIMESTAMP WITH TIME ZONE null");
            }
            st.execute("COPY (SELECT * FROM (VALUES (1, TIMESTAMPTZ '2024-03-31 01:30:00+00'), (2, NULL)) v(id, t))"
                    + " TO '" + theirs + "' (FORMAT parquet)");
        }
        Result back = q("SELECT typeof(t), CAST(t AS VARCHAR) FROM read_parquet('" + theirs + "') ORDER BY id");
        assertThat(back.get(0, 0)).isEqualTo("timestamp with time zone");
        // shown in this session's zone: 01:30 UTC is 03:30 summer time in Berlin
        assertThat(back.get(0, 1)).isEqualTo("2024-03-31 03:30:00+02");
        assertThat(back.get(1, 1)).isNull();
        q("SET TimeZone = 'UTC'");
    }

    @Test
    void duckDbReadsOurFiles() throws Exception {
        String f = path("ours.parquet");
        q(
                "COPY (SELECT generate_series AS i, generate_series * 0.5 AS x, 'r' || generate_series AS s FROM generate_series(1, 100)) TO '"
                        + f + "' (FORMAT parquet)");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*), sum(i), sum(x), max(s) FROM read_parquet('" + f + "')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(100);
            assertThat(rs.getLong(2)).isEqualTo(5050);
            assertThat(rs.getDouble(3)).isEqualTo(2525.0);
            assertThat(rs.getString(4)).isEqualTo("r99");
        }
    }

    @Test
    void zstdIsReportedAsUnsupported() throws Exception {
        String f = path("z.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("COPY (SELECT range AS i FROM range(10)) TO '" + f + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        assertThatThrownBy(() -> q("SELECT sum(i) FROM read_parquet('" + f + "')"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("uses ZSTD compression; supported: snappy, gzip, uncompressed");
    }

    @Test
    void badFiles() throws Exception {
        assertThatThrownBy(() -> q("SELECT * FROM read_parquet('" + path("none.parquet") + "')"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO))
                .hasMessageContaining("does not exist");
        Files.writeString(dir.resolve("junk.parquet"), "not parquet at all");
        assertThatThrownBy(() -> q("SELECT * FROM read_parquet('" + path("junk.parquet") + "')"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO))
                .hasMessageContaining("as Parquet");
    }

    /** DOUBLE[] and DOUBLE[n] columns are written as standard three-level LISTs, which DuckDB reads as DOUBLE[]. */
    @Test
    void listsAndArraysAreWrittenAsParquetLists() throws Exception {
        q("CREATE TABLE lp (id INTEGER, l DOUBLE[], a DOUBLE[2])");
        q("INSERT INTO lp VALUES (1, '[1, NULL, 2.5]', [1, 2]), (2, '[]', NULL), (3, NULL, [0.5, -1])");
        String f = path("lists.parquet");
        assertThat(q("COPY lp TO '" + f + "' (FORMAT parquet)").updateCount()).isEqualTo(3);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                java.sql.ResultSet rs =
                        st.executeQuery("SELECT id, l::VARCHAR, a::VARCHAR, typeof(l), len(l) FROM read_parquet('" + f
                                + "') ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("[1.0, NULL, 2.5]");
            assertThat(rs.getString(3)).isEqualTo("[1.0, 2.0]");
            assertThat(rs.getString(4)).isEqualTo("DOUBLE[]");
            assertThat(rs.getInt(5)).isEqualTo(3);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("[]");
            assertThat(rs.getString(3)).isNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isNull();
            assertThat(rs.getString(3)).isEqualTo("[0.5, -1.0]");
            assertThat(rs.next()).isFalse();
        }
        // and Nabla reads its own file back: both as DOUBLE[] lists
        var back = q("SELECT id, CAST(l AS VARCHAR), CAST(a AS VARCHAR), typeof(l), typeof(a) FROM read_parquet('" + f
                + "') ORDER BY id");
        assertThat(back.getString(0, 1)).isEqualTo("[1.0, NULL, 2.5]");
        assertThat(back.getString(0, 2)).isEqualTo("[1.0, 2.0]");
        assertThat(back.getString(0, 3)).isEqualTo("DOUBLE[]");
        assertThat(back.getString(1, 1)).isEqualTo("[]");
        assertThat(back.isNull(1, 2)).isTrue();
        assertThat(back.isNull(2, 1)).isTrue();
        assertThat(back.getString(2, 2)).isEqualTo("[0.5, -1.0]");
    }

    /**
     * DuckDB's LIST columns of numbers (DOUBLE[], INTEGER[], BIGINT[], FLOAT[], and DOUBLE[3] arrays, which it
     * writes as lists) read as DOUBLE[], NULL lists, empty lists and NULL elements included, over more rows than
     * one batch; a list of text is a clear 0A000.
     */
    @Test
    void duckDbListColumnsAreReadAsDoubleLists() throws Exception {
        String f = path("duck_lists.parquet"), g = path("duck_text_lists.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("COPY (SELECT i AS id,"
                    + " CASE WHEN i % 7 = 0 THEN NULL WHEN i % 7 = 1 THEN []::DOUBLE[]"
                    + " ELSE [i * 0.5, NULL, i]::DOUBLE[] END AS d,"
                    + " [i, i + 1]::INTEGER[] AS n, [i]::BIGINT[] AS b, [0.25]::FLOAT[] AS r,"
                    + " [i, 0, -i]::DOUBLE[3] AS a"
                    + " FROM range(5000) t(i)) TO '" + f + "' (FORMAT parquet)");
            st.execute("COPY (SELECT ['x', 'y'] AS s) TO '" + g + "' (FORMAT parquet)");
        }
        var r = q("SELECT id, CAST(d AS VARCHAR), CAST(n AS VARCHAR), CAST(b AS VARCHAR), CAST(r AS VARCHAR),"
                + " CAST(a AS VARCHAR), typeof(n) FROM read_parquet('" + f + "') WHERE id IN (0, 1, 2, 4999, 4997)"
                + " ORDER BY id");
        assertThat(r.rowCount()).isEqualTo(5);
        assertThat(r.isNull(0, 1)).isTrue();
        assertThat(r.getString(1, 1)).isEqualTo("[]");
        assertThat(r.getString(2, 1)).isEqualTo("[1.0, NULL, 2.0]");
        assertThat(r.getString(2, 2)).isEqualTo("[2.0, 3.0]");
        assertThat(r.getString(2, 3)).isEqualTo("[2.0]");
        assertThat(r.getString(2, 4)).isEqualTo("[0.25]");
        assertThat(r.getString(2, 5)).isEqualTo("[2.0, 0.0, -2.0]");
        assertThat(r.getString(2, 6)).isEqualTo("DOUBLE[]");
        assertThat(r.getString(4, 1)).isEqualTo("[]"); // 4999 % 7 = 1
        assertThat(r.getString(4, 2)).isEqualTo("[4999.0, 5000.0]");
        assertThat(r.getString(3, 1)).isEqualTo("[2498.5, NULL, 4997.0]");
        // every row: the sums over the unnested elements match the generated values
        var sums = q("SELECT count(*), sum(x) FROM read_parquet('" + f + "') AS p, unnest(p.n) AS u(x)");
        assertThat(sums.getLong(0, 0)).isEqualTo(10000);
        assertThat(sums.getDouble(0, 1)).isEqualTo(2.0 * (4999.0 * 5000 / 2) + 5000);
        var nulls = q("SELECT count(*) FILTER (WHERE d IS NULL), count(*) FILTER (WHERE len(d) = 0) FROM read_parquet('"
                + f + "')");
        assertThat(nulls.getLong(0, 0)).isEqualTo(715);
        assertThat(nulls.getLong(0, 1)).isEqualTo(715);
        assertThatThrownBy(() -> q("SELECT * FROM read_parquet('" + g + "')"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("only flat columns and lists of numbers");
    }
}
