package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DdlDmlTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    static List<List<Object>> rows(Result r) {
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < r.columnCount(); c++) row.add(r.get(i, c));
            out.add(row);
        }
        return out;
    }

    static ErrorCode code(Runnable r) {
        try {
            r.run();
        } catch (NablaException e) {
            return e.code();
        }
        throw new AssertionError("expected a NablaException");
    }

    @Test
    void firstMilestone() {
        List<Result> rs = s.executeScript("CREATE TABLE t(a INT); INSERT INTO t VALUES (1); SELECT a+1 FROM t");
        assertThat(rs).hasSize(3);
        assertThat(rs.get(0).kind()).isEqualTo(Result.Kind.OK);
        assertThat(rs.get(0).message()).isEqualTo("CREATE TABLE");
        assertThat(rs.get(1).kind()).isEqualTo(Result.Kind.COUNT);
        assertThat(rs.get(1).updateCount()).isEqualTo(1);
        Result r = rs.get(2);
        assertThat(r.kind()).isEqualTo(Result.Kind.ROWS);
        assertThat(r.rowCount()).isEqualTo(1);
        assertThat(r.getLong(0, 0)).isEqualTo(2);
    }

    @Test
    void executeRunsSeveralStatementsAndReturnsTheLast() {
        Result r = Nabla.open().connect().execute("CREATE TABLE t(a INT); INSERT INTO t VALUES (1); SELECT a+1 FROM t");
        assertThat(r.getLong(0, 0)).isEqualTo(2);
        assertThat(code(() -> s.execute("SELECT 1; SELEC 2"))).isEqualTo(ErrorCode.SYNTAX);
    }

    @Test
    void insertSelectUpdateDelete() {
        s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name VARCHAR, score DOUBLE)");
        assertThat(s.execute("INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', 2.5), (3, 'c', NULL)")
                        .updateCount())
                .isEqualTo(3);
        Result r = s.execute("SELECT id, name, score FROM t ORDER BY id");
        assertThat(r.columnNames()).containsExactly("id", "name", "score");
        assertThat(r.columnTypes()).containsExactly(DataType.INTEGER, DataType.VARCHAR, DataType.DOUBLE);
        assertThat(rows(r))
                .containsExactly(List.of(1L, "a", 1.5), List.of(2L, "b", 2.5), java.util.Arrays.asList(3L, "c", null));
        assertThat(r.isNull(2, 2)).isTrue();

        assertThat(s.execute("UPDATE t SET score = score * 2 WHERE id <= 2").updateCount())
                .isEqualTo(2);
        assertThat(s.execute("SELECT sum(score) FROM t").getDouble(0, 0)).isEqualTo(8.0);
        assertThat(s.execute("DELETE FROM t WHERE name = 'b'").updateCount()).isEqualTo(1);
        assertThat(s.execute("SELECT count(*) FROM t").getLong(0, 0)).isEqualTo(2);
        assertThat(s.execute("DELETE FROM t").updateCount()).isEqualTo(2);
        assertThat(s.execute("SELECT count(*) FROM t").getLong(0, 0)).isZero();
    }

    @Test
    void insertColumnListDefaultsAndCasts() {
        s.execute("CREATE TABLE t(a INTEGER, b VARCHAR DEFAULT 'none', c DOUBLE DEFAULT 1.5)");
        s.execute("INSERT INTO t(a) VALUES (1)");
        s.execute("INSERT INTO t(c, a) VALUES (7, 2)"); // integer into DOUBLE column
        Result r = s.execute("SELECT a, b, c FROM t ORDER BY a");
        assertThat(rows(r)).containsExactly(List.of(1L, "none", 1.5), List.of(2L, "none", 7.0));
        assertThat(r.columnTypes().get(2)).isEqualTo(DataType.DOUBLE);
    }

    @Test
    void constraintsAreChecked() {
        s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
        s.execute("INSERT INTO t VALUES (1, 10)");
        assertThat(code(() -> s.execute("INSERT INTO t VALUES (1, 11)"))).isEqualTo(ErrorCode.UNIQUE_VIOLATION);
        assertThat(code(() -> s.execute("INSERT INTO t VALUES (2, NULL)"))).isEqualTo(ErrorCode.NOT_NULL_VIOLATION);
        assertThat(code(() -> s.execute("UPDATE t SET v = NULL"))).isEqualTo(ErrorCode.NOT_NULL_VIOLATION);
        assertThat(rows(s.execute("SELECT id, v FROM t"))).containsExactly(List.of(1L, 10L));
    }

    @Test
    void insertOrReplaceReplacesOnKeyConflict() {
        s.execute("CREATE TABLE kv(k VARCHAR PRIMARY KEY, v INTEGER)");
        s.execute("INSERT INTO kv VALUES ('a', 1), ('b', 2)");
        s.execute("INSERT OR REPLACE INTO kv VALUES ('a', 10), ('c', 3), ('c', 30)");
        assertThat(rows(s.execute("SELECT k, v FROM kv ORDER BY k")))
                .containsExactly(List.of("a", 10L), List.of("b", 2L), List.of("c", 30L));
    }

    @Test
    void createTableTwiceAndIfNotExists() {
        s.execute("CREATE TABLE t(a INT)");
        assertThatThrownBy(() -> s.execute("CREATE TABLE t(b INT)"))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("table \"t\" already exists");
        assertThatThrownBy(() -> s.execute("create table T(b INT)")).hasMessageContaining("already exists");
        assertThat(s.execute("CREATE TABLE IF NOT EXISTS t(b INT)").kind()).isEqualTo(Result.Kind.OK);
        assertThat(s.execute("SELECT * FROM t").columnNames()).containsExactly("a");
    }

    @Test
    void createTableAsSelect() {
        s.execute(
                "CREATE TABLE src AS SELECT generate_series AS x, generate_series * 2.0 AS y FROM generate_series(1, 5000)");
        Result r = s.execute("SELECT count(*), sum(x), sum(y) FROM src");
        assertThat(r.getLong(0, 0)).isEqualTo(5000);
        assertThat(r.getLong(0, 1)).isEqualTo(5000L * 5001 / 2);
        assertThat(r.getDouble(0, 2)).isEqualTo(5000.0 * 5001);
        Result d = s.execute("DESCRIBE src");
        assertThat(d.getString(0, 0)).isEqualTo("x");
        assertThat(d.getString(0, 1)).isEqualTo("BIGINT");
        assertThat(d.getString(1, 1)).isEqualTo("DOUBLE");
    }

    @Test
    void dropTablesAndViews() {
        s.executeScript("CREATE TABLE a(x INT); CREATE TABLE b(x INT); CREATE VIEW v AS SELECT x + 1 AS y FROM a");
        s.execute("INSERT INTO a VALUES (41)");
        assertThat(s.execute("SELECT y FROM v").getLong(0, 0)).isEqualTo(42);
        assertThatThrownBy(() -> s.execute("DROP TABLE v")).hasMessageContaining("is a view");
        assertThatThrownBy(() -> s.execute("DROP VIEW a")).hasMessageContaining("is a table");
        assertThat(code(() -> s.execute("DROP TABLE nope"))).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        s.execute("DROP TABLE IF EXISTS nope, b");
        s.execute("DROP VIEW v");
        assertThat(code(() -> s.execute("SELECT * FROM v"))).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThat(code(() -> s.execute("SELECT * FROM b"))).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        s.execute("DROP TABLE a");
        assertThat(s.execute("SHOW TABLES").rowCount()).isZero();
    }

    @Test
    void indexesAreAcceptedAndDropped() {
        s.execute("CREATE TABLE t(a INT, b INT)");
        s.execute("CREATE INDEX t_a ON t(a)");
        assertThat(code(() -> s.execute("CREATE INDEX t_a ON t(b)"))).isEqualTo(ErrorCode.DUPLICATE_OBJECT);
        s.execute("CREATE INDEX IF NOT EXISTS t_a ON t(b)");
        s.execute("DROP INDEX t_a");
        s.execute("DROP INDEX IF EXISTS t_a");
        assertThat(code(() -> s.execute("DROP INDEX t_a"))).isEqualTo(ErrorCode.UNKNOWN_TABLE);
    }

    @Test
    void truncateEmptiesTheTable() {
        s.execute("CREATE TABLE t AS SELECT * FROM range(100)");
        assertThat(s.execute("TRUNCATE t").updateCount()).isEqualTo(100);
        assertThat(s.execute("SELECT count(*) FROM t").getLong(0, 0)).isZero();
    }

    @Test
    void showTablesAndDescribe() {
        s.execute("CREATE TABLE zeta(id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, x DOUBLE DEFAULT 0.5)");
        s.execute("CREATE TABLE Alpha(a INT)");
        s.execute("CREATE VIEW mid AS SELECT a FROM Alpha");
        Result t = s.execute("SHOW TABLES");
        assertThat(t.columnNames()).containsExactly("name", "schema", "type");
        assertThat(rows(t))
                .containsExactly(
                        List.of("Alpha", "main", "table"),
                        List.of("mid", "main", "view"),
                        List.of("zeta", "main", "table"));
        Result d = s.execute("DESCRIBE zeta");
        assertThat(d.columnNames()).startsWith("column_name", "column_type", "null", "key");
        assertThat(rows(d).stream().map(r -> r.subList(0, 4)).toList())
                .containsExactly(
                        java.util.Arrays.asList("id", "INTEGER", "NO", "PRI"),
                        java.util.Arrays.asList("name", "VARCHAR", "NO", null),
                        java.util.Arrays.asList("x", "DOUBLE", "YES", null));
    }

    @Test
    void caseInsensitiveNames() {
        s.execute("CREATE TABLE MixedCase(Col INT)");
        s.execute("INSERT INTO mixedcase VALUES (5)");
        assertThat(s.execute("SELECT col FROM MIXEDCASE").getLong(0, 0)).isEqualTo(5);
    }

    @Test
    void settings() {
        assertThat(s.execute("SET max_recursion = 5").message()).isEqualTo("SET");
        assertThat(s.settings().get("max_recursion")).isEqualTo(5L);
        s.execute("SET threads = 2");
        assertThatThrownBy(() -> s.execute("SET no_such_thing = 1"))
                .hasMessageContaining("unknown setting")
                .hasMessageContaining("max_recursion")
                .hasMessageContaining("threads");
    }

    @Test
    void errorsCarryLineAndColumn() {
        NablaException e = org.junit.jupiter.api.Assertions.assertThrows(
                NablaException.class, () -> s.execute("SELECT 1\nFROM nope"));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TABLE);
        assertThat(e.headline()).startsWith("line 2:6:");
        NablaException syntax =
                org.junit.jupiter.api.Assertions.assertThrows(NablaException.class, () -> s.execute("SELEC 1"));
        assertThat(syntax.code()).isEqualTo(ErrorCode.SYNTAX);
        assertThat(syntax.headline()).startsWith("line 1:1:");
        NablaException inScript = org.junit.jupiter.api.Assertions.assertThrows(
                NablaException.class, () -> s.executeScript("SELECT 1;\nSELECT 2; SELECT * FROM nope"));
        assertThat(inScript.headline()).startsWith("line 2:25:");
        s.execute("CREATE TABLE dup(a INT)");
        NablaException dup = org.junit.jupiter.api.Assertions.assertThrows(
                NablaException.class, () -> s.executeScript("SELECT 1;\n  CREATE TABLE dup(b INT)"));
        assertThat(dup.headline()).isEqualTo("line 2:16: table \"dup\" already exists");
        NablaException drop = org.junit.jupiter.api.Assertions.assertThrows(
                NablaException.class, () -> s.execute("DROP TABLE dup, missing"));
        assertThat(drop.headline()).isEqualTo("line 1:17: table \"missing\" does not exist");
    }

    @Test
    void scriptStopsAtFirstError() {
        s.execute("CREATE TABLE t(a INT)");
        assertThatThrownBy(() -> s.executeScript(
                        "INSERT INTO t VALUES (1); INSERT INTO nope VALUES (2); INSERT INTO t VALUES (3)"))
                .isInstanceOf(NablaException.class);
        assertThat(s.execute("SELECT count(*) FROM t").getLong(0, 0)).isEqualTo(1);
    }

    @Test
    void insertSelectFromItself() {
        s.execute("CREATE TABLE t AS SELECT range AS a FROM range(3000)");
        s.execute("INSERT INTO t SELECT a + 3000 FROM t");
        assertThat(s.execute("SELECT count(*), count(DISTINCT a) FROM t").getLong(0, 1))
                .isEqualTo(6000);
        s.execute("BEGIN");
        s.execute("INSERT INTO t VALUES (-1)");
        s.execute("INSERT INTO t SELECT a FROM t");
        s.execute("COMMIT");
        assertThat(s.execute("SELECT count(*) FROM t").getLong(0, 0)).isEqualTo(12002);
    }

    @Test
    void derivativeFunction() {
        assertThat(s.execute("SELECT derivative('x*x + sin(x)', 'x')").getString(0, 0))
                .isEqualTo("2 * x + cos(x)");
        assertThat(s.execute("SELECT derivative('x * y', 'x')").getString(0, 0)).isEqualTo("y");
        assertThat(s.execute("SELECT derivative('exp(2 * x)', 'x')").getString(0, 0))
                .contains("exp");
        assertThat(code(() -> s.execute("SELECT derivative('x +', 'x')"))).isEqualTo(ErrorCode.SYNTAX);
    }

    @Test
    void gradAndExplainGrad() {
        s.execute("CREATE TABLE p(x DOUBLE)");
        s.execute("INSERT INTO p VALUES (1), (2), (3)");
        assertThat(s.execute("SELECT sum(grad(x * x * x, x)) FROM p").getDouble(0, 0))
                .isEqualTo(3.0 * (1 + 4 + 9));
        Result e = s.execute("EXPLAIN GRAD SELECT grad(x * x, x) FROM p");
        assertThat(e.getString(0, 0)).contains("grad");
        assertThat(e.getString(1, 0)).contains("2");
        assertThat(e.getString(2, 0)).contains("DAG nodes");
    }

    @Test
    void integerColumnsRejectOutOfRangeValues() {
        s.execute("CREATE TABLE t(a INTEGER, b BIGINT)");
        assertThat(code(() -> s.execute("INSERT INTO t VALUES (1, 1), (10000000000, 1)")))
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
        s.execute("INSERT INTO t VALUES (2147483647, 10000000000)");
        assertThat(code(() -> s.execute("UPDATE t SET a = b"))).isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
        assertThat(rows(s.execute("SELECT a, b FROM t"))).containsExactly(List.of(2147483647L, 10000000000L));
    }

    @Test
    void temporalAndBooleanColumns() {
        s.execute("CREATE TABLE t(d DATE, ts TIMESTAMP, ok BOOLEAN)");
        s.execute("INSERT INTO t VALUES ('2024-01-02', '2024-01-02 03:04:05.5', true)");
        Result r = s.execute("SELECT d, ts, ok FROM t");
        assertThat(r.get(0, 0)).isEqualTo(java.time.LocalDate.of(2024, 1, 2));
        assertThat(r.get(0, 1)).isEqualTo(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5, 500_000_000));
        assertThat(r.getString(0, 1)).isEqualTo("2024-01-02 03:04:05.5");
        assertThat(r.get(0, 2)).isEqualTo(true);
    }

    @Test
    void describeView() {
        s.execute("CREATE TABLE t(a INT, b VARCHAR)");
        s.execute("CREATE VIEW v AS SELECT a * 2.0 AS twice, b FROM t");
        Result d = s.execute("DESCRIBE v");
        assertThat(rows(d).stream().map(r -> r.subList(0, 3)).toList())
                .containsExactly(List.of("twice", "DOUBLE", "YES"), List.of("b", "VARCHAR", "YES"));
    }
}
