package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.Objects;

/**
 * A fixed-size array, {@code element[size]} ({@code DOUBLE[3]}): every value has exactly
 * {@code size} elements. {@code DOUBLE[n]} is stored and executed ({@link PhysicalType#ARRAY}:
 * one row-major {@code double[]} per batch); {@code REAL[n]}/{@code FLOAT[n]} are stored as
 * {@code DOUBLE[n]} (see {@link DataType#storedAs}), as REAL scalars are stored as doubles. Arrays of
 * other element types can be named but not stored (0A000).
 */
public record ArrayType(DataType element, int size) implements DataType {
    public ArrayType {
        Objects.requireNonNull(element, "element");
        if (size < 1) throw new NablaException(ErrorCode.TYPE_MISMATCH, "array size " + size + " must be at least 1");
        if (element == NULL) throw new NablaException(ErrorCode.TYPE_MISMATCH, "arrays of NULL are not a type");
    }

    @Override
    public PhysicalType physical() {
        if (!isSupported()) throw DataType.unsupported(this);
        return PhysicalType.ARRAY;
    }

    @Override
    public boolean isSupported() {
        return element == DOUBLE;
    }

    @Override
    public boolean isNumeric() {
        return false;
    }

    @Override
    public boolean isIntegral() {
        return false;
    }

    @Override
    public boolean isFloating() {
        return false;
    }

    @Override
    public boolean isTemporal() {
        return false;
    }

    @Override
    public String sqlName() {
        return element.sqlName() + "[" + size + "]";
    }

    /** Element-wise: {@code DOUBLE[n]} (and {@code INTEGER[n]}, {@code REAL[n]}) differentiate as {@code DOUBLE[n]}. */
    @Override
    public DataType tangentType() {
        return new ArrayType(element.tangentType(), size);
    }

    /**
     * The error for an array where values must be compared, hashed or ordered (GROUP BY, DISTINCT, join
     * keys, ORDER BY, =): arrays have no order, and grouping by one is not offered yet.
     */
    public static NablaException notComparable(DataType type) {
        // lists compare, sort, group and join; min/max, IN lists, greatest/least and window keys over them do not
        if (type instanceof ListType)
            return new NablaException(
                    ErrorCode.UNSUPPORTED,
                    "values of type " + type.sqlName()
                            + " are not supported here yet (min/max, IN lists, greatest/least, window PARTITION BY);"
                            + " lists compare with =, <, sort with ORDER BY and group with GROUP BY");
        return new NablaException(
                ErrorCode.UNSUPPORTED,
                "values of type " + type.sqlName()
                        + " cannot be compared, grouped, sorted or used as a key; use a distance (array_distance, <->) or an element (v[i])");
    }

    @Override
    public String toString() {
        return sqlName();
    }
}
