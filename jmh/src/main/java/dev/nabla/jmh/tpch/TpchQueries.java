package dev.nabla.jmh.tpch;

import dev.nabla.engine.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The 22 TPC-H queries (validation parameters, DuckDB's dialect; copied from the shared benchmark folder
 * into {@code /tpch/qNN.sql}) and the row-by-row comparison of two engines' answers.
 */
public final class TpchQueries {
    private TpchQueries() {}

    public static final int COUNT = 22;

    /** The text of query {@code q} (1..22), without its trailing semicolon. */
    public static String sql(int q) {
        String name = String.format("/tpch/q%02d.sql", q);
        try (InputStream in = TpchQueries.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("no TPC-H query " + q);
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of a Nabla result, each value normalized (see {@link #normalize}). */
    public static List<List<Object>> rows(Result r) {
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            List<Object> row = new ArrayList<>(r.columnCount());
            for (int c = 0; c < r.columnCount(); c++) row.add(normalize(r.get(i, c)));
            out.add(row);
        }
        return out;
    }

    /** Runs {@code sql} on a JDBC connection and returns its rows, each value normalized. */
    public static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int w = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(w);
                for (int i = 1; i <= w; i++) row.add(normalize(rs.getObject(i)));
                out.add(row);
            }
        }
        return out;
    }

    /** Numbers become Long or Double, dates ISO strings, so both engines' values compare alike. */
    static Object normalize(Object v) {
        return switch (v) {
            case null -> null;
            case Double d -> d;
            case Float f -> f.doubleValue();
            case BigDecimal b -> b.doubleValue();
            case BigInteger b -> b.longValue();
            case Number n -> n.longValue();
            case LocalDate d -> d.toString();
            case java.sql.Date d -> d.toLocalDate().toString();
            case Boolean b -> b;
            default -> v.toString();
        };
    }

    /**
     * Null when the answers agree, else a description of the first difference. Rows are compared in order;
     * when that fails they are compared again sorted (ties under ORDER BY may come in either order).
     * Numbers agree within a relative 1e-9 (sums of doubles depend on their order).
     */
    public static String compare(List<List<Object>> actual, List<List<Object>> expected) {
        if (actual.size() != expected.size())
            return "row count " + actual.size() + ", expected " + expected.size() + firstRows(actual, expected);
        String ordered = compareInOrder(actual, expected);
        if (ordered == null) return null;
        List<List<Object>> a = new ArrayList<>(actual), e = new ArrayList<>(expected);
        a.sort(ROWS);
        e.sort(ROWS);
        return compareInOrder(a, e) == null ? null : ordered;
    }

    private static String firstRows(List<List<Object>> actual, List<List<Object>> expected) {
        return "; first rows " + actual.subList(0, Math.min(3, actual.size())) + " vs "
                + expected.subList(0, Math.min(3, expected.size()));
    }

    private static String compareInOrder(List<List<Object>> actual, List<List<Object>> expected) {
        for (int i = 0; i < actual.size(); i++) {
            List<Object> a = actual.get(i), e = expected.get(i);
            if (a.size() != e.size()) return "row " + i + " has " + a.size() + " columns, expected " + e.size();
            for (int c = 0; c < a.size(); c++) {
                if (!same(a.get(c), e.get(c))) return "row " + i + ": " + a + ", expected " + e;
            }
        }
        return null;
    }

    static boolean same(Object a, Object e) {
        if (a instanceof Number x && e instanceof Number y) {
            double p = x.doubleValue(), q = y.doubleValue();
            return p == q || Math.abs(p - q) <= 1e-9 * Math.max(Math.abs(p), Math.abs(q));
        }
        return Objects.equals(a, e);
    }

    private static final Comparator<List<Object>> ROWS = (x, y) -> {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = compareValues(x.get(i), y.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(x.size(), y.size());
    };

    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
        return a.toString().compareTo(b.toString());
    }
}
