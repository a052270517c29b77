package dev.nabla.vector;

/**
 * Element-wise functions of one double, with {@link Math} semantics (NaN in, NaN out; the special
 * cases of the corresponding {@code Math} method). The SIMD twin computes the transcendental ones
 * (marked †) with the Vector API's intrinsics, which may differ from {@code Math} in the last ulp
 * (at most 1–2 ulp); every other operation is bit-for-bit identical in both twins.
 */
public enum DoubleUnaryOp {
    /** {@code -x}. */
    NEG,
    /** {@link Math#abs(double)}. */
    ABS,
    /** {@link Math#sqrt}: correctly rounded. */
    SQRT,
    /** {@link Math#cbrt} †. */
    CBRT,
    /** {@link Math#exp} †. */
    EXP,
    /** {@link Math#expm1} †: e^x − 1, accurate near 0. */
    EXPM1,
    /** Natural logarithm, {@link Math#log} †. */
    LN,
    /** {@link Math#log10} †. */
    LOG10,
    /**
     * Base-2 logarithm †: the exponent plus ln(m)/ln 2 of a mantissa m in [√½, √2), so powers of two
     * give exact integers; 0 → −∞, negative → NaN.
     */
    LOG2,
    /** {@link Math#log1p} †: ln(1 + x), accurate near 0. */
    LOG1P,
    /** {@link Math#sin} †. */
    SIN,
    /** {@link Math#cos} †. */
    COS,
    /** {@link Math#tan} †. */
    TAN,
    /** {@link Math#asin} †. */
    ASIN,
    /** {@link Math#acos} †. */
    ACOS,
    /** {@link Math#atan} †. */
    ATAN,
    /** {@link Math#sinh} †. */
    SINH,
    /** {@link Math#cosh} †. */
    COSH,
    /** {@link Math#tanh} †. */
    TANH,
    /** {@link Math#floor}. */
    FLOOR,
    /** {@link Math#ceil}. */
    CEIL,
    /** {@link Math#signum(double)}: −1, +1, or x itself for ±0 and NaN. */
    SIGN,
    /** Logistic function 1 / (1 + e^−x) † (saturates to exactly 0 and 1, never NaN for non-NaN x). */
    SIGMOID,
    /** softplus ln(1 + e^x) computed stably as log1p(e^−|x|) + max(x, 0) †. */
    SOFTPLUS,
    /** max(x, 0) with {@link Math#max} semantics (NaN stays NaN, −0 becomes +0). */
    RELU
}
