package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

/**
 * {@code DECIMAL(precision, scale)}: an exact decimal with {@code precision} digits, {@code scale}
 * of them after the point. Named only: the engine stores DECIMAL columns and casts as DOUBLE
 * ({@link DataType#fromSqlName}) until exact decimal arithmetic exists.
 */
public record DecimalType(int precision, int scale) implements NamedOnlyType {
    /** The largest precision accepted (PostgreSQL's limit for a declared precision). */
    public static final int MAX_PRECISION = 1000;
    /** {@code DECIMAL} without parameters (DuckDB's default, DECIMAL(18,3)). */
    public static final DecimalType DEFAULT = new DecimalType(18, 3);

    public DecimalType {
        if (precision < 1 || precision > MAX_PRECISION) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    "DECIMAL precision " + precision + " must be between 1 and " + MAX_PRECISION);
        }
        if (scale < 0 || scale > precision) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    "DECIMAL scale " + scale + " must be between 0 and the precision " + precision);
        }
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
        return true;
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
        return "DECIMAL(" + precision + "," + scale + ")";
    }

    /** DOUBLE: a derivative is a rate, not an amount with a fixed number of decimal places. */
    @Override
    public DataType tangentType() {
        return DOUBLE;
    }

    @Override
    public String toString() {
        return sqlName();
    }
}
