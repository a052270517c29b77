package dev.nabla.vector;

/**
 * long key → rows, in insertion order: the build side of a hash join on one integer key.
 * {@code for (int r = map.first(key); r >= 0; r = map.next(r))} visits the matching rows.
 */
public final class LongIntMultiMap {
    private final LongHashTable keys;
    private final RowChains chains = new RowChains();

    public LongIntMultiMap() {
        this(16);
    }

    public LongIntMultiMap(int expectedKeys) {
        keys = new LongHashTable(expectedKeys);
    }

    public void put(long key, int row) {
        chains.add(keys.findOrInsert(key), row);
    }

    /** First row with this key, or -1. */
    public int first(long key) {
        int id = keys.find(key);
        return id < 0 ? -1 : chains.first(id);
    }

    /** Next row with the same key as {@code row}, or -1. */
    public int next(int row) {
        return chains.next(row);
    }

    public int distinctKeys() {
        return keys.size();
    }

    public int rowCount() {
        return chains.rowCount();
    }
}
