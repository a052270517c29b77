package dev.nabla.plan.expr;

/** Aggregate functions. */
public enum AggFn {
    COUNT_STAR("count"),
    COUNT("count"),
    SUM("sum"),
    /** SQLite's total(): like SUM but 0.0 for no rows and always DOUBLE. */
    TOTAL("total"),
    AVG("avg"),
    MIN("min"),
    MAX("max"),
    STDDEV_SAMP("stddev_samp"),
    STDDEV_POP("stddev_pop"),
    VAR_SAMP("var_samp"),
    VAR_POP("var_pop"),
    STRING_AGG("string_agg"),
    BOOL_AND("bool_and"),
    BOOL_OR("bool_or"),
    /**
     * PostgreSQL's GROUPING(a, b, ..): a bit mask of the arguments not grouped in the current grouping set.
     * The binder replaces it by a constant per grouping set; it never reaches an aggregation operator.
     */
    GROUPING("grouping");

    private final String sqlName;

    AggFn(String sqlName) { this.sqlName = sqlName; }

    public String sqlName() { return sqlName; }
}
