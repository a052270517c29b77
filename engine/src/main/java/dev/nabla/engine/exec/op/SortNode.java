package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.expr.Evaluator;
import dev.nabla.engine.exec.expr.ExprProgram;
import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.ColumnStore;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import dev.nabla.storage.PhysicalType;
import java.util.ArrayList;
import java.util.List;

/** Stable multi-key sort: materialises the input plus evaluated key columns, sorts row indexes, gathers. */
final class SortNode extends PhysicalNode {
    final PhysicalNode input;
    final ExprProgram keys;
    final boolean[] ascending, nullsFirst;
    /** LIMIT and OFFSET of a Limit right above (top-N: only that many rows need to be kept); null when none. */
    final ExprProgram limit, offset;

    SortNode(
            PhysicalNode input,
            ExprProgram keys,
            boolean[] ascending,
            boolean[] nullsFirst,
            ExprProgram limit,
            ExprProgram offset) {
        super(input.types);
        this.input = input;
        this.keys = keys;
        this.ascending = ascending;
        this.nullsFirst = nullsFirst;
        this.limit = limit;
        this.offset = offset;
    }

    @Override
    public java.util.List<? extends Explained> explainInputs() {
        return java.util.List.of(input);
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        int width = types.size();
        int nk = keys.rootCount();
        List<DataType> all = new ArrayList<>(types);
        for (int k = 0; k < nk; k++) all.add(keys.rootType(k));
        long keep = -1;
        if (limit != null) {
            long lim = SimpleNodes.Limit.constant(limit, st, "LIMIT");
            long off = offset == null ? 0 : Math.max(0, SimpleNodes.Limit.constant(offset, st, "OFFSET"));
            if (lim >= 0 && lim + off < Integer.MAX_VALUE / 4) keep = lim + off;
        }
        long topN = keep;
        try (MemoryLease mem = st.lease(topN >= 0 ? "top-N sort" : "sort")) {
            return sort(st, out, all, width, nk, topN, mem);
        }
    }

    private boolean sort(
            ExecState st, Downstream out, List<DataType> all, int width, int nk, long topN, MemoryLease mem) {
        RowStore[] rows = {new RowStore(all)};
        Evaluator ev = keys.newEvaluator(st);
        // ORDER BY one double key LIMIT k (k-nearest neighbours by a distance): a bounded heap of the k best
        // keys so far lets only rows that can still be in the top k be copied at all
        KeyHeap heap =
                topN > 0 && topN <= KeyHeap.MAX_K && nk == 1 && keys.rootType(0).physical() == PhysicalType.DOUBLE
                        ? new KeyHeap((int) topN, ascending[0])
                        : null;
        input.execute(st, in -> {
            Batch b = Batches.dense(in);
            if (b.count == 0) return true;
            ev.eval(b);
            RowStore r = rows[0];
            if (heap != null) {
                Vec key = ev.result(0);
                int m = heap.offer(key, b.count);
                if (m == 0) return true;
                if (m < b.count) {
                    // only the rows kept are charged: a k-NN scan holds about k rows, not its input
                    mem.grow((Batches.storedBytes(b) / b.count + 18L * nk + 4) * m);
                    int[] sel = heap.selected;
                    for (int c = 0; c < width; c++) r.cols[c].append(Batches.gather(b.columns[c], sel, m), m);
                    r.cols[width].append(Batches.gather(key.toColumnVector(b.count), sel, m), m);
                    r.addEmptyRows(m);
                    compact(rows, all, width, nk, topN, st, mem);
                    return true;
                }
            }
            // the row and its sort keys (8 bytes each), and the permutation entry
            mem.grow(Batches.storedBytes(b) + (18L * nk + 4) * b.count);
            for (int c = 0; c < width; c++) r.cols[c].append(b.columns[c], b.count);
            for (int k = 0; k < nk; k++) r.cols[width + k].append(ev.result(k), b.count);
            r.addEmptyRows(b.count);
            if (topN >= 0) compact(rows, all, width, nk, topN, st, mem);
            return true;
        });
        RowStore r = rows[0];
        int[] idx = sorted(r, width, nk, st);
        int n = topN >= 0 ? (int) Math.min(topN, r.size()) : r.size();
        return emit(r, width, idx, n, out, st);
    }

    /** Top-N: once well past N rows, keep only the first N in order (stability is preserved). */
    private void compact(
            RowStore[] rows, List<DataType> all, int width, int nk, long topN, ExecState st, MemoryLease mem) {
        RowStore r = rows[0];
        if (r.size() <= Math.max(2 * topN, 8192)) return;
        int[] idx = sorted(r, width, nk, st);
        int m = (int) Math.min(topN, r.size());
        rows[0] = new RowStore(all);
        rows[0].append(r.gather(idx, 0, m));
        // what was cut goes back: the lease now holds about m rows' worth
        mem.shrink(mem.held() - mem.held() / r.size() * m);
    }

    /**
     * The k best non-NULL keys seen so far, worst on top (a max-heap for ascending order). A row is a
     * candidate when its key is NULL (NULLs are placed by the final sort), the heap is not full, or its
     * key is strictly better than the worst of the k: a later row equal to it ranks after all k (the
     * sort is stable), so it cannot be in the result. Keys compare as {@link RowOrder} compares them.
     */
    static final class KeyHeap {
        static final int MAX_K = 1 << 16;
        final int k;
        final boolean ascending;
        final double[] h;
        int size;
        int[] selected = new int[Batch.CAPACITY];

        KeyHeap(int k, boolean ascending) {
            this.k = k;
            this.ascending = ascending;
            this.h = new double[k];
        }

        /** Whether x goes after y in the sort order. */
        private boolean after(double x, double y) {
            int c = Double.compare(x + 0.0, y + 0.0);
            return ascending ? c > 0 : c < 0;
        }

        /** Marks the candidate rows of a batch in {@link #selected}; returns their count. */
        int offer(Vec key, int n) {
            if (selected.length < n) selected = new int[n];
            int m = 0;
            double[] d = key.d;
            int off = key.off;
            for (int i = 0; i < n; i++) {
                if (key.isNull(i)) {
                    selected[m++] = i;
                    continue;
                }
                double x = d[off + i];
                if (size < k) {
                    push(x);
                    selected[m++] = i;
                } else if (after(h[0], x)) {
                    h[0] = x;
                    siftDown(0);
                    selected[m++] = i;
                }
            }
            return m;
        }

        private void push(double x) {
            int i = size++;
            h[i] = x;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (!after(h[i], h[p])) break;
                double t = h[i];
                h[i] = h[p];
                h[p] = t;
                i = p;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int l = 2 * i + 1, r = l + 1, worst = i;
                if (l < size && after(h[l], h[worst])) worst = l;
                if (r < size && after(h[r], h[worst])) worst = r;
                if (worst == i) return;
                double t = h[i];
                h[i] = h[worst];
                h[worst] = t;
                i = worst;
            }
        }
    }

    private int[] sorted(RowStore rows, int width, int nk, ExecState st) {
        int n = rows.size();
        ColumnStore[] keyCols = new ColumnStore[nk];
        for (int k = 0; k < nk; k++) keyCols[k] = rows.cols[width + k];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        new RowOrder(keyCols, ascending, nullsFirst).sort(idx, n, st.ctx::checkCancelled);
        return idx;
    }

    private static boolean emit(RowStore rows, int width, int[] idx, int n, Downstream out, ExecState st) {
        for (int from = 0; from < n; from += Batch.CAPACITY) {
            st.ctx.checkCancelled();
            int m = Math.min(Batch.CAPACITY, n - from);
            dev.nabla.storage.ColumnVector[] cols = new dev.nabla.storage.ColumnVector[width];
            for (int c = 0; c < width; c++) cols[c] = rows.cols[c].gather(idx, from, m);
            if (!out.accept(new Batch(cols, m))) return false;
        }
        return true;
    }
}
