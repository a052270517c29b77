package dev.nabla.jmh;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.PreparedQuery;
import dev.nabla.engine.Session;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Median thread-CPU time per execution of the benchmark queries with {@code threads = 1}:
 * {@code jmh/run.sh cpu [rows] [reps]}. On a shared, loaded machine the wall-clock scores of JMH vary
 * by more than the effects measured (seconds of run queue per second); the CPU time of the one
 * thread that runs the query does not count waiting for a core, so before/after comparisons are
 * made with this driver, old and new build alternating.
 */
public class CpuTimeQueries {
    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000,
                reps = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        BenchData data = new BenchData(rows);
        try (Database db = Nabla.open()) {
            db.registerTable("t", List.of("i", "x", "y", "g"), List.of(data.i, data.x, data.y, data.g));
            Session s = db.connect();
            s.execute("SET threads = 1");
            s.execute("CREATE TABLE params AS SELECT 0.5 AS a, 0.1 AS b");
            s.execute(Queries.T100K);
            s.execute("CREATE TABLE data AS SELECT x, y FROM t WHERE i < 100000");
            Map<String, PreparedQuery> qs = new LinkedHashMap<>();
            qs.put("q1", s.prepare(Queries.Q1));
            qs.put("q2", s.prepare(Queries.Q2));
            qs.put("q3", s.prepare(Queries.Q3));
            qs.put("q4", s.prepare(Queries.Q4));
            qs.put("q5", s.prepare(Queries.Q5));
            qs.put("q6", s.prepare(Queries.Q6));
            qs.put("gd-cte50", s.prepare(GradientDescentBenchmark.cte(50, false)));
            for (var e : qs.entrySet()) {
                long[] t = new long[reps];
                for (int w = 0; w < reps; w++) e.getValue().execute(); // warm-up
                for (int r = 0; r < reps; r++) {
                    long c = mx.getCurrentThreadCpuTime();
                    e.getValue().execute();
                    t[r] = mx.getCurrentThreadCpuTime() - c;
                }
                Arrays.sort(t);
                System.out.printf("%s %.3f%n", e.getKey(), t[reps / 2] / 1e6);
            }
        }
    }
}
