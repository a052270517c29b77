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

    /**
     * Like {@link #findOrInsert(long[], int, int[], int, int[])} without inserting: -1 for absent keys.
     * A small table (a join's filtered build side: TPC-H q17's 204 parts probed by 6 M lineitems) is
     * first asked through a bitmap of its keys' hashes, in a loop without branches; only the rows whose
     * bit is set probe the table. Probing every row directly costs a mispredicted branch per row when
     * most keys are absent (an empty slot or not, at random).
     */
    public void find(long[] keys, int off, int[] sel, int count, int[] idsOut) {
        long[] f = filter();
        if (f == null) {
            if (sel == null) for (int j = 0; j < count; j++) idsOut[j] = find(keys[off + j]);
            else for (int j = 0; j < count; j++) idsOut[j] = find(keys[off + sel[j]]);
            return;
        }
        int fs = filterShift;
        int passed = 0;
        for (int j = 0; j < count; j++) {
            long h = keys[off + (sel == null ? j : sel[j])] * GOLDEN;
            int b = (int) (h >>> fs);
            // 0: the key may be present, -1: it is not
            int maybe = (int) ((f[b >>> 6] >>> b) & 1);
            idsOut[j] = maybe - 1;
            passed += maybe;
        }
        if (passed > 0)
            for (int j = 0; j < count; j++)
                if (idsOut[j] == 0) idsOut[j] = find(keys[off + (sel == null ? j : sel[j])]);
        filterTested += count;
        filterPassed += passed;
        // most probe keys present (a foreign-key join): the bitmap only adds work, so it is dropped
        if (filterTested >= 1 << 16 && filterPassed > filterTested / 4) filterOff = true;
    }

    /** Keys at most for a bitmap (16 bits a key, at most 128 KiB: it stays in the L2 cache). */
    private static final int FILTER_MAX_KEYS = 1 << 16;

    /** The hash bitmap of the current keys (built at the first batch find after a change), or null. */
    private volatile long[] filter;

    private int filterShift;
    private int filterSize = -1;
    private long filterTested, filterPassed;
    private int filterBuilds;
    private boolean filterOff;

    private long[] filter() {
        if (filterOff || size > FILTER_MAX_KEYS || size == 0) return null;
        long[] f = filter;
        if (f != null && filterSize == size) return f;
        // keys added between batch finds again and again: rebuilding would cost more than it saves
        if (++filterBuilds > 8) {
            filterOff = true;
            return null;
        }
        int bits = Math.max(6, 64 - Long.numberOfLeadingZeros((long) size * 16 - 1));
        int shift = 64 - bits;
        f = new long[1 << (bits - 6)];
        for (int id = 0; id < size; id++) {
            int b = (int) ((keys[id] * GOLDEN) >>> shift);
            f[b >>> 6] |= 1L << b;
        }
        filterShift = shift;
        filterSize = size;
        filter = f;
        return f;
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
