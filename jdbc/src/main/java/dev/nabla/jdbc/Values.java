package dev.nabla.jdbc;

import dev.nabla.storage.Blobs;
import dev.nabla.storage.DataType;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between engine values (Long, Double, BigDecimal, String, Boolean, LocalDate, LocalDateTime, byte[]) and what JDBC getters
 * return or setters accept. Timestamps carry no zone: they are read and written as UTC wall-clock values.
 */
final class Values {
    private Values() {}

    // ---- engine value -> Java type (getters); v is never null here ----

    static long toLong(Object v) throws SQLException {
        return switch (v) {
            case Long l -> l;
            case Double d -> {
                if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) throw JdbcErrors.conversion(v, "BIGINT");
                yield (long) (double) d;
            }
            case Boolean b -> b ? 1 : 0;
            case String s -> parseLong(s);
            case Number n -> n.longValue();
            default -> throw JdbcErrors.conversion(v, "BIGINT");
        };
    }

    static int toInt(Object v) throws SQLException {
        long l = toLong(v);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw JdbcErrors.conversion(v, "INTEGER");
        return (int) l;
    }

    static double toDouble(Object v) throws SQLException {
        return switch (v) {
            case Double d -> d;
            case Long l -> l;
            case Boolean b -> b ? 1 : 0;
            case String s -> {
                try {
                    yield Double.parseDouble(s.trim());
                } catch (NumberFormatException e) {
                    throw JdbcErrors.conversion(v, "DOUBLE");
                }
            }
            case Number n -> n.doubleValue();
            default -> throw JdbcErrors.conversion(v, "DOUBLE");
        };
    }

    static BigDecimal toBigDecimal(Object v) throws SQLException {
        return switch (v) {
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) throw JdbcErrors.conversion(v, "DECIMAL");
                yield BigDecimal.valueOf(d);
            }
            case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
            case String s -> {
                try {
                    yield new BigDecimal(s.trim());
                } catch (NumberFormatException e) {
                    throw JdbcErrors.conversion(v, "DECIMAL");
                }
            }
            default -> throw JdbcErrors.conversion(v, "DECIMAL");
        };
    }

    static boolean toBoolean(Object v) throws SQLException {
        return switch (v) {
            case BigDecimal d -> d.signum() != 0;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0;
            case String s ->
                switch (s.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "t", "yes", "y", "on", "1" -> true;
                    case "false", "f", "no", "n", "off", "0" -> false;
                    default -> throw JdbcErrors.conversion(v, "BOOLEAN");
                };
            default -> throw JdbcErrors.conversion(v, "BOOLEAN");
        };
    }

    static String toText(Object v) {
        return switch (v) {
            case BigDecimal d -> d.toPlainString();
            case Double d -> Double.toString(d);
            case LocalDateTime t -> timestampText(t);
            case LocalTime t -> timeText(t);
            case OffsetDateTime t -> dev.nabla.engine.Result.formatInstant(t);
            // an instant's text is a TIMESTAMPTZ's: at its own offset, UTC for an Instant
            case ZonedDateTime t -> dev.nabla.engine.Result.formatInstant(t.toOffsetDateTime());
            case Instant t -> dev.nabla.engine.Result.formatInstant(t.atOffset(ZoneOffset.UTC));
            case byte[] b -> Blobs.display(b);
            case double[] a -> dev.nabla.storage.ArrayText.format(a);
            default -> v.toString();
        };
    }

    /** {@code getBytes}: a blob's bytes; any other value as its text's UTF-8 bytes. */
    static byte[] toBytes(Object v) {
        return v instanceof byte[] b ? b : toText(v).getBytes(StandardCharsets.UTF_8);
    }

    static LocalDate toLocalDate(Object v) throws SQLException {
        return switch (v) {
            case LocalDate d -> d;
            case LocalDateTime t -> t.toLocalDate();
            case OffsetDateTime o -> o.toLocalDate();
            case String s -> {
                try {
                    yield LocalDate.parse(s.trim());
                } catch (DateTimeParseException e) {
                    throw JdbcErrors.conversion(v, "DATE");
                }
            }
            default -> throw JdbcErrors.conversion(v, "DATE");
        };
    }

    /** A TIME's text as the engine prints it ({@code 12:00:00}, not LocalTime's {@code 12:00}). */
    static String timeText(LocalTime t) {
        return t.equals(LocalTime.MAX) ? "24:00:00" : dev.nabla.storage.TimeOfDay.format(t.toNanoOfDay() / 1000);
    }

    static LocalTime toLocalTime(Object v) throws SQLException {
        return switch (v) {
            case LocalTime t -> t;
            case LocalDateTime t -> t.toLocalTime();
            case String s -> {
                long micros = dev.nabla.storage.TimeOfDay.parse(s);
                if (micros < 0) throw JdbcErrors.conversion(v, "TIME");
                yield micros == dev.nabla.storage.TimeOfDay.END ? LocalTime.MAX : LocalTime.ofNanoOfDay(micros * 1000);
            }
            default -> throw JdbcErrors.conversion(v, "TIME");
        };
    }

    /** A java.sql.Time keeping the milliseconds ({@link Time#valueOf(LocalTime)} drops the fraction). */
    static Time sqlTime(LocalTime t) {
        Time out = Time.valueOf(t);
        out.setTime(out.getTime() + t.getNano() / 1_000_000);
        return out;
    }

    /** The LocalTime a java.sql.Time means, milliseconds included ({@link Time#toLocalTime()} drops them). */
    static LocalTime localTime(Time t) {
        return t.toLocalTime().plusNanos(Math.floorMod(t.getTime(), 1000L) * 1_000_000L);
    }

    /**
     * {@code getTimestamp}: a TIMESTAMP's wall-clock time (in the JVM's zone, as JDBC defines it), a TIMESTAMPTZ's
     * instant (as pgjdbc).
     */
    static Timestamp toTimestamp(Object v) throws SQLException {
        return v instanceof OffsetDateTime o ? Timestamp.from(o.toInstant()) : Timestamp.valueOf(toLocalDateTime(v));
    }

    /** A TIMESTAMPTZ (an OffsetDateTime at the session zone's offset) or text with an offset. */
    static OffsetDateTime toOffsetDateTime(Object v) throws SQLException {
        return switch (v) {
            case OffsetDateTime o -> o;
            case String s -> {
                try {
                    long micros = dev.nabla.storage.Instants.parse(s, ZoneOffset.UTC);
                    yield OffsetDateTime.ofInstant(
                            Instant.ofEpochSecond(
                                    Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000),
                            ZoneOffset.UTC);
                } catch (IllegalArgumentException | java.time.DateTimeException e) {
                    throw JdbcErrors.conversion(v, "TIMESTAMP WITH TIME ZONE");
                }
            }
            // a TIMESTAMP is a wall-clock time without a zone: read as UTC, as this driver always has
            default -> toLocalDateTime(v).atOffset(ZoneOffset.UTC);
        };
    }

    static LocalDateTime toLocalDateTime(Object v) throws SQLException {
        return switch (v) {
            case LocalDateTime t -> t;
            // a TIMESTAMPTZ's wall-clock time in the session's zone
            case OffsetDateTime o -> o.toLocalDateTime();
            case LocalDate d -> d.atStartOfDay();
            case String s -> {
                String t = s.trim();
                try {
                    yield t.length() <= 10
                            ? LocalDate.parse(t).atStartOfDay()
                            : LocalDateTime.parse(t.replace(' ', 'T'));
                } catch (DateTimeParseException e) {
                    throw JdbcErrors.conversion(v, "TIMESTAMP");
                }
            }
            default -> throw JdbcErrors.conversion(v, "TIMESTAMP");
        };
    }

    /** {@code getObject(i, type)}: the JDBC 4.1 typed accessor. */
    @SuppressWarnings("unchecked")
    static <T> @Nullable T as(@Nullable Object v, Class<T> type) throws SQLException {
        if (type == null) throw new SQLException("type must not be null", "22023");
        if (v == null) return null;
        Object out;
        if (type == Object.class) out = v;
        else if (type == String.class) out = toText(v);
        else if (type == byte[].class) out = toBytes(v);
        else if (type == Long.class || type == long.class) out = toLong(v);
        else if (type == Integer.class || type == int.class) out = toInt(v);
        else if (type == Short.class || type == short.class) out = (short) toInt(v);
        else if (type == Byte.class || type == byte.class) out = (byte) toInt(v);
        else if (type == Double.class || type == double.class) out = toDouble(v);
        else if (type == Float.class || type == float.class) out = (float) toDouble(v);
        else if (type == BigDecimal.class) out = toBigDecimal(v);
        else if (type == BigInteger.class) out = toBigDecimal(v).toBigInteger();
        else if (type == Boolean.class || type == boolean.class) out = toBoolean(v);
        else if (type == LocalDate.class) out = toLocalDate(v);
        else if (type == LocalDateTime.class) out = toLocalDateTime(v);
        else if (type == java.sql.Date.class) out = java.sql.Date.valueOf(toLocalDate(v));
        else if (type == Timestamp.class) out = toTimestamp(v);
        else if (type == Instant.class) out = toOffsetDateTime(v).toInstant();
        else if (type == OffsetDateTime.class) out = toOffsetDateTime(v);
        else if (type == ZonedDateTime.class) out = toOffsetDateTime(v).toZonedDateTime();
        else if (type == java.util.Date.class)
            out = new java.util.Date(toTimestamp(v).getTime());
        else if (type == LocalTime.class) out = toLocalTime(v);
        else if (type == Time.class) out = sqlTime(toLocalTime(v));
        else if (type == java.util.UUID.class) out = toUuid(v);
        else if (type.isInstance(v)) out = v;
        else throw JdbcErrors.conversion(v, type.getSimpleName());
        return (T) out;
    }

    /** {@code getObject(i, UUID.class)}: a UUID column's value, or text in a UUID form (a VARCHAR column of them). */
    private static java.util.UUID toUuid(Object v) throws SQLException {
        if (v instanceof java.util.UUID u) return u;
        java.util.UUID u = v instanceof String s ? dev.nabla.storage.Uuids.tryParse(s) : null;
        if (u == null) throw JdbcErrors.conversion(v, "UUID");
        return u;
    }

    static String timestampText(LocalDateTime t) {
        String s = t.toLocalDate() + " "
                + String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        if (micros == 0) return s;
        String frac = String.format(Locale.ROOT, "%06d", micros);
        int end = frac.length();
        while (end > 1 && frac.charAt(end - 1) == '0') end--;
        return s + "." + frac.substring(0, end);
    }

    private static long parseLong(String s) throws SQLException {
        String t = s.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(t);
                if (d >= -0x1p63 && d < 0x1p63) return (long) d;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw JdbcErrors.conversion(s, "BIGINT");
        }
    }

    // ---- Java value -> engine value (setters) ----

    /** A parameter value as the engine takes it: Long, Double, BigDecimal, String, Boolean, LocalDate, LocalDateTime or null. */
    static @Nullable Object toEngine(@Nullable Object x) throws SQLException {
        return switch (x) {
            case null -> null;
            case Long l -> l;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case Double d -> d;
            case Float f -> (double) f;
            case BigDecimal d -> d; // exact: the engine keeps it for DECIMAL columns and parameters
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
            case Boolean b -> b;
            case String s -> s;
            case Character c -> String.valueOf(c);
            case LocalDate d -> d;
            case LocalDateTime t -> t;
            case java.sql.Date d -> d.toLocalDate();
            case Timestamp t -> t.toLocalDateTime();
            case Time t -> localTime(t);
            // instants stay instants: a TIMESTAMPTZ takes them exactly, a TIMESTAMP their wall-clock time in the
            // session's zone (PostgreSQL's timestamptz → timestamp)
            case Instant i -> i;
            case OffsetDateTime o -> o;
            case ZonedDateTime z -> z;
            case java.util.Date d -> LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
            case LocalTime t -> t;
            case java.util.UUID u -> u;
            case byte[] b -> b.clone();
            case double[] a -> a.clone();
            case float[] f -> {
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) d[i] = f[i];
                yield d;
            }
            // a DOUBLE[] list parameter with NULL elements (getArray of a list column gives these back)
            case Number[] a -> a.clone();
            case java.sql.Array arr -> toEngine(arr.getArray());
            default ->
                throw new SQLException(
                        "unsupported parameter type " + x.getClass().getName(), "22023");
        };
    }

    /** {@code setObject(i, x, targetSqlType)}: convert first, then to the engine's form. */
    static @Nullable Object toEngine(@Nullable Object x, int sqlType) throws SQLException {
        Object v = toEngine(x);
        if (v == null) return null;
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> toLong(v);
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> toDouble(v);
            case Types.DECIMAL, Types.NUMERIC -> toBigDecimal(v);
            case Types.CHAR,
                    Types.VARCHAR,
                    Types.LONGVARCHAR,
                    Types.NCHAR,
                    Types.NVARCHAR,
                    Types.LONGNVARCHAR,
                    Types.CLOB -> toText(v);
            case Types.BIT, Types.BOOLEAN -> toBoolean(v);
            case Types.DATE -> toLocalDate(v);
            case Types.TIMESTAMP -> toLocalDateTime(v);
            case Types.TIMESTAMP_WITH_TIMEZONE -> toOffsetDateTime(v);
            case Types.TIME -> toLocalTime(v);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> toBytes(v);
            case Types.OTHER, Types.JAVA_OBJECT -> v;
            default -> throw JdbcErrors.unsupported("target SQL type " + sqlType);
        };
    }

    /** {@code getObject(i)}: the JDBC-standard class for the column type (Integer, Long, Double, Date, Timestamp, ...). */
    static @Nullable Object jdbcObject(@Nullable Object v, DataType t) {
        return switch (v) {
            case null -> null;
            case Long l when t == DataType.INTEGER && l == (int) (long) l -> (int) (long) l;
            case LocalDate d -> java.sql.Date.valueOf(d);
            case LocalDateTime ts -> Timestamp.valueOf(ts);
            case LocalTime lt -> sqlTime(lt);
            case double[] a -> new NablaArray(a);
            case dev.nabla.storage.ListValue l -> new NablaArray(l);
            default -> v;
        };
    }

    // ---- types ----

    static int sqlType(DataType t) {
        return switch (t) {
            case ScalarType.NULL -> Types.NULL;
            case ScalarType.BOOLEAN -> Types.BOOLEAN;
            case ScalarType.INTEGER -> Types.INTEGER;
            case ScalarType.BIGINT -> Types.BIGINT;
            case ScalarType.REAL -> Types.REAL;
            case ScalarType.DOUBLE -> Types.DOUBLE;
            case ScalarType.VARCHAR -> Types.VARCHAR;
            // VARBINARY rather than BLOB: tools then read values with getBytes, not getBlob
            case ScalarType.BLOB -> Types.VARBINARY;
            case ScalarType.DATE -> Types.DATE;
            case ScalarType.TIMESTAMP -> Types.TIMESTAMP;
            case ScalarType.TIME -> Types.TIME;
            // OTHER with java.util.UUID, as PostgreSQL's driver reports a uuid column
            case ScalarType.UUID -> Types.OTHER;
            case ScalarType.TIMESTAMP_TZ -> Types.TIMESTAMP_WITH_TIMEZONE;
            case dev.nabla.storage.ArrayType a -> Types.ARRAY;
            case dev.nabla.storage.ListType l -> Types.ARRAY;
            case dev.nabla.storage.DecimalType d -> Types.DECIMAL;
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }

    static String javaClassName(DataType t) {
        return switch (t) {
            case ScalarType.NULL -> Object.class.getName();
            case ScalarType.BOOLEAN -> Boolean.class.getName();
            case ScalarType.INTEGER -> Integer.class.getName();
            case ScalarType.BIGINT -> Long.class.getName();
            case ScalarType.REAL, ScalarType.DOUBLE -> Double.class.getName();
            case ScalarType.VARCHAR -> String.class.getName();
            case ScalarType.BLOB -> byte[].class.getName();
            case ScalarType.DATE -> java.sql.Date.class.getName();
            case ScalarType.TIMESTAMP -> Timestamp.class.getName();
            case ScalarType.TIME -> Time.class.getName();
            case ScalarType.UUID -> java.util.UUID.class.getName();
            // JDBC 4.2's mapping of TIMESTAMP_WITH_TIMEZONE
            case ScalarType.TIMESTAMP_TZ -> OffsetDateTime.class.getName();
            case dev.nabla.storage.ArrayType a -> java.sql.Array.class.getName();
            case dev.nabla.storage.ListType l -> java.sql.Array.class.getName();
            case dev.nabla.storage.DecimalType d -> BigDecimal.class.getName();
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }

    static int precision(DataType t) {
        return switch (t) {
            case ScalarType.NULL -> 0;
            case ScalarType.BOOLEAN -> 1;
            case ScalarType.INTEGER -> 10;
            case ScalarType.BIGINT -> 19;
            case ScalarType.REAL -> 7;
            case ScalarType.DOUBLE -> 15;
            case ScalarType.VARCHAR, ScalarType.BLOB -> Integer.MAX_VALUE;
            case ScalarType.DATE -> 10;
            case ScalarType.TIMESTAMP -> 26;
            case ScalarType.TIME -> 15;
            case ScalarType.UUID -> 36;
            // 2024-01-01 12:00:00.123456+05:30
            case ScalarType.TIMESTAMP_TZ -> 32;
            case dev.nabla.storage.ArrayType a -> a.size();
            case dev.nabla.storage.ListType l -> 0;
            case dev.nabla.storage.DecimalType d -> d.precision();
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }

    static int scale(DataType t) {
        return switch (t) {
            case ScalarType.TIMESTAMP, ScalarType.TIME, ScalarType.TIMESTAMP_TZ -> 6;
            case ScalarType.NULL,
                    ScalarType.BOOLEAN,
                    ScalarType.INTEGER,
                    ScalarType.BIGINT,
                    ScalarType.REAL,
                    ScalarType.DOUBLE,
                    ScalarType.VARCHAR,
                    ScalarType.DATE,
                    ScalarType.BLOB,
                    ScalarType.UUID -> 0;
            case dev.nabla.storage.ArrayType a -> 0;
            case dev.nabla.storage.ListType l -> 0;
            case dev.nabla.storage.DecimalType d -> d.scale();
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }

    static int displaySize(DataType t) {
        return switch (t) {
            case ScalarType.NULL -> 4;
            case ScalarType.BOOLEAN -> 5;
            case ScalarType.INTEGER -> 11;
            case ScalarType.BIGINT -> 20;
            case ScalarType.REAL -> 15;
            case ScalarType.DOUBLE -> 24;
            case ScalarType.VARCHAR, ScalarType.BLOB -> Integer.MAX_VALUE;
            case ScalarType.DATE -> 10;
            case ScalarType.TIMESTAMP -> 26;
            case ScalarType.TIME -> 15;
            case ScalarType.UUID -> 36;
            case ScalarType.TIMESTAMP_TZ -> 32;
            case dev.nabla.storage.ArrayType a -> Integer.MAX_VALUE;
            case dev.nabla.storage.ListType l -> Integer.MAX_VALUE;
            // sign, digits and the point
            case dev.nabla.storage.DecimalType d -> d.precision() + (d.scale() > 0 ? 2 : 1);
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }
}
