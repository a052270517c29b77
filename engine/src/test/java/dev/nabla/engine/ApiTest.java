package dev.nabla.engine;

import static dev.nabla.engine.DdlDmlTest.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void preparedStatementsRunManyTimesWithoutReplanning() {
        s.execute("CREATE TABLE t(id BIGINT, x DOUBLE)");
        PreparedQuery ins = s.prepare("INSERT INTO t VALUES (?, ?)");
        assertThat(ins.parameterCount()).isEqualTo(2);
        assertThat(ins.parameterTypes()).containsExactly(DataType.BIGINT, DataType.DOUBLE);
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) ins.execute(i, i * 0.5);
        PreparedQuery q = s.prepare("SELECT x FROM t WHERE id = ?");
        double sum = 0;
        for (int i = 0; i < 10_000; i += 10) sum += q.execute(i).getDouble(0, 0);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(s.execute("SELECT count(*), sum(x) FROM t").getLong(0, 0)).isEqualTo(10_000);
        assertThat(sum)
                .isEqualTo(java.util.stream.IntStream.range(0, 1000)
                        .mapToDouble(i -> i * 10 * 0.5)
                        .sum());
        assertThat(ms).as("10k prepared inserts + 1k lookups took %d ms", ms).isLessThan(10_000);
    }

    @Test
    void preparedStatementsReplanAfterCatalogChanges() {
        s.execute("CREATE TABLE t(a INT)");
        s.execute("INSERT INTO t VALUES (1)");
        PreparedQuery q = s.prepare("SELECT count(*) FROM t");
        Object plan = q.currentPlan();
        assertThat(q.execute().getLong(0, 0)).isEqualTo(1);
        s.execute("INSERT INTO t VALUES (2)"); // data changes do not re-plan
        assertThat(q.execute().getLong(0, 0)).isEqualTo(2);
        assertThat(q.currentPlan()).isSameAs(plan);
        s.execute("DROP TABLE t");
        s.execute("CREATE TABLE t(a INT, b INT)");
        assertThat(q.execute().getLong(0, 0)).isZero();
        assertThat(q.currentPlan()).isNotSameAs(plan);
        s.execute("DROP TABLE t");
        assertThat(code(q::execute)).isEqualTo(ErrorCode.UNKNOWN_TABLE);
    }

    @Test
    void executeWithParameters() {
        assertThat(s.execute("SELECT ? * 2", 21).getLong(0, 0)).isEqualTo(42);
        assertThat(s.execute("SELECT ? || ?", "a", "b").getString(0, 0)).isEqualTo("ab");
    }

    @Test
    void preparedStatementsSeeSettingsChangedAfterPrepare() {
        PreparedQuery q = s.prepare("SELECT current_setting('threads')");
        s.execute("SET threads = 1");
        Object plan = q.currentPlan();
        assertThat(q.execute().getString(0, 0)).isEqualTo("1");
        assertThat(q.currentPlan()).isNotSameAs(plan);
        plan = q.currentPlan();
        assertThat(q.execute().getString(0, 0)).isEqualTo("1");
        assertThat(q.currentPlan()).as("no SET since: the plan is kept").isSameAs(plan);
        s.execute("SET threads = 2");
        assertThat(q.execute().getString(0, 0)).isEqualTo("2");
        s.execute("RESET threads");
        assertThat(q.execute().getString(0, 0))
                .isEqualTo(s.execute("SELECT current_setting('threads')").getString(0, 0));
    }

    @Test
    void parameterCountIsChecked() {
        PreparedQuery q = s.prepare("SELECT ? + 1");
        assertThat(code(() -> q.execute())).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(code(() -> q.execute(1, 2))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void registerTableIsZeroCopy() {
        double[] xs = {1, 2, 3};
        long[] ids = {10, 20, 30};
        String[] names = {"a", "b", null};
        db.registerTable("arr", List.of("x", "id", "name"), List.of(xs, ids, names));
        assertThat(s.execute("SELECT sum(x), sum(id), count(name) FROM arr").getDouble(0, 0))
                .isEqualTo(6.0);
        // documented: the table reads the caller's arrays in place
        xs[0] = 100;
        assertThat(s.execute("SELECT sum(x) FROM arr").getDouble(0, 0)).isEqualTo(105.0);
        Result d = s.execute("DESCRIBE arr");
        assertThat(d.getString(0, 1)).isEqualTo("DOUBLE");
        assertThat(d.getString(1, 1)).isEqualTo("BIGINT");
        assertThat(d.getString(2, 1)).isEqualTo("VARCHAR");
        db.registerTable("arr", List.of("y"), List.of(DataType.INTEGER), List.of(new long[] {7}));
        assertThat(s.execute("SELECT y FROM arr").getLong(0, 0)).isEqualTo(7);
    }

    @Test
    void resultAccessors() {
        Result r = s.execute("SELECT generate_series AS i, generate_series * 0.5 AS h, 'v' || generate_series AS s, "
                + "DATE '2024-01-02' AS d, NULL AS n FROM generate_series(1, 5000)");
        assertThat(r.rowCount()).isEqualTo(5000);
        assertThat(r.longColumn(0)[4999]).isEqualTo(5000);
        assertThat(r.doubleColumn(1)[2999]).isEqualTo(1500.0);
        assertThat(r.getString(4999, 2)).isEqualTo("v5000");
        assertThat(r.get(0, 3)).isEqualTo(java.time.LocalDate.of(2024, 1, 2));
        assertThat(r.get(0, 4)).isNull();
        assertThat(r.isNull(0, 4)).isTrue();
        assertThat(r.getString(2047, 0)).isEqualTo("2048");
        assertThat(r.getString(2048, 0)).isEqualTo("2049");
    }

    @Test
    void generateSeriesStreamsTenMillionRows() {
        long start = System.nanoTime();
        Result r = s.execute("SELECT sum(generate_series), count(*) FROM generate_series(1, 10000000)");
        assertThat(r.getLong(0, 0)).isEqualTo(10_000_000L * 10_000_001L / 2);
        assertThat(r.getLong(0, 1)).isEqualTo(10_000_000L);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(30_000);
    }

    @Test
    void rangeAndSeriesVariants() {
        assertThat(s.execute("SELECT count(*) FROM range(10)").getLong(0, 0)).isEqualTo(10);
        assertThat(s.execute("SELECT sum(range) FROM range(2, 10, 3)").getLong(0, 0))
                .isEqualTo(2 + 5 + 8);
        assertThat(s.execute("SELECT count(*) FROM generate_series(10, 1, -3)").getLong(0, 0))
                .isEqualTo(4);
        Result d = s.execute("SELECT generate_series FROM generate_series(0.0, 1.0, 0.25)");
        assertThat(d.columnTypes()).containsExactly(DataType.DOUBLE);
        assertThat(d.doubleColumn(0)).containsExactly(0, 0.25, 0.5, 0.75, 1.0);
        assertThat(s.execute("SELECT count(*) FROM generate_series(5, 1)").getLong(0, 0))
                .isZero();
        assertThat(code(() -> s.execute("SELECT * FROM range(1, 10, 0)"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void cancelFromAnotherThreadLeavesSessionUsable() throws Exception {
        CompletableFuture<Result> running =
                CompletableFuture.supplyAsync(() -> s.execute("SELECT sum(range) FROM range(1000000000000)"));
        Thread.sleep(200);
        s.cancel();
        try {
            running.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected cancellation");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(NablaException.class);
            assertThat(((NablaException) e.getCause()).code()).isEqualTo(ErrorCode.CANCELLED);
            assertThat(e.getCause().getMessage()).isEqualTo("statement cancelled");
        }
        assertThat(s.execute("SELECT 1 + 1").getLong(0, 0)).isEqualTo(2);
    }

    @Test
    void timeoutCancelsAndRollsBack() {
        s.execute("CREATE TABLE t(a BIGINT)");
        s.setTimeoutMillis(100);
        assertThat(code(() -> s.execute("INSERT INTO t SELECT range FROM range(1000000000000)")))
                .isEqualTo(ErrorCode.CANCELLED);
        s.setTimeoutMillis(0);
        assertThat(s.execute("SELECT count(*) FROM t").getLong(0, 0)).isZero();
        s.execute("INSERT INTO t VALUES (1)");
    }

    @Test
    void explainShowsPlans() {
        s.execute("CREATE TABLE t(a INT)");
        Result e = s.execute("EXPLAIN SELECT a + 1 FROM t WHERE a > 3");
        assertThat(e.columnNames()).containsExactly("plan");
        assertThat(e.rowCount()).isPositive();
        String text = String.join(
                "\n",
                java.util.stream.IntStream.range(0, (int) e.rowCount())
                        .mapToObj(i -> e.getString(i, 0))
                        .toList());
        assertThat(text.toLowerCase()).contains("t");
        Result a = s.execute("EXPLAIN ANALYZE SELECT count(*) FROM range(1000)");
        String last = a.getString((int) a.rowCount() - 1, 0);
        assertThat(last).startsWith("rows: 1, time: ");
    }

    @Test
    void closeIsIdempotent() {
        Session other = db.connect();
        other.close();
        other.close();
        assertThat(code(() -> other.execute("SELECT 1"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        db.close();
        db.close();
        assertThat(code(db::connect)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void parametersAreConvertedToTheirTypes() {
        s.execute("CREATE TABLE ev(id INTEGER, at DATE, ts TIMESTAMP, ok BOOLEAN, w DOUBLE, name VARCHAR)");
        PreparedQuery ins = s.prepare("INSERT INTO ev VALUES (?, ?, ?, ?, ?, ?)");
        assertThat(ins.parameterTypes())
                .containsExactly(
                        DataType.INTEGER,
                        DataType.DATE,
                        DataType.TIMESTAMP,
                        DataType.BOOLEAN,
                        DataType.DOUBLE,
                        DataType.VARCHAR);
        ins.execute(1, java.time.LocalDate.of(2024, 3, 1), java.time.LocalDateTime.of(2024, 3, 1, 12, 0), true, 3, "a");
        ins.execute(2L, "2024-03-02", "2024-03-02 13:30:00", false, 2.5f, 42);
        ins.execute(null, null, null, null, null, null);
        Result r = s.execute("SELECT id, at, ts, ok, w, name FROM ev ORDER BY id NULLS LAST");
        assertThat(r.get(0, 1)).isEqualTo(java.time.LocalDate.of(2024, 3, 1));
        assertThat(r.get(1, 2)).isEqualTo(java.time.LocalDateTime.of(2024, 3, 2, 13, 30));
        assertThat(r.get(1, 3)).isEqualTo(false);
        assertThat(r.getDouble(0, 4)).isEqualTo(3.0);
        assertThat(r.getString(1, 5)).isEqualTo("42");
        assertThat(r.isNull(2, 0)).isTrue();
        assertThat(code(() -> ins.execute("x", null, null, null, null, null))).isEqualTo(ErrorCode.INVALID_CAST);
        assertThat(code(() -> ins.execute(10_000_000_000L, null, null, null, null, null)))
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
        assertThat(code(() -> ins.execute(1, new Object(), null, null, null, null)))
                .isEqualTo(ErrorCode.TYPE_MISMATCH);
    }
}
