package dev.nabla.storage;

/**
 * One column of a batch: a typed primitive array, an optional null bitmap and an offset.
 * Row {@code i} of the vector lives at {@code data[offset + i]}; its null bit is bit
 * {@code offset + i} of {@link #nulls} (bit set = NULL; {@code nulls == null} means no NULLs).
 * Exactly one of {@link #longs}, {@link #doubles}, {@link #strings} is non-null, chosen by
 * {@code type.physical()}. A {@link #constant} vector holds one value (at {@code offset}) that stands
 * for every row: literals and broadcast parameters stay cheap.
 *
 * <p>Fields are public and mutable on purpose: kernels read the arrays directly in hot loops.
 * Vectors handed out by a table scan are views of table storage: never write into them.
 */
public final class ColumnVector {
    public final DataType type;
    public long[] longs;
    public double[] doubles;
    public String[] strings;
    public long[] nulls;
    public int offset;
    public boolean constant;

    public ColumnVector(DataType type, int capacity) {
        this.type = type;
        switch (type.physical()) {
            case LONG -> longs = new long[capacity];
            case DOUBLE -> doubles = new double[capacity];
            case STRING -> strings = new String[capacity];
        }
        if (type == DataType.NULL) nulls = allNulls(capacity);
    }

    private ColumnVector(
            DataType type,
            long[] longs,
            double[] doubles,
            String[] strings,
            long[] nulls,
            int offset,
            boolean constant) {
        this.type = type;
        this.longs = longs;
        this.doubles = doubles;
        this.strings = strings;
        this.nulls = nulls;
        this.offset = offset;
        this.constant = constant;
    }

    /** A zero-copy view of existing arrays (e.g. a table segment or a user's array). */
    public static ColumnVector ofLongs(DataType type, long[] data, long[] nulls, int offset) {
        return new ColumnVector(type, data, null, null, nulls, offset, false);
    }

    public static ColumnVector ofDoubles(DataType type, double[] data, long[] nulls, int offset) {
        return new ColumnVector(type, null, data, null, nulls, offset, false);
    }

    public static ColumnVector ofStrings(String[] data, long[] nulls, int offset) {
        return new ColumnVector(DataType.VARCHAR, null, null, data, nulls, offset, false);
    }

    /** Rows {@code start..} of this vector, zero-copy (a constant stays itself). */
    public ColumnVector from(int start) {
        return constant || start == 0
                ? this
                : new ColumnVector(type, longs, doubles, strings, nulls, offset + start, false);
    }

    /** A constant vector: value is a Long, Double, String, Boolean or null (SQL NULL). */
    public static ColumnVector constant(DataType type, Object value) {
        ColumnVector v = new ColumnVector(type, 1);
        v.constant = true;
        if (value == null) {
            v.nulls = allNulls(1);
        } else {
            switch (type.physical()) {
                case LONG -> v.longs[0] = value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).longValue();
                case DOUBLE -> v.doubles[0] = ((Number) value).doubleValue();
                case STRING -> v.strings[0] = value.toString();
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

    /** Boxed value of a row for slow paths (results, printing, tests): Long, Double, String, Boolean, or null. */
    public Object getObject(int row) {
        if (isNull(row)) return null;
        return switch (type.physical()) {
            case LONG -> type == DataType.BOOLEAN ? (Object) (getLong(row) != 0) : (Object) getLong(row);
            case DOUBLE -> getDouble(row);
            case STRING -> getString(row);
        };
    }

    public int capacity() {
        return switch (type.physical()) {
            case LONG -> longs.length;
            case DOUBLE -> doubles.length;
            case STRING -> strings.length;
        };
    }

    public static long[] allNulls(int capacity) {
        long[] bits = new long[(capacity + 63) >>> 6];
        java.util.Arrays.fill(bits, -1L);
        return bits;
    }
}
