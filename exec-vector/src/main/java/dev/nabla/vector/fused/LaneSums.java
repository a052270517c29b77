package dev.nabla.vector.fused;

import jdk.incubator.vector.DoubleVector;

/**
 * How generated vector kernels sum their accumulators: lane by lane, lane 0 first, written out as
 * {@code acc.lane(0) + acc.lane(1) + …} for the preferred species' lane count. {@code reduceLanes(ADD)}
 * leaves the order of its additions unspecified, and it does differ between the interpreter and C2,
 * so a SUM changed in its last bit depending on when the JIT compiled the kernel. (A helper method
 * taking the vector measured 10 % slower on Q2 than the unrolled extraction.)
 * Only loaded when kernels are vectorized.
 */
final class LaneSums {
    private LaneSums() {}

    static int lanes() { return DoubleVector.SPECIES_PREFERRED.length(); }
}
