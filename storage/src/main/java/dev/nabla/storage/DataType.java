package dev.nabla.storage;

import java.util.Locale;

/**
 * SQL value types. Each maps to one physical representation in a {@link ColumnVector}:
 * LONG ({@code long[]}: BOOLEAN as 0/1, INTEGER, BIGINT, DATE as epoch days, TIMESTAMP as epoch
 * microseconds), DOUBLE ({@code double[]}: REAL, DOUBLE) or STRING ({@code String[]}).
 * BLOB is STRING too (see {@link #BLOB}).
 * NULL is the type of an untyped NULL literal; it is stored as LONG with every row null.
 * DECIMAL and NUMERIC are accepted as type names and map to DOUBLE.
 */
public enum DataType {
    NULL(PhysicalType.LONG),
    BOOLEAN(PhysicalType.LONG),
    INTEGER(PhysicalType.LONG),
    BIGINT(PhysicalType.LONG),
    REAL(PhysicalType.DOUBLE),
    DOUBLE(PhysicalType.DOUBLE),
    VARCHAR(PhysicalType.STRING),
    DATE(PhysicalType.LONG),
    TIMESTAMP(PhysicalType.LONG),
    /*
     * Bytes ride in the STRING path as Latin-1 strings, one char (0..255) per byte, rather than as a
     * new physical kind. JDK compact strings store such a string as a plain byte[] (one byte per
     * byte, immutable), and String's equals/hashCode/compareTo are then exactly byte-wise equality,
     * hashing and unsigned comparison: every hash table, sort, join and aggregate over STRING works
     * for blobs unchanged, whereas a BYTES physical kind would have to be taught to each of them.
     * Only the edges (literals, casts, hex/unhex, display, JDBC, CSV) know the difference.
     */
    BLOB(PhysicalType.STRING);

    private final PhysicalType physical;

    DataType(PhysicalType physical) { this.physical = physical; }

    public PhysicalType physical() { return physical; }

    public boolean isNumeric() { return this == INTEGER || this == BIGINT || this == REAL || this == DOUBLE || this == NULL; }

    public boolean isIntegral() { return this == INTEGER || this == BIGINT; }

    public boolean isFloating() { return this == REAL || this == DOUBLE; }

    public boolean isTemporal() { return this == DATE || this == TIMESTAMP; }

    /** The SQL spelling used in DESCRIBE, result headers and error messages. */
    public String sqlName() { return name(); }

    /**
     * Parses a SQL type name (with optional length/precision already stripped by the caller or not).
     * Returns null when the name is not a known type.
     */
    public static DataType fromSqlName(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        int paren = n.indexOf('(');
        if (paren >= 0) n = n.substring(0, paren).trim();
        return switch (n) {
            case "BOOLEAN", "BOOL" -> BOOLEAN;
            case "INT", "INTEGER", "INT4", "SMALLINT", "TINYINT", "INT2", "MEDIUMINT" -> INTEGER;
            case "BIGINT", "INT8", "LONG", "HUGEINT" -> BIGINT;
            case "REAL", "FLOAT4", "FLOAT" -> REAL;
            case "DOUBLE", "DOUBLE PRECISION", "FLOAT8", "DECIMAL", "NUMERIC", "DEC" -> DOUBLE;
            case "VARCHAR", "TEXT", "STRING", "CHAR", "CHARACTER", "CHARACTER VARYING", "NVARCHAR", "CLOB", "BPCHAR" -> VARCHAR;
            case "DATE" -> DATE;
            case "TIMESTAMP", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE" -> TIMESTAMP;
            case "BLOB", "BYTEA", "VARBINARY", "BINARY", "BINARY VARYING", "BYTES" -> BLOB;
            default -> null;
        };
    }

    /** The common type two operands are promoted to (SQLite/Postgres-style numeric promotion), or null. */
    public static DataType commonSuperType(DataType a, DataType b) {
        if (a == b) return a;
        if (a == NULL) return b;
        if (b == NULL) return a;
        if (a.isNumeric() && b.isNumeric()) {
            if (a.isFloating() || b.isFloating()) return DOUBLE;
            return BIGINT;
        }
        if ((a == BOOLEAN && b.isIntegral()) || (b == BOOLEAN && a.isIntegral())) return BIGINT;
        if (a.isTemporal() && b.isTemporal()) return TIMESTAMP;
        // text meets bytes as its UTF-8 bytes (DuckDB's implicit VARCHAR -> BLOB)
        if (a == VARCHAR && b == BLOB || a == BLOB && b == VARCHAR) return BLOB;
        if (a == VARCHAR && b.isTemporal()) return b;
        if (b == VARCHAR && a.isTemporal()) return a;
        return null;
    }
}
