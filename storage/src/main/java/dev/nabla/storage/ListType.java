package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.Objects;

/**
 * A variable-length list, {@code element[]} ({@code DOUBLE[]}): each value has its own length.
 * Named only for now (storage and execution of lists are not implemented).
 */
public record ListType(DataType element) implements NamedOnlyType {
    public ListType {
        Objects.requireNonNull(element, "element");
        if (element == NULL) throw new NablaException(ErrorCode.TYPE_MISMATCH, "lists of NULL are not a type");
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
        return element.sqlName() + "[]";
    }

    /**
     * Lists have no derivative: two lists of one column may differ in length, so a list is not a
     * point of one vector space (use a fixed-size {@link ArrayType}).
     */
    @Override
    public DataType tangentType() {
        throw new NablaException(
                ErrorCode.GRAD, "values of type " + sqlName() + " have no derivative: use a fixed-size array");
    }

    @Override
    public String toString() {
        return sqlName();
    }
}
