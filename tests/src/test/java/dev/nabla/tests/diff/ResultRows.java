package dev.nabla.tests.diff;

import dev.nabla.engine.Result;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A query result normalized for comparison across engines: every value is null, a {@code Long}, a {@code Double} or a
 * {@code String} (booleans become 1/0, SQLite's storage of them). Integers compare exactly, an integer equals a real of
 * the same value, reals compare with a relative tolerance of 1e-9 (or an absolute one of 1e-12 near zero), like the
 * sqllogictest runner's formatting would.
 */
record ResultRows(int columns, List<List<Object>> rows) {

    static final double TOLERANCE = 1e-9;
    static final double ABSOLUTE = 1e-12;

    static ResultRows of(Result r) {
        int cols = r.columnCount();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            List<Object> row = new ArrayList<>(cols);
            for (int c = 0; c < cols; c++) row.add(normalize(r.get(i, c)));
            rows.add(row);
        }
        return new ResultRows(cols, rows);
    }

    static ResultRows of(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int cols = md.getColumnCount();
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(cols);
            for (int c = 1; c <= cols; c++) row.add(normalize(rs.getObject(c)));
            rows.add(row);
        }
        return new ResultRows(cols, rows);
    }

    private static Object normalize(Object v) {
        return switch (v) {
            case null -> null;
            case Boolean b -> b ? 1L : 0L;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case Double d -> d;
            case Float f -> (double) f;
            case Number n -> n.doubleValue();
            case String s -> s;
            default -> v.toString();
        };
    }

    /** Null when the two results agree (in order when {@code ordered}, else as multisets), else a description. */
    static String difference(ResultRows expected, ResultRows actual, boolean ordered) {
        if (expected.columns() != actual.columns()) {
            return "column count " + actual.columns() + ", expected " + expected.columns();
        }
        if (expected.rows().size() != actual.rows().size()) {
            return "row count " + actual.rows().size() + ", expected "
                    + expected.rows().size();
        }
        List<List<Object>> e = expected.rows(), a = actual.rows();
        if (!ordered) {
            e = sorted(e);
            a = sorted(a);
        }
        for (int i = 0; i < e.size(); i++) {
            for (int c = 0; c < expected.columns(); c++) {
                if (!same(e.get(i).get(c), a.get(i).get(c))) {
                    return (ordered ? "row " : "sorted row ") + (i + 1) + " column " + (c + 1) + ": "
                            + show(a.get(i).get(c)) + ", expected "
                            + show(e.get(i).get(c));
                }
            }
        }
        return null;
    }

    static boolean same(Object x, Object y) {
        if (x == null || y == null) return x == y;
        if (x instanceof Long l && y instanceof Long m) return l.longValue() == m.longValue();
        if (x instanceof Number n && y instanceof Number m) {
            double p = n.doubleValue(), q = m.doubleValue();
            if (p == q || (Double.isNaN(p) && Double.isNaN(q))) return true;
            // plus an absolute 1e-12: a sum that cancels to ~0 keeps rounding noise of its terms' magnitude
            return Math.abs(p - q) <= TOLERANCE * Math.max(Math.abs(p), Math.abs(q)) || Math.abs(p - q) <= ABSOLUTE;
        }
        return x.equals(y);
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(ResultRows::sortKey));
        return out;
    }

    /** A key under which rows that {@link #same} considers equal sort next to each other. */
    private static String sortKey(List<Object> row) {
        StringBuilder sb = new StringBuilder();
        for (Object v : row) {
            switch (v) {
                case null -> sb.append("0|");
                case Number n -> {
                    double d = n.doubleValue();
                    sb.append("1")
                            .append(String.format(Locale.ROOT, "%+.8e", d == 0 ? 0.0 : d))
                            .append('|');
                }
                default -> sb.append("2").append(v).append('|');
            }
        }
        return sb.toString();
    }

    static String show(Object v) {
        return switch (v) {
            case null -> "NULL";
            case String s -> "'" + s + "'";
            default -> v.toString();
        };
    }

    String render(int maxRows) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(maxRows, rows.size());
        for (int i = 0; i < n; i++) {
            List<String> cells = new ArrayList<>();
            for (Object v : rows.get(i)) cells.add(show(v));
            sb.append("    ").append(String.join(" | ", cells)).append('\n');
        }
        if (rows.size() > n) sb.append("    ... ").append(rows.size() - n).append(" more rows\n");
        if (rows.isEmpty()) sb.append("    (no rows)\n");
        return sb.toString();
    }
}
