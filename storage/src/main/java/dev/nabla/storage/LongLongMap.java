package dev.nabla.storage;

/** An open-addressing long → long map (linear probing, backward-shift removal); no boxing. */
final class LongLongMap {
    static final long ABSENT = Long.MIN_VALUE;

    private long[] keys;
    private long[] values;
    private boolean[] used;
    private int size;
    private int mask;

    LongLongMap() {
        keys = new long[16];
        values = new long[16];
        used = new boolean[16];
        mask = 15;
    }

    int size() {
        return size;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The value of the key, or {@link #ABSENT}. */
    long get(long k) {
        for (int i = hash(k) & mask; used[i]; i = (i + 1) & mask) {
            if (keys[i] == k) return values[i];
        }
        return ABSENT;
    }

    /** Adds the mapping; false (and no change) when the key is already present. */
    boolean putIfAbsent(long k, long v) {
        int i = hash(k) & mask;
        for (; used[i]; i = (i + 1) & mask) {
            if (keys[i] == k) return false;
        }
        used[i] = true;
        keys[i] = k;
        values[i] = v;
        if (++size * 2 > keys.length) rehash();
        return true;
    }

    /** Removes the key; returns its value, or {@link #ABSENT} when it was not present. */
    long remove(long k) {
        for (int i = hash(k) & mask; used[i]; i = (i + 1) & mask) {
            if (keys[i] == k) {
                long v = values[i];
                shiftBack(i);
                size--;
                return v;
            }
        }
        return ABSENT;
    }

    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (!used[i]) break;
            int home = hash(keys[i]) & mask;
            // move the entry at i into the hole unless its home lies cyclically in (hole, i]
            boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!stays) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        used[hole] = false;
    }

    private void rehash() {
        long[] oldKeys = keys, oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (!oldUsed[j]) continue;
            int i = hash(oldKeys[j]) & mask;
            while (used[i]) i = (i + 1) & mask;
            used[i] = true;
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
        }
    }
}
