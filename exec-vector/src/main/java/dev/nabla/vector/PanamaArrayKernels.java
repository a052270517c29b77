package dev.nabla.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD twin of the {@link ArrayKernels}: each row's reduction runs over the vector lanes with two
 * independent accumulators (so consecutive FMAs do not wait on each other), then a scalar tail for
 * the last {@code w mod lanes} elements. Loaded reflectively by {@link VectorizationProvider}.
 */
final class PanamaArrayKernels implements ArrayKernels {
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void dot(double[] a, int aRow, double[] b, int bRow, boolean bConst, int w, double[] out, int n) {
        int step = D.length(), bound = D.loopBound(w), bound2 = w - w % (2 * step);
        for (int i = 0; i < n; i++) {
            int ao = (aRow + i) * w, bo = (bConst ? bRow : bRow + i) * w;
            DoubleVector s0 = DoubleVector.zero(D), s1 = DoubleVector.zero(D);
            int k = 0;
            for (; k < bound2; k += 2 * step) {
                s0 = DoubleVector.fromArray(D, a, ao + k).fma(DoubleVector.fromArray(D, b, bo + k), s0);
                s1 = DoubleVector.fromArray(D, a, ao + k + step).fma(DoubleVector.fromArray(D, b, bo + k + step), s1);
            }
            for (; k < bound; k += step)
                s0 = DoubleVector.fromArray(D, a, ao + k).fma(DoubleVector.fromArray(D, b, bo + k), s0);
            double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
            for (; k < w; k++) s += a[ao + k] * b[bo + k];
            out[i] = s;
        }
    }

    @Override
    public void squaredDistance(
            double[] a, int aRow, double[] b, int bRow, boolean bConst, int w, double[] out, int n) {
        int step = D.length(), bound = D.loopBound(w), bound2 = w - w % (2 * step);
        for (int i = 0; i < n; i++) {
            int ao = (aRow + i) * w, bo = (bConst ? bRow : bRow + i) * w;
            DoubleVector s0 = DoubleVector.zero(D), s1 = DoubleVector.zero(D);
            int k = 0;
            for (; k < bound2; k += 2 * step) {
                DoubleVector d0 = DoubleVector.fromArray(D, a, ao + k).sub(DoubleVector.fromArray(D, b, bo + k));
                DoubleVector d1 =
                        DoubleVector.fromArray(D, a, ao + k + step).sub(DoubleVector.fromArray(D, b, bo + k + step));
                s0 = d0.fma(d0, s0);
                s1 = d1.fma(d1, s1);
            }
            for (; k < bound; k += step) {
                DoubleVector d0 = DoubleVector.fromArray(D, a, ao + k).sub(DoubleVector.fromArray(D, b, bo + k));
                s0 = d0.fma(d0, s0);
            }
            double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
            for (; k < w; k++) {
                double d = a[ao + k] - b[bo + k];
                s += d * d;
            }
            out[i] = s;
        }
    }

    @Override
    public void cosineParts(
            double[] a, int aRow, double[] b, int bRow, boolean bConst, int w, double[] dot, double[] norms, int n) {
        int step = D.length(), bound = D.loopBound(w);
        for (int i = 0; i < n; i++) {
            int ao = (aRow + i) * w, bo = (bConst ? bRow : bRow + i) * w;
            DoubleVector ab = DoubleVector.zero(D), aa = DoubleVector.zero(D), bb = DoubleVector.zero(D);
            int k = 0;
            for (; k < bound; k += step) {
                DoubleVector x = DoubleVector.fromArray(D, a, ao + k), y = DoubleVector.fromArray(D, b, bo + k);
                ab = x.fma(y, ab);
                aa = x.fma(x, aa);
                bb = y.fma(y, bb);
            }
            double sab = ab.reduceLanes(VectorOperators.ADD),
                    saa = aa.reduceLanes(VectorOperators.ADD),
                    sbb = bb.reduceLanes(VectorOperators.ADD);
            for (; k < w; k++) {
                double x = a[ao + k], y = b[bo + k];
                sab += x * y;
                saa += x * x;
                sbb += y * y;
            }
            dot[i] = sab;
            norms[i] = saa * sbb;
        }
    }

    @Override
    public void squaredNorm(double[] a, int aRow, int w, double[] out, int n) {
        int step = D.length(), bound = D.loopBound(w);
        for (int i = 0; i < n; i++) {
            int ao = (aRow + i) * w;
            DoubleVector s0 = DoubleVector.zero(D);
            int k = 0;
            for (; k < bound; k += step) {
                DoubleVector x = DoubleVector.fromArray(D, a, ao + k);
                s0 = x.fma(x, s0);
            }
            double s = s0.reduceLanes(VectorOperators.ADD);
            for (; k < w; k++) s += a[ao + k] * a[ao + k];
            out[i] = s;
        }
    }
}
