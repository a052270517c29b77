package dev.nabla.vector;

/**
 * Null-bitmap helpers: {@code long[]} words, bit {@code k} of word {@code k >>> 6} set for NULL,
 * {@code null} meaning "no NULLs". Word-at-a-time already processes 64 rows per step, so these have
 * no SIMD twin.
 */
public final class Bitmaps {
    private Bitmaps() {}

    /** Words needed for {@code bits} bits. */
    public static int words(int bits) {
        return (bits + 63) >>> 6;
    }

    public static boolean get(long[] bits, int i) {
        return bits != null && (bits[i >>> 6] & (1L << i)) != 0;
    }

    public static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << i;
    }

    public static void clear(long[] bits, int i) {
        bits[i >>> 6] &= ~(1L << i);
    }

    /** The 64 bits starting at bit {@code start} (bits past the array read as 0). */
    public static long window(long[] bits, int start) {
        int w = start >>> 6;
        int shift = start & 63;
        long lo = w < bits.length ? bits[w] >>> shift : 0L;
        if (shift != 0 && w + 1 < bits.length) lo |= bits[w + 1] << (64 - shift);
        return lo;
    }

    /**
     * Copies bits {@code [srcOff, srcOff+n)} of {@code src} (null = all clear) to bits {@code [0, n)}
     * of {@code out}, clearing the rest of the last word; returns whether any bit is set.
     */
    public static boolean copy(long[] src, int srcOff, long[] out, int n) {
        int words = words(n);
        if (src == null) {
            java.util.Arrays.fill(out, 0, words, 0L);
            return false;
        }
        long any = 0;
        for (int w = 0; w < words; w++) {
            long v = window(src, srcOff + (w << 6));
            if (w == words - 1 && (n & 63) != 0) v &= (1L << n) - 1;
            out[w] = v;
            any |= v;
        }
        return any != 0;
    }

    /**
     * {@code out} bits {@code [0, n)} = {@code a} bits from {@code aOff} OR {@code b} bits from
     * {@code bOff} (either may be null); returns whether any bit is set. The typical result null
     * bitmap of a binary operator.
     */
    public static boolean or(long[] a, int aOff, long[] b, int bOff, long[] out, int n) {
        if (a == null) return copy(b, bOff, out, n);
        if (b == null) return copy(a, aOff, out, n);
        int words = words(n);
        long any = 0;
        for (int w = 0; w < words; w++) {
            long v = window(a, aOff + (w << 6)) | window(b, bOff + (w << 6));
            if (w == words - 1 && (n & 63) != 0) v &= (1L << n) - 1;
            out[w] = v;
            any |= v;
        }
        return any != 0;
    }

    /** Whether any of bits {@code [off, off+n)} is set. */
    public static boolean any(long[] bits, int off, int n) {
        if (bits == null || n <= 0) return false;
        for (int i = 0; i < n; i += 64) {
            long v = window(bits, off + i);
            if (n - i < 64) v &= (1L << (n - i)) - 1;
            if (v != 0) return true;
        }
        return false;
    }

    /** How many of bits {@code [off, off+n)} are set. */
    public static int count(long[] bits, int off, int n) {
        if (bits == null || n <= 0) return 0;
        int c = 0;
        for (int i = 0; i < n; i += 64) {
            long v = window(bits, off + i);
            if (n - i < 64) v &= (1L << (n - i)) - 1;
            c += Long.bitCount(v);
        }
        return c;
    }

    /** Rows {@code i < n} whose bit {@code off + i} is clear, ascending, into {@code selOut}; returns how many. */
    public static int selectNonNull(long[] nulls, int off, int n, int[] selOut) {
        int k = 0;
        if (nulls == null) {
            for (int i = 0; i < n; i++) selOut[i] = i;
            return n;
        }
        for (int i = 0; i < n; i += 64) {
            long live = ~window(nulls, off + i);
            if (n - i < 64) live &= (1L << (n - i)) - 1;
            while (live != 0) {
                selOut[k++] = i + Long.numberOfTrailingZeros(live);
                live &= live - 1;
            }
        }
        return k;
    }

    /** Keeps the rows {@code sel[j]} whose bit {@code off + sel[j]} is clear; {@code selOut} may be {@code sel}. */
    public static int removeNulls(long[] nulls, int off, int[] sel, int count, int[] selOut) {
        int k = 0;
        if (nulls == null) {
            if (selOut != sel) System.arraycopy(sel, 0, selOut, 0, count);
            return count;
        }
        for (int j = 0; j < count; j++) {
            int r = sel[j];
            int bit = off + r;
            selOut[k] = r;
            k += (int) (~(nulls[bit >>> 6] >>> bit) & 1L);
        }
        return k;
    }
}
