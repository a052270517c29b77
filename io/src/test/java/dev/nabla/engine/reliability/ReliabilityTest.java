package dev.nabla.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's reproductions: pathological statements finish or stop promptly and fail with a clean SQLSTATE.
 * The default run is bounded (seconds); {@code -Dnabla.soak=true} runs the full-size versions (see docs/sql.md).
 */
class ReliabilityTest {
    static final boolean SOAK = Boolean.getBoolean("nabla.soak");

    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    private Object scalar(String sql) {
        return s.execute(sql).get(0, 0);
    }

    // ------------------------------------------------------------------ regex (item 3)

    @Test
    void exponentialBacktrackingPatternMatchesInLinearTime() {
        s.setTimeoutMillis(1000);
        for (int n : new int[] {45, 60, SOAK ? 100_000 : 5_000}) {
            Object r = assertTimeoutPreemptively(
                    Duration.ofSeconds(2), () -> scalar("SELECT regexp_matches(repeat('a'," + n + "),'(.*a){8}b')"));
            assertThat(r).isIn(0L, false, 0);
        }
    }

    @Test
    void longInputDoesNotOverflowTheStack() {
        Object r = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> scalar("SELECT regexp_matches(repeat('a',100000)||'b','(a|aa)*c')"));
        assertThat(r).isIn(0L, false, 0);
        assertThat(scalar("SELECT regexp_matches(repeat('a',100000)||'c','^(a|aa)*c$')"))
                .isIn(1L, true, 1);
    }

    @Test
    void constructsRe2LacksAreNamedIn2201B() {
        String[][] cases = {
            {"SELECT regexp_matches('aa', '(a)\\1')", "backreference \\1"},
            {"SELECT 'ab' ~ 'a(?=b)'", "lookahead"},
            {"SELECT 'ab' ~ 'a(?!b)'", "negative lookahead"},
            {"SELECT 'ab' ~ '(?<=a)b'", "lookbehind"},
            {"SELECT 'ab' ~ '(?<!a)b'", "negative lookbehind"},
            {"SELECT regexp_replace('ab', '(?>a)', 'x')", "atomic group"},
            {"SELECT regexp_extract('aab', 'a*+b')", "possessive quantifier"},
            {"SELECT regexp_matches('a', '(')", "missing closing )"},
        };
        for (String[] c : cases) {
            NablaException e = assertThrows(NablaException.class, () -> s.execute(c[0]), c[0]);
            assertThat(e.code()).as(c[0]).isEqualTo(ErrorCode.INVALID_REGEX);
            assertThat(e.code().sqlState()).isEqualTo("2201B");
            assertThat(e.getMessage()).as(c[0]).contains(c[1]);
        }
    }

    // ------------------------------------------------------------------ literals, parse and plan under the timeout
    // (item 4)

    @Test
    void millionDigitLiteralIsOutOfRangeQuickly() {
        s.setTimeoutMillis(1000);
        String digits = "9".repeat(SOAK ? 10_000_000 : 1_000_000);
        long start = System.nanoTime();
        NablaException e = assertThrows(NablaException.class, () -> s.execute("SELECT " + digits));
        assertThat(e.code().sqlState()).isEqualTo("22003");
        assertThat(e.getMessage()).contains("out of range for type DOUBLE");
        assertThat(elapsedMs(start)).isLessThan(1000);
        // still a DOUBLE below DOUBLE's range, as in SQLite; a BIGINT when it fits
        assertThat(scalar("SELECT 1" + "0".repeat(300))).isEqualTo(1e300);
        assertThat(scalar("SELECT -9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(assertThrows(NablaException.class, () -> s.execute("SELECT 1e999"))
                        .code())
                .isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
    }

    /** A statement whose parsing and planning alone outlast the timeout stops at the timeout, not after planning. */
    @Test
    void timeoutCoversParsingAndPlanning() {
        int items = SOAK ? 5_000_000 : 400_000;
        long limit = SOAK ? 3000 : 300;
        StringBuilder sb = new StringBuilder(items * 2 + 8).append("SELECT 1");
        for (int i = 1; i < items; i++) sb.append(",1");
        String sql = sb.toString();
        s.setTimeoutMillis(limit);
        long start = System.nanoTime();
        NablaException e = assertThrows(NablaException.class, () -> s.execute(sql));
        long ms = elapsedMs(start);
        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CANCELLED);
        // the margin is for garbage-collection pauses on a loaded machine; before the fix this ran to completion
        assertThat(ms).isLessThan(limit + 2000);
        // the same through executeScript (the JDBC driver's path), whose parse is also timed
        start = System.nanoTime();
        e = assertThrows(NablaException.class, () -> s.executeScript(sql));
        assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(elapsedMs(start)).isLessThan(limit + 2000);
    }

    // ------------------------------------------------------------------ time to cancel per operator (item 6)

    /**
     * Each operator, fed enough rows to run for seconds, stops within a bounded time of its timeout. The
     * default run uses 2 M rows and a 300 ms timeout; {@code -Dnabla.soak=true} uses 20 M rows and a 2 s
     * timeout (the ORDER BY reproduction) and prints the table that docs/benchmarks.md quotes.
     */
    @Test
    void everyOperatorStopsSoonAfterItsTimeout(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        int rows = SOAK ? 20_000_000 : 2_000_000;
        long timeout = SOAK ? 2000 : 300;
        s.execute(
                "CREATE TABLE big AS SELECT range AS x, (range * 7919) % 1000003 AS y, 'v' || (range % 1000) AS s FROM range("
                        + rows + ")");
        String csv = dir.resolve("big.csv").toString().replace("'", "''");
        s.execute("SET max_recursion = 2000000000");
        s.execute("COPY (SELECT x, y, s FROM big) TO '" + csv + "'");
        String[][] cases = {
            {"scan + filter", "SELECT count(*) FROM big a, big b WHERE a.x + b.y = -1"},
            {"sort (ORDER BY)", "SELECT x FROM big ORDER BY y DESC, s"},
            {"hash aggregate", "SELECT count(*) FROM (SELECT a.y + b.x, count(*) FROM big a, big b GROUP BY 1) t"},
            {"hash join", "SELECT count(*) FROM big a JOIN big b ON a.x % 1000 = b.y % 1000"},
            {
                "window",
                "SELECT max(r) FROM (SELECT row_number() OVER (PARTITION BY x % 7 ORDER BY y) AS r FROM big a, (SELECT 1 FROM range(20)) b) t"
            },
            {
                "window (one partition, a frame per row)",
                "SELECT count(c) FROM (SELECT stddev(y) OVER (ORDER BY x ROWS BETWEEN 100000 PRECEDING AND CURRENT ROW) AS c FROM big) t"
            },
            {"distinct", "SELECT count(*) FROM (SELECT DISTINCT a.x, b.y FROM big a, big b) t"},
            {"regex", "SELECT count(*) FROM big a, big b WHERE regexp_matches(a.s || b.s, '(v1|v2)+9$')"},
            {"string building (string_agg)", "SELECT length(string_agg(a.s || b.s, ',')) FROM big a, big b"},
            {"recursive CTE", "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"},
            {
                "CSV read (IO)",
                "SELECT count(*) FROM read_csv('" + csv + "') a, read_csv('" + csv + "') b WHERE a.x = b.y + 0.5"
            },
            {"CSV write (IO)", "COPY (SELECT a.x, b.s FROM big a, big b) TO '" + csv + ".out.csv'"},
        };
        StringBuilder table = new StringBuilder(
                "| operator | timeout | stopped after | overshoot | of which GC |\n|---|---:|---:|---:|---:|\n");
        long worst = 0;
        String only = System.getProperty("nabla.cancel.only");
        for (String[] c : cases) {
            if (only != null && !c[0].matches(only)) continue;
            s.setTimeoutMillis(timeout);
            long gcBefore = gcMillis();
            long start = System.nanoTime();
            NablaException e = assertTimeoutPreemptively(
                    Duration.ofSeconds(60), () -> assertThrows(NablaException.class, () -> s.execute(c[1]), c[0]));
            long ms = elapsedMs(start);
            long gc = gcMillis() - gcBefore;
            assertThat(e.code()).as(c[0] + ": " + e.getMessage()).isEqualTo(ErrorCode.CANCELLED);
            table.append("| ")
                    .append(c[0])
                    .append(" | ")
                    .append(timeout)
                    .append(" ms | ")
                    .append(ms)
                    .append(" ms | ")
                    .append(ms - timeout)
                    .append(" ms | ")
                    .append(gc)
                    .append(" ms |\n");
            // garbage-collection pauses stop every thread, the cancel checks included: they are not the operator's
            // delay
            worst = Math.max(worst, ms - timeout - gc);
            s.setTimeoutMillis(0);
        }
        System.out.println("time to cancel, " + rows + " rows:\n" + table);
        // overshoot beyond GC time; generous for a loaded two-core CI machine; docs/benchmarks.md quotes the soak
        // figures
        assertThat(worst).as(table.toString()).isLessThan(SOAK ? 1000 : 1500);
    }

    /**
     * {@code COPY (query) TO} streams: a result four times {@code memory_limit} is written whole (it held
     * the whole result before), and a cancelled COPY leaves no partial file behind.
     */
    @Test
    void copyStreamsItsQueryAndACancelledCopyLeavesNoFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        s.execute("SET memory_limit = '16MB'");
        java.nio.file.Path out = dir.resolve("pairs.csv");
        Object n = s.execute(
                        "COPY (SELECT a.range AS a, b.range AS b FROM range(4000) a, range(1000) b) TO '" + out + "'")
                .updateCount();
        assertThat(n).isEqualTo(4_000_000L);
        try (var lines = java.nio.file.Files.lines(out)) {
            assertThat(lines.count()).isEqualTo(4_000_001L);
        }
        // the same result, materialised, is past the limit
        NablaException e = assertThrows(
                NablaException.class,
                () -> s.execute("SELECT a.range AS a, b.range AS b FROM range(4000) a, range(1000) b"));
        assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
        java.nio.file.Path cancelled = dir.resolve("cancelled.csv");
        s.setTimeoutMillis(300);
        long start = System.nanoTime();
        NablaException c = assertThrows(
                NablaException.class,
                () -> s.execute("COPY (SELECT a.range, b.range FROM range(1000000) a, range(1000000) b) TO '"
                        + cancelled + "'"));
        long ms = elapsedMs(start);
        assertThat(c.code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(ms).isLessThan(3_000);
        assertThat(cancelled).doesNotExist();
        s.setTimeoutMillis(0);
        assertThat(db.memoryPool().used()).isZero();
    }

    static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Milliseconds this JVM has spent in garbage collection so far (pauses stop the statement's thread too). */
    static long gcMillis() {
        long t = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans())
            t += Math.max(0, gc.getCollectionTime());
        return t;
    }

    // ------------------------------------------------------------------ one string cap (item 2)

    /**
     * Every way of building a string past 2^30 characters fails with 54000, never OutOfMemoryError. The
     * default run takes the cases that are refused before anything large is built; {@code -Dnabla.soak=true}
     * adds those that must first build a value near the cap (a few GB of heap).
     */
    @Test
    void stringsPastTheCapFailWith54000() {
        s.execute("CREATE TABLE m AS SELECT repeat('x', 1 << 20) AS s, 'x' AS c");
        List<String> cases = new ArrayList<>(List.of(
                "SELECT length(repeat('ab', 1 << 30)) FROM m",
                "SELECT length(repeat(s, 1 << 11)) FROM m",
                "SELECT length(repeat(s, 9223372036854775807)) FROM m",
                "SELECT length(lpad('a', (1 << 30) + 1)) FROM m",
                "SELECT length(rpad('a', 5000000000)) FROM m",
                "SELECT length(replace(s, 'x', repeat('y', 1 << 11))) FROM m",
                "SELECT length(printf('%1073741825d', 1)) FROM m",
                "SELECT length(printf('%.99999999999999f', 1.5)) FROM m"));
        if (SOAK) {
            cases.addAll(List.of(
                    "SELECT length(repeat(s, 1 << 9) || repeat(s, 1 << 9) || 'z') FROM m",
                    "SELECT length(concat(repeat(s, 1 << 9), repeat(s, 1 << 9), 'z')) FROM m",
                    "SELECT length(concat_ws(',', repeat(s, 1 << 9), repeat(s, 1 << 9))) FROM m",
                    "SELECT length(string_agg(s, ',')) FROM m, range(1100)",
                    "SELECT length(string_agg(s, ',' ORDER BY range)) FROM m, range(1100)",
                    "SELECT length(regexp_replace(repeat(s, 1 << 9), 'x', 'yyyy', 'g')) FROM m",
                    "SELECT length(hex(repeat(s, 1 << 9) || 'z')) FROM m"));
        }
        for (String sql : cases) {
            NablaException e = assertThrows(NablaException.class, () -> s.execute(sql), sql);
            assertThat(e.code()).as(sql + ": " + e.getMessage()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(e.code().sqlState()).isEqualTo("54000");
            assertThat(e.getMessage()).as(sql).contains("string too long");
        }
        assertThat(scalar("SELECT length(replace(s, 'x', 'yy')) FROM m")).isEqualTo(2L << 20);
        assertThat(scalar("SELECT length(regexp_replace(s, 'x', 'yy', 'g')) FROM m"))
                .isEqualTo(2L << 20);
    }

    // ------------------------------------------------------------------ SQLSTATE consistency (item 9)

    /** User-caused failures get their own SQLSTATE, never internal XX000; limits of one kind share one code. */
    @Test
    void userCausedFailuresAreNeverInternal() {
        s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR NOT NULL)");
        s.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        StringBuilder cte = new StringBuilder("WITH c0 AS (SELECT 1 AS x)");
        for (int i = 1; i < 10_000; i++)
            cte.append(", c")
                    .append(i)
                    .append(" AS (SELECT x FROM c")
                    .append(i - 1)
                    .append(')');
        cte.append(" SELECT x FROM c9999");
        String deepParens = "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000);
        String longChain = "SELECT 1" + " + 1".repeat(5000);
        String deepSubquery = "SELECT * FROM " + "(SELECT * FROM ".repeat(2000) + "t" + ") q".repeat(2000);
        Object[][] cases = {
            {cte.toString(), "54001"},
            {deepParens, "54001"},
            {longChain, "54001"},
            {deepSubquery, "54001"},
            {"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", "54001"},
            {"SELECT " + "9".repeat(400), "22003"},
            {"SELECT 1e999", "22003"},
            {"SELECT 9223372036854775807 + 1", "22003"},
            {"SELECT CAST(1e300 AS INTEGER)", "22003"},
            {"SELECT CAST('x' AS INTEGER)", "22P02"},
            {"SELECT regexp_matches('a', '(a)\\1')", "2201B"},
            {"SELECT regexp_matches(repeat('a',100000)||'b','(a|aa)*c') OR 'x' ~ '('", "2201B"},
            {"SELECT repeat('x', 1 << 31)", "54000"},
            {"SELECT (SELECT id FROM t)", "21000"},
            {"INSERT INTO t VALUES (1, 'c')", "23505"},
            {"INSERT INTO t VALUES (3, NULL)", "23502"},
            {"SELECT * FROM missing", "42P01"},
            {"SELECT nope FROM t", "42703"},
            {"SELECT nope(1)", "42883"},
            {"SELECT FROM WHERE", "42601"},
            {"SELECT * FROM read_csv('/nonexistent/nabla.csv')", "58030"},
        };
        for (Object[] c : cases) {
            String sql = (String) c[0];
            String shown = sql.length() > 80 ? sql.substring(0, 80) + "..." : sql;
            NablaException e = assertThrows(NablaException.class, () -> s.execute(sql), shown);
            assertThat(e.code()).as(shown + ": " + e.getMessage()).isNotEqualTo(ErrorCode.INTERNAL);
            assertThat(e.code().sqlState()).as(shown + ": " + e.getMessage()).isEqualTo(c[1]);
        }
    }

    // ------------------------------------------------------------------ keyed writes (item 8)

    /** Point UPDATE/DELETE/SELECT by a key agree with a scan, whatever the transaction has done before. */
    @Test
    void keyLookupsAgreeWithScans() {
        s.execute("CREATE TABLE acct (id BIGINT PRIMARY KEY, code VARCHAR UNIQUE, bal DOUBLE)");
        s.execute("INSERT INTO acct SELECT range, 'c' || range, 100 FROM range(100000)");
        assertThat(s.execute("UPDATE acct SET bal = bal + 5 WHERE id = 7").updateCount())
                .isEqualTo(1);
        assertThat(s.execute("UPDATE acct SET bal = bal + 5 WHERE id = -7").updateCount())
                .isZero();
        assertThat(s.execute("UPDATE acct SET bal = bal + 1 WHERE code = 'c8'").updateCount())
                .isEqualTo(1);
        assertThat(s.execute("UPDATE acct SET bal = bal + 1 WHERE id = 9 AND bal > 1000")
                        .updateCount())
                .isZero();
        assertThat(s.execute("UPDATE acct SET bal = bal + 1 WHERE id = ?", 10L).updateCount())
                .isEqualTo(1);
        s.execute("BEGIN");
        s.execute("UPDATE acct SET bal = bal + 1 WHERE id = 7");
        s.execute("DELETE FROM acct WHERE id = 8");
        assertThat(s.execute("UPDATE acct SET bal = 0 WHERE id = 8").updateCount())
                .isZero();
        s.execute("INSERT INTO acct VALUES (8, 'new8', 1)");
        assertThat(s.execute("UPDATE acct SET bal = bal + 1 WHERE id = 8").updateCount())
                .isEqualTo(1);
        assertThat(scalar("SELECT bal FROM acct WHERE id = 8")).isEqualTo(2.0);
        assertThat(scalar("SELECT bal FROM acct WHERE code = 'new8'")).isEqualTo(2.0);
        assertThat(s.execute("SELECT bal FROM acct WHERE code = 'c8'").rowCount())
                .isZero();
        assertThat(scalar("SELECT bal FROM acct WHERE id = 7")).isEqualTo(106.0);
        s.execute("ROLLBACK");
        assertThat(scalar("SELECT bal FROM acct WHERE id = 7")).isEqualTo(105.0);
        assertThat(scalar("SELECT bal FROM acct WHERE id = 8")).isEqualTo(101.0);
        assertThat(s.execute("DELETE FROM acct WHERE id = 10").updateCount()).isEqualTo(1);
        assertThat(s.execute("SELECT * FROM acct WHERE id = 10").rowCount()).isZero();
        // the same statements by scan (no key in the predicate) see the same table
        assertThat(scalar("SELECT sum(bal) FROM acct WHERE id + 0 IN (7, 8, 9)"))
                .isEqualTo(105.0 + 101.0 + 100.0);
        assertThat(scalar("SELECT count(*) FROM acct")).isEqualTo(99_999L);
    }

    /**
     * Differential check of key lookups: random keyed UPDATEs, DELETEs, INSERTs and key changes, inside and
     * outside transactions, with rollbacks; after each step the keyed form of a query ({@code id = ?},
     * {@code code = ?}) must return what the scanning form ({@code id - ? = 0}, {@code code || '' = ?})
     * returns. The seed is printed; {@code -Dnabla.seed=N} replays one.
     */
    @Test
    void keyLookupsMatchScansUnderRandomWrites() {
        long seed = Long.getLong("nabla.seed", System.nanoTime());
        System.out.println("keyLookupsMatchScansUnderRandomWrites seed " + seed);
        java.util.Random rnd = new java.util.Random(seed);
        s.execute("CREATE TABLE k (id BIGINT PRIMARY KEY, code VARCHAR UNIQUE, v BIGINT)");
        s.execute("INSERT INTO k SELECT range, 'c' || range, 0 FROM range(300)");
        boolean inTxn = false;
        int steps = SOAK ? 20_000 : 1_500;
        for (int step = 0; step < steps; step++) {
            long id = rnd.nextInt(340) - 5;
            String code = "c" + rnd.nextInt(340);
            String where = "seed " + seed + " step " + step;
            switch (rnd.nextInt(8)) {
                case 0 -> {
                    if (!inTxn) {
                        s.execute("BEGIN");
                        inTxn = true;
                    }
                }
                case 1 -> {
                    if (inTxn) {
                        s.execute(rnd.nextBoolean() ? "COMMIT" : "ROLLBACK");
                        inTxn = false;
                    }
                }
                case 2 -> {
                    long expected = (Long) s.execute("SELECT count(*) FROM k WHERE id - ? = 0", id)
                            .get(0, 0);
                    assertThat(s.execute("UPDATE k SET v = v + 1 WHERE id = ?", id)
                                    .updateCount())
                            .as(where)
                            .isEqualTo(expected);
                }
                case 3 -> {
                    long expected = (Long) s.execute("SELECT count(*) FROM k WHERE code || '' = ?", code)
                            .get(0, 0);
                    assertThat(s.execute("DELETE FROM k WHERE code = ?", code).updateCount())
                            .as(where)
                            .isEqualTo(expected);
                }
                case 4 -> {
                    try {
                        s.execute("INSERT INTO k VALUES (?, ?, 0)", id, code);
                    } catch (NablaException e) {
                        assertThat(e.code()).as(where + ": " + e.getMessage()).isEqualTo(ErrorCode.UNIQUE_VIOLATION);
                    }
                }
                case 5 -> {
                    try {
                        s.execute("UPDATE k SET id = id + 1 WHERE id = ?", id);
                    } catch (NablaException e) {
                        assertThat(e.code()).as(where + ": " + e.getMessage()).isEqualTo(ErrorCode.UNIQUE_VIOLATION);
                    }
                }
                default -> {
                    List<String> keyed = rowsOf(s.execute("SELECT id, code, v FROM k WHERE id = ?", id));
                    List<String> scanned = rowsOf(s.execute("SELECT id, code, v FROM k WHERE id - ? = 0", id));
                    assertThat(keyed).as(where).isEqualTo(scanned);
                    assertThat(rowsOf(s.execute("SELECT id, code, v FROM k WHERE code = ?", code)))
                            .as(where)
                            .isEqualTo(rowsOf(s.execute("SELECT id, code, v FROM k WHERE code || '' = ?", code)));
                }
            }
        }
        if (inTxn) s.execute("COMMIT");
    }

    private static List<String> rowsOf(dev.nabla.engine.Result r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < r.columnCount(); c++) sb.append(r.get(i, c)).append('|');
            out.add(sb.toString());
        }
        return out;
    }

    /**
     * Keyed UPDATEs from one session (prepared, autocommit) on a table of 2 M rows in the soak run
     * (200 000 by default) find their row through the primary-key index: compared in the same run with the
     * same UPDATE forced to scan ({@code abs(id) = ?}), they must be several times faster. The soak figure is
     * in docs/benchmarks.md.
     */
    @Test
    void keyedUpdatesDoNotScanTheTable() {
        int rows = SOAK ? 2_000_000 : 200_000;
        s.execute("CREATE TABLE acct (id BIGINT PRIMARY KEY, bal DOUBLE)");
        s.execute("INSERT INTO acct SELECT range, 100 FROM range(" + rows + ")");
        java.util.Random rnd = new java.util.Random(17);
        double keyed = updatesPerSecond(
                s.prepare("UPDATE acct SET bal = bal + ? WHERE id = ?"), rows, SOAK ? 100_000 : 3_000, rnd);
        double scanned = updatesPerSecond(
                s.prepare("UPDATE acct SET bal = bal + ? WHERE abs(id) = ?"), rows, SOAK ? 300 : 100, rnd);
        System.out.printf("UPDATEs by key on %d rows: %.0f/s (by scan: %.0f/s)%n", rows, keyed, scanned);
        assertThat(keyed).isGreaterThan(3 * scanned);
    }

    private double updatesPerSecond(dev.nabla.engine.PreparedQuery q, int rows, int n, java.util.Random rnd) {
        for (int i = 0; i < Math.max(10, n / 10); i++) q.execute(1.0, (long) rnd.nextInt(rows));
        long start = System.nanoTime();
        for (int i = 0; i < n; i++)
            assertThat(q.execute(1.0, (long) rnd.nextInt(rows)).updateCount()).isEqualTo(1);
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
