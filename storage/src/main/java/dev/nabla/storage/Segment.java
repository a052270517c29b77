package dev.nabla.storage;

/**
 * Up to {@link #ROWS} rows of a table, stored column by column in primitive arrays.
 *
 * <p>A segment object never changes which arrays it points to: writers that need a different array
 * (growth, copy-on-write, a first NULL) make a new segment object, so every {@link TableVersion}
 * keeps seeing the arrays it was built from. Array contents change in only two ways: appends write
 * past every published row count (no reader looks there), and a writer mutates arrays it copied
 * itself and has not yet published.
 *
 * <p>Column {@code c} holds row {@code r} at array index {@code base(c) + r}; its null bit is bit
 * {@code base(c) + r} of {@code nulls(c)} (a null bitmap is null when the column has no NULLs), the
 * same addressing as {@link ColumnVector}. A non-zero base only occurs for wrapped user arrays, which
 * are sliced into several segments without copying. The deletion bitmap is indexed by row.
 *
 * <p>A segment opened from a database file may be lazy ({@link #source} not null): its columns start out
 * absent ({@code data[c] == null}) and are read from the file the first time anything asks for them
 * ({@link #column}), once, under a lock on the shared {@code data} array, and published with a release store so
 * that a reader that sees the array also sees its null bitmap. Segments made from a lazy one by deleting rows
 * share its arrays and its source; every other derivation ({@link #grow}, {@link #withColumn},
 * {@link #withNulls}) loads all columns first and is an ordinary segment.
 */
public final class Segment {
    /** Most rows one segment holds; row ids are {@code segmentIndex * ROWS + row}. */
    public static final int ROWS = 1 << 16;

    static final int ROW_BITS = 16;
    static final int INITIAL_CAPACITY = 1024;

    final Object[] data;
    final long[][] nulls;
    final int[] base;
    final long[] deleted;
    final int capacity;
    /**
     * Doubles per row of each column: 1 for scalars, n for a {@code DOUBLE[n]} column, whose row
     * {@code r} occupies {@code [(base + r)·n, (base + r + 1)·n)} of its {@code double[]} (row-major);
     * null when every column is scalar.
     */
    final int[] widths;
    /** Where absent columns are read from (a lazily opened database file), or null when every column is present. */
    final ColumnSource source;

    private static final java.lang.invoke.VarHandle COLUMNS =
            java.lang.invoke.MethodHandles.arrayElementVarHandle(Object[].class);

    Segment(Object[] data, long[][] nulls, int[] base, long[] deleted, int capacity, int[] widths) {
        this(data, nulls, base, deleted, capacity, widths, null);
    }

    Segment(
            Object[] data,
            long[][] nulls,
            int[] base,
            long[] deleted,
            int capacity,
            int[] widths,
            ColumnSource source) {
        this.data = data;
        this.nulls = nulls;
        this.base = base;
        this.deleted = deleted;
        this.capacity = capacity;
        this.widths = widths;
        this.source = source;
    }

    /** Column {@code c}'s data array, read from the database file first if it is still absent. */
    Object column(int c) {
        if (source == null) return data[c];
        Object a = COLUMNS.getAcquire(data, c);
        return a != null ? a : load(c);
    }

    /** Column {@code c}'s null bitmap (null: no NULLs), loading the column first if it is absent. */
    long[] nullBits(int c) {
        if (source != null) column(c);
        return nulls[c];
    }

    private Object load(int c) {
        synchronized (data) {
            Object a = data[c];
            if (a != null) return a;
            Object[] d = {null};
            long[][] n = {null};
            source.load(c, d, n);
            nulls[c] = n[0];
            // the release store publishes the bitmap with the array (readers acquire the array first)
            COLUMNS.setRelease(data, c, d[0]);
            return d[0];
        }
    }

    /** Every column present (loads the absent ones of a lazy segment). */
    void loadAll() {
        if (source != null) for (int c = 0; c < data.length; c++) column(c);
    }

    /** Whether column {@code c} is in memory (false only for a lazy segment's column not read yet). */
    public boolean isLoaded(int c) {
        return source == null || COLUMNS.getAcquire(data, c) != null;
    }

    /** The file this segment's absent columns come from, or null (see the class comment). */
    public ColumnSource source() {
        return source;
    }

    static Segment allocate(Schema schema, int capacity) {
        int w = schema.width();
        Object[] data = new Object[w];
        int[] widths = null;
        for (int c = 0; c < w; c++) {
            int width = ColumnVector.width(schema.type(c));
            if (width != 1) {
                if (widths == null) {
                    widths = new int[w];
                    java.util.Arrays.fill(widths, 1);
                }
                widths[c] = width;
            }
            data[c] = newArray(schema.type(c).physical(), capacity * width);
        }
        return new Segment(data, new long[w][], new int[w], null, capacity, widths);
    }

    static Object newArray(PhysicalType p, int length) {
        return switch (p) {
            case LONG, INT128 -> new long[length];
            case DOUBLE, ARRAY -> new double[length];
            case STRING -> new String[length];
            case LIST -> new ListValue[length];
        };
    }

    /** Array slots per row of a column: n doubles for DOUBLE[n], two longs for a 128-bit DECIMAL (see {@link #widths}). */
    public int width(int column) {
        return widths == null ? 1 : widths[column];
    }

    static int words(int bits) {
        return (bits + 63) >>> 6;
    }

    /** Rows {@code [0, count)} not marked in a deletion bitmap. */
    static int liveRows(long[] deleted, int count) {
        int dead = 0;
        int full = count >>> 6;
        for (int w = 0; w < full; w++) dead += Long.bitCount(deleted[w]);
        if ((count & 63) != 0) dead += Long.bitCount(deleted[full] & ((1L << count) - 1));
        return count - dead;
    }

    /** Rows the arrays can hold. */
    public int capacity() {
        return capacity;
    }

    public int width() {
        return data.length;
    }

    public long[] longs(int column) {
        return (long[]) column(column);
    }

    public double[] doubles(int column) {
        return (double[]) column(column);
    }

    public String[] strings(int column) {
        return (String[]) column(column);
    }

    public ListValue[] lists(int column) {
        return (ListValue[]) column(column);
    }

    /** The null bitmap of a column (addressed like its data array), or null when it has no NULLs. */
    public long[] nulls(int column) {
        return nullBits(column);
    }

    /** Array index of row 0 of a column. */
    public int base(int column) {
        return base[column];
    }

    public boolean isDeleted(int row) {
        return deleted != null && (deleted[row >>> 6] & (1L << row)) != 0;
    }

    public boolean isNull(int column, int row) {
        long[] n = nullBits(column);
        if (n == null) return false;
        int bit = base[column] + row;
        return (n[bit >>> 6] & (1L << bit)) != 0;
    }

    /** A boxed value for slow paths (Long, Double, String, Boolean or null). */
    Object value(DataType type, int column, int row) {
        if (isNull(column, row)) return null;
        int i = base[column] + row;
        return switch (type.physical()) {
            case LONG ->
                type == DataType.BOOLEAN
                        ? (Object) (((long[]) column(column))[i] != 0)
                        : type instanceof DecimalType d
                                ? d.box(((long[]) column(column))[i])
                                : (Object) ((long[]) column(column))[i];
            case DOUBLE -> ((double[]) column(column))[i];
            case ARRAY -> {
                int n = width(column);
                yield java.util.Arrays.copyOfRange((double[]) column(column), i * n, i * n + n);
            }
            case STRING -> ((String[]) column(column))[i];
            case LIST -> ((ListValue[]) column(column))[i];
            case INT128 -> {
                long[] a = (long[]) column(column);
                yield Uuids.box(type, a[2 * i], a[2 * i + 1]);
            }
        };
    }

    Segment withColumn(int column, Object array, long[] nullBits, int newBase) {
        loadAll();
        Object[] d = data.clone();
        long[][] n = nulls.clone();
        int[] b = base.clone();
        d[column] = array;
        n[column] = nullBits;
        b[column] = newBase;
        return new Segment(d, n, b, deleted, capacity, widths);
    }

    Segment withNulls(int column, long[] nullBits) {
        loadAll();
        long[][] n = nulls.clone();
        n[column] = nullBits;
        return new Segment(data, n, base, deleted, capacity, widths);
    }

    Segment withDeleted(long[] del) {
        // the arrays (and the columns not read yet) stay shared
        return new Segment(data, nulls, base, del, capacity, widths, source);
    }

    /** A copy with room for {@code newCapacity} rows holding the first {@code count} rows; every array is new, base 0. */
    Segment grow(int newCapacity, int count) {
        loadAll();
        int w = data.length;
        Object[] d = new Object[w];
        long[][] n = new long[w][];
        for (int c = 0; c < w; c++) {
            d[c] = copyColumn(data[c], base[c], count, newCapacity, width(c));
            n[c] = copyNulls(nulls[c], base[c], count, newCapacity);
        }
        return new Segment(d, n, new int[w], deleted, newCapacity, widths);
    }

    /** Rows {@code [0, count)} of a column array ({@code width} slots a row) into a new array of {@code length} rows, rebased to 0. */
    static Object copyColumn(Object array, int base, int count, int length, int width) {
        Object out;
        if (array instanceof long[] a) out = new long[length * width];
        else if (array instanceof double[] a) out = new double[length * width];
        else if (array instanceof ListValue[]) out = new ListValue[length];
        else out = new String[length];
        System.arraycopy(array, base * width, out, 0, count * width);
        return out;
    }

    /** Null bits of rows {@code [0, count)} rebased to 0, sized for {@code length} rows; null stays null. */
    static long[] copyNulls(long[] bits, int base, int count, int length) {
        if (bits == null) return null;
        long[] out = new long[words(length)];
        if (base == 0) {
            System.arraycopy(bits, 0, out, 0, Math.min(words(count), Math.min(bits.length, out.length)));
            return out;
        }
        for (int r = 0; r < count; r++) {
            int bit = base + r;
            if ((bits[bit >>> 6] & (1L << bit)) != 0) out[r >>> 6] |= 1L << r;
        }
        return out;
    }
}
