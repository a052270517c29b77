package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * The primary-key (or one UNIQUE constraint's) values of a table as its single writer currently sees it, each mapped to the row
 * id holding it: O(1) uniqueness checks and key lookups. Every change is logged so that a statement,
 * savepoint or transaction can be undone ({@link #undoTo}); the log is dropped once the transaction
 * commits ({@link #forget}). Readers never consult it, so it needs no versioning beyond that.
 */
final class KeyIndex {
    private static final byte ADD = 1, REMOVE = 2, CLEAR = 3;

    private final String tableName;
    private final Schema schema;
    private final int[] columns;
    /** The UNIQUE constraint's name; null for the primary key. A UNIQUE key with a NULL part is not kept: NULLs never conflict. */
    private final String uniqueName;
    /** A single column stored as longs: keys live unboxed in {@link #longs}. */
    private final boolean longMode;

    private LongLongMap longs;
    private HashMap<Object, Long> objects;

    private byte[] ops = new byte[16];
    private long[] keyLog = new long[16];
    private long[] rowLog = new long[16];
    private Object[] objectLog = new Object[16];
    private int size;

    KeyIndex(String tableName, Schema schema) {
        this(tableName, schema, schema.primaryKey(), null);
    }

    KeyIndex(String tableName, Schema schema, int[] columns, String uniqueName) {
        this.tableName = tableName;
        this.schema = schema;
        this.columns = columns.clone();
        this.uniqueName = uniqueName;
        // refused when the table is created, not at its first insert
        for (int c : columns) if (schema.type(c) instanceof ArrayType) throw arrayKey(c);
        this.longMode = columns.length == 1 && schema.type(columns[0]).physical() == PhysicalType.LONG;
        if (longMode) longs = new LongLongMap();
        else objects = new HashMap<>();
    }

    int mark() {
        return size;
    }

    void forget() {
        Arrays.fill(objectLog, 0, size, null);
        size = 0;
    }

    /** Reverts every change logged since {@code mark}. */
    void undoTo(int mark) {
        while (size > mark) {
            size--;
            switch (ops[size]) {
                case ADD -> {
                    if (longMode) longs.remove(keyLog[size]);
                    else objects.remove(objectLog[size]);
                }
                case REMOVE -> {
                    if (longMode) longs.putIfAbsent(keyLog[size], rowLog[size]);
                    else objects.put(objectLog[size], rowLog[size]);
                }
                case CLEAR -> restore(objectLog[size]);
                default -> throw new IllegalStateException();
            }
            objectLog[size] = null;
        }
    }

    @SuppressWarnings("unchecked")
    private void restore(Object saved) {
        if (longMode) longs = (LongLongMap) saved;
        else objects = (HashMap<Object, Long>) saved;
    }

    void clear() {
        log(CLEAR, 0, 0, longMode ? longs : objects);
        if (longMode) longs = new LongLongMap();
        else objects = new HashMap<>();
    }

    /** Adds the key of stored row {@code rowId}; throws the constraint error when it is already present. */
    void add(Segment seg, int row, long rowId) {
        if (uniqueName != null && hasNull(seg, row, -1, null, 0)) return;
        if (longMode) {
            int c = columns[0];
            long k = seg.longs(c)[seg.base(c) + row];
            if (!longs.putIfAbsent(k, rowId)) throw violation(k);
            log(ADD, k, rowId, null);
        } else {
            Object k = key(seg, row, -1, null, 0);
            if (objects.putIfAbsent(k, rowId) != null) throw violation(k);
            log(ADD, 0, rowId, k);
        }
    }

    /** Adds the key stored row {@code rowId} will have once {@code column} takes row {@code i} of {@code values}. */
    void addReplacing(Segment seg, int row, long rowId, int column, ColumnVector values, int i) {
        if (uniqueName != null && hasNull(seg, row, column, values, i)) return;
        if (longMode) {
            long k = columns[0] == column ? values.getLong(i) : seg.longs(columns[0])[seg.base(columns[0]) + row];
            if (!longs.putIfAbsent(k, rowId)) throw violation(k);
            log(ADD, k, rowId, null);
        } else {
            Object k = key(seg, row, column, values, i);
            if (objects.putIfAbsent(k, rowId) != null) throw violation(k);
            log(ADD, 0, rowId, k);
        }
    }

    void remove(Segment seg, int row) {
        if (uniqueName != null && hasNull(seg, row, -1, null, 0)) return;
        if (longMode) {
            int c = columns[0];
            long k = seg.longs(c)[seg.base(c) + row];
            long id = longs.remove(k);
            if (id != LongLongMap.ABSENT) log(REMOVE, k, id, null);
        } else {
            Object k = key(seg, row, -1, null, 0);
            Long id = objects.remove(k);
            if (id != null) log(REMOVE, 0, id, k);
        }
    }

    /** Whether this is a key on {@code column} alone. */
    boolean isExactly(int column) {
        return columns.length == 1 && columns[0] == column;
    }

    boolean covers(int column) {
        for (int c : columns) if (c == column) return true;
        return false;
    }

    /** The row id holding a key given as boxed values in key-column order, or -1. */
    long lookup(Object[] key) {
        if (key.length != columns.length) {
            throw new NablaException(
                    ErrorCode.INTERNAL,
                    "primary key of " + tableName + " has " + columns.length + " columns, got " + key.length);
        }
        if (longMode) {
            if (!(key[0] instanceof Number || key[0] instanceof Boolean)) return -1;
            if ((key[0] instanceof Double || key[0] instanceof Float)
                    && ((Number) key[0]).doubleValue() != Math.rint(((Number) key[0]).doubleValue())) return -1;
            long k = dev.nabla.storage.DecimalType.storedLong(key[0]);
            long id = longs.get(k);
            return id == LongLongMap.ABSENT ? -1 : id;
        }
        Object[] parts = new Object[columns.length];
        for (int j = 0; j < columns.length; j++) {
            Object v = key[j];
            if (v == null) return -1;
            parts[j] = switch (schema.type(columns[j]).physical()) {
                case LONG ->
                    v instanceof Boolean b
                            ? (Object) (b ? 1L : 0L)
                            : v instanceof Number n ? (Object) n.longValue() : null;
                case DOUBLE -> v instanceof Number n ? (Object) (n.doubleValue() == 0.0 ? 0.0 : n.doubleValue()) : null;
                case STRING -> v instanceof CharSequence cs ? cs.toString() : null;
                // a wide DECIMAL's key is its unscaled value at the column's scale, as part() builds it
                // a UUID keys on its stored words, as part() builds it
                case INT128 ->
                    v instanceof java.util.UUID u
                            ? Int128.toBigInteger(Uuids.high(u), Uuids.low(u))
                            : v instanceof java.math.BigDecimal d
                                    ? d.setScale(
                                                    ((DecimalType) schema.type(columns[j])).scale(),
                                                    java.math.RoundingMode.UNNECESSARY)
                                            .unscaledValue()
                                    : v instanceof Long n
                                            ? java.math.BigDecimal.valueOf(n)
                                                    .setScale(((DecimalType) schema.type(columns[j])).scale())
                                                    .unscaledValue()
                                            : null;
                case ARRAY, LIST -> throw arrayKey(columns[j]);
            };
            if (parts[j] == null) return -1;
        }
        Long id = objects.get(columns.length == 1 ? parts[0] : Arrays.asList(parts));
        return id == null ? -1 : id;
    }

    /** Whether a key part is NULL (a row's stored key, or the key it will have once {@code column} takes {@code values[i]}). */
    private boolean hasNull(Segment seg, int row, int column, ColumnVector values, int i) {
        for (int c : columns) {
            boolean isNull = c == column
                    ? values.type == DataType.NULL
                            || values.isNull(i)
                            || (schema.type(c).physical() == PhysicalType.STRING && values.getString(i) == null)
                    : seg.isNull(c, row);
            if (isNull) return true;
        }
        return false;
    }

    /** The index's constraint name; null for the primary key. */
    String uniqueName() {
        return uniqueName;
    }

    int[] columns() {
        return columns.clone();
    }

    private Object key(Segment seg, int row, int column, ColumnVector values, int i) {
        if (columns.length == 1) return part(seg, row, columns[0], column, values, i);
        Object[] parts = new Object[columns.length];
        for (int j = 0; j < columns.length; j++) parts[j] = part(seg, row, columns[j], column, values, i);
        return Arrays.asList(parts);
    }

    private Object part(Segment seg, int row, int c, int column, ColumnVector values, int i) {
        boolean fromValues = c == column;
        if (fromValues ? values.isNull(i) : seg.isNull(c, row)) return null;
        int at = seg.base(c) + row;
        return switch (schema.type(c).physical()) {
            case LONG -> fromValues ? values.getLong(i) : seg.longs(c)[at];
            case DOUBLE -> {
                double d = fromValues ? values.getDouble(i) : seg.doubles(c)[at];
                // SQL equality: 0.0 = -0.0, while Double.equals tells them apart
                yield d == 0.0 ? 0.0 : d;
            }
            case STRING -> fromValues ? values.getString(i) : seg.strings(c)[at];
            // a wide DECIMAL keys on its unscaled value (boxed: index maintenance is not a hot loop)
            case INT128 ->
                fromValues
                        ? Int128.toBigInteger(values.getHigh(i), values.getLow(i))
                        : Int128.toBigInteger(seg.longs(c)[2 * at], seg.longs(c)[2 * at + 1]);
            case ARRAY, LIST -> throw arrayKey(c);
        };
    }

    private NablaException violation(Object key) {
        StringBuilder cols = new StringBuilder();
        for (int j = 0; j < columns.length; j++) {
            if (j > 0) cols.append(", ");
            cols.append(schema.name(columns[j]));
        }
        if (uniqueName == null)
            return new NablaException(
                    ErrorCode.UNIQUE_VIOLATION, "PRIMARY KEY constraint failed: " + tableName + "(" + cols + ")");
        StringBuilder vals = new StringBuilder();
        List<?> parts = key instanceof List<?> l ? l : List.of(key);
        for (int j = 0; j < parts.size(); j++) {
            if (j > 0) vals.append(", ");
            Object v = parts.get(j);
            vals.append(
                    columns.length == 1 && schema.type(columns[0]) == DataType.BOOLEAN && v instanceof Long b
                            ? (b != 0)
                            : v);
        }
        return new NablaException(
                ErrorCode.UNIQUE_VIOLATION,
                "duplicate key value violates unique constraint \"" + uniqueName + "\" on " + tableName + ": Key ("
                        + cols + ")=(" + vals + ") already exists");
    }

    private void log(byte op, long k, long rowId, Object o) {
        if (size == ops.length) {
            int n = size * 2;
            ops = Arrays.copyOf(ops, n);
            keyLog = Arrays.copyOf(keyLog, n);
            rowLog = Arrays.copyOf(rowLog, n);
            objectLog = Arrays.copyOf(objectLog, n);
        }
        ops[size] = op;
        keyLog[size] = k;
        rowLog[size] = rowId;
        objectLog[size] = o;
        size++;
    }

    private NablaException arrayKey(int c) {
        return new NablaException(
                ErrorCode.UNSUPPORTED,
                "column " + schema.name(c) + " of type " + schema.type(c).sqlName() + " cannot be part of a key");
    }
}
