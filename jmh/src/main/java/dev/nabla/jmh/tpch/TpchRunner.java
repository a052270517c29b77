package dev.nabla.jmh.tpch;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the 22 TPC-H queries in one JVM on Nabla and on DuckDB (both {@code threads = 1}, same generated
 * data), checks Nabla's answers against DuckDB's row by row, and prints a Markdown table of the best of
 * {@code reps} timings after one warm-up run each, with ratios (Nabla / DuckDB) and their geometric mean.
 *
 * <p>Usage: {@code java -cp jmh/target/benchmarks.jar dev.nabla.jmh.tpch.TpchRunner [sf=1] [reps=3]
 * [timeout_s=120] [queries=1,2,...] [threads=1] [explain=1] [min_ms=0] [loop_s=0] [jfr=file.jfr]}. {@code min_ms}:
 * each engine runs a query more than {@code reps} times until its runs took that long in all (at most
 * {@value #MAX_REPS} runs), so that a short query's best time is not one of three runs on a loaded machine. With {@code loop_s > 0} each
 * query then runs on Nabla alone, again and again for that many seconds, and no table is printed (a profiling
 * aid: {@code jfr=} records those loops alone, without the data generation and loading, with JFR's profile
 * settings).
 */
public final class TpchRunner {
    private TpchRunner() {}

    /** Most timed runs of one query on one engine when {@code min_ms} asks for more than {@code reps}. */
    private static final int MAX_REPS = 30;

    public static void main(String[] args) throws Exception {
        double sf = 1;
        int reps = 3, timeoutS = 120, threads = 1, loopS = 0, minMs = 0;
        String jfr = null;
        boolean explain = false;
        List<Integer> queries = new ArrayList<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "sf" -> sf = Double.parseDouble(kv[1]);
                case "reps" -> reps = Integer.parseInt(kv[1]);
                case "timeout_s" -> timeoutS = Integer.parseInt(kv[1]);
                case "threads" -> threads = Integer.parseInt(kv[1]);
                case "loop_s" -> loopS = Integer.parseInt(kv[1]);
                case "min_ms" -> minMs = Integer.parseInt(kv[1]);
                case "jfr" -> jfr = kv[1];
                case "explain" -> explain = Boolean.parseBoolean(kv[1]) || kv[1].equals("1");
                case "queries" -> {
                    for (String q : kv[1].split(",")) queries.add(Integer.parseInt(q.trim()));
                }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (queries.isEmpty()) for (int q = 1; q <= TpchQueries.COUNT; q++) queries.add(q);

        long t0 = System.nanoTime();
        TpchData data = TpchData.generate(sf);
        System.out.printf(Locale.ROOT, "generated SF %s in %.1f s%n", sf, (System.nanoTime() - t0) / 1e9);
        try (Database db = Nabla.open();
                Session nabla = db.connect();
                Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            t0 = System.nanoTime();
            data.loadInto(db);
            System.out.printf(Locale.ROOT, "Nabla: registered in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            data.loadInto(duck);
            System.out.printf(Locale.ROOT, "DuckDB: appended in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            nabla.execute("SET threads = " + threads);
            nabla.setTimeoutMillis(timeoutS * 1000L);
            try (Statement s = duck.createStatement()) {
                s.execute("SET threads = " + threads);
            }

            if (loopS > 0) {
                jdk.jfr.Recording rec =
                        jfr == null ? null : new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                if (rec != null) rec.start();
                for (int q : queries) {
                    String sql = TpchQueries.sql(q);
                    long end = System.nanoTime() + loopS * 1_000_000_000L;
                    int runs = 0;
                    double best = Double.MAX_VALUE;
                    while (System.nanoTime() < end) {
                        long s0 = System.nanoTime();
                        TpchQueries.rows(nabla.execute(sql));
                        best = Math.min(best, (System.nanoTime() - s0) / 1e6);
                        runs++;
                    }
                    System.out.printf(Locale.ROOT, "q%d: %d runs, best %.1f ms%n", q, runs, best);
                }
                if (rec != null) {
                    rec.stop();
                    rec.dump(java.nio.file.Path.of(jfr));
                    rec.close();
                }
                return;
            }
            System.out.println();
            System.out.println("| q | Nabla ms | DuckDB ms | ratio | answer |");
            System.out.println("|---|---:|---:|---:|---|");
            double logSum = 0;
            int timed = 0, wrong = 0;
            for (int q : queries) {
                String sql = TpchQueries.sql(q);
                if (explain) {
                    // the profiled plan of one run, printed before the timings (a profiling aid, not timed)
                    System.out.println("q" + q + ":");
                    for (List<Object> row : TpchQueries.rows(nabla.execute("EXPLAIN ANALYZE " + sql)))
                        System.out.println(row.get(row.size() - 1));
                }
                double duckMs = Double.MAX_VALUE;
                List<List<Object>> expected = null;
                double spent = 0;
                for (int r = 0; r <= reps || (spent < minMs && r <= MAX_REPS); r++) {
                    long s0 = System.nanoTime();
                    expected = TpchQueries.rows(duck, sql);
                    double ms = (System.nanoTime() - s0) / 1e6;
                    if (r > 0) duckMs = Math.min(duckMs, ms);
                    spent += ms;
                }
                double nablaMs = Double.MAX_VALUE;
                String verdict = null;
                spent = 0;
                for (int r = 0; (r <= reps || (spent < minMs && r <= MAX_REPS)) && verdict == null; r++) {
                    try {
                        long s0 = System.nanoTime();
                        List<List<Object>> actual = TpchQueries.rows(nabla.execute(sql));
                        double ms = (System.nanoTime() - s0) / 1e6;
                        if (r > 0) nablaMs = Math.min(nablaMs, ms);
                        spent += ms;
                        if (r == 0) {
                            String diff = TpchQueries.compare(actual, expected);
                            if (diff != null) verdict = "WRONG: " + diff;
                        }
                    } catch (RuntimeException e) {
                        verdict = "ERROR: " + e.getMessage();
                    }
                }
                if (verdict == null) {
                    double ratio = nablaMs / duckMs;
                    logSum += Math.log(ratio);
                    timed++;
                    System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.2f | same |%n", q, nablaMs, duckMs, ratio);
                } else {
                    wrong++;
                    System.out.printf(
                            Locale.ROOT, "| %d | – | %.0f | – | %s |%n", q, duckMs, verdict.replace('|', '/'));
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%ngeometric mean ratio over %d queries: %.2f; %d wrong, failed or timed out%n",
                    timed,
                    timed == 0 ? Double.NaN : Math.exp(logSum / timed),
                    wrong);
        }
    }
}
