package dev.nabla.storage;

/**
 * A horizontal slice of rows flowing between operators: one {@link ColumnVector} per column.
 * Rows are {@code 0 .. count-1}, or, when {@link #selection} is non-null, the rows
 * {@code selection[0 .. count-1]} (a filter's output without copying).
 */
public final class Batch {
    /** Rows per batch produced by scans and operators. */
    public static final int CAPACITY = 2048;

    public final ColumnVector[] columns;
    public int count;
    public int[] selection;

    public Batch(ColumnVector[] columns, int count) {
        this.columns = columns;
        this.count = count;
    }

    public int width() {
        return columns.length;
    }

    /** Rows {@code start .. start+n-1} of a batch without selection, zero-copy. */
    public Batch slice(int start, int n) {
        if (selection != null) throw new IllegalStateException("slice of a batch with a selection");
        if (start == 0 && n == count) return this;
        ColumnVector[] cols = new ColumnVector[columns.length];
        for (int c = 0; c < cols.length; c++) cols[c] = columns[c].from(start);
        return new Batch(cols, n);
    }

    /** Physical row index of the i-th live row. */
    public int row(int i) {
        return selection == null ? i : selection[i];
    }
}
