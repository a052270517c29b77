package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.DataType;
import dev.nabla.storage.Instants;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Converts Java values bound to {@code ?} parameters to the representation of each parameter's type. */
final class Parameters {
    private Parameters() {}

    /**
     * For each parameter that no context types, the type of the value bound to it (a NULL value or an
     * unknown class gives none: such a parameter is VARCHAR, as in PostgreSQL's "unknown" literals).
     */
    static java.util.Map<Integer, DataType> hints(
            java.util.Set<Integer> free, java.util.Set<Integer> decimal, Object[] values) {
        java.util.Map<Integer, DataType> out = new java.util.HashMap<>();
        for (int i : free) {
            if (values == null || i >= values.length) continue;
            DataType t = switch (values[i]) {
                // text beside a DECIMAL (setString(i, "0.105")) is the exact number it spells; other text takes the
                // DECIMAL's type (and fails to convert as before)
                case String s
                when decimal.contains(i) -> {
                    try {
                        yield dev.nabla.storage.DecimalType.of(new BigDecimal(s.trim()));
                    } catch (NumberFormatException e) {
                        yield null;
                    }
                }
                case null -> null;
                case Boolean b -> DataType.BOOLEAN;
                case Integer x -> DataType.INTEGER;
                case Long x -> DataType.BIGINT;
                case Short x -> DataType.INTEGER;
                case Byte x -> DataType.INTEGER;
                case BigInteger x -> DataType.BIGINT;
                case Float x -> DataType.REAL;
                // exact: the narrowest DECIMAL holding it (a wider one is DOUBLE, as Nabla stores 18 digits)
                case BigDecimal x -> {
                    DataType d = dev.nabla.storage.DecimalType.of(x);
                    yield d == null ? DataType.DOUBLE : d;
                }
                case Number x -> DataType.DOUBLE;
                case LocalDate x -> DataType.DATE;
                case LocalDateTime x -> DataType.TIMESTAMP;
                case java.time.LocalTime x -> DataType.TIME;
                // an instant is a TIMESTAMPTZ (PostgreSQL's timestamptz, JDBC 4.2's TIMESTAMP_WITH_TIMEZONE)
                case Instant x -> DataType.TIMESTAMP_TZ;
                case java.time.OffsetDateTime x -> DataType.TIMESTAMP_TZ;
                case java.time.ZonedDateTime x -> DataType.TIMESTAMP_TZ;
                case byte[] x -> DataType.BLOB;
                case java.util.UUID x -> DataType.UUID;
                default -> null;
            };
            if (t != null) out.put(i, t);
        }
        return java.util.Map.copyOf(out);
    }

    static Object[] convert(Object[] values, List<DataType> types, java.time.ZoneId zone) {
        Object[] given = values == null ? new Object[0] : values;
        if (given.length != types.size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "statement has " + types.size() + " parameter" + (types.size() == 1 ? "" : "s") + " but "
                            + given.length + (given.length == 1 ? " value was" : " values were") + " given");
        }
        Object[] out = new Object[given.length];
        for (int i = 0; i < given.length; i++) out[i] = convert(given[i], types.get(i), i, zone);
        return out;
    }

    /** The elements of a boxed list parameter (null elements stay null); anything but numbers is a mismatch. */
    private static java.util.List<Number> numbers(Object[] elements, Object v, DataType type, int index) {
        java.util.List<Number> out = new java.util.ArrayList<>(elements.length);
        for (Object e : elements) {
            if (e != null && !(e instanceof Number)) throw mismatch(v, type, index);
            out.add((Number) e);
        }
        return out;
    }

    static Object convert(Object v, DataType type, int index, java.time.ZoneId zone) {
        if (v == null) return null;
        try {
            return switch (type) {
                case ScalarType.BOOLEAN ->
                    switch (v) {
                        case Boolean b -> b;
                        case Number n -> n.doubleValue() != 0;
                        case String s
                        when s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") -> Boolean.parseBoolean(s);
                        default -> throw mismatch(v, type, index);
                    };
                case ScalarType.INTEGER, ScalarType.BIGINT -> {
                    long l = switch (v) {
                        case Long x -> x;
                        case Integer x -> x;
                        case Short x -> x;
                        case Byte x -> x;
                        case BigInteger x -> x.longValueExact();
                        case Boolean b -> b ? 1 : 0;
                        case Number n
                        when n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 0x1p63 ->
                            n.longValue();
                        case String s -> Long.parseLong(s.trim());
                        default -> throw mismatch(v, type, index);
                    };
                    if (type == DataType.INTEGER && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
                        throw new NablaException(
                                ErrorCode.NUMERIC_OVERFLOW,
                                "parameter " + (index + 1) + " value " + l + " is out of range for INTEGER");
                    }
                    yield l;
                }
                case ScalarType.REAL, ScalarType.DOUBLE ->
                    switch (v) {
                        case Number n -> n.doubleValue();
                        case String s -> Double.parseDouble(s.trim());
                        default -> throw mismatch(v, type, index);
                    };
                case ScalarType.VARCHAR ->
                    switch (v) {
                        case Double d -> Result.formatDouble(d);
                        case BigDecimal d -> d.toPlainString();
                        case LocalDateTime t -> Result.formatTimestamp(t);
                        case java.time.LocalTime t -> Result.display(t);
                        case byte[] b -> new String(b, java.nio.charset.StandardCharsets.UTF_8);
                        default -> v.toString();
                    };
                case ScalarType.BLOB ->
                    switch (v) {
                        case byte[] b -> Blobs.of(b);
                        case String s -> Blobs.fromText(s);
                        default -> throw mismatch(v, type, index);
                    };
                case ScalarType.DATE ->
                    switch (v) {
                        case LocalDate d -> d.toEpochDay();
                        case LocalDateTime t -> t.toLocalDate().toEpochDay();
                        // an instant's date in the session zone
                        case Instant t -> Math.floorDiv(Instants.toLocal(micros(t), zone), 86_400_000_000L);
                        case java.time.OffsetDateTime t ->
                            Math.floorDiv(Instants.toLocal(micros(t.toInstant()), zone), 86_400_000_000L);
                        case java.time.ZonedDateTime t ->
                            Math.floorDiv(Instants.toLocal(micros(t.toInstant()), zone), 86_400_000_000L);
                        case String s -> LocalDate.parse(s.trim()).toEpochDay();
                        case Long l -> l;
                        default -> throw mismatch(v, type, index);
                    };
                case ScalarType.TIMESTAMP ->
                    switch (v) {
                        case LocalDateTime t -> micros(t);
                        case LocalDate d -> d.toEpochDay() * 86_400_000_000L;
                        // an instant's wall-clock time in the session zone, as PostgreSQL's timestamptz → timestamp
                        case Instant t -> Instants.toLocal(micros(t), zone);
                        case java.time.OffsetDateTime t -> Instants.toLocal(micros(t.toInstant()), zone);
                        case java.time.ZonedDateTime t -> Instants.toLocal(micros(t.toInstant()), zone);
                        case String s -> micros(LocalDateTime.parse(s.trim().replace(' ', 'T')));
                        case Long l -> l;
                        default -> throw mismatch(v, type, index);
                    };
                case ScalarType.UUID ->
                    switch (v) {
                        case java.util.UUID u -> u;
                        case String s -> dev.nabla.storage.Uuids.parse(s);
                        default -> throw mismatch(v, type, index);
                    };
                case ScalarType.TIME ->
                    switch (v) {
                        case java.time.LocalTime t -> t.toNanoOfDay() / 1000;
                        case LocalDateTime t -> t.toLocalTime().toNanoOfDay() / 1000;
                        case String s -> dev.nabla.engine.exec.expr.Casts.parseTime(s);
                        case Long l when l >= 0 && l <= dev.nabla.storage.TimeOfDay.END -> l;
                        default -> throw mismatch(v, type, index);
                    };
                case ScalarType.TIMESTAMP_TZ ->
                    switch (v) {
                        case Instant t -> micros(t);
                        case java.time.OffsetDateTime t -> micros(t.toInstant());
                        case java.time.ZonedDateTime t -> micros(t.toInstant());
                        // a wall-clock time or text without an offset is read in the session zone
                        case LocalDateTime t -> Instants.fromLocal(micros(t), zone);
                        case LocalDate d -> Instants.fromLocal(d.toEpochDay() * 86_400_000_000L, zone);
                        case String s -> dev.nabla.engine.exec.expr.Casts.parseInstant(s, zone);
                        case Long l -> l;
                        default -> throw mismatch(v, type, index);
                    };
                case ScalarType.NULL ->
                    switch (v) {
                        case Integer x -> (long) x;
                        case Short x -> (long) x;
                        case Byte x -> (long) x;
                        case Float x -> (double) x;
                        case BigDecimal x -> x.doubleValue();
                        case Long x -> x;
                        case Double x -> x;
                        case Boolean x -> x;
                        case byte[] b -> Blobs.of(b);
                        case java.util.UUID u -> u;
                        default -> v.toString();
                    };
                case dev.nabla.storage.ArrayType a ->
                    switch (v) {
                        case double[] d when d.length == a.size() -> d.clone();
                        case float[] f
                        when f.length == a.size() -> {
                            double[] d = new double[f.length];
                            for (int i = 0; i < f.length; i++) d[i] = f[i];
                            yield d;
                        }
                        case String s -> dev.nabla.storage.ArrayText.parse(s, a.size());
                        default -> throw mismatch(v, type, index);
                    };
                case dev.nabla.storage.ListType l ->
                    switch (v) {
                        case dev.nabla.storage.ListValue lv -> lv;
                        case double[] d -> dev.nabla.storage.ListValue.of(d.clone());
                        case Object[] o -> dev.nabla.storage.ListValue.ofBoxed(numbers(o, v, type, index));
                        case java.util.List<?> o ->
                            dev.nabla.storage.ListValue.ofBoxed(numbers(o.toArray(), v, type, index));
                        case String s -> dev.nabla.storage.ListValue.parse(s);
                        default -> throw mismatch(v, type, index);
                    };
                case dev.nabla.storage.DecimalType d ->
                    switch (v) {
                        case Number n -> dev.nabla.engine.exec.expr.Decimals.box(n, d);
                        case String s -> dev.nabla.engine.exec.expr.Decimals.box(s, d);
                        default -> throw mismatch(v, type, index);
                    };
                case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new NablaException(
                    ErrorCode.INVALID_CAST,
                    "parameter " + (index + 1) + ": cannot convert '" + v + "' to " + type.sqlName());
        }
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    private static long micros(LocalDateTime t) {
        Instant i = t.toInstant(ZoneOffset.UTC);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    private static NablaException mismatch(Object v, DataType type, int index) {
        return new NablaException(
                ErrorCode.TYPE_MISMATCH,
                "parameter " + (index + 1) + ": cannot use a " + v.getClass().getSimpleName() + " as "
                        + type.sqlName());
    }
}
