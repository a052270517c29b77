package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.storage.Batch;

/** Pushes materialised rows downstream in batches. */
final class Emit {
    private Emit() {}

    static boolean slices(RowStore rows, Downstream out, ExecState st) {
        int n = rows.size();
        for (int from = 0; from < n; from += Batch.CAPACITY) {
            st.ctx.checkCancelled();
            if (!out.accept(rows.slice(from, Math.min(Batch.CAPACITY, n - from)))) return false;
        }
        return true;
    }

    static boolean gathered(RowStore rows, int[] order, int count, Downstream out, ExecState st) {
        for (int from = 0; from < count; from += Batch.CAPACITY) {
            st.ctx.checkCancelled();
            if (!out.accept(rows.gather(order, from, Math.min(Batch.CAPACITY, count - from)))) return false;
        }
        return true;
    }
}
