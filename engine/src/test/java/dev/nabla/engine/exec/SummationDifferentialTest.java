package dev.nabla.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SUM/AVG/VAR/STDDEV must have the same bits on every plan path — fused kernels on (from the first
 * morsel, or adaptive: per-node until the kernel is ready) and off, grouped
 * (one group) and ungrouped, a cross join with a one-row parameter table, window {@code OVER ()} and
 * sliding frames, 1/2/3 threads — and equal the correctly rounded exact value (BigDecimal reference,
 * independent of the engine). Random tables mix NULLs, huge and tiny magnitudes and cancelling
 * values; the seed is printed ({@code -Dnabla.test.seed=…} replays it, {@code -Dnabla.sumdiff.rounds}
 * runs more rounds). The run with {@code -Dnabla.simd=scalar} (see the engine pom) covers the scalar
 * kernels. {@link #checkerNoticesNaiveSummation} shows the comparison fails for a naive sum.
 */
class SummationDifferentialTest {
    private static final long SEED = Long.getLong("nabla.test.seed", System.nanoTime());
    private static final int ROUNDS = Integer.getInteger("nabla.sumdiff.rounds", 12);

    /** Row values of one random table: a value kind per table, NULLs at a random rate. */
    static Double[] table(Random r, int n, int kind) {
        Double[] v = new Double[n];
        double nullRate = r.nextInt(3) * 0.1;
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < nullRate) continue;
            int k = kind == 5 ? r.nextInt(5) : kind;
            v[i] = switch (k) {
                case 0 -> r.nextGaussian() * 1e3;
                case 1 -> (r.nextBoolean() ? 1 : -1) * Math.scalb(r.nextDouble(), r.nextInt(400) - 200);
                case 2 ->
                    switch (r.nextInt(4)) {
                        case 0 -> 1e16;
                        case 1 -> -1e16;
                        case 2 -> 1.0;
                        default -> r.nextGaussian();
                    };
                case 3 ->
                    (r.nextBoolean() ? 1 : -1)
                            * Math.scalb(1 + r.nextDouble(), 1010 + r.nextInt(13)); // huge: may overflow
                default ->
                    (r.nextBoolean() ? 1 : -1) * Math.scalb(r.nextDouble(), -1074 + r.nextInt(200)); // tiny, subnormal
            };
        }
        return v;
    }

    record Expected(double sum, double avg, Double varSamp, Double varPop) {}

    static Expected reference(List<Double> xs) {
        if (xs.isEmpty()) return null;
        BigDecimal s = BigDecimal.ZERO, sq = BigDecimal.ZERO;
        boolean squaresExact = true;
        for (double x : xs) {
            BigDecimal b = new BigDecimal(x);
            s = s.add(b);
            sq = sq.add(b.multiply(b));
            squaresExact &= x == 0 || Math.abs(x) > 1e-150 && Math.abs(x) < 1e150;
        }
        double sum = s.doubleValue() == 0 ? 0.0 : s.doubleValue();
        int n = xs.size();
        Double vs = null, vp = null;
        if (squaresExact) {
            BigDecimal bn = BigDecimal.valueOf(n), num = bn.multiply(sq).subtract(s.multiply(s));
            MathContext mc = new MathContext(100);
            vp = num.divide(bn.multiply(bn), mc).doubleValue();
            if (n > 1)
                vs = num.divide(bn.multiply(BigDecimal.valueOf(n - 1)), mc).doubleValue();
        }
        return new Expected(sum, sum / n, vs, vp);
    }

    private static Object[] row(Result r, int i) {
        Object[] o = new Object[r.columnNames().size()];
        for (int c = 0; c < o.length; c++) o[c] = r.get(i, c);
        return o;
    }

    /**
     * The plan paths: {@code kernel} is the fused kernel from the first morsel ({@code SET adaptive =
     * off}); {@code on} is adaptive execution (per-node path until the kernel is compiled in the
     * background, so on these tables mostly the per-node path); {@code off} the ordinary operators.
     */
    static void setFused(Session s, String path) {
        s.execute("SET fused = " + (path.equals("off") ? "off" : "on"));
        s.execute("SET adaptive = " + (path.equals("kernel") ? "off" : "on"));
    }

    @Test
    void everyPathGivesTheCorrectlyRoundedBits() {
        System.out.println("SummationDifferentialTest seed " + SEED + " rounds " + ROUNDS);
        Random rnd = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            // round 0 is large enough for three threads (12 segments of 65 536 rows)
            int n = round == 0 ? 800_000 : rnd.nextInt(round % 3 == 0 ? 20_000 : 300);
            int kind = round == 0 ? 5 : rnd.nextInt(6);
            check(rnd, n, kind, "seed " + SEED + " round " + round + " kind " + kind + " n " + n);
        }
    }

    @Test
    void issueReproductionsGiveOneAnswer() {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            s.execute("CREATE TABLE v AS SELECT * FROM (VALUES (1, 1e16), (2, 1.0), (3, -1e16), (4, 1.0)) t(i, x)");
            s.execute("CREATE TABLE p AS SELECT 1.0 AS a");
            for (String fused : List.of("kernel", "on", "off")) {
                setFused(s, fused);
                assertThat(s.execute("SELECT SUM(x) FROM v").get(0, 0)).isEqualTo(2.0);
                assertThat(s.execute("SELECT SUM(x * a) FROM v, p").get(0, 0)).isEqualTo(2.0);
                assertThat(s.execute("SELECT SUM(x * a) FROM v JOIN p ON true").get(0, 0))
                        .isEqualTo(2.0);
                assertThat(s.execute("SELECT AVG(x) FROM v").get(0, 0)).isEqualTo(0.5);
                assertThat(s.execute("SELECT i % 1, SUM(x) FROM v GROUP BY i % 1")
                                .get(0, 1))
                        .isEqualTo(2.0);
                assertThat(s.execute("SELECT SUM(x) OVER () FROM v").get(0, 0)).isEqualTo(2.0);
                // sliding frame after the cancellation: rows 3..4 hold -1e16 and 1
                Result w = s.execute(
                        "SELECT i, SUM(x) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM v ORDER BY i");
                assertThat(w.get(3, 1)).isEqualTo(-1e16 + 1);
                assertThat(w.get(1, 1)).isEqualTo(1e16 + 1.0);
            }
        }
    }

    /** Guards the checker: the same comparison rejects a naive left-to-right sum of cancelling data. */
    @Test
    void checkerNoticesNaiveSummation() {
        Random rnd = new Random(SEED);
        int caught = 0;
        for (int round = 0; round < 20; round++) {
            Double[] t = table(rnd, 200, 2);
            List<Double> xs = new ArrayList<>();
            double naive = 0;
            for (Double x : t)
                if (x != null) {
                    xs.add(x);
                    naive += x;
                }
            Expected e = reference(xs);
            if (e != null && !sameBits(e.sum(), naive)) caught++;
        }
        assertThat(caught).isPositive();
    }

    static boolean sameBits(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y)
            return Double.doubleToLongBits(x) == Double.doubleToLongBits(y);
        return java.util.Objects.equals(a, b);
    }

    private static void assertBits(Object got, Object want, String what) {
        assertThat(sameBits(got, want))
                .as(what + ": got " + got + ", want " + want)
                .isTrue();
    }

    private void check(Random rnd, int n, int kind, String ctx) {
        Double[] v = table(rnd, n, kind);
        long[] ids = new long[n], ones = new long[n], nulls = new long[n];
        double[] x = new double[n];
        List<Double> present = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            ones[i] = 1;
            nulls[i] = v[i] == null ? 1 : 0;
            x[i] = v[i] == null ? 0 : v[i];
            if (v[i] != null) present.add(v[i]);
        }
        Expected e = reference(present);
        try (Database db = Nabla.open()) {
            db.registerTable("raw", List.of("i", "one", "x", "m"), List.of(ids, ones, x, nulls));
            try (Session s = db.connect()) {
                s.execute("CREATE TABLE t AS SELECT i, one, CASE WHEN m = 1 THEN NULL ELSE x END AS x FROM raw");
                s.execute("CREATE TABLE p AS SELECT 1.0 AS a");
                List<String> sums = List.of(
                        "SELECT SUM(x), AVG(x) FROM t",
                        "SELECT one, SUM(x), AVG(x) FROM t GROUP BY one",
                        "SELECT SUM(x * a), AVG(x * a) FROM t, p",
                        "SELECT SUM(x * a), AVG(x * a) FROM t JOIN p ON true",
                        "SELECT SUM(x) OVER (), AVG(x) OVER () FROM t LIMIT 1");
                // windows materialise and sort every row: only for the small tables
                if (n > 20_000) sums = sums.subList(0, 4);
                List<String> vars = List.of(
                        "SELECT VAR_SAMP(x), VAR_POP(x), STDDEV_SAMP(x), STDDEV_POP(x) FROM t",
                        "SELECT one, VAR_SAMP(x), VAR_POP(x), STDDEV_SAMP(x), STDDEV_POP(x) FROM t GROUP BY one",
                        "SELECT VAR_SAMP(x) OVER (), VAR_POP(x) OVER (), STDDEV_SAMP(x) OVER (), STDDEV_POP(x) OVER () FROM t LIMIT 1");
                if (n > 20_000) vars = vars.subList(0, 2);
                Object[] firstVar = null;
                for (String fused : List.of("kernel", "on", "off")) {
                    setFused(s, fused);
                    for (int threads = 1; threads <= 3; threads++) {
                        s.execute("SET threads = " + threads);
                        String where = ctx + " fused " + fused + " threads " + threads + ": ";
                        for (String q : sums) {
                            Result r = s.execute(q);
                            if (n == 0 && q.contains("OVER")) continue; // no rows, no window values
                            if (e == null) {
                                if (r.rowCount() > 0) {
                                    Object[] o = row(r, 0);
                                    assertThat(o[o.length - 2]).as(where + q).isNull();
                                }
                                continue;
                            }
                            Object[] o = row(r, 0);
                            assertBits(o[o.length - 2], e.sum(), where + q + " SUM");
                            assertBits(o[o.length - 1], e.avg(), where + q + " AVG");
                        }
                        for (String q : vars) {
                            Result r = s.execute(q);
                            if (e == null || r.rowCount() == 0) continue;
                            Object[] o = row(r, 0);
                            Object[] got = {o[o.length - 4], o[o.length - 3], o[o.length - 2], o[o.length - 1]};
                            if (firstVar == null) firstVar = got;
                            for (int k = 0; k < 4; k++)
                                assertBits(got[k], firstVar[k], where + q + " column " + k + " (vs first path)");
                            if (e.varPop() != null) {
                                assertBits(got[1], e.varPop(), where + q + " VAR_POP");
                                assertBits(got[3], Math.sqrt(e.varPop()), where + q + " STDDEV_POP");
                                if (e.varSamp() != null) {
                                    assertBits(got[0], e.varSamp(), where + q + " VAR_SAMP");
                                    assertBits(got[2], Math.sqrt(e.varSamp()), where + q + " STDDEV_SAMP");
                                }
                            }
                        }
                    }
                }
                if (n <= 20_000) slidingFrames(s, v, ctx);
            }
        }
    }

    /** Sliding frames: every row's SUM/AVG/VAR equals the reference over its frame and the direct aggregate. */
    private void slidingFrames(Session s, Double[] v, String ctx) {
        int n = v.length;
        Result r = s.execute("SELECT i, SUM(x) OVER w, AVG(x) OVER w, VAR_POP(x) OVER w FROM t "
                + "WINDOW w AS (ORDER BY i ROWS BETWEEN 3 PRECEDING AND 2 FOLLOWING) ORDER BY i");
        assertThat(r.rowCount()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            List<Double> frame = new ArrayList<>();
            for (int j = Math.max(0, i - 3); j <= Math.min(n - 1, i + 2); j++) if (v[j] != null) frame.add(v[j]);
            Expected e = reference(frame);
            String where = ctx + " frame of row " + i;
            if (e == null) {
                assertThat(r.get(i, 1)).as(where).isNull();
                continue;
            }
            assertBits(r.get(i, 1), e.sum(), where + " SUM");
            assertBits(r.get(i, 2), e.avg(), where + " AVG");
            if (e.varPop() != null) assertBits(r.get(i, 3), e.varPop(), where + " VAR_POP");
        }
        // the direct aggregate over a few frames' rows
        for (int k = 0; k < Math.min(n, 5); k++) {
            int i = (int) ((long) k * 7919 % n);
            Result d = s.execute("SELECT SUM(x), AVG(x) FROM t WHERE i BETWEEN " + (i - 3) + " AND " + (i + 2));
            assertBits(d.get(0, 0), r.get(i, 1), ctx + " direct SUM of frame " + i);
            assertBits(d.get(0, 1), r.get(i, 2), ctx + " direct AVG of frame " + i);
        }
    }
}
