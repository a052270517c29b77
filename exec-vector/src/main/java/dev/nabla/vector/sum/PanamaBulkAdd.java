package dev.nabla.vector.sum;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD twin of {@link BulkAdd.Scalar}: splits each value exactly into two pieces on fixed
 * grids below the block's largest magnitude (binned summation as in ReproBLAS: with
 * M = 1.5·2<sup>b+52</sup>, {@code (x + M) − M} is x rounded to a multiple of 2<sup>b</sup> and
 * {@code x − that} is exact), and sums each grid's pieces in vector lanes, where every partial sum is
 * a multiple of 2<sup>b</sup> below 2<sup>b+53</sup> and therefore exact. The lane sums are then added
 * to the superaccumulator, and so are the (rare) bits below the lowest grid, found by a
 * remainder check per vector. The result is the exact sum, as with the scalar twin.
 */
final class PanamaBulkAdd implements BulkAdd {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    /** Bits per grid level: two levels cover 80 bits below the block's largest value. */
    private static final int W = 40;
    /**
     * Additions per lane before the lane sums go to the chunks: pieces below 2<sup>b+W</sup> keep
     * a lane's sum below 2<sup>b+W+12</sup> &lt; 2<sup>b+53</sup>, so every partial sum is exact.
     */
    private static final int MAX_ADDS = 1 << 12;
    /** Values per block (a block is one grid), at most MAX_ADDS vectors of two lanes. */
    private static final int BLOCK = 1 << 13;

    PanamaBulkAdd() {
        if (D.length() < 2 || D.length() != L.length()) throw new UnsupportedOperationException("no SIMD");
    }

    @Override
    public boolean addAllFinite(ExactSum acc, double[] a, int off, int n) {
        int g = acc.pendingExp, step = D.length();
        if (g != Integer.MIN_VALUE && n <= BLOCK && acc.pendingAdds + n / step > MAX_ADDS) {
            // lanes full: settle them but keep the grid, so this call stays on the one-pass path
            // (going through maxAbs and block cost a second pass over every 64th buffer)
            acc.settlePending();
            acc.pendingExp = g;
        }
        if (g != Integer.MIN_VALUE && n <= BLOCK && acc.pendingAdds + n / step <= MAX_ADDS) {
            // one pass on the grid carried over, checked afterwards
            switch (onGrid(acc, a, off, n, g)) {
                case DONE -> {
                    return true;
                }
                case NOT_FINITE -> {
                    return false;
                }
                case OFF_GRID -> {}
            }
        }
        // finiteness first: a block already added cannot be taken back
        double max = maxAbs(a, off, n);
        if (!(max <= Double.MAX_VALUE)) return false;
        if (n <= BLOCK) block(acc, a, off, n, max);
        else
            for (int from = 0; from < n; from += BLOCK) {
                int len = Math.min(BLOCK, n - from);
                block(acc, a, off + from, len, maxAbs(a, off + from, len));
            }
        return true;
    }

    /**
     * max |a[i]|, NaN when there is a NaN. Compares the bits of |x| as longs, which order like the
     * values for non-negative doubles (NaN above ∞): DoubleVector.max emulates Math.max's NaN and
     * −0 rules with blends and measured 8× slower.
     */
    private static double maxAbs(double[] a, int off, int n) {
        LongVector mx = LongVector.zero(L);
        int bound = D.loopBound(n), step = D.length();
        for (int i = 0; i < bound; i += step)
            mx = mx.max(
                    DoubleVector.fromArray(D, a, off + i).reinterpretAsLongs().and(Long.MAX_VALUE));
        long max = mx.reduceLanes(VectorOperators.MAX);
        for (int i = bound; i < n; i++) max = Math.max(max, Double.doubleToRawLongBits(a[off + i]) & Long.MAX_VALUE);
        return Double.longBitsToDouble(max);
    }

    private enum Outcome {
        DONE,
        NOT_FINITE,
        OFF_GRID
    }

    /**
     * Adds a[off..off+n) on the accumulator's current grid g in one pass that also finds max |x| and
     * the smallest nonzero |x|; commits only when every value is finite and below 2<sup>g+1</sup>
     * (the grid's exactness condition) and no nonzero value is below 2<sup>g−27</sup>, else leaves
     * the accumulator unchanged. Saves the separate max pass of a new grid, and, since then every
     * x − q is a multiple of ulp(x) ≥ 2<sup>g−79</sup> (the level-1 grid), level 1 adds x − q as it is
     * (the two-level path's q1 would equal it): no second split and no remainder check per vector.
     */
    private static Outcome onGrid(ExactSum acc, double[] a, int off, int n, int g) {
        int bound = D.loopBound(n), step = D.length(), vectors = bound / step;
        double m0 = Math.scalb(1.5, g + 53 - W);
        DoubleVector v0 = DoubleVector.broadcast(D, m0);
        DoubleVector one = DoubleVector.broadcast(D, 1.0), minusOne = DoubleVector.broadcast(D, -1.0);
        double[] lanes = acc.pending;
        DoubleVector s0 = DoubleVector.fromArray(D, lanes, 0), s1 = DoubleVector.fromArray(D, lanes, step);
        // max of |x| bits, and min of |x| bits − 1 as unsigned (+ MIN_VALUE makes signed min unsigned): zero is the
        // largest
        LongVector mx = LongVector.zero(L), mn = LongVector.broadcast(L, Long.MAX_VALUE);
        // Level 0 as ReproBLAS's deposit: each accumulator starts at M and adds x itself; S + x lands on
        // M's grid (S stays in M's binade, below), so q = (S + x) − S is x on the grid, exactly, and
        // x − q is level 1. One FP operation per vector fewer than (x + M) − M added to a lane sum,
        // and the rounding of each value is the same kind of grid rounding (a tie may go the other
        // way: q + (x − q) = x still holds, and only the exact total is kept).
        // Two accumulators per level, two vectors per iteration: with one, the loop waited on the
        // latency of the chained additions. A call adds at most BLOCK / 2 / step values of |x| < 2^(g+1)
        // per accumulator lane, i.e. less than 2^(g+12) = M / 3 in all, so S never leaves
        // [2^(g+13), 2^(g+14)), where its unit is 2^(g−39), and S − M is exact at the end.
        DoubleVector a0 = v0, b0 = v0, b1 = DoubleVector.zero(D);
        int pairs = bound - bound % (2 * step), v = 0;
        for (; v < pairs; v += 2 * step) {
            DoubleVector x = DoubleVector.fromArray(D, a, off + v);
            DoubleVector y = DoubleVector.fromArray(D, a, off + v + step);
            LongVector bx = x.reinterpretAsLongs().and(Long.MAX_VALUE);
            LongVector by = y.reinterpretAsLongs().and(Long.MAX_VALUE);
            mx = mx.max(bx).max(by);
            mn = mn.min(bx.add(UNSIGNED_MINUS_ONE)).min(by.add(UNSIGNED_MINUS_ONE));
            DoubleVector na = a0.add(x), nb = b0.add(y);
            // q = S' − S and x − q, each one rounding (exact), written as FMAs so that both kinds of FP
            // pipes share the four operations
            DoubleVector qa = a0.fma(minusOne, na), qb = b0.fma(minusOne, nb);
            s1 = s1.add(qa.fma(minusOne, x));
            b1 = b1.add(qb.fma(minusOne, y));
            a0 = na;
            b0 = nb;
        }
        if (v < bound) {
            DoubleVector x = DoubleVector.fromArray(D, a, off + v);
            LongVector bits = x.reinterpretAsLongs().and(Long.MAX_VALUE);
            mx = mx.max(bits);
            mn = mn.min(bits.add(UNSIGNED_MINUS_ONE));
            DoubleVector na = a0.add(x);
            DoubleVector qa = a0.fma(minusOne, na);
            s1 = s1.add(qa.fma(minusOne, x));
            a0 = na;
        }
        long max = mx.reduceLanes(VectorOperators.MAX), min = mn.reduceLanes(VectorOperators.MIN);
        for (int i = bound; i < n; i++) max = Math.max(max, Double.doubleToRawLongBits(a[off + i]) & Long.MAX_VALUE);
        if (max >= Double.doubleToRawLongBits(Double.POSITIVE_INFINITY)) return Outcome.NOT_FINITE;
        if (max >= Double.doubleToRawLongBits(Math.scalb(1.0, g + 1))) return Outcome.OFF_GRID;
        if (min < Double.doubleToRawLongBits(Math.scalb(1.0, g - 2 * W + 53)) + UNSIGNED_MINUS_ONE)
            return Outcome.OFF_GRID;
        // S − M is exact (Sterbenz) and a multiple of 2^(g−39), as the carried lane sums are
        s0 = s0.add(a0.sub(v0)).add(b0.sub(v0));
        s1 = s1.add(b1);
        s0.intoArray(lanes, 0);
        s1.intoArray(lanes, step);
        acc.pendingAdds += vectors;
        for (int i = bound; i < n; i++) acc.addToChunks(a[off + i]);
        return Outcome.DONE;
    }

    /**
     * Vectors per lane one in-kernel deposit may add ({@code DepositKernel}; fewer per accumulator): with S starting at M =
     * 1.5·2<sup>g+13</sup> and each |x| &lt; 2<sup>g+1</sup>, 2<sup>11</sup> additions keep S inside M's binade
     * [2<sup>g+13</sup>, 2<sup>g+14</sup>), where S' − S and S − M are exact.
     */
    static final int MAX_DEPOSIT_VECTORS = 1 << 11;

    /**
     * The deposit base M of acc's grid for a kernel that is about to add {@code vectors} vectors per
     * lane, settling full lanes (keeping the grid) first; NaN when there is no grid yet (the first chunk
     * goes through {@link #addAllFinite}, which sets one) or the call would be too long.
     */
    static double depositBase(ExactSum acc, int vectors) {
        int g = acc.pendingExp;
        if (g == Integer.MIN_VALUE || vectors > MAX_DEPOSIT_VECTORS || acc.pending.length != 2 * D.length())
            return Double.NaN;
        if (acc.pendingAdds + vectors > MAX_ADDS) {
            acc.settlePending();
            acc.pendingExp = g;
        }
        return Math.scalb(1.5, g + 53 - W);
    }

    /**
     * Takes a kernel's deposit of {@code vectors} vectors per lane on the base m that {@link #depositBase}
     * gave (lanes[at..at+L): level-0 sums (S − M of its accumulators), lanes[at+L..at+2L): level-1 sums, max/min as {@code
     * DepositKernel} describes them) and the rows tail[from..to) that the kernel's scalar loop wrote,
     * when the conditions of {@link #onGrid} hold for all of them: every value finite and below
     * 2<sup>g+1</sup>, no nonzero vector value below 2<sup>g−27</sup>. Then each lane's S − M is exact and
     * a multiple of 2<sup>g−39</sup>, each rest a multiple of 2<sup>g−79</sup>, and adding them to the
     * carried lanes is exact, as in onGrid. Otherwise returns false and leaves acc unchanged (its value).
     */
    static boolean commitDeposit(
            ExactSum acc,
            double m,
            double[] lanes,
            int at,
            long max,
            long min,
            int vectors,
            double[] tail,
            int from,
            int to) {
        int g = acc.pendingExp, step = D.length();
        if (g == Integer.MIN_VALUE
                || m != Math.scalb(1.5, g + 53 - W)
                || vectors > MAX_DEPOSIT_VECTORS
                || acc.pendingAdds + vectors > MAX_ADDS) return false;
        for (int i = from; i < to; i++) max = Math.max(max, Double.doubleToRawLongBits(tail[i]) & Long.MAX_VALUE);
        if (max >= Double.doubleToRawLongBits(Math.scalb(1.0, g + 1))) return false; // also ∞ and NaN
        if (min < Double.doubleToRawLongBits(Math.scalb(1.0, g - 2 * W + 53)) + UNSIGNED_MINUS_ONE) return false;
        double[] p = acc.pending;
        for (int l = 0; l < step; l++) {
            p[l] += lanes[at + l];
            p[step + l] += lanes[at + step + l];
        }
        acc.pendingAdds += vectors;
        for (int i = from; i < to; i++) acc.addToChunks(tail[i]);
        return true;
    }

    /** Added to |x| bits (0 … 2^63−1): 0 becomes the largest signed long, the rest keep their order below it. */
    private static final long UNSIGNED_MINUS_ONE = Long.MIN_VALUE - 1;

    /** The bits below the lowest grid of the vectors starting at hits[0..nh), recomputed as the loop did. */
    private static void remainders(
            ExactSum acc, double[] a, int off, int[] hits, int nh, int step, double m0, double m1) {
        for (int h = 0; h < nh; h++) {
            for (int i = hits[h], end = i + step; i < end; i++) {
                double x = a[off + i], q = (x + m0) - m0;
                x -= q;
                q = (x + m1) - m1;
                x -= q;
                if (x != 0) acc.addToChunks(x);
            }
        }
    }

    private static void block(ExactSum acc, double[] a, int off, int n, double max) {
        int bound = D.loopBound(n), step = D.length(), vectors = bound / step;
        if (max == 0) return;
        int e = Math.getExponent(max);
        if (bound == 0 || e > 1000 || e < -960) {
            // too short, or the grid constants would leave the normal range: the scalar path is exact everywhere
            for (int i = 0; i < n; i++) acc.add(a[off + i]);
            return;
        }
        // the lane sums carry over from the previous call while its grid still fits: no larger values
        // (exactness), not many times smaller (fewer bits below the grid), lanes far from overflow
        int g = acc.pendingExp;
        if (g != Integer.MIN_VALUE && (e > g || e < g - 8 || acc.pendingAdds + vectors > MAX_ADDS)) {
            acc.settlePending();
            g = Integer.MIN_VALUE;
        }
        if (g == Integer.MIN_VALUE) {
            g = acc.pendingExp = e;
            acc.pendingAdds = 0;
            if (acc.pending == null) acc.pending = new double[2 * step];
        }
        acc.pendingAdds += vectors;
        if (acc.hits == null || acc.hits.length < vectors) acc.hits = new int[Math.max(vectors, 256)];
        int[] hits = acc.hits;
        double m0 = Math.scalb(1.5, g + 53 - W), m1 = Math.scalb(1.5, g + 53 - 2 * W);
        DoubleVector v0 = DoubleVector.broadcast(D, m0), v1 = DoubleVector.broadcast(D, m1);
        DoubleVector one = DoubleVector.broadcast(D, 1.0), minusOne = DoubleVector.broadcast(D, -1.0);
        double[] lanes = acc.pending;
        DoubleVector s0 = DoubleVector.fromArray(D, lanes, 0), s1 = DoubleVector.fromArray(D, lanes, step);
        // vectors with bits below the lowest grid (rare: a value below 2^-27 of the grid's top);
        // only their index leaves the loop, so no vector escapes into a slow path (that made C2 box
        // every vector of the loop)
        int nh = 0;
        for (int i = 0; i < bound; i += step) {
            DoubleVector x = DoubleVector.fromArray(D, a, off + i);
            // (x + M) − M on the grid of level 0 and x − q, half of the additions as FMAs (x·1 + M,
            // q·(−1) + x: the same single rounding) so that both kinds of FP pipes share the work
            DoubleVector q = x.fma(one, v0).sub(v0);
            s0 = s0.add(q);
            x = q.fma(minusOne, x);
            q = x.fma(one, v1).sub(v1);
            s1 = s1.add(q);
            x = q.fma(minusOne, x);
            if (x.reinterpretAsLongs().compare(VectorOperators.NE, 0L).toLong() != 0) hits[nh++] = i;
        }
        s0.intoArray(lanes, 0);
        s1.intoArray(lanes, step);
        remainders(acc, a, off, hits, nh, step, m0, m1);
        for (int i = bound; i < n; i++) acc.addToChunks(a[off + i]);
    }
}
