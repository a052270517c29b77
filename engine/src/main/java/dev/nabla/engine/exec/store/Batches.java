package dev.nabla.engine.exec.store;

import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;

/** Batch helpers: compaction of selections and fresh copies. */
public final class Batches {
    private Batches() {}

    /** The batch itself when it has no selection, else a compacted copy. */
    public static Batch dense(Batch b) {
        if (b.selection == null) return b;
        return select(b, b.selection, b.count);
    }

    /** A new batch holding rows sel[0..n) of a (dense or selected) batch. */
    public static Batch select(Batch b, int[] sel, int n) {
        int[] rows = sel;
        if (b.selection != null && sel != b.selection) {
            rows = new int[n];
            for (int i = 0; i < n; i++) rows[i] = b.selection[sel[i]];
        }
        ColumnVector[] out = new ColumnVector[b.columns.length];
        for (int c = 0; c < out.length; c++) out[c] = gather(b.columns[c], rows, n);
        return new Batch(out, n);
    }

    /** Fresh dense vector of rows idx[0..n) of cv (physical row numbers; negative = NULL). */
    public static ColumnVector gather(ColumnVector cv, int[] idx, int n) {
        DataType t = cv.type;
        ColumnVector out = new ColumnVector(t, Math.max(n, 1));
        long[] bits = null;
        int off = cv.offset;
        boolean k = cv.constant;
        for (int i = 0; i < n; i++) {
            int r = idx[i];
            if (r < 0 || cv.isNull(r)) {
                if (bits == null) bits = new long[(Math.max(n, 1) + 63) >>> 6];
                bits[i >>> 6] |= 1L << i;
                continue;
            }
            int p = k ? off : off + r;
            switch (t.physical()) {
                case LONG -> out.longs[i] = cv.longs[p];
                case DOUBLE -> out.doubles[i] = cv.doubles[p];
                case ARRAY -> {
                    int w = ColumnVector.width(t);
                    System.arraycopy(cv.doubles, p * w, out.doubles, i * w, w);
                }
                case STRING -> out.strings[i] = cv.strings[p];
                case LIST -> out.lists[i] = cv.lists[p];
                case INT128 -> {
                    out.longs[2 * i] = cv.longs[2 * p];
                    out.longs[2 * i + 1] = cv.longs[2 * p + 1];
                }
            }
        }
        if (t != DataType.NULL) out.nulls = bits;
        return out;
    }

    /** A fresh, dense copy not aliasing anything (constants are expanded, offsets dropped). */
    public static Batch copy(Batch b) {
        Batch d = dense(b);
        if (d != b) return d;
        int n = b.count;
        ColumnVector[] out = new ColumnVector[b.columns.length];
        for (int c = 0; c < out.length; c++) out[c] = copy(b.columns[c], n);
        return new Batch(out, n);
    }

    private static ColumnVector copy(ColumnVector cv, int n) {
        DataType t = cv.type;
        ColumnVector out = new ColumnVector(t, Math.max(n, 1));
        int off = cv.offset;
        if (cv.constant) {
            switch (t.physical()) {
                case LONG -> java.util.Arrays.fill(out.longs, 0, n, cv.longs[off]);
                case DOUBLE -> java.util.Arrays.fill(out.doubles, 0, n, cv.doubles[off]);
                case ARRAY -> {
                    int w = ColumnVector.width(t);
                    for (int i = 0; i < n; i++) System.arraycopy(cv.doubles, off * w, out.doubles, i * w, w);
                }
                case STRING -> java.util.Arrays.fill(out.strings, 0, n, cv.strings[off]);
                case LIST -> java.util.Arrays.fill(out.lists, 0, n, cv.lists[off]);
                case INT128 -> {
                    for (int i = 0; i < n; i++) System.arraycopy(cv.longs, off * 2, out.longs, i * 2, 2);
                }
            }
            if (cv.isNull(0) || t == DataType.NULL) out.nulls = ColumnVector.allNulls(Math.max(n, 1));
            else out.nulls = null;
            return out;
        }
        switch (t.physical()) {
            case LONG -> System.arraycopy(cv.longs, off, out.longs, 0, n);
            case DOUBLE -> System.arraycopy(cv.doubles, off, out.doubles, 0, n);
            case ARRAY -> {
                int w = ColumnVector.width(t);
                System.arraycopy(cv.doubles, off * w, out.doubles, 0, n * w);
            }
            case STRING -> System.arraycopy(cv.strings, off, out.strings, 0, n);
            case LIST -> System.arraycopy(cv.lists, off, out.lists, 0, n);
            case INT128 -> System.arraycopy(cv.longs, off * 2, out.longs, 0, n * 2);
        }
        long[] bits = null;
        if (cv.nulls != null) {
            for (int i = 0; i < n; i++) {
                int bit = off + i;
                if ((cv.nulls[bit >>> 6] & (1L << bit)) != 0) {
                    if (bits == null) bits = new long[(Math.max(n, 1) + 63) >>> 6];
                    bits[i >>> 6] |= 1L << i;
                }
            }
        }
        out.nulls = t == DataType.NULL ? ColumnVector.allNulls(Math.max(n, 1)) : bits;
        return out;
    }

    /** A batch of n NULLs of the given types. */
    public static ColumnVector nulls(DataType t, int n) {
        ColumnVector cv = new ColumnVector(t, Math.max(n, 1));
        cv.nulls = ColumnVector.allNulls(Math.max(n, 1));
        return cv;
    }

    /**
     * An estimate of the bytes that keeping the batch's rows takes, for the memory accountant: 8 bytes a
     * value plus the NULL bit, and for strings the reference plus a String of the average length of up to
     * four sampled values (cheap: per batch, never per row).
     */
    public static long bytes(Batch b) {
        int n = b.count;
        if (n <= 0) return 0;
        long total = 0;
        for (ColumnVector cv : b.columns) {
            total += 8L * n * ColumnVector.width(cv.type) + (n >>> 3) + 1; // DOUBLE[w]: w doubles a row
            if (cv.type.physical() == dev.nabla.storage.PhysicalType.STRING)
                total += (long) n * sampledStringBytes(cv, b, n);
        }
        return total;
    }

    /**
     * What appending the batch to a {@link RowStore} takes at its peak: twice {@link #bytes}, because a
     * growing column copies its array to one 1.5 times larger and both are live during the copy.
     */
    public static long storedBytes(Batch b) {
        return 2 * bytes(b);
    }

    /** The heap size of an average string of a column (header, array and Latin-1 characters), from a sample. */
    private static long sampledStringBytes(ColumnVector cv, Batch b, int n) {
        int samples = Math.min(n, 4);
        long sum = 0;
        for (int k = 0; k < samples; k++) {
            int i = (int) ((long) k * (n - 1) / Math.max(1, samples - 1));
            int r = b.selection != null ? b.selection[i] : i;
            int p = cv.constant ? cv.offset : cv.offset + r;
            String s = cv.strings != null && p < cv.strings.length ? cv.strings[p] : null;
            if (s != null) sum += s.length();
        }
        return 40 + sum / samples;
    }
}
