package dev.nabla.vector.sum;

import java.util.Arrays;

/**
 * Exact sums of many groups (grouped SUM/AVG of one morsel, and their merge): the scalar binned
 * grid of {@link ExactSum#add(double)}, but one grid shared by every group and the two grid levels
 * kept in plain {@code double} arrays indexed by group. Adding a value is a few flops on two array
 * slots, with no object per group: an {@link ExactSum} is created for a group only when a value has
 * bits below the lowest level, is not finite, or a group's grid sums must be flushed. Every state
 * is the exact sum, so {@link #round} returns the same bits as an {@link ExactSum} fed the same
 * values in any order.
 *
 * <p>The grid: for exponent E (a multiple of {@link #STEP}, chosen by the largest value so far, so
 * morsels of similar data agree on it and merge by adding arrays), level 0 holds multiples of
 * 2<sup>E−39</sup> and level 1 multiples of 2<sup>E−79</sup> of values below 2<sup>E+1</sup>; both
 * stay exact for {@link #GRID_ADDS} additions per group. A larger value moves every group to a new,
 * higher grid (the old level sums go to the groups' {@link ExactSum}s): at most a few times.
 */
public final class GroupSums {
    private static final int GRID_ADDS = 1 << 12;
    /** Grid exponents are multiples of STEP: values within 2<sup>STEP</sup> of each other share a grid. */
    private static final int STEP = 8;
    private static final int NONE = Integer.MIN_VALUE;

    private double[] s0, s1;
    private int[] adds;
    private ExactSum[] exact;
    private int gridExp = NONE;
    /** Bits of 2<sup>E+1</sup>: values whose |bits| are below it are on the grid; −1 without a grid. */
    private long limit = -1;
    private double m0, m1;

    public GroupSums(int capacity) {
        s0 = new double[capacity];
        s1 = new double[capacity];
        adds = new int[capacity];
        exact = new ExactSum[capacity];
    }

    /** Makes groups 0..capacity-1 addressable. */
    public void ensure(int capacity) {
        if (capacity <= s0.length) return;
        int cap = Math.max(capacity, s0.length * 2);
        s0 = Arrays.copyOf(s0, cap);
        s1 = Arrays.copyOf(s1, cap);
        adds = Arrays.copyOf(adds, cap);
        exact = Arrays.copyOf(exact, cap);
    }

    /** Adds x to group g exactly. */
    public void add(int g, double x) {
        long bits = Double.doubleToRawLongBits(x);
        if ((bits & Long.MAX_VALUE) < limit) {
            int n = adds[g];
            if (n == GRID_ADDS) {
                flush(g);
                n = 0;
            }
            // (x + M) − M is x on the grid 2^(E−39), exactly; x − q and the second level likewise
            double q = (x + m0) - m0, r = x - q, q1 = (r + m1) - m1;
            s0[g] += q;
            s1[g] += q1;
            adds[g] = n + 1;
            double rest = r - q1;
            if (rest != 0) exact(g).addToChunks(rest);
            return;
        }
        addSlow(g, bits);
    }

    /** x is not below the grid's limit or there is no grid: a normal value raises the grid; the rest go to the chunks. */
    private void addSlow(int g, long bits) {
        int e = (int) (bits >>> 52) & 0x7FF;
        int exp = Math.ceilDiv(e - 1023, STEP) * STEP;
        if (e == 0x7FF || e == 0 || exp > 1000 || exp < -960) {
            exact(g).addToChunks(Double.longBitsToDouble(bits));
            return;
        }
        regrid(exp);
        add(g, Double.longBitsToDouble(bits));
    }

    /** Moves every group to the grid of exponent exp (above the current one). */
    private void regrid(int exp) {
        if (gridExp != NONE) for (int g = 0; g < s0.length; g++) flush(g);
        gridExp = exp;
        limit = Double.doubleToRawLongBits(Math.scalb(1.0, exp + 1));
        m0 = Math.scalb(1.5, exp + 53 - 40);
        m1 = Math.scalb(1.5, exp + 53 - 80);
    }

    /** Adds group g's level sums to its chunks. */
    private void flush(int g) {
        double a = s0[g], b = s1[g];
        s0[g] = s1[g] = 0;
        adds[g] = 0;
        if (a != 0) exact(g).addToChunks(a);
        if (b != 0) exact(g).addToChunks(b);
    }

    private ExactSum exact(int g) {
        ExactSum e = exact[g];
        if (e == null) e = exact[g] = new ExactSum();
        return e;
    }

    /** Adds every value of group og of {@code o} to group g of this (o is left unchanged in value). */
    public void add(int g, GroupSums o, int og) {
        if (o.exact[og] != null) exact(g).add(o.exact[og]);
        if (o.adds[og] == 0) return;
        if (o.gridExp != gridExp) {
            if (o.gridExp < gridExp) {
                // a lower grid's sums are exact doubles: to the chunks
                if (o.s0[og] != 0) exact(g).addToChunks(o.s0[og]);
                if (o.s1[og] != 0) exact(g).addToChunks(o.s1[og]);
                return;
            }
            regrid(o.gridExp);
        }
        if (adds[g] + o.adds[og] > GRID_ADDS) flush(g);
        s0[g] += o.s0[og];
        s1[g] += o.s1[og];
        adds[g] += o.adds[og];
    }

    /** Group g's sum, correctly rounded (as {@link ExactSum#round}); 0.0 for an empty group. */
    public double round(int g) {
        // without chunks the sum is s0 + s1, two doubles: their one rounded addition is the rounded sum
        if (exact[g] == null) return s0[g] + s1[g];
        flush(g);
        return exact[g].round();
    }
}
