package dev.nabla.vector;

/**
 * Element-wise functions of two doubles with IEEE/{@link Math} semantics. ADD..MAX are bit-for-bit
 * identical in both twins; POW and ATAN2 (†) may differ by 1–2 ulp in the SIMD twin.
 */
public enum DoubleBinaryOp {
    /** {@code a + b}. */
    ADD,
    /** {@code a - b}. */
    SUB,
    /** {@code a * b}. */
    MUL,
    /** {@code a / b} (IEEE: x/0 is ±∞ or NaN; the engine decides what SQL makes of that). */
    DIV,
    /** {@link Math#min(double, double)}: NaN if either is NaN, −0 below +0. */
    MIN,
    /** {@link Math#max(double, double)}: NaN if either is NaN, +0 above −0. */
    MAX,
    /** {@link Math#pow} †. */
    POW,
    /** {@link Math#atan2}(a, b) †. */
    ATAN2
}
