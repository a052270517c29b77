package dev.nabla.engine.exec.store;

import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.storage.DataType;
import java.util.List;

/**
 * Maps multi-column keys to dense group ids 0, 1, 2, ... (open addressing, linear probing). Keys are
 * stored column-wise in a {@link RowStore}; hashes are computed a whole column at a time. NULLs compare
 * equal to each other (GROUP BY / DISTINCT / set operation semantics); doubles compare by value with
 * -0.0 = 0.0 and NaN = NaN.
 */
public final class GroupHashTable {
    private static final long NULL_HASH = 0x5bd1e9955bd1e995L;
    private final RowStore keys;
    private final int width;
    private int[] table; // group id + 1, 0 = empty
    private long[] groupHash;
    private int mask;
    private long[] hashBuf = new long[0];
    /** Fast path for one LONG-physical key: exec-vector's primitive table, plus a separate NULL group. */
    private final dev.nabla.vector.LongHashTable longKeys;

    /** Two LONG-physical key columns: see {@link #pairs}. */
    private final boolean twoLongs;

    private int[] longIdToGroup = new int[64];
    private int nullGroup = -1;
    private int[] idBuf = new int[0];

    public GroupHashTable(List<DataType> keyTypes) {
        keys = new RowStore(keyTypes);
        width = keyTypes.size();
        table = new int[64];
        mask = 63;
        groupHash = new long[64];
        longKeys = width == 1 && keyTypes.get(0).physical() == dev.nabla.storage.PhysicalType.LONG
                ? new dev.nabla.vector.LongHashTable()
                : null;
        twoLongs = width == 2
                && keyTypes.get(0).physical() == dev.nabla.storage.PhysicalType.LONG
                && keyTypes.get(1).physical() == dev.nabla.storage.PhysicalType.LONG;
        if (twoLongs) {
            pairs = new long[64 * 4];
            pairMask = 63;
        }
    }

    /**
     * Keys of two LONGs without NULLs live in their own open-addressing table with the key inline: a slot is four
     * longs (key 0, key 1, group + 1 with 0 = empty, hash), so a probe touches one cache line. Through the generic
     * table (slot → group → hash → each key column) a probe chased four dependent memory reads, about 100 ns a row
     * once the table outgrew the caches (the two-key joins and GROUP BYs of reverse mode's backward plans); keys
     * with a NULL stay in the generic table, so the two never hold the same key.
     */
    private long[] pairs;

    private int pairMask, pairCount;
    /** Groups in {@link #table} (all of them, or with two LONG keys those with a NULL). */
    private int tableCount;

    /** The group of (x, y), added when absent and {@code cols} is given; -1 when absent and not added. */
    private int pair(long x, long y, long hi, Vec[] cols, int i) {
        int slot = (int) hi & pairMask;
        while (true) {
            int p = slot << 2;
            long e = pairs[p + 2];
            if (e == 0) {
                if (cols == null) return -1;
                int g = appendGroup(cols, i, hi);
                pairs[p] = x;
                pairs[p + 1] = y;
                pairs[p + 2] = g + 1;
                pairs[p + 3] = hi;
                if (++pairCount * 2 > pairMask + 1) growPairs();
                return g;
            }
            if (pairs[p] == x && pairs[p + 1] == y) return (int) e - 1;
            slot = (slot + 1) & pairMask;
        }
    }

    private void growPairs() {
        long[] old = pairs;
        int cap = (pairMask + 1) * 2;
        pairs = new long[cap * 4];
        pairMask = cap - 1;
        for (int p = 0; p < old.length; p += 4) {
            if ((p & 0x3FFFF) == 0x3FFFC) dev.nabla.common.CancelCheck.poll();
            if (old[p + 2] == 0) continue;
            int slot = (int) old[p + 3] & pairMask;
            while (pairs[(slot << 2) + 2] != 0) slot = (slot + 1) & pairMask;
            System.arraycopy(old, p, pairs, slot << 2, 4);
        }
    }

    private int[] ids(int n) {
        if (idBuf.length < n) idBuf = new int[Math.max(n, 2048)];
        return idBuf;
    }

    private int newGroup(Vec v, int i) {
        int g = keys.size();
        keys.cols[0].appendRow(v, i);
        keys.addEmptyRows(1);
        return g;
    }

    private void longFindOrInsert(Vec v, int n, int[] gids) {
        int[] ids = ids(n);
        boolean[] nl = v.nulls;
        if (nl == null) longKeys.findOrInsert(v.l, v.off, null, n, ids);
        else for (int i = 0; i < n; i++) ids[i] = nl[i] ? -1 : longKeys.findOrInsert(v.l[v.off + i]);
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            if (id < 0) {
                if (nullGroup < 0) nullGroup = newGroup(v, i);
                gids[i] = nullGroup;
                continue;
            }
            if (id >= longIdToGroup.length)
                longIdToGroup = java.util.Arrays.copyOf(longIdToGroup, Math.max(id + 1, longIdToGroup.length * 2));
            // ids are handed out in order of first appearance, so an unmapped id is always the next one
            if (id == mappedIds) {
                longIdToGroup[id] = newGroup(v, i);
                mappedIds++;
            }
            gids[i] = longIdToGroup[id];
        }
    }

    private int mappedIds;

    private void longFind(Vec v, int n, int[] gids) {
        int[] ids = ids(n);
        boolean[] nl = v.nulls;
        longKeys.find(v.l, v.off, null, n, ids);
        for (int i = 0; i < n; i++) {
            if (nl != null && nl[i]) gids[i] = nullGroup;
            else gids[i] = ids[i] < 0 ? -1 : longIdToGroup[ids[i]];
        }
    }

    public int size() {
        return keys.size();
    }

    /**
     * An estimate of the bytes the table keeps, for the memory accountant: per group its key values
     * (strings as a 48-byte average), hash and slots at the table's load factor, doubled for the growth
     * peaks. O(width), not per row.
     */
    public long heldBytes() {
        long perGroup = 8 + 8 + 2 * 4;
        for (ColumnStore c : keys.cols)
            perGroup += switch (c.type.physical()) {
                case STRING, LIST -> 56;
                case INT128 -> 17;
                case LONG, DOUBLE -> 9;
                case ARRAY -> 1 + 8 * dev.nabla.storage.ColumnVector.width(c.type);
            };
        // twice what is held: a resize holds the old and the new arrays at once, and the arrays grow ahead
        return 2
                * (perGroup * keys.size()
                        + 4L * table.length
                        + 8L * groupHash.length
                        + (pairs == null ? 0 : 8L * pairs.length));
    }

    public RowStore keys() {
        return keys;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Hashes n rows of the key columns into h. */
    public static void hash(Vec[] cols, int n, long[] h) {
        java.util.Arrays.fill(h, 0, n, 17);
        for (Vec v : cols) {
            int o = v.off;
            boolean[] nl = v.nulls;
            switch (v.type.physical()) {
                case LONG -> {
                    for (int i = 0; i < n; i++) h[i] = h[i] * 31 + (nl != null && nl[i] ? NULL_HASH : mix(v.l[o + i]));
                }
                case DOUBLE -> {
                    for (int i = 0; i < n; i++)
                        h[i] = h[i] * 31
                                + (nl != null && nl[i] ? NULL_HASH : mix(Double.doubleToLongBits(v.d[o + i] + 0.0)));
                }
                case STRING -> {
                    for (int i = 0; i < n; i++)
                        h[i] = h[i] * 31 + (nl != null && nl[i] ? NULL_HASH : mix(v.s[o + i].hashCode()));
                }
                case INT128 -> {
                    for (int i = 0; i < n; i++)
                        h[i] = h[i] * 31 + (nl != null && nl[i] ? NULL_HASH : mix(v.hi(i) * 31 + mix(v.lo(i))));
                }
                case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(v.type);
            }
        }
        for (int i = 0; i < n; i++) h[i] = mix(h[i]);
    }

    private long[] hashes(Vec[] cols, int n) {
        if (hashBuf.length < n) hashBuf = new long[Math.max(n, 2048)];
        hash(cols, n, hashBuf);
        return hashBuf;
    }

    private boolean equal(int g, Vec[] cols, int i) {
        for (int c = 0; c < width; c++) {
            ColumnStore k = keys.cols[c];
            Vec v = cols[c];
            boolean kn = k.isNull(g), vn = v.isNull(i);
            if (kn || vn) {
                if (kn != vn) return false;
                continue;
            }
            boolean same = switch (k.type.physical()) {
                case LONG -> k.l[g] == v.l[v.off + i];
                case DOUBLE -> Double.doubleToLongBits(k.d[g] + 0.0) == Double.doubleToLongBits(v.d[v.off + i] + 0.0);
                case STRING -> k.s[g].equals(v.s[v.off + i]);
                case INT128 -> k.l[2 * g] == v.hi(i) && k.l[2 * g + 1] == v.lo(i);
                case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(k.type);
            };
            if (!same) return false;
        }
        return true;
    }

    /** Group id of each of n rows, adding new groups for unseen keys. */
    public void findOrInsert(Vec[] cols, int n, int[] gids) {
        if (longKeys != null) {
            longFindOrInsert(cols[0], n, gids);
            return;
        }
        long[] h = hashes(cols, n);
        for (int i = 0; i < n; i++) {
            long hi = h[i];
            if (twoLongs && !cols[0].isNull(i) && !cols[1].isNull(i)) {
                gids[i] = pair(cols[0].l[cols[0].off + i], cols[1].l[cols[1].off + i], hi, cols, i);
                continue;
            }
            int slot = (int) hi & mask;
            while (true) {
                int e = table[slot];
                if (e == 0) {
                    gids[i] = insert(cols, i, hi, slot);
                    break;
                }
                int g = e - 1;
                if (groupHash[g] == hi && equal(g, cols, i)) {
                    gids[i] = g;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    /** Adds row i's key as a new group in the empty {@code slot} of its probe sequence. */
    private int insert(Vec[] cols, int i, long hi, int slot) {
        int g = appendGroup(cols, i, hi);
        table[slot] = g + 1;
        if (++tableCount * 2 > table.length) rehash();
        return g;
    }

    private int appendGroup(Vec[] cols, int i, long hi) {
        int g = keys.size();
        for (int c = 0; c < width; c++) keys.cols[c].appendRow(cols[c], i);
        keys.addEmptyRows(1);
        if (g >= groupHash.length) groupHash = java.util.Arrays.copyOf(groupHash, groupHash.length * 2);
        groupHash[g] = hi;
        return g;
    }

    /** Group id of each of n rows, or -1 when the key is absent. */
    public void find(Vec[] cols, int n, int[] gids) {
        if (keys.size() == 0) {
            java.util.Arrays.fill(gids, 0, n, -1);
            return;
        }
        if (longKeys != null) {
            longFind(cols[0], n, gids);
            return;
        }
        long[] h = hashes(cols, n);
        for (int i = 0; i < n; i++) {
            long hi = h[i];
            if (twoLongs && !cols[0].isNull(i) && !cols[1].isNull(i)) {
                gids[i] = pair(cols[0].l[cols[0].off + i], cols[1].l[cols[1].off + i], hi, null, i);
                continue;
            }
            int slot = (int) hi & mask;
            int found = -1;
            while (true) {
                int e = table[slot];
                if (e == 0) break;
                int g = e - 1;
                if (groupHash[g] == hi && equal(g, cols, i)) {
                    found = g;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            gids[i] = found;
        }
    }

    private void rehash() {
        int cap = table.length * 2;
        int[] t = new int[cap];
        int m = cap - 1;
        for (int g = 0; g < keys.size(); g++) {
            // a resize of millions of groups takes long enough to matter for a cancel: check as a batch would
            if ((g & 0xFFFF) == 0xFFFF) dev.nabla.common.CancelCheck.poll();
            if (twoLongs && !keys.cols[0].isNull(g) && !keys.cols[1].isNull(g)) continue; // in pairs
            int slot = (int) groupHash[g] & m;
            while (t[slot] != 0) slot = (slot + 1) & m;
            t[slot] = g + 1;
        }
        table = t;
        mask = m;
    }
}
