package dev.nabla.engine;

import static dev.nabla.engine.DurableFileTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * ({@code nabla.crashloop.seconds}, default 150 s, at most {@code nabla.crashloop.cycles}, default 200: the 200
 * cycles take about 85 s on a quiet 2-core machine, ~0.4 s a cycle); a nightly
 * run sets both higher, e.g. {@code -Dnabla.crashloop.seconds=3600 -Dnabla.crashloop.cycles=100000}.
 */
class CrashLoopTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommitSurvivesSigkill() throws Exception {
        long seconds = Long.getLong("nabla.crashloop.seconds", 150);
        int maxCycles = Integer.getInteger("nabla.crashloop.cycles", 200);
        long seed = Long.getLong("nabla.crashloop.seed", System.nanoTime());
        Random rnd = new Random(seed);
        Path file = dir.resolve("crash.nabla");
        Set<Long> acked = new HashSet<>();
        Set<Long> rolledBack = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int cycles = 0;
        long nextTxn = 1;
        long toReady = 0;
        long checking = 0;
        Path childErrors = dir.resolve("child-stderr.txt");
        Path journal = dir.resolve("journal.txt");
        while (cycles < maxCycles && (cycles < 5 || System.nanoTime() < deadline)) {
            cycles++;
            Files.deleteIfExists(journal);
            Files.createFile(journal);
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
                            Long.toString(nextTxn),
                            journal.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(childErrors.toFile()))
                    .start();
            // mostly after the child has opened the file, sometimes during its open (recovery, first checkpoint)
            long t0 = System.nanoTime();
            if (rnd.nextInt(10) > 0) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (p.isAlive()
                        && System.nanoTime() < until
                        && !Files.readString(journal).contains("READY")) Thread.sleep(5);
            }
            toReady += System.nanoTime() - t0;
            Thread.sleep(rnd.nextInt(300));
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor();
            Journal j = Journal.read(journal);
            assertThat(j.unfinished)
                    .as("cycle %d: the writer began a transaction before the previous one finished", cycles)
                    .hasSizeLessThanOrEqualTo(1);
            acked.addAll(j.acked);
            rolledBack.addAll(j.rolledBack);
            nextTxn = Math.max(nextTxn, j.maxBegun + 1);

            long t1 = System.nanoTime();
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
                // COMMIT returns only after the record is forced, the writer journals A k only after COMMIT returned
                // and begins k+1 only after that: the one transaction present without its A line is the one this
                // cycle's writer had begun last (its COMMIT forced, the kill before the journal line)
                Set<Long> extra = new HashSet<>(present);
                extra.removeAll(acked);
                assertThat(extra)
                        .as(
                                "cycle %d (seed %d): unacknowledged commits (in flight: %s; child stderr: %s)",
                                cycles,
                                seed,
                                j.unfinished,
                                Files.exists(childErrors) ? Files.readString(childErrors) : "")
                        .isSubsetOf(j.unfinished);
                acked.addAll(extra); // durable now: later cycles must keep it
                for (long v : present) nextTxn = Math.max(nextTxn, v + 1);
                assertThat(s.execute("SELECT count(*), sum(bal) FROM acct").getLong(0, 1))
                        .as("cycle %d: money created or lost", cycles)
                        .isZero();
                assertThat(s.execute("SELECT count(*) FROM acct").getLong(0, 0)).isEqualTo(100);
                Result bad = s.execute("SELECT count(*) FROM log l LEFT JOIN (SELECT txn, count(*) AS c FROM bulk"
                        + " GROUP BY txn) b ON l.txn = b.txn WHERE coalesce(b.c, 0) <> l.n");
                assertThat(bad.getLong(0, 0))
                        .as("cycle %d: bulk rows disagree with log", cycles)
                        .isZero();
                assertThat(rows(s, "SELECT count(*) - count(DISTINCT id) FROM ids"))
                        .as("cycle %d: an identity value handed out twice", cycles)
                        .containsExactly("0");
                assertThat(s.execute("SELECT count(*) FROM ids WHERE txn NOT IN (SELECT txn FROM log)")
                                .getLong(0, 0))
                        .as("cycle %d: identity rows of a transaction that did not commit", cycles)
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
                checking += System.nanoTime() - t1;
            }
        }
        // where a cycle's time goes (a child JVM's start dominates on a loaded machine; see docs/storage.md, Tests)
        System.out.printf(
                "crash loop: per cycle %d ms from the child's start until it was ready, %d ms reopening and checking%n",
                toReady / 1_000_000 / cycles, checking / 1_000_000 / cycles);
        System.out.println(
                "crash loop: " + cycles + " cycles, " + acked.size() + " acknowledged commits, seed " + seed);
        assertThat(acked).isNotEmpty();
    }

    /** The complete lines of one cycle's journal ({@link CrashLoopWriter}); a last line without newline is ignored. */
    private record Journal(Set<Long> acked, Set<Long> rolledBack, Set<Long> unfinished, long maxBegun) {
        static Journal read(Path journal) throws java.io.IOException {
            String text = Files.readString(journal, StandardCharsets.US_ASCII);
            Set<Long> acked = new HashSet<>(), rolledBack = new HashSet<>(), begun = new java.util.LinkedHashSet<>();
            long maxBegun = 0;
            int at = 0;
            for (int nl; (nl = text.indexOf('\n', at)) >= 0; at = nl + 1) {
                String line = text.substring(at, nl);
                if (line.startsWith("T ")) {
                    String[] f = line.split(" ");
                    long k = Long.parseLong(f[1]);
                    if (f.length > 2) rolledBack.add(k); // meant to roll back: never visible, even if killed before
                    begun.add(k);
                    maxBegun = Math.max(maxBegun, k);
                } else if (line.startsWith("A ")) acked.add(Long.parseLong(line.substring(2)));
                else if (line.startsWith("R ")) rolledBack.add(Long.parseLong(line.substring(2)));
            }
            begun.removeAll(acked);
            begun.removeAll(rolledBack);
            return new Journal(acked, rolledBack, begun, maxBegun);
        }
    }
}
