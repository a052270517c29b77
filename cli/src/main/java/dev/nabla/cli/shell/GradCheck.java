package dev.nabla.cli.shell;

import dev.nabla.cli.output.Cells;
import dev.nabla.cli.output.ResultTable;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

import java.util.Locale;

/**
 * {@code .gradcheck <expr>, <col> FROM <table...> [--tol t]}: compares {@code grad(expr, col)}
 * with a central finite difference computed by the engine itself, re-evaluating the expression
 * with {@code col} replaced by {@code (col ± h)} in SQL, on the table's current rows.
 */
final class GradCheck {
    static final double DEFAULT_TOLERANCE = 1e-4;
    /** Step relative to the value: h = STEP·(1 + |x|), balancing truncation (h²) against rounding (ε/h). */
    static final double STEP = 1e-5;

    record Report(String expr, String column, int rows, int skipped, double worstError, int worstRow,
                  double worstX, double analytic, double numeric, double tolerance) {
        boolean passed() { return rows > 0 && worstError <= tolerance; }

        String describe(boolean color) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "gradcheck grad(%s, %s) on %,d rows (h = %s·(1+|%s|), tolerance %s)%n",
                    expr, column, rows, Cells.formatDouble(STEP), column, Cells.formatDouble(tolerance)));
            if (skipped > 0) sb.append(String.format(Locale.ROOT, "  %,d rows skipped (NULL or not finite)%n", skipped));
            if (rows > 0) {
                sb.append(String.format(Locale.ROOT, "  worst relative error %.3g at row %d (%s = %s): analytic %s, numeric %s%n",
                        worstError, worstRow + 1, column, Cells.formatDouble(worstX), Cells.formatDouble(analytic), Cells.formatDouble(numeric)));
            }
            String verdict = passed() ? "PASS" : "FAIL";
            if (color) verdict = (passed() ? "\u001b[32m" : "\u001b[31m") + verdict + "\u001b[0m";
            return sb.append(verdict).append('\n').toString();
        }
    }

    private final Shell shell;

    GradCheck(Shell shell) { this.shell = shell; }

    Report run(String args) {
        String rest = args.strip();
        if (rest.endsWith(";")) rest = rest.substring(0, rest.length() - 1).strip();
        double tol = DEFAULT_TOLERANCE;
        int t = rest.indexOf("--tol");
        if (t >= 0) {
            String[] after = rest.substring(t + 5).strip().split("\\s+", 2);
            try {
                tol = Double.parseDouble(after[0].replace("=", ""));
            } catch (NumberFormatException e) {
                throw usage();
            }
            rest = (rest.substring(0, t) + (after.length > 1 ? " " + after[1] : "")).strip();
        }
        int comma = topLevelComma(rest);
        if (comma < 0) throw usage();
        String expr = rest.substring(0, comma).strip();
        String tail = rest.substring(comma + 1).strip();
        int sp = 0;
        while (sp < tail.length() && !Character.isWhitespace(tail.charAt(sp))) sp++;
        String col = tail.substring(0, sp);
        String from = tail.substring(sp).strip();
        if (expr.isEmpty() || col.isEmpty()) throw usage();
        if (from.isEmpty()) throw new NablaException(ErrorCode.INVALID_ARGUMENT, ".gradcheck needs the rows to check: add FROM <table>");
        if (!from.toUpperCase(Locale.ROOT).startsWith("FROM")) throw usage();

        String bare = col.startsWith("\"") ? col.substring(1, col.length() - 1) : col;
        String h = "(" + STEP + " * (1 + abs(" + col + ")))";
        String plus = substitute(expr, bare, "(" + col + " + " + h + ")");
        String minus = substitute(expr, bare, "(" + col + " - " + h + ")");
        if (plus.equals(expr)) throw new NablaException(ErrorCode.INVALID_ARGUMENT, "the expression does not mention " + col);
        String sql = "SELECT grad(" + expr + ", " + col + "), " + col + ", " + plus + ", " + minus + " " + from;
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
        return new Report(expr, col, rows, skipped, Math.max(0, worst), worstRow, worstX, wa, wn, tol);
    }

    private static NablaException usage() {
        return new NablaException(ErrorCode.SYNTAX, "usage: .gradcheck <expr>, <col> FROM <table> [WHERE ...] [--tol 1e-4]");
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
     * Replaces the column's name where it is used as a column: as a whole identifier (or quoted
     * identifier), not after a '.', not as a function name, not inside strings or comments.
     */
    static String substitute(String expr, String column, String replacement) {
        StringBuilder out = new StringBuilder();
        int n = expr.length();
        int i = 0;
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"') {
                int end = SqlScanner.skipQuotedOrComment(expr, i);
                String id = expr.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"");
                out.append(id.equals(column) && !afterDot(expr, i) ? replacement : expr.substring(i, end));
                i = end;
                continue;
            }
            int skip = SqlScanner.skipQuotedOrComment(expr, i);
            if (skip > i) {
                out.append(expr, i, skip);
                i = skip;
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(expr.charAt(end)) || expr.charAt(end) == '_')) end++;
                String word = expr.substring(i, end);
                int next = end;
                while (next < n && Character.isWhitespace(expr.charAt(next))) next++;
                boolean call = next < n && expr.charAt(next) == '(';
                boolean match = word.equalsIgnoreCase(column) && !call && !afterDot(expr, i)
                        && !(next < n && expr.charAt(next) == '.');
                out.append(match ? replacement : word);
                i = end;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean afterDot(String s, int i) {
        int k = i - 1;
        while (k >= 0 && Character.isWhitespace(s.charAt(k))) k--;
        return k >= 0 && s.charAt(k) == '.';
    }
}
