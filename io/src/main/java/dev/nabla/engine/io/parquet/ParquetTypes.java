package dev.nabla.engine.io.parquet;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.DataType;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** The type mapping between Parquet physical/logical types and Nabla's SQL types, both ways. */
final class ParquetTypes {
    private ParquetTypes() {}

    /** How a Parquet column is read. */
    enum Read {
        BOOLEAN,
        INT32,
        INT64,
        FLOAT,
        DOUBLE,
        STRING,
        DATE,
        TS_MILLIS,
        TS_MICROS,
        TS_NANOS,
        TIME_MILLIS,
        TIME_MICROS,
        TIME_NANOS,
        DECIMAL32,
        DECIMAL64,
        DECIMAL_BINARY,
        BYTES,
        /** FIXED_LEN_BYTE_ARRAY(16) annotated UUID: the 16 bytes of the UUID, most significant first. */
        UUID,
        /** A LIST of numbers (DuckDB's, Arrow's and Spark's three-level form, or a legacy two-level one): DOUBLE[]. */
        LIST
    }

    /**
     * Whether {@code t} is a LIST-annotated group whose one leaf is a plain number (DOUBLE, FLOAT, INT32 or INT64
     * without a date, time or decimal annotation), nested one repeated level deep: what Nabla reads as DOUBLE[].
     */
    static boolean isNumberList(Type t) {
        if (t.isPrimitive()
                || !(t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation))
            return false;
        Type repeated = t.asGroupType().getFieldCount() == 1 ? t.asGroupType().getType(0) : null;
        if (repeated == null || !repeated.isRepetition(Type.Repetition.REPEATED)) return false;
        Type leaf = repeated;
        if (!leaf.isPrimitive()) {
            if (leaf.asGroupType().getFieldCount() != 1) return false;
            leaf = leaf.asGroupType().getType(0);
            if (!leaf.isPrimitive() || leaf.isRepetition(Type.Repetition.REPEATED)) return false;
        }
        LogicalTypeAnnotation a = leaf.getLogicalTypeAnnotation();
        if (a != null && !(a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation)) return false;
        return switch (leaf.asPrimitiveType().getPrimitiveTypeName()) {
            case DOUBLE, FLOAT, INT32, INT64 -> true;
            default -> false;
        };
    }

    static Read readKind(String file, Type t) {
        if (isNumberList(t)) return Read.LIST;
        if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    "read_parquet: " + file + ": column \"" + t.getName()
                            + "\" is nested or repeated; only flat columns and lists of numbers (read as DOUBLE[])"
                            + " are supported");
        }
        PrimitiveType p = t.asPrimitiveType();
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        return switch (p.getPrimitiveTypeName()) {
            case BOOLEAN -> Read.BOOLEAN;
            case INT32 ->
                a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation
                        ? Read.TIME_MILLIS
                        : a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                                ? Read.DATE
                                : a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation
                                        ? Read.DECIMAL32
                                        : Read.INT32;
            case INT64 -> {
                if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
                    yield switch (ts.getUnit()) {
                        case MILLIS -> Read.TS_MILLIS;
                        case MICROS -> Read.TS_MICROS;
                        case NANOS -> Read.TS_NANOS;
                    };
                }
                // a TIME adjusted to UTC (TIME WITH TIME ZONE) is read as its UTC time of day
                if (a instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation tm)
                    yield tm.getUnit() == LogicalTypeAnnotation.TimeUnit.NANOS ? Read.TIME_NANOS : Read.TIME_MICROS;
                yield a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation ? Read.DECIMAL64 : Read.INT64;
            }
            case FLOAT -> Read.FLOAT;
            case DOUBLE -> Read.DOUBLE;
            // binary without a logical type is bytes (as DuckDB reads it); STRING/ENUM/JSON annotations are text
            case BINARY, FIXED_LEN_BYTE_ARRAY ->
                a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation
                        ? Read.UUID
                        : a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation
                                ? Read.DECIMAL_BINARY
                                : a == null ? Read.BYTES : Read.STRING;
            case INT96 ->
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        "read_parquet: " + file + ": column \"" + t.getName()
                                + "\" uses the legacy INT96 timestamp type; rewrite the file with TIMESTAMP(MICROS)");
        };
    }

    static DataType sqlType(Read r, PrimitiveType p) {
        return switch (r) {
            case BOOLEAN -> DataType.BOOLEAN;
            case INT32 ->
                p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
                                && !i.isSigned()
                        ? DataType.BIGINT
                        : DataType.INTEGER;
            case INT64 -> DataType.BIGINT;
            case FLOAT -> DataType.REAL;
            // a DECIMAL of up to 38 digits is read exactly; a wider one (which Nabla cannot store) as DOUBLE
            case DECIMAL32, DECIMAL64, DECIMAL_BINARY ->
                p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d
                                && d.getPrecision() <= dev.nabla.storage.DecimalType.MAX_STORED_PRECISION
                        ? new dev.nabla.storage.DecimalType(d.getPrecision(), d.getScale())
                        : DataType.DOUBLE;
            case DOUBLE -> DataType.DOUBLE;
            case STRING -> DataType.VARCHAR;
            case BYTES -> DataType.BLOB;
            case UUID -> DataType.UUID;
            case DATE -> DataType.DATE;
            // isAdjustedToUTC=true is an instant (DuckDB writes TIMESTAMPTZ so, Spark its TIMESTAMP): TIMESTAMPTZ;
            // the same UTC microseconds either way
            case TS_MILLIS, TS_MICROS, TS_NANOS ->
                p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
                                && ts.isAdjustedToUTC()
                        ? DataType.TIMESTAMP_TZ
                        : DataType.TIMESTAMP;
            case TIME_MILLIS, TIME_MICROS, TIME_NANOS -> DataType.TIME;
            case LIST -> dev.nabla.storage.ListType.DOUBLE_LIST;
        };
    }

    /** The Parquet column written for a SQL column (always OPTIONAL: NULLs go into definition levels). */
    static Type writeType(String name, DataType t) {
        // DOUBLE[] and DOUBLE[n]: the standard three-level LIST of optional doubles (what DuckDB, Arrow and
        // Spark write and read); a DOUBLE[n] comes back as a DOUBLE[] list
        if (t instanceof dev.nabla.storage.ListType || t instanceof dev.nabla.storage.ArrayType)
            return Types.optionalList()
                    .optionalElement(PrimitiveType.PrimitiveTypeName.DOUBLE)
                    .named(name);
        // a DECIMAL of 19..38 digits: its 128-bit unscaled value as a 16-byte big-endian two's-complement
        // FIXED_LEN_BYTE_ARRAY annotated DECIMAL(p, s), as DuckDB writes one
        if (t instanceof dev.nabla.storage.DecimalType d && d.isWide())
            return Types.optional(PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                    .length(16)
                    .as(LogicalTypeAnnotation.decimalType(d.scale(), d.precision()))
                    .named(name);
        // a UUID: its 16 bytes, most significant first, annotated UUID (as DuckDB writes and reads one)
        if (t == DataType.UUID)
            return Types.optional(PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                    .length(16)
                    .as(LogicalTypeAnnotation.uuidType())
                    .named(name);
        var o = Types.optional(
                switch (t) {
                    case ScalarType.BOOLEAN -> PrimitiveType.PrimitiveTypeName.BOOLEAN;
                    case ScalarType.INTEGER, ScalarType.DATE -> PrimitiveType.PrimitiveTypeName.INT32;
                    case ScalarType.BIGINT,
                            ScalarType.TIMESTAMP,
                            ScalarType.TIME,
                            ScalarType.TIMESTAMP_TZ,
                            ScalarType.NULL -> PrimitiveType.PrimitiveTypeName.INT64;
                    case ScalarType.REAL -> PrimitiveType.PrimitiveTypeName.FLOAT;
                    case ScalarType.DOUBLE -> PrimitiveType.PrimitiveTypeName.DOUBLE;
                    case ScalarType.VARCHAR, ScalarType.BLOB -> PrimitiveType.PrimitiveTypeName.BINARY;
                    case ScalarType.UUID -> throw new IllegalStateException("written as FIXED_LEN_BYTE_ARRAY above");
                    case dev.nabla.storage.ArrayType arr -> throw new IllegalStateException("written as a LIST above");
                    case dev.nabla.storage.ListType l -> throw new IllegalStateException("written as a LIST above");
                    // the unscaled value, annotated DECIMAL(p, s) (Parquet allows INT64 up to 18 digits)
                    case dev.nabla.storage.DecimalType d -> PrimitiveType.PrimitiveTypeName.INT64;
                    case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
                });
        LogicalTypeAnnotation a = switch (t) {
            case ScalarType.DATE -> LogicalTypeAnnotation.dateType();
            case ScalarType.TIMESTAMP ->
                LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS);
            case ScalarType.TIME -> LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.MICROS);
            // an instant: TIMESTAMP(MICROS, isAdjustedToUTC=true), which DuckDB reads as TIMESTAMPTZ
            case ScalarType.TIMESTAMP_TZ ->
                LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS);
            case ScalarType.VARCHAR -> LogicalTypeAnnotation.stringType();
            case ScalarType.NULL,
                    ScalarType.BOOLEAN,
                    ScalarType.INTEGER,
                    ScalarType.BIGINT,
                    ScalarType.REAL,
                    ScalarType.DOUBLE,
                    ScalarType.BLOB,
                    ScalarType.UUID -> null;
            case dev.nabla.storage.DecimalType d -> LogicalTypeAnnotation.decimalType(d.scale(), d.precision());
            case dev.nabla.storage.ArrayType arr -> null;
            case dev.nabla.storage.ListType l -> null;
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
        return (a == null ? o : o.as(a)).named(name);
    }
}
