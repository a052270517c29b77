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
    GROUPING("grouping"),
    /** Ordered-set aggregates, written {@code f(..) WITHIN GROUP (ORDER BY x)}: args are x then the fraction. */
    PERCENTILE_CONT("percentile_cont"),
    PERCENTILE_DISC("percentile_disc"),
    MODE("mode"),
    /** log Σ exp(z) in one online pass (running max, rescaled sum); the binder scales by τ. */
    LOGSUMEXP("logsumexp"),
    /** Σ softmax(z)·v in one online pass (running max, rescaled sums): args are v then z = score/τ. */
    SOFTMAX_SUM("softmax_sum"),
    /** DuckDB's min_by(x, key) / arg_min: x of the row with the smallest key (rows with a NULL key skipped; first on ties). */
    MIN_BY("min_by"),
    /** max_by(x, key) / arg_max: x of the row with the largest key. */
    MAX_BY("max_by"),
    /** array_agg(x [ORDER BY k]): the values (NULLs included) as a {@code DOUBLE[]} list; NULL for no rows. */
    ARRAY_AGG("array_agg"),
    /*
     * The two-variable aggregates of PostgreSQL and DuckDB, f(y, x) over the rows where both are not NULL
     * (the dependent variable first, as there).
     */
    COVAR_POP("covar_pop"),
    COVAR_SAMP("covar_samp"),
    CORR("corr"),
    REGR_COUNT("regr_count"),
    REGR_AVGX("regr_avgx"),
    REGR_AVGY("regr_avgy"),
    REGR_SXX("regr_sxx"),
    REGR_SYY("regr_syy"),
    REGR_SXY("regr_sxy"),
    REGR_SLOPE("regr_slope"),
    REGR_INTERCEPT("regr_intercept"),
    REGR_R2("regr_r2");

    /** Whether this is one of the two-variable (y, x) aggregates (covariance, correlation, regression). */
    public boolean twoVariable() {
        return switch (this) {
            case COVAR_POP,
                    COVAR_SAMP,
                    CORR,
                    REGR_COUNT,
                    REGR_AVGX,
                    REGR_AVGY,
                    REGR_SXX,
                    REGR_SYY,
                    REGR_SXY,
                    REGR_SLOPE,
                    REGR_INTERCEPT,
                    REGR_R2 -> true;
            default -> false;
        };
    }

    /** Whether this is an ordered-set aggregate (its ORDER BY names the value it works on). */
    public boolean orderedSet() {
        return this == PERCENTILE_CONT || this == PERCENTILE_DISC || this == MODE;
    }

    private final String sqlName;

    AggFn(String sqlName) {
        this.sqlName = sqlName;
    }

    public String sqlName() {
        return sqlName;
    }
}
