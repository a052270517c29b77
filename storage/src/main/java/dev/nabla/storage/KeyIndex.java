package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;

import java.util.Arrays;
import java.util.HashSet;

/**
 * The set of primary-key values of a table as its single writer currently sees it, for O(1)
 * uniqueness checks. Every change is logged so that a statement, savepoint or transaction can be
 * undone ({@link #undoTo}); the log is dropped once the transaction commits ({@link #forget}).
 * Readers never consult it, so it needs no versioning beyond that.
 */
final class KeyIndex {
    private static final byte ADD = 1, REMOVE = 2, CLEAR = 3;

    private final String tableName;
    private final Schema schema;
    private final int[] columns;
    /** A single column stored as longs: keys live unboxed in {@link #longs}. */
    private final boolean longMode;
    private LongSet longs;
    private HashSet<Object> objects;

    private byte[] ops = new byte[16];
    private long[] longLog = new long[16];
    private Object[] objectLog = new Object[16];
    private int size;

    KeyIndex(String tableName, Schema schema) {
        this.tableName = tableName;
        this.schema = schema;
        this.columns = schema.primaryKey();
        this.longMode = columns.length == 1 && schema.type(columns[0]).physical() == PhysicalType.LONG;
        if (longMode) longs = new LongSet();
        else objects = new HashSet<>();
    }

    int mark() { return size; }

    void forget() {
        Arrays.fill(objectLog, 0, size, null);
        size = 0;
    }

    /** Reverts every change logged since {@code mark}. */
    void undoTo(int mark) {
        while (size > mark) {
            size--;
            switch (ops[size]) {
                case ADD -> { if (longMode) longs.remove(longLog[size]); else objects.remove(objectLog[size]); }
                case REMOVE -> { if (longMode) longs.add(longLog[size]); else objects.add(objectLog[size]); }
                case CLEAR -> restore(objectLog[size]);
                default -> throw new IllegalStateException();
            }
            objectLog[size] = null;
        }
    }

    @SuppressWarnings("unchecked")
    private void restore(Object saved) {
        if (longMode) longs = (LongSet) saved;
        else objects = (HashSet<Object>) saved;
    }

    void clear() {
        log(CLEAR, 0, longMode ? longs : objects);
        if (longMode) longs = new LongSet();
        else objects = new HashSet<>();
    }

    /** Adds the key of a stored row; throws the constraint error when it is already present. */
    void add(Segment seg, int row) {
        if (longMode) {
            int c = columns[0];
            long k = seg.longs(c)[seg.base(c) + row];
            if (!longs.add(k)) throw violation();
            log(ADD, k, null);
        } else {
            Object k = key(seg, row, -1, null, 0);
            if (!objects.add(k)) throw violation();
            log(ADD, 0, k);
        }
    }

    /** Adds the key a stored row will have once {@code column} takes row {@code i} of {@code values}. */
    void addReplacing(Segment seg, int row, int column, ColumnVector values, int i) {
        if (longMode) {
            long k = columns[0] == column ? values.getLong(i) : seg.longs(columns[0])[seg.base(columns[0]) + row];
            if (!longs.add(k)) throw violation();
            log(ADD, k, null);
        } else {
            Object k = key(seg, row, column, values, i);
            if (!objects.add(k)) throw violation();
            log(ADD, 0, k);
        }
    }

    void remove(Segment seg, int row) {
        if (longMode) {
            int c = columns[0];
            long k = seg.longs(c)[seg.base(c) + row];
            if (longs.remove(k)) log(REMOVE, k, null);
        } else {
            Object k = key(seg, row, -1, null, 0);
            if (objects.remove(k)) log(REMOVE, 0, k);
        }
    }

    boolean covers(int column) {
        for (int c : columns) if (c == column) return true;
        return false;
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
        };
    }

    private NablaException violation() {
        StringBuilder cols = new StringBuilder();
        for (int j = 0; j < columns.length; j++) {
            if (j > 0) cols.append(", ");
            cols.append(schema.name(columns[j]));
        }
        return new NablaException(ErrorCode.CONSTRAINT_VIOLATION, "PRIMARY KEY constraint failed: " + tableName + "(" + cols + ")");
    }

    private void log(byte op, long k, Object o) {
        if (size == ops.length) {
            int n = size * 2;
            ops = Arrays.copyOf(ops, n);
            longLog = Arrays.copyOf(longLog, n);
            objectLog = Arrays.copyOf(objectLog, n);
        }
        ops[size] = op;
        longLog[size] = k;
        objectLog[size] = o;
        size++;
    }
}
