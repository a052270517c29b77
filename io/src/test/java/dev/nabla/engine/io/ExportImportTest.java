package dev.nabla.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EXPORT DATABASE / IMPORT DATABASE: round trips, DuckDB reading ours and us reading DuckDB's. */
class ExportImportTest {
    @TempDir
    Path dir;

    static List<String> rows(Session s, String sql) {
        Result r = s.execute(sql);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < r.columnCount(); c++) {
                if (c > 0) sb.append('|');
                sb.append(Result.display(r.get(i, c)));
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** The database as the DDL and INSERTs that rebuild it, plus every sequence's next value. */
    static List<String> dump(Session s) {
        List<String> out = rows(s, "SELECT sql FROM nabla_ddl(data => true) ORDER BY 1");
        return out;
    }

    private static void schema(Session s) {
        s.execute("CREATE SEQUENCE ids START WITH 10 INCREMENT BY 5");
        s.execute("SELECT nextval('ids'), nextval('ids')");
        s.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, price DECIMAL(10,2),"
                + " v DOUBLE[3], x INTEGER DEFAULT nextval('ids'), CHECK (id > 0))");
        s.execute("CREATE TABLE child(id INTEGER GENERATED ALWAYS AS IDENTITY, pid INTEGER REFERENCES parent(id),"
                + " tag VARCHAR UNIQUE, at TIMESTAMP, d DATE, b BLOB, ok BOOLEAN, r REAL, big BIGINT)");
        s.execute("CREATE INDEX child_pid ON child(pid)");
        s.execute("INSERT INTO parent(id, name, price, v) VALUES (1, 'a', 1.5, [1.0, 2.0, 3.0]), (2, '', NULL, NULL)");
        s.execute("INSERT INTO parent VALUES (3, 'x,\"y''\nz', -2.25, [CAST('-0.0' AS DOUBLE), 'NaN'::DOUBLE,"
                + " 'Infinity'::DOUBLE], NULL)");
        s.execute("INSERT INTO child(pid, tag, at, d, b, ok, r, big) VALUES"
                + " (1, 'p', TIMESTAMP '2024-01-02 03:04:05.123456', DATE '2024-02-29', '\\x00FF'::BLOB, true, 0.5,"
                + " 9223372036854775807), (NULL, '', NULL, NULL, NULL, NULL, NULL, NULL), (2, NULL, NULL, NULL, NULL,"
                + " false, -1e30, -9223372036854775808)");
        s.execute("DELETE FROM child WHERE tag = 'p'");
        s.execute("CREATE VIEW cheap AS SELECT name FROM parent WHERE price < 2");
        s.execute("CREATE VIEW cheapest AS SELECT min(name) AS n FROM cheap");
    }

    @Test
    void roundTripKeepsEverything() {
        Database a = IoTestSupport.database();
        Session s = a.connect();
        schema(s);
        Path out = dir.resolve("exp");
        s.execute("EXPORT DATABASE '" + out + "'");
        assertThat(out.resolve("schema.sql")).exists();
        assertThat(out.resolve("load.sql")).exists();
        assertThat(out.resolve("parent.csv")).exists();
        assertThat(out.resolve("child.csv")).exists();
        Database b = IoTestSupport.database();
        Session t = b.connect();
        t.execute("IMPORT DATABASE '" + out + "'");
        assertThat(dump(t)).isEqualTo(dump(s));
        // sequences continue where they were: the plain one and the identity
        assertThat(rows(t, "SELECT nextval('ids')")).isEqualTo(rows(s, "SELECT nextval('ids')"));
        t.execute("INSERT INTO child(tag) VALUES ('new')");
        s.execute("INSERT INTO child(tag) VALUES ('new')");
        assertThat(rows(t, "SELECT id FROM child WHERE tag = 'new'"))
                .isEqualTo(rows(s, "SELECT id FROM child WHERE tag = 'new'"));
        // constraints came back
        assertThatThrownBy(() -> t.execute("INSERT INTO parent(id, name) VALUES (1, 'dup')"))
                .isInstanceOf(NablaException.class);
        assertThatThrownBy(() -> t.execute("INSERT INTO child(pid) VALUES (99)"))
                .isInstanceOf(NablaException.class);
        assertThatThrownBy(() -> t.execute("INSERT INTO parent(id, name) VALUES (-1, 'neg')"))
                .isInstanceOf(NablaException.class);
        assertThat(rows(t, "SELECT n FROM cheapest")).containsExactly("a");
    }

    /** With a database file ATTACHed: COPY reaches o.t, and EXPORT exports the session's own database even after USE. */
    @Test
    void copyIntoAnAttachedFileAndExportAfterUse() throws Exception {
        Session s = IoTestSupport.database().connect();
        s.execute("CREATE TABLE t(x INTEGER)");
        s.execute("INSERT INTO t VALUES (1)");
        java.nio.file.Files.writeString(dir.resolve("in.csv"), "x\n5\n6\n");
        s.execute("ATTACH '" + dir.resolve("o.nabla") + "' AS o");
        s.execute("CREATE TABLE o.t(x INTEGER)");
        s.execute("COPY o.t FROM '" + dir.resolve("in.csv") + "'");
        assertThat(rows(s, "SELECT sum(x) FROM o.t")).containsExactly("11");
        s.execute("COPY o.t TO '" + dir.resolve("out.csv") + "'");
        assertThat(dir.resolve("out.csv")).content().isEqualTo("x\n5\n6\n");
        s.execute("USE o");
        Path out = dir.resolve("export");
        s.execute("EXPORT DATABASE '" + out + "'");
        assertThat(out.resolve("t.csv")).content().isEqualTo("x\n1\n");
        s.close();
    }

    @Test
    void parquetRoundTrip() {
        Database a = IoTestSupport.database();
        Session s = a.connect();
        s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, s VARCHAR, d DECIMAL(18,4), x DOUBLE, ts TIMESTAMP)");
        s.execute("INSERT INTO t VALUES (1, 'a', 12345678901234.5678, 0.1, TIMESTAMP '2020-01-01 00:00:00'),"
                + " (2, '', NULL, NULL, NULL), (3, NULL, -0.0001, 'NaN', NULL)");
        Path out = dir.resolve("pq");
        s.execute("EXPORT DATABASE '" + out + "' (FORMAT parquet)");
        assertThat(out.resolve("t.parquet")).exists();
        Session t = IoTestSupport.database().connect();
        t.execute("IMPORT DATABASE '" + out + "'");
        assertThat(dump(t)).isEqualTo(dump(s));
    }

    @Test
    void randomizedSchemasRoundTrip() {
        long seed = Long.getLong("nabla.export.seed", System.nanoTime());
        System.out.println("ExportImportTest.randomizedSchemasRoundTrip seed=" + seed);
        Random rnd = new Random(seed);
        String[] types = {
            "INTEGER",
            "BIGINT",
            "DOUBLE",
            "REAL",
            "VARCHAR",
            "BOOLEAN",
            "DATE",
            "TIMESTAMP",
            "TIME",
            "TIMESTAMPTZ",
            "DECIMAL(12,3)",
            "DOUBLE[2]",
            "BLOB",
            "SMALLINT"
        };
        for (int round = 0; round < 6; round++) {
            Session s = IoTestSupport.database().connect();
            int tables = 1 + rnd.nextInt(3);
            for (int ti = 0; ti < tables; ti++) {
                int width = 1 + rnd.nextInt(6);
                List<String> cols = new ArrayList<>();
                List<String> colTypes = new ArrayList<>();
                for (int c = 0; c < width; c++) {
                    String ty = types[rnd.nextInt(types.length)];
                    colTypes.add(ty);
                    cols.add("c" + c + " " + ty + (rnd.nextInt(5) == 0 ? " NOT NULL" : ""));
                }
                String name = rnd.nextBoolean() ? "t" + ti : "\"T " + ti + "\"";
                s.execute("CREATE TABLE " + name + "(" + String.join(", ", cols) + ")");
                int n = rnd.nextInt(40);
                for (int r = 0; r < n; r++) {
                    List<String> vals = new ArrayList<>();
                    for (int c = 0; c < width; c++) {
                        boolean notNull = cols.get(c).endsWith("NOT NULL");
                        vals.add(!notNull && rnd.nextInt(4) == 0 ? "NULL" : value(rnd, colTypes.get(c)));
                    }
                    s.execute("INSERT INTO " + name + " VALUES (" + String.join(", ", vals) + ")");
                }
            }
            // the exporting session's zone must not change the instants written
            if (rnd.nextBoolean()) s.execute("SET TimeZone = 'America/St_Johns'");
            Path out = dir.resolve("r" + round);
            s.execute("EXPORT DATABASE '" + out + "'");
            Session t = IoTestSupport.database().connect();
            t.execute("IMPORT DATABASE '" + out + "'");
            assertThat(dump(t)).as("seed %d round %d", seed, round).isEqualTo(dump(s));
        }
    }

    private static String value(Random rnd, String type) {
        return switch (type) {
            case "INTEGER" -> Integer.toString(rnd.nextInt());
            case "SMALLINT" -> Integer.toString(rnd.nextInt(-32768, 32768));
            case "BIGINT" -> Long.toString(rnd.nextLong());
            case "DOUBLE" ->
                switch (rnd.nextInt(6)) {
                    case 0 -> "'NaN'::DOUBLE";
                    case 1 -> "'-Infinity'::DOUBLE";
                    case 2 -> "CAST('-0.0' AS DOUBLE)";
                    default -> Double.toString(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
                };
            case "REAL" -> Float.toString((float) rnd.nextGaussian());
            case "VARCHAR" -> {
                String[] pick = {"", " ", "a,b", "\"q\"", "line\nbreak", "ünï", "NULL", "x'y", "tab\t"};
                yield "'" + pick[rnd.nextInt(pick.length)].replace("'", "''") + "'";
            }
            case "BOOLEAN" -> rnd.nextBoolean() ? "true" : "false";
            case "DATE" -> "DATE '" + java.time.LocalDate.ofEpochDay(rnd.nextInt(-20000, 40000)) + "'";
            case "TIMESTAMP" ->
                "TIMESTAMP '"
                        + java.time.LocalDateTime.ofEpochSecond(
                                        rnd.nextLong(0, 4_000_000_000L), 0, java.time.ZoneOffset.UTC)
                                .plusNanos(rnd.nextInt(1_000_000) * 1000L)
                                .toString()
                                .replace('T', ' ')
                        + "'";
            // any microsecond of the day, 24:00:00 included
            case "TIME" ->
                "TIME '" + dev.nabla.storage.TimeOfDay.format(rnd.nextLong(0, dev.nabla.storage.TimeOfDay.END + 1))
                        + "'";
            // any microsecond written at a random offset (stored as the instant; exported as UTC text with +00)
            case "TIMESTAMPTZ" ->
                "TIMESTAMPTZ '"
                        + dev.nabla.storage.Instants.format(
                                rnd.nextLong(-2_000_000_000_000_000L, 4_000_000_000_000_000L),
                                java.time.ZoneOffset.ofTotalSeconds(rnd.nextInt(-14 * 3600, 14 * 3600 + 1)))
                        + "'";
            case "DECIMAL(12,3)" ->
                java.math.BigDecimal.valueOf(rnd.nextLong(-999_999_999_999L, 999_999_999_999L), 3)
                        .toPlainString();
            case "DOUBLE[2]" -> "[" + rnd.nextGaussian() + ", " + (rnd.nextBoolean() ? "'NaN'::DOUBLE" : "1e300") + "]";
            case "BLOB" ->
                "'\\x" + Integer.toHexString(rnd.nextInt(1 << 20) | (1 << 20)).toUpperCase() + "'::BLOB";
            default -> throw new IllegalArgumentException(type);
        };
    }

    @Test
    void duckDbImportsOurExport() throws Exception {
        Session s = IoTestSupport.database().connect();
        s.execute("CREATE SEQUENCE seq START WITH 3");
        s.execute("SELECT nextval('seq')");
        s.execute("CREATE TABLE p(id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, price DECIMAL(10,2), v DOUBLE[2],"
                + " d DATE, ts TIMESTAMP, ok BOOLEAN, n BIGINT DEFAULT nextval('seq'), CHECK (id > 0))");
        s.execute("CREATE TABLE c(pid INTEGER REFERENCES p(id), tag VARCHAR UNIQUE)");
        s.execute("INSERT INTO p(id, name, price, v, d, ts, ok) VALUES (1, 'a', 1.5, [1.0, 2.5], DATE '2024-02-29',"
                + " TIMESTAMP '2024-01-02 03:04:05', true), (2, '', NULL, NULL, NULL, NULL, NULL)");
        s.execute("INSERT INTO p VALUES (3, 'x,\"y', -2.25, [0.0, -1.0], NULL, NULL, false, 7)");
        s.execute("INSERT INTO c VALUES (1, NULL), (NULL, ''), (3, 'z')");
        s.execute("CREATE VIEW v AS SELECT id, name FROM p WHERE id > 1");
        Path out = dir.resolve("for-duckdb");
        s.execute("EXPORT DATABASE '" + out + "'");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("IMPORT DATABASE '" + out + "'");
            assertThat(duck(st, "SELECT id, name, price, v, d, ts, ok, n FROM p ORDER BY id"))
                    .containsExactly(
                            "1|a|1.50|[1.0, 2.5]|2024-02-29|2024-01-02 03:04:05.0|true|4",
                            "2||null|null|null|null|null|5",
                            "3|x,\"y|-2.25|[0.0, -1.0]|null|null|false|7");
            // DuckDB 1.4 reads a quoted "" as NULL unless the column is FORCE_NOT_NULL: its own EXPORT/IMPORT turns
            // '' in a nullable VARCHAR column into NULL the same way (IMPORT into Nabla keeps it '')
            assertThat(duck(st, "SELECT pid, tag IS NULL, tag FROM c ORDER BY pid NULLS FIRST"))
                    .containsExactly("null|true|null", "1|true|null", "3|false|z");
            assertThat(duck(st, "SELECT count(*) FROM v")).containsExactly("2");
            assertThat(duck(st, "SELECT nextval('seq')")).containsExactly("6");
        }
    }

    @Test
    void weImportDuckDbsExport() throws Exception {
        Path out = dir.resolve("from-duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("CREATE SEQUENCE s START 5");
            st.execute("CREATE TABLE p(id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, d DECIMAL(10,2), arr DOUBLE[2],"
                    + " x INTEGER DEFAULT nextval('s'), ts TIMESTAMP, CHECK (id > 0))");
            st.execute("CREATE TABLE c(id INTEGER REFERENCES p(id), v VARCHAR UNIQUE)");
            st.execute("INSERT INTO p VALUES (1, 'a', 1.5, [1.0, 2.0], DEFAULT, TIMESTAMP '2024-01-02 03:04:05'),"
                    + " (2, '', NULL, NULL, DEFAULT, NULL), (3, 'x,\"y', -2.25, [-1.5, 0.0], DEFAULT, NULL)");
            st.execute("INSERT INTO c VALUES (1, NULL), (NULL, '')");
            st.execute("CREATE VIEW v AS SELECT * FROM p WHERE id > 1");
            st.execute("EXPORT DATABASE '" + out + "'");
        }
        Session s = IoTestSupport.database().connect();
        s.execute("IMPORT DATABASE '" + out + "'");
        assertThat(rows(s, "SELECT id, name, d, arr, x, ts FROM p ORDER BY id"))
                .containsExactly(
                        "1|a|1.50|[1.0, 2.0]|5|2024-01-02 03:04:05",
                        "2||NULL|NULL|6|NULL",
                        "3|x,\"y|-2.25|[-1.5, 0.0]|7|NULL");
        assertThat(rows(s, "SELECT id, v IS NULL, v FROM c ORDER BY id NULLS FIRST"))
                .containsExactly("NULL|false|", "1|true|NULL");
        assertThat(rows(s, "SELECT count(*) FROM v")).containsExactly("2");
        assertThat(rows(s, "SELECT nextval('s')")).containsExactly("8");
        assertThatThrownBy(() -> s.execute("INSERT INTO c VALUES (9, 'q')")).isInstanceOf(NablaException.class);
    }

    @Test
    void badInputGivesOneClearLine() throws Exception {
        Session s = IoTestSupport.database().connect();
        assertThatThrownBy(() -> s.execute("IMPORT DATABASE '" + dir.resolve("nope") + "'"))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("is not a directory");
        Files.createDirectories(dir.resolve("half"));
        Files.writeString(dir.resolve("half/schema.sql"), "CREATE TABLE t(a INTEGER);");
        assertThatThrownBy(() -> s.execute("IMPORT DATABASE '" + dir.resolve("half") + "'"))
                .hasMessageContaining("load.sql")
                .hasMessageContaining("is missing");
        Files.writeString(dir.resolve("half/load.sql"), "COPY t FROM 't.csv' (FORMAT csv, HEADER 1);");
        Files.writeString(dir.resolve("half/t.csv"), "a\n1\nnot a number\n");
        assertThatThrownBy(() -> s.execute("IMPORT DATABASE '" + dir.resolve("half") + "'"))
                .hasMessageContaining("load.sql line 1");
        // the failed import left nothing behind
        assertThatThrownBy(() -> s.execute("SELECT * FROM t")).hasMessageContaining("unknown table");
        assertThatThrownBy(() -> s.execute("EXPORT DATABASE '" + dir.resolve("x") + "' (FORMAT json)"))
                .hasMessageContaining("FORMAT must be csv or parquet");
        s.execute("CREATE TABLE arr(v DOUBLE[2])");
        assertThatThrownBy(() -> s.execute("EXPORT DATABASE '" + dir.resolve("pq") + "' (FORMAT parquet)"))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("DOUBLE[2]");
        // what could not be imported again is refused before anything is written
        assertThat(dir.resolve("pq/schema.sql")).doesNotExist();
        s.execute("DROP TABLE arr");
    }

    /** DOUBLE[] lists export to CSV (their text) and Parquet (LISTs) and import back as they were. */
    @Test
    void listsRoundTripThroughBothFormats() throws Exception {
        for (String format : List.of("csv", "parquet")) {
            try (Database db = Nabla.open();
                    Session s = db.connect()) {
                s.execute("CREATE TABLE lst(id INTEGER, v DOUBLE[])");
                s.execute("INSERT INTO lst VALUES (1, [1.5, NULL, -2]), (2, []), (3, NULL)");
                s.execute("EXPORT DATABASE '" + dir.resolve("ls_" + format) + "' (FORMAT " + format + ")");
            }
            try (Database db = Nabla.open();
                    Session s = db.connect()) {
                s.execute("IMPORT DATABASE '" + dir.resolve("ls_" + format) + "'");
                var r = s.execute("SELECT id, CAST(v AS VARCHAR), typeof(v) FROM lst ORDER BY id");
                assertThat(r.getString(0, 1)).as(format).isEqualTo("[1.5, NULL, -2.0]");
                assertThat(r.getString(0, 2)).as(format).isEqualTo("DOUBLE[]");
                assertThat(r.getString(1, 1)).as(format).isEqualTo("[]");
                assertThat(r.isNull(2, 1)).as(format).isTrue();
            }
        }
    }

    private static List<String> duck(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet r = st.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) b.append('|');
                    b.append(r.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
