package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

/**
 * {@code DECIMAL(precision, scale)}: an exact decimal with {@code precision} digits, {@code scale}
 * of them after the point. Stored as its unscaled value: up to {@link #MAX_LONG_PRECISION} digits in a
 * {@code long} (physical LONG: 12.34 in DECIMAL(10,2) is 1234), from 19 to {@link #MAX_STORED_PRECISION}
 * digits in a 128-bit integer (physical {@link PhysicalType#INT128}, two longs, see {@link Int128}); a
 * wider DECIMAL can be named but not stored (0A000). Outside vectors (literals, parameters, boxed results)
 * a DECIMAL value is a {@link java.math.BigDecimal} whose scale is exactly {@link #scale()}.
 *
 * <p>Hashing, sorting, grouping, joins and MIN/MAX compare the unscaled longs, which is exact for two
 * values of the same type; the binder casts operands of different DECIMAL types to a common one first.
 */
public record DecimalType(int precision, int scale) implements DataType {
    /** The largest precision accepted (PostgreSQL's limit for a declared precision). */
    public static final int MAX_PRECISION = 1000;
    /** The largest precision stored in a {@code long}: every 18-digit unscaled value fits one. */
    public static final int MAX_LONG_PRECISION = 18;
    /** The largest precision stored (DuckDB's and SQL Server's limit): a 128-bit unscaled value. */
    public static final int MAX_STORED_PRECISION = Int128.MAX_DIGITS;

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
        if (!isSupported()) throw DataType.unsupported(this);
        return isWide() ? PhysicalType.INT128 : PhysicalType.LONG;
    }

    /** Whether the unscaled value needs 128 bits (more than {@link #MAX_LONG_PRECISION} digits). */
    public boolean isWide() {
        return precision > MAX_LONG_PRECISION;
    }

    /** The boxed form of a 128-bit unscaled value of this type. */
    public java.math.BigDecimal box(long hi, long lo) {
        return new java.math.BigDecimal(Int128.toBigInteger(hi, lo), scale);
    }

    @Override
    public boolean isSupported() {
        return precision <= MAX_STORED_PRECISION;
    }

    /** The boxed form of an unscaled value of this type. */
    public java.math.BigDecimal box(long unscaled) {
        return java.math.BigDecimal.valueOf(unscaled, scale);
    }

    /**
     * The long a boxed value is stored as in a LONG vector: a Boolean as 0/1, a BigDecimal (a boxed
     * DECIMAL, whose scale is its type's) as its unscaled value, any other Number as its long value.
     */
    public static long storedLong(Object v) {
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof java.math.BigDecimal d) return d.unscaledValue().longValue();
        return ((Number) v).longValue();
    }

    /**
     * {@code d} rounded half away from zero (PostgreSQL's numeric rounding) to this type's scale.
     *
     * @throws NablaException {@link ErrorCode#NUMERIC_OVERFLOW} when it has more than {@code precision - scale} integer digits
     */
    public java.math.BigDecimal round(java.math.BigDecimal d) {
        java.math.BigDecimal r = d.setScale(scale, java.math.RoundingMode.HALF_UP);
        if (r.precision() - r.scale() > precision - scale && r.signum() != 0) {
            throw new NablaException(
                    ErrorCode.NUMERIC_OVERFLOW,
                    "numeric field overflow: a value of type " + sqlName() + " must be less than 10^"
                            + (precision - scale) + " in absolute value");
        }
        return r;
    }

    /**
     * The narrowest DECIMAL that holds {@code d} exactly ({@code 1.05} is DECIMAL(3,2), {@code 100} is
     * DECIMAL(3,0)), or null when it needs more than {@link #MAX_STORED_PRECISION} digits.
     */
    public static DecimalType of(java.math.BigDecimal d) {
        java.math.BigDecimal v = d.scale() < 0 ? d.setScale(0) : d;
        int scale = v.scale(), precision = Math.max(v.precision(), scale + 1);
        if (precision > MAX_STORED_PRECISION) return null;
        return new DecimalType(precision, scale);
    }

    /** 10^scale, the unscaled value of 1 in this type (a narrow type's: scale ≤ 18). */
    public long unit() {
        return POW10[scale];
    }

    /** The largest unscaled value that fits ({@code 10^precision - 1}) in a narrow (long) type. */
    public long maxUnscaled() {
        return POW10[precision] - 1;
    }

    /** Powers of ten that fit a long: {@code POW10[i] = 10^i}, i in 0..18. */
    public static final long[] POW10 = {
        1L,
        10L,
        100L,
        1_000L,
        10_000L,
        100_000L,
        1_000_000L,
        10_000_000L,
        100_000_000L,
        1_000_000_000L,
        10_000_000_000L,
        100_000_000_000L,
        1_000_000_000_000L,
        10_000_000_000_000L,
        100_000_000_000_000L,
        1_000_000_000_000_000L,
        10_000_000_000_000_000L,
        100_000_000_000_000_000L,
        1_000_000_000_000_000_000L
    };

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
