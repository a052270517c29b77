package dev.nabla.storage;

/**
 * What a column's declared type allows beyond its stored type: {@code VARCHAR(n)} and {@code CHAR(n)} at most
 * {@code maxLength} characters (-1: any), {@code SMALLINT} values in [{@code min}, {@code max}]. {@code sqlName} is the
 * declared type as written ({@code VARCHAR(5)}, {@code SMALLINT}), for metadata.
 */
public record ColumnLimit(String sqlName, int maxLength, long min, long max) {
    public static ColumnLimit length(String sqlName, int maxLength) {
        return new ColumnLimit(sqlName, maxLength, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public static ColumnLimit range(String sqlName, long min, long max) {
        return new ColumnLimit(sqlName, -1, min, max);
    }

    /**
     * Whether this is PostgreSQL's blank-padded {@code CHAR(n)} ({@code CHARACTER(n)}, {@code NCHAR(n)},
     * {@code BPCHAR(n)}): stored without trailing blanks, so comparisons, grouping, keys and {@code length()}
     * ignore them, and padded to n when a query reads the column unchanged.
     */
    public boolean blankPadded() {
        return maxLength >= 0
                && (sqlName.startsWith("CHAR(")
                        || sqlName.startsWith("CHARACTER(")
                        || sqlName.startsWith("NCHAR(")
                        || sqlName.startsWith("BPCHAR("));
    }
}
