package dev.nabla.cli.output;

import dev.nabla.storage.DataType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a {@link ResultTable} in one {@link OutputFormat}. Stateless. */
public final class Renderer {
    private static final String DIM = "\u001b[2m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";
    private static final int MIN_CELL = 4;

    private Renderer() {}

    public static String render(ResultTable t, OutputFormat format, RenderOptions o) {
        java.io.StringWriter sw = new java.io.StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        render(t, format, o, pw);
        pw.flush();
        return sw.toString();
    }

    public static void render(ResultTable t, OutputFormat format, RenderOptions o, PrintWriter out) {
        switch (format) {
            case BOX -> grid(t, o, out, true);
            case TABLE -> grid(t, o, out, false);
            case CSV -> delimited(t, o, out, ',');
            case TSV -> delimited(t, o, out, '\t');
            case JSON -> json(t, out, false);
            case JSONL -> json(t, out, true);
            case MARKDOWN -> markdown(t, o, out);
            case LINE -> line(t, o, out);
            case TRASH -> {}
        }
    }

    static boolean rightAligned(DataType type) {
        return type.isNumeric() && type != DataType.NULL;
    }

    // ---------------------------------------------------------------- grids

    /** Which rows to show: all, or head and tail around a hidden middle. */
    private record Window(int head, int tailStart, int rows) {
        static Window of(int rows, int maxRows) {
            if (maxRows <= 0 || rows <= maxRows) return new Window(rows, rows, rows);
            int head = (maxRows + 1) / 2;
            return new Window(head, rows - (maxRows - head), rows);
        }

        boolean truncated() {
            return head < tailStart;
        }

        int hidden() {
            return tailStart - head;
        }
    }

    /** Column widths before fitting to the terminal: names (and type names in a box) and the shown cells. */
    private static int[] naturalWidths(ResultTable t, RenderOptions o, boolean box, Window w) {
        int cols = t.columnCount();
        String nul = o.nullValue() == null ? "NULL" : o.nullValue();
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) {
            width[c] = o.header() ? Cells.width(t.columnNames().get(c)) : 0;
            if (box && o.header())
                width[c] = Math.max(width[c], Cells.width(t.columnTypes().get(c).sqlName()));
        }
        // two passes (widths, then lines) instead of caching every cell: a million-row result
        // printed to a pipe must not hold a million rows of strings
        for (int r = 0; r < w.rows(); r++) {
            if (r == w.head()) r = w.tailStart();
            if (r >= w.rows()) break;
            for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], Cells.width(cellText(t, r, c, nul)));
        }
        return width;
    }

    /** How many terminal cells a box/table grid of the shown rows needs without cutting any cell. */
    public static int naturalWidth(ResultTable t, OutputFormat format, RenderOptions o) {
        int sum = 1;
        for (int x : naturalWidths(t, o, format == OutputFormat.BOX, Window.of(t.rowCount(), o.maxRows())))
            sum += x + 3;
        return sum;
    }

    private static void grid(ResultTable t, RenderOptions o, PrintWriter out, boolean box) {
        int cols = t.columnCount();
        Window w = Window.of(t.rowCount(), o.maxRows());
        String nul = o.nullValue() == null ? "NULL" : o.nullValue();
        List<String> names = t.columnNames();
        List<DataType> types = t.columnTypes();
        String[] typeNames = new String[cols];
        for (int c = 0; c < cols; c++) typeNames[c] = types.get(c).sqlName().toLowerCase(Locale.ROOT);
        int shown = w.head() + (w.rows() - w.tailStart());
        int[] width = naturalWidths(t, o, box, w);
        if (cols == 0) {
            out.println(box ? "(no columns)" : "");
            return;
        }
        fit(width, o.width());
        char h = box ? '─' : '-', v = box ? '│' : '|';
        out.println(rule(width, box ? "┌" : "+", box ? "┬" : "+", box ? "┐" : "+", h));
        if (o.header()) {
            StringBuilder sb = new StringBuilder().append(v);
            for (int c = 0; c < cols; c++) {
                String name = Cells.cut(Cells.oneLine(names.get(c)), width[c]);
                sb.append(' ')
                        .append(o.color() ? BOLD : "")
                        .append(center(name, width[c]))
                        .append(o.color() ? RESET : "")
                        .append(' ')
                        .append(v);
            }
            out.println(sb);
            if (box) {
                sb.setLength(0);
                sb.append(v);
                for (int c = 0; c < cols; c++) {
                    String tn = Cells.cut(typeNames[c], width[c]);
                    sb.append(' ')
                            .append(o.color() ? DIM : "")
                            .append(center(tn, width[c]))
                            .append(o.color() ? RESET : "")
                            .append(' ')
                            .append(v);
                }
                out.println(sb);
            }
            out.println(rule(width, box ? "├" : "+", box ? "┼" : "+", box ? "┤" : "+", h));
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < w.rows(); r++) {
            if (w.truncated() && r == w.head()) {
                StringBuilder dots = new StringBuilder().append(v);
                for (int c = 0; c < cols; c++)
                    dots.append(' ').append(center("·", width[c])).append(' ').append(v);
                String d = dots.toString();
                out.println(d);
                out.println(d);
                r = w.tailStart();
                if (r >= w.rows()) break;
            }
            sb.setLength(0);
            sb.append(v);
            for (int c = 0; c < cols; c++) {
                boolean isNull = t.isNull(r, c);
                String s = Cells.cut(cellText(t, r, c, nul), width[c]);
                String padded = rightAligned(types.get(c)) ? padLeft(s, width[c]) : padRight(s, width[c]);
                boolean dim = isNull && o.color();
                sb.append(' ')
                        .append(dim ? DIM : "")
                        .append(padded)
                        .append(dim ? RESET : "")
                        .append(' ')
                        .append(v);
            }
            out.println(sb);
        }
        out.println(rule(width, box ? "└" : "+", box ? "┴" : "+", box ? "┘" : "+", h));
        if (box) {
            StringBuilder footer = new StringBuilder();
            footer.append(String.format(Locale.ROOT, "%,d %s", w.rows(), w.rows() == 1 ? "row" : "rows"));
            if (w.truncated()) footer.append(String.format(Locale.ROOT, " (%,d shown)", shown));
            if (o.elapsedMillis() >= 0) footer.append(" · ").append(elapsed(o.elapsedMillis()));
            out.println(o.color() ? DIM + footer + RESET : footer.toString());
            if (w.truncated()) {
                String hidden = String.format(Locale.ROOT, "… %,d rows hidden (.last shows all)", w.hidden());
                out.println(o.color() ? DIM + hidden + RESET : hidden);
            }
        } else if (w.truncated()) {
            out.println(String.format(Locale.ROOT, "… %,d rows hidden (.last shows all)", w.hidden()));
        }
    }

    private static String cellText(ResultTable t, int r, int c, String nul) {
        Object v = t.get(r, c);
        return v == null ? nul : Cells.oneLine(Cells.text(v));
    }

    public static String elapsed(long ms) {
        if (ms < 10_000) return ms + " ms";
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Shrinks the widest columns until the grid fits {@code total} cells (each column costs width + 3). */
    private static void fit(int[] width, int total) {
        if (total <= 0) return;
        int sum = 1;
        for (int x : width) sum += x + 3;
        while (sum > total) {
            int widest = 0;
            for (int c = 1; c < width.length; c++) if (width[c] > width[widest]) widest = c;
            if (width[widest] <= MIN_CELL) return;
            width[widest]--;
            sum--;
        }
    }

    private static String rule(int[] width, String left, String mid, String right, char h) {
        StringBuilder sb = new StringBuilder(left);
        for (int c = 0; c < width.length; c++) {
            sb.append(String.valueOf(h).repeat(width[c] + 2));
            sb.append(c == width.length - 1 ? right : mid);
        }
        return sb.toString();
    }

    static String padLeft(String s, int w) {
        int n = w - Cells.width(s);
        return n <= 0 ? s : " ".repeat(n) + s;
    }

    static String padRight(String s, int w) {
        int n = w - Cells.width(s);
        return n <= 0 ? s : s + " ".repeat(n);
    }

    static String center(String s, int w) {
        int n = w - Cells.width(s);
        if (n <= 0) return s;
        return " ".repeat(n / 2) + s + " ".repeat(n - n / 2);
    }

    // ---------------------------------------------------------------- CSV / TSV

    private static void delimited(ResultTable t, RenderOptions o, PrintWriter out, char sep) {
        String nul = o.nullValue() == null ? "" : o.nullValue();
        int cols = t.columnCount();
        StringBuilder sb = new StringBuilder();
        if (o.header()) {
            for (int c = 0; c < cols; c++) {
                if (c > 0) sb.append(sep);
                sb.append(
                        sep == ','
                                ? csvQuote(t.columnNames().get(c))
                                : tsvEscape(t.columnNames().get(c)));
            }
            out.println(sb);
        }
        for (int r = 0; r < t.rowCount(); r++) {
            sb.setLength(0);
            for (int c = 0; c < cols; c++) {
                if (c > 0) sb.append(sep);
                Object v = t.get(r, c);
                String s = v == null ? nul : Cells.text(v);
                sb.append(sep == ',' ? csvQuote(s) : tsvEscape(s));
            }
            out.println(sb);
        }
    }

    /** RFC 4180: quote only when needed, double embedded quotes. */
    public static String csvQuote(String s) {
        boolean q = s.isEmpty()
                ? false
                : (s.indexOf(',') >= 0
                        || s.indexOf('"') >= 0
                        || s.indexOf('\n') >= 0
                        || s.indexOf('\r') >= 0
                        || Character.isWhitespace(s.charAt(0))
                        || Character.isWhitespace(s.charAt(s.length() - 1)));
        return q ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String tsvEscape(String s) {
        if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\\') < 0) return s;
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    // ---------------------------------------------------------------- JSON

    private static void json(ResultTable t, PrintWriter out, boolean lines) {
        int cols = t.columnCount();
        String[] keys = new String[cols];
        // repeated column names get _1, _2 … (as CSV headers do): a JSON object with duplicate keys loses values
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int c = 0; c < cols; c++) {
            String name = t.columnNames().get(c), key = name;
            for (int k = 1; !seen.add(key); k++) key = name + "_" + k;
            keys[c] = jsonString(key);
        }
        if (!lines) out.print('[');
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < t.rowCount(); r++) {
            sb.setLength(0);
            if (!lines) sb.append(r == 0 ? "\n  " : ",\n  ");
            sb.append('{');
            for (int c = 0; c < cols; c++) {
                if (c > 0) sb.append(',');
                sb.append(keys[c]).append(':');
                jsonValue(t.get(r, c), sb);
            }
            sb.append('}');
            if (lines) out.println(sb);
            else out.print(sb);
        }
        if (!lines) out.println(t.rowCount() == 0 ? "]" : "\n]");
    }

    private static void jsonValue(Object v, StringBuilder sb) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Long l -> sb.append(l);
            case Integer i -> sb.append(i);
            // JSON has no NaN/Infinity: write them as strings rather than emit invalid JSON
            case Double d when Double.isNaN(d) || Double.isInfinite(d) -> sb.append(jsonString(Cells.formatDouble(d)));
            case Double d -> sb.append(jsonNumber(d));
            case double[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    if (i > 0) sb.append(',');
                    jsonValue(a[i], sb);
                }
                sb.append(']');
            }
            default -> sb.append(jsonString(Cells.text(v)));
        }
    }

    private static String jsonNumber(double d) {
        String s = Double.toString(d);
        return s.replace('E', 'e');
    }

    public static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"').toString();
    }

    // ---------------------------------------------------------------- markdown / line

    private static void markdown(ResultTable t, RenderOptions o, PrintWriter out) {
        int cols = t.columnCount();
        String nul = o.nullValue() == null ? "NULL" : o.nullValue();
        List<String[]> rows = new ArrayList<>();
        int[] width = new int[cols];
        String[] head = new String[cols];
        for (int c = 0; c < cols; c++) {
            head[c] = mdEscape(t.columnNames().get(c));
            width[c] = Math.max(3, Cells.width(head[c]));
        }
        for (int r = 0; r < t.rowCount(); r++) {
            String[] row = new String[cols];
            for (int c = 0; c < cols; c++) {
                Object v = t.get(r, c);
                row[c] = mdEscape(v == null ? nul : Cells.text(v));
                width[c] = Math.max(width[c], Cells.width(row[c]));
            }
            rows.add(row);
        }
        StringBuilder sb = new StringBuilder("|");
        for (int c = 0; c < cols; c++)
            sb.append(' ').append(padRight(head[c], width[c])).append(" |");
        out.println(sb);
        sb.setLength(0);
        sb.append('|');
        for (int c = 0; c < cols; c++) {
            boolean right = rightAligned(t.columnTypes().get(c));
            sb.append(right ? "-".repeat(width[c] + 1) + ":|" : ":" + "-".repeat(width[c] + 1) + "|");
        }
        out.println(sb);
        for (String[] row : rows) {
            sb.setLength(0);
            sb.append('|');
            for (int c = 0; c < cols; c++) {
                boolean right = rightAligned(t.columnTypes().get(c));
                sb.append(' ')
                        .append(right ? padLeft(row[c], width[c]) : padRight(row[c], width[c]))
                        .append(" |");
            }
            out.println(sb);
        }
    }

    private static String mdEscape(String s) {
        return Cells.oneLine(s).replace("|", "\\|");
    }

    private static void line(ResultTable t, RenderOptions o, PrintWriter out) {
        int cols = t.columnCount();
        String nul = o.nullValue() == null ? "NULL" : o.nullValue();
        int nameWidth = 0;
        for (String n : t.columnNames()) nameWidth = Math.max(nameWidth, Cells.width(n));
        Window w = Window.of(t.rowCount(), o.maxRows());
        for (int r = 0; r < t.rowCount(); r++) {
            if (w.truncated() && r == w.head()) {
                String hidden = String.format(Locale.ROOT, "… %,d rows hidden (.last shows all)", w.hidden());
                out.println();
                out.println(o.color() ? DIM + hidden + RESET : hidden);
                r = w.tailStart();
                if (r >= t.rowCount()) break;
            }
            if (r > 0) out.println();
            for (int c = 0; c < cols; c++) {
                Object v = t.get(r, c);
                String s = v == null ? nul : Cells.text(v);
                if (v == null && o.color()) s = DIM + s + RESET;
                out.println(padLeft(t.columnNames().get(c), nameWidth) + " = " + s);
            }
        }
    }
}
