package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

/**
 * Time types that can be named but not stored. None today (TIME and TIMESTAMP WITH TIME ZONE are {@link
 * ScalarType}s); kept as the place for the next one (TIME WITH TIME ZONE) so the sealed hierarchy stays put.
 */
public enum TemporalType implements NamedOnlyType {
    ;

    private final String sqlName;

    TemporalType(String sqlName) {
        this.sqlName = sqlName;
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
        return sqlName;
    }

    @Override
    public DataType tangentType() {
        throw new NablaException(ErrorCode.GRAD, "values of type " + sqlName + " have no derivative");
    }

    @Override
    public String toString() {
        return sqlName;
    }
}
