package dev.nabla.storage;

/** How a column's values are laid out in memory. */
public enum PhysicalType {
    LONG,
    DOUBLE,
    STRING,
    /**
     * A fixed-size array of doubles ({@code DOUBLE[n]}): one {@code double[]} holding the rows
     * row-major, row {@code i} at {@code [(offset + i)·n, (offset + i + 1)·n)}; the null bitmap is per row.
     */
    ARRAY,
    /** A variable-length list of doubles ({@code DOUBLE[]}): one {@link ListValue} per row. */
    LIST,
    /**
     * A signed 128-bit integer, the unscaled value of a {@code DECIMAL(19..38, s)}: two longs per row in
     * {@code longs}, row {@code i} at {@code [2(offset + i)]} (high word) and {@code [2(offset + i) + 1]}
     * (low word); see {@link Int128}.
     */
    INT128
}
