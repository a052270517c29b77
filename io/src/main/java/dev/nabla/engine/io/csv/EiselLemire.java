package dev.nabla.engine.io.csv;

import java.math.BigInteger;

/**
 * Correctly rounded decimal → double for a mantissa of up to 19 digits and any exponent, without
 * building a String: the Eisel–Lemire algorithm (D. Lemire, "Number parsing at a gigabyte per second",
 * Software: Practice and Experience 51(8), 2021), as in the fast_float library. A 128-bit truncated power
 * of five times the normalized mantissa gives the result's 54 leading bits, which the proof of
 * Mushtak and Lemire (2023) shows always suffice; the classic guard is kept anyway and reports
 * "unsure" so the caller falls back to {@link Double#parseDouble}.
 */
final class EiselLemire {
    private static final int SMALLEST_POWER = -342, LARGEST_POWER = 308;
    /** For q = SMALLEST_POWER..LARGEST_POWER: high and low 64 bits of 5^q normalized to [2^127, 2^128). */
    private static final long[] POW5 = table();

    private EiselLemire() {}

    /** Sentinel meaning "could not decide": use the slow path. */
    static final long UNSURE = -1L;

    /**
     * Bits of the double nearest to {@code w * 10^q} ({@code w} unsigned, non-zero, up to 19 digits), or
     * {@link #UNSURE}. The sign is not included.
     */
    static long bits(long w, int q) {
        if (q < SMALLEST_POWER) return 0L;
        if (q > LARGEST_POWER) return Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        int index = 2 * (q - SMALLEST_POWER);
        long hi = Math.unsignedMultiplyHigh(w, POW5[index]);
        long lo = w * POW5[index];
        final long precisionMask = 0xFFFFFFFFFFFFFFFFL >>> 55;
        if ((hi & precisionMask) == precisionMask) {
            long hi2 = Math.unsignedMultiplyHigh(w, POW5[index + 1]);
            lo += hi2;
            if (Long.compareUnsigned(hi2, lo) > 0) hi++;
        }
        if (lo == 0xFFFFFFFFFFFFFFFFL && (q < -27 || q > 55)) return UNSURE;
        int upperbit = (int) (hi >>> 63);
        long mantissa = hi >>> (upperbit + 64 - 52 - 3);
        int power2 = (((152170 + 65536) * q) >> 16) + 63 + upperbit - lz + 1023;
        if (power2 <= 0) {
            if (-power2 + 1 >= 64) return 0L;
            mantissa >>>= -power2 + 1;
            mantissa += mantissa & 1;
            mantissa >>>= 1;
            power2 = mantissa < (1L << 52) ? 0 : 1;
            return mantissa | ((long) power2 << 52);
        }
        if (Long.compareUnsigned(lo, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1) {
            // exactly halfway between two doubles: round to even
            if ((mantissa << (upperbit + 64 - 52 - 3)) == hi) mantissa &= ~1L;
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= (2L << 52)) {
            mantissa = 1L << 52;
            power2++;
        }
        mantissa &= ~(1L << 52);
        if (power2 >= 0x7FF) return Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
        return mantissa | ((long) power2 << 52);
    }

    /** The fast_float table, computed once with BigInteger (negative powers rounded up, as there). */
    private static long[] table() {
        long[] t = new long[2 * (LARGEST_POWER - SMALLEST_POWER + 1)];
        BigInteger two128 = BigInteger.ONE.shiftLeft(128), two127 = BigInteger.ONE.shiftLeft(127);
        for (int q = SMALLEST_POWER; q <= LARGEST_POWER; q++) {
            BigInteger c;
            if (q < 0) {
                BigInteger p = BigInteger.valueOf(5).pow(-q);
                int z = p.subtract(BigInteger.ONE).bitLength(); // smallest z with 2^z >= p
                int b = q >= -27 ? z + 127 : 2 * z + 128;
                c = BigInteger.ONE.shiftLeft(b).divide(p).add(BigInteger.ONE);
                while (c.compareTo(two128) >= 0) c = c.shiftRight(1);
            } else {
                c = BigInteger.valueOf(5).pow(q);
                while (c.compareTo(two127) < 0) c = c.shiftLeft(1);
                while (c.compareTo(two128) >= 0) c = c.shiftRight(1);
            }
            int i = 2 * (q - SMALLEST_POWER);
            t[i] = c.shiftRight(64).longValue();
            t[i + 1] = c.longValue();
        }
        return t;
    }
}
