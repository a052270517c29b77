package dev.nabla.engine.exec.store;

import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.ListValue;
import java.util.Arrays;

/**
 * A growable, materialised column (fresh arrays, never aliasing storage) with a NULL bitmap. A
 * {@code DOUBLE[n]} column keeps its rows row-major in {@code d}, n doubles a row ({@link #w}); a
 * 128-bit DECIMAL keeps two longs a row in {@code l} (high word, low word).
 */
public final class ColumnStore {
    public final DataType type;
    /** Doubles per row: n for {@code DOUBLE[n]}, 1 otherwise. */
    final int w;

    long[] l;
    double[] d;
    String[] s;
    ListValue[] lv;
    long[] nulls;
    int size;

    public ColumnStore(DataType type, int capacity) {
        this.type = type;
        this.w = ColumnVector.width(type);
        int cap = Math.max(capacity, 16);
        switch (type.physical()) {
            case LONG -> l = new long[cap];
            case INT128 -> l = new long[cap * 2];
            case DOUBLE -> d = new double[cap];
            case ARRAY -> d = new double[cap * w];
            case STRING -> s = new String[cap];
            case LIST -> lv = new ListValue[cap];
        }
        nulls = new long[(cap + 63) >>> 6];
    }

    public int size() {
        return size;
    }

    private int capacity() {
        return switch (type.physical()) {
            case LONG -> l.length;
            case INT128 -> l.length / 2;
            case DOUBLE -> d.length;
            case ARRAY -> d.length / w;
            case STRING -> s.length;
            case LIST -> lv.length;
        };
    }

    void reserve(int extra) {
        int need = size + extra;
        int cap = capacity();
        if (need <= cap) return;
        int nc = Math.max(need, cap + (cap >> 1) + 16);
        switch (type.physical()) {
            case LONG -> l = Arrays.copyOf(l, nc);
            case INT128 -> l = Arrays.copyOf(l, nc * 2);
            case DOUBLE -> d = Arrays.copyOf(d, nc);
            case ARRAY -> d = Arrays.copyOf(d, nc * w);
            case STRING -> s = Arrays.copyOf(s, nc);
            case LIST -> lv = Arrays.copyOf(lv, nc);
        }
        nulls = Arrays.copyOf(nulls, (nc + 63) >>> 6);
    }

    private void setNullBit(int row) {
        nulls[row >>> 6] |= 1L << row;
    }

    public boolean isNull(int row) {
        return (nulls[row >>> 6] & (1L << row)) != 0;
    }

    public long getLong(int row) {
        return l[row];
    }

    /** Compares rows a and b of a 128-bit DECIMAL column (signed). */
    public int compare128(int a, int b) {
        return dev.nabla.storage.Int128.compare(l[2 * a], l[2 * a + 1], l[2 * b], l[2 * b + 1]);
    }

    public double getDouble(int row) {
        return d[row];
    }

    public String getString(int row) {
        return s[row];
    }

    public long[] longs() {
        return l;
    }

    public double[] doubles() {
        return d;
    }

    public String[] strings() {
        return s;
    }

    public Object get(int row) {
        if (isNull(row)) return null;
        return switch (type.physical()) {
            case LONG ->
                type == DataType.BOOLEAN
                        ? (Object) (l[row] != 0)
                        : type instanceof dev.nabla.storage.DecimalType t ? t.box(l[row]) : (Object) l[row];
            case DOUBLE -> d[row];
            case ARRAY -> Arrays.copyOfRange(d, row * w, row * w + w);
            case STRING -> s[row];
            case LIST -> lv[row];
            case INT128 -> dev.nabla.storage.Uuids.box(type, l[2 * row], l[2 * row + 1]);
        };
    }

    /** Appends n rows of a dense batch column (constant vectors broadcast). */
    public void append(ColumnVector cv, int n) {
        reserve(n);
        if (cv.constant) {
            boolean isNull = cv.isNull(0);
            for (int i = 0; i < n; i++) {
                int r = size + i;
                if (isNull) setNullBit(r);
                switch (type.physical()) {
                    case LONG -> l[r] = cv.longs[cv.offset];
                    case INT128 -> System.arraycopy(cv.longs, cv.offset * 2, l, r * 2, 2);
                    case DOUBLE -> d[r] = cv.doubles[cv.offset];
                    case ARRAY -> System.arraycopy(cv.doubles, cv.offset * w, d, r * w, w);
                    case STRING -> s[r] = cv.strings[cv.offset];
                    case LIST -> lv[r] = cv.lists[cv.offset];
                }
            }
            size += n;
            return;
        }
        switch (type.physical()) {
            case LONG -> System.arraycopy(cv.longs, cv.offset, l, size, n);
            case INT128 -> System.arraycopy(cv.longs, cv.offset * 2, l, size * 2, n * 2);
            case DOUBLE -> System.arraycopy(cv.doubles, cv.offset, d, size, n);
            case ARRAY -> System.arraycopy(cv.doubles, cv.offset * w, d, size * w, n * w);
            case STRING -> System.arraycopy(cv.strings, cv.offset, s, size, n);
            case LIST -> System.arraycopy(cv.lists, cv.offset, lv, size, n);
        }
        if (cv.nulls != null) {
            for (int i = 0; i < n; i++) {
                int b = cv.offset + i;
                if ((cv.nulls[b >>> 6] & (1L << b)) != 0) setNullBit(size + i);
            }
        }
        size += n;
    }

    public void append(Vec v, int n) {
        reserve(n);
        switch (type.physical()) {
            case LONG -> System.arraycopy(v.l, v.off, l, size, n);
            case INT128 -> System.arraycopy(v.l, v.off * 2, l, size * 2, n * 2);
            case DOUBLE -> System.arraycopy(v.d, v.off, d, size, n);
            case ARRAY -> System.arraycopy(v.d, v.off * w, d, size * w, n * w);
            case STRING -> System.arraycopy(v.s, v.off, s, size, n);
            case LIST -> System.arraycopy(v.lv, v.off, lv, size, n);
        }
        if (v.nulls != null) for (int i = 0; i < n; i++) if (v.nulls[i]) setNullBit(size + i);
        size += n;
    }

    /** Appends row i of a vector. */
    public void appendRow(Vec v, int i) {
        reserve(1);
        if (v.isNull(i)) setNullBit(size);
        else
            switch (type.physical()) {
                case LONG -> l[size] = v.l[v.off + i];
                case INT128 -> System.arraycopy(v.l, (v.off + i) * 2, l, size * 2, 2);
                case DOUBLE -> d[size] = v.d[v.off + i];
                case ARRAY -> System.arraycopy(v.d, (v.off + i) * w, d, size * w, w);
                case STRING -> s[size] = v.s[v.off + i];
                case LIST -> lv[size] = v.lv[v.off + i];
            }
        size++;
    }

    public void appendFrom(ColumnStore src, int row) {
        reserve(1);
        if (src.isNull(row)) setNullBit(size);
        else
            switch (type.physical()) {
                case LONG -> l[size] = src.l[row];
                case INT128 -> System.arraycopy(src.l, row * 2, l, size * 2, 2);
                case DOUBLE -> d[size] = src.d[row];
                case ARRAY -> System.arraycopy(src.d, row * w, d, size * w, w);
                case STRING -> s[size] = src.s[row];
                case LIST -> lv[size] = src.lv[row];
            }
        size++;
    }

    /** Appends a boxed value already of this column's type (Long/Double/String/Boolean/null). */
    public void appendValue(Object v) {
        reserve(1);
        if (v == null) setNullBit(size);
        else
            switch (type.physical()) {
                case LONG -> l[size] = dev.nabla.storage.DecimalType.storedLong(v);
                case INT128 -> set128(size, v);
                case DOUBLE -> d[size] = ((Number) v).doubleValue();
                case ARRAY -> System.arraycopy((double[]) v, 0, d, size * w, w);
                case STRING -> s[size] = v.toString();
                case LIST -> lv[size] = (ListValue) v;
            }
        size++;
    }

    /** Appends a 128-bit DECIMAL value (this column's type and scale). */
    public void appendWide(long hi, long lo) {
        reserve(1);
        l[2 * size] = hi;
        l[2 * size + 1] = lo;
        size++;
    }

    public void appendNull() {
        appendValue(null);
    }

    /** Appends a long, converting when this column is DOUBLE-physical. */
    public void appendLong(long v) {
        reserve(1);
        switch (type.physical()) {
            case LONG -> l[size] = v;
            case DOUBLE -> d[size] = v;
            case INT128 -> throw new IllegalStateException("a long appended to " + type.sqlName());
            case ARRAY -> throw new IllegalStateException("a scalar appended to " + type.sqlName());
            case STRING -> s[size] = Long.toString(v);
            case LIST -> throw new IllegalStateException("a scalar appended to " + type.sqlName());
        }
        size++;
    }

    /** Appends a double, converting (truncating) when this column is LONG-physical. */
    public void appendDouble(double v) {
        reserve(1);
        switch (type.physical()) {
            case LONG -> l[size] = (long) v;
            case INT128 -> throw new IllegalStateException("a double appended to " + type.sqlName());
            case DOUBLE -> d[size] = v;
            case ARRAY -> throw new IllegalStateException("a scalar appended to " + type.sqlName());
            case STRING -> s[size] = dev.nabla.engine.exec.expr.Casts.formatDouble(v);
            case LIST -> throw new IllegalStateException("a scalar appended to " + type.sqlName());
        }
        size++;
    }

    /** Sets an already appended row (used by window functions writing results out of order). */
    public void setFrom(int row, Vec v, int i) {
        if (v.isNull(i)) {
            setNullBit(row);
            return;
        }
        nulls[row >>> 6] &= ~(1L << row);
        switch (type.physical()) {
            case LONG -> l[row] = v.l[v.off + i];
            case INT128 -> System.arraycopy(v.l, (v.off + i) * 2, l, row * 2, 2);
            case DOUBLE -> d[row] = v.d[v.off + i];
            case ARRAY -> System.arraycopy(v.d, (v.off + i) * w, d, row * w, w);
            case STRING -> s[row] = v.s[v.off + i];
            case LIST -> lv[row] = v.lv[v.off + i];
        }
    }

    /** Grows to n rows of NULL (filled in later with setters). */
    public void extendTo(int n) {
        if (n <= size) return;
        reserve(n - size);
        for (int r = size; r < n; r++) setNullBit(r);
        size = n;
    }

    public void setLong(int row, long v) {
        nulls[row >>> 6] &= ~(1L << row);
        l[row] = v;
    }

    public void setDouble(int row, double v) {
        nulls[row >>> 6] &= ~(1L << row);
        d[row] = v;
    }

    public void setString(int row, String v) {
        if (v == null) {
            setNullBit(row);
            return;
        }
        nulls[row >>> 6] &= ~(1L << row);
        s[row] = v;
    }

    public void setNull(int row) {
        setNullBit(row);
    }

    public void setValue(int row, Object v) {
        if (v == null) {
            setNullBit(row);
            return;
        }
        nulls[row >>> 6] &= ~(1L << row);
        switch (type.physical()) {
            case LONG -> l[row] = dev.nabla.storage.DecimalType.storedLong(v);
            case INT128 -> set128(row, v);
            case DOUBLE -> d[row] = ((Number) v).doubleValue();
            case ARRAY -> System.arraycopy((double[]) v, 0, d, row * w, w);
            case STRING -> s[row] = v.toString();
            case LIST -> lv[row] = (ListValue) v;
        }
    }

    /** Stores a boxed DECIMAL (its type's scale) or UUID in row {@code row} of a 128-bit column. */
    private void set128(int row, Object v) {
        if (v instanceof java.util.UUID id) {
            l[2 * row] = dev.nabla.storage.Uuids.high(id);
            l[2 * row + 1] = dev.nabla.storage.Uuids.low(id);
            return;
        }
        l[2 * row] = dev.nabla.storage.Uuids.wideHigh(v);
        l[2 * row + 1] = dev.nabla.storage.Uuids.wideLow(v);
    }

    /** Zero-copy view of rows from..: valid until the store grows. */
    public ColumnVector view(int from) {
        return switch (type.physical()) {
            case LONG, INT128 -> ColumnVector.ofLongs(type, l, nulls, from);
            case DOUBLE, ARRAY -> ColumnVector.ofDoubles(type, d, nulls, from);
            case STRING -> ColumnVector.ofStrings(s, nulls, from);
            case LIST -> ColumnVector.ofLists(type, lv, nulls, from);
        };
    }

    /** A fresh dense vector of rows[from .. from+n) (a negative row index gives NULL). */
    public ColumnVector gather(int[] rows, int from, int n) {
        ColumnVector cv = new ColumnVector(type, Math.max(n, 1));
        long[] bits = null;
        for (int i = 0; i < n; i++) {
            int r = rows[from + i];
            if (r < 0 || isNull(r)) {
                if (bits == null) bits = new long[(Math.max(n, 1) + 63) >>> 6];
                bits[i >>> 6] |= 1L << i;
                continue;
            }
            switch (type.physical()) {
                case LONG -> cv.longs[i] = l[r];
                case INT128 -> {
                    cv.longs[2 * i] = l[2 * r];
                    cv.longs[2 * i + 1] = l[2 * r + 1];
                }
                case DOUBLE -> cv.doubles[i] = d[r];
                case ARRAY -> System.arraycopy(d, r * w, cv.doubles, i * w, w);
                case STRING -> cv.strings[i] = s[r];
                case LIST -> cv.lists[i] = lv[r];
            }
        }
        if (type != DataType.NULL) cv.nulls = bits;
        return cv;
    }

    /** A fresh dense copy of rows from .. from+n. */
    public ColumnVector copy(int from, int n) {
        ColumnVector cv = new ColumnVector(type, Math.max(n, 1));
        switch (type.physical()) {
            case LONG -> System.arraycopy(l, from, cv.longs, 0, n);
            case INT128 -> System.arraycopy(l, from * 2, cv.longs, 0, n * 2);
            case DOUBLE -> System.arraycopy(d, from, cv.doubles, 0, n);
            case ARRAY -> System.arraycopy(d, from * w, cv.doubles, 0, n * w);
            case STRING -> System.arraycopy(s, from, cv.strings, 0, n);
            case LIST -> System.arraycopy(lv, from, cv.lists, 0, n);
        }
        long[] bits = null;
        for (int i = 0; i < n; i++) {
            if (isNull(from + i)) {
                if (bits == null) bits = new long[(Math.max(n, 1) + 63) >>> 6];
                bits[i >>> 6] |= 1L << i;
            }
        }
        if (type != DataType.NULL) cv.nulls = bits;
        return cv;
    }

    /** Loads rows from..from+n into a Vec (aliasing the data arrays). */
    public void loadInto(Vec v, int from, int n) {
        v.l = l;
        v.d = d;
        v.s = s;
        v.lv = lv;
        v.off = from;
        boolean[] nl = v.nullScratch(n);
        boolean any = false;
        for (int i = 0; i < n; i++) {
            boolean isNull = isNull(from + i);
            nl[i] = isNull;
            any |= isNull;
        }
        v.nulls = any ? nl : null;
    }
}
