package dev.nabla.engine.catalog;

import dev.nabla.plan.logical.ColumnStats;
import dev.nabla.storage.PhysicalType;
import dev.nabla.storage.TableSnapshot;
import dev.nabla.storage.TableVersion;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Column statistics of a table for cardinality estimates: distinct values by HyperLogLog (2^12 registers,
 * about 1.6% standard error), the NULL fraction and the min/max of numeric and temporal columns, all in one
 * pass over the column's visible values. Computed on first use and kept per table version: a write makes a
 * new version, so the next estimate reads the new data (statistics stay current without costing the write
 * path anything).
 */
final class DistinctCounts {
    private static final int P = 12, M = 1 << P;

    private volatile TableVersion version;
    private final ConcurrentHashMap<Integer, ColumnStats> counts = new ConcurrentHashMap<>();

    ColumnStats of(TableSnapshot snap, int column) {
        if (snap.version() != version) {
            synchronized (this) {
                if (snap.version() != version) {
                    counts.clear();
                    version = snap.version();
                }
            }
        }
        return counts.computeIfAbsent(column, c -> estimate(snap, c));
    }

    private static ColumnStats estimate(TableSnapshot snap, int column) {
        byte[] reg = new byte[M];
        PhysicalType p = snap.schema().type(column).physical();
        boolean[] nulls = snap.readNulls(column);
        long rows = nulls.length;
        if (rows == 0) return new ColumnStats(0, 0, Double.NaN, Double.NaN);
        long nullCount = 0;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        switch (p) {
            case LONG -> {
                long[] vs = snap.readLongs(column);
                for (int i = 0; i < vs.length; i++) {
                    if (nulls[i]) {
                        nullCount++;
                        continue;
                    }
                    long v = vs[i];
                    add(reg, mix(v));
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            case DOUBLE -> {
                double[] vs = snap.readDoubles(column);
                for (int i = 0; i < vs.length; i++) {
                    if (nulls[i]) {
                        nullCount++;
                        continue;
                    }
                    double v = vs[i];
                    add(reg, mix(Double.doubleToLongBits(v)));
                    // NaN has no place in a range
                    if (!Double.isNaN(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            case STRING -> {
                for (String v : snap.readStrings(column)) {
                    if (v == null) nullCount++;
                    else add(reg, mix(v.hashCode()));
                }
            }
            // DOUBLE[n] values are never keys (not comparable): count every row as distinct
            case ARRAY, LIST -> {
                return new ColumnStats(Math.max(1, rows), 0, Double.NaN, Double.NaN);
            }
        }
        double nullFraction = (double) nullCount / rows;
        if (nullCount == rows) return new ColumnStats(0, 1, Double.NaN, Double.NaN);
        if (min > max) min = max = Double.NaN;
        double sum = 0;
        int zeros = 0;
        for (byte r : reg) {
            sum += Math.scalb(1.0, -r);
            if (r == 0) zeros++;
        }
        double e = 0.7213 / (1 + 1.079 / M) * M * (double) M / sum;
        // small cardinalities: linear counting is exact enough where HLL is biased
        if (e <= 2.5 * M && zeros > 0) e = M * Math.log((double) M / zeros);
        long distinct = Math.max(1, Math.min(Math.round(e), rows - nullCount));
        return new ColumnStats(distinct, nullFraction, min, max);
    }

    private static void add(byte[] reg, long h) {
        int idx = (int) (h >>> (64 - P));
        int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
        if (rank > reg[idx]) reg[idx] = (byte) rank;
    }

    /** A 64-bit finalizer (SplitMix64): HLL needs well-spread bits, and keys are often dense integers. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
