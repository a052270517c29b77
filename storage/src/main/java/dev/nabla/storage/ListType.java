package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.Objects;

/**
 * A variable-length list, {@code element[]}: each value has its own length, and elements may be NULL.
 * {@code DOUBLE[]}, {@code BIGINT[]}, {@code INTEGER[]} and {@code VARCHAR[]} are stored and executed
 * ({@link PhysicalType#LIST}: one {@link ListValue} per row); lists of other element types can be named but
 * not stored (0A000).
 */
public record ListType(DataType element) implements DataType {
    public static final ListType DOUBLE_LIST = new ListType(DataType.DOUBLE);
    public static final ListType BIGINT_LIST = new ListType(DataType.BIGINT);
    public static final ListType VARCHAR_LIST = new ListType(DataType.VARCHAR);

    public ListType {
        Objects.requireNonNull(element, "element");
        if (element == NULL) throw new NablaException(ErrorCode.TYPE_MISMATCH, "lists of NULL are not a type");
    }

    @Override
    public PhysicalType physical() {
        if (!isSupported()) throw DataType.unsupported(this);
        return PhysicalType.LIST;
    }

    @Override
    public boolean isSupported() {
        return ListValue.Kind.of(element) != null;
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

    /** How this list's values hold their elements (a supported list). */
    public ListValue.Kind kind() {
        return ListValue.Kind.of(element);
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
