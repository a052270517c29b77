package dev.nabla.jmh;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.PreparedQuery;
import dev.nabla.engine.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Thread scaling measured in pairs: {@code jmh/run.sh pairs [q1|q2|q4] [rows] [rounds]}.
 * <p>A JMH run times one benchmark after another, a minute apart, so on a shared VM whose memory
 * bandwidth drifts with the neighbours' load, "1 thread" and "2 threads" are measured under
 * different machines. Here each round runs the hand-written Vector API loop and Nabla, each with 1
 * and 2 threads, back to back, and reports the ratios within the round; the median round is the
 * figure. This complements JMH (which stays the source of the absolute times), it does not
 * replace it.
 */
public final class PairedScaling {
    private PairedScaling() {}

    public static void main(String[] args) {
        String q = args.length > 0 ? args[0].toLowerCase(Locale.ROOT) : "q2";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        BenchData data = new BenchData(rows);
        HandParallel.RangeSum hand = switch (q) {
            case "q1" -> (f, t) -> new double[] {HandLoops.q1Vector(data.x, data.y, f, t)};
            case "q2" -> (f, t) -> HandLoops.q2Vector(data.x, data.y, f, t, 0.5, 0.1);
            case "q4" -> (f, t) -> new double[] {HandLoops.q4Vector(data.x, data.y, f, t)};
            default -> throw new IllegalArgumentException("query must be q1, q2 or q4: " + q);
        };
        String sql = switch (q) {
            case "q1" -> Queries.Q1;
            case "q2" -> Queries.Q2;
            default -> Queries.Q4;
        };
        try (Database db = Nabla.open()) {
            db.registerTable("t", List.of("i", "x", "y", "g"), List.of(data.i, data.x, data.y, data.g));
            Session one = db.connect(), two = db.connect();
            one.execute("SET threads = 1");
            two.execute("SET threads = 2");
            one.execute("CREATE TABLE params AS SELECT 0.5 AS a, 0.1 AS b");
            PreparedQuery p1 = one.prepare(sql), p2 = two.prepare(sql);
            int reps = 15, warm = 3;
            double sink = 0;
            List<double[]> results = new ArrayList<>();
            System.out.printf(
                    "%s, %,d rows: mean ms of %d runs per contender and round%n",
                    q.toUpperCase(Locale.ROOT), rows, reps - warm);
            System.out.println("round  hand-1  hand-2  hand-scaling  nabla-1  nabla-2  nabla-scaling  nabla-2/hand-2");
            for (int round = 0; round < rounds; round++) {
                long[] t = new long[4];
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    sink += HandParallel.sum(1, rows, hand)[0];
                    long t1 = System.nanoTime();
                    sink += HandParallel.sum(2, rows, hand)[0];
                    long t2 = System.nanoTime();
                    sink += p1.execute().getDouble(0, 0);
                    long t3 = System.nanoTime();
                    sink += p2.execute().getDouble(0, 0);
                    long t4 = System.nanoTime();
                    if (r < warm) continue;
                    t[0] += t1 - t0;
                    t[1] += t2 - t1;
                    t[2] += t3 - t2;
                    t[3] += t4 - t3;
                }
                double n = (reps - warm) * 1e6;
                double[] row = {
                    t[0] / n,
                    t[1] / n,
                    (double) t[0] / t[1],
                    t[2] / n,
                    t[3] / n,
                    (double) t[2] / t[3],
                    (double) t[3] / t[1]
                };
                results.add(row);
                print(String.valueOf(round), row);
            }
            double[] median = new double[7];
            for (int c = 0; c < median.length; c++) {
                int col = c;
                double[] v = results.stream().mapToDouble(r -> r[col]).sorted().toArray();
                median[c] = v[v.length / 2];
            }
            print("median", median);
            if (sink == 42) System.out.println(); // keeps the results alive
        }
    }

    private static void print(String label, double[] r) {
        System.out.printf(
                Locale.ROOT,
                "%-6s %7.2f %7.2f %12.2fx %8.2f %8.2f %13.2fx %14.2fx%n",
                label,
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6]);
    }
}
