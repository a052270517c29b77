package dev.nabla.vector.sum;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ExactSum against an independent reference: BigDecimal sums of the same doubles, rounded by
 * {@link BigDecimal#doubleValue()} (correctly rounded since JDK 19). Also checks that the SIMD bulk
 * kernel, its scalar twin, one-by-one addition, merging and removal all reach the same bits.
 */
class ExactSumTest {
    private static final long SEED = Long.getLong("nabla.test.seed", System.nanoTime());

    static double[] values(Random r, int n, int kind) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = switch (kind) {
                case 0 -> r.nextGaussian();
                case 1 -> (r.nextBoolean() ? 1 : -1) * Math.scalb(r.nextDouble(), r.nextInt(200) - 100);
                case 2 -> (r.nextBoolean() ? 1 : -1) * Math.scalb(r.nextDouble(), r.nextInt(2000) - 1000);
                case 3 ->
                    switch (r.nextInt(4)) {
                        case 0 -> 1e16;
                        case 1 -> -1e16;
                        case 2 -> 1.0;
                        default -> r.nextDouble() * 1e-300;
                    };
                case 4 -> Math.scalb(r.nextDouble(), -1074 + r.nextInt(60)) * (r.nextBoolean() ? 1 : -1); // subnormals
                default ->
                    (r.nextBoolean() ? 1 : -1) * Math.scalb(1 + r.nextDouble(), 1000 + r.nextInt(23)); // near overflow
            };
        }
        return a;
    }

    static double reference(double[] a, int off, int n) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) s = s.add(new BigDecimal(a[off + i]));
        double d = s.doubleValue();
        return d == 0 ? 0.0 : d;
    }

    @Test
    void matchesCorrectlyRoundedBigDecimalOnEveryPath() {
        System.out.println("ExactSumTest seed " + SEED);
        Random r = new Random(SEED);
        for (int round = 0; round < 300; round++) {
            int kind = round % 6, n = r.nextInt(round % 5 == 0 ? 5000 : 40);
            double[] a = values(r, n + 3, kind);
            int off = r.nextInt(3);
            double want = reference(a, off, n);
            ExactSum one = new ExactSum(),
                    simd = new ExactSum(),
                    scalar = new ExactSum(),
                    merged = new ExactSum(),
                    part = new ExactSum();
            for (int i = 0; i < n; i++) one.add(a[off + i]);
            simd.addAll(a, off, n);
            assertThat(new BulkAdd.Scalar().addAllFinite(scalar, a, off, n)).isTrue();
            int cut = n == 0 ? 0 : r.nextInt(n);
            merged.addAll(a, off, cut);
            part.addAll(a, off + cut, n - cut);
            merged.add(part);
            String ctx = "seed " + SEED + " round " + round + " kind " + kind + " n " + n;
            assertThat(one.round()).as(ctx).isEqualTo(want);
            assertThat(simd.round()).as(ctx).isEqualTo(want);
            assertThat(scalar.round()).as(ctx).isEqualTo(want);
            assertThat(merged.round()).as(ctx).isEqualTo(want);
            // removal: add noise, take it out again
            double[] noise = values(r, 20, (kind + 1) % 6);
            for (double x : noise) one.add(x);
            for (double x : noise) one.remove(x);
            assertThat(one.round()).as(ctx).isEqualTo(want);
        }
    }

    /** Many bulk additions on one accumulator: the SIMD lane sums carry over, regrid on larger values, refuse NaN. */
    @Test
    void consecutiveBulkAdditionsCarryTheGrid() {
        Random r = new Random(SEED ^ 5);
        for (int round = 0; round < 40; round++) {
            ExactSum acc = new ExactSum(), one = new ExactSum();
            java.util.List<Double> all = new java.util.ArrayList<>();
            for (int call = 0; call < 30; call++) {
                int n = r.nextInt(600);
                double scale = Math.scalb(1.0, r.nextInt(5) == 0 ? r.nextInt(80) - 40 : 0);
                double[] a = values(r, n, r.nextInt(2)); // kinds whose scaled values stay finite
                for (int i = 0; i < n; i++) a[i] *= scale;
                if (r.nextInt(10) == 0 && n > 0) {
                    double[] bad = a.clone();
                    bad[r.nextInt(n)] = Double.NaN;
                    assertThat(acc.addAllFinite(bad, 0, n)).isFalse();
                }
                assertThat(acc.addAllFinite(a, 0, n)).isTrue();
                for (double v : a) {
                    one.add(v);
                    all.add(v);
                }
            }
            double[] flat = all.stream().mapToDouble(Double::doubleValue).toArray();
            double want = reference(flat, 0, flat.length);
            assertThat(acc.round()).as("seed " + SEED + " round " + round).isEqualTo(want);
            assertThat(one.round()).isEqualTo(want);
        }
    }

    /**
     * The one-pass path on a carried grid (PanamaBulkAdd.onGrid: deposit accumulators, two per level,
     * lanes settled when full while the grid is kept), over runs long enough to fill the lanes many
     * times: values on the grid's range, exact ties at half a grid unit (where the deposit may round
     * the other way than (x + M) − M), cancelling pairs, and now and then a huge or tiny value, a zero
     * or a NaN that sends a call to the two-level path or refuses it. Against BigDecimal, the scalar
     * twin and one-by-one addition.
     */
    @Test
    void onGridDepositPathMatchesBigDecimalOverManyCalls() {
        Random r = new Random(SEED ^ 13);
        for (int round = 0; round < 12; round++) {
            ExactSum acc = new ExactSum(), scalar = new ExactSum(), one = new ExactSum();
            BigDecimal want = BigDecimal.ZERO;
            int calls = 40 + r.nextInt(160);
            for (int call = 0; call < calls; call++) {
                int n = r.nextInt(8) == 0 ? r.nextInt(40) : 512 - r.nextInt(3) * r.nextInt(9);
                // most calls stay on the carried grid (|x| below 8, none nonzero below 2^-20); one in
                // ten has a value far above or below it
                boolean odd = r.nextInt(10) == 0;
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = switch (r.nextInt(12)) {
                        // half a level-0 unit of the grid of values below 4 (2^-38) times an odd number
                        case 0, 1 ->
                            (r.nextBoolean() ? 1 : -1)
                                    * Math.scalb((double) (2 * r.nextInt(1 << 20) + (1 << 21) + 1), -38);
                        case 2 -> i > 0 ? -a[i - 1] : 1.0;
                        case 3 -> r.nextInt(20) == 0 ? 0.0 : 3.0 + r.nextDouble();
                        default -> r.nextGaussian();
                    };
                }
                // a huge value comes with its negation, so that the total stays small and the
                // comparison sees every low bit
                if (odd && n > 1) {
                    int j = r.nextInt(n);
                    if (r.nextBoolean()) a[j] = Math.scalb(r.nextDouble(), -40 - r.nextInt(900));
                    else {
                        a[j] = Math.scalb(r.nextDouble(), 10 + r.nextInt(300));
                        a[(j + 1) % n] = -a[j];
                    }
                }
                if (r.nextInt(15) == 0 && n > 0) {
                    double[] bad = a.clone();
                    bad[r.nextInt(n)] = r.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY;
                    assertThat(acc.addAllFinite(bad, 0, n)).isFalse();
                }
                assertThat(acc.addAllFinite(a, 0, n)).isTrue();
                assertThat(new BulkAdd.Scalar().addAllFinite(scalar, a, 0, n)).isTrue();
                for (double v : a) {
                    one.add(v);
                    want = want.add(new BigDecimal(v));
                }
            }
            double w = want.doubleValue();
            String ctx = "seed " + SEED + " round " + round;
            assertThat(acc.round()).as(ctx).isEqualTo(w == 0 ? 0.0 : w);
            assertThat(scalar.round()).as(ctx).isEqualTo(acc.round());
            assertThat(one.round()).as(ctx).isEqualTo(acc.round());
        }
    }

    @Test
    void issueReproductionIsTwo() {
        double[] a = {1e16, 1, -1e16, 1};
        ExactSum s = new ExactSum();
        s.addAll(a, 0, 4);
        assertThat(s.round()).isEqualTo(2.0);
        // and in any order, one by one
        ExactSum t = new ExactSum();
        for (double x : new double[] {1, 1, 1e16, -1e16}) t.add(x);
        assertThat(t.round()).isEqualTo(2.0);
    }

    @Test
    void specialsAreCountedAndRemovable() {
        ExactSum s = new ExactSum();
        s.add(1.5);
        s.add(Double.POSITIVE_INFINITY);
        assertThat(s.round()).isEqualTo(Double.POSITIVE_INFINITY);
        s.add(Double.NEGATIVE_INFINITY);
        assertThat(s.round()).isNaN();
        s.remove(Double.POSITIVE_INFINITY);
        assertThat(s.round()).isEqualTo(Double.NEGATIVE_INFINITY);
        s.remove(Double.NEGATIVE_INFINITY);
        s.add(Double.NaN);
        assertThat(s.round()).isNaN();
        assertThat(s.addAllFinite(new double[] {1, Double.NaN}, 0, 2)).isFalse();
        s.remove(Double.NaN);
        assertThat(s.round()).isEqualTo(1.5);
        ExactSum big = new ExactSum();
        big.add(Double.MAX_VALUE);
        big.add(Double.MAX_VALUE);
        assertThat(big.round()).isEqualTo(Double.POSITIVE_INFINITY);
        big.remove(Double.MAX_VALUE);
        assertThat(big.round()).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void manyAdditionsPropagateCarries() {
        ExactSum s = new ExactSum();
        double x = Math.nextDown(1.0);
        int n = 3_000_000;
        double[] a = new double[n];
        java.util.Arrays.fill(a, x);
        s.addAll(a, 0, n);
        for (int i = 0; i < 5000; i++) s.add(-x);
        assertThat(s.round())
                .isEqualTo(
                        new BigDecimal(x).multiply(BigDecimal.valueOf(n - 5000)).doubleValue());
    }

    @Test
    void varianceIsCorrectlyRounded() {
        Random r = new Random(SEED ^ 77);
        for (int round = 0; round < 200; round++) {
            int n = 2 + r.nextInt(50);
            double shift = round % 2 == 0 ? 1e9 : 0;
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = shift + r.nextGaussian() * Math.scalb(1.0, r.nextInt(20) - 10);
            ExactSum s1 = new ExactSum(), s2 = new ExactSum();
            for (double v : a) {
                s1.add(v);
                s2.addSquare(v);
            }
            BigDecimal sum = BigDecimal.ZERO, sq = BigDecimal.ZERO;
            for (double v : a) {
                BigDecimal b = new BigDecimal(v);
                sum = sum.add(b);
                sq = sq.add(b.multiply(b));
            }
            BigDecimal bn = BigDecimal.valueOf(n);
            BigDecimal num = bn.multiply(sq).subtract(sum.multiply(sum));
            double want = num.divide(bn.multiply(BigDecimal.valueOf(n - 1)), new MathContext(60))
                    .doubleValue();
            assertThat(ExactSum.variance(s1, s2, n, true))
                    .as("seed " + SEED + " round " + round)
                    .isEqualTo(want);
        }
    }

    @Test
    void selfTestNaiveSummationWouldFail() {
        // the checker above must notice a path that sums naively
        Random r = new Random(SEED);
        int mismatches = 0;
        for (int round = 0; round < 50; round++) {
            double[] a = values(r, 64, 3);
            double naive = 0;
            for (double v : a) naive += v;
            if (naive != reference(a, 0, a.length)) mismatches++;
        }
        assertThat(mismatches).isPositive();
    }

    /**
     * GroupSums (one grid shared by all groups of a morsel) against one ExactSum per group: random
     * group ids, magnitudes that raise the grid, tiny values below its lowest level, specials, more
     * than a grid's additions in one group, and morsels merged in a random order (their grids differ).
     */
    @Test
    void groupSumsMatchOneExactSumPerGroup() {
        Random r = new Random(SEED ^ 11);
        for (int round = 0; round < 60; round++) {
            int groups = 1 + r.nextInt(round % 3 == 0 ? 3 : 300), morsels = 1 + r.nextInt(6);
            ExactSum[] want = new ExactSum[groups];
            for (int g = 0; g < groups; g++) want[g] = new ExactSum();
            GroupSums[] parts = new GroupSums[morsels];
            for (int m = 0; m < morsels; m++) {
                parts[m] = new GroupSums(1 + r.nextInt(4));
                parts[m].ensure(groups);
                int n = r.nextInt(round % 4 == 0 ? 12_000 : 600);
                double[] a = values(r, n, r.nextInt(round % 5 == 0 ? 6 : 3));
                double scale = Math.scalb(1.0, r.nextInt(60) - 30);
                double[] v = new double[n + 2];
                int[] sel = new int[n], gids = new int[n];
                int cnt = 0;
                for (int i = 0; i < n; i++) {
                    double x = i % 97 == 5 && round % 7 == 1
                            ? (r.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY)
                            : a[i] * scale;
                    int g = r.nextInt(4) == 0 ? 0 : r.nextInt(groups);
                    want[g].add(x);
                    if (r.nextBoolean()) {
                        parts[m].add(g, x);
                    } else {
                        // batches as the fused GROUP BY passes them: selected rows of a value array
                        v[i + 1] = x;
                        sel[cnt] = i + 1;
                        gids[cnt++] = g;
                    }
                    if (cnt > 0 && (r.nextInt(300) == 0 || i == n - 1)) {
                        parts[m].addBatch(v, sel, gids, cnt);
                        cnt = 0;
                    }
                }
            }
            GroupSums total = new GroupSums(1);
            total.ensure(groups);
            java.util.List<Integer> order = new java.util.ArrayList<>();
            for (int m = 0; m < morsels; m++) order.add(m);
            java.util.Collections.shuffle(order, r);
            int[] map = new int[groups];
            for (int m : order) {
                // merged into a permutation of the group ids, as morsels number their groups by first sight
                for (int g = 0; g < groups; g++) map[g] = g;
                total.addAll(parts[m], map, groups);
            }
            for (int g = 0; g < groups; g++) {
                String ctx = "seed " + SEED + " round " + round + " group " + g;
                long bits = Double.doubleToLongBits(want[g].round());
                assertThat(Double.doubleToLongBits(total.round(g))).as(ctx).isEqualTo(bits);
                assertThat(Double.doubleToLongBits(total.round(g)))
                        .as(ctx + " (again)")
                        .isEqualTo(bits);
            }
        }
    }

    /**
     * One group taking more than a grid's budget of additions (2^18) of values with full-width level
     * pieces, by batches, one by one, and through merges of two tables that each hold more than half
     * the budget in that group, while another group takes one value: each group is flushed on its
     * own count, and every sum stays exact.
     */
    @Test
    void groupSumsFlushOnlyTheGroupThatReachesTheBudget() {
        Random r = new Random(SEED ^ 29);
        int n = 300_000;
        double[] v = new double[n];
        int[] sel = new int[n], gids = new int[n];
        ExactSum want = new ExactSum();
        for (int i = 0; i < n; i++) {
            // in [2^10, 2^11) with random low bits: every addition fills the levels' 34-bit pieces
            v[i] = Math.scalb(1.0 + r.nextDouble(), 10);
            sel[i] = i;
            want.add(v[i]);
        }
        GroupSums batched = new GroupSums(2), single = new GroupSums(2);
        batched.addBatch(v, sel, gids, n);
        for (int i = 0; i < n; i++) single.add(0, v[i]);
        batched.add(1, 3.25);
        single.add(1, 3.25);
        long bits = Double.doubleToLongBits(want.round());
        assertThat(Double.doubleToLongBits(batched.round(0))).isEqualTo(bits);
        assertThat(Double.doubleToLongBits(single.round(0))).isEqualTo(bits);
        assertThat(batched.round(1)).isEqualTo(3.25);

        // two halves of 200 000 additions each (> BUDGET / 2), merged into one table
        GroupSums a = new GroupSums(1), b = new GroupSums(1), total = new GroupSums(1);
        ExactSum both = new ExactSum();
        int half = 200_000;
        a.addBatch(v, sel, gids, half);
        b.addBatch(v, java.util.Arrays.copyOfRange(sel, n - half, n), gids, half);
        for (int i = 0; i < half; i++) both.add(v[i]);
        for (int i = n - half; i < n; i++) both.add(v[i]);
        int[] map = {0};
        total.addAll(a, map, 1);
        total.addAll(b, map, 1);
        assertThat(Double.doubleToLongBits(total.round(0))).isEqualTo(Double.doubleToLongBits(both.round()));
    }
}
