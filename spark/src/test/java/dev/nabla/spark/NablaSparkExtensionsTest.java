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

    // ---- unsupported expressions, outer references, set operations: a refusal or the right number, never a 0 ----

    @Test
    void unsupportedNodeOverAnOuterVariableIsRefused() {
        // length(cast(o.x AS STRING)) reads the outer variable only through an OuterReference, a leaf that has
        // no Catalyst references: it used to be taken as a constant and the derivative came out 0
        assertThatThrownBy(() -> rows("SELECT (SELECT grad(length(cast(o.x AS STRING)) * b.x, o.x) FROM t b"
                        + " WHERE b.x = 0.5) FROM t o WHERE o.x IS NOT NULL"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("Length")
                .hasMessageContaining("outer query");
    }

    @Test
    void outerColumnComputedFromTheOuterVariableIsRefused() {
        // y = x*x in the outer derived table: d(b.x*y)/dx = 2x·b.x, which the subquery cannot see (was 0)
        assertThatThrownBy(() -> rows("SELECT (SELECT grad(b.x * o.y, o.x) FROM t b WHERE b.x = 0.5)"
                        + " FROM (SELECT x, x * x AS y FROM t) o WHERE o.x IS NOT NULL"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("outer query");
        // an outer column stored in the table is a constant of the derivative: d(x·g·b.x)/dx = g·0.5
        List<Row> r = rows("SELECT o.x, o.g, (SELECT grad(o.x * o.g * b.x, o.x) FROM t b WHERE b.x = 0.5) FROM t o"
                + " WHERE o.x IS NOT NULL ORDER BY o.x");
        assertThat(r).hasSize(3);
        for (Row row : r) assertThat(row.getDouble(2)).isEqualTo(row.getInt(1) * 0.5);
    }

    @Test
    void scalarSubqueryReadingTheVariableIsRefused() {
        assertThatThrownBy(() -> rows("SELECT grad(x * (SELECT max(u.x) FROM t u WHERE u.x < o.x), x) FROM t o"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("ScalarSubquery");
        assertThatThrownBy(() -> rows("SELECT grad(y * (SELECT max(u.x) FROM t u WHERE u.x < s.y), x)"
                        + " FROM (SELECT x, x * x AS y FROM t) s"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("ScalarSubquery");
        // an uncorrelated one is a constant: d(x·1.5)/dx
        assertThat(rows("SELECT grad(x * (SELECT max(u.x) FROM t u), x) FROM t WHERE x = 0.5")
                        .get(0)
                        .getDouble(0))
                .isEqualTo(1.5);
    }

    @Test
    void cteReadInsideASubqueryIsNeverAZero() {
        // the CTE's definition lies outside the subquery's plan: the derivative is either 2x = 3 or refused
        try {
            Row r = rows("WITH c AS (SELECT x, x * x AS y FROM t)"
                            + " SELECT (SELECT grad(c.y, c.x) FROM c WHERE c.x = 1.5)")
                    .get(0);
            assertThat(r.getDouble(0)).isCloseTo(3.0, within(1e-12));
        } catch (Exception e) {
            assertThat(e).isInstanceOf(AnalysisException.class);
        }
    }

    @Test
    void unionsFollowEveryBranch() {
        // y depends on x in the second or third branch only; nested UNIONs used to keep just the last level
        for (String q : List.of(
                "SELECT x, 1.0D AS y FROM t UNION ALL SELECT x, x * x AS y FROM t UNION ALL SELECT x, 2.0D FROM t",
                "SELECT x, 1.0D AS y FROM t UNION ALL (SELECT x, 2.0D FROM t UNION ALL SELECT x, x * x FROM t)",
                "SELECT x, 1.0D AS y FROM t UNION (SELECT x, 3.0D FROM t UNION SELECT x, sin(x) FROM t)",
                "SELECT x, 1.0D AS y FROM t INTERSECT SELECT x, x * x FROM t",
                "SELECT x, 1.0D AS y FROM t EXCEPT SELECT x, x * x FROM t")) {
            assertThatThrownBy(() -> rows("SELECT grad(y, x) FROM (" + q + ")"))
                    .as(q)
                    .isInstanceOf(AnalysisException.class)
                    .hasMessageContaining("set operation");
        }
        // the variable itself through a union, and an output that no branch computes from it
        List<Row> r = rows("SELECT x, grad(x * x, x), grad(y, x) FROM (SELECT x, 1.0D AS y FROM t"
                + " UNION ALL (SELECT x, 2.0D FROM t UNION ALL SELECT x, 3.0D FROM t)) WHERE x IS NOT NULL");
        assertThat(r).hasSize(9);
        for (Row row : r) {
            assertThat(row.getDouble(1)).isEqualTo(2 * row.getDouble(0));
            assertThat(row.getDouble(2)).isEqualTo(0.0);
        }
    }

    /**
     * Random expressions in which an unsupported Spark function (round, hypot, length of a string) reads the
     * variable or only constants, in four places: the select list, a derived table's definition, a correlated
     * subquery differentiating an outer column, and one differentiating its own column with an outer
     * constant. Each derivative is refused naming the unsupported node exactly when one reads the variable,
     * and otherwise equals the central difference quotient Spark computes from the plain expression.
     */
    @Test
    void randomUnsupportedNodesAreRefusedOrExact() {
        spark.sql("CREATE OR REPLACE TEMP VIEW r AS SELECT * FROM VALUES (1, 0.3D, 0.5D), (2, 0.7D, 1.25D),"
                + " (3, 1.1D, 2.0D), (4, 1.7D, 0.75D) AS r(k, x, c)");
        long seed = 21L;
        java.util.Random random = new java.util.Random(seed);
        // (variable, constant, query with %s for the derivative of F, query with %s for the quotient of F)
        String[][] places = {
            {"x", "c", "SELECT k, %s FROM r", "SELECT k, %s FROM r"},
            {"x", "c", "SELECT k, %s FROM (SELECT k, x, c, (%s) AS y FROM r)", "SELECT k, %s FROM r"},
            {
                "o.x",
                "b.c",
                "SELECT o.k, (SELECT %s FROM r b WHERE b.k = 1) FROM r o",
                "SELECT o.k, %s FROM r o CROSS JOIN (SELECT * FROM r WHERE k = 1) b"
            },
            {
                "b.x",
                "o.c",
                "SELECT o.k, (SELECT %s FROM r b WHERE b.k = 1) FROM r o",
                "SELECT o.k, %s FROM r o CROSS JOIN (SELECT * FROM r WHERE k = 1) b"
            },
        };
        int refused = 0, compared = 0;
        for (int n = 0; n < 4; n++) {
            RandomExpr f = RandomExpr.generate(random, 3);
            for (int p = 0; p < places.length; p++) {
                String v = places[p][0], c = places[p][1];
                String query = p == 1
                        ? String.format(places[p][2], "grad(y, x)", f.sql(v, c))
                        : String.format(places[p][2], "grad(" + f.sql(v, c) + ", " + v + ")");
                String h = "1e-5D";
                String quotient = String.format(
                        places[p][3],
                        "((" + f.sql("(" + v + " + " + h + ")", c) + ") - (" + f.sql("(" + v + " - " + h + ")", c)
                                + ")) / (2 * " + h + ")");
                String where = "seed " + seed + ", case " + n + ", place " + p + ": " + query;
                if (f.unsupportedOnVariable() != null) {
                    assertThatThrownBy(() -> rows(query))
                            .as(where)
                            .isInstanceOf(AnalysisException.class)
                            .hasMessageContaining(f.unsupportedOnVariable());
                    refused++;
                    continue;
                }
                java.util.Map<Integer, Double> expected = new java.util.HashMap<>();
                for (Row row : rows(quotient)) expected.put(row.getInt(0), row.getDouble(1));
                List<Row> actual = rows(query);
                assertThat(actual).as(where).hasSize(4);
                for (Row row : actual) {
                    double e = expected.get(row.getInt(0));
                    assertThat(row.getDouble(1)).as(where).isCloseTo(e, within(1e-5 * Math.max(1, Math.abs(e))));
                }
                compared++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(compared).isPositive();
    }

    /** A random expression over a variable V and a constant C, and whether an unsupported node reads V. */
    private record RandomExpr(String template, String unsupportedOnVariable) {
        String sql(String v, String c) {
            return template.replace("V", v).replace("C", c);
        }

        private static final String[][] UNSUPPORTED = {
            {"round(%s, 1)", "Round"},
            {"hypot(%s, 1.0D)", "Hypot"},
            {"cast(length(cast(%s AS STRING)) AS DOUBLE)", "Length"}
        };

        static RandomExpr generate(java.util.Random r, int depth) {
            if (depth == 0 || r.nextInt(4) == 0) {
                return switch (r.nextInt(3)) {
                    case 0 -> new RandomExpr("V", null);
                    case 1 -> new RandomExpr("C", null);
                    default -> new RandomExpr("0." + (1 + r.nextInt(9)) + "D", null);
                };
            }
            RandomExpr a = generate(r, depth - 1);
            return switch (r.nextInt(6)) {
                case 0, 1 -> {
                    RandomExpr b = generate(r, depth - 1);
                    String op = r.nextBoolean() ? " + " : " * ";
                    yield new RandomExpr(
                            "(" + a.template + op + b.template + ")",
                            a.unsupportedOnVariable != null ? a.unsupportedOnVariable : b.unsupportedOnVariable);
                }
                case 2 -> new RandomExpr("sin(" + a.template + ")", a.unsupportedOnVariable);
                case 3 -> new RandomExpr("exp(0.25D * " + a.template + ")", a.unsupportedOnVariable);
                default -> {
                    String[] u = UNSUPPORTED[r.nextInt(UNSUPPORTED.length)];
                    boolean onVariable = a.unsupportedOnVariable != null || a.template.contains("V");
                    // an unsupported node over a constant must be a constant of the derivative; half of them are
                    if (!onVariable || r.nextBoolean())
                        yield new RandomExpr(
                                "(V * " + String.format(u[0], a.template) + ")",
                                // translation meets the outermost unsupported node first and names it
                                onVariable ? u[1] : null);
                    String constant = a.template.replace("V", "C");
                    yield new RandomExpr("(V * " + String.format(u[0], constant) + ")", null);
                }
            };
        }
    }
}
