package dev.nabla.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NablaSparkExtensionsTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("NablaSparkExtensionsTest");
        spark.sql(
                "CREATE OR REPLACE TEMP VIEW t AS SELECT * FROM VALUES (0.5D, 1), (1.5D, 1), (-2.0D, 2), (CAST(NULL AS DOUBLE), 2) AS t(x, g)");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<Row> rows(String sql) {
        return spark.sql(sql).collectAsList();
    }

    @Test
    void gradOfAProduct() {
        List<Row> r = rows("SELECT x, grad(x * x * x, x) FROM t WHERE x IS NOT NULL ORDER BY x");
        assertThat(r).hasSize(3);
        for (Row row : r)
            assertThat(row.getDouble(1)).isCloseTo(3 * row.getDouble(0) * row.getDouble(0), within(1e-12));
    }

    @Test
    void nullInNullOut() {
        assertThat(rows("SELECT grad(x * x, x) FROM t WHERE x IS NULL").get(0).isNullAt(0))
                .isTrue();
    }

    @Test
    void gradInsideAnAggregate() {
        List<Row> r = rows("SELECT g, avg(grad(x * x, x)) FROM t GROUP BY g ORDER BY g");
        assertThat(r.get(0).getDouble(1)).isCloseTo(2.0, within(1e-12));
        assertThat(r.get(1).getDouble(1)).isCloseTo(-4.0, within(1e-12));
    }

    @Test
    void gradOfAnAggregate() {
        List<Row> r = rows("SELECT g, grad(sum(x * x), x) FROM t GROUP BY g ORDER BY g");
        assertThat(r.get(0).getDouble(1)).isCloseTo(4.0, within(1e-12));
        assertThat(r.get(1).getDouble(1)).isCloseTo(-4.0, within(1e-12));
    }

    @Test
    void transcendentalAndNested() {
        Row r =
                rows("SELECT grad(sin(x) * exp(x), x), grad(grad(x * x * x, x), x), jvp(ln(x), x, 2.0D), vjp(cos(x), x, 3.0D)"
                                + " FROM t WHERE x = 0.5")
                        .get(0);
        double x = 0.5;
        assertThat(r.getDouble(0)).isCloseTo(Math.cos(x) * Math.exp(x) + Math.sin(x) * Math.exp(x), within(1e-12));
        assertThat(r.getDouble(1)).isCloseTo(6 * x, within(1e-12));
        assertThat(r.getDouble(2)).isCloseTo(2 / x, within(1e-12));
        assertThat(r.getDouble(3)).isCloseTo(-3 * Math.sin(x), within(1e-12));
    }

    @Test
    void joinColumnsStayDistinct() {
        Row r = rows("SELECT grad(a.x * b.x, a.x), grad(a.x * b.x, b.x) FROM t a JOIN t b ON a.x = 0.5 AND b.x = 1.5")
                .get(0);
        assertThat(r.getDouble(0)).isEqualTo(1.5);
        assertThat(r.getDouble(1)).isEqualTo(0.5);
    }

    @Test
    void throughDerivedTablesAndStopGradient() {
        Row r =
                rows("SELECT grad(3 * y, x), grad(stop_gradient(y) * x, x) FROM (SELECT x, x * x AS y FROM t) WHERE x = 1.5")
                        .get(0);
        assertThat(r.getDouble(0)).isCloseTo(9.0, within(1e-12));
        assertThat(r.getDouble(1)).isCloseTo(2.25, within(1e-12));
    }

    @Test
    void throughCtesAndViews() {
        Row r = rows("WITH a1 AS (SELECT x, x * x AS v FROM t), a2 AS (SELECT x, v * v AS w FROM a1)"
                        + " SELECT grad(w, x) FROM a2 WHERE x = 1.5")
                .get(0);
        assertThat(r.getDouble(0)).isCloseTo(4 * 1.5 * 1.5 * 1.5, within(1e-12));
        spark.sql("CREATE OR REPLACE TEMP VIEW v AS SELECT x, x * x AS y FROM t");
        assertThat(rows("SELECT grad(3 * y, x) FROM v WHERE x = 0.5").get(0).getDouble(0))
                .isCloseTo(3.0, within(1e-12));
    }

    @Test
    void derivativeNeedingAnUnselectedColumnIsRefused() {
        // d(x*g)/dx = g, which the outer query cannot read: refused rather than answered wrongly
        assertThatThrownBy(() -> rows("SELECT grad(y, x) FROM (SELECT x, x * g AS y FROM t)"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("does not select");
        // through an alias the variable's own column is read under its outer name
        Row r = rows("SELECT grad(y, z) FROM (SELECT x AS z, x * x AS y FROM t) WHERE z = 1.5")
                .get(0);
        assertThat(r.getDouble(0)).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void correlatedOuterColumnIsNotTheInnerOne() {
        // (Spark refuses an aggregate over outer and local columns, so the correlated value is not aggregated)
        List<Row> r = rows("SELECT a.x, (SELECT grad(b.x * a.x, b.x) FROM t b WHERE b.x = 0.5) FROM t a"
                + " WHERE a.x IS NOT NULL ORDER BY a.x");
        for (Row row : r) assertThat(row.getDouble(1)).isEqualTo(row.getDouble(0));
    }

    @Test
    void softFunctions() {
        Row r = rows("SELECT sigmoid(x), softplus(x), relu(x), grad(softplus(x), x), grad(relu(x), x), stop_gradient(x)"
                        + " FROM t WHERE x = -2.0")
                .get(0);
        double s = 1 / (Math.exp(2.0) + 1);
        assertThat(r.getDouble(0)).isCloseTo(s, within(1e-15));
        assertThat(r.getDouble(1)).isCloseTo(Math.log1p(Math.exp(-2.0)), within(1e-15));
        assertThat(r.getDouble(2)).isEqualTo(0.0);
        assertThat(r.getDouble(3)).isCloseTo(s, within(1e-15));
        assertThat(r.getDouble(4)).isEqualTo(0.0);
        assertThat(r.getDouble(5)).isEqualTo(-2.0);
    }

    @Test
    void dataFrameExpr() {
        Row r = spark.table("t")
                .where("x = 1.5")
                .select(org.apache.spark.sql.functions.expr("grad(x * x, x)"))
                .collectAsList()
                .get(0);
        assertThat(r.getDouble(0)).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void newtonInWithRecursive() {
        // Spark refuses aggregates over the recursive reference, so an iteration per row: Newton's method for √2
        Row r = rows("WITH RECURSIVE it(k, x) AS (SELECT 0, 1.0D UNION ALL"
                        + " SELECT k + 1, x - (x * x - 2) / grad(x * x - 2, x) FROM it WHERE k < 8)"
                        + " SELECT x FROM it WHERE k = 8")
                .get(0);
        assertThat(r.getDouble(0)).isCloseTo(Math.sqrt(2), within(1e-15));
    }

    @Test
    void unsupportedNodeIsNamed() {
        assertThatThrownBy(() -> rows("SELECT grad(length(cast(x AS STRING)) * x, x) FROM t"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("Length");
    }

    @Test
    void wrongArityIsAnAnalysisError() {
        assertThatThrownBy(() -> rows("SELECT grad(x) FROM t")).hasMessageContaining("grad takes 2 arguments");
    }
}
