package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact DECIMAL(p, s) arithmetic on unscaled longs ({@link DecimalType}). Every operation is exact
 * or rounds once, half away from zero (PostgreSQL's numeric rounding); a result with more digits than
 * its type allows fails with 22003 and a zero divisor with 22012, as in PostgreSQL. The fast paths
 * are plain long arithmetic; a product or rescale that overflows a long falls back to BigDecimal for
 * that row, so only the value (never the path) decides the result.
 */
public final class Decimals {
    private Decimals() {}

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /** PostgreSQL's message for a value too wide for its DECIMAL type. */
    public static NablaException overflow(DecimalType t) {
        return new NablaException(
                ErrorCode.NUMERIC_OVERFLOW,
                "numeric field overflow: a value of type " + t.sqlName() + " must be less than 10^"
                        + (t.precision() - t.scale()) + " in absolute value");
    }

    public static NablaException divisionByZero() {
        return new NablaException(ErrorCode.DIVISION_BY_ZERO, "division by zero");
    }

    /** {@code v} (an unscaled value of {@code t}) if it has at most {@code t}'s precision; 22003 otherwise. */
    public static long checked(long v, DecimalType t) {
        long max = t.maxUnscaled();
        if (v > max || v < -max) throw overflow(t);
        return v;
    }

    /** The unscaled value of {@code d} rounded (half away from zero) to {@code t}'s scale, checked against its precision. */
    public static long unscaled(BigDecimal d, DecimalType t) {
        BigDecimal r = d.setScale(t.scale(), RoundingMode.HALF_UP);
        BigInteger u = r.unscaledValue();
        if (u.bitLength() > 63) throw overflow(t);
        return checked(u.longValue(), t);
    }

    /**
     * A boxed value (Long, Integer, Double, BigDecimal, Boolean, or text) as a boxed value of
     * {@code t}: a BigDecimal with exactly {@code t}'s scale. A double converts through its shortest
     * decimal form (0.1 is 0.1, as PostgreSQL's float8 → numeric); NaN and infinities fail with 22003.
     */
    public static BigDecimal box(Object v, DecimalType t) {
        if (t.isWide()) return t.round(toBigDecimal(v, t));
        return t.box(unscaled(toBigDecimal(v, t), t));
    }

    /** The exact decimal value of a boxed number or text, before any rounding to a type. */
    public static BigDecimal toBigDecimal(Object v, DataType to) {
        return switch (v) {
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            case BigInteger b -> new BigDecimal(b);
            case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
            case Double d -> fromDouble(d, to);
            case Float f -> fromDouble(f.doubleValue(), to);
            default -> parse(v.toString(), to);
        };
    }

    static BigDecimal fromDouble(double d, DataType to) {
        if (!Double.isFinite(d)) {
            throw new NablaException(
                    ErrorCode.NUMERIC_OVERFLOW, "cannot convert " + Casts.formatDouble(d) + " to " + to.sqlName());
        }
        return BigDecimal.valueOf(d);
    }

    /** Text as a decimal number ({@code ' 12.50 '}, {@code -3}, {@code 1e3}); 22P02 when it is not one. */
    public static BigDecimal parse(String raw, DataType to) {
        String s = raw.trim();
        try {
            return new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw Casts.badCast(raw, to);
        }
    }

    /** Text form: plain notation with exactly the type's scale ({@code 0.10}, {@code -3.00}, {@code 12}). */
    public static String format(long unscaled, int scale) {
        return BigDecimal.valueOf(unscaled, scale).toPlainString();
    }

    /** The unscaled value {@code v} of scale {@code from} at scale {@code to}: exact going up, rounded going down. */
    public static long rescale(long v, int from, int to, DecimalType result) {
        if (to == from) return v;
        if (to > from) {
            long f = DecimalType.POW10[to - from];
            long hi = Math.multiplyHigh(v, f), lo = v * f;
            if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) throw overflow(result);
            return lo;
        }
        return divRound(v, DecimalType.POW10[from - to]);
    }

    /** {@code p / q} rounded half away from zero ({@code q != 0}). */
    static long divRound(long p, long q) {
        long quot = p / q, rem = p % q;
        if (rem == 0) return quot;
        // |rem| * 2 >= |q| rounds away from zero; compare without overflowing
        long ar = Math.abs(rem), aq = Math.abs(q);
        if (ar >= aq - ar) quot += ((p < 0) == (q < 0)) ? 1 : -1;
        return quot;
    }

    /** {@code x·10^(s - sx) ± y·10^(s - sy)} for ADD/SUB at the result scale {@code s}, checked. */
    public static long add(long x, int sx, long y, int sy, boolean subtract, DecimalType r) {
        int s = r.scale();
        long a = rescale(x, sx, s, r), b = rescale(y, sy, s, r);
        long v = subtract ? a - b : a + b;
        if (subtract ? ((a ^ b) & (a ^ v)) < 0 : ((a ^ v) & (b ^ v)) < 0) throw overflow(r);
        return checked(v, r);
    }

    /** {@code x·y} with scale {@code sx + sy}, rounded to the result's scale, checked. */
    public static long multiply(long x, int sx, long y, int sy, DecimalType r) {
        int s = sx + sy;
        long hi = Math.multiplyHigh(x, y), lo = x * y;
        boolean fits = (hi == 0 && lo >= 0) || (hi == -1 && lo < 0);
        if (fits && s >= r.scale()) return checked(rescale(lo, s, r.scale(), r), r);
        BigDecimal exact = BigDecimal.valueOf(x, sx).multiply(BigDecimal.valueOf(y, sy));
        return unscaled(exact, r);
    }

    /** {@code x / y} rounded (half away from zero) to the result's scale; 22012 for a zero divisor. */
    public static long divide(long x, int sx, long y, int sy, DecimalType r) {
        if (y == 0) throw divisionByZero();
        // x/10^sx ÷ y/10^sy = x·10^(s + sy - sx) / y at scale s
        int k = r.scale() + sy - sx;
        if (k >= 0 && k <= 18) {
            long f = DecimalType.POW10[k];
            long hi = Math.multiplyHigh(x, f), lo = x * f;
            if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return checked(divRound(lo, y), r);
        }
        BigDecimal q = BigDecimal.valueOf(x, sx).divide(BigDecimal.valueOf(y, sy), r.scale(), RoundingMode.HALF_UP);
        return unscaled(q, r);
    }

    /** {@code x mod y} (the sign of x, as PostgreSQL) at the result's scale; 22012 for a zero divisor. */
    public static long mod(long x, int sx, long y, int sy, DecimalType r) {
        if (y == 0) throw divisionByZero();
        long a = rescale(x, sx, r.scale(), r), b = rescale(y, sy, r.scale(), r);
        return b == -1 ? 0 : a % b;
    }

    /**
     * The unscaled value of {@code x} (scale {@code s}) rounded at {@code digits} decimals, still at
     * scale {@code s}, unchecked: {@code HALF_UP} is ROUND (half away from zero), {@code DOWN} TRUNC,
     * {@code FLOOR} and {@code CEILING} FLOOR and CEIL; other modes are not used.
     */
    public static long round(long x, int s, long digits, RoundingMode mode, DecimalType r) {
        if (digits >= s) return x;
        long drop = s - digits;
        // |x| < 10^18 ≤ 10^drop / 10: every mode but FLOOR/CEILING gives 0 (those only drop s ≤ 18 digits)
        if (drop > 18) return 0;
        long f = DecimalType.POW10[(int) drop];
        long q = switch (mode) {
            case DOWN -> x / f;
            case FLOOR -> Math.floorDiv(x, f);
            case CEILING -> -Math.floorDiv(-x, f);
            default -> divRound(x, f);
        };
        long hi = Math.multiplyHigh(q, f), lo = q * f;
        if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) throw overflow(r);
        return lo; // may carry into one more integer digit (9.99 → 10.00): the caller checks its result type
    }

    /** The double nearest the decimal {@code u·10^-s} (one rounding when |u| < 2^53, else through BigDecimal). */
    public static double toDouble(long u, int s) {
        if (Math.abs(u) < (1L << 53)) return s == 0 ? (double) u : u / (double) DecimalType.POW10[s];
        return BigDecimal.valueOf(u, s).doubleValue();
    }

    /** The integer nearest the decimal (half away from zero), as PostgreSQL's numeric → bigint. */
    public static long toLong(long u, int s) {
        return s == 0 ? u : divRound(u, DecimalType.POW10[s]);
    }

    /** Row {@code r} of a DECIMAL vector of type {@code d} (either width) as the nearest double. */
    public static double toDouble(dev.nabla.storage.ColumnVector v, int r, DecimalType d) {
        if (d.isWide()) return Wide.toDouble(v.getHigh(r), v.getLow(r), d.scale());
        return toDouble(v.getLong(r), d.scale());
    }

    /** Row {@code r} of a DECIMAL vector as the nearest long (half away from zero); 22003 beyond BIGINT. */
    public static long toLong(dev.nabla.storage.ColumnVector v, int r, DecimalType d) {
        if (!d.isWide()) return toLong(v.getLong(r), d.scale());
        BigDecimal x = d.box(v.getHigh(r), v.getLow(r)).setScale(0, RoundingMode.HALF_UP);
        if (!fitsLong(x)) throw new NablaException(ErrorCode.NUMERIC_OVERFLOW, "BIGINT out of range");
        return x.longValue();
    }

    /** Whether a BigDecimal fits a long once rounded to an integer. */
    static boolean fitsLong(BigDecimal d) {
        return d.compareTo(LONG_MIN) >= 0 && d.compareTo(LONG_MAX) <= 0;
    }
}
