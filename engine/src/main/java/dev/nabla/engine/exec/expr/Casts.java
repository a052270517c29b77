package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import dev.nabla.storage.Instants;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Value conversions between SQL types. Double → integer truncates toward zero (SQLite); strings are
 * trimmed before parsing; a string that is not a number fails with INVALID_CAST.
 */
public final class Casts {
    private Casts() {}

    /** Converts a boxed value (Long/Double/String/Boolean/null) to the boxed form of {@code to}. */
    public static Object castValue(Object v, DataType to) {
        if (v == null) return null;
        // a DECIMAL's boxed form is a BigDecimal at the type's scale (see DecimalType)
        if (to instanceof DecimalType d) return Decimals.box(v, d);
        if (to == DataType.UUID) return v instanceof java.util.UUID u ? u : dev.nabla.storage.Uuids.parse(v.toString());
        switch (to.physical()) {
            case LONG -> {
                if (to == DataType.NULL) return null;
                long r;
                if (v instanceof Boolean b) r = b ? 1 : 0;
                else if (v instanceof BigDecimal d)
                    r = to == DataType.BOOLEAN ? (d.signum() != 0 ? 1 : 0) : decimalToLong(d);
                else if (v instanceof Long l) r = to == DataType.BOOLEAN ? (l != 0 ? 1 : 0) : l;
                else if (v instanceof Double d) r = to == DataType.BOOLEAN ? (d != 0 ? 1 : 0) : doubleToLong(d);
                else if (v instanceof Number nb) r = nb.longValue();
                else r = parseLong(v.toString(), to);
                return to == DataType.BOOLEAN ? (Object) (r != 0) : (Object) r;
            }
            case DOUBLE -> {
                if (v instanceof Boolean b) return b ? 1.0 : 0.0;
                if (v instanceof Number nb) return nb.doubleValue();
                return parseDouble(v.toString(), to);
            }
            case ARRAY -> {
                int size = ((dev.nabla.storage.ArrayType) to).size();
                if (v instanceof double[] a && a.length == size) return a;
                if (v instanceof dev.nabla.storage.ListValue l) return l.toFixed(size);
                return dev.nabla.storage.ArrayText.parse(v.toString(), size);
            }
            case LIST -> {
                if (v instanceof dev.nabla.storage.ListValue l) return l;
                if (v instanceof double[] a) return dev.nabla.storage.ListValue.of(a.clone());
                return dev.nabla.storage.ListValue.parse(v.toString());
            }
            default -> {
                if (v instanceof byte[] bytes) return Blobs.of(bytes);
                if (v instanceof BigDecimal d) return d.toPlainString();
                if (v instanceof double[] a) return dev.nabla.storage.ArrayText.format(a);
                return v instanceof String s ? s : v instanceof Boolean b ? (b ? "true" : "false") : v.toString();
            }
        }
    }

    /**
     * Whether converting {@code from} → {@code to} depends on the session's TimeZone (an instant to or from text
     * without an offset, a DATE, a TIMESTAMP or a TIME): such a cast is never folded while compiling, since a
     * compiled plan outlives a {@code SET TimeZone}.
     */
    public static boolean zoneDependent(DataType from, DataType to) {
        if (from.equals(to)) return false;
        if (from == DataType.TIMESTAMP_TZ) return to.isTemporal() || to == DataType.TIME || isText(to);
        return to == DataType.TIMESTAMP_TZ && (from.isTemporal() || isText(from));
    }

    private static boolean isText(DataType t) {
        return t == DataType.VARCHAR || t == DataType.BLOB;
    }

    /** {@link #castValue(Object, DataType, DataType)} in the session zone {@code zone} (TIMESTAMPTZ conversions). */
    public static Object castValue(Object v, DataType from, DataType to, java.time.ZoneId zone) {
        if (v == null || !zoneDependent(from, to)) return castValue(v, from, to);
        if (from == DataType.TIMESTAMP_TZ) {
            long l = ((Number) v).longValue();
            long local = Instants.toLocal(l, zone);
            if (to == DataType.TIMESTAMP) return local;
            if (to == DataType.DATE) return Math.floorDiv(local, 86_400_000_000L);
            if (to == DataType.TIME) return dev.nabla.storage.TimeOfDay.ofTimestamp(local);
            if (to == DataType.VARCHAR) return Instants.format(l, zone);
            if (to == DataType.BLOB) return Blobs.fromText(Instants.format(l, zone));
            throw badCast(Instants.format(l, zone), to);
        }
        if (from == DataType.TIMESTAMP) return Instants.fromLocal(((Number) v).longValue(), zone);
        if (from == DataType.DATE)
            return Instants.fromLocal(Math.multiplyExact(((Number) v).longValue(), 86_400_000_000L), zone);
        if (from == DataType.BLOB) return parseInstant(blobToText(v.toString()), zone);
        if (v instanceof String s) return parseInstant(s, zone);
        throw badCast(String.valueOf(v), to);
    }

    /** A TIMESTAMPTZ from text, read in {@code zone} unless the text names its own zone or offset. */
    public static long parseInstant(String raw, java.time.ZoneId zone) {
        try {
            return Instants.parse(raw, zone);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw badCast(raw, DataType.TIMESTAMP_TZ);
        }
    }

    /** {@link #castValue(Object, DataType)} for a value known to be of type {@code from}: text and bytes differ only in meaning. */
    public static Object castValue(Object v, DataType from, DataType to) {
        if (v != null && zoneDependent(from, to)) {
            // never folded with a guessed zone: the caller leaves the cast to run time (see zoneDependent)
            throw new NablaException(
                    ErrorCode.INTERNAL, "a " + from.sqlName() + " → " + to.sqlName() + " cast needs the session zone");
        }
        // a DATE, TIMESTAMP or TIME is a Long here: its text and its value as another time type depend on
        // what it is (the runtime Cast does the same), not on the number
        if (v instanceof Long l && !from.equals(to)) {
            if (to == DataType.VARCHAR && (from.isTemporal() || from == DataType.TIME)) return formatLong(l, from);
            if (to == DataType.BLOB && (from.isTemporal() || from == DataType.TIME))
                return Blobs.fromText(formatLong(l, from));
            if (from == DataType.TIMESTAMP && to == DataType.DATE) return Math.floorDiv(l, 86_400_000_000L);
            if (from == DataType.DATE && to == DataType.TIMESTAMP) return Math.multiplyExact(l, 86_400_000_000L);
            if (from == DataType.TIMESTAMP && to == DataType.TIME) return dev.nabla.storage.TimeOfDay.ofTimestamp(l);
        }
        if (v instanceof String s && !from.equals(to)) {
            if (from == DataType.BLOB && to == DataType.VARCHAR) return blobToText(s);
            if (from != DataType.BLOB && to == DataType.BLOB) return Blobs.fromText(s);
        }
        if (to == DataType.BLOB && v != null && !(v instanceof String))
            return Blobs.fromText(castValue(v, DataType.VARCHAR).toString());
        return castValue(v, to);
    }

    /** CAST(blob AS VARCHAR): UTF-8 decoding; bytes that are not UTF-8 fail rather than turn into U+FFFD. */
    public static String blobToText(String blob) {
        String text = Blobs.toText(blob);
        if (text == null) {
            throw new NablaException(
                    ErrorCode.INVALID_CAST,
                    "cannot cast BLOB " + Blobs.display(blob) + " to VARCHAR: it is not valid UTF-8");
        }
        return text;
    }

    /** A decimal rounded to the nearest integer (half away from zero), as PostgreSQL's numeric → bigint; 22003 past a long. */
    static long decimalToLong(BigDecimal d) {
        BigDecimal r = d.setScale(0, RoundingMode.HALF_UP);
        if (!Decimals.fitsLong(r)) {
            throw new NablaException(
                    ErrorCode.NUMERIC_OVERFLOW, "value " + d.toPlainString() + " is out of range for integer");
        }
        return r.longValueExact();
    }

    public static long doubleToLong(double d) {
        if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
            throw new NablaException(
                    ErrorCode.NUMERIC_OVERFLOW, "value " + formatDouble(d) + " is out of range for integer");
        }
        return (long) d;
    }

    static NablaException badCast(String s, DataType to) {
        return new NablaException(ErrorCode.INVALID_CAST, "cannot cast '" + s + "' to " + to.sqlName());
    }

    /** Parses a string as {@code to} (a LONG-physical type). */
    public static long parseLong(String raw, DataType to) {
        String s = raw.trim();
        switch (to) {
            case ScalarType.BOOLEAN -> {
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "true", "t", "yes", "y", "on", "1" -> {
                        return 1;
                    }
                    case "false", "f", "no", "n", "off", "0" -> {
                        return 0;
                    }
                    default -> throw badCast(raw, to);
                }
            }
            case ScalarType.DATE -> {
                return parseDate(raw);
            }
            case ScalarType.TIMESTAMP -> {
                return parseTimestamp(raw);
            }
            case ScalarType.TIME -> {
                return parseTime(raw);
            }
            // without a session zone at hand (a stored value's text): UTC unless the text has an offset
            case ScalarType.TIMESTAMP_TZ -> {
                return parseInstant(raw, ZoneOffset.UTC);
            }
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
            case dev.nabla.storage.ArrayType a -> throw badCast(raw, to);
            case dev.nabla.storage.ListType l -> throw badCast(raw, to);
            case ScalarType.UUID -> throw badCast(raw, to);
            case DecimalType d -> {
                return Decimals.unscaled(Decimals.parse(raw, d), d);
            }
            case ScalarType.NULL,
                    ScalarType.INTEGER,
                    ScalarType.BIGINT,
                    ScalarType.REAL,
                    ScalarType.DOUBLE,
                    ScalarType.VARCHAR,
                    ScalarType.BLOB -> {
                try {
                    return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
                } catch (NumberFormatException e) {
                    try {
                        double d = Double.parseDouble(s);
                        if (!Double.isFinite(d)) throw badCast(raw, to);
                        return doubleToLong(d);
                    } catch (NumberFormatException e2) {
                        throw badCast(raw, to);
                    }
                }
            }
        }
    }

    public static double parseDouble(String raw, DataType to) {
        String s = raw.trim();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> {}
        }
        if (s.isEmpty() || !(Character.isDigit(s.charAt(s.length() - 1)) || s.charAt(s.length() - 1) == '.'))
            throw badCast(raw, to);
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw badCast(raw, to);
        }
    }

    public static long parseDate(String raw) {
        String s = raw.trim();
        try {
            if (s.length() > 10) return Math.floorDiv(parseTimestamp(raw), 86_400_000_000L);
            return LocalDate.parse(s).toEpochDay();
        } catch (RuntimeException e) {
            throw badCast(raw, DataType.DATE);
        }
    }

    public static long parseTimestamp(String raw) {
        String s = raw.trim();
        try {
            LocalDateTime t;
            if (s.length() <= 10) t = LocalDate.parse(s).atStartOfDay();
            else t = LocalDateTime.parse(s.replace(' ', 'T'));
            return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
        } catch (RuntimeException e) {
            throw badCast(raw, DataType.TIMESTAMP);
        }
    }

    /**
     * A TIME from text: {@code HH:MM[:SS[.f]]}, or a timestamp's text whose time of day is taken
     * ({@code '2024-01-01 12:00'::TIME}, as DuckDB and PostgreSQL).
     */
    public static long parseTime(String raw) {
        long t = dev.nabla.storage.TimeOfDay.parse(raw);
        if (t >= 0) return t;
        String s = raw.trim();
        if (s.length() > 10 && s.charAt(4) == '-') {
            try {
                return dev.nabla.storage.TimeOfDay.ofTimestamp(parseTimestamp(s));
            } catch (NablaException e) {
                throw badCast(raw, DataType.TIME);
            }
        }
        throw badCast(raw, DataType.TIME);
    }

    public static String formatDate(long days) {
        return LocalDate.ofEpochDay(days).toString();
    }

    public static String formatTimestamp(long micros) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
        String s = t.toLocalDate() + " "
                + String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        int micro = t.getNano() / 1000;
        if (micro != 0) {
            String frac = String.format(Locale.ROOT, "%06d", micro);
            while (frac.endsWith("0")) frac = frac.substring(0, frac.length() - 1);
            s += "." + frac;
        }
        return s;
    }

    /** Text form of a double: integral values keep one decimal ("3.0"), others use the shortest round-trip form. */
    public static String formatDouble(double d) {
        return dev.nabla.storage.ArrayText.formatDouble(d);
    }

    /** {@link #formatLong(long, DataType)} with a TIMESTAMPTZ shown in {@code zone}. */
    public static String formatLong(long v, DataType t, java.time.ZoneId zone) {
        return t == DataType.TIMESTAMP_TZ ? Instants.format(v, zone) : formatLong(v, t);
    }

    /** Text form of a LONG-physical value of type {@code t} (a TIMESTAMPTZ in UTC: see the zone overload). */
    public static String formatLong(long v, DataType t) {
        return switch (t) {
            case ScalarType.BOOLEAN -> v != 0 ? "true" : "false";
            case ScalarType.DATE -> formatDate(v);
            case ScalarType.TIMESTAMP -> formatTimestamp(v);
            case ScalarType.TIME -> dev.nabla.storage.TimeOfDay.format(v);
            case ScalarType.TIMESTAMP_TZ -> Instants.format(v, ZoneOffset.UTC);
            case ScalarType.NULL,
                    ScalarType.INTEGER,
                    ScalarType.BIGINT,
                    ScalarType.REAL,
                    ScalarType.DOUBLE,
                    ScalarType.VARCHAR,
                    ScalarType.BLOB,
                    ScalarType.UUID -> Long.toString(v);
            case dev.nabla.storage.ArrayType a -> Long.toString(v);
            case dev.nabla.storage.ListType l -> Long.toString(v);
            case DecimalType d -> Decimals.format(v, d.scale());
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }
}
