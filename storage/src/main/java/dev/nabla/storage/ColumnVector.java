package dev.nabla.storage;

/**
 * One column of a batch: a typed primitive array, an optional null bitmap and an offset.
 * Row {@code i} of the vector lives at {@code data[offset + i]}; its null bit is bit
 * {@code offset + i} of {@link #nulls} (bit set = NULL; {@code nulls == null} means no NULLs).
 * Exactly one of {@link #longs}, {@link #doubles}, {@link #strings} is non-null, chosen by
 * {@code type.physical()}. A {@link #constant} vector holds one value (at {@code offset}) that stands
 * for every row: literals and broadcast parameters stay cheap. A {@code DOUBLE[n]} column
 * ({@link PhysicalType#ARRAY}) keeps its rows row-major in {@link #doubles}: row {@code i} is
 * {@code doubles[(offset + i)·n … (offset + i + 1)·n)} ({@link #rowStart}); offsets count rows.
 *
 * <p>Fields are public and mutable on purpose: kernels read the arrays directly in hot loops.
 * Vectors handed out by a table scan are views of table storage: never write into them.
 */
public final class ColumnVector {
    public final DataType type;
    public long[] longs;
    public double[] doubles;
    public String[] strings;
    /** The rows of a {@code DOUBLE[]} column ({@link PhysicalType#LIST}); a NULL row may hold null. */
    public ListValue[] lists;

    public long[] nulls;
    public int offset;
    public boolean constant;

    public ColumnVector(DataType type, int capacity) {
        this.type = type;
        switch (type.physical()) {
            case LONG -> longs = new long[capacity];
            case DOUBLE -> doubles = new double[capacity];
            case ARRAY -> doubles = new double[capacity * width(type)];
            case STRING -> strings = new String[capacity];
            case LIST -> lists = new ListValue[capacity];
            case INT128 -> longs = new long[capacity * 2];
        }
        if (type == DataType.NULL) nulls = allNulls(capacity);
    }

    /**
     * Array slots per row: the size n of a {@code DOUBLE[n]} (doubles), 2 for a 128-bit DECIMAL
     * (longs: high word, low word), 1 for every other type.
     */
    public static int width(DataType type) {
        return type instanceof ArrayType a
                ? a.size()
                : type instanceof DecimalType d && d.isWide() || type == DataType.UUID ? 2 : 1;
    }

    /** The high word of row {@code row} of a 128-bit ({@link PhysicalType#INT128}) vector. */
    public long getHigh(int row) {
        return longs[(constant ? offset : offset + row) << 1];
    }

    /** The low word of row {@code row} of a 128-bit ({@link PhysicalType#INT128}) vector. */
    public long getLow(int row) {
        return longs[((constant ? offset : offset + row) << 1) | 1];
    }

    /** Sets row {@code row} of a 128-bit vector to a boxed DECIMAL (a BigDecimal at the type's scale) or UUID. */
    public void setWide(int row, Object v) {
        if (v instanceof java.util.UUID id) {
            set128(row, Uuids.high(id), Uuids.low(id));
            return;
        }
        java.math.BigInteger u = ((java.math.BigDecimal) v).unscaledValue();
        set128(row, Int128.high(u), Int128.low(u));
    }

    /** Sets row {@code row} of a 128-bit vector (not a view of table storage). */
    public void set128(int row, long hi, long lo) {
        int at = (offset + row) << 1;
        longs[at] = hi;
        longs[at + 1] = lo;
    }

    /** Index in {@link #doubles} of the first element of row {@code row} of a {@code DOUBLE[n]} vector. */
    public int rowStart(int row) {
        return (constant ? offset : offset + row) * width(type);
    }

    /** A {@code DOUBLE[n]} vector over an existing row-major array (zero-copy). */
    public static ColumnVector ofArrays(ArrayType type, double[] data, long[] nulls, int offset) {
        return new ColumnVector(type, null, data, null, null, nulls, offset, false);
    }

    private ColumnVector(
            DataType type,
            long[] longs,
            double[] doubles,
            String[] strings,
            ListValue[] lists,
            long[] nulls,
            int offset,
            boolean constant) {
        this.type = type;
        this.longs = longs;
        this.doubles = doubles;
        this.strings = strings;
        this.lists = lists;
        this.nulls = nulls;
        this.offset = offset;
        this.constant = constant;
    }

    /** A zero-copy view of existing arrays (e.g. a table segment or a user's array). */
    public static ColumnVector ofLongs(DataType type, long[] data, long[] nulls, int offset) {
        return new ColumnVector(type, data, null, null, null, nulls, offset, false);
    }

    public static ColumnVector ofDoubles(DataType type, double[] data, long[] nulls, int offset) {
        return new ColumnVector(type, null, data, null, null, nulls, offset, false);
    }

    public static ColumnVector ofStrings(String[] data, long[] nulls, int offset) {
        return new ColumnVector(DataType.VARCHAR, null, null, data, null, nulls, offset, false);
    }

    /** A zero-copy {@code DOUBLE[]} vector over existing per-row lists. */
    public static ColumnVector ofLists(DataType type, ListValue[] data, long[] nulls, int offset) {
        return new ColumnVector(type, null, null, null, data, nulls, offset, false);
    }

    /** Rows {@code start..} of this vector, zero-copy (a constant stays itself). */
    public ColumnVector from(int start) {
        return constant || start == 0
                ? this
                : new ColumnVector(type, longs, doubles, strings, lists, nulls, offset + start, false);
    }

    /**
     * A constant vector: value is a Long, Double, String, Boolean, double[] (an array), ListValue (a
     * list), BigDecimal (a DECIMAL, with its type's scale) or null (SQL NULL).
     */
    public static ColumnVector constant(DataType type, Object value) {
        ColumnVector v = new ColumnVector(type, 1);
        v.constant = true;
        if (value == null) {
            v.nulls = allNulls(1);
        } else {
            switch (type.physical()) {
                case LONG -> v.longs[0] = dev.nabla.storage.DecimalType.storedLong(value);
                case DOUBLE -> v.doubles[0] = ((Number) value).doubleValue();
                case ARRAY -> System.arraycopy((double[]) value, 0, v.doubles, 0, width(type));
                case STRING -> v.strings[0] = value.toString();
                case LIST -> v.lists[0] = (ListValue) value;
                case INT128 -> {
                    v.longs[0] = Uuids.wideHigh(value);
                    v.longs[1] = Uuids.wideLow(value);
                }
            }
        }
        return v;
    }

    public boolean isNull(int row) {
        if (nulls == null) return false;
        int bit = constant ? offset : offset + row;
        return (nulls[bit >>> 6] & (1L << bit)) != 0;
    }

    public void setNull(int row, boolean isNull) {
        int bit = offset + row;
        if (nulls == null) {
            if (!isNull) return;
            nulls = new long[(capacity() + 63) >>> 6];
        }
        if (isNull) nulls[bit >>> 6] |= 1L << bit;
        else nulls[bit >>> 6] &= ~(1L << bit);
    }

    public long getLong(int row) {
        return longs[constant ? offset : offset + row];
    }

    public double getDouble(int row) {
        return doubles[constant ? offset : offset + row];
    }

    public String getString(int row) {
        return strings[constant ? offset : offset + row];
    }

    /** Row {@code row} of a {@code DOUBLE[]} vector (shared, immutable). */
    public ListValue getList(int row) {
        return lists[constant ? offset : offset + row];
    }

    /** A copy of row {@code row} of a {@code DOUBLE[n]} vector. */
    public double[] getArray(int row) {
        int at = rowStart(row);
        return java.util.Arrays.copyOfRange(doubles, at, at + width(type));
    }

    /**
     * Boxed value of a row for slow paths (results, printing, tests): Long, Double, String, Boolean,
     * double[] (a fresh copy, for {@code DOUBLE[n]}), {@link ListValue} (for {@code DOUBLE[]}) or null.
     */
    public Object getObject(int row) {
        if (isNull(row)) return null;
        return switch (type.physical()) {
            case LONG ->
                type == DataType.BOOLEAN
                        ? (Object) (getLong(row) != 0)
                        : type instanceof DecimalType d ? d.box(getLong(row)) : (Object) getLong(row);
            case DOUBLE -> getDouble(row);
            case ARRAY -> getArray(row);
            case STRING -> getString(row);
            case LIST -> getList(row);
            case INT128 -> Uuids.box(type, getHigh(row), getLow(row));
        };
    }

    public int capacity() {
        return switch (type.physical()) {
            case LONG -> longs.length;
            case DOUBLE -> doubles.length;
            case ARRAY -> doubles.length / width(type);
            case STRING -> strings.length;
            case LIST -> lists.length;
            case INT128 -> longs.length >> 1;
        };
    }

    public static long[] allNulls(int capacity) {
        long[] bits = new long[(capacity + 63) >>> 6];
        java.util.Arrays.fill(bits, -1L);
        return bits;
    }
}
