package dev.nabla.storage;

/** An open-addressing set of longs (linear probing, backward-shift removal); no boxing. */
final class LongSet {
    private long[] keys;
    private boolean[] used;
    private int size;
    private int mask;

    LongSet() { this(16); }

    LongSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        used = new boolean[cap];
        mask = cap - 1;
    }

    int size() { return size; }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    boolean contains(long k) {
        int i = hash(k) & mask;
        while (used[i]) {
            if (keys[i] == k) return true;
            i = (i + 1) & mask;
        }
        return false;
    }

    /** Adds the key; false when it was already present. */
    boolean add(long k) {
        int i = hash(k) & mask;
        while (used[i]) {
            if (keys[i] == k) return false;
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = k;
        if (++size * 2 > keys.length) rehash();
        return true;
    }

    /** Removes the key; false when it was absent. */
    boolean remove(long k) {
        int i = hash(k) & mask;
        while (used[i]) {
            if (keys[i] == k) {
                shiftBack(i);
                size--;
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (!used[i]) break;
            int home = hash(keys[i]) & mask;
            // move keys[i] into the hole unless its home lies cyclically in (hole, i]
            boolean stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
            if (!stays) {
                keys[hole] = keys[i];
                hole = i;
            }
        }
        used[hole] = false;
    }

    private void rehash() {
        long[] oldKeys = keys;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (!oldUsed[j]) continue;
            int i = hash(oldKeys[j]) & mask;
            while (used[i]) i = (i + 1) & mask;
            used[i] = true;
            keys[i] = oldKeys[j];
        }
    }
}
