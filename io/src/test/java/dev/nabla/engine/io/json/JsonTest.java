package dev.nabla.engine.io.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.engine.io.IoTestSupport;
import dev.nabla.storage.ArrayType;
import dev.nabla.storage.DataType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
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

    private String file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p.toString().replace('\\', '/');
    }

    private String path(String name) {
        return dir.resolve(name).toString().replace('\\', '/');
    }

    private Result q(String sql) {
        return s.execute(sql);
    }

    @Test
    void newlineDelimitedRecordsInferTypes() throws IOException {
        String f = file("t.ndjson", """
                {"id": 1, "price": 2.5, "ok": true, "day": "2024-01-31", "at": "2024-01-31 12:30:00", "name": "a"}
                {"id": 2, "price": -3, "ok": false, "day": "2024-02-29", "at": "2024-02-29T01:02:03.5", "name": "say \\"hi\\""}

                {"id": 3, "name": null, "extra": "only here"}
                """);
        Result r = q("SELECT * FROM read_json('" + f + "')");
        assertThat(r.columnNames()).containsExactly("id", "price", "ok", "day", "at", "name", "extra");
        assertThat(r.columnTypes())
                .containsExactly(
                        DataType.BIGINT,
                        DataType.DOUBLE,
                        DataType.BOOLEAN,
                        DataType.DATE,
                        DataType.TIMESTAMP,
                        DataType.VARCHAR,
                        DataType.VARCHAR);
        assertThat(r.rowCount()).isEqualTo(3);
        assertThat(r.get(1, 1)).isEqualTo(-3.0);
        assertThat(r.get(0, 2)).isEqualTo(true);
        assertThat(r.get(1, 3)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(r.get(1, 4)).isEqualTo(LocalDateTime.of(2024, 2, 29, 1, 2, 3, 500_000_000));
        assertThat(r.get(1, 5)).isEqualTo("say \"hi\"");
        // missing keys and null are NULL
        assertThat(r.isNull(2, 1)).isTrue();
        assertThat(r.isNull(2, 5)).isTrue();
        assertThat(r.isNull(0, 6)).isTrue();
        assertThat(r.get(2, 6)).isEqualTo("only here");
        // FROM 'file' and read_json_auto read the same
        assertThat(q("SELECT sum(id), count(price) FROM '" + f + "'").get(0, 0)).isEqualTo(6L);
        assertThat(q("SELECT count(*) FROM read_json_auto('" + f + "')").get(0, 0))
                .isEqualTo(3L);
    }

    @Test
    void topLevelArrayAndJsonlExtension() throws IOException {
        String a = file("a.json", "[\n {\"x\": 1, \"y\": \"p\"},\n {\"x\": 2.5, \"y\": \"q\"}\n]\n");
        Result r = q("SELECT x, y FROM '" + a + "' ORDER BY x");
        assertThat(r.columnTypes()).containsExactly(DataType.DOUBLE, DataType.VARCHAR);
        assertThat(r.get(1, 0)).isEqualTo(2.5);
        String l = file("l.jsonl", "{\"x\": 1}\n{\"x\": 2}\n");
        assertThat(q("SELECT sum(x) FROM '" + l + "'").get(0, 0)).isEqualTo(3L);
        assertThat(q("SELECT count(*) FROM read_json('" + a + "', format => 'array')")
                        .get(0, 0))
                .isEqualTo(2L);
    }

    @Test
    void nestedValuesAreNumericArraysOrJsonText() throws IOException {
        String f = file("n.json", """
                {"v": [1, 2.5, 3], "obj": {"a": [1, {"b": null}]}, "mixed": [1, "x"], "ragged": [1]}
                {"v": [4, 5, 6e2], "obj": null, "mixed": 7, "ragged": [1, 2]}
                """);
        Result r = q("SELECT v, obj, mixed, ragged FROM read_json('" + f + "')");
        assertThat(r.columnTypes())
                .containsExactly(
                        new ArrayType(DataType.DOUBLE, 3),
                        DataType.VARCHAR,
                        DataType.VARCHAR,
                        dev.nabla.storage.ListType.DOUBLE_LIST);
        assertThat((double[]) r.get(1, 0)).containsExactly(4, 5, 600);
        assertThat(r.get(0, 1)).isEqualTo("{\"a\":[1,{\"b\":null}]}");
        assertThat(r.get(0, 2)).isEqualTo("[1,\"x\"]");
        assertThat(r.get(1, 2)).isEqualTo("7");
        // numeric arrays of different lengths are a DOUBLE[] list (DuckDB's list)
        assertThat(r.get(1, 3).toString()).isEqualTo("[1.0, 2.0]");
        assertThat(q("SELECT v[2] * 2 FROM read_json('" + f + "') ORDER BY 1").get(0, 0))
                .isEqualTo(5.0);
    }

    /** Numeric arrays with null elements, empty ones or of different lengths are one DOUBLE[] column. */
    @Test
    void numericArraysOfAnyLengthAreLists() throws IOException {
        String f = file("l.json", """
                {"id": 1, "v": [1, null, 2.5]}
                {"id": 2, "v": []}
                {"id": 3, "v": null}
                {"id": 4, "v": [4, 5, 6, "NaN"]}
                """);
        Result r = q("SELECT id, CAST(v AS VARCHAR), len(v) FROM read_json('" + f + "') ORDER BY id");
        assertThat(r.getString(0, 1)).isEqualTo("[1.0, NULL, 2.5]");
        assertThat(r.getString(1, 1)).isEqualTo("[]");
        assertThat(r.isNull(2, 1)).isTrue();
        assertThat(r.getString(3, 1)).isEqualTo("[4.0, 5.0, 6.0, NaN]");
        assertThat(r.getLong(3, 2)).isEqualTo(4);
        assertThat(q("SELECT sum(x) FROM read_json('" + f + "') AS j, unnest(j.v) AS u(x) WHERE j.id = 1")
                        .getDouble(0, 0))
                .isEqualTo(3.5);
    }

    @Test
    void mixedKindsAreVarcharAndBigIntegersDouble() throws IOException {
        String f = file(
                "m.json",
                "{\"a\": 1, \"b\": true, \"c\": 1, \"d\": \"2024-01-01\"}\n"
                        + "{\"a\": \"two\", \"b\": 3, \"c\": 123456789012345678901234567890, \"d\": \"2024-01-02 10:00\"}\n");
        Result r = q("SELECT * FROM read_json('" + f + "')");
        assertThat(r.columnTypes())
                .containsExactly(DataType.VARCHAR, DataType.VARCHAR, DataType.DOUBLE, DataType.TIMESTAMP);
        assertThat(r.get(0, 0)).isEqualTo("1");
        assertThat(r.get(0, 1)).isEqualTo("true");
        assertThat(r.get(1, 2)).isEqualTo(1.2345678901234568e29);
        assertThat(r.get(0, 3)).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
    }

    @Test
    void parseErrorsNameLineAndColumn() throws IOException {
        String f = file("bad.json", "{\"a\": 1}\n{\"a\": 2,, }\n");
        assertThatThrownBy(() -> q("SELECT * FROM read_json('" + f + "')"))
                .isInstanceOfSatisfying(NablaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CAST);
                    assertThat(e.code().sqlState()).isEqualTo("22P02");
                    assertThat(e.getMessage()).contains("bad.json line 2, column 9");
                });
        String g = file("dup.json", "{\"a\": 1, \"a\": 2}\n");
        assertThatThrownBy(() -> q("SELECT * FROM read_json('" + g + "')"))
                .isInstanceOfSatisfying(
                        NablaException.class,
                        e -> assertThat(e.getMessage()).contains("line 1").contains("Duplicate field 'a'"));
        String h = file("scalars.json", "[1, 2]");
        assertThatThrownBy(() -> q("SELECT * FROM read_json('" + h + "')"))
                .isInstanceOfSatisfying(
                        NablaException.class,
                        e -> assertThat(e.getMessage())
                                .contains("line 1, column 2: expected a JSON object (one record), found a number"));
        String u = file("unclosed.json", "[{\"a\": 1}");
        assertThatThrownBy(() -> q("SELECT * FROM read_json('" + u + "')"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CAST));
        assertThatThrownBy(() -> q("SELECT * FROM read_json('" + path("missing.json") + "')"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO));
    }

    @Test
    void aValueOfAnotherTypeThanDeclaredIsLocated() throws IOException {
        String f = file("t.json", "{\"n\": 1}\n{\"n\": \"x\"}\n");
        assertThatThrownBy(() -> q("SELECT * FROM read_json('" + f + "', types => ['BIGINT'])"))
                .isInstanceOfSatisfying(NablaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CAST);
                    assertThat(e.getMessage()).contains("line 2, column 7: cannot read \"x\" as BIGINT (column \"n\")");
                });
        // past sample_size, a new key is an error rather than lost values
        String g = file("late.json", "{\"a\": 1}\n{\"a\": 2, \"b\": 3}\n");
        assertThatThrownBy(() -> q("SELECT * FROM read_json('" + g + "', sample_size => 1)"))
                .isInstanceOfSatisfying(
                        NablaException.class,
                        e -> assertThat(e.getMessage()).contains("line 2").contains("key \"b\""));
        // columns => [..] chooses keys: the others are ignored, an absent one is all NULL
        Result r = q("SELECT * FROM read_json('" + g + "', columns => ['b', 'zz'], types => ['INTEGER', 'DOUBLE'])");
        assertThat(r.columnNames()).containsExactly("b", "zz");
        assertThat(r.columnTypes()).containsExactly(DataType.INTEGER, DataType.DOUBLE);
        assertThat(r.isNull(0, 0)).isTrue();
        assertThat(r.get(1, 0)).isEqualTo(3L);
    }

    @Test
    void copyToJsonAndBack() throws IOException {
        q("CREATE TABLE t(i INTEGER, d DOUBLE, s VARCHAR, b BOOLEAN, day DATE, ts TIMESTAMP, x BLOB,"
                + " m DECIMAL(18,4), v DOUBLE[2])");
        q("INSERT INTO t VALUES (1, 0.1, 'a\"\\n\u00e9', true, DATE '2024-03-01', TIMESTAMP '2024-03-01 10:11:12.5',"
                + " x'00ff', 12345678901234.5678, [1.5, -2]),"
                + " (NULL, CAST('NaN' AS DOUBLE), '', NULL, NULL, NULL, NULL, NULL, NULL),"
                + " (-2, CAST('-Infinity' AS DOUBLE), NULL, false, DATE '1970-01-01', TIMESTAMP '1900-01-01', x'', -0.0001,"
                + " [0, 1e300])");
        String lines = path("t.json");
        assertThat(q("COPY t TO '" + lines + "'").updateCount()).isEqualTo(3);
        assertThat(Files.readAllLines(Path.of(lines))).hasSize(3).allMatch(l -> l.startsWith("{\"i\":"));
        String arr = path("t_array.json");
        q("COPY t TO '" + arr + "' (FORMAT json, ARRAY true)");
        assertThat(Files.readString(Path.of(arr))).startsWith("[\n{").endsWith("}\n]\n");
        for (String f : new String[] {lines, arr}) {
            q("CREATE TABLE back(i INTEGER, d DOUBLE, s VARCHAR, b BOOLEAN, day DATE, ts TIMESTAMP, x BLOB,"
                    + " m DECIMAL(18,4), v DOUBLE[2])");
            q("COPY back FROM '" + f + "'");
            // arrays cannot be compared whole: their elements are
            String cols = "i, d, s, b, day, ts, x, m, v[1], v[2]";
            Result diff = q("SELECT count(*) FROM (SELECT " + cols + " FROM t EXCEPT SELECT " + cols + " FROM back)");
            assertThat(diff.get(0, 0))
                    .as("%s: columns that differ: %s", f, differing(cols))
                    .isEqualTo(0L);
            assertThat(q("SELECT count(*) FROM back").get(0, 0)).isEqualTo(3L);
            assertThat(q("SELECT count(*) FROM back WHERE s = ''").get(0, 0)).isEqualTo(1L);
            assertThat(q("SELECT count(*) FROM back WHERE s IS NULL").get(0, 0)).isEqualTo(1L);
            q("DROP TABLE back");
        }
        // inferred read: the double column with "NaN"/"-Infinity" strings is still DOUBLE
        Result r = q("SELECT d, v FROM read_json('" + lines + "')");
        assertThat(r.columnTypes()).containsExactly(DataType.DOUBLE, new ArrayType(DataType.DOUBLE, 2));
        assertThat((Double) r.get(1, 0)).isNaN();
        assertThat(r.get(2, 0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    private java.util.List<String> differing(String cols) {
        return java.util.Arrays.stream(cols.split(", "))
                .filter(c ->
                        (Long) q("SELECT count(*) FROM (SELECT " + c + " FROM t EXCEPT SELECT " + c + " FROM back)")
                                        .get(0, 0)
                                > 0)
                .toList();
    }

    @Test
    void writerKeepsDuplicateNamesAndWritesGzip() throws IOException {
        String f = path("d.json.gz");
        q("COPY (SELECT 1 AS a, 2 AS a, 3 AS a_1) TO '" + f + "' (FORMAT json)");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of(f)))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"a\":1,\"a_1\":2,\"a_1_1\":3}\n");
        }
        Result r = q("SELECT * FROM read_json('" + f + "')");
        assertThat(r.columnNames()).containsExactly("a", "a_1", "a_1_1");
        String g = path("z.ndjson.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(Path.of(g)))) {
            out.write("{\"k\": 5}\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(q("SELECT k FROM read_ndjson('" + g + "')").get(0, 0)).isEqualTo(5L);
    }
}
