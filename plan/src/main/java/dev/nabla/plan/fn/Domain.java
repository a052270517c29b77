package dev.nabla.plan.fn;

import java.util.Locale;

/**
 * Where a scalar function is defined. Outside its domain a function's SQL value is NULL (as in SQLite):
 * every layer — the interpreter, the fused kernels, constant folding, autograd's simplifier — applies
 * this one rule, so {@code ln(0)}, {@code sqrt(-1)} and {@code asin(2)} are NULL on every plan path.
 * A NaN argument is inside every domain (NaN in, NaN out: a stored NaN is a value, not NULL).
 */
public sealed interface Domain {
    /** Defined for every argument. */
    record All() implements Domain {}

    /** An interval of one argument; {@code loOpen}/{@code hiOpen} exclude the bound itself. */
    record Interval(double lo, boolean loOpen, double hi, boolean hiOpen) implements Domain {
        public boolean contains(double x) {
            if (Double.isNaN(x)) return true;
            return (loOpen ? x > lo : x >= lo) && (hiOpen ? x < hi : x <= hi);
        }
    }

    /** A condition on two arguments (both not NaN); {@code text} documents it. */
    record Pair(PairTest test, String text) implements Domain {
        public boolean contains(double a, double b) {
            return Double.isNaN(a) || Double.isNaN(b) || test.test(a, b);
        }
    }

    @FunctionalInterface
    interface PairTest {
        boolean test(double a, double b);
    }

    All ALL = new All();
    /** Finite arguments only (sin(±Infinity) has no value). */
    Interval FINITE = new Interval(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);

    static Interval above(double lo) {
        return new Interval(lo, true, Double.POSITIVE_INFINITY, false);
    }

    static Interval atLeast(double lo) {
        return new Interval(lo, false, Double.POSITIVE_INFINITY, false);
    }

    static Interval closed(double lo, double hi) {
        return new Interval(lo, false, hi, false);
    }

    static Interval open(double lo, double hi) {
        return new Interval(lo, true, hi, true);
    }

    static Pair pair(String text, PairTest test) {
        return new Pair(test, text);
    }

    /** Whether the unary argument {@code x} is inside the domain (a one-argument domain). */
    default boolean contains(double x) {
        return switch (this) {
            case All a -> true;
            case Interval i -> i.contains(x);
            case Pair p -> throw new IllegalStateException("a two-argument domain: " + p.text());
        };
    }

    /** Whether {@code (a, b)} is inside the domain (a one-argument domain tests {@code a}). */
    default boolean contains2(double a, double b) {
        return switch (this) {
            case All x -> true;
            case Interval i -> i.contains(a);
            case Pair p -> p.contains(a, b);
        };
    }

    default boolean unrestricted() {
        return this instanceof All;
    }

    /** The domain as documentation text, e.g. {@code x > 0}. */
    default String describe() {
        return switch (this) {
            case All a -> "all x";
            case Interval i -> {
                boolean lo = i.lo() != Double.NEGATIVE_INFINITY || i.loOpen(),
                        hi = i.hi() != Double.POSITIVE_INFINITY || i.hiOpen();
                if (i.equals(FINITE)) yield "finite x";
                String l = lo ? num(i.lo()) + (i.loOpen() ? " < " : " ≤ ") : "";
                String h = hi ? (i.hiOpen() ? " < " : " ≤ ") + num(i.hi()) : "";
                if (lo && !hi) yield "x " + (i.loOpen() ? "> " : "≥ ") + num(i.lo());
                yield l + "x" + h;
            }
            case Pair p -> p.text();
        };
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
