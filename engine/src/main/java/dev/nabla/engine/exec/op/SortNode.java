package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
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

    SortNode(PhysicalNode input, ExprProgram keys, boolean[] ascending, boolean[] nullsFirst) {
        super(input.types);
        this.input = input;
        this.keys = keys;
        this.ascending = ascending;
        this.nullsFirst = nullsFirst;
    }

    @Override public boolean execute(ExecState st, Downstream out) {
        int width = types.size();
        int nk = keys.rootCount();
        List<DataType> all = new ArrayList<>(types);
        for (int k = 0; k < nk; k++) all.add(keys.rootType(k));
        RowStore rows = new RowStore(all);
        Evaluator ev = keys.newEvaluator(st);
        input.execute(st, in -> {
            Batch b = Batches.dense(in);
            if (b.count == 0) return true;
            ev.eval(b);
            for (int c = 0; c < width; c++) rows.cols[c].append(b.columns[c], b.count);
            for (int k = 0; k < nk; k++) rows.cols[width + k].append(ev.result(k), b.count);
            rows.addEmptyRows(b.count);
            return true;
        });
        int n = rows.size();
        ColumnStore[] keyCols = new ColumnStore[nk];
        for (int k = 0; k < nk; k++) keyCols[k] = rows.cols[width + k];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        new RowOrder(keyCols, ascending, nullsFirst).sort(idx, n);
        return emit(rows, width, idx, n, out, st);
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
