package dev.nabla.vector.sum;

import java.util.Arrays;

/**
 * Exact sums of many groups (grouped SUM/AVG of one morsel, and their merge): a binned grid like
 * {@link ExactSum#add(double)}'s, but one grid shared by every group and the two grid levels kept in
 * plain {@code double} arrays indexed by group. A batch is split onto the grid in one branch-free
 * pass in which each row adds two doubles to its group's slots (a plain grouped sum adds one): no
 * object and no counter per group. An {@link ExactSum} is created for a group only when a value has
 * bits below the lowest level, is not finite, or the levels must be flushed. Every state is the
 * exact sum, so {@link #round} returns the same bits as an {@link ExactSum} fed the same values in
 * any order and grouping.
 *
 * <p>The grid: for exponent E (a multiple of {@link #STEP}, chosen by the largest value so far, so
 * morsels of similar data agree on it and merge by adding arrays), level 0 holds multiples of
 * 2<sup>E−33</sup> and level 1 multiples of 2<sup>E−67</sup> of values below 2<sup>E+1</sup>; both
 * stay exact for {@link #BUDGET} additions to one group. The additions since the last flush are
 * counted for the whole table, not per group (a bound for every group), so a morsel of 65 536 rows
 * never flushes. A larger value moves every group to a new, higher grid (the old level sums go to
 * the groups' {@link ExactSum}s): at most a few times.
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
    /** Additions left before the levels must be flushed (for every group: it bounds each one's count). */
    private int budget = BUDGET;

    public GroupSums(int capacity) {
        s0 = new double[capacity];
        s1 = new double[capacity];
        exact = new ExactSum[capacity];
    }

    /** Makes groups 0..capacity-1 addressable. */
    public void ensure(int capacity) {
        if (capacity <= s0.length) return;
        int cap = Math.max(capacity, s0.length * 2);
        s0 = Arrays.copyOf(s0, cap);
        s1 = Arrays.copyOf(s1, cap);
        exact = Arrays.copyOf(exact, cap);
    }

    /** Adds x to group g exactly. */
    public void add(int g, double x) {
        long bits = Double.doubleToRawLongBits(x);
        if ((bits & Long.MAX_VALUE) < limit && budget > 0) {
            budget--;
            // (x + M) − M is x on the grid 2^(E−33), exactly; x − q and the second level likewise
            double q = (x + m0) - m0, r = x - q, q1 = (r + m1) - m1;
            s0[g] += q;
            s1[g] += q1;
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
        if (max >= limit || budget < n) {
            int exp = exponent(max);
            if (max >= INF_BITS || exp == NONE) {
                // not finite, or beyond the grids' range: one by one
                for (int j = 0; j < n; j++) add(gids[j], v[sel[j]]);
                return;
            }
            if (max >= limit) regrid(exp);
            else flushAll();
        }
        budget -= n;
        double m0 = this.m0, m1 = this.m1;
        double[] s0 = this.s0, s1 = this.s1;
        long rest = 0;
        // branch-free: the pieces below the lowest level are only OR-ed together here
        for (int j = 0; j < n; j++) {
            double x = v[sel[j]], q = (x + m0) - m0, r = x - q, q1 = (r + m1) - m1;
            int g = gids[j];
            s0[g] += q;
            s1[g] += q1;
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

    /** x is not below the grid's limit, there is no grid, or the budget is spent. */
    private void addSlow(int g, long bits) {
        double x = Double.longBitsToDouble(bits);
        if ((bits & Long.MAX_VALUE) < limit) {
            flushAll();
            add(g, x);
            return;
        }
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
        budget = BUDGET;
    }

    private void flushAll() {
        for (int g = 0; g < s0.length; g++) flush(g);
        budget = BUDGET;
    }

    /** Adds group g's level sums to its chunks. */
    private void flush(int g) {
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
        // each of o's groups holds at most `used` additions, each of ours at most BUDGET − budget
        int used = BUDGET - o.budget;
        if (budget < used) flushAll();
        budget -= used;
        for (int pg = 0; pg < n; pg++) {
            int g = map[pg];
            s0[g] += o.s0[pg];
            s1[g] += o.s1[pg];
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
