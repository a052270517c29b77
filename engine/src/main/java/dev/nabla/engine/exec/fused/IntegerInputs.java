package dev.nabla.engine.exec.fused;

import dev.nabla.storage.ColumnVector;

/**
 * Per-thread scratch that hands an INTEGER/BIGINT column to a fused kernel as doubles, converted as
 * {@code CAST(col AS DOUBLE)} converts ({@code (double) v}). Kernels read double arrays only; one
 * conversion pass per batch is cheap next to the per-node path the expression would take otherwise.
 */
final class IntegerInputs {
    private final double[][] scratch;

    IntegerInputs(int inputs) {
        scratch = new double[inputs][];
    }

    /** Rows {@code 0..n-1} of integer vector {@code cv} as doubles, in input {@code j}'s reusable buffer. */
    double[] asDoubles(int j, ColumnVector cv, int n) {
        double[] d = scratch[j];
        if (d == null || d.length < n) d = scratch[j] = new double[Math.max(n, 1024)];
        long[] v = cv.longs;
        int off = cv.offset;
        for (int i = 0; i < n; i++) d[i] = v[off + i];
        return d;
    }

    /** The value of a constant vector as a double (integer or double). */
    static double constant(ColumnVector cv) {
        return cv.doubles != null ? cv.doubles[cv.offset] : (double) cv.longs[cv.offset];
    }

    /** Whether a fused kernel can read this vector: doubles, or integers it converts. */
    static boolean readable(ColumnVector cv) {
        return cv.doubles != null || cv.longs != null && cv.type.isIntegral();
    }
}
