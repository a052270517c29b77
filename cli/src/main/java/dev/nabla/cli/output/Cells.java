package dev.nabla.cli.output;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Display text of single values, the same in every layout. */
public final class Cells {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private Cells() {}

    /** The display form of a non-null value. */
    public static String text(Object v) {
        return switch (v) {
            case null -> "";
            case Double d -> formatDouble(d);
            case Float f -> formatDouble(f.doubleValue());
            case LocalDateTime t ->
                t.getNano() == 0
                        ? t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                        : trimFraction(t.format(TIMESTAMP));
            case LocalDate d -> d.toString();
            case byte[] b -> dev.nabla.storage.Blobs.display(b);
            case double[] a -> dev.nabla.storage.ArrayText.format(a);
            default -> v.toString();
        };
    }

    /**
     * Shortest round-trip digits (Java's algorithm), in plain notation for "human" magnitudes and
     * as {@code 1.5e-07} outside them, so that 0.1 prints as 0.1 and 1e300 does not print 301 digits.
     */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        double a = Math.abs(d);
        String s = Double.toString(d);
        if (a >= 1e-5 && a < 1e16) {
            if (s.indexOf('E') < 0) return s;
            String plain = new BigDecimal(s).stripTrailingZeros().toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
        int e = s.indexOf('E');
        if (e < 0) return s;
        String mant = s.substring(0, e);
        if (mant.endsWith(".0")) mant = mant.substring(0, mant.length() - 2);
        int exp = Integer.parseInt(s.substring(e + 1));
        return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static String trimFraction(String s) {
        int dot = s.lastIndexOf('.');
        if (dot < 0) return s;
        int end = s.length();
        while (end > dot + 1 && s.charAt(end - 1) == '0') end--;
        return s.substring(0, end);
    }

    /** Width in terminal cells: code points, not chars, so that surrogate pairs count once. */
    public static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Cuts to at most {@code max} cells, ending with '…' when cut. */
    public static String cut(String s, int max) {
        if (width(s) <= max) return s;
        if (max <= 1) return "…";
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** Control characters would break the grid: show them escaped. */
    public static String oneLine(String s) {
        if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\t') < 0) return s;
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
