package dev.nabla.plan.fn;

/** How the binder types a registry function's call. */
public enum TypeRule {
    /** Every argument is coerced to DOUBLE; the result is DOUBLE. */
    DOUBLE,
    /** One numeric argument; the result has its type (BOOLEAN counts as BIGINT): abs, sign. */
    SAME_NUMERIC,
    /** One numeric argument; integers keep their type (the function is the identity on them), else DOUBLE. */
    INTEGRAL_OR_DOUBLE,
    /** round(x [, digits]), trunc(x [, digits]): as {@link #INTEGRAL_OR_DOUBLE}, digits an integer. */
    ROUND
}
