package dev.nabla.cli.shell;

import dev.nabla.cli.output.Cells;
import dev.nabla.cli.output.ResultTable;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code .gradcheck <expr>, <col> FROM <table> [JOIN ...] [WHERE ...] [--tol t]}: compares {@code grad(expr, col)}
 * with a central finite difference computed by the engine itself, re-evaluating the expression
 * with {@code col} replaced by {@code (col ± h)} in SQL, on the table's current rows.
 */
final class GradCheck {
    static final double DEFAULT_TOLERANCE = 1e-4;
    /** Step relative to the value: h = STEP·(1 + |x|), balancing truncation (h²) against rounding (ε/h). */
    static final double STEP = 1e-5;

    record Report(
            String expr,
            String column,
            int rows,
            int skipped,
            double worstError,
            int worstRow,
            double worstX,
            double analytic,
            double numeric,
            double tolerance) {
        boolean passed() {
            return rows > 0 && worstError <= tolerance;
        }

        String describe(boolean color) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "gradcheck grad(%s, %s) on %,d rows (h = %s·(1+|%s|), tolerance %s)%n",
                    expr,
                    column,
                    rows,
                    Cells.formatDouble(STEP),
                    column,
                    Cells.formatDouble(tolerance)));
            if (skipped > 0)
                sb.append(String.format(Locale.ROOT, "  %,d rows skipped (NULL or not finite)%n", skipped));
            if (rows > 0) {
                sb.append(String.format(
                        Locale.ROOT,
                        "  worst relative error %.3g at row %d (%s = %s): analytic %s, numeric %s%n",
                        worstError,
                        worstRow + 1,
                        column,
                        Cells.formatDouble(worstX),
                        Cells.formatDouble(analytic),
                        Cells.formatDouble(numeric)));
            }
            if (rows == 0)
                return sb.append("nothing to check: no row with a finite value\n")
                        .toString();
            String verdict = passed() ? "PASS" : "FAIL";
            if (color) verdict = (passed() ? "\u001b[32m" : "\u001b[31m") + verdict + "\u001b[0m";
            return sb.append(verdict).append('\n').toString();
        }
    }

    private final Shell shell;

    GradCheck(Shell shell) {
        this.shell = shell;
    }

    static final String USAGE = "usage: .gradcheck <expr>, <column> FROM <table> [JOIN ...] [WHERE ...] [--tol 1e-4]"
            + "  (e.g. .gradcheck pow(w.a * t.x - t.y, 2), w.a FROM t CROSS JOIN w)";

    /** The column to differentiate by, as written ({@code x}, {@code t.x}, {@code "my col"}): qualifier parts and name. */
    record ColumnName(String text, List<String> qualifier, String name, boolean quoted) {
        ColumnName {
            qualifier = List.copyOf(qualifier);
        }

        /**
         * Whether a reference (its dotted parts) names this column: the names agree (exactly when
         * either is quoted), and the reference's qualifier is absent, or is a suffix of ours (t.x
         * for s.t.x). An unqualified column matches any qualifier: where the bare name is valid
         * SQL it is unambiguous, so t.x is the same column.
         */
        boolean matches(List<String> parts, boolean partQuoted) {
            String last = parts.getLast();
            if (!(quoted || partQuoted ? last.equals(name) : last.equalsIgnoreCase(name))) return false;
            if (parts.size() == 1 || qualifier.isEmpty()) return true;
            List<String> q = parts.subList(0, parts.size() - 1);
            if (q.size() > qualifier.size()) return false;
            List<String> tail = qualifier.subList(qualifier.size() - q.size(), qualifier.size());
            for (int i = 0; i < q.size(); i++) if (!q.get(i).equalsIgnoreCase(tail.get(i))) return false;
            return true;
        }
    }

    Report run(String args) {
        String rest = args.strip();
        if (rest.endsWith(";")) rest = rest.substring(0, rest.length() - 1).strip();
        if (rest.isEmpty()) throw usage();
        double tol = DEFAULT_TOLERANCE;
        int t = rest.lastIndexOf("--tol");
        if (t >= 0) {
            String value = rest.substring(t + 5).strip();
            if (value.startsWith("=")) value = value.substring(1).strip();
            try {
                tol = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                tol = -1;
            }
            if (!(tol > 0) || !Double.isFinite(tol)) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT, "--tol needs a positive number at the end, got '" + value + "'");
            }
            rest = rest.substring(0, t).strip();
        }
        int comma = topLevelComma(rest);
        if (comma < 0) throw usage();
        String expr = rest.substring(0, comma).strip();
        if (expr.isEmpty())
            throw new NablaException(ErrorCode.SYNTAX, "missing the expression before the comma; " + USAGE);
        String tail = rest.substring(comma + 1).strip();
        int[] end = {0};
        ColumnName col = parseColumn(tail, end);
        String from = tail.substring(end[0]).strip();
        if (from.isEmpty()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    ".gradcheck needs the rows to check: add FROM <table> after " + col.text());
        }
        if (!from.regionMatches(true, 0, "FROM", 0, 4)
                || from.length() > 4 && !Character.isWhitespace(from.charAt(4))) {
            throw new NablaException(
                    ErrorCode.SYNTAX,
                    "expected FROM after the column " + col.text() + ", got '" + from.split("\\s+", 2)[0] + "'; "
                            + USAGE);
        }

        String h = "(" + STEP + " * (1 + abs(" + col.text() + ")))";
        String plus = substitute(expr, col, "(" + col.text() + " + " + h + ")");
        String minus = substitute(expr, col, "(" + col.text() + " - " + h + ")");
        if (plus.equals(expr))
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, "the expression does not mention " + col.text());
        String sql = "SELECT grad(" + expr + ", " + col.text() + "), " + col.text() + ", " + plus + ", " + minus + " "
                + from;
        ResultTable r = shell.rows(sql);

        int rows = 0, skipped = 0, worstRow = -1;
        double worst = -1, worstX = 0, wa = 0, wn = 0;
        for (int i = 0; i < r.rowCount(); i++) {
            double g = num(r.get(i, 0)), x = num(r.get(i, 1)), fp = num(r.get(i, 2)), fm = num(r.get(i, 3));
            if (!Double.isFinite(g) || !Double.isFinite(x) || !Double.isFinite(fp) || !Double.isFinite(fm)) {
                skipped++;
                continue;
            }
            double step = STEP * (1 + Math.abs(x));
            double numeric = (fp - fm) / ((x + step) - (x - step));
            double err = Math.abs(g - numeric) / Math.max(1.0, Math.max(Math.abs(g), Math.abs(numeric)));
            rows++;
            if (err > worst) {
                worst = err;
                worstRow = i;
                worstX = x;
                wa = g;
                wn = numeric;
            }
        }
        return new Report(expr, col.text(), rows, skipped, Math.max(0, worst), worstRow, worstX, wa, wn, tol);
    }

    /** Reads {@code name}, {@code q.name} or quoted parts at the start of {@code s}; sets {@code end[0]} past it. */
    static ColumnName parseColumn(String s, int[] end) {
        List<String> parts = new ArrayList<>();
        boolean lastQuoted;
        int i = 0;
        while (true) {
            int start = i;
            if (i < s.length() && s.charAt(i) == '"') {
                int close = SqlScanner.skipQuotedOrComment(s, i);
                if (close - i < 3 || s.charAt(close - 1) != '"') {
                    throw new NablaException(ErrorCode.SYNTAX, "bad quoted column name after the comma; " + USAGE);
                }
                parts.add(s.substring(i + 1, close - 1).replace("\"\"", "\""));
                lastQuoted = true;
                i = close;
            } else {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                if (i == start || Character.isDigit(s.charAt(start))) {
                    String got = s.isEmpty() ? "nothing" : "'" + s.split("\\s+", 2)[0] + "'";
                    throw new NablaException(
                            ErrorCode.SYNTAX,
                            "expected a column name (x or t.x) after the comma, got " + got + "; " + USAGE);
                }
                parts.add(s.substring(start, i));
                lastQuoted = false;
            }
            if (i + 1 < s.length() && s.charAt(i) == '.') {
                i++;
                continue;
            }
            break;
        }
        end[0] = i;
        return new ColumnName(s.substring(0, i), parts.subList(0, parts.size() - 1), parts.getLast(), lastQuoted);
    }

    private static NablaException usage() {
        return new NablaException(ErrorCode.SYNTAX, USAGE);
    }

    private static double num(Object v) {
        return v instanceof Number n ? n.doubleValue() : v instanceof Boolean b ? (b ? 1 : 0) : Double.NaN;
    }

    static int topLevelComma(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int skip = SqlScanner.skipQuotedOrComment(s, i);
            if (skip > i) {
                i = skip - 1;
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) return i;
        }
        return -1;
    }

    /**
     * Replaces each reference to the column (a bare name, or a dotted chain ending in it; see
     * {@link ColumnName#matches}); function names, strings, comments and numbers stay as they are.
     */
    static String substitute(String expr, ColumnName column, String replacement) {
        StringBuilder out = new StringBuilder();
        int n = expr.length();
        int i = 0;
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || Character.isLetter(c) || c == '_') {
                List<String> parts = new ArrayList<>();
                boolean lastQuoted;
                int k = i;
                while (true) {
                    int e = partEnd(expr, k);
                    lastQuoted = expr.charAt(k) == '"';
                    parts.add(
                            lastQuoted
                                    ? expr.substring(k + 1, Math.max(k + 1, e - 1))
                                            .replace("\"\"", "\"")
                                    : expr.substring(k, e));
                    k = e;
                    if (k + 1 < n && expr.charAt(k) == '.' && startsPart(expr.charAt(k + 1))) {
                        k++;
                        continue;
                    }
                    break;
                }
                int next = k;
                while (next < n && Character.isWhitespace(expr.charAt(next))) next++;
                boolean call = next < n && expr.charAt(next) == '(';
                out.append(!call && column.matches(parts, lastQuoted) ? replacement : expr.substring(i, k));
                i = k;
                continue;
            }
            int skip = SqlScanner.skipQuotedOrComment(expr, i);
            if (skip > i) {
                out.append(expr, i, skip);
                i = skip;
                continue;
            }
            if (Character.isDigit(c)) { // a number such as 1e5: its letters are no column
                int e = i;
                while (e < n
                        && (Character.isLetterOrDigit(expr.charAt(e))
                                || expr.charAt(e) == '.'
                                || expr.charAt(e) == '_')) e++;
                out.append(expr, i, e);
                i = e;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean startsPart(char c) {
        return c == '"' || Character.isLetter(c) || c == '_';
    }

    /** Where the identifier or quoted identifier starting at {@code i} ends. */
    private static int partEnd(String s, int i) {
        if (s.charAt(i) == '"') return SqlScanner.skipQuotedOrComment(s, i);
        int e = i + 1;
        while (e < s.length() && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '_')) e++;
        return e;
    }
}
