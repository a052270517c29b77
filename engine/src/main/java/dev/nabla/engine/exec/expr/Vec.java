package dev.nabla.engine.exec.expr;

import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.ListValue;

/**
 * The evaluator's working vector: row {@code i} lives at {@code data[off + i]}; its null flag at
 * {@code nulls[i]} (no offset; {@code nulls == null} means no NULL in this batch). Byte-per-row null
 * flags keep the kernels' null merging branch-free; bitmaps are only used at batch boundaries.
 * A computed vector owns its arrays (off = 0); a loaded column aliases the batch's arrays. A
 * {@code DOUBLE[n]} vector keeps its rows row-major in {@code d}: row {@code i} is
 * {@code d[(off + i)·w … (off + i + 1)·w)}. A 128-bit DECIMAL vector ({@code INT128}, w = 2) keeps
 * row {@code i}'s high word at {@code l[2(off + i)]} and its low word next to it ({@link #hi}, {@link #lo}).
 */
public final class Vec {
    public final DataType type;
    /** Array slots per row: n doubles for {@code DOUBLE[n]}, 2 longs for a 128-bit DECIMAL, 1 otherwise. */
    public final int w;

    public long[] l;
    public double[] d;
    public String[] s;
    /** The rows of a {@code DOUBLE[]} vector (one immutable {@link ListValue} each). */
    public ListValue[] lv;

    public int off;
    public boolean[] nulls;
    private boolean[] nullBuf;
    /** Arrays this vector owns; l/d/s may instead alias a batch's (read-only) arrays after {@link #load}. */
    private long[] ownL;

    private double[] ownD;
    private String[] ownS;
    private ListValue[] ownLv;

    public Vec(DataType type) {
        this.type = type;
        this.w = ColumnVector.width(type);
    }

    /** Makes this vector own arrays of at least n rows (data offset 0). */
    public void ensure(int n) {
        off = 0;
        int cap = Math.max(n, 1);
        switch (type.physical()) {
            case LONG, INT128 -> {
                if (ownL == null || ownL.length < n * w) ownL = new long[cap * w];
                l = ownL;
            }
            case DOUBLE, ARRAY -> {
                if (ownD == null || ownD.length < n * w) ownD = new double[cap * w];
                d = ownD;
            }
            case STRING -> {
                if (ownS == null || ownS.length < n) ownS = new String[cap];
                s = ownS;
            }
            case LIST -> {
                if (ownLv == null || ownLv.length < n) ownLv = new ListValue[cap];
                lv = ownLv;
            }
        }
    }

    /** A reusable null-flag buffer of at least n rows (contents unspecified). */
    public boolean[] nullScratch(int n) {
        if (nullBuf == null || nullBuf.length < n) nullBuf = new boolean[Math.max(n, 1)];
        return nullBuf;
    }

    public boolean isNull(int i) {
        return nulls != null && nulls[i];
    }

    /** Sets nulls to the union of the inputs' null flags over n rows. */
    public void nullsUnion(Vec a, Vec b, int n) {
        boolean[] an = a.nulls, bn = b.nulls;
        if (an == null && bn == null) {
            nulls = null;
            return;
        }
        boolean[] o = nullScratch(n);
        if (an == null) System.arraycopy(bn, 0, o, 0, n);
        else if (bn == null) System.arraycopy(an, 0, o, 0, n);
        else for (int i = 0; i < n; i++) o[i] = an[i] | bn[i];
        nulls = o;
    }

    public void nullsFrom(Vec a, int n) {
        if (a.nulls == null) {
            nulls = null;
            return;
        }
        boolean[] o = nullScratch(n);
        System.arraycopy(a.nulls, 0, o, 0, n);
        nulls = o;
    }

    /** Loads a batch column (dense batch) without copying data where possible. */
    public void load(ColumnVector cv, int n) {
        if (cv.constant) {
            ensure(n);
            switch (type.physical()) {
                case LONG -> java.util.Arrays.fill(l, 0, n, cv.longs[cv.offset]);
                case DOUBLE -> java.util.Arrays.fill(d, 0, n, cv.doubles[cv.offset]);
                case ARRAY -> {
                    for (int i = 0; i < n; i++) System.arraycopy(cv.doubles, cv.offset * w, d, i * w, w);
                }
                case STRING -> java.util.Arrays.fill(s, 0, n, cv.strings[cv.offset]);
                case LIST -> java.util.Arrays.fill(lv, 0, n, cv.lists[cv.offset]);
                case INT128 -> {
                    long hi = cv.getHigh(0), lo = cv.getLow(0);
                    for (int i = 0; i < n; i++) {
                        l[2 * i] = hi;
                        l[2 * i + 1] = lo;
                    }
                }
            }
            if (cv.isNull(0)) {
                boolean[] o = nullScratch(n);
                java.util.Arrays.fill(o, 0, n, true);
                nulls = o;
            } else nulls = null;
            return;
        }
        l = cv.longs;
        d = cv.doubles;
        s = cv.strings;
        lv = cv.lists;
        off = cv.offset;
        nulls = expandNulls(cv.nulls, cv.offset, n);
    }

    private boolean[] expandNulls(long[] bits, int offset, int n) {
        if (bits == null) return null;
        boolean any = false;
        boolean[] o = nullScratch(n);
        for (int i = 0; i < n; i++) {
            int b = offset + i;
            boolean isNull = (bits[b >>> 6] & (1L << b)) != 0;
            o[i] = isNull;
            any |= isNull;
        }
        return any ? o : null;
    }

    /** Fills n rows with one value (null = SQL NULL). */
    public void fill(Object value, int n) {
        ensure(n);
        if (value == null) {
            boolean[] o = nullScratch(n);
            java.util.Arrays.fill(o, 0, n, true);
            nulls = o;
            return;
        }
        nulls = null;
        switch (type.physical()) {
            case LONG -> java.util.Arrays.fill(l, 0, n, dev.nabla.storage.DecimalType.storedLong(value));
            case DOUBLE -> java.util.Arrays.fill(d, 0, n, ((Number) value).doubleValue());
            case ARRAY -> {
                for (int i = 0; i < n; i++) System.arraycopy((double[]) value, 0, d, i * w, w);
            }
            case STRING -> java.util.Arrays.fill(s, 0, n, value.toString());
            case LIST -> java.util.Arrays.fill(lv, 0, n, (ListValue) value);
            case INT128 -> {
                long hi = dev.nabla.storage.Uuids.wideHigh(value), lo = dev.nabla.storage.Uuids.wideLow(value);
                for (int i = 0; i < n; i++) {
                    l[2 * i] = hi;
                    l[2 * i + 1] = lo;
                }
            }
        }
    }

    /** High word of row i of a 128-bit vector. */
    public long hi(int i) {
        return l[(off + i) << 1];
    }

    /** Low word of row i of a 128-bit vector. */
    public long lo(int i) {
        return l[((off + i) << 1) | 1];
    }

    /** Sets row i of an owned (off = 0) 128-bit vector to a boxed DECIMAL (a BigDecimal of the type's scale) or UUID. */
    public void setWide(int i, Object v) {
        if (v instanceof java.util.UUID u) {
            set128(i, dev.nabla.storage.Uuids.high(u), dev.nabla.storage.Uuids.low(u));
            return;
        }
        java.math.BigInteger u = ((java.math.BigDecimal) v).unscaledValue();
        set128(i, dev.nabla.storage.Int128.high(u), dev.nabla.storage.Int128.low(u));
    }

    /** Sets row i of an owned (off = 0) 128-bit vector. */
    public void set128(int i, long hi, long lo) {
        l[i << 1] = hi;
        l[(i << 1) | 1] = lo;
    }

    /** Boxed value of row i (slow paths only). */
    public Object get(int i) {
        if (isNull(i)) return null;
        return switch (type.physical()) {
            case LONG ->
                type == DataType.BOOLEAN
                        ? (Object) (l[off + i] != 0)
                        : type instanceof dev.nabla.storage.DecimalType t ? t.box(l[off + i]) : (Object) l[off + i];
            case DOUBLE -> d[off + i];
            case ARRAY -> java.util.Arrays.copyOfRange(d, (off + i) * w, (off + i + 1) * w);
            case STRING -> s[off + i];
            case LIST -> lv[off + i];
            case INT128 -> dev.nabla.storage.Uuids.box(type, hi(i), lo(i));
        };
    }

    /** A ColumnVector view over the first n rows (shares data arrays; fresh null bitmap). */
    public ColumnVector toColumnVector(int n) {
        long[] bits = null;
        if (nulls != null) {
            bits = new long[(off + n + 63) >>> 6];
            for (int i = 0; i < n; i++)
                if (nulls[i]) {
                    int b = off + i;
                    bits[b >>> 6] |= 1L << b;
                }
        }
        return switch (type.physical()) {
            case LONG, INT128 -> ColumnVector.ofLongs(type, l, bits, off);
            case DOUBLE, ARRAY -> ColumnVector.ofDoubles(type, d, bits, off);
            case STRING -> ColumnVector.ofStrings(s, bits, off);
            case LIST -> ColumnVector.ofLists(type, lv, bits, off);
        };
    }
}
