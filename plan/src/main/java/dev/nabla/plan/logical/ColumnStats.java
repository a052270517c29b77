package dev.nabla.plan.logical;

/**
 * What the planner knows about one column's values, for cardinality estimates: the number of distinct
 * non-NULL values, the fraction of NULLs, and the smallest and largest non-NULL value as a double (the
 * stored long of integers, DATE days, TIMESTAMP microseconds and DECIMAL unscaled values; the value of
 * DOUBLE). {@code distinct} is -1 and {@code min}/{@code max} are NaN where unknown (strings have no
 * range here).
 */
public record ColumnStats(long distinct, double nullFraction, double min, double max) {
    public static final ColumnStats UNKNOWN = new ColumnStats(-1, 0, Double.NaN, Double.NaN);

    public boolean hasRange() {
        return !Double.isNaN(min) && !Double.isNaN(max);
    }
}
