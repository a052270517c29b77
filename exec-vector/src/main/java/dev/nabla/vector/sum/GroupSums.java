package dev.nabla.vector.sum;

import java.util.Arrays;

/**
 * Exact sums of many groups (grouped SUM/AVG of a morsel or of a whole table, and their merge): a
 * binned grid like {@link ExactSum#add(double)}'s, but one grid shared by every group and the two grid
 * levels kept in plain {@code double} arrays indexed by group. A batch is split onto the grid in one
 * pass in which each row adds two doubles to its group's slots (a plain grouped sum adds one) and
 * counts one addition for its group (a branch taken once per 2<sup>18</sup> of them): no object per
 * group. An {@link ExactSum} is created for a group only when a value has
 * bits below the lowest level, is not finite, or the levels must be flushed. Every state is the
 * exact sum, so {@link #round} returns the same bits as an {@link ExactSum} fed the same values in
 * any order and grouping.
 *
 * <p>The grid: for exponent E (a multiple of {@link #STEP}, chosen by the largest value so far, so
 * morsels of similar data agree on it and merge by adding arrays), level 0 holds multiples of
 * 2<sup>E−33</sup> and level 1 multiples of 2<sup>E−67</sup> of values below 2<sup>E+1</sup>; both
 * stay exact for {@link #BUDGET} additions to one group. The additions since a group's last flush
 * are counted per group, and only a group that reaches the budget is flushed: one table can take a
 * whole table's rows (a GROUP BY with a million groups folds every morsel into one table) without
 * ever touching the groups that did not grow. A larger value moves every group to a new, higher grid
 * (the old level sums go to the groups' {@link ExactSum}s): at most a few times.
 */
public final class GroupSums {
    /** Additions to one group's levels that stay exact: 2<sup>18</sup> pieces of 34 bits fit 53 bits. */
    private static final int BUDGET = 1 << 18;
    /** Grid exponents are multiples of STEP: values within 2<sup>STEP</sup> of each other share a grid. */
    private static final int STEP = 8;

    private static final int NONE = Integer.MIN_VALUE;
    private static final long INF_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    private double[] s0, s1;
    private ExactSum[] exact;
    private int gridExp = NONE;
    /** Bits of 2<sup>E+1</sup>: values whose |bits| are below it are on the grid; −1 without a grid. */
    private long limit = -1;

    private double m0, m1;
    /** Per group: additions to its levels since its last flush (at most {@link #BUDGET}). */
    private int[] used;

    public GroupSums(int capacity) {
        s0 = new double[capacity];
        s1 = new double[capacity];
        used = new int[capacity];
        exact = new ExactSum[capacity];
    }

    /** Makes groups 0..capacity-1 addressable. */
    public void ensure(int capacity) {
        if (capacity <= s0.length) return;
        int cap = Math.max(capacity, s0.length * 2);
        s0 = Arrays.copyOf(s0, cap);
        s1 = Arrays.copyOf(s1, cap);
        used = Arrays.copyOf(used, cap);
        exact = Arrays.copyOf(exact, cap);
    }

    /** Adds x to group g exactly. */
    public void add(int g, double x) {
        long bits = Double.doubleToRawLongBits(x);
        if ((bits & Long.MAX_VALUE) < limit) {
            // (x + M) − M is x on the grid 2^(E−33), exactly; x − q and the second level likewise
            double q = (x + m0) - m0, r = x - q, q1 = (r + m1) - m1;
            s0[g] += q;
            s1[g] += q1;
            if (++used[g] == BUDGET) flush(g);
            double rest = r - q1;
            if (rest != 0) exact(g).addToChunks(rest);
            return;
        }
        addSlow(g, bits);
    }

    /** Adds v[sel[j]] to group gids[j] for j &lt; n, exactly: the same state as n calls of {@link #add(int, double)}. */
    public void addBatch(double[] v, int[] sel, int[] gids, int n) {
        addBatch(v, sel, gids, n, maxAbsBits(v, sel, n));
    }

    /** max |v[sel[j]]| as bits (which order like the values; NaN above ∞), for {@link #addBatch(double[], int[], int[], int, long)}. */
    public static long maxAbsBits(double[] v, int[] sel, int n) {
        long max = 0;
        for (int j = 0; j < n; j++) max = Math.max(max, Double.doubleToRawLongBits(v[sel[j]]) & Long.MAX_VALUE);
        return max;
    }

    /** {@link #addBatch(double[], int[], int[], int)} when the caller has {@code max} = {@link #maxAbsBits} already. */
    public void addBatch(double[] v, int[] sel, int[] gids, int n, long max) {
        if (max == 0) return; // zeros add nothing
        if (max >= limit) {
            int exp = exponent(max);
            if (max >= INF_BITS || exp == NONE) {
                // not finite, or beyond the grids' range: one by one
                for (int j = 0; j < n; j++) add(gids[j], v[sel[j]]);
                return;
            }
            regrid(exp);
        }
        double m0 = this.m0, m1 = this.m1;
        double[] s0 = this.s0, s1 = this.s1;
        int[] used = this.used;
        long rest = 0;
        // the pieces below the lowest level are only OR-ed together here; a group's flush (once per
        // BUDGET additions to it) is the loop's one branch, never taken in practice
        for (int j = 0; j < n; j++) {
            double x = v[sel[j]], q = (x + m0) - m0, r = x - q, q1 = (r + m1) - m1;
            int g = gids[j];
            s0[g] += q;
            s1[g] += q1;
            if (++used[g] == BUDGET) flush(g);
            rest |= Double.doubleToRawLongBits(r - q1);
        }
        if (rest != 0) {
            // bits below the lowest level (rare: a value 2^15 below the grid's top), recomputed as above
            for (int j = 0; j < n; j++) {
                double x = v[sel[j]], q = (x + m0) - m0, r = x - q, q1 = (r + m1) - m1, below = r - q1;
                if (below != 0) exact(gids[j]).addToChunks(below);
            }
        }
    }

    /** The grid exponent for a normal value with these |bits|, or NONE when it is not normal or out of the grids' range. */
    private static int exponent(long absBits) {
        int e = (int) (absBits >>> 52);
        int exp = Math.ceilDiv(e - 1023, STEP) * STEP;
        return e == 0x7FF || e == 0 || exp > 1000 || exp < -900 ? NONE : exp;
    }

    /** x is not below the grid's limit, or there is no grid. */
    private void addSlow(int g, long bits) {
        double x = Double.longBitsToDouble(bits);
        int exp = exponent(bits & Long.MAX_VALUE);
        if (exp == NONE) {
            exact(g).addToChunks(x);
            return;
        }
        regrid(exp);
        add(g, x);
    }

    /** Moves every group to the grid of exponent exp (above the current one). */
    private void regrid(int exp) {
        if (gridExp != NONE) flushAll();
        gridExp = exp;
        limit = Double.doubleToRawLongBits(Math.scalb(1.0, exp + 1));
        m0 = Math.scalb(1.5, exp + 1 - 34 + 52);
        m1 = Math.scalb(1.5, exp + 1 - 68 + 52);
    }

    private void flushAll() {
        for (int g = 0; g < s0.length; g++) flush(g);
    }

    /** Adds group g's level sums to its chunks. */
    private void flush(int g) {
        used[g] = 0;
        double a = s0[g], b = s1[g];
        if (a == 0 && b == 0) return;
        s0[g] = s1[g] = 0;
        if (a != 0) exact(g).addToChunks(a);
        if (b != 0) exact(g).addToChunks(b);
    }

    private ExactSum exact(int g) {
        ExactSum e = exact[g];
        if (e == null) e = exact[g] = new ExactSum();
        return e;
    }

    /** Adds every value of o's groups 0..n-1 to this table's groups map[0..n-1] (o is left unchanged in value). */
    public void addAll(GroupSums o, int[] map, int n) {
        for (int pg = 0; pg < n; pg++) if (o.exact[pg] != null) exact(map[pg]).add(o.exact[pg]);
        if (o.gridExp == NONE) return;
        if (o.gridExp < gridExp) {
            // a lower grid's level sums are exact doubles: to the chunks
            for (int pg = 0; pg < n; pg++) {
                if (o.s0[pg] != 0) exact(map[pg]).addToChunks(o.s0[pg]);
                if (o.s1[pg] != 0) exact(map[pg]).addToChunks(o.s1[pg]);
            }
            return;
        }
        if (o.gridExp > gridExp) regrid(o.gridExp);
        for (int pg = 0; pg < n; pg++) {
            int g = map[pg];
            // the levels stay exact while the additions they hold, ours and o's together, fit the budget
            if (used[g] + o.used[pg] > BUDGET) flush(g);
            s0[g] += o.s0[pg];
            s1[g] += o.s1[pg];
            used[g] += o.used[pg];
        }
    }

    /** Group g's sum, correctly rounded (as {@link ExactSum#round}); 0.0 for an empty group. */
    public double round(int g) {
        // without chunks the sum is s0 + s1, two doubles: their one rounded addition is the rounded sum
        if (exact[g] == null) return s0[g] + s1[g];
        flush(g);
        return exact[g].round();
    }
}
