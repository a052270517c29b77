package dev.nabla.engine.exec.fused;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fused aggregation must agree with the ordinary executor ({@code SET fused = off}) on every edge. */
class FusedAggregateNodeTest {
    Database db;
    Session s;

    @BeforeEach
    void setUp() {
        int n = 1_100_003; // 17 segments: enough morsels for four threads
        double[] x = new double[n], y = new double[n];
        long[] g = new long[n], h = new long[n], c = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(i * 0.001);
            y[i] = Math.cos(i * 0.0007);
            g[i] = i % 7;
            // 100 003 groups of ~11 rows, each spread over all 17 morsels (q18's many-groups shape)
            h[i] = (i * 7919L) % 100_003;
            // runs of 11 equal keys, in key order (lineitem's l_orderkey)
            c[i] = i / 11;
        }
        db = Nabla.open();
        db.registerTable("t", List.of("x", "y", "g", "h", "c"), List.of(x, y, g, h, c));
        // stored NaN values are values, not NULLs: IS NULL must stay false for them on the fused path
        double[] withNaN = new double[70_001];
        for (int i = 0; i < withNaN.length; i++) withNaN[i] = i % 9_999 == 5 ? Double.NaN : i * 0.001 - 3;
        db.registerTable("nan", List.of("v"), List.of(withNaN));
        s = db.connect();
        s.executeScript("""
                CREATE TABLE params AS SELECT 0.5 AS a, 0.1 AS b;
                CREATE TABLE two AS SELECT 0.5 AS a, 0.1 AS b UNION ALL SELECT 1.5, 2.5;
                CREATE TABLE none AS SELECT a, b FROM params WHERE a > 9;
                CREATE TABLE withnulls AS SELECT CASE WHEN i % 5 = 0 THEN NULL ELSE i * 0.25 END AS v, (i % 3) - 1.0 AS w, CASE WHEN i % 7 = 0 THEN NULL ELSE i % 4 END AS k FROM range(10000) r(i);
                CREATE TABLE big AS SELECT i, CASE WHEN i IN (75000, 140001) THEN NULL ELSE i * 0.5 END AS v,
                  CASE WHEN i = 100500 THEN -1.0 ELSE i * 0.001 END AS w FROM range(150000) r(i);
                CREATE TABLE holes AS SELECT * FROM big;
                DELETE FROM holes WHERE i % 1000 = 7 OR i BETWEEN 70000 AND 72000;
                """);
    }

    @AfterEach
    void tearDown() {
        s.close();
        db.close();
    }

    static final List<String> QUERIES = List.of(
            "SELECT SUM(grad(sin(x)*y + exp(-x*x), x)), COUNT(*) FROM t",
            "SELECT AVG(grad(power(a*x+b-y, 2), a)), AVG(grad(power(a*x+b-y, 2), b)) FROM t, params",
            "SELECT AVG(grad(power(a*x+b-y, 2), a)), COUNT(*) FROM params, t",
            "SELECT a, b, SUM(x*a + b) FROM t, params GROUP BY a, b",
            "SELECT a, SUM(x*a) FROM t, two GROUP BY a ORDER BY a",
            "SELECT SUM(x*a) FROM t, two",
            "SELECT SUM(x*a), COUNT(*) FROM t, none",
            "SELECT a, SUM(x*a) FROM t, none GROUP BY a",
            "SELECT SUM(v * 2), AVG(v), COUNT(v), COUNT(*) FROM withnulls",
            "SELECT SUM(sqrt(w)), COUNT(sqrt(w)), AVG(sqrt(v - 100)) FROM withnulls",
            "SELECT SUM(x / 2), SUM(x / 0) FROM t",
            "SELECT SUM(x) FROM t WHERE x > 2",
            "SELECT SUM(sigmoid(x) + tanh(y) - abs(x) * cbrt(y)) FROM t WHERE g = 3",
            "SELECT g, SUM(grad(sin(x)*y + exp(-x*x), x)), COUNT(*), AVG(x) FROM t WHERE x > 0 GROUP BY g",
            "SELECT g, SUM(x) FROM t WHERE x > 5 GROUP BY g",
            "SELECT g, SUM(x*y) FROM t WHERE x > 0 AND y < 0.5 GROUP BY g",
            "SELECT k, SUM(v*2), COUNT(v), COUNT(*), AVG(sqrt(w)) FROM withnulls GROUP BY k",
            "SELECT k, SUM(sqrt(w)) FROM withnulls WHERE v > 10 GROUP BY k",
            // several segments; a NULL and a domain error deep inside a segment (whole-segment kernel calls)
            "SELECT SUM(v * 2), COUNT(v), COUNT(*), AVG(sqrt(w)), SUM(w) FROM big",
            "SELECT SUM(v * 2), COUNT(v), COUNT(*), AVG(sqrt(w)), SUM(w) FROM holes",
            "SELECT SUM(v * a), AVG(w + b) FROM holes, params",
            // SQL domain rules inside fused kernels: ln(0) and x/0 are NULL, even where IEEE's ±Infinity
            // would be hidden by a later exp() or 1/…; pow(NULL, 0) stays NULL
            "SELECT SUM(ln(w + 1)), SUM(exp(-1 / w)), COUNT(exp(-1 / w)), AVG(log10(w + 2) / w), SUM(log1p(w)) FROM withnulls",
            "SELECT SUM(1 / ln(x + 1)), AVG(power(abs(x), 2.5)), SUM(log10(abs(y)) / x), SUM(power(sqrt(x), 0)) FROM t",
            "SELECT AVG(grad(-(y * ln(sigmoid(a*x + b)) + (1 - y) * ln(1 - sigmoid(a*x + b))), a)) FROM t, params",
            "SELECT g, SUM(exp(-1 / x)), COUNT(ln(x)) FROM t WHERE y > 0 GROUP BY g",
            // CASE, comparisons, relu/greatest/least/sign and their derivatives
            "SELECT SUM(CASE WHEN x > 0 THEN x * y WHEN x < -0.5 THEN -x ELSE y END), SUM(relu(x - 0.2)), SUM(greatest(x, y, 0.1)), SUM(least(x, y)) FROM t",
            "SELECT SUM(CASE WHEN x > 0.3 THEN x END), COUNT(CASE WHEN x > 0.3 THEN x END), SUM(sign(x) * abs(y)) FROM t",
            "SELECT AVG(grad(relu(a*x + b - y), a)), AVG(grad(abs(a*x + b - y), b)), AVG(grad(greatest(0, 1 - y*(a*x + b)), a)) FROM t, params",
            "SELECT SUM(CASE WHEN sqrt(w) <> 0 THEN 1.0 ELSE 2.0 END), SUM(CASE WHEN ln(w) >= 0 OR w < -0.5 THEN w ELSE 0 END) FROM withnulls",
            "SELECT SUM(CASE WHEN v > 10 AND w < 0.5 THEN v ELSE w END), SUM(CASE WHEN w = 0 THEN 1 / w ELSE w END) FROM withnulls",
            "SELECT g, SUM(CASE WHEN x > y THEN x ELSE y END), SUM(relu(x)) FROM t WHERE x > 0 GROUP BY g",
            "SELECT SUM(CASE WHEN sqrt(x) IS NULL THEN 1.0 ELSE x END), SUM(CASE WHEN ln(y) IS NOT NULL THEN y ELSE 0 END) FROM t",
            "SELECT SUM(CASE WHEN v IS NULL THEN 1.0 ELSE 2.0 END), SUM(CASE WHEN sqrt(v) IS NULL THEN 1.0 ELSE v END), COUNT(*) FROM nan",
            "SELECT COUNT(CASE WHEN v IS NOT NULL THEN v END), SUM(CASE WHEN v > 0 THEN 1.0 ELSE 0.0 END) FROM nan",
            // integer columns as kernel inputs (converted as CAST converts), with and without NULLs
            "SELECT SUM(x * g), AVG(g / 2.0 + y), SUM(grad(g * x * x, x)) FROM t",
            "SELECT g, SUM(x * g), AVG(sqrt(g) * y) FROM t WHERE x > 0 GROUP BY g",
            "SELECT SUM(k * v), AVG(k + w), COUNT(k * 1.5) FROM withnulls",
            "SELECT SUM(i * 0.5 + v), AVG(i * w) FROM holes");

    private List<String> run() {
        List<String> out = new ArrayList<>();
        for (String q : QUERIES) {
            Result r = s.execute(q);
            StringBuilder sb = new StringBuilder(q).append(" ->");
            for (int i = 0; i < r.rowCount(); i++) {
                for (int c = 0; c < r.columnNames().size(); c++) {
                    Object v = r.get(i, c);
                    // the sums are exact on both paths, but sin/cos/exp may differ in the last bit between
                    // the vector kernel and Math.*: compare doubles to 10 significant digits
                    sb.append(' ').append(v instanceof Double d ? String.format("%.10g", d) : String.valueOf(v));
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void agreesWithTheOrdinaryExecutor() {
        // the kernel from the first morsel, then adaptive execution (per-node until the kernel is ready)
        s.execute("SET adaptive = off");
        List<String> fused = run();
        s.execute("SET adaptive = on");
        List<String> adaptive = run();
        s.execute("SET fused = off");
        List<String> ordinary = run();
        assertThat(fused).containsExactlyElementsOf(ordinary);
        assertThat(adaptive).containsExactlyElementsOf(ordinary);
    }

    /**
     * The query's result once its kernels are compiled. While C2 compiles a kernel, the Vector API's
     * interpreted sin/cos/exp (Math.*) and the compiled ones (SVML stubs) may differ in the last bit;
     * that is JIT warm-up, not thread count, so the comparison starts from the compiled state.
     */
    private Result steadyState(String q) {
        Result last = s.execute(q);
        for (int same = 0, runs = 0; same < 3 && runs < 200; runs++) {
            Result r = s.execute(q);
            same = values(r).equals(values(last)) ? same + 1 : 0;
            last = r;
        }
        return last;
    }

    private static List<Object> values(Result r) {
        List<Object> v = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            for (int c = 0; c < r.columnNames().size(); c++) v.add(r.get(i, c));
        }
        return v;
    }

    @Test
    void sameBitsForAnyThreadCount() {
        for (String q : List.of(
                "SELECT SUM(grad(sin(x)*y + exp(-x*x), x)), AVG(x*y) FROM t",
                "SELECT g, SUM(grad(sin(x)*y + exp(-x*x), x)), AVG(x*y) FROM t WHERE x > 0 GROUP BY g",
                // one table for every morsel with one thread, per-morsel tables merged with more: the
                // same groups in the same order with the same bits
                "SELECT h, SUM(x), COUNT(*), AVG(y) FROM t WHERE y > -0.9 GROUP BY h")) {
            s.execute("SET threads = 1");
            Result one = steadyState(q);
            for (int t = 2; t <= 4; t++) {
                s.execute("SET threads = " + t);
                Result r = s.execute(q);
                assertThat(r.rowCount()).isEqualTo(one.rowCount());
                for (int i = 0; i < r.rowCount(); i++) {
                    for (int c = 0; c < r.columnNames().size(); c++)
                        assertThat(r.get(i, c)).isEqualTo(one.get(i, c));
                }
            }
        }
    }

    /**
     * 100 003 groups spread over 17 morsels (TPC-H q18's shape): the fused node, which folds every
     * morsel into one table when it runs on one thread, gives the ordinary executor's groups in the
     * same order (first seen) with the same values.
     */
    @Test
    void manyGroupsAgreeWithTheOrdinaryExecutorInOrder() {
        String q = "SELECT h, SUM(x), COUNT(*), AVG(y) FROM t WHERE y > -0.9 GROUP BY h";
        s.execute("SET threads = 1");
        s.execute("SET adaptive = off");
        assertThat(s.execute("EXPLAIN " + q).getString(0, 0)).startsWith("FusedAggregate keys=[h]");
        List<Object> fused = rows(s.execute(q));
        s.execute("SET fused = off");
        assertThat(s.execute("EXPLAIN " + q).getString(0, 0)).startsWith("Aggregate keys=[h]");
        List<Object> ordinary = rows(s.execute(q));
        assertThat(fused).hasSize(100_003 * 4);
        assertThat(fused).containsExactlyElementsOf(ordinary);

        String runs = "SELECT c, SUM(x), COUNT(*) FROM t WHERE y > -0.9 OR c % 5 = 0 GROUP BY c";
        List<Object> ordinaryRuns = rows(s.execute(runs));
        s.execute("SET fused = on");
        assertThat(s.execute("EXPLAIN " + runs).getString(0, 0)).startsWith("FusedAggregate keys=[c]");
        assertThat(rows(s.execute(runs))).containsExactlyElementsOf(ordinaryRuns);
    }

    /** Values row by row; doubles to 15 significant digits (AVG divides the same exact sum on both paths). */
    private static List<Object> rows(Result r) {
        List<Object> v = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            for (int c = 0; c < r.columnNames().size(); c++) {
                Object o = r.get(i, c);
                v.add(o instanceof Double d ? String.format("%.15g", d) : o);
            }
        }
        return v;
    }
}
