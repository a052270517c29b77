package dev.nabla.cli.output;

/**
 * How to render one result.
 *
 * @param maxRows     0 = every row; otherwise at most this many (head and tail, with a line saying what was hidden)
 * @param width       terminal width to fit box/table output into; 0 = never cut cells
 * @param color       ANSI styling (dim NULL, bold header)
 * @param nullValue   how NULL is written; null = the layout's default ("NULL" in grids and LINE, empty in CSV/TSV)
 * @param header      column-name row (CSV/TSV/table/box/markdown)
 * @param elapsedMillis shown in the box footer when not negative
 */
public record RenderOptions(
        int maxRows, int width, boolean color, String nullValue, boolean header, long elapsedMillis) {
    public RenderOptions {
        if (maxRows < 0) throw new IllegalArgumentException("maxRows < 0");
        if (width < 0) throw new IllegalArgumentException("width < 0");
    }

    /** No truncation, no colour: what scripts and pipes get. */
    public static RenderOptions plain() {
        return new RenderOptions(0, 0, false, null, true, -1);
    }

    public RenderOptions withMaxRows(int n) {
        return new RenderOptions(n, width, color, nullValue, header, elapsedMillis);
    }

    public RenderOptions withWidth(int w) {
        return new RenderOptions(maxRows, w, color, nullValue, header, elapsedMillis);
    }

    public RenderOptions withColor(boolean c) {
        return new RenderOptions(maxRows, width, c, nullValue, header, elapsedMillis);
    }

    public RenderOptions withNullValue(String s) {
        return new RenderOptions(maxRows, width, color, s, header, elapsedMillis);
    }

    public RenderOptions withHeader(boolean h) {
        return new RenderOptions(maxRows, width, color, nullValue, h, elapsedMillis);
    }

    public RenderOptions withElapsedMillis(long ms) {
        return new RenderOptions(maxRows, width, color, nullValue, header, ms);
    }
}
