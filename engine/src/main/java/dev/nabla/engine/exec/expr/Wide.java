package dev.nabla.engine.exec.expr;

import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import dev.nabla.storage.Int128;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Row helpers for 128-bit DECIMAL(19..38, s) values ({@link Int128}). Additions, subtractions,
 * comparisons, widening a narrower value and exact long × long products are allocation-free; a
 * result that must be rounded (scale reduction, division, MOD, ROUND) goes through {@link BigDecimal}
 * for that row: exact, but slower, so only the operations that need a rounding pay for it.
 */
public final class Wide {
    private Wide() {}

    /** The high word of row i of {@code v} read as a 128-bit value (a LONG vector is sign-extended). */
    static long hi(Vec v, int i) {
        return v.w == 2 ? v.l[(v.off + i) << 1] : v.l[v.off + i] >> 63;
    }

    /** The low word of row i of {@code v} read as a 128-bit value. */
    static long lo(Vec v, int i) {
        return v.w == 2 ? v.l[((v.off + i) << 1) | 1] : v.l[v.off + i];
    }

    /** Row i of a LONG or INT128 vector of a DECIMAL (or integer) type as a BigDecimal of scale {@code s}. */
    static BigDecimal big(Vec v, int i, int s) {
        if (v.w == 2) return new BigDecimal(Int128.toBigInteger(hi(v, i), lo(v, i)), s);
        return BigDecimal.valueOf(v.l[v.off + i], s);
    }

    /**
     * Stores {@code d} rounded half away from zero to {@code t}'s scale at row i of a 128-bit vector
     * {@code o}; 22003 when it has more digits than {@code t}.
     */
    static void store(BigDecimal d, DecimalType t, Vec o, int i) {
        BigInteger u = d.setScale(t.scale(), java.math.RoundingMode.HALF_UP).unscaledValue();
        if (u.bitLength() > 127) throw Decimals.overflow(t);
        long h = Int128.high(u), l = Int128.low(u);
        if (!Int128.withinDigits(h, l, t.precision())) throw Decimals.overflow(t);
        o.set128(i, h, l);
    }

    /**
     * Row i of {@code v} (a DECIMAL of scale {@code from}, or an integer with 0) at the larger or equal
     * scale {@code to} of the 128-bit {@code t}, into row i of {@code o}; 22003 when it does not fit.
     */
    static void widen(Vec v, int i, int from, DecimalType t, Vec o) {
        int at = i << 1;
        if (!Int128.multiplyPow10(hi(v, i), lo(v, i), t.scale() - from, o.l, at)
                || !Int128.withinDigits(o.l[at], o.l[at + 1], t.precision())) throw Decimals.overflow(t);
    }

    /** Checks row i of the 128-bit vector {@code o} against {@code t}'s precision. */
    static void check(Vec o, int i, DecimalType t) {
        if (!Int128.withinDigits(o.l[i << 1], o.l[(i << 1) | 1], t.precision())) throw Decimals.overflow(t);
    }

    /** The boxed value of a 128-bit unscaled value converted for a cast to a non-DECIMAL type. */
    static double toDouble(long hi, long lo, int scale) {
        if (Int128.fitsLong(hi, lo)) return Decimals.toDouble(lo, scale);
        return new BigDecimal(Int128.toBigInteger(hi, lo), scale).doubleValue();
    }

    /** Text form of a 128-bit unscaled value: plain notation with exactly the scale's digits. */
    public static String format(long hi, long lo, int scale) {
        return new BigDecimal(Int128.toBigInteger(hi, lo), scale).toPlainString();
    }

    /** Whether {@code t} is a 128-bit DECIMAL. */
    static boolean isWide(DataType t) {
        return t instanceof DecimalType d && d.isWide();
    }
}
