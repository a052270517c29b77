package dev.nabla.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.PreparedQuery;
import dev.nabla.engine.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's soak: concurrent writers (read-then-write and blind transfers, statements failing midway), exploding
 * queries (cross joins, doubling recursion, huge sorts and aggregates, giant strings) under a small memory_limit,
 * random cancels and timeouts, and a checker that the money is preserved in every snapshot it reads. Every
 * failure must be a NablaException with one of the documented SQLSTATEs; no Java Error or other exception may
 * escape. The default run lasts 8 s (part of ./run-tests); {@code -Dnabla.soak.seconds=1800} is the long run
 * (docs/benchmarks.md, "Soak").
 */
class SoakTest {
    private static final long SECONDS = Long.getLong("nabla.soak.seconds", 8);
    private static final int ACCOUNTS = 1_000;
    private static final long EACH = 1_000;

    /** The SQLSTATEs a statement of this workload may end with (docs/sql.md, Errors). */
    private static final Set<String> DOCUMENTED = Set.of(
            ErrorCode.SERIALIZATION_FAILURE.sqlState(), // 40001: a transfer lost the first-committer race
            ErrorCode.OUT_OF_MEMORY.sqlState(), // 53200: over memory_limit
            ErrorCode.CANCELLED.sqlState(), // 57014: cancel or timeout
            ErrorCode.TRANSACTION.sqlState(), // 25000: lock_timeout, or ROLLBACK after a cancelled COMMIT
            ErrorCode.RECURSION_LIMIT.sqlState(), // 54001: max_recursion
            ErrorCode.LIMIT_EXCEEDED.sqlState(), // 54000: the string cap
            ErrorCode.CHECK_VIOLATION.sqlState()); // 23514: the failing statement a writer runs on purpose

    private static final String[] EXPLODING = {
        "SELECT * FROM range(1000000) a, range(1000000) b",
        "SELECT a.range + b.range AS s FROM range(100000) a, range(100000) b ORDER BY s DESC LIMIT 5",
        "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r, (VALUES (1), (2)) v(y))"
                + " SELECT count(*) FROM r",
        "SELECT range % 1000003 AS k, count(*) FROM range(6000000) GROUP BY k ORDER BY k LIMIT 3",
        "SELECT length(string_agg(repeat('x', 1000), ',')) FROM range(3000000)",
        "SELECT count(*) FROM (SELECT range, sum(range) OVER (ORDER BY range DESC) FROM range(3000000)) t",
        "SELECT regexp_matches(x, '(a|aa)*c') FROM (SELECT repeat('a', 50000) || 'b' AS x) t",
    };

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    /** Classifies a failure: a documented SQLSTATE is counted, anything else is a violation. */
    private void failed(String role, Throwable e) {
        if (e instanceof NablaException n && DOCUMENTED.contains(n.code().sqlState())) {
            count(role + " " + n.code().sqlState());
            return;
        }
        violations.add(role + ": " + e);
    }

    @Test
    void writersExplodingQueriesCancelsAndMemoryPressure() throws Exception {
        try (Database db = Nabla.open()) {
            try (Session setup = db.connect()) {
                setup.execute("SET memory_limit = '192MB'");
                setup.execute("CREATE TABLE acct(id INTEGER PRIMARY KEY, bal BIGINT CHECK (bal > -1000000))");
                setup.execute("INSERT INTO acct SELECT range, " + EACH + " FROM range(" + ACCOUNTS + ")");
            }
            long end = System.nanoTime() + SECONDS * 1_000_000_000L;
            List<Session> cancellable = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                long seed = w;
                threads.add(Thread.ofPlatform().name("writer-" + w).start(() -> writer(db, seed, end, cancellable)));
            }
            if (!Boolean.getBoolean("nabla.soak.noexplode"))
                threads.add(Thread.ofPlatform().name("exploder").start(() -> exploder(db, end, cancellable)));
            threads.add(Thread.ofPlatform().name("checker").start(() -> checker(db, end)));
            if (!Boolean.getBoolean("nabla.soak.nocancel"))
                threads.add(Thread.ofPlatform().name("canceller").start(() -> canceller(end, cancellable)));
            for (Thread t : threads) t.join();
            try (Session s = db.connect()) {
                long total = s.execute("SELECT sum(bal) FROM acct").getLong(0, 0);
                if (total != ACCOUNTS * EACH) violations.add("final total " + total);
                // the memory budget is whole again once every statement has ended
                s.execute("SELECT count(*) FROM range(1000) a, range(1000) b");
            }
        }
        System.out.println(
                "soak " + SECONDS + " s: " + new java.util.TreeMap<>(counts) + " violations " + violations.size());
        assertThat(violations).isEmpty();
        assertThat(counts.getOrDefault("transfer committed", new AtomicLong()).get())
                .isPositive();
        assertThat(counts.getOrDefault("check", new AtomicLong()).get()).isPositive();
    }

    /** Transfers: read-then-write (retried on 40001), blind, and some with a statement that fails midway. */
    private void writer(Database db, long seed, long end, List<Session> cancellable) {
        Random rnd = new Random(seed);
        try (Session s = db.connect()) {
            cancellable.add(s);
            PreparedQuery read = s.prepare("SELECT bal FROM acct WHERE id = ?");
            PreparedQuery set = s.prepare("UPDATE acct SET bal = ? WHERE id = ?");
            PreparedQuery add = s.prepare("UPDATE acct SET bal = bal + ? WHERE id = ?");
            while (System.nanoTime() < end) {
                int from = rnd.nextInt(ACCOUNTS), to = (from + 1 + rnd.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                int amount = rnd.nextInt(100);
                int kind = Integer.getInteger("nabla.soak.kind", rnd.nextInt(10));
                try {
                    s.execute("BEGIN");
                    if (kind < 5) {
                        long f = read.execute(from).getLong(0, 0),
                                g = read.execute(to).getLong(0, 0);
                        set.execute(f - amount, from);
                        set.execute(g + amount, to);
                    } else {
                        add.execute(-amount, from);
                        if (kind == 9) {
                            // a statement failing midway is undone alone; the transaction goes on
                            try {
                                s.execute("UPDATE acct SET bal = bal - 5000000 WHERE id = " + to);
                            } catch (NablaException e) {
                                failed("failing statement", e);
                            }
                        }
                        add.execute(amount, to);
                    }
                    s.execute("COMMIT");
                    count("transfer committed");
                } catch (Throwable e) {
                    failed("transfer", e);
                    rollback(s);
                }
            }
        } catch (Throwable e) {
            violations.add("writer: " + e);
        }
    }

    private void rollback(Session s) {
        try {
            if (s.inTransaction()) s.execute("ROLLBACK");
        } catch (Throwable e) {
            failed("rollback", e);
        }
    }

    /** Statements that need far more than memory_limit, or long: each ends in 53200, 54000/54001 or 57014. */
    private void exploder(Database db, long end, List<Session> cancellable) {
        Random rnd = new Random(42);
        try (Session s = db.connect()) {
            cancellable.add(s);
            while (System.nanoTime() < end) {
                String sql = EXPLODING[rnd.nextInt(EXPLODING.length)];
                // "no timeout" lasts until the soak ends (plus a second): after that the canceller has stopped, and
                // an exploding statement that neither fails nor is cancelled (a top-5 over 10^10 rows runs for
                // minutes) would hold the test for as long
                long untilEnd = Math.max(1, (end - System.nanoTime()) / 1_000_000 + 1000);
                s.setTimeoutMillis(rnd.nextBoolean() ? untilEnd : 200 + rnd.nextInt(3000));
                try {
                    s.execute(sql);
                    count("exploding ok");
                } catch (Throwable e) {
                    failed("exploding", e);
                }
            }
        } catch (Throwable e) {
            violations.add("exploder: " + e);
        }
    }

    /** Every snapshot read holds all the money; two reads in one SERIALIZABLE transaction agree. */
    private void checker(Database db, long end) {
        try (Session s = db.connect()) {
            while (System.nanoTime() < end) {
                try {
                    long total = s.execute("SELECT sum(bal) FROM acct").getLong(0, 0);
                    if (total != ACCOUNTS * EACH) violations.add("snapshot total " + total);
                    s.execute("BEGIN");
                    long first = s.execute("SELECT sum(bal) FROM acct WHERE id < 500")
                            .getLong(0, 0);
                    Thread.sleep(2);
                    long again = s.execute("SELECT sum(bal) FROM acct WHERE id < 500")
                            .getLong(0, 0);
                    s.execute("COMMIT");
                    if (first != again) violations.add("non-repeatable read " + first + " then " + again);
                    count("check");
                } catch (Throwable e) {
                    failed("check", e);
                    rollback(s);
                }
            }
        } catch (Throwable e) {
            violations.add("checker: " + e);
        }
    }

    /** Cancels a random session's running statement every 1-150 ms. */
    private void canceller(long end, List<Session> cancellable) {
        Random rnd = new Random(7);
        try {
            while (System.nanoTime() < end) {
                Thread.sleep(1 + rnd.nextInt(150));
                if (cancellable.isEmpty()) continue;
                cancellable.get(rnd.nextInt(cancellable.size())).cancel();
                count("cancel sent");
            }
        } catch (Throwable e) {
            violations.add("canceller: " + e);
        }
    }
}
