package dev.nabla.tests.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks every gradient table of {@code GRADIENT(loss) WITH RESPECT TO params} against central finite differences of
 * the loss (each parameter value moved by ±h with an UPDATE), on small random instances of each operator: projections
 * and scalar functions, filters, theta/equi/self/LEFT joins, GROUP BY levels with SUM/AVG/COUNT/MIN/MAX/STDDEV/
 * VARIANCE, CTEs and derived tables, a loss without aggregates, windows over whole partitions. Seeds: {@code -Dnabla.reverse.seed=N} (logged).
 */
class ReverseGradientCheckTest {

    static final long SEED = Long.getLong("nabla.reverse.seed", 2026L);
    static final double H = 1e-5;
    static final double TOLERANCE = 1e-6;

    static final List<String> LOSSES = List.of(
            // projections and scalar functions over a cross join
            "SELECT AVG(sin(p.w * d.x) + exp(p.b * 0.1) * d.y + power(p.w - d.x, 2)) FROM data d, params p",
            // filter and theta join
            "SELECT SUM(p.w * d.x * d.y + sqrt(p.b + 2.0)) FROM data d JOIN params p ON d.x > p.b - 0.5"
                    + " WHERE d.y > 0.2",
            // equi join, a grouped lower level with AVG
            "SELECT SUM(s * s) FROM (SELECT p.id, AVG(p.w * d.x + p.b) AS s FROM params p JOIN data d ON d.k = p.id"
                    + " GROUP BY p.id) t",
            // self-join: contributions add up
            "SELECT SUM(a.w * b.b * tanh(a.b - b.w)) FROM params a, params b",
            // MIN / MAX (random data: no ties)
            "SELECT MAX(p.w * d.x + p.b) - MIN(p.w - d.y) FROM params p, data d",
            // STDDEV / VARIANCE family
            "SELECT STDDEV(p.w * d.x + p.b) + VAR_POP(p.w * d.y) + STDDEV_POP(p.b * d.x) + VARIANCE(p.b * p.w)"
                    + " FROM params p, data d",
            // LEFT JOIN: matched rows
            "SELECT SUM(COALESCE(p.w, 1.0) * d.x + COALESCE(p.b * p.b, 0.0)) FROM data d LEFT JOIN params p"
                    + " ON p.id = d.k",
            // CTE with a computed column, equi join
            "WITH e AS (SELECT id, w * w AS w2, b FROM params) SELECT AVG(e.w2 * d.x + e.b) FROM e JOIN data d"
                    + " ON d.k = e.id",
            // a loss without aggregates over single-row levels
            "SELECT ln(a.s) * c.m FROM (SELECT SUM(exp(w)) AS s FROM params) a, (SELECT AVG(b) AS m FROM params) c",
            // COUNT (no gradient) next to SUM in a grouped level keyed by the data side
            "SELECT SUM(s / n) FROM (SELECT d.k, SUM(p.w * d.x) AS s, COUNT(*) AS n FROM params p JOIN data d"
                    + " ON d.k = p.id GROUP BY d.k) t",
            // two levels of aggregation (stop_gradient is checked in reverse/gradient.test: it is meant to differ)
            "SELECT AVG(q.m * q.m) FROM (SELECT t.k, MAX(t.s) AS m FROM (SELECT d.k, p.id, SUM(p.w * d.x"
                    + " + p.b) AS s FROM params p, data d GROUP BY d.k, p.id) t GROUP BY t.k) q",
            // windows over whole partitions: SUM ... OVER (PARTITION BY), AVG ... OVER (), in a derived table
            "SELECT SUM(t.s * t.y + t.a * t.a) FROM (SELECT d.y, SUM(p.w * d.x) OVER (PARTITION BY d.k) AS s,"
                    + " AVG(p.b * d.x + p.w) OVER () AS a FROM params p JOIN data d ON d.k = p.id) t",
            // a window partitioned by a parameter-side key, inside a CTE, with a filter; MAX over a partition
            "WITH r AS (SELECT p.id, d.x, exp(p.w * d.x) / SUM(exp(p.w * d.x)) OVER (PARTITION BY p.id) AS sm,"
                    + " MAX(p.b * d.y) OVER (PARTITION BY d.k) AS m FROM params p, data d WHERE d.x > 0.3)"
                    + " SELECT SUM(r.sm * r.x + r.m) FROM r");

    @Test
    void everyGradientTableMatchesCentralDifferences() {
        List<String> problems = check(SEED);
        assertThat(problems).as("seed " + SEED).isEmpty();
    }

    /** For a scalar parameter joined in, reverse mode equals the forward-mode average {@code AVG(grad(loss, p.w))}. */
    @Test
    void reverseModeAgreesWithForwardMode() {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            s.execute("CREATE TABLE params(id INTEGER, w DOUBLE, b DOUBLE)");
            s.execute("INSERT INTO params VALUES (1, 0.7, -0.2)");
            s.execute("CREATE TABLE data AS SELECT i, i / 10.0 AS x, sin(i) AS y FROM generate_series(1, 30) g(i)");
            String f = "power(tanh(p.w * d.x + p.b) - d.y, 2) + 0.1 * exp(p.w * p.b)";
            Result rev = s.execute(
                    "SELECT w, b FROM GRADIENT(SELECT AVG(" + f + ") FROM data d, params p) WITH RESPECT TO params");
            Result fwd = s.execute("SELECT AVG(grad(" + f + ", p.w)), AVG(grad(" + f + ", p.b)) FROM data d, params p");
            for (int c = 0; c < 2; c++)
                assertThat(rev.getDouble(0, c))
                        .isCloseTo(
                                fwd.getDouble(0, c),
                                org.assertj.core.data.Offset.offset(
                                        1e-12 * Math.max(1, Math.abs(fwd.getDouble(0, c)))));
        }
    }

    @Test
    void explainPrintsTheBackwardPlanAsATreeAndAsSql() {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            s.execute("CREATE TABLE params(id INTEGER, w DOUBLE)");
            s.execute("INSERT INTO params VALUES (1, 0.5), (2, 1.5)");
            Result r =
                    s.execute("EXPLAIN GRADIENT(SELECT SUM(a.w * b.w) FROM params a, params b) WITH RESPECT TO params");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < r.rowCount(); i++)
                text.append(r.getString(i, 0)).append('\n');
            String plan = text.toString();
            assertThat(plan).contains("logical plan:", "Aggregate", "backward plan of GRADIENT(...) as SQL:");
            String sql = plan.substring(plan.indexOf("WITH __gt AS"));
            // the printed SQL is a query that runs by itself and gives the gradient
            Result g = s.execute(sql);
            assertThat(g.getDouble(0, 1)).isEqualTo(4.0);
            assertThat(g.getDouble(1, 1)).isEqualTo(4.0);
        }
    }

    @Test
    void aPerturbedRuleIsCaught() {
        System.setProperty("nabla.reverse.perturb", "avg");
        try {
            List<String> problems = check(SEED);
            assertThat(problems)
                    .as("AVG's backward rule scaled by 1.001 must fail the check")
                    .isNotEmpty();
        } finally {
            System.clearProperty("nabla.reverse.perturb");
        }
    }

    private static List<String> check(long seed) {
        System.out.println("ReverseGradientCheckTest seed " + seed);
        Random rnd = new Random(seed);
        List<String> problems = new ArrayList<>();
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            s.execute("CREATE TABLE params(id INTEGER, w DOUBLE, b DOUBLE)");
            s.execute("CREATE TABLE data(k INTEGER, x DOUBLE, y DOUBLE)");
            StringBuilder p = new StringBuilder("INSERT INTO params VALUES ");
            for (int i = 1; i <= 3; i++)
                p.append(i > 1 ? ", " : "")
                        .append(String.format(
                                Locale.ROOT, "(%d, %.6f, %.6f)", i, rnd.nextDouble() * 2 - 1, rnd.nextDouble()));
            s.execute(p.toString());
            StringBuilder d = new StringBuilder("INSERT INTO data VALUES ");
            for (int i = 0; i < 7; i++)
                d.append(i > 0 ? ", " : "")
                        .append(String.format(
                                Locale.ROOT,
                                "(%d, %.6f, %.6f)",
                                1 + rnd.nextInt(4),
                                rnd.nextDouble() * 2,
                                rnd.nextDouble())); // k = 4 matches no parameter row
            s.execute(d.toString());
            for (String loss : LOSSES) {
                Result g = s.execute("SELECT id, w, b FROM GRADIENT(" + loss + ") WITH RESPECT TO params");
                for (int row = 0; row < g.rowCount(); row++) {
                    long id = g.getLong(row, 0);
                    for (int c = 1; c <= 2; c++) {
                        String col = c == 1 ? "w" : "b";
                        double fd = (lossAt(s, loss, id, col, H) - lossAt(s, loss, id, col, -H)) / (2 * H);
                        double got = g.getDouble(row, c);
                        double scale = Math.max(1.0, Math.max(Math.abs(fd), Math.abs(got)));
                        if (!(Math.abs(got - fd) <= TOLERANCE * scale))
                            problems.add(String.format(
                                    Locale.ROOT,
                                    "%s: d/d%s[id=%d] reverse %.12g, central difference %.12g",
                                    loss,
                                    col,
                                    id,
                                    got,
                                    fd));
                    }
                }
            }
        }
        return problems;
    }

    /** The loss with params.col of row id moved by h (and moved back). */
    private static double lossAt(Session s, String loss, long id, String col, double h) {
        s.execute("UPDATE params SET " + col + " = " + col + " + " + h + " WHERE id = " + id);
        try {
            return s.execute(loss).getDouble(0, 0);
        } finally {
            s.execute("UPDATE params SET " + col + " = " + col + " - " + h + " WHERE id = " + id);
        }
    }
}
