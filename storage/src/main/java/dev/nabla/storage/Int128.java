package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.math.BigInteger;

/**
 * Signed 128-bit two's-complement integers held as two longs, the unscaled values of a wide
 * {@code DECIMAL(19..38, s)} ({@link PhysicalType#INT128}): {@code hi} carries the sign and the upper
 * 64 bits, {@code lo} the lower 64 bits read as unsigned. A vector holds row {@code i} at
 * {@code longs[2i]} (hi) and {@code longs[2i + 1]} (lo): one array, both halves of a value on one cache
 * line, and a gather or a copy moves two adjacent longs. These helpers allocate nothing except the
 * {@link BigInteger} conversions, which are for slow paths (text, boxing, division).
 */
public final class Int128 {
    private Int128() {}

    /** The largest precision whose unscaled values all fit 127 bits (10^38 - 1 < 2^127). */
    public static final int MAX_DIGITS = 38;

    /** {@code 10^i} for i in 0..38: high words. */
    private static final long[] POW10_HI = new long[MAX_DIGITS + 1];
    /** {@code 10^i} for i in 0..38: low words. */
    private static final long[] POW10_LO = new long[MAX_DIGITS + 1];

    static {
        BigInteger p = BigInteger.ONE;
        for (int i = 0; i <= MAX_DIGITS; i++) {
            POW10_HI[i] = high(p);
            POW10_LO[i] = p.longValue();
            p = p.multiply(BigInteger.TEN);
        }
    }

    /** Signed comparison of two 128-bit values. */
    public static int compare(long hi1, long lo1, long hi2, long lo2) {
        int c = Long.compare(hi1, hi2);
        return c != 0 ? c : Long.compareUnsigned(lo1, lo2);
    }

    /** The value as a BigInteger (slow paths). */
    public static BigInteger toBigInteger(long hi, long lo) {
        BigInteger v = BigInteger.valueOf(hi).shiftLeft(64);
        return v.or(BigInteger.valueOf(lo).and(MASK64));
    }

    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** The high word of {@code v}, which must fit 128 bits. */
    public static long high(BigInteger v) {
        return v.shiftRight(64).longValue();
    }

    /** The low word of {@code v}. */
    public static long low(BigInteger v) {
        return v.longValue();
    }

    /** Whether {@code |hi:lo| < 10^digits} (digits in 0..38). */
    public static boolean withinDigits(long hi, long lo, int digits) {
        if (hi < 0) { // negate: |v|
            lo = -lo;
            hi = lo == 0 ? -hi : ~hi;
            if (hi < 0) return false; // -2^127
        }
        return compare(hi, lo, POW10_HI[digits], POW10_LO[digits]) < 0;
    }

    /** Whether the 128-bit value is a long (its high word is the sign extension of its low word). */
    public static boolean fitsLong(long hi, long lo) {
        return hi == lo >> 63;
    }

    /** A 64-bit hash of a 128-bit value that equals {@code mix(lo)} for small values is not needed: any good mix. */
    public static long hash(long hi, long lo) {
        long h = lo * 0x9E3779B97F4A7C15L + hi * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 29);
    }

    /**
     * {@code a + b} into {@code r[at]} (high) and {@code r[at + 1]} (low); false when it overflows 128
     * bits (then {@code r} holds the wrapped value).
     */
    public static boolean add(long ah, long al, long bh, long bl, long[] r, int at) {
        long lo = al + bl;
        long hi = ah + bh + (Long.compareUnsigned(lo, al) < 0 ? 1 : 0);
        r[at] = hi;
        r[at + 1] = lo;
        // two's complement: adding two values of one sign must keep that sign (a carry in does not change this)
        return ((ah ^ hi) & (bh ^ hi)) >= 0;
    }

    /** {@code a - b} into {@code r[at..at+1]}; false on overflow. */
    public static boolean subtract(long ah, long al, long bh, long bl, long[] r, int at) {
        long lo = al - bl;
        long hi = ah - bh - (Long.compareUnsigned(al, bl) < 0 ? 1 : 0);
        r[at] = hi;
        r[at + 1] = lo;
        return ((ah ^ bh) & (ah ^ hi)) >= 0;
    }

    /** {@code -v} into {@code r[at..at+1]} (-2^127 stays itself; callers check digits, which it exceeds). */
    public static void negate(long hi, long lo, long[] r, int at) {
        long nlo = -lo;
        r[at] = lo == 0 ? -hi : ~hi;
        r[at + 1] = nlo;
    }

    /**
     * {@code v · 10^k} (k in 0..38) into {@code r[at..at+1]}; false when the product needs more than
     * 127 bits. Allocation-free: one or two 128×64-bit multiplications of the magnitude.
     */
    public static boolean multiplyPow10(long hi, long lo, int k, long[] r, int at) {
        if (k == 0) {
            r[at] = hi;
            r[at + 1] = lo;
            return true;
        }
        boolean neg = hi < 0;
        if (neg) {
            long nlo = -lo;
            hi = lo == 0 ? -hi : ~hi;
            lo = nlo;
            if (hi < 0) return false; // -2^127
        }
        while (k > 0) {
            int step = Math.min(k, 18);
            long f = POW10_LO[step];
            // (hi·2^64 + lo)·f, unsigned, must stay below 2^127
            long carry = Math.unsignedMultiplyHigh(lo, f);
            long nlo = lo * f;
            if (Math.unsignedMultiplyHigh(hi, f) != 0) return false;
            long hiLo = hi * f;
            long nhi = hiLo + carry;
            if (Long.compareUnsigned(nhi, hiLo) < 0 || nhi < 0) return false;
            hi = nhi;
            lo = nlo;
            k -= step;
        }
        if (neg) {
            long nlo = -lo;
            hi = lo == 0 ? -hi : ~hi;
            lo = nlo;
        }
        r[at] = hi;
        r[at + 1] = lo;
        return true;
    }

    /** The exact 128-bit product of two longs into {@code r[at..at+1]} (it always fits). */
    public static void multiply(long a, long b, long[] r, int at) {
        r[at] = Math.multiplyHigh(a, b);
        r[at + 1] = a * b;
    }

    /** The overflow error for a value that does not fit {@code type}. */
    public static NablaException overflow(DecimalType type) {
        return new NablaException(
                ErrorCode.NUMERIC_OVERFLOW,
                "numeric field overflow: a value of type " + type.sqlName() + " must be less than 10^"
                        + (type.precision() - type.scale()) + " in absolute value");
    }
}
