package dev.nabla.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sessions of one database moving money between accounts at the same time — in explicit transactions (some rolled
 * back, some with a failing statement in the middle) and in single statements — while readers keep summing. Every
 * statement reads one snapshot, so a reader must always see the same total, and so must the end state.
 */
class ConcurrentTransfersTest {

    static final int ACCOUNTS = 50;
    static final long TOTAL = ACCOUNTS * 1000L;

    @Test
    void readersAlwaysSeeTheInvariantAndNothingIsLost() throws Exception {
        Database db = Nabla.open();
        try (Session s = db.connect()) {
            s.execute("CREATE TABLE acct(id INTEGER PRIMARY KEY, bal INTEGER)");
            s.execute("INSERT INTO acct SELECT range, 1000 FROM range(" + ACCOUNTS + ")");
        }
        long end = System.currentTimeMillis() + 4_000;
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger transfers = new AtomicInteger(), reads = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            long seed = w;
            threads.add(new Thread(() -> {
                Random r = new Random(seed);
                try (Session s = db.connect()) {
                    while (System.currentTimeMillis() < end) {
                        int x = r.nextInt(ACCOUNTS),
                                y = (x + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS,
                                amt = r.nextInt(100);
                        try {
                            if (r.nextBoolean()) {
                                s.execute("BEGIN");
                                s.execute("UPDATE acct SET bal = bal - " + amt + " WHERE id = " + x);
                                if (r.nextInt(10) == 0) {
                                    s.execute("ROLLBACK");
                                    continue;
                                }
                                if (r.nextInt(10) == 0) {
                                    // fails (32-bit INTEGER column) and is undone on its own; the transaction goes on
                                    try {
                                        s.execute("UPDATE acct SET bal = bal + 3000000000 WHERE id = " + y);
                                        problems.add("overflowing UPDATE succeeded");
                                    } catch (NablaException expected) {
                                        // the point of the exercise
                                    }
                                }
                                s.execute("UPDATE acct SET bal = bal + " + amt + " WHERE id = " + y);
                                s.execute("COMMIT");
                            } else {
                                s.execute("UPDATE acct SET bal = bal + CASE WHEN id = " + x + " THEN -" + amt + " ELSE "
                                        + amt + " END WHERE id IN (" + x + ", " + y + ")");
                            }
                            transfers.incrementAndGet();
                        } catch (NablaException e) {
                            // a lock timeout is allowed; the transaction is then rolled back
                            if (s.inTransaction()) s.execute("ROLLBACK");
                        }
                    }
                } catch (Throwable t) {
                    problems.add("writer: " + t);
                }
            }));
        }
        for (int k = 0; k < 2; k++) {
            threads.add(new Thread(() -> {
                try (Session s = db.connect()) {
                    while (System.currentTimeMillis() < end) {
                        long total = s.execute("SELECT sum(bal) FROM acct").getLong(0, 0);
                        if (total != TOTAL) problems.add("a reader saw a total of " + total);
                        long rows = s.execute(
                                        "SELECT count(*) FROM acct AS a JOIN acct AS b ON a.id = b.id AND a.bal = b.bal")
                                .getLong(0, 0);
                        if (rows != ACCOUNTS)
                            problems.add(
                                    "a self-join saw " + rows + " matching rows (two snapshots in one statement?)");
                        reads.incrementAndGet();
                    }
                } catch (Throwable t) {
                    problems.add("reader: " + t);
                }
            }));
        }
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join(30_000);
        try (Session s = db.connect()) {
            assertThat(s.execute("SELECT sum(bal) FROM acct").getLong(0, 0))
                    .as("final total")
                    .isEqualTo(TOTAL);
        }
        db.close();
        System.out.printf(
                "concurrent transfers: %d transfers, %d reads, %d problems%n",
                transfers.get(), reads.get(), problems.size());
        assertThat(problems.stream().distinct().limit(10).toList()).isEmpty();
        assertThat(transfers.get()).isPositive();
        assertThat(reads.get()).isPositive();
    }
}
