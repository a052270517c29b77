package dev.nabla.cli.output;

import java.util.List;

/**
 * How to render one result.
 *
 * @param maxRows     0 = every row; otherwise at most this many (head and tail, with a line saying what was hidden)
 * @param width       terminal width to fit box/table output into (text cells are shortened, then middle columns
 *                    hidden, as DuckDB does); 0 = never cut cells
 * @param color       ANSI styling (dim NULL, bold header)
 * @param nullValue   how NULL is written; null = the layout's default ("NULL" in grids and LINE, empty in CSV/TSV/list)
 * @param header      column-name row (CSV/TSV/table/box/markdown/list/column/html)
 * @param elapsedMillis shown in the box footer when not negative
 * @param separator   between fields in list mode (sqlite3's {@code .separator}); null = "|"
 * @param insertTable the table name {@code .mode insert} writes; null = "tbl"
 * @param widths      sqlite3's {@code .width}: per-column widths for column/box/table (0 = automatic; negative =
 *                    right-aligned in column mode); numbers are never made narrower than their digits
 * @param footer      the box layout's "N rows" line (off for results written to a file: data only)
 */
public record RenderOptions(
        int maxRows,
        int width,
        boolean color,
        String nullValue,
        boolean header,
        long elapsedMillis,
        String separator,
        String insertTable,
        List<Integer> widths,
        boolean footer) {
    public RenderOptions {
        if (maxRows < 0) throw new IllegalArgumentException("maxRows < 0");
        if (width < 0) throw new IllegalArgumentException("width < 0");
        widths = widths == null ? List.of() : List.copyOf(widths);
    }

    public RenderOptions(int maxRows, int width, boolean color, String nullValue, boolean header, long elapsedMillis) {
        this(maxRows, width, color, nullValue, header, elapsedMillis, null, null, List.of(), true);
    }

    /** No truncation, no colour: what scripts and pipes get. */
    public static RenderOptions plain() {
        return new RenderOptions(0, 0, false, null, true, -1);
    }

    public RenderOptions withMaxRows(int n) {
        return new RenderOptions(
                n, width, color, nullValue, header, elapsedMillis, separator, insertTable, widths, footer);
    }

    public RenderOptions withWidth(int w) {
        return new RenderOptions(
                maxRows, w, color, nullValue, header, elapsedMillis, separator, insertTable, widths, footer);
    }

    public RenderOptions withColor(boolean c) {
        return new RenderOptions(
                maxRows, width, c, nullValue, header, elapsedMillis, separator, insertTable, widths, footer);
    }

    public RenderOptions withNullValue(String s) {
        return new RenderOptions(
                maxRows, width, color, s, header, elapsedMillis, separator, insertTable, widths, footer);
    }

    public RenderOptions withHeader(boolean h) {
        return new RenderOptions(
                maxRows, width, color, nullValue, h, elapsedMillis, separator, insertTable, widths, footer);
    }

    public RenderOptions withElapsedMillis(long ms) {
        return new RenderOptions(maxRows, width, color, nullValue, header, ms, separator, insertTable, widths, footer);
    }

    /** sqlite3's list separator, insert-mode table name and column widths. */
    public RenderOptions withSqliteSettings(String sep, String table, List<Integer> w) {
        return new RenderOptions(maxRows, width, color, nullValue, header, elapsedMillis, sep, table, w, footer);
    }

    public RenderOptions withFooter(boolean f) {
        return new RenderOptions(
                maxRows, width, color, nullValue, header, elapsedMillis, separator, insertTable, widths, f);
    }
}
