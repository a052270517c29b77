package dev.nabla.tests.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The gradient of an MLP's loss (64 → 32 → 10, tanh, softmax cross-entropy; all 2 410 parameters in one long-form
 * table {@code p(layer, r, c, v)}) computed by {@code GRADIENT ... WITH RESPECT TO p} equals a hand-written Java
 * backprop of the same network on the same data, parameter by parameter.
 */
class ReverseMlpBackpropTest {

    static final int FEATURES = 65, HIDDEN = 32, CLASSES = 10; // feature 64 is the bias input

    /** The loss over the training images among the first 200 rows of the digits file (160 images). */
    static final String LOSS = """
            SELECT AVG(l) FROM (
              SELECT z.i, ln(SUM(exp(z.z))) - SUM(CASE WHEN z.c = y.label THEN z.z ELSE 0.0 END) AS l
              FROM (SELECT s.i, s.c, s.s + b.v AS z
                    FROM (SELECT h.i, q.c, SUM(q.v * h.h) AS s
                          FROM (SELECT x.i, w.c AS j, tanh(SUM(w.v * x.v)) AS h
                                FROM x JOIN p w ON w.r = x.f WHERE w.layer = 1 GROUP BY x.i, w.c) h
                          JOIN p q ON q.r = h.j WHERE q.layer = 2 GROUP BY h.i, q.c) s
                    JOIN p b ON b.c = s.c WHERE b.layer = 2 AND b.r = 32) z
              JOIN y ON y.i = z.i
              GROUP BY z.i) t""";

    @Test
    void gradientTableEqualsHandWrittenBackprop() throws Exception {
        Path digits = root().resolve("examples/data/digits.csv.gz");
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            s.execute("CREATE TABLE raw AS SELECT row_number() OVER () - 1 AS i, * FROM read_csv('" + digits
                    + "', header => false)");
            StringBuilder px = new StringBuilder("array_value(column0");
            for (int f = 1; f < 64; f++) px.append(", column").append(f);
            px.append(")");
            s.execute("CREATE TABLE d AS SELECT i, column64 AS label, " + px
                    + " AS px FROM raw WHERE i < 200 AND i % 5 <> 4");
            s.execute("CREATE TABLE x AS SELECT d.i, f.f, d.px[f.f + 1] / 16.0 AS v FROM d, generate_series(0, 63)"
                    + " f(f) WHERE d.px[f.f + 1] <> 0 UNION ALL SELECT i, 64, 1.0 FROM d");
            s.execute("CREATE TABLE y AS SELECT i, label FROM d");
            // deterministic start: a seeded hash of the position
            s.execute("CREATE TABLE p AS SELECT 1 AS layer, r.r, c.c, 0.3 * sin(12.9898 * (32 * r.r + c.c) + 78.233)"
                    + " AS v FROM generate_series(0, 64) r(r), generate_series(0, 31) c(c) UNION ALL"
                    + " SELECT 2, r.r, c.c, 0.3 * sin(39.3467 * (10 * r.r + c.c) + 11.135)"
                    + " FROM generate_series(0, 32) r(r), generate_series(0, 9) c(c)");

            // the same numbers in Java arrays
            Result ys = s.execute("SELECT i, label FROM y ORDER BY i");
            int n = (int) ys.rowCount();
            java.util.Map<Long, Integer> row = new java.util.HashMap<>();
            int[] label = new int[n];
            for (int k = 0; k < n; k++) {
                row.put(ys.getLong(k, 0), k);
                label[k] = (int) ys.getLong(k, 1);
            }
            double[][] x = new double[n][FEATURES];
            Result xs = s.execute("SELECT i, f, v FROM x");
            for (int k = 0; k < xs.rowCount(); k++)
                x[row.get(xs.getLong(k, 0))][(int) xs.getLong(k, 1)] = xs.getDouble(k, 2);
            double[][] w1 = new double[FEATURES][HIDDEN], w2 = new double[HIDDEN + 1][CLASSES];
            Result ps = s.execute("SELECT layer, r, c, v FROM p");
            for (int k = 0; k < ps.rowCount(); k++)
                (ps.getLong(k, 0) == 1 ? w1 : w2)[(int) ps.getLong(k, 1)][(int) ps.getLong(k, 2)] = ps.getDouble(k, 3);

            // hand-written forward and backward pass
            double[][] g1 = new double[FEATURES][HIDDEN], g2 = new double[HIDDEN + 1][CLASSES];
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double[] h = new double[HIDDEN];
                for (int j = 0; j < HIDDEN; j++) {
                    double a = 0;
                    for (int f = 0; f < FEATURES; f++) a += w1[f][j] * x[i][f];
                    h[j] = Math.tanh(a);
                }
                double[] z = new double[CLASSES];
                double sumExp = 0;
                for (int c = 0; c < CLASSES; c++) {
                    z[c] = w2[HIDDEN][c];
                    for (int j = 0; j < HIDDEN; j++) z[c] += w2[j][c] * h[j];
                    sumExp += Math.exp(z[c]);
                }
                loss += (Math.log(sumExp) - z[label[i]]) / n;
                double[] dz = new double[CLASSES];
                for (int c = 0; c < CLASSES; c++) dz[c] = (Math.exp(z[c]) / sumExp - (c == label[i] ? 1 : 0)) / n;
                for (int c = 0; c < CLASSES; c++) {
                    g2[HIDDEN][c] += dz[c];
                    for (int j = 0; j < HIDDEN; j++) g2[j][c] += h[j] * dz[c];
                }
                for (int j = 0; j < HIDDEN; j++) {
                    double dh = 0;
                    for (int c = 0; c < CLASSES; c++) dh += w2[j][c] * dz[c];
                    double da = dh * (1 - h[j] * h[j]);
                    for (int f = 0; f < FEATURES; f++) g1[f][j] += x[i][f] * da;
                }
            }
            assertThat(s.execute(LOSS).getDouble(0, 0)).isCloseTo(loss, org.assertj.core.data.Offset.offset(1e-12));

            Result g = s.execute("SELECT layer, r, c, v FROM GRADIENT(" + LOSS + ") WITH RESPECT TO p");
            assertThat(g.rowCount())
                    .isEqualTo(FEATURES * HIDDEN + (HIDDEN + 1) * CLASSES)
                    .isEqualTo(2410);
            double worst = 0, largest = 0;
            int nonZero = 0;
            for (int k = 0; k < g.rowCount(); k++) {
                double expected = (g.getLong(k, 0) == 1 ? g1 : g2)[(int) g.getLong(k, 1)][(int) g.getLong(k, 2)];
                double got = g.getDouble(k, 3);
                largest = Math.max(largest, Math.abs(expected));
                if (expected != 0) nonZero++;
                // relative error, with a floor far below any gradient that is not exactly 0
                worst = Math.max(worst, Math.abs(got - expected) / Math.max(Math.abs(expected), 1e-9));
            }
            System.out.printf(
                    "MLP backprop check: %d parameters, %d non-zero, largest %.3g, worst relative %.3g%n",
                    g.rowCount(), nonZero, largest, worst);
            assertThat(nonZero).isGreaterThan(2000);
            assertThat(worst)
                    .as("largest relative difference to the Java backprop")
                    .isLessThan(1e-10);
        }
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("examples/data/digits.csv.gz"))) p = p.getParent();
        if (p == null)
            throw new AssertionError(
                    "no examples/data/digits.csv.gz above " + Path.of("").toAbsolutePath());
        return p;
    }
}
