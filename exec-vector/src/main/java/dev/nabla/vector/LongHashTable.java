package dev.nabla.vector;

import java.util.Arrays;

/**
 * Distinct long keys numbered densely 0, 1, 2, … in insertion order (a GROUP BY or DISTINCT on one
 * integer column, the build side of a join). Open addressing with linear probing over primitive
 * arrays, Fibonacci hashing, grown at half load: no boxing, no per-key allocation. A slot's key and
 * id sit side by side in one array, so a probe of a table larger than the caches misses once, not
 * twice (TPC-H q18's 1.5 M order keys).
 */
public final class LongHashTable {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** Slot s: key at 2s, id at 2s + 1 (−1: empty). */
    private long[] slots;

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
        slots = new long[2 * cap];
        for (int s = 1; s < slots.length; s += 2) slots[s] = -1;
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
        long[] t = slots;
        for (int s = slot(key); ; s = (s + 1) & mask) {
            int id = (int) t[2 * s + 1];
            if (id < 0) return -1;
            if (t[2 * s] == key) return id;
        }
    }

    /** The key's id, adding it (with the next id) when new. */
    public int findOrInsert(long key) {
        long[] t = slots;
        int s = slot(key);
        for (; ; s = (s + 1) & mask) {
            int id = (int) t[2 * s + 1];
            if (id < 0) break;
            if (t[2 * s] == key) return id;
        }
        int id = size++;
        if (id == keys.length) keys = Arrays.copyOf(keys, id * 2);
        keys[id] = key;
        t[2 * s] = key;
        t[2 * s + 1] = id;
        if (size * 2 > mask + 1) grow();
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
        long[] old = slots;
        int oldMask = mask, oldShift = shift;
        allocate((oldMask + 1) * 2);
        long[] t = slots;
        try {
            for (int i = 0; i <= oldMask; i++) {
                // a resize of millions of keys: the running statement's cancel check, as a batch would
                if ((i & 0xFFFF) == 0xFFFF) dev.nabla.common.CancelCheck.poll();
                long id = old[2 * i + 1];
                if (id < 0) continue;
                long key = old[2 * i];
                int s = slot(key);
                while (t[2 * s + 1] >= 0) s = (s + 1) & mask;
                t[2 * s] = key;
                t[2 * s + 1] = id;
            }
        } catch (RuntimeException cancelled) {
            // a cancelled resize leaves the table as it was
            slots = old;
            mask = oldMask;
            shift = oldShift;
            throw cancelled;
        }
    }
}
