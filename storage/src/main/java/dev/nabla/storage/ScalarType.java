package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

/**
 * The parameterless SQL types. Each supported one maps to one physical representation in a
 * {@link ColumnVector}: LONG ({@code long[]}: BOOLEAN as 0/1, INTEGER, BIGINT, DATE as epoch days,
 * TIMESTAMP as epoch microseconds, TIME as microseconds since midnight), DOUBLE ({@code double[]}: REAL, DOUBLE) or STRING
 * ({@code String[]}). BLOB is STRING too (see {@link #BLOB}). NULL is the type of an untyped NULL
 * literal; it is stored as LONG with every row null.
 *
 * <p>Refer to these through the {@link DataType} constants ({@code DataType.DOUBLE}); name the enum
 * only in switch labels ({@code case ScalarType.DOUBLE ->}).
 */
public enum ScalarType implements DataType {
    NULL("NULL", PhysicalType.LONG),
    BOOLEAN("BOOLEAN", PhysicalType.LONG),
    INTEGER("INTEGER", PhysicalType.LONG),
    BIGINT("BIGINT", PhysicalType.LONG),
    REAL("REAL", PhysicalType.DOUBLE),
    DOUBLE("DOUBLE", PhysicalType.DOUBLE),
    VARCHAR("VARCHAR", PhysicalType.STRING),
    DATE("DATE", PhysicalType.LONG),
    TIMESTAMP("TIMESTAMP", PhysicalType.LONG),
    /** Time of day without a zone, as microseconds since midnight in [0, 86 400 000 000] (24:00:00 included, as PostgreSQL and DuckDB). */
    TIME("TIME", PhysicalType.LONG),
    /**
     * An instant, stored as UTC epoch microseconds like TIMESTAMP; shown, parsed without an offset, truncated
     * and moved by days in the session's {@code TimeZone} (PostgreSQL's and DuckDB's TIMESTAMPTZ).
     */
    TIMESTAMP_TZ("TIMESTAMP WITH TIME ZONE", PhysicalType.LONG),
    /*
     * Bytes ride in the STRING path as Latin-1 strings, one char (0..255) per byte, rather than as a
     * new physical kind. JDK compact strings store such a string as a plain byte[] (one byte per
     * byte, immutable), and String's equals/hashCode/compareTo are then exactly byte-wise equality,
     * hashing and unsigned comparison: every hash table, sort, join and aggregate over STRING works
     * for blobs unchanged, whereas a BYTES physical kind would have to be taught to each of them.
     * Only the edges (literals, casts, hex/unhex, display, JDBC, CSV) know the difference.
     */
    BLOB("BLOB", PhysicalType.STRING),
    /**
     * A 128-bit UUID on the {@link PhysicalType#INT128} layout (no new layout to teach hash tables, sorts and
     * files). As DuckDB does, the high word is stored with its top bit flipped ({@link Uuids}), so the signed
     * 128-bit order every INT128 path already uses is the unsigned byte order of the UUID, which is the order
     * of its canonical text (PostgreSQL's and DuckDB's ORDER BY).
     */
    UUID("UUID", PhysicalType.INT128);

    private final String sqlName;
    private final PhysicalType physical;

    ScalarType(String sqlName, PhysicalType physical) {
        this.sqlName = sqlName;
        this.physical = physical;
    }

    @Override
    public PhysicalType physical() {
        return physical;
    }

    @Override
    public boolean isSupported() {
        return true;
    }

    @Override
    public boolean isNumeric() {
        return this == INTEGER || this == BIGINT || this == REAL || this == DOUBLE || this == NULL;
    }

    @Override
    public boolean isIntegral() {
        return this == INTEGER || this == BIGINT;
    }

    @Override
    public boolean isFloating() {
        return this == REAL || this == DOUBLE;
    }

    @Override
    public boolean isTemporal() {
        return this == DATE || this == TIMESTAMP;
    }

    @Override
    public String sqlName() {
        return sqlName;
    }

    @Override
    public DataType tangentType() {
        // BOOLEAN takes part in arithmetic as 0/1 (grad(x > 0, x) is 0), so it has a real tangent too
        if (isNumeric() || this == BOOLEAN) return DOUBLE;
        throw new NablaException(ErrorCode.GRAD, "values of type " + sqlName + " have no derivative");
    }

    @Override
    public String toString() {
        return sqlName;
    }
}
