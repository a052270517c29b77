package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.SpillFile;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.List;

/**
 * The k-way merge of an external sort: sorted runs (spill files, and the rows still in memory) are merged
 * by their key columns into one sorted stream. Ties go to the run that came first, and each run is itself
 * sorted stably, so the result is the stable in-memory sort's, row for row. Keys compare as {@link RowOrder}
 * compares them (NULL placement per key, {@code -0.0 = 0.0}, strings by UTF-16 code units).
 */
final class RunMerge {
    /** A sorted run, read one batch at a time; each batch holds the row columns, then the key columns. */
    interface Source extends AutoCloseable {
        /** The next batch (dense, at least one row), or null at the end. */
        Batch next();

        @Override
        void close();

        static Source of(SpillFile.Reader r) {
            return new Source() {
                @Override
                public Batch next() {
                    Batch b;
                    do b = r.next();
                    while (b != null && b.count == 0);
                    return b;
                }

                @Override
                public void close() {
                    r.close();
                }
            };
        }

        /** Rows of a store in the order of {@code idx}. */
        static Source of(RowStore rows, int[] idx) {
            return new Source() {
                int from;

                @Override
                public Batch next() {
                    if (from >= idx.length) return null;
                    int m = Math.min(Batch.CAPACITY, idx.length - from);
                    Batch b = rows.gather(idx, from, m);
                    from += m;
                    return b;
                }

                @Override
                public void close() {}
            };
        }
    }

    /** Where merged batches go; false stops the merge (a LIMIT above has enough). */
    interface Sink {
        boolean accept(Batch b);
    }

    private final List<Source> sources;
    private final int keyStart, nk;
    private final boolean[] ascending, nullsFirst;
    private final Batch[] cur;
    private final int[] pos;
    /** A binary min-heap of the sources that have rows left, by their current row. */
    private final int[] heap;

    private int size;

    RunMerge(List<Source> sources, int keyStart, int nk, boolean[] ascending, boolean[] nullsFirst) {
        this.sources = sources;
        this.keyStart = keyStart;
        this.nk = nk;
        this.ascending = ascending;
        this.nullsFirst = nullsFirst;
        this.cur = new Batch[sources.size()];
        this.pos = new int[sources.size()];
        this.heap = new int[sources.size()];
    }

    /** Merges all sources into {@code sink} as batches of the first {@code outWidth} columns; closes the sources. */
    boolean run(ExecState st, int outWidth, Sink sink) {
        try {
            for (int s = 0; s < cur.length; s++) {
                cur[s] = sources.get(s).next();
                if (cur[s] != null) push(s);
            }
            Batch[] fromBatch = new Batch[Batch.CAPACITY];
            int[] fromRow = new int[Batch.CAPACITY];
            while (size > 0) {
                st.ctx.checkCancelled();
                int m = 0;
                while (m < Batch.CAPACITY && size > 0) {
                    int s = heap[0];
                    fromBatch[m] = cur[s];
                    fromRow[m++] = pos[s];
                    if (++pos[s] == cur[s].count) {
                        cur[s] = sources.get(s).next();
                        pos[s] = 0;
                        if (cur[s] == null) {
                            heap[0] = heap[--size];
                            if (size > 0) siftDown(0);
                            continue;
                        }
                    }
                    siftDown(0);
                }
                ColumnVector[] cols = new ColumnVector[outWidth];
                for (int c = 0; c < outWidth; c++) cols[c] = gather(fromBatch, fromRow, m, c);
                if (!sink.accept(new Batch(cols, m))) return false;
            }
            return true;
        } finally {
            for (Source s : sources) s.close();
        }
    }

    /** Column {@code c} of the rows picked, as one fresh dense vector. */
    private static ColumnVector gather(Batch[] fromBatch, int[] fromRow, int m, int c) {
        DataType type = fromBatch[0].columns[c].type;
        ColumnVector out = new ColumnVector(type, Math.max(m, 1));
        if (type == DataType.NULL) return out;
        switch (type.physical()) {
            case LONG -> {
                for (int i = 0; i < m; i++) out.longs[i] = fromBatch[i].columns[c].longs[fromRow[i]];
            }
            case INT128 -> {
                for (int i = 0; i < m; i++) {
                    long[] a = fromBatch[i].columns[c].longs;
                    out.longs[2 * i] = a[2 * fromRow[i]];
                    out.longs[2 * i + 1] = a[2 * fromRow[i] + 1];
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < m; i++) out.doubles[i] = fromBatch[i].columns[c].doubles[fromRow[i]];
            }
            case ARRAY -> {
                int w = ColumnVector.width(type);
                for (int i = 0; i < m; i++)
                    System.arraycopy(fromBatch[i].columns[c].doubles, fromRow[i] * w, out.doubles, i * w, w);
            }
            case STRING -> {
                for (int i = 0; i < m; i++) out.strings[i] = fromBatch[i].columns[c].strings[fromRow[i]];
            }
            case LIST -> {
                for (int i = 0; i < m; i++) out.lists[i] = fromBatch[i].columns[c].lists[fromRow[i]];
            }
        }
        for (int i = 0; i < m; i++) if (fromBatch[i].columns[c].isNull(fromRow[i])) out.setNull(i, true);
        return out;
    }

    /** Whether source a's current row goes before source b's; ties go to the earlier run (stability). */
    private boolean before(int a, int b) {
        Batch ba = cur[a], bb = cur[b];
        int ia = pos[a], ib = pos[b];
        for (int k = 0; k < nk; k++) {
            int c = compareKey(ba.columns[keyStart + k], ia, bb.columns[keyStart + k], ib, k);
            if (c != 0) return c < 0;
        }
        return a < b;
    }

    private int compareKey(ColumnVector x, int i, ColumnVector y, int j, int k) {
        boolean xn = x.isNull(i), yn = y.isNull(j);
        if (xn || yn) {
            if (xn == yn) return 0;
            return xn == nullsFirst[k] ? -1 : 1;
        }
        int c = switch (x.type.physical()) {
            case LONG -> Long.compare(x.longs[i], y.longs[j]);
            case DOUBLE -> Double.compare(x.doubles[i] + 0.0, y.doubles[j] + 0.0);
            case STRING -> x.strings[i].compareTo(y.strings[j]);
            case INT128 ->
                dev.nabla.storage.Int128.compare(
                        x.longs[2 * i], x.longs[2 * i + 1], y.longs[2 * j], y.longs[2 * j + 1]);
            case LIST -> x.getList(i).compareTo(y.getList(j));
            case ARRAY -> throw dev.nabla.storage.ArrayType.notComparable(x.type);
        };
        return ascending[k] ? c : -c;
    }

    private void push(int s) {
        int i = size++;
        heap[i] = s;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!before(heap[i], heap[p])) break;
            int t = heap[i];
            heap[i] = heap[p];
            heap[p] = t;
            i = p;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1, r = l + 1, best = i;
            if (l < size && before(heap[l], heap[best])) best = l;
            if (r < size && before(heap[r], heap[best])) best = r;
            if (best == i) return;
            int t = heap[i];
            heap[i] = heap[best];
            heap[best] = t;
            i = best;
        }
    }
}
