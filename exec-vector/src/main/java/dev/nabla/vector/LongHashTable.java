package dev.nabla.vector;

import java.util.Arrays;

/**
 * Distinct long keys numbered densely 0, 1, 2, … in insertion order (a GROUP BY or DISTINCT on one
 * integer column, the build side of a join). Open addressing with linear probing over primitive
 * arrays, Fibonacci hashing, grown at half load: no boxing, no per-key allocation.
 */
public final class LongHashTable {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long[] slotKeys;
    private int[] slotIds;
    private int shift;
    private int mask;
    private long[] keys;
    private int size;

    public LongHashTable() {
        this(16);
    }

    public LongHashTable(int expected) {
        int cap = Math.max(16, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << 1);
        allocate(cap);
        keys = new long[Math.max(16, expected)];
    }

    private void allocate(int cap) {
        slotKeys = new long[cap];
        slotIds = new int[cap];
        Arrays.fill(slotIds, -1);
        mask = cap - 1;
        shift = 64 - Integer.numberOfTrailingZeros(cap);
    }

    /** Number of distinct keys. */
    public int size() {
        return size;
    }

    /** The key with this id. */
    public long key(int id) {
        return keys[id];
    }

    /** The keys in id order (a copy). */
    public long[] keys() {
        return Arrays.copyOf(keys, size);
    }

    private int slot(long key) {
        return (int) ((key * GOLDEN) >>> shift);
    }

    /** The key's id, or -1. */
    public int find(long key) {
        for (int s = slot(key); ; s = (s + 1) & mask) {
            int id = slotIds[s];
            if (id < 0) return -1;
            if (slotKeys[s] == key) return id;
        }
    }

    /** The key's id, adding it (with the next id) when new. */
    public int findOrInsert(long key) {
        int s = slot(key);
        for (; ; s = (s + 1) & mask) {
            int id = slotIds[s];
            if (id < 0) break;
            if (slotKeys[s] == key) return id;
        }
        int id = size++;
        if (id == keys.length) keys = Arrays.copyOf(keys, id * 2);
        keys[id] = key;
        slotKeys[s] = key;
        slotIds[s] = id;
        if (size * 2 > slotIds.length) grow();
        return id;
    }

    /** {@code idsOut[j]} = id of row {@code sel[j]} (or {@code j}) of {@code keys[off + row]}, inserting new keys. */
    public void findOrInsert(long[] keys, int off, int[] sel, int count, int[] idsOut) {
        if (sel == null) for (int j = 0; j < count; j++) idsOut[j] = findOrInsert(keys[off + j]);
        else for (int j = 0; j < count; j++) idsOut[j] = findOrInsert(keys[off + sel[j]]);
    }

    /** Like {@link #findOrInsert(long[], int, int[], int, int[])} without inserting: -1 for absent keys. */
    public void find(long[] keys, int off, int[] sel, int count, int[] idsOut) {
        if (sel == null) for (int j = 0; j < count; j++) idsOut[j] = find(keys[off + j]);
        else for (int j = 0; j < count; j++) idsOut[j] = find(keys[off + sel[j]]);
    }

    private void grow() {
        long[] oldKeys = slotKeys;
        int[] oldIds = slotIds;
        int oldMask = mask, oldShift = shift;
        allocate(oldIds.length * 2);
        try {
            for (int i = 0; i < oldIds.length; i++) {
                // a resize of millions of keys: the running statement's cancel check, as a batch would
                if ((i & 0xFFFF) == 0xFFFF) dev.nabla.common.CancelCheck.poll();
                int id = oldIds[i];
                if (id < 0) continue;
                int s = slot(oldKeys[i]);
                while (slotIds[s] >= 0) s = (s + 1) & mask;
                slotKeys[s] = oldKeys[i];
                slotIds[s] = id;
            }
        } catch (RuntimeException cancelled) {
            // a cancelled resize leaves the table as it was
            slotKeys = oldKeys;
            slotIds = oldIds;
            mask = oldMask;
            shift = oldShift;
            throw cancelled;
        }
    }
}
