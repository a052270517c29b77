package dev.nabla.vector;

import dev.nabla.storage.ColumnVector;

/**
 * Hashes rows of several key columns (long, double or String) into one long per row, consistently
 * with grouping equality: NULLs hash alike (they group together), 0.0 and -0.0 hash alike, every
 * NaN hashes alike. One pass per column over its array; no per-row allocation.
 */
public final class MultiKeyHasher {
    private MultiKeyHasher() {}

    static final long NULL_HASH = 0x6A09E667F3BCC909L;
    private static final long SEED = 0x3C6EF372FE94F82BL;
    private static final long MULT = 0x9E3779B97F4A7C15L;

    /**
     * {@code hashesOut[j]} = hash of the key columns at row {@code sel[j]} (or {@code j}), for
     * {@code j < count}.
     */
    public static void hash(ColumnVector[] keys, int[] sel, int count, long[] hashesOut) {
        java.util.Arrays.fill(hashesOut, 0, count, SEED);
        for (ColumnVector v : keys) combine(v, sel, count, hashesOut);
        for (int j = 0; j < count; j++) hashesOut[j] = mix(hashesOut[j]);
    }

    private static void combine(ColumnVector v, int[] sel, int count, long[] h) {
        if (v.constant) {
            long c = v.isNull(0) ? NULL_HASH : valueHash(v, 0);
            for (int j = 0; j < count; j++) h[j] = h[j] * MULT + c;
            return;
        }
        int off = v.offset;
        long[] nulls = v.nulls;
        switch (v.type.physical()) {
            case LONG -> {
                long[] a = v.longs;
                for (int j = 0; j < count; j++) {
                    int i = off + (sel == null ? j : sel[j]);
                    h[j] = h[j] * MULT + (isNull(nulls, i) ? NULL_HASH : hashLong(a[i]));
                }
            }
            case DOUBLE -> {
                double[] a = v.doubles;
                for (int j = 0; j < count; j++) {
                    int i = off + (sel == null ? j : sel[j]);
                    h[j] = h[j] * MULT + (isNull(nulls, i) ? NULL_HASH : hashDouble(a[i]));
                }
            }
            case STRING -> {
                String[] a = v.strings;
                for (int j = 0; j < count; j++) {
                    int i = off + (sel == null ? j : sel[j]);
                    String s = a[i];
                    h[j] = h[j] * MULT + (s == null || isNull(nulls, i) ? NULL_HASH : hashString(s));
                }
            }
            case INT128 -> {
                long[] a = v.longs;
                for (int j = 0; j < count; j++) {
                    int i = off + (sel == null ? j : sel[j]);
                    h[j] = h[j] * MULT + (isNull(nulls, i) ? NULL_HASH : hash128(a[2 * i], a[2 * i + 1]));
                }
            }
            case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(v.type);
        }
    }

    private static boolean isNull(long[] nulls, int bit) {
        return nulls != null && (nulls[bit >>> 6] & (1L << bit)) != 0;
    }

    static long valueHash(ColumnVector v, int row) {
        return switch (v.type.physical()) {
            case LONG -> hashLong(v.getLong(row));
            case INT128 -> hash128(v.getHigh(row), v.getLow(row));
            case DOUBLE -> hashDouble(v.getDouble(row));
            case STRING -> v.getString(row) == null ? NULL_HASH : hashString(v.getString(row));
            case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(v.type);
        };
    }

    public static long hashLong(long x) {
        return mix(x);
    }

    /** The hash of a 128-bit value (a wide DECIMAL's unscaled value): both words, mixed. */
    public static long hash128(long hi, long lo) {
        return mix(lo ^ mix(hi));
    }

    public static long hashDouble(double x) {
        if (x == 0.0) return mix(0L);
        if (Double.isNaN(x)) return mix(0x7FF8000000000000L);
        return mix(Double.doubleToRawLongBits(x));
    }

    public static long hashString(String s) {
        return mix(s.hashCode() * 0xC2B2AE3D27D4EB4FL + s.length());
    }

    /** A 64-bit finaliser (murmur3 fmix64). */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
