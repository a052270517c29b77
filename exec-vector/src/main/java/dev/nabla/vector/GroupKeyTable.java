package dev.nabla.vector;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.Arrays;

/**
 * Distinct multi-column keys numbered densely 0, 1, 2, … in insertion order: GROUP BY / DISTINCT on
 * any key columns, and (with {@link RowChains}) the build side of a multi-key or string-key hash join.
 * Keys compare with grouping equality: NULL equals NULL, 0.0 equals -0.0, NaN equals NaN (a join
 * must drop rows with NULL keys itself). The group keys are stored column-wise and can be read back
 * with {@link #keyColumn}. Batch methods hash a whole batch first ({@link MultiKeyHasher}), then probe.
 */
public final class GroupKeyTable {
    private final DataType[] types;
    private final int width;
    // per key column: the group keys (long[]/double[]/String[]) and a null bitmap
    private final Object[] data;
    private final long[][] nulls;
    private long[] groupHashes;
    private int size;
    private int[] slots;
    private int mask;
    private long[] hashBuffer = new long[0];

    public GroupKeyTable(DataType... keyTypes) {
        this.types = keyTypes.clone();
        this.width = types.length;
        this.data = new Object[width];
        this.nulls = new long[width][];
        int cap = 16;
        for (int c = 0; c < width; c++) {
            data[c] = switch (types[c].physical()) {
                case LONG -> new long[cap];
                case INT128 -> new long[2 * cap]; // high, low word per group
                case DOUBLE -> new double[cap];
                case STRING -> new String[cap];
                case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(types[c]);
            };
            nulls[c] = new long[1];
        }
        groupHashes = new long[cap];
        slots = new int[64];
        Arrays.fill(slots, -1);
        mask = slots.length - 1;
    }

    /** Number of distinct keys. */
    public int size() {
        return size;
    }

    /** For each row {@code sel[j]} (or {@code j}), {@code j < count}: its group id, adding new keys. */
    public void findOrInsert(ColumnVector[] keys, int[] sel, int count, int[] groupsOut) {
        probe(keys, sel, count, groupsOut, true);
    }

    /** Like {@link #findOrInsert} without inserting: -1 for keys not in the table. */
    public void find(ColumnVector[] keys, int[] sel, int count, int[] groupsOut) {
        probe(keys, sel, count, groupsOut, false);
    }

    private void probe(ColumnVector[] keys, int[] sel, int count, int[] out, boolean insert) {
        if (keys.length != width)
            throw new NablaException(ErrorCode.INTERNAL, "expected " + width + " key columns, got " + keys.length);
        for (int c = 0; c < width; c++) {
            if (keys[c].type != DataType.NULL && keys[c].type.physical() != types[c].physical()) {
                throw new NablaException(
                        ErrorCode.INTERNAL, "key column " + c + " is " + keys[c].type + ", table expects " + types[c]);
            }
        }
        if (hashBuffer.length < count) hashBuffer = new long[Math.max(count, 2048)];
        long[] hashes = hashBuffer;
        MultiKeyHasher.hash(keys, sel, count, hashes);
        for (int j = 0; j < count; j++) {
            int row = sel == null ? j : sel[j];
            long h = hashes[j];
            int s = (int) h & mask;
            int found = -1;
            for (; ; s = (s + 1) & mask) {
                int g = slots[s];
                if (g < 0) break;
                if (groupHashes[g] == h && sameKey(g, keys, row)) {
                    found = g;
                    break;
                }
            }
            if (found < 0 && insert) {
                found = add(keys, row, h);
                slots[s] = found;
                if (size * 2 > slots.length) rehash();
            }
            out[j] = found;
        }
    }

    private boolean sameKey(int g, ColumnVector[] keys, int row) {
        for (int c = 0; c < width; c++) {
            ColumnVector v = keys[c];
            boolean vn = v.type == DataType.NULL || v.isNull(row);
            boolean gn = (nulls[c][g >>> 6] & (1L << g)) != 0;
            if (vn || gn) {
                if (vn != gn) return false;
                continue;
            }
            boolean eq = switch (types[c].physical()) {
                case LONG -> ((long[]) data[c])[g] == v.getLong(row);
                case INT128 -> {
                    long[] a = (long[]) data[c];
                    yield a[2 * g] == v.getHigh(row) && a[2 * g + 1] == v.getLow(row);
                }
                case DOUBLE -> {
                    double a = ((double[]) data[c])[g], b = v.getDouble(row);
                    yield a == b || (Double.isNaN(a) && Double.isNaN(b));
                }
                case STRING -> {
                    String a = ((String[]) data[c])[g], b = v.getString(row);
                    yield a == null ? b == null : a.equals(b);
                }
                case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(types[c]);
            };
            if (!eq) return false;
        }
        return true;
    }

    private int add(ColumnVector[] keys, int row, long hash) {
        int g = size++;
        if (g == groupHashes.length) {
            int cap = g * 2;
            groupHashes = Arrays.copyOf(groupHashes, cap);
            for (int c = 0; c < width; c++) {
                data[c] = switch (data[c]) {
                    case long[] a -> Arrays.copyOf(a, ColumnVector.width(types[c]) * cap);
                    case double[] a -> Arrays.copyOf(a, cap);
                    case String[] a -> Arrays.copyOf(a, cap);
                    default -> throw new IllegalStateException();
                };
            }
        }
        for (int c = 0; c < width; c++) {
            if (nulls[c].length <= (g >>> 6))
                nulls[c] = Arrays.copyOf(nulls[c], Math.max(nulls[c].length * 2, (g >>> 6) + 1));
        }
        groupHashes[g] = hash;
        for (int c = 0; c < width; c++) {
            ColumnVector v = keys[c];
            if (v.type == DataType.NULL || v.isNull(row)) {
                nulls[c][g >>> 6] |= 1L << g;
                continue;
            }
            boolean wide = ColumnVector.width(types[c]) == 2;
            switch (data[c]) {
                case long[] a
                when wide -> {
                    a[2 * g] = v.getHigh(row);
                    a[2 * g + 1] = v.getLow(row);
                }
                case long[] a -> a[g] = v.getLong(row);
                case double[] a -> a[g] = v.getDouble(row);
                case String[] a -> a[g] = v.getString(row);
                default -> throw new IllegalStateException();
            }
        }
        return g;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        Arrays.fill(slots, -1);
        mask = slots.length - 1;
        for (int g = 0; g < size; g++) {
            int s = (int) groupHashes[g] & mask;
            while (slots[s] >= 0) s = (s + 1) & mask;
            slots[s] = g;
        }
    }

    /**
     * The keys of column {@code c} for groups {@code 0 .. size()-1} as a vector (a view of the
     * table's arrays: read it before adding more keys, and do not write into it).
     */
    public ColumnVector keyColumn(int c) {
        long[] n = nulls[c];
        boolean any = false;
        for (long w : n) any |= w != 0;
        long[] nb = any ? n : null;
        return switch (types[c].physical()) {
            case LONG, INT128 -> ColumnVector.ofLongs(types[c], (long[]) data[c], nb, 0);
            case DOUBLE -> ColumnVector.ofDoubles(types[c], (double[]) data[c], nb, 0);
            case STRING -> ColumnVector.ofStrings((String[]) data[c], nb, 0);
            case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(types[c]);
        };
    }
}
