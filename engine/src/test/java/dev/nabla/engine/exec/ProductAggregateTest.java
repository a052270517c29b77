package dev.nabla.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The product aggregate ({@code SUM(l.x * r.y) … JOIN … GROUP BY l.i, r.k} without materialising the join) against
 * the ordinary hash join + hash aggregate ({@code SET fused = off}) and against an independent reference: the
 * correctly rounded exact sum of the rounded products per group, in BigDecimal. Random tables with NULL keys,
 * NULL factors, cancelling and extreme values; the seed is printed ({@code -Dnabla.test.seed=…} replays it).
 */
class ProductAggregateTest {
    private static final long SEED = Long.getLong("nabla.test.seed", System.nanoTime());

    private static final String PRODUCT =
            "SELECT l.i, r.k, SUM(l.x * r.y) FROM l JOIN r ON l.j = r.j GROUP BY l.i, r.k";

    /** The query shapes the operator takes (and their ordinary plans must agree with it bit for bit). */
    private static final List<String> SHAPES = List.of(
            PRODUCT,
            "SELECT r.k, l.i, SUM(r.y * l.x), SUM(l.x2 * r.y) FROM r JOIN l ON r.j = l.j GROUP BY r.k, l.i",
            "SELECT l.i, SUM(l.x * r.y) FROM l JOIN r ON l.j = r.j GROUP BY l.i",
            "SELECT r.k, SUM(l.x * r.y) FROM l JOIN r ON l.j = r.j GROUP BY r.k",
            "SELECT l.s, r.k, SUM(l.x * r.y) FROM l JOIN r ON l.js = r.js GROUP BY l.s, r.k");

    @Test
    void agreesWithTheHashAggregateAndTheExactReference() {
        System.out.println("ProductAggregateTest seed " + SEED);
        Random rnd = new Random(SEED);
        for (int round = 0; round < 12; round++) {
            String ctx = "seed " + SEED + " round " + round;
            int nl = round == 0 ? 0 : rnd.nextInt(round % 4 == 0 ? 5_000 : 400);
            int nr = round == 1 ? 0 : rnd.nextInt(round % 4 == 0 ? 1_000 : 200);
            int keys = 1 + rnd.nextInt(round % 2 == 0 ? 40 : 5);
            Tables t = new Tables(rnd, nl, nr, keys, rnd.nextInt(6));
            try (Database db = Nabla.open();
                    Session s = db.connect()) {
                t.load(db, s);
                for (String q : SHAPES) {
                    s.execute("SET fused = on");
                    assertThat(explain(s, q)).as(ctx + ": " + q).contains("ProductAggregate");
                    List<Object[]> on = rows(s.execute(q + ordered(q)));
                    s.execute("SET fused = off");
                    assertThat(explain(s, q)).doesNotContain("ProductAggregate");
                    List<Object[]> off = rows(s.execute(q + ordered(q)));
                    assertThat(on).as(ctx + ": " + q).hasSameSizeAs(off);
                    for (int i = 0; i < on.size(); i++)
                        assertThat(sameBits(on.get(i), off.get(i)))
                                .as(ctx + ": " + q + " row " + i + ": " + Arrays.toString(on.get(i)) + " vs "
                                        + Arrays.toString(off.get(i)))
                                .isTrue();
                }
                s.execute("SET fused = on");
                Map<List<Long>, Double> want = t.reference();
                List<Object[]> got = rows(s.execute(PRODUCT));
                assertThat(got).as(ctx).hasSize(want.size());
                for (Object[] row : got) {
                    List<Long> key = Arrays.asList((Long) row[0], (Long) row[1]);
                    assertThat(want).as(ctx).containsKey(key);
                    assertThat(sameBits(new Object[] {row[2]}, new Object[] {want.get(key)}))
                            .as(ctx + " group " + key + ": got " + row[2] + ", want " + want.get(key))
                            .isTrue();
                }
            }
        }
    }

    @Test
    void firesOnlyForProductsOfTheTwoSides() {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            new Tables(new Random(1), 50, 20, 3, 0).load(db, s);
            assertThat(explain(s, PRODUCT)).contains("ProductAggregate");
            for (String q : List.of(
                    "SELECT l.i, r.k, SUM(l.x + r.y) FROM l JOIN r ON l.j = r.j GROUP BY l.i, r.k",
                    "SELECT l.i, r.k, SUM(l.x * l.x2) FROM l JOIN r ON l.j = r.j GROUP BY l.i, r.k",
                    "SELECT l.i, r.k, AVG(l.x * r.y) FROM l JOIN r ON l.j = r.j GROUP BY l.i, r.k",
                    "SELECT l.i, r.k, SUM(l.x * r.y) FROM l LEFT JOIN r ON l.j = r.j GROUP BY l.i, r.k",
                    "SELECT l.i, r.k, SUM(l.x * r.y) FROM l JOIN r ON l.j = r.j AND l.i < r.k GROUP BY l.i, r.k",
                    "SELECT l.i, l.j, SUM(l.x * r.y) FROM l JOIN r ON l.j = r.j GROUP BY l.i, l.j",
                    "SELECT l.i, r.k, SUM(DISTINCT l.x * r.y) FROM l JOIN r ON l.j = r.j GROUP BY l.i, r.k",
                    "SELECT SUM(l.x * r.y) FROM l JOIN r ON l.j = r.j"))
                assertThat(explain(s, q)).as(q).doesNotContain("ProductAggregate");
        }
    }

    /** Guards the checker: the same comparison rejects a left-to-right double sum of the products. */
    @Test
    void checkerNoticesNaiveSummation() {
        Random rnd = new Random(SEED);
        int caught = 0;
        for (int round = 0; round < 20; round++) {
            Tables t = new Tables(rnd, 300, 40, 2, 2);
            Map<List<Long>, Double> exact = t.reference();
            Map<List<Long>, Double> naive = t.naive();
            for (var e : exact.entrySet())
                if (!sameBits(new Object[] {e.getValue()}, new Object[] {naive.get(e.getKey())})) caught++;
        }
        assertThat(caught).isPositive();
    }

    /** l(i, j, js, s, x, x2) and r(j, js, k, y): keys in 0..keys-1 with NULLs; factors of a value kind. */
    private static final class Tables {
        final Long[] li, lj, rj, rk;
        final Double[] lx, lx2, ry;

        Tables(Random rnd, int nl, int nr, int keys, int kind) {
            li = longs(rnd, nl, keys);
            lj = longs(rnd, nl, keys);
            rj = longs(rnd, nr, keys);
            rk = longs(rnd, nr, keys);
            lx = SummationDifferentialTest.table(rnd, nl, kind);
            lx2 = SummationDifferentialTest.table(rnd, nl, kind);
            ry = SummationDifferentialTest.table(rnd, nr, kind);
        }

        private static Long[] longs(Random rnd, int n, int keys) {
            Long[] v = new Long[n];
            for (int i = 0; i < n; i++) v[i] = rnd.nextInt(20) == 0 ? null : (long) rnd.nextInt(keys);
            return v;
        }

        void load(Database db, Session s) {
            db.registerTable(
                    "lraw",
                    List.of("i", "j", "x", "x2", "mi", "mj", "mx", "mx2"),
                    List.of(vals(li), vals(lj), vals(lx), vals(lx2), nulls(li), nulls(lj), nulls(lx), nulls(lx2)));
            db.registerTable(
                    "rraw",
                    List.of("j", "k", "y", "mj", "mk", "my"),
                    List.of(vals(rj), vals(rk), vals(ry), nulls(rj), nulls(rk), nulls(ry)));
            s.execute("CREATE TABLE l AS SELECT CASE WHEN mi = 1 THEN NULL ELSE i END AS i,"
                    + " CASE WHEN mj = 1 THEN NULL ELSE j END AS j,"
                    + " CASE WHEN mj = 1 THEN NULL ELSE 'k' || j END AS js,"
                    + " CASE WHEN mi = 1 THEN NULL ELSE 's' || i END AS s,"
                    + " CASE WHEN mx = 1 THEN NULL ELSE x END AS x, CASE WHEN mx2 = 1 THEN NULL ELSE x2 END AS x2"
                    + " FROM lraw");
            s.execute("CREATE TABLE r AS SELECT CASE WHEN mj = 1 THEN NULL ELSE j END AS j,"
                    + " CASE WHEN mj = 1 THEN NULL ELSE 'k' || j END AS js,"
                    + " CASE WHEN mk = 1 THEN NULL ELSE k END AS k, CASE WHEN my = 1 THEN NULL ELSE y END AS y"
                    + " FROM rraw");
        }

        /** Per (l.i, r.k): the products of the joined pairs, in join order. */
        private Map<List<Long>, List<Double>> products() {
            Map<List<Long>, List<Double>> groups = new HashMap<>();
            for (int a = 0; a < li.length; a++) {
                if (lj[a] == null) continue;
                for (int b = 0; b < rj.length; b++) {
                    if (!lj[a].equals(rj[b])) continue;
                    List<Double> ps = groups.computeIfAbsent(Arrays.asList(li[a], rk[b]), k -> new ArrayList<>());
                    if (lx[a] != null && ry[b] != null) ps.add(lx[a] * ry[b]);
                }
            }
            return groups;
        }

        Map<List<Long>, Double> reference() {
            Map<List<Long>, Double> out = new HashMap<>();
            products().forEach((k, ps) -> {
                if (ps.isEmpty()) {
                    out.put(k, null);
                    return;
                }
                BigDecimal sum = BigDecimal.ZERO;
                boolean nan = false, pos = false, neg = false;
                for (double p : ps) {
                    if (Double.isNaN(p)) nan = true;
                    else if (p == Double.POSITIVE_INFINITY) pos = true;
                    else if (p == Double.NEGATIVE_INFINITY) neg = true;
                    else sum = sum.add(new BigDecimal(p));
                }
                // infinities and NaNs are counted, not added: NaN with a NaN or both infinities, else the infinity;
                // the finite part is exact (a left-to-right double sum could overflow first)
                double d = nan || (pos && neg)
                        ? Double.NaN
                        : pos ? Double.POSITIVE_INFINITY : neg ? Double.NEGATIVE_INFINITY : sum.doubleValue();
                out.put(k, d == 0 ? 0.0 : d);
            });
            return out;
        }

        Map<List<Long>, Double> naive() {
            Map<List<Long>, Double> out = new HashMap<>();
            products().forEach((k, ps) -> {
                double s = 0;
                for (double p : ps) s += p;
                out.put(k, ps.isEmpty() ? null : s);
            });
            return out;
        }
    }

    private static Object vals(Long[] v) {
        long[] a = new long[v.length];
        for (int i = 0; i < v.length; i++) a[i] = v[i] == null ? 0 : v[i];
        return a;
    }

    private static Object vals(Double[] v) {
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) a[i] = v[i] == null ? 0 : v[i];
        return a;
    }

    private static Object nulls(Object[] v) {
        long[] a = new long[v.length];
        for (int i = 0; i < v.length; i++) a[i] = v[i] == null ? 1 : 0;
        return a;
    }

    private static String ordered(String q) {
        int keys = q.contains("GROUP BY r.k, l.i") || q.contains("GROUP BY l.i, r.k") || q.contains("GROUP BY l.s")
                ? 2
                : 1;
        return keys == 2 ? " ORDER BY 1 NULLS FIRST, 2 NULLS FIRST" : " ORDER BY 1 NULLS FIRST";
    }

    private static String explain(Session s, String q) {
        Result r = s.execute("EXPLAIN " + q);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < (int) r.rowCount(); i++)
            b.append(r.get(i, r.columnNames().size() - 1)).append('\n');
        return b.toString();
    }

    private static List<Object[]> rows(Result r) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < (int) r.rowCount(); i++) {
            Object[] o = new Object[r.columnNames().size()];
            for (int c = 0; c < o.length; c++) o[c] = r.get(i, c);
            out.add(o);
        }
        return out;
    }

    private static boolean sameBits(Object[] a, Object[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (!SummationDifferentialTest.sameBits(a[i], b[i])) return false;
        return true;
    }
}
