package dev.nabla.vector.sum;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD twin of {@link BulkAdd.Scalar}: splits each value exactly into {@link #LEVELS} pieces on fixed
 * grids below the block's largest magnitude (binned summation as in ReproBLAS: with
 * M = 1.5·2<sup>b+52</sup>, {@code (x + M) − M} is x rounded to a multiple of 2<sup>b</sup> and
 * {@code x − that} is exact), and sums each grid's pieces in vector lanes, where every partial sum is
 * a multiple of 2<sup>b</sup> below 2<sup>b+53</sup> and therefore exact. The lane sums are then added
 * to the superaccumulator, and so are the (rare) bits below the lowest grid, found by a
 * remainder check. The result is the exact sum, as with the scalar twin.
 */
final class PanamaBulkAdd implements BulkAdd {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Bits per grid level: three levels cover 102 bits below the block's largest value. */
    private static final int W = 34;
    /**
     * Values per block: a lane adds at most BLOCK/2 pieces below 2<sup>b+W</sup>, which keeps its
     * sum below 2<sup>b+W+15</sup> &lt; 2<sup>b+53</sup>.
     */
    private static final int BLOCK = 1 << 16;

    PanamaBulkAdd() {
        if (D.length() < 2) throw new UnsupportedOperationException("no SIMD");
    }

    @Override public boolean addAllFinite(ExactSum acc, double[] a, int off, int n) {
        // finiteness first: a block already added cannot be taken back
        double max = maxAbs(a, off, n);
        if (!(max <= Double.MAX_VALUE)) return false;
        if (n <= BLOCK) block(acc, a, off, n, max);
        else for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            block(acc, a, off + from, len, maxAbs(a, off + from, len));
        }
        return true;
    }

    /** max |a[i]|; NaN when there is a NaN. */
    private static double maxAbs(double[] a, int off, int n) {
        DoubleVector mx = DoubleVector.zero(D);
        int bound = D.loopBound(n), step = D.length();
        for (int i = 0; i < bound; i += step) mx = mx.max(DoubleVector.fromArray(D, a, off + i).abs());
        double max = mx.reduceLanes(VectorOperators.MAX);
        for (int i = bound; i < n; i++) max = Math.max(max, Math.abs(a[off + i]));
        return max;
    }

    private static void block(ExactSum acc, double[] a, int off, int n, double max) {
        int bound = D.loopBound(n), step = D.length();
        if (max == 0) return;
        if (bound == 0) {
            for (int i = 0; i < n; i++) acc.add(a[off + i]);
            return;
        }
        int e = Math.getExponent(max);
        if (e > 1000 || e < -970) {
            // the grid constants would leave the normal range: the scalar path is exact everywhere
            for (int i = 0; i < n; i++) acc.add(a[off + i]);
            return;
        }
        double m0 = Math.scalb(1.5, e + 53 - W), m1 = Math.scalb(1.5, e + 53 - 2 * W), m2 = Math.scalb(1.5, e + 53 - 3 * W);
        DoubleVector v0 = DoubleVector.broadcast(D, m0), v1 = DoubleVector.broadcast(D, m1), v2 = DoubleVector.broadcast(D, m2);
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, rest = s0;
        for (int i = 0; i < bound; i += step) {
            DoubleVector x = DoubleVector.fromArray(D, a, off + i);
            DoubleVector q = x.add(v0).sub(v0);
            s0 = s0.add(q);
            x = x.sub(q);
            q = x.add(v1).sub(v1);
            s1 = s1.add(q);
            x = x.sub(q);
            q = x.add(v2).sub(v2);
            s2 = s2.add(q);
            rest = rest.add(x.sub(q).abs());
        }
        double[] lanes = new double[step];
        flush(acc, s0, lanes);
        flush(acc, s1, lanes);
        flush(acc, s2, lanes);
        // a sum of magnitudes is zero only when every one is zero
        if (rest.reduceLanes(VectorOperators.MAX) != 0) {
            for (int i = 0; i < bound; i++) {
                double x = a[off + i], q = (x + m0) - m0;
                x -= q;
                q = (x + m1) - m1;
                x -= q;
                q = (x + m2) - m2;
                x -= q;
                if (x != 0) acc.add(x);
            }
        }
        for (int i = bound; i < n; i++) acc.add(a[off + i]);
    }

    private static void flush(ExactSum acc, DoubleVector s, double[] lanes) {
        s.intoArray(lanes, 0);
        for (double v : lanes) acc.add(v);
    }
}
