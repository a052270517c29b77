package dev.nabla.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * covar_pop, covar_samp, regr_slope, regr_intercept, regr_sxx, regr_sxy, regr_avgx and regr_r2 must equal the
 * exact value rounded once (a BigDecimal reference, independent of the engine) on random pairs with NULLs, large
 * common offsets and mixed magnitudes, grouped and not, and as a window over the whole partition. The seed is
 * printed; {@code -Dnabla.test.seed=…} replays it. {@link #checkerNoticesTheOnePassFormula} shows the comparison
 * rejects the textbook Σxy − ΣxΣy/n in doubles on the same data.
 */
class CoMomentsDifferentialTest {
    private static final long SEED = Long.getLong("nabla.test.seed", System.nanoTime());
    private static final MathContext MC = new MathContext(120);
    private static final List<String> FNS = List.of(
            "covar_pop", "covar_samp", "regr_slope", "regr_intercept", "regr_sxx", "regr_sxy", "regr_avgx", "regr_r2");

    /** Pairs (y, x) of one random table; NULLs at a random rate, a common offset up to 1e12. */
    private static Double[][] table(Random r, int n) {
        Double[][] t = new Double[n][2];
        double offset = r.nextBoolean() ? 0 : Math.scalb(1.0, r.nextInt(40));
        double slope = r.nextGaussian() * 10;
        for (int i = 0; i < n; i++) {
            double x = offset + Math.rint(r.nextGaussian() * 1000) / 8;
            double y = slope * (x - offset) + offset + r.nextGaussian();
            t[i][0] = r.nextInt(10) == 0 ? null : y;
            t[i][1] = r.nextInt(10) == 0 ? null : x;
        }
        return t;
    }

    /** The exact result of fn over the complete pairs, rounded to the nearest double; null where SQL gives NULL. */
    static Double reference(String fn, Double[][] t) {
        BigDecimal n = BigDecimal.ZERO, sx = n, sy = n, sxx = n, syy = n, sxy = n;
        for (Double[] p : t) {
            if (p[0] == null || p[1] == null) continue;
            BigDecimal y = new BigDecimal(p[0]), x = new BigDecimal(p[1]);
            n = n.add(BigDecimal.ONE);
            sx = sx.add(x);
            sy = sy.add(y);
            sxx = sxx.add(x.multiply(x));
            syy = syy.add(y.multiply(y));
            sxy = sxy.add(x.multiply(y));
        }
        if (n.signum() == 0) return null;
        BigDecimal dxx = n.multiply(sxx).subtract(sx.multiply(sx));
        BigDecimal dyy = n.multiply(syy).subtract(sy.multiply(sy));
        BigDecimal dxy = n.multiply(sxy).subtract(sx.multiply(sy));
        BigDecimal v = switch (fn) {
            case "covar_pop" -> dxy.divide(n.multiply(n), MC);
            case "covar_samp" -> n.intValue() < 2 ? null : dxy.divide(n.multiply(n.subtract(BigDecimal.ONE)), MC);
            case "regr_slope" -> dxx.signum() == 0 ? null : dxy.divide(dxx, MC);
            case "regr_intercept" ->
                dxx.signum() == 0
                        ? null
                        : sy.multiply(sxx).subtract(sx.multiply(sxy)).divide(dxx, MC);
            case "regr_sxx" -> dxx.divide(n, MC);
            case "regr_sxy" -> dxy.divide(n, MC);
            case "regr_avgx" -> sx.divide(n, MC);
            case "regr_r2" ->
                dxx.signum() == 0
                        ? null
                        : dyy.signum() == 0 ? BigDecimal.ONE : dxy.multiply(dxy).divide(dxx.multiply(dyy), MC);
            default -> throw new IllegalArgumentException(fn);
        };
        return v == null ? null : v.doubleValue();
    }

    @Test
    void everyPathIsTheExactValueRoundedOnce() {
        System.out.println("CoMomentsDifferentialTest seed " + SEED);
        Random rnd = new Random(SEED);
        for (int round = 0; round < 8; round++) {
            int n = round == 0 ? 1 : 2 + rnd.nextInt(round % 2 == 0 ? 3000 : 40);
            Double[][] t = table(rnd, n);
            String ctx = "seed " + SEED + " round " + round + " n " + n;
            try (Database db = Nabla.open();
                    Session s = db.connect()) {
                s.execute("CREATE TABLE t(y DOUBLE, x DOUBLE, one INTEGER)");
                StringBuilder insert = new StringBuilder("INSERT INTO t VALUES ");
                for (int i = 0; i < n; i++)
                    insert.append(i == 0 ? "" : ", ")
                            .append('(')
                            .append(literal(t[i][0]))
                            .append(", ")
                            .append(literal(t[i][1]))
                            .append(", 1)");
                s.execute(insert.toString());
                for (String fn : FNS) {
                    Double want = reference(fn, t);
                    String call = fn + "(y, x)";
                    for (String q : List.of(
                            "SELECT " + call + " FROM t",
                            "SELECT " + call + ", one FROM t GROUP BY one",
                            "SELECT " + call + " OVER () FROM t LIMIT 1")) {
                        Result r = s.execute(q);
                        assertThat(r.get(0, 0)).as(ctx + ": " + q).isEqualTo(want);
                    }
                }
            }
        }
    }

    private static String literal(Double v) {
        return v == null ? "NULL" : Double.toString(v) + "::DOUBLE";
    }

    /** Guards the checker: the one-pass formula in doubles differs from the reference on offset data. */
    @Test
    void checkerNoticesTheOnePassFormula() {
        Random rnd = new Random(SEED);
        int caught = 0;
        for (int round = 0; round < 10; round++) {
            Double[][] t = table(rnd, 200);
            double n = 0, sx = 0, sy = 0, sxy = 0;
            for (Double[] p : t) {
                if (p[0] == null || p[1] == null) continue;
                n++;
                sx += p[1];
                sy += p[0];
                sxy += p[0] * p[1];
            }
            double naive = (sxy - sx * sy / n) / n;
            if (!Double.valueOf(naive).equals(reference("covar_pop", t))) caught++;
        }
        assertThat(caught).isPositive();
    }
}
