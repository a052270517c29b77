package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.MemoryPool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory accountant (issue 17, item 1): {@code SET memory_limit}, per-operator reservations, and a
 * statement past the limit failing alone with 53200 naming the operator and the sizes.
 */
class MemoryLimitTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @AfterEach
    void close() {
        db.close();
    }

    private String show() {
        return s.execute("SHOW memory_limit").getString(0, 0);
    }

    private NablaException fails(String sql) {
        NablaException e = assertThrows(NablaException.class, () -> s.execute(sql));
        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
        assertThat(db.memoryPool().used()).as("reservations released").isZero();
        return e;
    }

    @Test
    void setShowAndResetTheLimit() {
        long def = db.memoryPool().defaultLimit();
        assertThat(def).isEqualTo((long) (Runtime.getRuntime().maxMemory() * MemoryPool.DEFAULT_HEAP_FRACTION));
        assertThat(show()).isEqualTo(MemoryPool.format(def));
        s.execute("SET memory_limit = '8GB'");
        assertThat(show()).isEqualTo("8GB");
        assertThat(db.memoryPool().limit()).isEqualTo(8L << 30);
        s.execute("SET memory_limit TO '512MB'");
        assertThat(show()).isEqualTo("512MB");
        s.execute("SET memory_limit = '1.5GB'");
        assertThat(show()).isEqualTo("1.5GB");
        s.execute("SET memory_limit = '50%'");
        assertThat(db.memoryPool().limit()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
        s.execute("SET memory_limit = 1048576");
        assertThat(show()).isEqualTo("1MB");
        // one budget for the database: another session sees it
        try (Session other = db.connect()) {
            assertThat(other.execute("SHOW memory_limit").getString(0, 0)).isEqualTo("1MB");
        }
        s.execute("RESET memory_limit");
        assertThat(db.memoryPool().limit()).isEqualTo(def);
        s.execute("SET memory_limit = '64kB'");
        s.execute("SET memory_limit = DEFAULT");
        assertThat(db.memoryPool().limit()).isEqualTo(def);
        for (String bad : new String[] {"'lots'", "'0MB'", "'150%'", "'-1GB'", "0"}) {
            NablaException e = assertThrows(NablaException.class, () -> s.execute("SET memory_limit = " + bad));
            assertThat(e.code()).as(bad).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
        // other settings reset too, and SHOW names them
        s.execute("SET max_recursion = 5");
        assertThat(s.execute("SHOW max_recursion").getString(0, 0)).isEqualTo("5");
        s.execute("RESET max_recursion");
        assertThat(s.execute("SHOW max_recursion").getString(0, 0)).isEqualTo("100000");
        assertThat(s.execute("SHOW fused").getString(0, 0)).isIn("on", "off");
        s.execute("SET adaptive = off");
        assertThat(s.execute("SHOW adaptive").getString(0, 0)).isEqualTo("off");
        assertThat(assertThrows(NablaException.class, () -> s.execute("SHOW no_such_setting"))
                        .code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void explodingCrossJoinFailsWith53200NamingTheResultBuffer() {
        s.execute("SET memory_limit = '64MB'");
        NablaException e = fails("SELECT * FROM range(1000000) a, range(1000000) b");
        assertThat(e.getMessage())
                .startsWith("out of memory: result buffer requested ")
                .contains("in use of memory_limit 64MB");
        // the session goes on
        assertThat(s.execute("SELECT count(*) FROM range(10)").getLong(0, 0)).isEqualTo(10);
    }

    @Test
    void createTableAsPastTheLimitFailsAndLeavesNoTable() {
        s.execute("SET memory_limit = '64MB'");
        NablaException e =
                fails("CREATE TABLE big AS SELECT a.range AS a, b.range AS b FROM range(1000000) a, range(1000000) b");
        assertThat(e.getMessage()).contains("rows written to table big");
        assertThat(assertThrows(NablaException.class, () -> s.execute("SELECT * FROM big"))
                        .code())
                .isEqualTo(ErrorCode.UNKNOWN_TABLE);
    }

    @Test
    void recursiveCteDoublingItsRowsFailsBeforeTheRecursionCap() {
        s.execute("SET memory_limit = '64MB'");
        NablaException e =
                fails("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r, (VALUES (1), (2)) v(y))"
                        + " SELECT count(*) FROM r");
        assertThat(e.getMessage()).contains("recursive CTE \"r\"");
    }

    @Test
    void eachMaterialisingOperatorNamesItself() {
        s.execute("SET memory_limit = '16MB'");
        s.execute("SET fused = off");
        // spilling off: a sort past the limit would otherwise spill to disk and finish (SpillTest)
        s.execute("SET temp_directory = ''");
        String[][] cases = {
            {"SELECT count(*) FROM range(2000000) a JOIN range(2000000) b ON a.range = b.range", "hash join build"},
            {"SELECT count(*) FROM (SELECT range, count(*) FROM range(2000000) GROUP BY range) t", "hash aggregate"},
            {"SELECT count(*) FROM (SELECT DISTINCT range FROM range(2000000)) t", "DISTINCT"},
            {"SELECT count(*) FROM (SELECT range FROM range(2000000) UNION SELECT range FROM range(2000000)) t", "UNION"
            },
            {"SELECT count(*) FROM (SELECT range FROM range(2000000) EXCEPT SELECT range FROM range(1)) t", "EXCEPT"},
            {"SELECT count(*) FROM (SELECT row_number() OVER (ORDER BY range DESC) FROM range(2000000)) t", "window"},
            {"SELECT sum(x) FROM (SELECT range x FROM range(2000000) ORDER BY range DESC OFFSET 1) t", "sort"},
            {"SELECT length(string_agg(repeat('x', 100), ',')) FROM range(1000000)", "aggregate"},
        };
        for (String[] c : cases) {
            NablaException e = fails(c[0]);
            assertThat(e.getMessage()).as(c[0]).startsWith("out of memory: " + c[1] + " requested ");
        }
        // with spilling on, the sort finishes within the same limit
        s.execute("RESET temp_directory");
        assertThat(s.execute(cases[6][0]).getLong(0, 0)).isEqualTo(1999998L * 1999999 / 2);
        assertThat(db.memoryPool().used()).isZero();
        // within the limit the same operators run, and release what they held
        s.execute("SET memory_limit = '256MB'");
        assertThat(s.execute("SELECT count(*) FROM range(100000) a JOIN range(100000) b ON a.range = b.range")
                        .getLong(0, 0))
                .isEqualTo(100000);
        assertThat(db.memoryPool().used()).isZero();
    }

    /** Memory that was not counted before (issue 17): window results, the sample reservoir, subquery caches. */
    @Test
    void windowStringsSampleReservoirAndSubqueryCachesAreCounted() {
        s.execute("SET memory_limit = '16MB'");
        String[][] cases = {
            // a cumulative string_agg holds n^2/2 characters in its results: 200 M here
            {"SELECT count(*) FROM (SELECT string_agg('x', '') OVER (ORDER BY range) FROM range(20000)) t", "window"},
            {"SELECT count(*) FROM (SELECT * FROM range(3000000) USING SAMPLE 1000000 ROWS) t", "USING SAMPLE reservoir"
            },
            {"SELECT count(*) FROM range(3) WHERE range IN (SELECT range FROM range(3000000))", "IN subquery values"},
            {
                "SELECT count(*) FROM range(400000) o WHERE (SELECT max(x) FROM (VALUES (1), (2)) v(x)"
                        + " WHERE x < o.range) IS NOT NULL",
                // the cache fills the budget; the request that finds it full may be the subquery's own aggregate
                "correlated subquery cache|aggregate"
            },
        };
        for (String[] c : cases) {
            NablaException e = fails(c[0]);
            assertThat(e.getMessage()).as(c[0]).matches("out of memory: (" + c[1] + ") requested .*");
        }
        s.execute("SET memory_limit = '256MB'");
        assertThat(s.execute(
                                "SELECT count(*) FROM (SELECT string_agg('x', '') OVER (ORDER BY range) FROM range(2000)) t")
                        .getLong(0, 0))
                .isEqualTo(2000);
        assertThat(s.execute("SELECT count(*) FROM (SELECT * FROM range(30000) USING SAMPLE 1000 ROWS) t")
                        .getLong(0, 0))
                .isEqualTo(1000);
        assertThat(s.execute("SELECT count(*) FROM range(3) WHERE range IN (SELECT range FROM range(30000))")
                        .getLong(0, 0))
                .isEqualTo(3);
        assertThat(db.memoryPool().used()).isZero();
    }

    @Test
    void percentileAndModeCountTheValuesTheyKeep() {
        s.execute("SET memory_limit = '16MB'");
        // 3 M values (about 100 MB kept and sorted): refused, naming the aggregate
        NablaException e = fails("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY range) FROM range(3000000)");
        assertThat(e.getMessage()).startsWith("out of memory: aggregate requested ");
        e = fails("SELECT mode() WITHIN GROUP (ORDER BY 'v' || (range % 1000)) FROM range(3000000)");
        assertThat(e.getMessage()).startsWith("out of memory: aggregate requested ");
        assertThat(db.memoryPool().used()).isZero();
        // within the limit the same aggregate runs
        assertThat(s.execute("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY range) FROM range(100001)")
                        .getLong(0, 0))
                .isEqualTo(50000L);
        assertThat(db.memoryPool().used()).isZero();
    }

    @Test
    void fusedGroupAggregateReservesItsGroups() {
        s.execute("CREATE TABLE g AS SELECT range AS k, range * 0.5 AS v FROM range(1000000)");
        s.execute("SET fused = on");
        String sql = "SELECT count(s) FROM (SELECT k, sum(v) AS s FROM g GROUP BY k) t";
        assertThat(s.execute("EXPLAIN " + sql).toString()).contains("FusedAggregate keys=[k]");
        s.execute("SET memory_limit = '16MB'");
        // spilling off: the kernels' groups are refused
        s.execute("SET temp_directory = ''");
        assertThat(fails(sql).getMessage()).startsWith("out of memory: hash aggregate requested ");
        // spilling on: they hand over to the hash aggregate, which spills (SpillTest)
        s.execute("RESET temp_directory");
        assertThat(s.execute(sql).getLong(0, 0)).isEqualTo(1_000_000);
        assertThat(db.memoryPool().used()).isZero();
        s.execute("RESET memory_limit");
        assertThat(s.execute(sql).getLong(0, 0)).isEqualTo(1_000_000);
    }

    @Test
    void operatorsRerunPerOuterRowDoNotAccumulate() {
        // a correlated subquery's hash aggregate runs once per outer row: each run gives its memory back
        s.execute("SET memory_limit = '4MB'");
        s.execute("CREATE TABLE t AS SELECT range % 100 AS k, range AS v FROM range(20000)");
        long n = s.execute("SELECT count(*) FROM range(300) o WHERE (SELECT count(*) FROM"
                        + " (SELECT DISTINCT v FROM t WHERE k = o.range % 100) d) > 0")
                .getLong(0, 0);
        assertThat(n).isEqualTo(300);
    }

    @Test
    void theGreedyStatementFailsFirstAndABystanderGoesOn() throws Exception {
        s.execute("SET memory_limit = '128MB'");
        s.execute("CREATE TABLE acct(id INTEGER PRIMARY KEY, bal INTEGER)");
        s.execute("INSERT INTO acct SELECT range, 100 FROM range(100)");
        AtomicBoolean greedyDone = new AtomicBoolean();
        CompletableFuture<Throwable> greedy = CompletableFuture.supplyAsync(() -> {
            try (Session g = db.connect()) {
                g.execute("SELECT * FROM range(1000000) a, range(1000000) b");
                return null;
            } catch (Throwable t) {
                return t;
            } finally {
                greedyDone.set(true);
            }
        });
        AtomicLong transfers = new AtomicLong();
        try (Session b = db.connect()) {
            // small transfers, each reading a result, while the greedy one fills the budget
            while (!greedyDone.get() || transfers.get() < 20) {
                long i = transfers.getAndIncrement() % 99;
                b.execute("BEGIN");
                b.execute("UPDATE acct SET bal = bal - 1 WHERE id = " + i);
                b.execute("UPDATE acct SET bal = bal + 1 WHERE id = " + (i + 1));
                b.execute("COMMIT");
                assertThat(b.execute("SELECT * FROM acct ORDER BY id").rowCount())
                        .isEqualTo(100);
            }
            assertThat(b.execute("SELECT sum(bal) FROM acct").getLong(0, 0)).isEqualTo(10_000);
        }
        Throwable t = greedy.get(60, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(NablaException.class);
        assertThat(((NablaException) t).code()).as(t.getMessage()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
        assertThat(db.memoryPool().used()).isZero();
    }

    @Test
    void aBystanderNeedingMemoryStopsTheGreediestStatement() throws Exception {
        // the greedy statement holds most of the budget but stays under it; a bystander's request that does
        // not fit makes the greedy one fail (at its next check) instead of failing itself. Spilling off: with it,
        // both DISTINCTs would spill what does not fit instead (a spilling operator never stops another statement)
        s.execute("SET temp_directory = ''");
        s.execute("SET memory_limit = '1GB'");
        CompletableFuture<Throwable> greedy = CompletableFuture.supplyAsync(() -> {
            try (Session g = db.connect()) {
                // builds a hash table of 600 000 groups, then keeps scanning (and checking) for a long time
                g.execute("SELECT count(*) FROM (SELECT DISTINCT range % 600000 FROM range(1000000000)) t");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        long held = 0;
        for (int stable = 0; stable < 5 && !greedy.isDone(); Thread.sleep(50)) {
            long now = db.memoryPool().used();
            stable = now > 0 && now == held ? stable + 1 : 0;
            held = now;
        }
        assertThat(greedy.isDone()).as("greedy statement still running").isFalse();
        // now the greedy one holds nearly all there is
        s.execute("SET memory_limit = " + (held + (2L << 20)));
        try (Session b = db.connect()) {
            assertThat(b.execute("SELECT count(*) FROM (SELECT DISTINCT range FROM range(200000)) t")
                            .getLong(0, 0))
                    .isEqualTo(200_000);
        }
        Throwable t = greedy.get(30, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(NablaException.class);
        assertThat(((NablaException) t).code()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
        assertThat(t.getMessage()).contains("stopped to free memory for another statement");
    }
}
