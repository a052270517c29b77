package dev.nabla.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gradient descent for y ≈ a·x + b, the same SQL step on Spark (over a Parquet dataset of several files) and
 * on Nabla (the same rows): the coefficients agree after every step, and both reach least squares.
 */
class LinearRegressionTest {
    static SparkSession spark;

    @TempDir
    static Path dir;

    static final int ROWS = 20_000;
    /** x in [-1, 1) is centred, so the step size can be large and few steps converge. */
    static final String X = "((%1$s %% 1000) - 500) / 500.0D";

    static final String STEP = "SELECT avg(grad(power(a * x + b - y, 2), a)), avg(grad(power(a * x + b - y, 2), b))"
            + " FROM data CROSS JOIN (SELECT %s AS a, %s AS b) p";

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("LinearRegressionTest");
        String x = String.format(X, "id");
        spark.range(ROWS)
                .selectExpr(x + " AS x", "2.5D * " + x + " - 1.0D + 0.3D * sin(id) AS y")
                .repartition(4)
                .write()
                .parquet(dir.resolve("data").toString());
        spark.read().parquet(dir.resolve("data").toString()).createOrReplaceTempView("data");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sameCoefficientsAsNabla() throws Exception {
        assertThat(Files.list(dir.resolve("data"))
                        .filter(p -> p.toString().endsWith(".parquet"))
                        .count())
                .isGreaterThan(1);
        try (Database db = Nabla.open();
                Session nabla = db.connect()) {
            String x = String.format(X, "range").replace(".0D", ".0");
            nabla.execute("CREATE TABLE data AS SELECT " + x + " AS x, 2.5 * " + x
                    + " - 1.0 + 0.3 * sin(range) AS y FROM range(" + ROWS + ")");
            double[] s = {0, 0}, n = {0, 0};
            // per-coefficient steps, 1/curvature: ∂²/∂a² = 2·E[x²] = 2/3, ∂²/∂b² = 2 (x is centred, so a and b
            // barely couple and a few steps reach the optimum)
            double[] lr = {1.5, 0.5};
            for (int step = 0; step < 8; step++) {
                Row r = spark.sql(String.format(STEP, lit(s[0]) + "D", lit(s[1]) + "D"))
                        .collectAsList()
                        .get(0);
                s[0] -= lr[0] * r.getDouble(0);
                s[1] -= lr[1] * r.getDouble(1);
                Result q = nabla.execute(String.format(STEP, lit(n[0]), lit(n[1])));
                n[0] -= lr[0] * q.getDouble(0, 0);
                n[1] -= lr[1] * q.getDouble(0, 1);
                assertThat(s[0]).isCloseTo(n[0], within(1e-12 * Math.max(1, Math.abs(n[0]))));
                assertThat(s[1]).isCloseTo(n[1], within(1e-12 * Math.max(1, Math.abs(n[1]))));
            }
            // least squares in closed form
            Result ls = nabla.execute("SELECT (avg(x*y) - avg(x)*avg(y)) / (avg(x*x) - avg(x)*avg(x)),"
                    + " avg(y) - (avg(x*y) - avg(x)*avg(y)) / (avg(x*x) - avg(x)*avg(x)) * avg(x) FROM data");
            assertThat(n[0]).isCloseTo(ls.getDouble(0, 0), within(1e-9));
            assertThat(n[1]).isCloseTo(ls.getDouble(0, 1), within(1e-9));
            assertThat(s[0]).isCloseTo(ls.getDouble(0, 0), within(1e-9));
            assertThat(s[1]).isCloseTo(ls.getDouble(0, 1), within(1e-9));
        }
    }

    /** The exact double as SQL text (Java's shortest round-trip form). */
    private static String lit(double v) {
        return Double.toString(v);
    }
}
