package dev.nabla.tests.slt;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Renders result values the way SQLite's reference runner does: NULL as {@code NULL}; {@code I} columns as
 * integers (doubles truncated toward zero, text converted by its numeric prefix like sqlite3_column_int64);
 * {@code R} columns with exactly three decimals as C's {@code %.3f} would print them; {@code T} columns as text,
 * the empty string as {@code (empty)} and control or non-ASCII characters as {@code @}.
 */
public final class ValueFormatter {
    private ValueFormatter() {}

    public static String format(ResultSet rs, int column, char type) throws SQLException {
        Object v = rs.getObject(column);
        if (v == null || rs.wasNull()) return "NULL";
        return switch (Character.toUpperCase(type)) {
            case 'I' -> formatInteger(v);
            case 'R' -> formatReal(toDouble(v));
            default -> formatText(v instanceof String s ? s : textOf(rs, column, v));
        };
    }

    private static String textOf(ResultSet rs, int column, Object v) throws SQLException {
        String s = rs.getString(column);
        return s == null ? String.valueOf(v) : s;
    }

    static String formatInteger(Object v) {
        return switch (v) {
            case Long l -> Long.toString(l);
            case Integer i -> Integer.toString(i);
            case Short s -> Short.toString(s);
            case Byte b -> Byte.toString(b);
            case BigInteger b -> b.toString();
            case Boolean b -> b ? "1" : "0";
            case BigDecimal d -> d.toBigInteger().toString();
            case Number num -> Long.toString(truncate(num.doubleValue()));
            case String s -> Long.toString(integerPrefix(s));
            default -> Long.toString(integerPrefix(v.toString()));
        };
    }

    /** C's {@code (sqlite3_int64) d}: toward zero, saturating. */
    private static long truncate(double d) {
        if (Double.isNaN(d)) return 0;
        return (long) d;
    }

    /** SQLite's text-to-integer: leading whitespace, then the longest numeric prefix (a real prefix is truncated); else 0. */
    static long integerPrefix(String s) {
        double d = realPrefix(s);
        return truncate(d);
    }

    static double realPrefix(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) i++;
        int start = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digitsStart = i;
        while (i < n && Character.isDigit(s.charAt(i))) i++;
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) i++;
        }
        if (i == digitsStart || (i == digitsStart + 1 && s.charAt(digitsStart) == '.')) return 0;
        int mantissaEnd = i;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) j++;
            int expDigits = j;
            while (j < n && Character.isDigit(s.charAt(j))) j++;
            if (j > expDigits) mantissaEnd = j;
        }
        try {
            return Double.parseDouble(s.substring(start, mantissaEnd));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double toDouble(Object v) {
        return switch (v) {
            case Number num -> num.doubleValue();
            case Boolean b -> b ? 1 : 0;
            case String s -> realPrefix(s);
            default -> realPrefix(v.toString());
        };
    }

    private static final MathContext SQLITE_DIGITS = new MathContext(16, RoundingMode.HALF_UP);

    /**
     * SQLite's {@code sqlite3_snprintf("%.3f")}, which the expected files were generated with: rounds half-up on
     * the decimal digits but keeps at most 16 significant digits (2^63 prints as 9223372036854776000.000);
     * -0.0 prints unsigned, a tiny negative value as "-0.000".
     */
    static String formatReal(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Inf" : "-Inf";
        BigDecimal x = new BigDecimal(Math.abs(d));
        int integerDigits = x.precision() - x.scale();
        if (integerDigits + 3 > 16) x = x.round(SQLITE_DIGITS);
        String s = x.setScale(3, RoundingMode.HALF_UP).toPlainString();
        return d < 0 ? "-" + s : s;
    }

    static String formatText(String s) {
        if (s.isEmpty()) return "(empty)";
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < ' ' || c > '~') {
                if (out == null) out = new StringBuilder(s);
                out.setCharAt(i, '@');
            }
        }
        return out == null ? s : out.toString();
    }
}
