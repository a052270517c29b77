package dev.nabla.vector;

/** The scalar twin of the {@link ArrayKernels}: plain loops, the reference the SIMD twin is tested against. */
public final class ScalarArrayKernels implements ArrayKernels {
    @Override
    public void dot(double[] a, int aRow, double[] b, int bRow, boolean bConst, int w, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            int ao = (aRow + i) * w, bo = (bConst ? bRow : bRow + i) * w;
            double s = 0;
            for (int k = 0; k < w; k++) s += a[ao + k] * b[bo + k];
            out[i] = s;
        }
    }

    @Override
    public void squaredDistance(
            double[] a, int aRow, double[] b, int bRow, boolean bConst, int w, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            int ao = (aRow + i) * w, bo = (bConst ? bRow : bRow + i) * w;
            double s = 0;
            for (int k = 0; k < w; k++) {
                double d = a[ao + k] - b[bo + k];
                s += d * d;
            }
            out[i] = s;
        }
    }

    @Override
    public void cosineParts(
            double[] a, int aRow, double[] b, int bRow, boolean bConst, int w, double[] dot, double[] norms, int n) {
        for (int i = 0; i < n; i++) {
            int ao = (aRow + i) * w, bo = (bConst ? bRow : bRow + i) * w;
            double ab = 0, aa = 0, bb = 0;
            for (int k = 0; k < w; k++) {
                double x = a[ao + k], y = b[bo + k];
                ab += x * y;
                aa += x * x;
                bb += y * y;
            }
            dot[i] = ab;
            norms[i] = aa * bb;
        }
    }

    @Override
    public void squaredNorm(double[] a, int aRow, int w, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            int ao = (aRow + i) * w;
            double s = 0;
            for (int k = 0; k < w; k++) s += a[ao + k] * a[ao + k];
            out[i] = s;
        }
    }
}
