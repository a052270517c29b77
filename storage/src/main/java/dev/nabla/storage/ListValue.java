package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One value of a list ({@code DOUBLE[]}, {@code BIGINT[]}/{@code INTEGER[]} or {@code VARCHAR[]}): its
 * elements in one primitive array of the element's {@link Kind} and, when some are NULL, a bitmap of the
 * NULL ones (bit set = NULL; a NULL element's slot holds 0 or null). Immutable: vectors, tables and
 * results share instances, as they share the {@code String}s of a VARCHAR column.
 *
 * <p>A list is one object per row (like a VARCHAR value) rather than an offsets + child vector: every
 * copy, gather and store path then moves one reference per row, and the element loops
 * ({@code v[i]}, casts, {@code unnest}) read one primitive array. An {@code INTEGER[]} and a {@code BIGINT[]}
 * both hold longs (as an INTEGER column does); the column's {@link ListType} says which it is.
 */
public final class ListValue implements Comparable<ListValue> {
    /** How the elements are held: the physical type of the element type. */
    public enum Kind {
        DOUBLE,
        LONG,
        STRING;

        /** The kind holding elements of {@code element}, or null when lists of it are not stored. */
        public static Kind of(DataType element) {
            if (element == DataType.DOUBLE) return DOUBLE;
            if (element == DataType.BIGINT || element == DataType.INTEGER) return LONG;
            if (element == DataType.VARCHAR) return STRING;
            return null;
        }
    }

    private static final double[] NO_VALUES = new double[0];
    /** The empty {@code DOUBLE[]}. */
    public static final ListValue EMPTY = new ListValue(Kind.DOUBLE, NO_VALUES, null, null, null);

    private static final ListValue EMPTY_LONGS = new ListValue(Kind.LONG, null, new long[0], null, null);
    private static final ListValue EMPTY_STRINGS = new ListValue(Kind.STRING, null, null, new String[0], null);

    private final Kind kind;
    private final double[] values;
    private final long[] longs;
    private final String[] strings;
    private final long[] nulls;

    private ListValue(Kind kind, double[] values, long[] longs, String[] strings, long[] nulls) {
        this.kind = kind;
        this.values = values;
        this.longs = longs;
        this.strings = strings;
        this.nulls = nulls;
    }

    /** The empty list of a kind. */
    public static ListValue empty(Kind kind) {
        return switch (kind) {
            case DOUBLE -> EMPTY;
            case LONG -> EMPTY_LONGS;
            case STRING -> EMPTY_STRINGS;
        };
    }

    /** A list over {@code values} (not copied: the caller hands it over) with no NULL elements. */
    public static ListValue of(double[] values) {
        return values.length == 0 ? EMPTY : new ListValue(Kind.DOUBLE, values, null, null, null);
    }

    /** A list over {@code values} with the NULL elements flagged in {@code nulls} (both handed over; nulls may be null). */
    public static ListValue of(double[] values, long[] nulls) {
        return values.length == 0 ? EMPTY : new ListValue(Kind.DOUBLE, values, null, null, trim(nulls));
    }

    /** A {@code BIGINT[]}/{@code INTEGER[]} list over {@code values} (handed over), NULL elements flagged in {@code nulls}. */
    public static ListValue ofLongs(long[] values, long[] nulls) {
        return values.length == 0 ? EMPTY_LONGS : new ListValue(Kind.LONG, null, values, null, trim(nulls));
    }

    /** A {@code VARCHAR[]} list over {@code values} (handed over); a null entry is a NULL element. */
    public static ListValue ofStrings(String[] values) {
        if (values.length == 0) return EMPTY_STRINGS;
        long[] nb = null;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                if (nb == null) nb = new long[(values.length + 63) >>> 6];
                nb[i >>> 6] |= 1L << i;
            }
        }
        return new ListValue(Kind.STRING, null, null, values, nb);
    }

    private static long[] trim(long[] nulls) {
        if (nulls == null) return null;
        for (long w : nulls) if (w != 0) return nulls;
        return null;
    }

    /** A {@code DOUBLE[]} of boxed numbers (null = a NULL element). */
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

    /**
     * A list of {@code kind} from boxed elements (null = a NULL element): Numbers for DOUBLE and LONG (a
     * fraction is truncated toward zero, as CAST does), anything for STRING (its text).
     */
    public static ListValue ofObjects(List<?> elements, Kind kind) {
        int n = elements.size();
        long[] nb = null;
        double[] d = kind == Kind.DOUBLE ? new double[n] : null;
        long[] l = kind == Kind.LONG ? new long[n] : null;
        String[] s = kind == Kind.STRING ? new String[n] : null;
        for (int i = 0; i < n; i++) {
            Object x = elements.get(i);
            if (x == null) {
                if (nb == null) nb = new long[(n + 63) >>> 6];
                nb[i >>> 6] |= 1L << i;
                continue;
            }
            switch (kind) {
                case DOUBLE -> d[i] = ((Number) x).doubleValue();
                case LONG -> l[i] = x instanceof Long v ? v : toLong(((Number) x).doubleValue());
                case STRING -> s[i] = x.toString();
            }
        }
        return switch (kind) {
            case DOUBLE -> of(d, nb);
            case LONG -> ofLongs(l, nb);
            case STRING -> ofStrings(s);
        };
    }

    public Kind kind() {
        return kind;
    }

    public int length() {
        return switch (kind) {
            case DOUBLE -> values.length;
            case LONG -> longs.length;
            case STRING -> strings.length;
        };
    }

    public boolean hasNulls() {
        return nulls != null;
    }

    /** Whether element {@code i} (0-based) is NULL. */
    public boolean isNull(int i) {
        return nulls != null && (nulls[i >>> 6] & (1L << i)) != 0;
    }

    /** Element {@code i} (0-based) as a double (a LONG list's element converted); 0 for a NULL element. */
    public double get(int i) {
        return switch (kind) {
            case DOUBLE -> values[i];
            case LONG -> longs[i];
            case STRING -> throw new IllegalStateException("a VARCHAR[] element read as a number");
        };
    }

    /** Element {@code i} of a LONG list; 0 for a NULL element. */
    public long getLong(int i) {
        return longs[i];
    }

    /** Element {@code i} of a STRING list; null for a NULL element. */
    public String getString(int i) {
        return strings[i];
    }

    /** Element {@code i} boxed (Double, Long or String), null for a NULL element. */
    public Object element(int i) {
        if (isNull(i)) return null;
        return switch (kind) {
            case DOUBLE -> values[i];
            case LONG -> longs[i];
            case STRING -> strings[i];
        };
    }

    /** A copy of the elements as doubles (NULL elements read 0); a DOUBLE or LONG list. */
    public double[] toArray() {
        return switch (kind) {
            case DOUBLE -> values.clone();
            case LONG -> {
                double[] out = new double[longs.length];
                for (int i = 0; i < out.length; i++) out[i] = longs[i];
                yield out;
            }
            case STRING -> throw new IllegalStateException("a VARCHAR[] read as numbers");
        };
    }

    /** The elements boxed (Double, Long or String), NULL elements as null (JDBC, results). */
    public Object[] toBoxed() {
        Object[] out = switch (kind) {
            case DOUBLE -> new Double[values.length];
            case LONG -> new Long[longs.length];
            case STRING -> new String[strings.length];
        };
        for (int i = 0; i < out.length; i++) out[i] = element(i);
        return out;
    }

    /**
     * A list of this kind holding the elements at {@code index[0 … m)} of this one; an index of −1 is a NULL
     * element. The one copy loop behind slice, reverse, sort and distinct.
     */
    public ListValue pick(int[] index, int m) {
        if (m == 0) return empty(kind);
        long[] nb = null;
        double[] d = kind == Kind.DOUBLE ? new double[m] : null;
        long[] l = kind == Kind.LONG ? new long[m] : null;
        String[] s = kind == Kind.STRING ? new String[m] : null;
        for (int k = 0; k < m; k++) {
            int at = index[k];
            if (at < 0 || isNull(at)) {
                if (nb == null) nb = new long[(m + 63) >>> 6];
                nb[k >>> 6] |= 1L << k;
                continue;
            }
            switch (kind) {
                case DOUBLE -> d[k] = values[at];
                case LONG -> l[k] = longs[at];
                case STRING -> s[k] = strings[at];
            }
        }
        return switch (kind) {
            case DOUBLE -> new ListValue(kind, d, null, null, nb);
            case LONG -> new ListValue(kind, null, l, null, nb);
            case STRING -> new ListValue(kind, null, null, s, nb);
        };
    }

    /** This list followed by {@code other} (of the same kind). */
    public ListValue concat(ListValue other) {
        int m = length(), len = m + other.length();
        if (other.length() == 0) return this;
        if (m == 0) return other;
        long[] nb = null;
        for (int k = 0; k < len; k++) {
            if (k < m ? isNull(k) : other.isNull(k - m)) {
                if (nb == null) nb = new long[(len + 63) >>> 6];
                nb[k >>> 6] |= 1L << k;
            }
        }
        return switch (kind) {
            case DOUBLE -> new ListValue(kind, cat(values, other.values), null, null, nb);
            case LONG -> new ListValue(kind, null, cat(longs, other.longs), null, nb);
            case STRING -> new ListValue(kind, null, null, cat(strings, other.strings), nb);
        };
    }

    private static double[] cat(double[] a, double[] b) {
        double[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static long[] cat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String[] cat(String[] a, String[] b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * Orders non-NULL elements {@code i} and {@code j} of this list: numbers by {@link Double#compare} /
     * {@link Long#compare} ({@code -0.0} before {@code 0.0}, NaN last, as DuckDB sorts), text by code point.
     */
    public int compareElements(int i, int j) {
        return switch (kind) {
            case DOUBLE -> Double.compare(values[i], values[j]);
            case LONG -> Long.compare(longs[i], longs[j]);
            case STRING -> strings[i].compareTo(strings[j]);
        };
    }

    /**
     * SQL equality of non-NULL element {@code i} and a needle (a Double for a DOUBLE list, a Long for a LONG
     * list, a String): {@code 0.0 = -0.0} and NaN = NaN, as DuckDB groups and compares them.
     */
    public boolean elementEquals(int i, Object needle) {
        return switch (kind) {
            case DOUBLE -> {
                double x = values[i], y = ((Number) needle).doubleValue();
                yield x == y || Double.isNaN(x) && Double.isNaN(y);
            }
            case LONG -> longs[i] == ((Number) needle).longValue();
            case STRING -> strings[i].equals(needle);
        };
    }

    /**
     * The total order of lists (DuckDB's): element by element, a NULL element after every value, and a list
     * before every longer list it is a prefix of. Lists of different kinds compare as their text.
     */
    @Override
    public int compareTo(ListValue o) {
        if (o.kind != kind) return toString().compareTo(o.toString());
        int n = Math.min(length(), o.length());
        for (int i = 0; i < n; i++) {
            boolean a = isNull(i), b = o.isNull(i);
            if (a || b) {
                if (a && b) continue;
                return a ? 1 : -1;
            }
            int c = switch (kind) {
                case DOUBLE -> {
                    double x = values[i], y = o.values[i];
                    yield x == y ? 0 : Double.compare(x, y);
                }
                case LONG -> Long.compare(longs[i], o.longs[i]);
                case STRING -> strings[i].compareTo(o.strings[i]);
            };
            if (c != 0) return c;
        }
        return Integer.compare(length(), o.length());
    }

    /**
     * This list with its elements converted to {@code element}'s kind (CAST between list types): numbers to
     * text as they print, text to numbers as CAST parses them, a double to an integer truncated toward zero
     * (as a scalar CAST), an INTEGER element checked against its range.
     *
     * @throws NablaException 22P02 for text that is not a number, 22003 for a number out of range
     */
    public ListValue convert(DataType element) {
        Kind to = Kind.of(element);
        if (to == null) throw DataType.unsupported(new ListType(element));
        boolean checkInt = element == DataType.INTEGER;
        if (to == kind && !checkInt) return this;
        int n = length();
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object x = element(i);
            if (x == null) {
                out.add(null);
                continue;
            }
            Object v = switch (to) {
                case DOUBLE -> x instanceof String s ? parseDouble(s, element) : ((Number) x).doubleValue();
                case LONG -> {
                    long r = x instanceof String s
                            ? parseLong(s, element)
                            : x instanceof Long l ? l : toLong((Double) x);
                    if (checkInt && (r < Integer.MIN_VALUE || r > Integer.MAX_VALUE))
                        throw new NablaException(
                                ErrorCode.NUMERIC_OVERFLOW, "value " + r + " is out of range for INTEGER");
                    yield r;
                }
                case STRING -> elementText(i);
            };
            out.add(v);
        }
        return ofObjects(out, to);
    }

    private static long toLong(double d) {
        if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
            throw new NablaException(
                    ErrorCode.NUMERIC_OVERFLOW, "value " + ArrayText.formatDouble(d) + " is out of range for integer");
        }
        return (long) d;
    }

    private static long parseLong(String s, DataType element) {
        String t = s.trim();
        try {
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(t);
                if (!Double.isNaN(d) && !Double.isInfinite(d)) return toLong(d);
            } catch (NumberFormatException e2) {
                // reported below
            }
            throw new NablaException(ErrorCode.INVALID_CAST, "cannot cast '" + s + "' to " + element.sqlName());
        }
    }

    private static double parseDouble(String s, DataType element) {
        try {
            return ArrayText.parse("[" + s.trim() + "]", 1)[0];
        } catch (NablaException e) {
            throw new NablaException(ErrorCode.INVALID_CAST, "cannot cast '" + s + "' to " + element.sqlName());
        }
    }

    /** Element {@code i}'s text as CAST to VARCHAR gives it (a double as {@code 1.0}); "NULL" for a NULL element. */
    public String elementText(int i) {
        if (isNull(i)) return "NULL";
        return switch (kind) {
            case DOUBLE -> ArrayText.formatDouble(values[i]);
            case LONG -> Long.toString(longs[i]);
            case STRING -> strings[i];
        };
    }

    /**
     * The text form, DuckDB's: {@code [1.0, NULL, 3.0]}, {@code [1, 2]}, {@code [a, 'b, c', '']} (a string is quoted
     * when it is empty, is the word NULL, has surrounding spaces or a character of the list syntax; a quote
     * inside is written {@code \'}); {@code []} for the empty list.
     */
    @Override
    public String toString() {
        int n = length();
        StringBuilder sb = new StringBuilder(n * 6 + 2).append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            if (kind == Kind.STRING && !isNull(i)) appendQuoted(sb, strings[i]);
            else sb.append(elementText(i));
        }
        return sb.append(']').toString();
    }

    private static void appendQuoted(StringBuilder sb, String s) {
        boolean quote = s.isEmpty()
                || s.equalsIgnoreCase("null")
                || Character.isWhitespace(s.charAt(0))
                || Character.isWhitespace(s.charAt(s.length() - 1));
        for (int k = 0; k < s.length() && !quote; k++) quote = "[]{}(),:'\"".indexOf(s.charAt(k)) >= 0;
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('\'');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\'') sb.append('\\');
            sb.append(c);
        }
        sb.append('\'');
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ListValue l) || l.kind != kind || l.length() != length()) return false;
        for (int i = 0; i < length(); i++) {
            if (isNull(i) != l.isNull(i)) return false;
            if (isNull(i)) continue;
            boolean same = switch (kind) {
                case DOUBLE -> Double.compare(values[i], l.values[i]) == 0;
                case LONG -> longs[i] == l.longs[i];
                case STRING -> strings[i].equals(l.strings[i]);
            };
            if (!same) return false;
        }
        return true;
    }

    /**
     * A hash consistent with SQL equality ({@link #compareTo} = 0): {@code 0.0} and {@code -0.0} hash alike, as do
     * all NaNs (GROUP BY, DISTINCT).
     */
    public long sqlHash() {
        long h = length() * 3L + kind.ordinal();
        for (int i = 0; i < length(); i++) {
            long e = isNull(i)
                    ? 7
                    : switch (kind) {
                        case DOUBLE -> Double.doubleToLongBits(values[i] + 0.0);
                        case LONG -> longs[i];
                        case STRING -> strings[i].hashCode();
                    };
            h = 31 * h + e;
        }
        return h;
    }

    @Override
    public int hashCode() {
        int h = length() * 3 + kind.ordinal();
        for (int i = 0; i < length(); i++) {
            int e = isNull(i)
                    ? 7
                    : switch (kind) {
                        case DOUBLE -> Double.hashCode(values[i]);
                        case LONG -> Long.hashCode(longs[i]);
                        case STRING -> strings[i].hashCode();
                    };
            h = 31 * h + e;
        }
        return h;
    }

    /**
     * Parses the text form {@code [1, NULL, 2.5]} as a {@code DOUBLE[]} (spaces allowed, elements as SQL numbers,
     * {@code NULL}, {@code NaN} and {@code Infinity}; {@code []} is the empty list).
     *
     * @throws NablaException {@link ErrorCode#INVALID_CAST} for text that is not such a list
     */
    public static ListValue parse(String text) {
        return parse(text, DataType.DOUBLE);
    }

    /**
     * Parses the text form of a list of {@code element}s: {@code [1, NULL, 2]}; for text, {@code [a, 'b, c', "d"]}
     * (an element in single or double quotes keeps its commas, brackets and spaces, {@code \} escapes the next
     * character; an unquoted element is trimmed, and the bare word NULL is a NULL element).
     *
     * @throws NablaException {@link ErrorCode#INVALID_CAST} for text that is not such a list
     */
    public static ListValue parse(String text, DataType element) {
        Kind kind = Kind.of(element);
        if (kind == null) throw DataType.unsupported(new ListType(element));
        String t = text.trim();
        if (t.length() < 2 || t.charAt(0) != '[' || t.charAt(t.length() - 1) != ']') throw bad(text, element);
        String inside = t.substring(1, t.length() - 1);
        if (inside.isBlank()) return empty(kind);
        List<Object> out = new ArrayList<>();
        if (kind == Kind.STRING) {
            splitText(inside, out, text, element);
            return ofObjects(out, kind);
        }
        for (String raw : inside.split(",", -1)) {
            String p = raw.trim();
            if (p.toLowerCase(Locale.ROOT).equals("null")) {
                out.add(null);
                continue;
            }
            try {
                out.add(kind == Kind.DOUBLE ? ArrayText.parse("[" + p + "]", 1)[0] : parseLong(p, element));
            } catch (NablaException e) {
                throw bad(text, element);
            }
        }
        return ofObjects(out, kind);
    }

    private static void splitText(String inside, List<Object> out, String text, DataType element) {
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int i = 0, n = inside.length();
        while (true) {
            while (i < n && Character.isWhitespace(inside.charAt(i))) i++;
            cur.setLength(0);
            quoted = false;
            if (i < n && (inside.charAt(i) == '\'' || inside.charAt(i) == '"')) {
                char q = inside.charAt(i++);
                quoted = true;
                while (true) {
                    if (i >= n) throw bad(text, element);
                    char c = inside.charAt(i++);
                    if (c == '\\' && i < n) cur.append(inside.charAt(i++));
                    else if (c == q && i < n && inside.charAt(i) == q) {
                        cur.append(q);
                        i++;
                    } else if (c == q) break;
                    else cur.append(c);
                }
                while (i < n && Character.isWhitespace(inside.charAt(i))) i++;
                if (i < n && inside.charAt(i) != ',') throw bad(text, element);
            } else {
                int depth = 0;
                while (i < n && (depth > 0 || inside.charAt(i) != ',')) {
                    char c = inside.charAt(i++);
                    if (c == '[') depth++;
                    else if (c == ']') depth--;
                    if (c == '\\' && i < n) c = inside.charAt(i++);
                    cur.append(c);
                }
            }
            String s = quoted ? cur.toString() : cur.toString().strip();
            out.add(!quoted && s.equalsIgnoreCase("null") ? null : s);
            if (i >= n) return;
            i++; // the comma
        }
    }

    /**
     * This list as a {@code DOUBLE[size]} (a fresh array): CAST(list AS DOUBLE[n]).
     *
     * @throws NablaException {@link ErrorCode#INVALID_CAST} (22P02) when the lengths differ (the message
     *     names both) or an element is NULL
     */
    public double[] toFixed(int size) {
        int len = length();
        if (len != size) {
            throw new NablaException(
                    ErrorCode.INVALID_CAST,
                    "cannot cast " + this + " to DOUBLE[" + size + "]: the list has " + len + " element"
                            + (len == 1 ? "" : "s") + ", DOUBLE[" + size + "] needs " + size);
        }
        for (int i = 0; i < size; i++) {
            if (isNull(i)) {
                throw new NablaException(
                        ErrorCode.INVALID_CAST,
                        "cannot cast " + this + " to DOUBLE[" + size + "]: element " + (i + 1)
                                + " is NULL, and a DOUBLE[n] holds no NULL elements");
            }
        }
        if (kind == Kind.STRING) return convert(DataType.DOUBLE).values;
        return toArray();
    }

    private static NablaException bad(String text, DataType element) {
        String example = switch (Kind.of(element)) {
            case DOUBLE -> "a list of numbers such as [1.0, NULL, 2.0]";
            case LONG -> "a list of integers such as [1, NULL, 2]";
            case STRING -> "a list such as [a, NULL, 'b, c']";
        };
        return new NablaException(
                ErrorCode.INVALID_CAST,
                "cannot cast '" + text + "' to " + element.sqlName() + "[]: expected " + example);
    }
}
