package dev.nabla.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random tables of every column type, with NULLs, empty strings, quotes, delimiters, newlines, unicode,
 * NaN/±Inf/−0 and extreme numbers, written with {@code COPY … TO} and read back (CSV, TSV, gzip CSV,
 * Parquet, newline-delimited JSON, a JSON array, gzip JSON lines): every cell must come back as it was, NULL-ness included. {@code -Dnabla.roundtrip.tables=N}
 * runs more tables; {@code -Dnabla.roundtrip.seed=S} replays one run (the seed is printed).
 */
class RoundTripPropertyTest {
    private static final String[] TYPES = {
        "BOOLEAN", "INTEGER", "BIGINT", "REAL", "DOUBLE", "VARCHAR", "DATE", "TIMESTAMP", "BLOB"
    };
    private static final String[] FORMATS = {"csv", "tsv", "csv.gz", "parquet", "json", "array.json", "jsonl.gz"};
    private static final String[] NASTY = {
        "",
        " ",
        "a,b",
        "a\tb",
        "say \"hi\"",
        "\"",
        "line1\nline2",
        "cr\r\nlf",
        "NULL",
        "null",
        "NA",
        "ünïcödé",
        "日本語",
        "emoji 😀",
        "e\u0301",
        "\\N",
        "'",
        "-",
        "0",
        "1e5",
        "true"
    };

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

    @Test
    void randomTablesSurviveEveryFormat() {
        long seed = Long.getLong("nabla.roundtrip.seed", System.nanoTime());
        int tables = Integer.getInteger("nabla.roundtrip.tables", 24);
        System.out.println("round trip: seed " + seed + ", " + tables + " tables x " + FORMATS.length + " formats");
        Random rnd = new Random(seed);
        int cells = 0;
        for (int t = 0; t < tables; t++) {
            List<String> types = new ArrayList<>();
            int width = t % 3 == 0 ? 1 : 1 + rnd.nextInt(5); // one-column tables write NULL as an empty line
            for (int c = 0; c < width; c++) types.add(TYPES[rnd.nextInt(TYPES.length)]);
            int rows = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 1 + rnd.nextInt(60);
            String table = "t" + t;
            createAndFill(table, types, rows, rnd);
            for (String format : FORMATS) {
                String mismatch = roundTrip(table, types, format, "");
                assertThat(mismatch)
                        .as("seed %d, table %d %s via %s", seed, t, types, format)
                        .isNull();
                cells += rows * width;
            }
        }
        System.out.println("round trip: " + cells + " cells compared, 0 mismatches");
    }

    /** The checker is not vacuous: reading with a null string that the writer did not use must be caught. */
    @Test
    void checkerNoticesALostNull() {
        createAndFill("p", List.of("VARCHAR", "VARCHAR"), 0, new Random(1));
        s.execute("INSERT INTO p VALUES (0, 'a', 'b'), (1, NULL, ''), (2, 'c', NULL)");
        assertThat(roundTrip("p", List.of("VARCHAR", "VARCHAR"), "csv", "")).isNull();
        assertThat(roundTrip("p", List.of("VARCHAR", "VARCHAR"), "csv", ", nullstr => 'xx'"))
                .isNotNull();
    }

    /**
     * The JSON checker is not vacuous: a writer that rounds doubles to float precision, or one that writes a NULL
     * string as {@code ""}, is caught (the real writer, put back, passes the same table).
     */
    @Test
    void checkerNoticesAPerturbedJsonWriter() {
        createAndFill("p", List.of("DOUBLE", "VARCHAR"), 0, new Random(1));
        s.execute("INSERT INTO p VALUES (0, 0.1, 'a'), (1, NULL, NULL), (2, 1e300, '')");
        CopyWriter real = db.io().writer("json", dev.nabla.common.Span.NONE);
        assertThat(roundTrip("p", List.of("DOUBLE", "VARCHAR"), "json", "")).isNull();
        db.io()
                .registerWriter(
                        "json",
                        (path, names, types, batches, options) -> real.write(
                                path,
                                names,
                                types,
                                new java.util.Iterator<>() {
                                    @Override
                                    public boolean hasNext() {
                                        return batches.hasNext();
                                    }

                                    @Override
                                    public dev.nabla.storage.Batch next() {
                                        dev.nabla.storage.Batch b = batches.next();
                                        var d = b.columns[0];
                                        if (!d.constant)
                                            for (int i = 0; i < b.count; i++)
                                                d.doubles[d.offset + b.row(i)] = (float) d.getDouble(b.row(i));
                                        return b;
                                    }
                                },
                                options));
        assertThat(roundTrip("p", List.of("DOUBLE", "VARCHAR"), "json", "")).contains("column 0");
        db.io().registerWriter("json", (path, names, types, batches, options) -> {
            long n = real.write(path, names, types, batches, options);
            try {
                Path p = Path.of(path);
                java.nio.file.Files.writeString(
                        p, java.nio.file.Files.readString(p).replace("\"c1\":null", "\"c1\":\"\""));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return n;
        });
        assertThat(roundTrip("p", List.of("DOUBLE", "VARCHAR"), "json", "")).contains("row 1 column 1");
        db.io().registerWriter("json", real);
        assertThat(roundTrip("p", List.of("DOUBLE", "VARCHAR"), "json", "")).isNull();
    }

    @Test
    void oneColumnNullsAndEmptyStringsFromTheIssue() {
        s.execute("CREATE TABLE m(loss DOUBLE)");
        s.execute("INSERT INTO m VALUES (0.5),(NULL),(0.25)");
        String f = file("m.csv");
        s.execute("COPY m TO '" + f + "'");
        assertThat(s.execute("SELECT avg(loss), count(*), count(loss) FROM read_csv('" + f + "')")
                        .get(0, 0))
                .isEqualTo(0.375);
        s.execute("CREATE TABLE m2(loss DOUBLE)");
        s.execute("COPY m2 FROM '" + f + "'");
        Result r = s.execute("SELECT count(*), count(loss), avg(loss) FROM m2");
        assertThat(r.get(0, 0)).isEqualTo(3L);
        assertThat(r.get(0, 1)).isEqualTo(2L);
        s.execute("CREATE TABLE n(name VARCHAR)");
        s.execute("INSERT INTO n VALUES ('x'), (NULL), (''), ('z')");
        String g = file("n.csv");
        s.execute("COPY n TO '" + g + "'");
        Result back = s.execute("SELECT name IS NULL, length(name) FROM read_csv('" + g + "', types => ['VARCHAR'])");
        assertThat(back.rowCount()).isEqualTo(4);
        assertThat(back.get(1, 0)).isEqualTo(true);
        assertThat(back.isNull(1, 1)).isTrue();
        assertThat(back.get(2, 0)).isEqualTo(false);
        assertThat(back.get(2, 1)).isEqualTo(0L);
    }

    @Test
    void copyFromKeepsTheTablesTypes() {
        s.execute("CREATE TABLE z(code VARCHAR, n INTEGER)");
        s.execute("INSERT INTO z VALUES ('007', 1), ('010', NULL)");
        String f = file("z.csv");
        s.execute("COPY z TO '" + f + "'");
        s.execute("CREATE TABLE z2(code VARCHAR, n INTEGER)");
        s.execute("COPY z2 FROM '" + f + "'");
        Result r = s.execute("SELECT code, n FROM z2 ORDER BY code");
        assertThat(r.get(0, 0)).isEqualTo("007");
        assertThat(r.get(1, 0)).isEqualTo("010");
        assertThat(r.isNull(1, 1)).isTrue();
    }

    private String file(String name) {
        return dir.resolve(name).toString().replace('\\', '/');
    }

    private void createAndFill(String table, List<String> types, int rows, Random rnd) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table).append("(id INTEGER");
        for (int c = 0; c < types.size(); c++)
            ddl.append(", c").append(c).append(' ').append(types.get(c));
        s.execute(ddl.append(')').toString());
        if (rows == 0) return;
        StringBuilder ins = new StringBuilder("INSERT INTO ").append(table).append(" VALUES ");
        for (int r = 0; r < rows; r++) {
            ins.append(r == 0 ? "(" : ", (").append(r);
            for (String type : types) ins.append(", ").append(rnd.nextInt(5) == 0 ? "NULL" : literal(type, rnd));
            ins.append(')');
        }
        s.execute(ins.toString());
    }

    /**
     * Writes {@code table} minus its id in {@code format} and reads it back twice (with the declared types
     * through read_csv/read_parquet, and by COPY FROM into a table of the same schema); returns the first
     * differing cell, or null.
     */
    private String roundTrip(String table, List<String> types, String format, String readOptions) {
        String f = file(table + "_" + System.nanoTime() + "." + format);
        StringBuilder cols = new StringBuilder();
        for (int c = 0; c < types.size(); c++)
            cols.append(c == 0 ? "" : ", ").append('c').append(c);
        boolean json = format.contains("json");
        String copyOptions = format.equals("parquet")
                ? " (FORMAT parquet)"
                : format.equals("array.json") ? " (FORMAT json, ARRAY true)" : "";
        s.execute("COPY (SELECT " + cols + " FROM " + table + " ORDER BY id) TO '" + f + "'" + copyOptions);
        Result expected = s.execute("SELECT " + cols + " FROM " + table + " ORDER BY id");
        String read;
        if (format.equals("parquet")) {
            read = "read_parquet('" + f + "')";
        } else if (json) {
            StringBuilder ts = new StringBuilder("[");
            for (int c = 0; c < types.size(); c++)
                ts.append(c == 0 ? "'" : ", '").append(types.get(c)).append('\'');
            read = "read_json('" + f + "', columns => ["
                    + cols.toString().replace("c", "'c").replace(",", "',") + "'], types => " + ts + "]" + readOptions
                    + ")";
        } else {
            StringBuilder ts = new StringBuilder("[");
            for (int c = 0; c < types.size(); c++)
                ts.append(c == 0 ? "'" : ", '").append(types.get(c)).append('\'');
            read = "read_csv('" + f + "', header => true, types => " + ts + "]" + readOptions + ")";
        }
        String d1 = diff(expected, s.execute("SELECT * FROM " + read), "read");
        if (d1 != null) return d1;
        if (!readOptions.isEmpty()) return null;
        String copy = table + "_copy" + Math.abs(f.hashCode());
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(copy).append('(');
        for (int c = 0; c < types.size(); c++)
            ddl.append(c == 0 ? "" : ", ").append('c').append(c).append(' ').append(types.get(c));
        s.execute(ddl.append(')').toString());
        s.execute("COPY " + copy + " FROM '" + f + "'" + (json ? "" : copyOptions));
        String d2 = diff(expected, s.execute("SELECT * FROM " + copy), "COPY FROM");
        s.execute("DROP TABLE " + copy);
        return d2;
    }

    private static String diff(Result expected, Result actual, String how) {
        if (expected.rowCount() != actual.rowCount()) {
            return how + ": " + actual.rowCount() + " rows, expected " + expected.rowCount();
        }
        for (int r = 0; r < expected.rowCount(); r++) {
            for (int c = 0; c < expected.columnNames().size(); c++) {
                boolean en = expected.isNull(r, c), an = actual.isNull(r, c);
                Object e = en ? null : expected.get(r, c), a = an ? null : actual.get(r, c);
                if (en != an || !Objects.deepEquals(e, a)) {
                    return how + ": row " + r + " column " + c + ": got " + show(a) + ", expected " + show(e);
                }
            }
        }
        return null;
    }

    private static String show(Object o) {
        if (o instanceof byte[] b) return "x'" + HexFormat.of().formatHex(b) + "'";
        return o == null ? "NULL" : o + " (" + o.getClass().getSimpleName() + ")";
    }

    private static String literal(String type, Random rnd) {
        return switch (type) {
            case "BOOLEAN" -> rnd.nextBoolean() ? "true" : "false";
            case "INTEGER" ->
                Integer.toString(
                        pick(rnd, new int[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, rnd.nextInt()}));
            case "BIGINT" ->
                rnd.nextInt(6) == 0
                        ? "CAST(-9223372036854775808 AS BIGINT)"
                        : Long.toString(pick(
                                rnd,
                                new long[] {0, 1, Long.MAX_VALUE, -Long.MAX_VALUE, rnd.nextLong(), rnd.nextInt(1000)}));
            case "REAL" -> "CAST(" + doubleLiteral(rnd, true) + " AS REAL)";
            case "DOUBLE" -> doubleLiteral(rnd, false);
            case "VARCHAR" -> "'" + text(rnd).replace("'", "''") + "'";
            case "DATE" ->
                "DATE '"
                        + String.format(
                                Locale.ROOT,
                                "%04d-%02d-%02d",
                                1 + rnd.nextInt(9999),
                                1 + rnd.nextInt(12),
                                1 + rnd.nextInt(28))
                        + "'";
            case "TIMESTAMP" ->
                "TIMESTAMP '"
                        + String.format(
                                Locale.ROOT,
                                "%04d-%02d-%02d %02d:%02d:%02d.%06d",
                                1 + rnd.nextInt(9999),
                                1 + rnd.nextInt(12),
                                1 + rnd.nextInt(28),
                                rnd.nextInt(24),
                                rnd.nextInt(60),
                                rnd.nextInt(60),
                                rnd.nextBoolean() ? 0 : rnd.nextInt(1_000_000))
                        + "'";
            case "BLOB" -> {
                byte[] b = new byte[rnd.nextInt(6)];
                rnd.nextBytes(b);
                yield "x'" + HexFormat.of().formatHex(b) + "'";
            }
            default -> throw new AssertionError(type);
        };
    }

    private static String doubleLiteral(Random rnd, boolean real) {
        return switch (rnd.nextInt(12)) {
            case 0 -> "CAST('NaN' AS DOUBLE)";
            case 1 -> "CAST('Infinity' AS DOUBLE)";
            case 2 -> "CAST('-Infinity' AS DOUBLE)";
            case 3 -> "CAST('-0.0' AS DOUBLE)";
            case 4 -> real ? "1.4e-45" : "4.9e-324";
            case 5 -> real ? "3.4028235e38" : "1.7976931348623157e308";
            case 6 -> real ? "1.17549435e-38" : "2.2250738585072014e-308";
            case 7 -> "0.1";
            default -> {
                double d = real
                        ? (double) (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10))
                        : Double.longBitsToDouble(rnd.nextLong());
                yield Double.isFinite(d) ? Double.toString(d) : "0.5";
            }
        };
    }

    private static String text(Random rnd) {
        if (rnd.nextInt(3) == 0) return NASTY[rnd.nextInt(NASTY.length)];
        StringBuilder b = new StringBuilder();
        int n = rnd.nextInt(12);
        for (int i = 0; i < n; i++)
            b.append(rnd.nextInt(4) == 0 ? NASTY[rnd.nextInt(NASTY.length)] : (char) ('a' + rnd.nextInt(26)));
        return b.toString();
    }

    private static int pick(Random rnd, int[] v) {
        return v[rnd.nextInt(v.length)];
    }

    private static long pick(Random rnd, long[] v) {
        return v[rnd.nextInt(v.length)];
    }
}
