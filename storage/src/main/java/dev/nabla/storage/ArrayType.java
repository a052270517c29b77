package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.Objects;

/**
 * A fixed-size array, {@code element[size]} ({@code DOUBLE[3]}): every value has exactly
 * {@code size} elements. Named only for now (storage and execution of arrays are not implemented).
 */
public record ArrayType(DataType element, int size) implements NamedOnlyType {
    public ArrayType {
        Objects.requireNonNull(element, "element");
        if (size < 1) throw new NablaException(ErrorCode.TYPE_MISMATCH, "array size " + size + " must be at least 1");
        if (element == NULL) throw new NablaException(ErrorCode.TYPE_MISMATCH, "arrays of NULL are not a type");
    }

    @Override
    public PhysicalType physical() {
        throw DataType.unsupported(this);
    }

    @Override
    public boolean isSupported() {
        return false;
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

    @Override
    public String toString() {
        return sqlName();
    }
}
