package dev.nabla.engine.exec.expr;

import dev.nabla.vector.Comparison;
import dev.nabla.vector.DoubleBinaryOp;
import dev.nabla.vector.LongBinaryOp;
import dev.nabla.vector.VectorKernels;
import dev.nabla.vector.VectorizationProvider;

/**
 * The evaluator's hot arithmetic, math and comparison loops, delegated to exec-vector's
 * {@link VectorKernels} (SIMD where available, scalar twin otherwise). Kept behind this facade so
 * instructions never depend on which implementation runs. Long kernels return whether any lane
 * overflowed; the caller decides whether that lane matters (NULL or inactive rows don't).
 */
final class Kernels {
    private Kernels() {}

    static final VectorKernels K = VectorizationProvider.get();

    static boolean addLong(long[] a, int ao, long[] b, int bo, long[] o, int n) {
        return K.apply(LongBinaryOp.ADD, a, ao, b, bo, o, null, n) >= 0;
    }

    static boolean subLong(long[] a, int ao, long[] b, int bo, long[] o, int n) {
        return K.apply(LongBinaryOp.SUB, a, ao, b, bo, o, null, n) >= 0;
    }

    static boolean mulLong(long[] a, int ao, long[] b, int bo, long[] o, int n) {
        return K.apply(LongBinaryOp.MUL, a, ao, b, bo, o, null, n) >= 0;
    }

    /** Lane i overflowed (re-check used on the slow path to find an offending row that matters). */
    static boolean overflowed(int op, long x, long y) {
        return switch (op) {
            case 0 -> ((x ^ (x + y)) & (y ^ (x + y))) < 0;
            case 1 -> ((x ^ y) & (x ^ (x - y))) < 0;
            default -> Math.multiplyHigh(x, y) != ((x * y) >> 63);
        };
    }

    static void addDouble(double[] a, int ao, double[] b, int bo, double[] o, int n) {
        K.apply(DoubleBinaryOp.ADD, a, ao, b, bo, o, n);
    }

    static void subDouble(double[] a, int ao, double[] b, int bo, double[] o, int n) {
        K.apply(DoubleBinaryOp.SUB, a, ao, b, bo, o, n);
    }

    static void mulDouble(double[] a, int ao, double[] b, int bo, double[] o, int n) {
        K.apply(DoubleBinaryOp.MUL, a, ao, b, bo, o, n);
    }

    static void divDouble(double[] a, int ao, double[] b, int bo, double[] o, int n) {
        K.apply(DoubleBinaryOp.DIV, a, ao, b, bo, o, n);
    }

    private static final Comparison[] CMP = {
        Comparison.EQ, Comparison.NE, Comparison.LT, Comparison.LE, Comparison.GT, Comparison.GE
    };

    /** Comparison op codes: 0 =, 1 <>, 2 <, 3 <=, 4 >, 5 >=. Results are 0/1. */
    static void cmpLong(int op, long[] a, int ao, long[] b, int bo, long[] o, int n) {
        K.compare(CMP[op], a, ao, b, bo, o, n);
    }

    static void cmpDouble(int op, double[] a, int ao, double[] b, int bo, long[] o, int n) {
        K.compare(CMP[op], a, ao, b, bo, o, n);
    }

    static void cmpString(int op, String[] a, int ao, String[] b, int bo, boolean[] nulls, long[] o, int n) {
        for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) {
                o[i] = 0;
                continue;
            }
            int c = a[ao + i].compareTo(b[bo + i]);
            o[i] = switch (op) {
                case 0 -> c == 0 ? 1 : 0;
                case 1 -> c != 0 ? 1 : 0;
                case 2 -> c < 0 ? 1 : 0;
                case 3 -> c <= 0 ? 1 : 0;
                case 4 -> c > 0 ? 1 : 0;
                default -> c >= 0 ? 1 : 0;
            };
        }
    }

    /** Comparison of two 128-bit vectors (two longs a row, see {@link dev.nabla.storage.Int128}). */
    static void cmp128(int op, long[] a, int ao, long[] b, int bo, long[] o, int n) {
        for (int i = 0; i < n; i++) {
            int x = (ao + i) << 1, y = (bo + i) << 1;
            int c = dev.nabla.storage.Int128.compare(a[x], a[x + 1], b[y], b[y + 1]);
            o[i] = switch (op) {
                case 0 -> c == 0 ? 1 : 0;
                case 1 -> c != 0 ? 1 : 0;
                case 2 -> c < 0 ? 1 : 0;
                case 3 -> c <= 0 ? 1 : 0;
                case 4 -> c > 0 ? 1 : 0;
                default -> c >= 0 ? 1 : 0;
            };
        }
    }

    static void longToDouble(long[] a, int ao, double[] o, int n) {
        K.toDouble(a, ao, o, n);
    }
}
