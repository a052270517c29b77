package dev.nabla.engine.exec.expr;

/**
 * Primitive-array kernels of the evaluator's hot arithmetic and comparison paths. Kept behind this
 * one facade so that SIMD implementations (exec-vector's VectorKernels) can replace the scalar loops
 * without touching the instructions. Long kernels return whether any lane overflowed; the caller
 * decides whether that lane matters (NULL or inactive rows don't).
 */
final class Kernels {
    private Kernels() {}

    static boolean addLong(long[] a, int ao, long[] b, int bo, long[] o, int n) {
        long ovf = 0;
        for (int i = 0; i < n; i++) {
            long x = a[ao + i], y = b[bo + i], r = x + y;
            ovf |= (x ^ r) & (y ^ r);
            o[i] = r;
        }
        return ovf < 0;
    }

    static boolean subLong(long[] a, int ao, long[] b, int bo, long[] o, int n) {
        long ovf = 0;
        for (int i = 0; i < n; i++) {
            long x = a[ao + i], y = b[bo + i], r = x - y;
            ovf |= (x ^ y) & (x ^ r);
            o[i] = r;
        }
        return ovf < 0;
    }

    static boolean mulLong(long[] a, int ao, long[] b, int bo, long[] o, int n) {
        boolean ovf = false;
        for (int i = 0; i < n; i++) {
            long x = a[ao + i], y = b[bo + i], r = x * y;
            long hi = Math.multiplyHigh(x, y);
            ovf |= hi != (r >> 63);
            o[i] = r;
        }
        return ovf;
    }

    /** Lane i overflowed (re-check used on the slow path to find the offending row). */
    static boolean overflowed(int op, long x, long y) {
        return switch (op) {
            case 0 -> ((x ^ (x + y)) & (y ^ (x + y))) < 0;
            case 1 -> ((x ^ y) & (x ^ (x - y))) < 0;
            default -> Math.multiplyHigh(x, y) != ((x * y) >> 63);
        };
    }

    static void addDouble(double[] a, int ao, double[] b, int bo, double[] o, int n) {
        for (int i = 0; i < n; i++) o[i] = a[ao + i] + b[bo + i];
    }

    static void subDouble(double[] a, int ao, double[] b, int bo, double[] o, int n) {
        for (int i = 0; i < n; i++) o[i] = a[ao + i] - b[bo + i];
    }

    static void mulDouble(double[] a, int ao, double[] b, int bo, double[] o, int n) {
        for (int i = 0; i < n; i++) o[i] = a[ao + i] * b[bo + i];
    }

    static void divDouble(double[] a, int ao, double[] b, int bo, double[] o, int n) {
        for (int i = 0; i < n; i++) o[i] = a[ao + i] / b[bo + i];
    }

    /** Comparison op codes: 0 =, 1 <>, 2 <, 3 <=, 4 >, 5 >=. Results are 0/1. */
    static void cmpLong(int op, long[] a, int ao, long[] b, int bo, long[] o, int n) {
        switch (op) {
            case 0 -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] == b[bo + i] ? 1 : 0; }
            case 1 -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] != b[bo + i] ? 1 : 0; }
            case 2 -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] < b[bo + i] ? 1 : 0; }
            case 3 -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] <= b[bo + i] ? 1 : 0; }
            case 4 -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] > b[bo + i] ? 1 : 0; }
            default -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] >= b[bo + i] ? 1 : 0; }
        }
    }

    static void cmpDouble(int op, double[] a, int ao, double[] b, int bo, long[] o, int n) {
        switch (op) {
            case 0 -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] == b[bo + i] ? 1 : 0; }
            case 1 -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] != b[bo + i] ? 1 : 0; }
            case 2 -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] < b[bo + i] ? 1 : 0; }
            case 3 -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] <= b[bo + i] ? 1 : 0; }
            case 4 -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] > b[bo + i] ? 1 : 0; }
            default -> { for (int i = 0; i < n; i++) o[i] = a[ao + i] >= b[bo + i] ? 1 : 0; }
        }
    }

    static void cmpString(int op, String[] a, int ao, String[] b, int bo, boolean[] nulls, long[] o, int n) {
        for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) { o[i] = 0; continue; }
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

    static void longToDouble(long[] a, int ao, double[] o, int n) {
        for (int i = 0; i < n; i++) o[i] = a[ao + i];
    }
}
