package dev.nabla.jmh;

/** The benchmark SQL. DuckDB has no grad(), so its versions spell the derivative out by hand. */
final class Queries {
    private Queries() {}

    static final String Q1 = "SELECT SUM(grad(sin(x)*y + exp(-x*x), x)) FROM t";
    static final String Q1_DUCK = "SELECT SUM(cos(x)*y - 2*x*exp(-x*x)) FROM t";

    static final String Q2 = "SELECT AVG(grad(power(a*x+b-y, 2), a)), AVG(grad(power(a*x+b-y, 2), b)) FROM t, params";
    static final String Q2_DUCK = "SELECT AVG(2*(a*x+b-y)*x), AVG(2*(a*x+b-y)) FROM t, params";

    static final String Q3 = "SELECT g, SUM(grad(sin(x)*y + exp(-x*x), x)) FROM t WHERE x > 0 GROUP BY g";
    static final String Q3_DUCK = "SELECT g, SUM(cos(x)*y - 2*x*exp(-x*x)) FROM t WHERE x > 0 GROUP BY g";

    static final String Q4 = "SELECT SUM(sin(x)*y + exp(-x*x)) FROM t";

    /** Q6: the log-loss gradient of logistic regression (its derivative divides by sigmoid(z)). */
    static final String Q6 =
            "SELECT AVG(grad(-(y * ln(sigmoid(a*x + b)) + (1 - y) * ln(1 - sigmoid(a*x + b))), a)) FROM t, params";

    static final String Q6_DUCK = "SELECT AVG((1 - y) * (s * (1 - s) * x) / (1 - s) - y * (s * (1 - s) * x) / s) "
            + "FROM (SELECT y, x, 1 / (1 + exp(-(a*x + b))) AS s FROM t, params)";

    /** 50 gradient-descent steps of the Q2 model over the first 100 000 rows, as one recursive CTE. */
    static final String Q5 = """
            WITH RECURSIVE gd(step, a, b) AS (
              SELECT 0, 0.5, 0.1
              UNION ALL
              SELECT step + 1,
                     a - 0.1 * AVG(grad(power(a*x + b - y, 2), a)),
                     b - 0.1 * AVG(grad(power(a*x + b - y, 2), b))
              FROM gd, t100k WHERE step < 50 GROUP BY step, a, b)
            SELECT a, b FROM gd WHERE step = 50""";

    static final String Q5_DUCK = """
            WITH RECURSIVE gd(step, a, b) AS (
              SELECT 0, 0.5::DOUBLE, 0.1::DOUBLE
              UNION ALL
              SELECT step + 1,
                     a - 0.1 * AVG(2*(a*x + b - y)*x),
                     b - 0.1 * AVG(2*(a*x + b - y))
              FROM gd, t100k WHERE step < 50 GROUP BY step, a, b)
            SELECT a, b FROM gd WHERE step = 50""";
    static final String T100K = "CREATE TABLE t100k AS SELECT * FROM t WHERE i < 100000";
}
