package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SQL value type: a closed hierarchy of the parameterless {@link ScalarType}s, which the engine
 * stores and executes, and the {@link NamedOnlyType}s, which it can name, print and compare but not
 * yet store: {@link TemporalType} (none today), {@link DecimalType}
 * ({@code DECIMAL(p, s)}), {@link ArrayType} (fixed size, {@code DOUBLE[3]}) and {@link ListType}
 * (variable length, {@code DOUBLE[]}).
 *
 * <p>Compare types with {@link #equals} (parameterised types are records, two {@code DOUBLE[3]} are
 * equal but not identical); the constants below are singletons, so {@code t == DataType.DOUBLE}
 * is exact. Switch over a type with an exhaustive pattern switch (no {@code default}), or over its
 * {@link #physical()} layout. A switch that handles the stored types ends in
 * {@code case NamedOnlyType t -> throw DataType.unsupported(t);}: when a type becomes storable it
 * moves from {@link NamedOnlyType} to {@code DataType}'s direct subtypes, and every such switch stops
 * compiling until it handles the new type.
 *
 * <p>Every type can be named, printed and compared, but only the {@linkplain #isSupported()
 * supported} ones can be stored and executed: the binder rejects the others with SQLSTATE 0A000
 * ({@link #unsupported}), and {@link #physical()} throws the same error as a backstop, so an
 * unsupported type can never take a wrong path silently.
 */
public sealed interface DataType permits ScalarType, ArrayType, ListType, DecimalType, NamedOnlyType {
    // Singletons for the scalar types; they keep `DataType.DOUBLE` source-compatible with the former enum.
    // DataType has no default methods on purpose: initialising ScalarType would then initialise this
    // interface first and read these fields while ScalarType's constants are still null (JLS 12.4.2).
    DataType NULL = ScalarType.NULL;
    DataType BOOLEAN = ScalarType.BOOLEAN;
    DataType INTEGER = ScalarType.INTEGER;
    DataType BIGINT = ScalarType.BIGINT;
    DataType REAL = ScalarType.REAL;
    DataType DOUBLE = ScalarType.DOUBLE;
    DataType VARCHAR = ScalarType.VARCHAR;
    DataType DATE = ScalarType.DATE;
    DataType TIMESTAMP = ScalarType.TIMESTAMP;
    DataType BLOB = ScalarType.BLOB;
    DataType TIME = ScalarType.TIME;
    DataType UUID = ScalarType.UUID;
    DataType TIMESTAMP_TZ = ScalarType.TIMESTAMP_TZ;

    /** The types that can be stored and executed today, in declaration order (JDBC type info, docs). */
    List<DataType> SUPPORTED = List.of(
            NULL, BOOLEAN, INTEGER, BIGINT, REAL, DOUBLE, VARCHAR, DATE, TIMESTAMP, TIME, TIMESTAMP_TZ, BLOB, UUID);

    /**
     * How values of this type are laid out in a {@link ColumnVector}.
     *
     * @throws NablaException {@link ErrorCode#UNSUPPORTED} for a type that is not {@linkplain #isSupported() supported}
     */
    PhysicalType physical();

    /** Whether columns and expressions of this type can be stored and executed (as opposed to only named). */
    boolean isSupported();

    /** INTEGER, BIGINT, REAL, DOUBLE, DECIMAL and the untyped NULL. */
    boolean isNumeric();

    /** INTEGER and BIGINT. */
    boolean isIntegral();

    /** REAL and DOUBLE. */
    boolean isFloating();

    /** DATE and TIMESTAMP (the temporal types that take part in date arithmetic and promotion). */
    boolean isTemporal();

    /** The SQL spelling used in DESCRIBE, result headers and error messages ({@code DOUBLE[3]}, {@code DECIMAL(10,2)}). */
    String sqlName();

    /**
     * The type of a derivative (tangent or cotangent) of a value of this type: the one place that
     * decides it. Scalars differentiate in DOUBLE: the integers, BOOLEAN (0/1) and NULL because
     * their tangent space is the reals, REAL because Nabla has no single-precision arithmetic (REAL is stored as
     * a double), DECIMAL because derivatives are not exact decimal quantities. A fixed-size array
     * of a numeric type has the array of its elements' tangent type, element by element.
     *
     * @throws NablaException {@link ErrorCode#GRAD} for a type with no derivative (text, dates, booleans)
     */
    DataType tangentType();

    /** The error for a type that can be named but not yet stored or executed. */
    static NablaException unsupported(DataType type) {
        return new NablaException(ErrorCode.UNSUPPORTED, "type " + type.sqlName() + " is not supported yet");
    }

    /**
     * Parses a SQL type name as written ({@code double precision}, {@code DECIMAL(10, 2)},
     * {@code TIMESTAMP WITH TIME ZONE}, {@code DOUBLE[3]}, {@code INT[]}) into the exact type it
     * names, or null when the name is not a known type. Use {@link #fromSqlName} for the type a
     * column or cast of that name has in the engine.
     *
     * @throws NablaException {@link ErrorCode#TYPE_MISMATCH} for invalid parameters ({@code DECIMAL(2,5)}, {@code DOUBLE[0]})
     */
    static DataType parse(String text) {
        String n = text.trim().toUpperCase(Locale.ROOT);
        List<Integer> sizes = new ArrayList<>();
        while (n.endsWith("]")) {
            int open = n.lastIndexOf('[');
            if (open < 0) return null;
            String inside = n.substring(open + 1, n.length() - 1).trim();
            Integer size = inside.isEmpty() ? Integer.valueOf(-1) : parseInt(inside);
            if (size == null) return null;
            if (size < 1 && !inside.isEmpty()) { // [-1] must not read as []
                throw new NablaException(ErrorCode.TYPE_MISMATCH, "array size " + size + " must be at least 1");
            }
            sizes.addFirst(size);
            n = n.substring(0, open).trim();
        }
        List<Integer> params = new ArrayList<>();
        int paren = n.indexOf('(');
        if (paren >= 0) {
            if (!n.endsWith(")")) return null;
            for (String p : n.substring(paren + 1, n.length() - 1).split(",")) {
                Integer v = parseInt(p.trim());
                if (v == null) return null;
                params.add(v);
            }
            n = n.substring(0, paren).trim();
        }
        return of(n.replaceAll("\\s+", " "), params, sizes);
    }

    /**
     * The exact type named by upper-case words ({@code DOUBLE PRECISION}), their numeric
     * parameters (ignored except for DECIMAL/NUMERIC) and array suffixes, outermost last
     * ({@code -1} for {@code []}, otherwise the fixed size); null when the name is not a type.
     */
    static DataType of(String name, List<Integer> params, List<Integer> arraySizes) {
        DataType base = switch (name) {
            case "BOOLEAN", "BOOL" -> BOOLEAN;
            case "INT", "INTEGER", "INT4", "SMALLINT", "TINYINT", "INT2", "MEDIUMINT" -> INTEGER;
            case "BIGINT", "INT8", "LONG", "HUGEINT" -> BIGINT;
            case "REAL", "FLOAT4", "FLOAT" -> REAL;
            case "DOUBLE", "DOUBLE PRECISION", "FLOAT8" -> DOUBLE;
            // bare DECIMAL/NUMERIC is DOUBLE, as in SQLite (whose conformance files rely on it): only a
            // declared precision asks for exact decimal arithmetic
            case "DECIMAL", "NUMERIC", "DEC" ->
                params.isEmpty() ? DOUBLE : new DecimalType(params.get(0), params.size() > 1 ? params.get(1) : 0);
            case "VARCHAR", "TEXT", "STRING", "CHAR", "CHARACTER", "CHARACTER VARYING", "NVARCHAR", "CLOB", "BPCHAR" ->
                VARCHAR;
            case "DATE" -> DATE;
            case "TIMESTAMP", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE" -> TIMESTAMP;
            case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE" -> TIMESTAMP_TZ;
            case "TIME", "TIME WITHOUT TIME ZONE" -> TIME;
            case "BLOB", "BYTEA", "VARBINARY", "BINARY", "BINARY VARYING", "BYTES" -> BLOB;
            case "UUID" -> UUID;
            default -> null;
        };
        if (base == null) return null;
        DataType t = base;
        for (int size : arraySizes) t = size == -1 ? new ListType(t) : new ArrayType(t, size);
        return t;
    }

    /**
     * The type the engine gives a column or CAST declared with this name, or null when the name is
     * not a type. It is {@link #parse} except that arrays of REAL or DECIMAL are DOUBLE[n]. The
     * result may still be unsupported ({@code TIME}, {@code DOUBLE[]}, {@code DECIMAL(30,2)}).
     */
    static DataType fromSqlName(String name) {
        return storedAs(parse(name));
    }

    /**
     * {@code type} with the elements of a fixed-size array of REAL or DECIMAL replaced by DOUBLE
     * ({@code FLOAT[n]} is stored as {@code DOUBLE[n]}, as a REAL scalar is stored as a double); null
     * stays null. A scalar DECIMAL(p, s) stays itself (exact, see {@link DecimalType}).
     */
    static DataType storedAs(DataType type) {
        if (type instanceof ArrayType(DataType e, int n) && (e == REAL || e instanceof DecimalType))
            return new ArrayType(DOUBLE, n);
        if (type instanceof ListType(DataType e) && (e == REAL || e instanceof DecimalType))
            return new ListType(DOUBLE);
        return type;
    }

    /** The common type two operands are promoted to (SQLite/Postgres-style numeric promotion), or null. */
    static DataType commonSuperType(DataType a, DataType b) {
        if (a.equals(b)) return a;
        if (a == NULL) return b;
        if (b == NULL) return a;
        if (!a.isSupported() || !b.isSupported()) return null;
        if (a instanceof DecimalType || b instanceof DecimalType) return commonDecimal(a, b);
        if (a.isNumeric() && b.isNumeric()) {
            if (a.isFloating() || b.isFloating()) return DOUBLE;
            return BIGINT;
        }
        if ((a == BOOLEAN && b.isIntegral()) || (b == BOOLEAN && a.isIntegral())) return BIGINT;
        if (a.isTemporal() && b.isTemporal()) return TIMESTAMP;
        // a DATE or TIMESTAMP beside a TIMESTAMPTZ is read in the session's zone (PostgreSQL's implicit cast), and
        // text beside one is parsed as one
        if (a == TIMESTAMP_TZ && (b.isTemporal() || b == VARCHAR)
                || b == TIMESTAMP_TZ && (a.isTemporal() || a == VARCHAR)) return TIMESTAMP_TZ;
        // text meets bytes as its UTF-8 bytes (DuckDB's implicit VARCHAR -> BLOB)
        if (a == VARCHAR && b == BLOB || a == BLOB && b == VARCHAR) return BLOB;
        if (a == VARCHAR && b.isTemporal()) return b;
        if (b == VARCHAR && a.isTemporal()) return a;
        // a string literal next to a TIME reads as a time of day ('12:00' < t), as next to a DATE
        if (a == VARCHAR && b == TIME || a == TIME && b == VARCHAR) return TIME;
        // and next to a UUID as a UUID (u = '…', IN, UNION), as DuckDB and PostgreSQL
        if (a == VARCHAR && b == UUID || a == UUID && b == VARCHAR) return UUID;
        return null;
    }

    /**
     * The common type of a DECIMAL and another type: DOUBLE with a floating type (as PostgreSQL's
     * numeric meets float8); with an integer or another DECIMAL, the DECIMAL with the larger scale
     * and enough integer digits for both (an INTEGER has 10, a BIGINT 19), capped at 18 digits, past
     * which a value that does not fit fails with 22003 when cast; null with anything else.
     */
    private static DataType commonDecimal(DataType a, DataType b) {
        if (!a.isNumeric() || !b.isNumeric()) return null;
        if (a.isFloating() || b.isFloating()) return DOUBLE;
        int scale = Math.max(decimalScale(a), decimalScale(b));
        int integer = Math.max(integerDigits(a), integerDigits(b));
        int precision = Math.min(DecimalType.MAX_STORED_PRECISION, integer + scale);
        return new DecimalType(Math.max(precision, scale), scale);
    }

    private static int decimalScale(DataType t) {
        return t instanceof DecimalType d ? d.scale() : 0;
    }

    /** Digits before the point a value of the numeric type {@code t} may have. */
    private static int integerDigits(DataType t) {
        return t instanceof DecimalType d ? d.precision() - d.scale() : t == INTEGER ? 10 : t == BIGINT ? 19 : 1;
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
