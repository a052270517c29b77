package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Snapshot per statement under concurrent writers: readers never see a half-done transaction. */
class ConcurrencyTest {
    private final Database db = Nabla.open();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void readersSeeConsistentSnapshotsAcrossTables() throws Exception {
        try (Session setup = db.connect()) {
            setup.executeScript(
                    "CREATE TABLE a(id INT PRIMARY KEY, v BIGINT); CREATE TABLE b(id INT PRIMARY KEY, v BIGINT);"
                            + "INSERT INTO a SELECT range, 100 FROM range(100); INSERT INTO b SELECT range, 100 FROM range(100)");
        }
        AtomicBoolean stop = new AtomicBoolean(), writing = new AtomicBoolean();
        // every reader checks at least once while the writers are under way (halfway, they wait for it): on a
        // loaded machine the readers could otherwise be scheduled only after the writers had finished
        CountDownLatch checkedDuringWrites = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(pool.submit(() -> {
                    long checks = 0;
                    boolean counted = false;
                    try (Session r = db.connect()) {
                        while (!stop.get()) {
                            boolean during = writing.get();
                            long total = r.execute("SELECT (SELECT sum(v) FROM a) + (SELECT sum(v) FROM b)")
                                    .getLong(0, 0);
                            assertThat(total).isEqualTo(20_000);
                            checks++;
                            if (during && !counted) {
                                counted = true;
                                checkedDuringWrites.countDown();
                            }
                        }
                    }
                    return checks;
                }));
            }
            List<Future<Integer>> writers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int seed = t;
                writers.add(pool.submit(() -> {
                    try (Session w = db.connect()) {
                        PreparedQuery take = w.prepare("UPDATE a SET v = v - ? WHERE id = ?");
                        PreparedQuery give = w.prepare("UPDATE b SET v = v + ? WHERE id = ?");
                        writing.set(true);
                        for (int i = 0; i < 150; i++) {
                            if (i == 75)
                                assertThat(checkedDuringWrites.await(60, TimeUnit.SECONDS))
                                        .as("each reader checked while the writers were under way")
                                        .isTrue();
                            w.execute("BEGIN");
                            take.execute(i % 7, (i * 13 + seed) % 100);
                            give.execute(i % 7, (i * 31 + seed) % 100);
                            w.execute("COMMIT");
                        }
                    }
                    return 150;
                }));
            }
            for (Future<Integer> f : writers)
                assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(150);
            stop.set(true);
            for (Future<Long> f : readers)
                assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        try (Session check = db.connect()) {
            assertThat(check.execute("SELECT (SELECT sum(v) FROM a) + (SELECT sum(v) FROM b)")
                            .getLong(0, 0))
                    .isEqualTo(20_000);
        }
    }
}
