package dev.nabla.engine.exec.op;

import dev.nabla.common.CancelCheck;
import dev.nabla.engine.exec.store.ColumnStore;

/**
 * Multi-key row ordering over materialised key columns, and a stable merge sort of row indexes.
 * NULL placement per key follows {@code nullsFirst}; strings compare by UTF-16 code units.
 */
final class RowOrder {
    final ColumnStore[] keys;
    final boolean[] ascending;
    final boolean[] nullsFirst;

    RowOrder(ColumnStore[] keys, boolean[] ascending, boolean[] nullsFirst) {
        this.keys = keys;
        this.ascending = ascending;
        this.nullsFirst = nullsFirst;
    }

    int compare(int a, int b) {
        for (int k = 0; k < keys.length; k++) {
            int c = compareKey(k, a, b);
            if (c != 0) return c;
        }
        return 0;
    }

    /** Compares only the first {@code count} keys (e.g. partition keys). */
    boolean samePrefix(int a, int b, int from, int count) {
        for (int k = from; k < from + count; k++) if (compareKey(k, a, b) != 0) return false;
        return true;
    }

    int compareKey(int k, int a, int b) {
        ColumnStore col = keys[k];
        boolean an = col.isNull(a), bn = col.isNull(b);
        if (an || bn) {
            if (an == bn) return 0;
            return an == nullsFirst[k] ? -1 : 1;
        }
        int c = switch (col.type.physical()) {
            case LONG -> Long.compare(col.getLong(a), col.getLong(b));
            case DOUBLE -> Double.compare(col.getDouble(a) + 0.0, col.getDouble(b) + 0.0);
            case STRING -> col.getString(a).compareTo(col.getString(b));
            case INT128 -> col.compare128(a, b);
            case LIST -> col.getList(a).compareTo(col.getList(b));
            case ARRAY -> throw dev.nabla.storage.ArrayType.notComparable(col.type);
        };
        return ascending[k] ? c : -c;
    }

    /** Stable sort of idx[0..n), polling the running statement's cancel check (see {@link CancelCheck}). */
    void sort(int[] idx, int n) {
        sort(idx, n, CancelCheck::poll);
    }

    /**
     * Stable sort of idx[0..n), calling {@code cancelCheck} about every {@link #CHECK_EVERY} comparisons so
     * that cancelling a statement that sorts tens of millions of rows takes effect within milliseconds.
     */
    void sort(int[] idx, int n, Runnable cancelCheck) {
        if (countingSort(idx, n)) return;
        int[] tmp = new int[n];
        mergeSort(idx, tmp, 0, n, new Budget(cancelCheck));
    }

    /**
     * One integer key whose values span a small range (a partition number, a group id, a day): a stable
     * counting sort, O(n + range), instead of O(n log n) comparisons. The same order as the merge sort:
     * NULLs placed per {@code nullsFirst}, equal keys in input order. False (nothing done) otherwise.
     */
    private boolean countingSort(int[] idx, int n) {
        if (n < 2 || keys.length != 1 || keys[0].type.physical() != dev.nabla.storage.PhysicalType.LONG) return false;
        ColumnStore col = keys[0];
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int r = idx[i];
            if (col.isNull(r)) continue;
            long v = col.getLong(r);
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (min > max) return true; // every key NULL: all equal, the stable order is the input order
        long range = max - min + 1;
        if (range <= 0 || range > Math.max(1024, 2L * n)) return false;
        int values = (int) range;
        // bucket 0 or values + 1 holds the NULLs; value buckets 1..values in the key's direction
        int[] start = new int[values + 3];
        int[] bucket = new int[n];
        boolean asc = ascending[0], nf = nullsFirst[0];
        for (int i = 0; i < n; i++) {
            int r = idx[i];
            int b;
            if (col.isNull(r)) b = nf ? 0 : values + 1;
            else {
                long v = col.getLong(r);
                b = 1 + (int) (asc ? v - min : max - v);
            }
            bucket[i] = b;
            start[b + 1]++;
        }
        for (int b = 1; b < start.length; b++) start[b] += start[b - 1];
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[start[bucket[i]]++] = idx[i];
        System.arraycopy(out, 0, idx, 0, n);
        return true;
    }

    /** Row comparisons between cancel checks: a few milliseconds of sorting. */
    private static final int CHECK_EVERY = 1 << 16;

    /** One sort's comparisons left until its next cancel check (per call: a RowOrder may sort on several threads). */
    private static final class Budget {
        final Runnable cancelCheck;
        int left = CHECK_EVERY;

        Budget(Runnable cancelCheck) {
            this.cancelCheck = cancelCheck;
        }

        void spend(int work) {
            left -= work;
            if (left <= 0) {
                left = CHECK_EVERY;
                cancelCheck.run();
            }
        }
    }

    private void mergeSort(int[] a, int[] tmp, int lo, int hi, Budget budget) {
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i], j = i - 1;
                while (j >= lo && compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            budget.spend(hi - lo);
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid, budget);
        mergeSort(a, tmp, mid, hi, budget);
        if (compare(a[mid - 1], a[mid]) <= 0) return;
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo, j = mid, k = lo;
        // merged in slices so that one merge of millions of rows still checks for cancellation
        while (i < mid && j < hi) {
            int from = k, stop = Math.min(hi, k + CHECK_EVERY);
            while (i < mid && j < hi && k < stop) a[k++] = compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
            budget.spend(k - from);
        }
        while (i < mid) a[k++] = tmp[i++];
        while (j < hi) a[k++] = tmp[j++];
    }
}
