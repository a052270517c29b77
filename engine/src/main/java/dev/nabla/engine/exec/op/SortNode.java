package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.expr.Evaluator;
import dev.nabla.engine.exec.expr.ExprProgram;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.ColumnStore;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
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
        input.execute(st, in -> {
            Batch b = Batches.dense(in);
            if (b.count == 0) return true;
            // the row and its sort keys (8 bytes each), and the permutation entry
            mem.grow(Batches.storedBytes(b) + (18L * nk + 4) * b.count);
            ev.eval(b);
            RowStore r = rows[0];
            for (int c = 0; c < width; c++) r.cols[c].append(b.columns[c], b.count);
            for (int k = 0; k < nk; k++) r.cols[width + k].append(ev.result(k), b.count);
            r.addEmptyRows(b.count);
            // top-N: once well past N rows, keep only the first N in order (stability is preserved)
            if (topN >= 0 && r.size() > Math.max(2 * topN, 8192)) {
                int[] idx = sorted(r, width, nk, st);
                int m = (int) Math.min(topN, r.size());
                rows[0] = new RowStore(all);
                rows[0].append(r.gather(idx, 0, m));
                // what was cut goes back: the lease now holds about m rows' worth
                mem.shrink(mem.held() - mem.held() / r.size() * m);
            }
            return true;
        });
        RowStore r = rows[0];
        int[] idx = sorted(r, width, nk, st);
        int n = topN >= 0 ? (int) Math.min(topN, r.size()) : r.size();
        return emit(r, width, idx, n, out, st);
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
