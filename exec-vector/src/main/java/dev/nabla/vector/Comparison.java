package dev.nabla.vector;

/**
 * A comparison {@code a op b}, with Java's primitive semantics: any comparison involving NaN is
 * false except NE, which is true; −0.0 equals +0.0.
 */
public enum Comparison {
    LT,
    LE,
    GT,
    GE,
    EQ,
    NE;

    /** The operator with swapped operands: {@code a op b == b op.flip() a}. */
    public Comparison flip() {
        return switch (this) {
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
            case EQ -> EQ;
            case NE -> NE;
        };
    }

    /** The logical negation for non-NaN operands ({@code !(a < b) == a >= b}). */
    public Comparison negate() {
        return switch (this) {
            case LT -> GE;
            case LE -> GT;
            case GT -> LE;
            case GE -> LT;
            case EQ -> NE;
            case NE -> EQ;
        };
    }

    public boolean test(double a, double b) {
        return switch (this) {
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case EQ -> a == b;
            case NE -> a != b;
        };
    }

    public boolean test(long a, long b) {
        return switch (this) {
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case EQ -> a == b;
            case NE -> a != b;
        };
    }
}
