package dev.nabla.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of spilling (docs/benchmarks.md, Spilling): a sort, a hash aggregate and a hash join in memory and
 * under a {@code memory_limit} many times smaller than their input, same statements, same JVM. Runs only with
 * {@code -Dnabla.spill.bench=true} (rows: {@code -Dnabla.spill.rows}, default 2 000 000; one case:
 * {@code -Dnabla.spill.only=<its name's start>}).
 */
class SpillBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void spillCost() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("nabla.spill.bench"), "-Dnabla.spill.bench=true runs it");
        long rows = Long.getLong("nabla.spill.rows", 2_000_000L);
        String limit = System.getProperty("nabla.spill.limit", "16MB");
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            s.execute("SET fused = off");
            s.execute("SET temp_directory = '" + tmp.resolve("spill") + "'");
            s.execute("CREATE TABLE t AS SELECT range AS id, (range * 7919) % 1000003 AS k, (range % 97) * 0.5 AS d,"
                    + " 'name-' || (range % 5003) AS s FROM range(" + rows + ")");
            String[][] cases = {
                {"sort (ORDER BY k, 4 columns)", "COPY (SELECT * FROM t ORDER BY k) TO '" + tmp.resolve("o.csv") + "'"},
                {
                    "hash aggregate (" + rows / 2 + " groups)",
                    "SELECT count(*), sum(c) FROM (SELECT id % " + rows / 2
                            + " AS g, count(*) AS c, sum(d), min(s) FROM t GROUP BY g) x"
                },
                {
                    "hash join (" + rows + "-row build side)",
                    "SELECT count(*), sum(a.d), max(b.s) FROM t a JOIN t b ON a.id = b.k"
                },
            };
            String only = System.getProperty("nabla.spill.only", "");
            System.out.printf(Locale.ROOT, "SPILL rows=%d limit=%s%n", rows, limit);
            for (String[] c : cases) {
                if (!c[0].startsWith(only)) continue;
                double[] mem = new double[5], spill = new double[5];
                for (int r = 0; r < 5; r++) {
                    s.execute("RESET memory_limit");
                    mem[r] = time(s, c[1]);
                    s.execute("SET memory_limit = '" + limit + "'");
                    spill[r] = time(s, c[1]);
                }
                Arrays.sort(mem);
                Arrays.sort(spill);
                System.out.printf(
                        Locale.ROOT,
                        "SPILL | %s | %.0f ms | %.0f ms | %.2f× |%n",
                        c[0],
                        mem[2],
                        spill[2],
                        spill[2] / mem[2]);
                try (var l = Files.list(tmp.resolve("spill"))) {
                    assertThat(l.count()).isZero();
                }
            }
        }
    }

    private static double time(Session s, String sql) {
        long t0 = System.nanoTime();
        s.execute(sql);
        return (System.nanoTime() - t0) / 1e6;
    }
}
