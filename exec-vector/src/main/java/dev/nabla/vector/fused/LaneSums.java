package dev.nabla.vector.fused;

import jdk.incubator.vector.DoubleVector;

/**
 * Horizontal sums for generated vector kernels, lane 0 first. {@code reduceLanes(ADD)} leaves the order
 * of its additions unspecified and it does differ between the interpreter and C2, so a SUM could change
 * in its last bit depending on when the JIT compiled the kernel; a fixed order keeps results identical.
 * Called once per kernel call (a segment or a batch), never per row.
 */
public final class LaneSums {
    private LaneSums() {}

    public static double sum(DoubleVector v) {
        double[] lanes = v.toArray();
        double s = 0;
        for (double d : lanes) s += d;
        return s;
    }
}
