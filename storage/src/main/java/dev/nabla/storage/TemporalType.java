package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

/** The time types other than DATE, TIME and TIMESTAMP; named only (no physical layout yet). */
public enum TemporalType implements NamedOnlyType {
    /** An instant, shown in the session's zone. */
    TIMESTAMP_TZ("TIMESTAMP WITH TIME ZONE");

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
