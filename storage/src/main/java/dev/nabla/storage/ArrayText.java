package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text form of doubles and of {@code DOUBLE[n]} values, {@code [1.0, 2.5, -3.0]} (DuckDB's): the
 * one place that prints and parses it, so CAST, the shell, JDBC, EXPLAIN and COPY agree.
 */
public final class ArrayText {
    private ArrayText() {}

    /** A double as SQL prints it: {@code 1.0}, {@code 0.25}, {@code 1.0E20}, {@code NaN}, {@code -Infinity}, {@code -0.0}. */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0"; // (long) −0.0 is 0: keep the sign
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return (long) d + ".0";
        return Double.toString(d);
    }

    /** {@code [a[from], …, a[from + n − 1]]}. */
    public static String format(double[] a, int from, int n) {
        StringBuilder sb = new StringBuilder(n * 6 + 2).append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(formatDouble(a[from + i]));
        }
        return sb.append(']').toString();
    }

    public static String format(double[] a) {
        return format(a, 0, a.length);
    }

    /**
     * Parses {@code [1, 2.5, -3e2]} (spaces allowed, elements as SQL numbers, {@code NaN} and
     * {@code Infinity} too) into exactly {@code size} doubles.
     *
     * @throws NablaException {@link ErrorCode#INVALID_CAST} for text that is not such a list, a NULL
     *     element, or a list of another length (the message names both lengths)
     */
    public static double[] parse(String text, int size) {
        String t = text.trim();
        if (t.length() < 2 || t.charAt(0) != '[' || t.charAt(t.length() - 1) != ']') throw bad(text, size);
        String inside = t.substring(1, t.length() - 1).trim();
        List<String> parts = new ArrayList<>();
        if (!inside.isEmpty()) for (String p : inside.split(",", -1)) parts.add(p.trim());
        if (parts.size() != size) {
            throw new NablaException(
                    ErrorCode.INVALID_CAST,
                    "cannot cast '" + text + "' to DOUBLE[" + size + "]: it has " + parts.size() + " element"
                            + (parts.size() == 1 ? "" : "s") + ", DOUBLE[" + size + "] needs " + size);
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            String p = parts.get(i);
            if (p.equalsIgnoreCase("null")) {
                throw new NablaException(
                        ErrorCode.INVALID_CAST,
                        "cannot cast '" + text + "' to DOUBLE[" + size + "]: element " + (i + 1)
                                + " is NULL, and a DOUBLE[n] holds no NULL elements");
            }
            out[i] = parseElement(p, text, size);
        }
        return out;
    }

    private static double parseElement(String p, String text, int size) {
        String l = p.toLowerCase(Locale.ROOT);
        switch (l) {
            case "nan" -> {
                return Double.NaN;
            }
            case "infinity", "+infinity", "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-infinity", "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {}
        }
        // Double.parseDouble also takes "1d", "0x1p3" and " NaN"; SQL numbers only
        if (p.isEmpty() || !p.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) throw bad(text, size);
        return Double.parseDouble(p);
    }

    private static NablaException bad(String text, int size) {
        return new NablaException(
                ErrorCode.INVALID_CAST,
                "cannot cast '" + text + "' to DOUBLE[" + size + "]: expected a list of numbers such as [1.0, 2.0]");
    }
}
