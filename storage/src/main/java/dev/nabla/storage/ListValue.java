package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One value of a {@code DOUBLE[]} list: its elements and, when some are NULL, a bitmap of the NULL
 * ones (bit set = NULL; a NULL element's slot in {@link #values} holds 0). Immutable: vectors, tables
 * and results share instances, as they share the {@code String}s of a VARCHAR column.
 *
 * <p>A list is one object per row (like a VARCHAR value) rather than an offsets + child vector: every
 * copy, gather and store path then moves one reference per row, and the element loops
 * ({@code v[i]}, casts, {@code unnest}) read one primitive array.
 */
public final class ListValue {
    private static final double[] NO_VALUES = new double[0];
    public static final ListValue EMPTY = new ListValue(NO_VALUES, null);

    private final double[] values;
    private final long[] nulls;

    private ListValue(double[] values, long[] nulls) {
        this.values = values;
        this.nulls = nulls;
    }

    /** A list over {@code values} (not copied: the caller hands it over) with no NULL elements. */
    public static ListValue of(double[] values) {
        return values.length == 0 ? EMPTY : new ListValue(values, null);
    }

    /** A list over {@code values} with the NULL elements flagged in {@code nulls} (both handed over; nulls may be null). */
    public static ListValue of(double[] values, long[] nulls) {
        if (nulls != null) {
            boolean any = false;
            for (long w : nulls) any |= w != 0;
            if (!any) nulls = null;
        }
        return values.length == 0 ? EMPTY : new ListValue(values, nulls);
    }

    /** A list of boxed elements (null = a NULL element). */
    public static ListValue ofBoxed(List<? extends Number> elements) {
        double[] v = new double[elements.size()];
        long[] nb = null;
        for (int i = 0; i < v.length; i++) {
            Number x = elements.get(i);
            if (x == null) {
                if (nb == null) nb = new long[(v.length + 63) >>> 6];
                nb[i >>> 6] |= 1L << i;
            } else v[i] = x.doubleValue();
        }
        return of(v, nb);
    }

    public int length() {
        return values.length;
    }

    public boolean hasNulls() {
        return nulls != null;
    }

    /** Whether element {@code i} (0-based) is NULL. */
    public boolean isNull(int i) {
        return nulls != null && (nulls[i >>> 6] & (1L << i)) != 0;
    }

    /** Element {@code i} (0-based); 0 for a NULL element (check {@link #isNull}). */
    public double get(int i) {
        return values[i];
    }

    /** A copy of the elements (NULL elements read 0). */
    public double[] toArray() {
        return values.clone();
    }

    /** The elements boxed, NULL elements as null (JDBC, results). */
    public Double[] toBoxed() {
        Double[] out = new Double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = isNull(i) ? null : values[i];
        return out;
    }

    /** The text form, {@code [1.0, NULL, 3.0]} (DuckDB's); {@code []} for the empty list. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(values.length * 6 + 2).append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(isNull(i) ? "NULL" : ArrayText.formatDouble(values[i]));
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ListValue l) || l.values.length != values.length) return false;
        for (int i = 0; i < values.length; i++) {
            if (isNull(i) != l.isNull(i)) return false;
            if (!isNull(i) && Double.compare(values[i], l.values[i]) != 0) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = values.length;
        for (int i = 0; i < values.length; i++) h = 31 * h + (isNull(i) ? 7 : Double.hashCode(values[i]));
        return h;
    }

    /**
     * Parses the text form {@code [1, NULL, 2.5]} (spaces allowed, elements as SQL numbers, {@code NULL},
     * {@code NaN} and {@code Infinity}; {@code []} is the empty list).
     *
     * @throws NablaException {@link ErrorCode#INVALID_CAST} for text that is not such a list
     */
    public static ListValue parse(String text) {
        String t = text.trim();
        if (t.length() < 2 || t.charAt(0) != '[' || t.charAt(t.length() - 1) != ']') throw bad(text);
        String inside = t.substring(1, t.length() - 1).trim();
        if (inside.isEmpty()) return EMPTY;
        String[] parts = inside.split(",", -1);
        List<Double> out = new ArrayList<>(parts.length);
        for (String raw : parts) {
            String p = raw.trim();
            if (p.toLowerCase(Locale.ROOT).equals("null")) {
                out.add(null);
                continue;
            }
            try {
                out.add(ArrayText.parse("[" + p + "]", 1)[0]);
            } catch (NablaException e) {
                throw bad(text);
            }
        }
        return ofBoxed(out);
    }

    /**
     * This list as a {@code DOUBLE[size]} (a fresh array): CAST(list AS DOUBLE[n]).
     *
     * @throws NablaException {@link ErrorCode#INVALID_CAST} (22P02) when the lengths differ (the message
     *     names both) or an element is NULL
     */
    public double[] toFixed(int size) {
        if (values.length != size) {
            throw new NablaException(
                    ErrorCode.INVALID_CAST,
                    "cannot cast " + this + " to DOUBLE[" + size + "]: the list has " + values.length + " element"
                            + (values.length == 1 ? "" : "s") + ", DOUBLE[" + size + "] needs " + size);
        }
        for (int i = 0; i < size; i++) {
            if (isNull(i)) {
                throw new NablaException(
                        ErrorCode.INVALID_CAST,
                        "cannot cast " + this + " to DOUBLE[" + size + "]: element " + (i + 1)
                                + " is NULL, and a DOUBLE[n] holds no NULL elements");
            }
        }
        return values.clone();
    }

    private static NablaException bad(String text) {
        return new NablaException(
                ErrorCode.INVALID_CAST,
                "cannot cast '" + text + "' to DOUBLE[]: expected a list of numbers such as [1.0, NULL, 2.0]");
    }
}
