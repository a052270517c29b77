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
            case LIST -> list(t, o, out);
            case COLUMN -> column(t, o, out);
            case HTML -> html(t, o, out);
            case INSERT -> insert(t, o, out);
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
        // .width N: a text column gets exactly N cells; a number column at least N (digits are never cut)
        for (int c = 0; c < Math.min(cols, o.widths().size()); c++) {
            int want = Math.abs(o.widths().get(c));
            if (want == 0) continue;
            width[c] = rightAligned(t.columnTypes().get(c)) ? Math.max(width[c], want) : want;
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
        int shown = w.head() + (w.rows() - w.tailStart());
        int[] natural = naturalWidths(t, o, box, w);
        if (cols == 0) {
            out.println(box ? "(no columns)" : "");
            return;
        }
        boolean[] number = new boolean[cols];
        for (int c = 0; c < cols; c++) number[c] = rightAligned(types.get(c));
        fit(natural, o.width(), number);
        // still too wide: hide middle columns behind one "…" column (as DuckDB does), never cut a number
        int[] visible = visibleColumns(natural, o.width());
        int n = visible.length;
        int[] width = new int[n];
        String[] head = new String[n], typeName = new String[n];
        boolean[] right = new boolean[n];
        for (int k = 0; k < n; k++) {
            int c = visible[k];
            width[k] = c < 0 ? 1 : natural[c];
            head[k] = c < 0 ? "…" : Cells.oneLine(names.get(c));
            typeName[k] = c < 0 ? "…" : types.get(c).sqlName().toLowerCase(Locale.ROOT);
            right[k] = c >= 0 && number[c];
        }
        char h = box ? '─' : '-', v = box ? '│' : '|';
        out.println(rule(width, box ? "┌" : "+", box ? "┬" : "+", box ? "┐" : "+", h));
        if (o.header()) {
            StringBuilder sb = new StringBuilder().append(v);
            for (int k = 0; k < n; k++) {
                sb.append(' ')
                        .append(o.color() ? BOLD : "")
                        .append(center(Cells.cut(head[k], width[k]), width[k]))
                        .append(o.color() ? RESET : "")
                        .append(' ')
                        .append(v);
            }
            out.println(sb);
            if (box) {
                sb.setLength(0);
                sb.append(v);
                for (int k = 0; k < n; k++) {
                    sb.append(' ')
                            .append(o.color() ? DIM : "")
                            .append(center(Cells.cut(typeName[k], width[k]), width[k]))
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
                for (int k = 0; k < n; k++)
                    dots.append(' ').append(center("·", width[k])).append(' ').append(v);
                String d = dots.toString();
                out.println(d);
                out.println(d);
                r = w.tailStart();
                if (r >= w.rows()) break;
            }
            sb.setLength(0);
            sb.append(v);
            for (int k = 0; k < n; k++) {
                int c = visible[k];
                boolean isNull = c >= 0 && t.isNull(r, c);
                String s = c < 0 ? "…" : Cells.cut(cellText(t, r, c, nul), width[k]);
                String padded = right[k] ? padLeft(s, width[k]) : padRight(s, width[k]);
                boolean dim = (isNull || c < 0) && o.color();
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
        int hiddenCols = hasEllipsis(visible) ? cols - (n - 1) : 0;
        if (box && o.footer()) {
            StringBuilder footer = new StringBuilder();
            footer.append(String.format(Locale.ROOT, "%,d %s", w.rows(), w.rows() == 1 ? "row" : "rows"));
            if (w.truncated()) footer.append(String.format(Locale.ROOT, " (%,d shown)", shown));
            if (hiddenCols > 0)
                footer.append(String.format(Locale.ROOT, " · %,d columns (%,d shown)", cols, cols - hiddenCols));
            if (o.elapsedMillis() >= 0) footer.append(" · ").append(elapsed(o.elapsedMillis()));
            out.println(o.color() ? DIM + footer + RESET : footer.toString());
        }
        if (hiddenCols > 0) {
            String line = hiddenColumnsLine(names, visible, o.width());
            out.println(o.color() ? DIM + line + RESET : line);
        }
        if (w.truncated()) {
            String hidden = String.format(Locale.ROOT, "… %,d rows hidden (.last shows all)", w.hidden());
            out.println(box && o.color() ? DIM + hidden + RESET : hidden);
        }
    }

    private static boolean hasEllipsis(int[] visible) {
        for (int c : visible) if (c < 0) return true;
        return false;
    }

    /**
     * The columns that fit {@code total} cells, in order, with -1 for the "…" column standing for the hidden
     * middle: columns are taken alternately from the left and the right end, as DuckDB's box renderer does, so
     * the first and last columns (often an id and a result) stay. All columns when they fit or {@code total} is 0.
     */
    static int[] visibleColumns(int[] width, int total) {
        int cols = width.length;
        int sum = 1;
        for (int x : width) sum += x + 3;
        if (total <= 0 || sum <= total || cols <= 1) {
            int[] all = new int[cols];
            for (int c = 0; c < cols; c++) all[c] = c;
            return all;
        }
        int used = 1 + 4; // the left border and the "…" column
        int left = 0, right = cols - 1;
        List<Integer> fromLeft = new ArrayList<>(), fromRight = new ArrayList<>();
        boolean takeLeft = true;
        while (left <= right) {
            int c = takeLeft ? left : right;
            if (used + width[c] + 3 > total && !(fromLeft.isEmpty() && takeLeft)) break;
            used += width[c] + 3;
            if (takeLeft) fromLeft.add(left++);
            else fromRight.addFirst(right--);
            takeLeft = !takeLeft;
        }
        int[] out = new int[fromLeft.size() + 1 + fromRight.size()];
        int k = 0;
        for (int c : fromLeft) out[k++] = c;
        out[k++] = -1;
        for (int c : fromRight) out[k++] = c;
        return out;
    }

    /** "… 18 columns hidden: c4, c5, …, c21", cut to the width. */
    private static String hiddenColumnsLine(List<String> names, int[] visible, int total) {
        int from = 0;
        while (visible[from] >= 0) from++;
        int lo = from == 0 ? 0 : visible[from - 1] + 1;
        int hi = from == visible.length - 1 ? names.size() : visible[from + 1];
        StringBuilder list = new StringBuilder();
        for (int c = lo; c < hi; c++) {
            if (c > lo) list.append(", ");
            list.append(Cells.oneLine(names.get(c)));
        }
        String head = String.format(Locale.ROOT, "… %,d columns hidden (.x on shows rows vertically): ", hi - lo);
        String line = head + list;
        int max = total > 0 ? total : 160;
        if (Cells.width(line) <= max) return line;
        // too long for one line: the first names that fit, then "…" and the last hidden name
        String tail = "…, " + Cells.oneLine(names.get(hi - 1));
        StringBuilder sb = new StringBuilder(head);
        for (int c = lo; c < hi - 1; c++) {
            String add = Cells.oneLine(names.get(c)) + ", ";
            if (Cells.width(sb.toString()) + Cells.width(add) + Cells.width(tail) > max) break;
            sb.append(add);
        }
        return sb + tail;
    }

    private static String cellText(ResultTable t, int r, int c, String nul) {
        Object v = t.get(r, c);
        return v == null ? nul : Cells.oneLine(Cells.text(v));
    }

    public static String elapsed(long ms) {
        if (ms < 10_000) return ms + " ms";
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /**
     * Shrinks the widest text columns until the grid fits {@code total} cells (each column costs width + 3), but
     * not below {@link #TEXT_FLOOR} cells; number columns keep every digit. What still does not fit is hidden by
     * {@link #visibleColumns}.
     */
    private static void fit(int[] width, int total, boolean[] number) {
        if (total <= 0) return;
        int sum = 1;
        for (int x : width) sum += x + 3;
        while (sum > total) {
            int widest = -1;
            for (int c = 0; c < width.length; c++)
                if (!number[c] && (widest < 0 || width[c] > width[widest])) widest = c;
            if (widest < 0 || width[widest] <= TEXT_FLOOR) return;
            width[widest]--;
            sum--;
        }
    }

    /** A text column is shortened to no fewer cells than this before columns are hidden instead. */
    private static final int TEXT_FLOOR = 12;

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
            case java.math.BigDecimal d -> sb.append(d.toPlainString());
            case double[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    if (i > 0) sb.append(',');
                    jsonValue(a[i], sb);
                }
                sb.append(']');
            }
            case dev.nabla.storage.ListValue l -> {
                sb.append('[');
                for (int i = 0; i < l.length(); i++) {
                    if (i > 0) sb.append(',');
                    jsonValue(l.isNull(i) ? null : (Object) l.get(i), sb);
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

    // ---------------------------------------------------------------- sqlite3's list, column, html, insert

    private static void list(ResultTable t, RenderOptions o, PrintWriter out) {
        String sep = o.separator() == null ? "|" : o.separator();
        String nul = o.nullValue() == null ? "" : o.nullValue();
        int cols = t.columnCount();
        StringBuilder sb = new StringBuilder();
        if (o.header()) {
            for (int c = 0; c < cols; c++)
                sb.append(c > 0 ? sep : "").append(t.columnNames().get(c));
            out.println(sb);
        }
        for (int r = 0; r < t.rowCount(); r++) {
            sb.setLength(0);
            for (int c = 0; c < cols; c++) {
                Object v = t.get(r, c);
                sb.append(c > 0 ? sep : "").append(v == null ? nul : Cells.text(v));
            }
            out.println(sb);
        }
    }

    private static void column(ResultTable t, RenderOptions o, PrintWriter out) {
        String nul = o.nullValue() == null ? "" : o.nullValue();
        int cols = t.columnCount();
        int[] width = naturalWidths(t, o.withNullValue(nul), false, Window.of(t.rowCount(), 0));
        boolean[] right = new boolean[cols];
        for (int c = 0; c < cols; c++)
            right[c] = rightAligned(t.columnTypes().get(c))
                    || (c < o.widths().size() && o.widths().get(c) < 0);
        StringBuilder sb = new StringBuilder();
        if (o.header()) {
            for (int c = 0; c < cols; c++) {
                String name = Cells.cut(Cells.oneLine(t.columnNames().get(c)), width[c]);
                sb.append(c > 0 ? "  " : "").append(right[c] ? padLeft(name, width[c]) : padRight(name, width[c]));
            }
            out.println(sb.toString().stripTrailing());
            sb.setLength(0);
            for (int c = 0; c < cols; c++) sb.append(c > 0 ? "  " : "").append("-".repeat(width[c]));
            out.println(sb);
        }
        for (int r = 0; r < t.rowCount(); r++) {
            sb.setLength(0);
            for (int c = 0; c < cols; c++) {
                String cell = Cells.cut(cellText(t, r, c, nul), width[c]);
                sb.append(c > 0 ? "  " : "").append(right[c] ? padLeft(cell, width[c]) : padRight(cell, width[c]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static void html(ResultTable t, RenderOptions o, PrintWriter out) {
        String nul = o.nullValue() == null ? "NULL" : o.nullValue();
        int cols = t.columnCount();
        out.println("<table>");
        StringBuilder sb = new StringBuilder();
        if (o.header()) {
            sb.append("<tr>");
            for (int c = 0; c < cols; c++)
                sb.append("<th>").append(htmlEscape(t.columnNames().get(c))).append("</th>");
            out.println(sb.append("</tr>"));
        }
        for (int r = 0; r < t.rowCount(); r++) {
            sb.setLength(0);
            sb.append("<tr>");
            for (int c = 0; c < cols; c++) {
                Object v = t.get(r, c);
                sb.append(rightAligned(t.columnTypes().get(c)) ? "<td align=\"right\">" : "<td>")
                        .append(htmlEscape(v == null ? nul : Cells.text(v)))
                        .append("</td>");
            }
            out.println(sb.append("</tr>"));
        }
        out.println("</table>");
    }

    private static String htmlEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** One {@code INSERT INTO tbl VALUES(…);} per row, in SQL that Nabla reads back (sqlite3's insert mode). */
    private static void insert(ResultTable t, RenderOptions o, PrintWriter out) {
        String table = o.insertTable() == null ? "tbl" : o.insertTable();
        String target = table.matches("[a-z_][a-z0-9_]*") ? table : '"' + table.replace("\"", "\"\"") + '"';
        int cols = t.columnCount();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < t.rowCount(); r++) {
            sb.setLength(0);
            sb.append("INSERT INTO ").append(target).append(" VALUES(");
            for (int c = 0; c < cols; c++) {
                if (c > 0) sb.append(',');
                sqlLiteral(t.get(r, c), sb);
            }
            out.println(sb.append(");"));
        }
    }

    private static void sqlLiteral(Object v, StringBuilder sb) {
        switch (v) {
            case null -> sb.append("NULL");
            case Boolean b -> sb.append(b ? "TRUE" : "FALSE");
            case Long l -> sb.append(l);
            case Integer i -> sb.append(i);
            case Double d
            when Double.isNaN(d) || Double.isInfinite(d) ->
                sb.append("CAST('").append(Cells.formatDouble(d)).append("' AS DOUBLE)");
            case Double d -> sb.append(Double.toString(d));
            case java.math.BigDecimal d -> sb.append(d.toPlainString());
            case java.time.LocalDate d -> sb.append("DATE '").append(d).append('\'');
            case java.time.LocalDateTime ts ->
                sb.append("TIMESTAMP '").append(Cells.text(ts)).append('\'');
            case java.time.LocalTime t ->
                sb.append("TIME '").append(Cells.text(t)).append('\'');
            case java.time.OffsetDateTime t ->
                sb.append("TIMESTAMPTZ '").append(Cells.text(t)).append('\'');
            default -> sb.append('\'').append(Cells.text(v).replace("'", "''")).append('\'');
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
