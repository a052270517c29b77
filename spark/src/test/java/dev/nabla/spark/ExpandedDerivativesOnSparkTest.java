package dev.nabla.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.autograd.SqlDialect;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./nabla --expand-derivatives --dialect spark}: the printed queries run on Spark as plain SQL (no grad()
 * left for the extension to resolve) and give the numbers Nabla gives for the originals.
 */
class ExpandedDerivativesOnSparkTest {
    static SparkSession spark;

    /** 60 points with distinct x in [-2, 2), y in (0, 1). */
    static final String X = "(((%1$s * 7) %% 60) - 30) / 15.0", Y = "0.5 + 0.4 * sin(3 * %1$s)";

    static final String SCRIPT = String.join(
            "\n",
            "-- a logistic model's squared-error gradient, averaged",
            "SELECT avg(grad(power(sigmoid(w * x + b) - y, 2), w)) AS gw,",
            "       avg(grad(power(sigmoid(w * x + b) - y, 2), b)) AS gb",
            "FROM pts, (SELECT 0.3 AS w, -0.1 AS b) p;",
            "SELECT x, grad(softplus(x) * log2(abs(x) + 1), x) AS d, grad(relu(x) * x, x) AS r",
            "FROM pts ORDER BY x;",
            "SELECT x, sum(grad(x * x / 2 + tanh(x) + exp(-x * x), x))",
            "         OVER (ORDER BY x ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s",
            "FROM pts ORDER BY x;",
            "SELECT i, grad(power(x, 3), x) + 7 / 2 AS integer_division_kept FROM pts ORDER BY i;",
            "");

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("ExpandedDerivativesOnSparkTest");
        spark.range(60)
                // Spark reads 15.0 as DECIMAL: its DOUBLE constants end in D
                .selectExpr(
                        "id AS i",
                        String.format(X, "id").replace(".0", ".0D") + " AS x",
                        String.format(Y, "id").replace("0.5", "0.5D").replace("0.4", "0.4D") + " AS y")
                .createOrReplaceTempView("pts");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void expandedQueriesGiveNablasNumbersOnSpark() {
        List<List<List<Object>>> nabla = new ArrayList<>();
        String expanded;
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            s.execute("CREATE TABLE pts AS SELECT i, " + String.format(X, "i") + " AS x, " + String.format(Y, "i")
                    + " AS y FROM generate_series(0, 59) g(i)");
            expanded = s.expandDerivatives(SCRIPT, SqlDialect.SPARK);
            for (Result r : s.executeScript(SCRIPT)) nabla.add(rows(r));
        }
        assertThat(expanded.replaceAll("--[^\n]*", "")).doesNotContainPattern("(?i)\\b(grad|sigmoid|softplus|relu)\\(");
        // Spark's 0.3D is no Nabla constant: the statements are split at the script's own ";\n"
        List<String> statements = List.of(expanded.split(";\n"));
        assertThat(statements).hasSameSizeAs(nabla);
        for (int q = 0; q < statements.size(); q++) {
            List<Row> got = spark.sql(statements.get(q)).collectAsList();
            List<List<Object>> want = nabla.get(q);
            assertThat(got).as(statements.get(q)).hasSameSizeAs(want);
            for (int i = 0; i < want.size(); i++) {
                for (int j = 0; j < want.get(i).size(); j++) {
                    double u = ((Number) want.get(i).get(j)).doubleValue();
                    double v = ((Number) got.get(i).get(j)).doubleValue();
                    assertThat(Math.abs(u - v))
                            .as("query %d row %d col %d: Nabla %s, Spark %s\n%s", q, i, j, u, v, statements.get(q))
                            .isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(u)));
                }
            }
        }
    }

    private static List<List<Object>> rows(Result r) {
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            List<Object> row = new ArrayList<>();
            for (int j = 0; j < r.columnCount(); j++) row.add(r.get(i, j));
            out.add(row);
        }
        return out;
    }
}
