package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a child JVM ({@link CrashLoopWriter}) writes random transactions to a database file and is killed
 * with SIGKILL at a random moment; the database is then reopened and checked: every acknowledged commit is there,
 * no rolled-back or half-done transaction is visible, and the invariants hold. Bounded by time in the normal build
 * ({@code nabla.crashloop.seconds}, default 40 s, at most {@code nabla.crashloop.cycles}, default 200); a nightly
 * run sets both higher, e.g. {@code -Dnabla.crashloop.seconds=3600 -Dnabla.crashloop.cycles=100000}.
 */
class CrashLoopTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommitSurvivesSigkill() throws Exception {
        long seconds = Long.getLong("nabla.crashloop.seconds", 40);
        int maxCycles = Integer.getInteger("nabla.crashloop.cycles", 200);
        long seed = Long.getLong("nabla.crashloop.seed", System.nanoTime());
        Random rnd = new Random(seed);
        Path file = dir.resolve("crash.nabla");
        Set<Long> acked = new HashSet<>();
        Set<Long> rolledBack = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int cycles = 0;
        long maxSeen = 0;
        long nextTxn = 1;
        Path childErrors = dir.resolve("child-stderr.txt");
        while (cycles < maxCycles && (cycles < 5 || System.nanoTime() < deadline)) {
            cycles++;
            String javaBin =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(
                            javaBin,
                            "-XX:TieredStopAtLevel=1",
                            "-Xshare:auto",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashLoopWriter.class.getName(),
                            file.toString(),
                            Long.toString(rnd.nextLong()),
                            Long.toString(nextTxn))
                    .redirectError(ProcessBuilder.Redirect.appendTo(childErrors.toFile()))
                    .start();
            Set<Long> cycleAcked = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Set<Long> cycleRolledBack = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith("ACK ")) cycleAcked.add(Long.parseLong(line.substring(4)));
                        else if (line.startsWith("RB ")) cycleRolledBack.add(Long.parseLong(line.substring(3)));
                        else if (line.startsWith("READY")) ready.countDown();
                    }
                } catch (java.io.IOException e) {
                    // the child was killed mid-line
                }
            });
            reader.start();
            // mostly after the child has opened the file, sometimes during its open (recovery, first checkpoint)
            if (rnd.nextInt(10) > 0) ready.await(20, TimeUnit.SECONDS);
            Thread.sleep(rnd.nextInt(300));
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor();
            reader.join();
            acked.addAll(cycleAcked);
            rolledBack.addAll(cycleRolledBack);
            for (long v : cycleAcked) nextTxn = Math.max(nextTxn, v + 2);
            for (long v : cycleRolledBack) nextTxn = Math.max(nextTxn, v + 2);

            Database db = Nabla.open(file);
            try {
                Session s = db.connect();
                if (db.committed().table("log") == null) {
                    assertThat(acked)
                            .as("cycle %d (seed %d): tables lost", cycles, seed)
                            .isEmpty();
                    continue;
                }
                Set<Long> present = new HashSet<>();
                Result log = s.execute("SELECT txn, n FROM log");
                for (int i = 0; i < log.rowCount(); i++) present.add(log.getLong(i, 0));
                assertThat(present)
                        .as("cycle %d (seed %d): acknowledged commits", cycles, seed)
                        .containsAll(acked);
                Set<Long> leaked = new HashSet<>(present);
                leaked.retainAll(rolledBack);
                assertThat(leaked)
                        .as("cycle %d: rolled-back transactions visible", cycles)
                        .isEmpty();
                // a transaction whose COMMIT did not return may or may not be present; if present it is newer than
                // everything an earlier cycle saw (nothing old reappears) and from now on it must stay
                Set<Long> extra = new HashSet<>(present);
                extra.removeAll(acked);
                for (long e : extra)
                    assertThat(e)
                            .as(
                                    "cycle %d: old unacknowledged commit %d (child stderr: %s)",
                                    cycles,
                                    e,
                                    java.nio.file.Files.exists(childErrors)
                                            ? java.nio.file.Files.readString(childErrors)
                                            : "")
                            .isGreaterThan(maxSeen);
                acked.addAll(extra); // durable now: later cycles must keep it
                for (long v : present) maxSeen = Math.max(maxSeen, v);
                nextTxn = Math.max(nextTxn, maxSeen + 2);
                assertThat(s.execute("SELECT count(*), sum(bal) FROM acct").getLong(0, 1))
                        .as("cycle %d: money created or lost", cycles)
                        .isZero();
                assertThat(s.execute("SELECT count(*) FROM acct").getLong(0, 0)).isEqualTo(100);
                Result bad = s.execute("SELECT count(*) FROM log l LEFT JOIN (SELECT txn, count(*) AS c FROM bulk"
                        + " GROUP BY txn) b ON l.txn = b.txn WHERE coalesce(b.c, 0) <> l.n");
                assertThat(bad.getLong(0, 0))
                        .as("cycle %d: bulk rows disagree with log", cycles)
                        .isZero();
                assertThat(s.execute("SELECT count(*) FROM bulk WHERE txn NOT IN (SELECT txn FROM log)")
                                .getLong(0, 0))
                        .as("cycle %d: bulk rows of a transaction that did not commit", cycles)
                        .isZero();
            } finally {
                // half the time a clean close (a checkpoint), half the time as if this process crashed too
                if (rnd.nextBoolean()) db.close();
                else {
                    DurableFileTest.storeOf(db).close();
                    Nabla.forgetFile(file.toAbsolutePath().normalize(), db);
                }
            }
        }
        System.out.println(
                "crash loop: " + cycles + " cycles, " + acked.size() + " acknowledged commits, seed " + seed);
        assertThat(acked).isNotEmpty();
    }
}
