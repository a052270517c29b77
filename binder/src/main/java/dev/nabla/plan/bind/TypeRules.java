package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.storage.ArrayText;
import dev.nabla.storage.ArrayType;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import dev.nabla.storage.Instants;
import dev.nabla.storage.ListType;
import dev.nabla.storage.ListValue;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import dev.nabla.storage.TimeOfDay;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Implicit conversions. Integral types share one physical representation, so INTEGER↔BIGINT needs no
 * Cast node; every other change of type is an explicit {@link Cast} (folded at once for literals).
 * Parameters of still-unknown type (NULL) simply take the wanted type.
 */
final class TypeRules {
    private TypeRules() {}

    /** The common type of all, or null when they cannot be unified. */
    static DataType common(List<DataType> types) {
        DataType t = DataType.NULL;
        for (DataType d : types) {
            t = DataType.commonSuperType(t, d);
            if (t == null) return null;
        }
        return t;
    }

    /** Converts {@code e} to {@code target} (implicit conversion). */
    static Expr coerce(Expr e, DataType target) {
        DataType from = e.type();
        if (from.equals(target) || target == DataType.NULL) return e;
        if (e instanceof Param p && p.type() == DataType.NULL) return new Param(p.index(), target, p.span());
        if (e instanceof Literal l) {
            Literal folded = convertLiteral(l, target);
            if (folded != null) return folded;
        }
        if (from.isIntegral() && target.isIntegral()) return e;
        return new Cast(e, target, e.span());
    }

    /**
     * The literal converted to {@code target} now, or null when that must be left to the runtime.
     * Throws INVALID_CAST for a string that can never be a date/timestamp.
     */
    static Literal convertLiteral(Literal l, DataType target) {
        Object v = l.value();
        Span span = l.span();
        if (v == null) return new Literal(null, target, span);
        DataType from = l.type();
        switch (target) {
            case ScalarType.DOUBLE, ScalarType.REAL -> {
                if (v instanceof Long n
                        && from != DataType.DATE
                        && from != DataType.TIMESTAMP
                        && from != DataType.TIMESTAMP_TZ
                        && from != DataType.TIME) return new Literal((double) n, target, span);
                if (v instanceof Double) return new Literal(v, target, span);
                if (v instanceof BigDecimal d) return new Literal(d.doubleValue(), target, span);
                if (v instanceof Boolean b) return new Literal(b ? 1.0 : 0.0, target, span);
                if (v instanceof String s) {
                    Double d = parseDouble(s);
                    return d == null ? null : new Literal(d, target, span);
                }
            }
            case ScalarType.INTEGER, ScalarType.BIGINT -> {
                if (v instanceof Long && from.isIntegral()) return new Literal(v, target, span);
                if (v instanceof Boolean b) return new Literal(b ? 1L : 0L, target, span);
                if (v instanceof String s) {
                    try {
                        return new Literal(Long.parseLong(s.trim()), target, span);
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                }
            }
            case ScalarType.BOOLEAN -> {
                if (v instanceof Boolean) return new Literal(v, target, span);
                if (v instanceof Long n && from.isIntegral()) return new Literal(n != 0, target, span);
            }
            case ScalarType.VARCHAR -> {
                if (v instanceof double[] a) return new Literal(ArrayText.format(a), target, span);
                if (v instanceof ListValue lv) return new Literal(lv.toString(), target, span);
                if (from == DataType.BLOB) {
                    String text = Blobs.toText((String) v);
                    return text == null ? null : new Literal(text, target, span);
                }
                if (v instanceof String) return new Literal(v, target, span);
                if (v instanceof Long n && from.isIntegral()) return new Literal(Long.toString(n), target, span);
                if (v instanceof Boolean b) return new Literal(b ? "true" : "false", target, span);
                if (v instanceof BigDecimal d) return new Literal(d.toPlainString(), target, span);
                if (v instanceof java.util.UUID u) return new Literal(u.toString(), target, span);
            }
            case ScalarType.BLOB -> {
                if (from == DataType.VARCHAR) return new Literal(Blobs.fromText((String) v), target, span);
            }
            case ScalarType.DATE -> {
                if (v instanceof String s) return new Literal(parseDate(s, span), target, span);
                if (from == DataType.TIMESTAMP)
                    return new Literal(Math.floorDiv((Long) v, 86_400_000_000L), target, span);
            }
            case ScalarType.TIMESTAMP -> {
                if (v instanceof String s) return new Literal(parseTimestamp(s, span), target, span);
                if (from == DataType.DATE) return new Literal((Long) v * 86_400_000_000L, target, span);
            }
            case ScalarType.TIME -> {
                if (v instanceof String s) return new Literal(parseTime(s, span), target, span);
                if (from == DataType.TIMESTAMP) return new Literal(TimeOfDay.ofTimestamp((Long) v), target, span);
            }
            case ScalarType.UUID -> {
                if (v instanceof String s) {
                    java.util.UUID u = dev.nabla.storage.Uuids.tryParse(s);
                    if (u == null)
                        throw new NablaException(
                                ErrorCode.INVALID_CAST, span, "invalid input syntax for type uuid: \"" + s + "\"");
                    return new Literal(u, target, span);
                }
            }
            case ScalarType.TIMESTAMP_TZ -> {
                // only text that names its zone or offset means the same instant in every session; the rest
                // (and DATE/TIMESTAMP values) are read in the session's TimeZone when the statement runs
                if (v instanceof String s && Instants.hasZone(s)) {
                    try {
                        return new Literal(Instants.parse(s, java.time.ZoneOffset.UTC), target, span);
                    } catch (IllegalArgumentException e) {
                        throw new NablaException(
                                ErrorCode.INVALID_CAST,
                                span,
                                "invalid TIMESTAMP WITH TIME ZONE value '" + s + "': " + e.getMessage());
                    }
                }
            }
            case ScalarType.NULL -> {}
            case ArrayType a -> {
                if (v instanceof String s && from == DataType.VARCHAR) {
                    try {
                        return new Literal(ArrayText.parse(s, a.size()), target, span);
                    } catch (NablaException e) {
                        throw new NablaException(e.code(), span, e.getMessage());
                    }
                }
                if (v instanceof double[] && from.equals(target)) return new Literal(v, target, span);
                if (v instanceof ListValue lv) {
                    try {
                        return new Literal(lv.toFixed(a.size()), target, span);
                    } catch (NablaException e) {
                        throw new NablaException(e.code(), span, e.getMessage());
                    }
                }
            }
            case ListType t -> {
                if (v instanceof String s && from == DataType.VARCHAR) {
                    try {
                        return new Literal(ListValue.parse(s), target, span);
                    } catch (NablaException e) {
                        throw new NablaException(e.code(), span, e.getMessage());
                    }
                }
                if (v instanceof ListValue && from.equals(target)) return new Literal(v, target, span);
                if (v instanceof double[] a) return new Literal(ListValue.of(a.clone()), target, span);
            }
            case DecimalType d -> {
                BigDecimal exact = decimalValue(v);
                if (exact == null) return null;
                try {
                    return new Literal(d.round(exact), target, span);
                } catch (NablaException e) {
                    throw new NablaException(e.code(), span, e.getMessage());
                }
            }
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        }
        return null;
    }

    /** The exact decimal value of a literal's value, or null when it has none (text that is not a number, NaN). */
    static BigDecimal decimalValue(Object v) {
        return switch (v) {
            case BigDecimal d -> d;
            case Long n -> BigDecimal.valueOf(n);
            case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
            // a double literal means the decimal it was written as (0.1 is 0.1), as PostgreSQL reads 0.1 as numeric
            case Double d -> Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
            case String t -> {
                try {
                    yield new BigDecimal(t.trim());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            default -> null;
        };
    }

    /**
     * {@code e} as a DECIMAL operand next to a DECIMAL: a DECIMAL as is, an integer as DECIMAL(10,0) or
     * (BIGINT, as DuckDB) DECIMAL(19,0), a floating-point literal as the narrowest DECIMAL holding the decimal it
     * was written as; null when {@code e} must instead be computed in DOUBLE (a REAL/DOUBLE expression).
     */
    static Expr decimalOperand(Expr e) {
        DataType t = e.type();
        if (t instanceof DecimalType) return e;
        if (e instanceof Literal l && l.value() != null && (t.isFloating() || t == DataType.NULL)) {
            BigDecimal d = decimalValue(l.value());
            DecimalType dt = d == null ? null : DecimalType.of(d);
            return dt == null ? null : new Literal(dt.round(d), dt, l.span());
        }
        if (t == DataType.NULL) return coerce(e, new DecimalType(1, 0));
        if (t == DataType.INTEGER) return coerce(e, new DecimalType(10, 0));
        if (t.isIntegral()) return coerce(e, new DecimalType(19, 0));
        if (t == DataType.BOOLEAN) return coerce(e, new DecimalType(1, 0));
        return null;
    }

    static Double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    static long parseDate(String s, Span span) {
        try {
            return LocalDate.parse(s.trim()).toEpochDay();
        } catch (DateTimeParseException ex) {
            throw new NablaException(ErrorCode.INVALID_CAST, span, "invalid DATE value '" + s + "'");
        }
    }

    static long parseTimestamp(String s, Span span) {
        String t = s.trim().replace(' ', 'T');
        try {
            LocalDateTime dt = t.length() <= 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t);
            return dt.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + dt.getNano() / 1000;
        } catch (DateTimeParseException ex) {
            throw new NablaException(ErrorCode.INVALID_CAST, span, "invalid TIMESTAMP value '" + s + "'");
        }
    }

    static long parseTime(String s, Span span) {
        long t = TimeOfDay.parse(s);
        if (t >= 0) return t;
        String trimmed = s.trim();
        // a timestamp's text gives its time of day, as DuckDB's '2024-01-01 12:00'::TIME
        if (trimmed.length() > 10 && trimmed.charAt(4) == '-') {
            try {
                return TimeOfDay.ofTimestamp(parseTimestamp(trimmed, span));
            } catch (NablaException e) {
                // reported as a TIME below
            }
        }
        throw new NablaException(ErrorCode.INVALID_CAST, span, "invalid TIME value '" + s + "'");
    }

    /** Whether an explicit CAST from→to is meaningful (the value may still fail at runtime). */
    static boolean castable(DataType from, DataType to) {
        // a DOUBLE[] list converts to and from text and DOUBLE[n] (a list of another length fails at run time)
        if (from instanceof ListType || to instanceof ListType)
            return from.equals(to)
                    || from == DataType.NULL
                    || from == DataType.VARCHAR
                    || to == DataType.VARCHAR
                    || from instanceof ArrayType
                    || to instanceof ArrayType;
        // a DOUBLE[n] converts to and from text, and to itself; its size is part of its type
        if (from instanceof ArrayType || to instanceof ArrayType)
            return from.equals(to) || from == DataType.NULL || from == DataType.VARCHAR || to == DataType.VARCHAR;
        // bytes convert only to and from text (as SQLite/DuckDB), never to numbers or dates
        if (from == DataType.BLOB || to == DataType.BLOB)
            return from == to || from == DataType.NULL || from == DataType.VARCHAR || to == DataType.VARCHAR;
        // a UUID converts only to and from text (DuckDB and PostgreSQL)
        if (from == DataType.UUID || to == DataType.UUID)
            return from == to || from == DataType.NULL || from == DataType.VARCHAR || to == DataType.VARCHAR;
        if (from == to || from == DataType.NULL || from == DataType.VARCHAR || to == DataType.VARCHAR) return true;
        // a TIME comes from a timestamp's time of day (DuckDB's rule); it converts to nothing but text
        if (from == DataType.TIME || to == DataType.TIME)
            return to == DataType.TIME && (from == DataType.TIMESTAMP || from == DataType.TIMESTAMP_TZ);
        // an instant converts to and from the other date/time types through the session's zone, not to numbers
        // (PostgreSQL and DuckDB)
        if (from == DataType.TIMESTAMP_TZ || to == DataType.TIMESTAMP_TZ)
            return (from == DataType.TIMESTAMP_TZ ? to : from).isTemporal();
        if ((from.isNumeric() || from == DataType.BOOLEAN) && (to.isNumeric() || to == DataType.BOOLEAN)) return true;
        if (from.isTemporal() && to.isTemporal()) return true;
        return from.isTemporal() && to.isIntegral() || from.isIntegral() && to.isTemporal();
    }

    /** Whether a value of type {@code from} may be stored in a column of type {@code to} (INSERT/UPDATE). */
    static boolean assignable(Expr e, DataType to) {
        DataType from = e.type();
        if (from.equals(to) || from == DataType.NULL || to == DataType.VARCHAR) return true;
        // a DOUBLE[n] stores into a DOUBLE[] column (every fixed array is a list), not the other way round
        if (from instanceof ArrayType && to instanceof ListType) return true;
        if (from instanceof ArrayType || to instanceof ArrayType || from instanceof ListType || to instanceof ListType)
            return from == DataType.VARCHAR && e instanceof Literal l && convertLiteralQuietly(l, to) != null;
        if (from == DataType.VARCHAR && to == DataType.BLOB) return true;
        // text stores into a UUID column, each value parsed (22P02 for one that is not a UUID), as DuckDB
        if (from == DataType.VARCHAR && to == DataType.UUID) return true;
        if (from == DataType.UUID || to == DataType.UUID) return false;
        if (from == DataType.BLOB || to == DataType.BLOB) return false;
        if ((from.isNumeric() || from == DataType.BOOLEAN) && (to.isNumeric() || to == DataType.BOOLEAN)) return true;
        if (from.isTemporal() && to.isTemporal()) return true;
        // PostgreSQL's assignment casts between timestamp, date and timestamptz (through the session zone)
        if (from == DataType.TIMESTAMP_TZ && to.isTemporal() || to == DataType.TIMESTAMP_TZ && from.isTemporal())
            return true;
        if (from == DataType.VARCHAR && to == DataType.TIMESTAMP_TZ && e instanceof Literal l && l.value() != null) {
            try {
                // text without a zone is read in the session's zone when the statement runs: only its form is checked
                Instants.parse(l.value().toString(), java.time.ZoneOffset.UTC);
                return true;
            } catch (IllegalArgumentException ex) {
                return false;
            }
        }
        if (from == DataType.VARCHAR && e instanceof Literal l) return convertLiteralQuietly(l, to) != null;
        return false;
    }

    private static Literal convertLiteralQuietly(Literal l, DataType to) {
        try {
            return convertLiteral(l, to);
        } catch (NablaException ex) {
            return null;
        }
    }
}
