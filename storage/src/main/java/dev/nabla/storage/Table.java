package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory columnar table: a name, a schema and the current committed {@link TableVersion}.
 * Readers take {@link #snapshot()} and never block; changes go through a
 * {@link StorageTransaction} and become visible atomically when it commits.
 */
public final class Table {
    private final String name;
    private final Schema schema;
    private volatile TableVersion current;
    /** Primary-key values of the writer's current state; null when the table has no primary key. */
    final KeyIndex keyIndex;
    /** One index per UNIQUE constraint, in declaration order; empty when there are none. */
    final KeyIndex[] uniqueIndexes;

    private final List<UniqueKey> uniqueKeys;
    /** The transaction holding this table's write lock, or null; guarded by {@code this}. */
    private StorageTransaction lockedBy;

    public Table(String name, Schema schema) {
        this(name, schema, TableVersion.EMPTY, List.of());
    }

    /** A table whose writers also enforce the given UNIQUE constraints (NULLs never conflict). */
    public Table(String name, Schema schema, List<UniqueKey> uniqueKeys) {
        this(name, schema, TableVersion.EMPTY, uniqueKeys);
    }

    private Table(String name, Schema schema, TableVersion version, List<UniqueKey> uniqueKeys) {
        this.name = Objects.requireNonNull(name, "name");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.current = version;
        this.keyIndex = schema.hasPrimaryKey() ? new KeyIndex(name, schema) : null;
        this.uniqueKeys = List.copyOf(uniqueKeys);
        this.uniqueIndexes = new KeyIndex[this.uniqueKeys.size()];
        for (int i = 0; i < uniqueIndexes.length; i++) {
            UniqueKey k = this.uniqueKeys.get(i);
            for (int c : k.columns()) {
                if (c < 0 || c >= schema.width())
                    throw new NablaException(ErrorCode.INTERNAL, "unique key column index out of range: " + c);
            }
            uniqueIndexes[i] = new KeyIndex(name, schema, k.columns(), k.name());
        }
    }

    /** The table's UNIQUE constraints (the primary key is not among them). */
    public List<UniqueKey> uniqueKeys() {
        return uniqueKeys;
    }

    /**
     * A table over existing Java arrays, without copying {@code double[]}, {@code long[]} and
     * {@code String[]} (they are sliced into segments by reference; later writes to the table
     * copy the affected parts and never modify the caller's arrays, but the caller must not modify
     * them either). {@code int[]}, {@code float[]} and {@code boolean[]} are widened into new arrays.
     * A null or missing type is inferred from the array: DOUBLE, BIGINT, INTEGER, VARCHAR, REAL, BOOLEAN.
     * Null references in a {@code String[]} are NULL; NaN in a {@code double[]} stays NaN.
     */
    public static Table fromColumns(String name, List<String> names, List<DataType> types, List<Object> arrays) {
        if (names.size() != arrays.size() || (types != null && types.size() != names.size())) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "fromColumns: names, types and arrays must have the same size");
        }
        int w = names.size();
        int length = -1;
        List<ColumnDef> defs = new ArrayList<>(w);
        Object[] storage = new Object[w];
        for (int c = 0; c < w; c++) {
            Object a = arrays.get(c);
            DataType declared = types == null ? null : types.get(c);
            int len;
            DataType type;
            switch (a) {
                case double[] d -> {
                    len = d.length;
                    type = declared == null ? DataType.DOUBLE : declared;
                    storage[c] = d;
                }
                case long[] l -> {
                    len = l.length;
                    type = declared == null ? DataType.BIGINT : declared;
                    storage[c] = l;
                }
                case String[] s -> {
                    len = s.length;
                    type = declared == null ? DataType.VARCHAR : declared;
                    storage[c] = s;
                }
                case int[] i -> {
                    len = i.length;
                    type = declared == null ? DataType.INTEGER : declared;
                    long[] l = new long[len];
                    for (int r = 0; r < len; r++) l[r] = i[r];
                    storage[c] = l;
                }
                case float[] f -> {
                    len = f.length;
                    type = declared == null ? DataType.REAL : declared;
                    double[] d = new double[len];
                    for (int r = 0; r < len; r++) d[r] = f[r];
                    storage[c] = d;
                }
                case boolean[] b -> {
                    len = b.length;
                    type = declared == null ? DataType.BOOLEAN : declared;
                    long[] l = new long[len];
                    for (int r = 0; r < len; r++) l[r] = b[r] ? 1 : 0;
                    storage[c] = l;
                }
                case null, default ->
                    throw new NablaException(
                            ErrorCode.TYPE_MISMATCH,
                            "fromColumns: column " + names.get(c)
                                    + " must be a double[], long[], int[], float[], boolean[] or String[]");
            }
            boolean fits = switch (type.physical()) {
                case LONG -> storage[c] instanceof long[];
                case DOUBLE -> storage[c] instanceof double[];
                case STRING -> storage[c] instanceof String[];
                case LIST, INT128 -> false;
                case ARRAY -> false; // wrapping a flat double[] as DOUBLE[n] is not offered yet
            };
            if (!fits || type == DataType.NULL) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        "fromColumns: column " + names.get(c) + " cannot hold " + type.sqlName() + " values");
            }
            if (length >= 0 && len != length) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT, "fromColumns: all arrays must have the same length");
            }
            length = len;
            defs.add(new ColumnDef(names.get(c), type));
        }
        Schema schema = new Schema(defs, new int[0]);
        if (w == 0 || length <= 0) return new Table(name, schema);
        // null references in a String[] are SQL NULLs: mark them in a bitmap addressed like the array
        long[][] nullBits = new long[w][];
        for (int c = 0; c < w; c++) {
            if (!(storage[c] instanceof String[] strings)) continue;
            for (int r = 0; r < length; r++) {
                if (strings[r] != null) continue;
                if (nullBits[c] == null) nullBits[c] = new long[Segment.words(length)];
                nullBits[c][r >>> 6] |= 1L << r;
            }
        }
        int n = (length + Segment.ROWS - 1) / Segment.ROWS;
        Segment[] segs = new Segment[n];
        int[] counts = new int[n];
        for (int s = 0; s < n; s++) {
            int base = s * Segment.ROWS;
            int cap = Math.min(Segment.ROWS, length - base);
            int[] bases = new int[w];
            java.util.Arrays.fill(bases, base);
            segs[s] = new Segment(storage.clone(), nullBits.clone(), bases, null, cap, null);
            counts[s] = cap;
        }
        return new Table(name, schema, new TableVersion(segs, counts, length), List.of());
    }

    public String name() {
        return name;
    }

    public Schema schema() {
        return schema;
    }

    /** The committed state as of now, stable for as long as the caller holds it. */
    public TableSnapshot snapshot() {
        return new TableSnapshot(this, current);
    }

    /** Snapshots of several tables taken atomically with respect to multi-table commits. */
    public static List<TableSnapshot> snapshots(List<Table> tables) {
        synchronized (StorageTransaction.COMMIT_LOCK) {
            List<TableSnapshot> out = new ArrayList<>(tables.size());
            for (Table t : tables) out.add(t.snapshot());
            return out;
        }
    }

    /** Cheap row-count estimate of the committed state (exact, in fact: live rows are tracked). */
    public long estimatedRows() {
        return current.liveRows();
    }

    TableVersion current() {
        return current;
    }

    /**
     * The row id of the live row whose single-column unique key on {@code column} (the primary key or a
     * UNIQUE constraint) equals {@code key}, in the state of the table's writer (the committed state when
     * none is open); -1 when no row holds it, -2 when the table has no such key. O(1), for point lookups
     * by key. The key indexes belong to the writer and are not synchronized: only the holder of the
     * database's write lock may call this, and only for a snapshot of that same state.
     */
    /**
     * Whether {@code column} alone is this table's PRIMARY KEY or a UNIQUE key: then every version of the table
     * holds at most one live row per non-null value of it (the keys are fixed when the table is made).
     */
    public boolean isUniqueColumn(int column) {
        if (keyIndex != null && keyIndex.isExactly(column)) return true;
        for (KeyIndex u : uniqueIndexes) if (u.isExactly(column)) return true;
        return false;
    }

    public long lookupUniqueColumn(int column, Object key) {
        if (keyIndex != null && keyIndex.isExactly(column)) return keyIndex.lookup(new Object[] {key});
        for (KeyIndex u : uniqueIndexes) if (u.isExactly(column)) return u.lookup(new Object[] {key});
        return -2;
    }

    void publish(TableVersion v) {
        current = v;
    }

    synchronized void lockFor(StorageTransaction txn) {
        if (lockedBy != null && lockedBy != txn) {
            throw new NablaException(
                    ErrorCode.TRANSACTION, "table " + name + " is being modified by another transaction");
        }
        lockedBy = txn;
    }

    synchronized void unlock(StorageTransaction txn) {
        if (lockedBy == txn) lockedBy = null;
    }

    @Override
    public String toString() {
        return "Table[" + name + "]";
    }
}
