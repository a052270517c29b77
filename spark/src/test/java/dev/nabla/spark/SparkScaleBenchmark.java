package dev.nabla.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The scale run of issue 21, not a CI test (run with {@code -Dnabla.spark.bench=true}, see docs/benchmarks.md):
 *
 * <ol>
 *   <li>Spark writes {@code rows} points y = 2.5·x − 1 + noise as a Parquet dataset of many files;
 *   <li>one full-batch gradient step, {@code avg(grad(…, a)), avg(grad(…, b))}, is timed on Spark local[2]
 *       (the Nabla extension) and on Nabla ({@code ./nabla}, {@code read_parquet} over the same files, {@code SET
 *       threads = 2}),
 *       best of {@code reps}: rows per second each;
 *   <li>gradient descent runs to convergence on Spark over all rows, and on Nabla over the 1 M-row sample
 *       {@code id < 1 000 000}; both must reach a = 2.5, b = −1 within 1e-6 (see {@link #X}).
 * </ol>
 */
@EnabledIfSystemProperty(named = "nabla.spark.bench", matches = "true")
class SparkScaleBenchmark {
    /**
     * x depends on id div 2 and the noise is +0.3 for even ids, −0.3 for odd ones: within any run of whole
     * pairs the noise has zero mean and no covariance with x, so least squares over all rows and over the
     * sample {@code id < 1 000 000} are both exactly a = 2.5, b = −1 (up to rounding).
     */
    static final String X = "((((%1$s div 2) * 7919) %% 2000003) - 1000001) / 1000001.0D";

    static final String STEP = "SELECT avg(grad(power(a * x + b - y, 2), a)), avg(grad(power(a * x + b - y, 2), b))"
            + " FROM %s CROSS JOIN (SELECT %s AS a, %s AS b) p";

    @Test
    void gradientStepRowsPerSecondAndConvergence() throws Exception {
        long rows = Long.getLong("nabla.spark.rows", 10_000_000L);
        int files = Integer.getInteger("nabla.spark.files", 16);
        int reps = Integer.getInteger("nabla.spark.reps", 3);
        Path dir = Path.of(System.getProperty(
                "nabla.spark.dir", Files.createTempDirectory("nabla-scale").toString()));
        Path data = dir.resolve("points_" + rows);
        SparkSession spark = LocalSpark.start("SparkScaleBenchmark");
        try {
            String x = String.format(X, "id");
            if (!Files.isDirectory(data)) {
                long t0 = System.nanoTime();
                // one partition per file straight from range(): no shuffle of 100 M rows
                spark.range(0, rows, 1, files)
                        .selectExpr("id", x + " AS x", "2.5D * " + x + " - 1.0D + 0.3D * (1 - 2 * (id % 2)) AS y")
                        .write()
                        .parquet(data.toString());
                System.out.printf(Locale.ROOT, "wrote %,d rows in %d files: %.1f s%n", rows, files, secs(t0));
            }
            spark.read().parquet(data.toString()).createOrReplaceTempView("points");
            double[] sparkMs = new double[reps];
            Row g = null;
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                g = spark.sql(String.format(STEP, "points", "0.0D", "0.0D")).first();
                sparkMs[r] = secs(t0) * 1000;
            }
            // Nabla in its own process (./nabla, the shipped launcher): its Parquet reader and Spark's use different
            // parquet-java versions, which one test class path cannot hold
            String source = "read_parquet('" + data + "/*.parquet')";
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of("..", "nabla").toAbsolutePath().normalize().toString(),
                    "--timer",
                    "--format",
                    "csv",
                    "--no-header",
                    "-c",
                    "SET threads = 2"));
            for (int r = 0; r < reps; r++) cmd.addAll(List.of("-c", String.format(STEP, source, "0.0", "0.0")));
            cmd.addAll(List.of(
                    "-c",
                    "CREATE TABLE sample AS SELECT x, y FROM " + source + " WHERE id < 1000000",
                    "-c",
                    "WITH RECURSIVE gd(step, a, b) AS (SELECT 0, 0.0, 0.0 UNION ALL SELECT step + 1,"
                            + " a - 1.5 * avg(grad(power(a * x + b - y, 2), a)),"
                            + " b - 0.5 * avg(grad(power(a * x + b - y, 2), b))"
                            + " FROM gd, sample WHERE step < 40 GROUP BY step, a, b)"
                            + " SELECT a, b FROM gd ORDER BY step DESC LIMIT 1"));
            Process proc = new ProcessBuilder(cmd).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (proc.waitFor() != 0) throw new AssertionError("nabla failed: " + err);
            List<double[]> values = new ArrayList<>();
            for (String line : out.split("\n"))
                if (line.contains(","))
                    values.add(Arrays.stream(line.split(","))
                            .mapToDouble(Double::parseDouble)
                            .toArray());
            List<Double> times = new ArrayList<>();
            // --timer prints "812 ms" below ten seconds, "12.3 s" above
            Matcher m = Pattern.compile("Run Time: ([0-9.]+) (ms|s)\\b").matcher(err);
            while (m.find())
                times.add(Double.parseDouble(m.group(1)) * (m.group(2).equals("s") ? 1000 : 1));
            // times: SET, the steps, CREATE TABLE sample, the descent
            double[] nablaMs = new double[reps];
            for (int r = 0; r < reps; r++) nablaMs[r] = times.get(1 + r);
            if (Math.abs(g.getDouble(0) - values.get(0)[0]) > 1e-9 * Math.abs(values.get(0)[0]))
                throw new AssertionError("Spark and Nabla disagree: " + g + " vs " + Arrays.toString(values.get(0)));
            double s = Arrays.stream(sparkMs).min().orElseThrow(),
                    n = Arrays.stream(nablaMs).min().orElseThrow();
            System.out.printf(
                    Locale.ROOT,
                    "one gradient step over %,d rows, best of %d: Spark local[2] %.0f ms (%.1f M rows/s),"
                            + " Nabla threads=2 %.0f ms (%.1f M rows/s), Spark/Nabla %.2f%n  Spark ms %s%n  Nabla ms %s%n",
                    rows,
                    reps,
                    s,
                    rows / s / 1000,
                    n,
                    rows / n / 1000,
                    s / n,
                    Arrays.toString(sparkMs),
                    Arrays.toString(nablaMs));

            // descent on Spark over every row: per-coefficient steps 1/curvature (x uniform on [-1, 1])
            long t0 = System.nanoTime();
            double[] sp = descend(new double[] {1.5, 0.5}, (a, b) -> {
                Row r = spark.sql(String.format(STEP, "points", a + "D", b + "D"))
                        .first();
                return new double[] {r.getDouble(0), r.getDouble(1)};
            });
            double descentS = secs(t0);
            double[] na = values.get(values.size() - 1);
            if (Math.abs(sp[0] - 2.5) > 1e-6
                    || Math.abs(sp[1] + 1) > 1e-6
                    || Math.abs(na[0] - 2.5) > 1e-6
                    || Math.abs(na[1] + 1) > 1e-6)
                throw new AssertionError(
                        "not converged to (2.5, -1): Spark " + Arrays.toString(sp) + ", Nabla " + Arrays.toString(na));
            System.out.printf(
                    Locale.ROOT,
                    "converged: Spark over %,d rows a=%.12f b=%.12f (%d steps, %.1f s); Nabla over the 1 M-row sample"
                            + " a=%.12f b=%.12f (one WITH RECURSIVE statement, %.0f ms)%n",
                    rows,
                    sp[0],
                    sp[1],
                    (int) sp[2],
                    descentS,
                    na[0],
                    na[1],
                    times.get(times.size() - 1));
        } finally {
            spark.stop();
        }
    }

    interface Gradient {
        double[] at(double a, double b);
    }

    /** Steps until both coefficients move less than 1e-12; returns (a, b, steps taken). */
    private static double[] descend(double[] lr, Gradient g) {
        double a = 0, b = 0;
        int steps = 0;
        for (int step = 0; step < 50; step++) {
            steps++;
            double[] d = g.at(a, b);
            double na = a - lr[0] * d[0], nb = b - lr[1] * d[1];
            boolean done = Math.abs(na - a) < 1e-12 && Math.abs(nb - b) < 1e-12;
            a = na;
            b = nb;
            if (done) break;
        }
        return new double[] {a, b, steps};
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
