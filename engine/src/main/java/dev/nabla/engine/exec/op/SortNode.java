package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.SpillFile;
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
        // any other ORDER BY … LIMIT k: once k rows are held, the k-th of them (in order) is a threshold that a
        // later row must beat to enter, so most rows of a large input are dropped before they are copied
        Threshold threshold = heap == null && topN > 0 && topN <= Threshold.MAX_K && Threshold.supports(keys, nk)
                ? new Threshold(nk, ascending, nullsFirst)
                : null;
        // a full sort past memory_limit writes what it holds as a sorted run and goes on (external merge sort);
        // a top-N sort holds about N rows and never needs to
        boolean spillable = topN < 0 && mem.canSpill();
        Runs runs = new Runs(all, width, nk, st, mem);
        try {
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
                if (threshold != null && threshold.set) {
                    int m = threshold.select(ev, b.count);
                    if (m == 0) return true;
                    if (m < b.count) {
                        mem.grow((Batches.storedBytes(b) / b.count + 18L * nk + 4) * m);
                        int[] sel = threshold.selected;
                        for (int c = 0; c < width; c++) r.cols[c].append(Batches.gather(b.columns[c], sel, m), m);
                        for (int k = 0; k < nk; k++)
                            r.cols[width + k].append(Batches.gather(ev.result(k).toColumnVector(b.count), sel, m), m);
                        r.addEmptyRows(m);
                        if (compact(rows, all, width, nk, topN, st, mem)) threshold.from(rows[0], width, (int) topN);
                        return true;
                    }
                }
                // the row and its sort keys (8 bytes each), and the permutation entry
                long need = Batches.storedBytes(b) + (18L * nk + 4) * b.count;
                if (!spillable) mem.grow(need);
                else if (!mem.tryGrow(need, false)) {
                    // past the limit: the rows held so far become a sorted run on disk, and their memory goes back
                    if (r.size() >= MIN_RUN_ROWS) {
                        runs.spill(r);
                        rows[0] = r = new RowStore(all);
                    }
                    mem.grow(need);
                }
                for (int c = 0; c < width; c++) r.cols[c].append(b.columns[c], b.count);
                for (int k = 0; k < nk; k++) r.cols[width + k].append(ev.result(k), b.count);
                r.addEmptyRows(b.count);
                if (topN >= 0 && compact(rows, all, width, nk, topN, st, mem) && threshold != null)
                    threshold.from(rows[0], width, (int) topN);
                return true;
            });
            RowStore r = rows[0];
            if (runs.isEmpty()) {
                int[] idx = sorted(r, width, nk, st);
                int n = topN >= 0 ? (int) Math.min(topN, r.size()) : r.size();
                return emit(r, width, idx, n, out, st);
            }
            // the rows still in memory become the last run, so that the merge's buffers fit where they were
            if (r.size() > 0) runs.spill(r);
            rows[0] = null;
            return runs.mergeAll(out::accept);
        } finally {
            runs.close();
        }
    }

    /** Fewest rows worth a run: below, a refused reservation fails or waits as for any operator. */
    static final int MIN_RUN_ROWS = 4 * Batch.CAPACITY;
    /** Most runs merged at once (and open files): past it runs are merged into one first. */
    static final int MAX_FAN_IN = 64;

    /**
     * The sorted runs of one external sort, in input order, merged level by level: when the last
     * {@code fanIn} runs are of the same level they are merged into one run of the next level in their
     * place (so every row is rewritten O(log_fanIn(runs)) times, and merging neighbours keeps ties in
     * input order).
     */
    private final class Runs implements AutoCloseable {
        final List<DataType> all;
        final int width, nk;
        final ExecState st;
        final MemoryLease mem;
        final List<SpillFile> files = new ArrayList<>();
        final List<Integer> levels = new ArrayList<>();
        /** What the sort held when it first spilled: the merge's buffers are held to it. */
        long budget;

        int fanIn = MAX_FAN_IN;

        Runs(List<DataType> all, int width, int nk, ExecState st, MemoryLease mem) {
            this.all = all;
            this.width = width;
            this.nk = nk;
            this.st = st;
            this.mem = mem;
        }

        boolean isEmpty() {
            return files.isEmpty();
        }

        /** Sorts the rows held and writes them, with their keys, as one run; gives their memory back. */
        void spill(RowStore r) {
            if (files.isEmpty()) budget = mem.held();
            int[] idx = sorted(r, width, nk, st);
            SpillFile f = mem.spillFile();
            files.add(f);
            levels.add(0);
            for (int from = 0; from < idx.length; from += Batch.CAPACITY) {
                st.ctx.checkCancelled();
                f.write(r.gather(idx, from, Math.min(Batch.CAPACITY, idx.length - from)), all);
            }
            f.finish();
            mem.shrink(mem.held());
            if (files.size() == 1) fanIn = (int) Math.max(2, Math.min(MAX_FAN_IN, budget / sourceBytes()));
            while (true) {
                int n = files.size(), lvl = levels.get(n - 1);
                if (n < fanIn) break;
                boolean same = true;
                for (int i = n - fanIn; i < n && same; i++) same = levels.get(i) == lvl;
                if (!same) break;
                mergeTail(fanIn, lvl + 1);
            }
        }

        /** What one run holds while it is merged: its read buffer and one batch, estimated as operators do. */
        long sourceBytes() {
            SpillFile f = files.get(0);
            long perRow = f.bytes() / Math.max(1, f.rows());
            return 2 * (perRow * Batch.CAPACITY) + (1 << 17);
        }

        /** Merges the last {@code k} runs into one of level {@code level} in their place. */
        private void mergeTail(int k, int level) {
            int n = files.size();
            List<SpillFile> tail = new ArrayList<>(files.subList(n - k, n));
            SpillFile f = mem.spillFile();
            files.subList(n - k, n).clear();
            levels.subList(n - k, n).clear();
            files.add(f);
            levels.add(level);
            try {
                mem.growTo(k * sourceBytes());
                merge(tail).run(st, all.size(), b -> {
                    f.write(b, all);
                    return true;
                });
                f.finish();
                mem.shrink(mem.held());
            } finally {
                for (SpillFile t : tail) t.close();
            }
        }

        private RunMerge merge(List<SpillFile> runs) {
            List<RunMerge.Source> sources = new ArrayList<>();
            try {
                for (SpillFile run : runs) sources.add(RunMerge.Source.of(run.reader(all)));
            } catch (RuntimeException e) {
                for (RunMerge.Source s : sources) s.close();
                throw e;
            }
            return new RunMerge(sources, width, nk, ascending, nullsFirst);
        }

        /** Merges every run into {@code out} (the row columns only). */
        boolean mergeAll(RunMerge.Sink out) {
            while (files.size() > fanIn) mergeTail(fanIn, Integer.MAX_VALUE);
            mem.growTo(files.size() * sourceBytes());
            return merge(files).run(st, width, out);
        }

        @Override
        public void close() {
            for (SpillFile f : files) f.close();
        }
    }

    /**
     * Top-N: once well past N rows, keep only the first N in order (stability is preserved). Whether it did
     * (then the rows held are sorted, and there are N of them unless fewer came).
     */
    private boolean compact(
            RowStore[] rows, List<DataType> all, int width, int nk, long topN, ExecState st, MemoryLease mem) {
        RowStore r = rows[0];
        if (r.size() <= Math.max(2 * topN, 8192)) return false;
        int[] idx = sorted(r, width, nk, st);
        int m = (int) Math.min(topN, r.size());
        rows[0] = new RowStore(all);
        rows[0].append(r.gather(idx, 0, m));
        // what was cut goes back: the lease now holds about m rows' worth
        mem.shrink(mem.held() - mem.held() / r.size() * m);
        return true;
    }

    /**
     * The k-th best row's sort keys once k rows are held (after a compaction, rows sorted): a later row can
     * enter the top k only when it sorts strictly before that row (an equal one ranks after it: the sort is
     * stable). Each batch is compared key by key, a whole column at a time with the key's type chosen outside
     * the loop; only rows equal on the keys so far go on to the next key. Keys compare as {@link RowOrder}
     * compares them (NULLs placed per key, {@code -0.0} as {@code 0.0}, strings by UTF-16 units).
     */
    static final class Threshold {
        static final int MAX_K = 1 << 20;
        final int nk;
        final boolean[] ascending, nullsFirst;
        final boolean[] isNull;
        final long[] l;
        final double[] d;
        final String[] s;
        boolean set;
        int[] selected = new int[Batch.CAPACITY];
        /** Per row: -1 sorts before the threshold, 1 after, 0 equal on the keys compared so far. */
        private byte[] state = new byte[Batch.CAPACITY];

        private int[] open = new int[Batch.CAPACITY];

        Threshold(int nk, boolean[] ascending, boolean[] nullsFirst) {
            this.nk = nk;
            this.ascending = ascending;
            this.nullsFirst = nullsFirst;
            this.isNull = new boolean[nk];
            this.l = new long[nk];
            this.d = new double[nk];
            this.s = new String[nk];
        }

        /** Keys of one physical type of those the comparison handles (LONG, DOUBLE, STRING). */
        static boolean supports(ExprProgram keys, int nk) {
            for (int k = 0; k < nk; k++) {
                switch (keys.rootType(k).physical()) {
                    case LONG, DOUBLE, STRING -> {}
                    case INT128, ARRAY, LIST -> {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Takes row {@code k - 1} of the sorted rows as the threshold (when k rows are held). */
        void from(RowStore rows, int width, int k) {
            if (rows.size() < k) return;
            int row = k - 1;
            for (int j = 0; j < nk; j++) {
                ColumnStore c = rows.cols[width + j];
                isNull[j] = c.isNull(row);
                if (isNull[j]) continue;
                switch (c.type.physical()) {
                    case LONG -> l[j] = c.getLong(row);
                    case DOUBLE -> d[j] = c.getDouble(row) + 0.0;
                    case STRING -> s[j] = c.getString(row);
                    case INT128, ARRAY, LIST -> throw new IllegalStateException("not a threshold key type");
                }
            }
            set = true;
        }

        /** Marks the batch's rows that sort strictly before the threshold in {@link #selected}; returns their count. */
        int select(Evaluator ev, int n) {
            if (state.length < n) {
                state = new byte[n];
                open = new int[n];
                selected = new int[n];
            }
            byte[] st = state;
            int[] op = open;
            for (int i = 0; i < n; i++) op[i] = i;
            java.util.Arrays.fill(st, 0, n, (byte) 0);
            int m = n;
            for (int k = 0; k < nk && m > 0; k++) m = compareKey(ev.result(k), k, op, m, st);
            // rows still open are equal to the threshold on every key: they rank after it
            int c = 0;
            for (int i = 0; i < n; i++) if (st[i] < 0) selected[c++] = i;
            return c;
        }

        /**
         * Compares key {@code k} of the open rows with the threshold's, setting their state where it differs;
         * returns the rows still open (equal on this key), compacted in {@code op}.
         */
        private int compareKey(Vec v, int k, int[] op, int m, byte[] st) {
            boolean asc = ascending[k], nf = nullsFirst[k];
            boolean[] nulls = v.nulls;
            int off = v.off, left = 0;
            if (isNull[k]) {
                // a NULL threshold: NULL rows tie; the others go before it when NULLs sort last
                for (int j = 0; j < m; j++) {
                    int i = op[j];
                    if (nulls != null && nulls[i]) op[left++] = i;
                    else st[i] = (byte) (nf ? 1 : -1);
                }
                return left;
            }
            byte nullState = (byte) (nf ? -1 : 1);
            switch (v.type.physical()) {
                case LONG -> {
                    long t = l[k];
                    long[] a = v.l;
                    for (int j = 0; j < m; j++) {
                        int i = op[j];
                        if (nulls != null && nulls[i]) {
                            st[i] = nullState;
                            continue;
                        }
                        int c = Long.compare(a[off + i], t);
                        if (c == 0) op[left++] = i;
                        else st[i] = (byte) ((c < 0) == asc ? -1 : 1);
                    }
                }
                case DOUBLE -> {
                    double t = d[k];
                    double[] a = v.d;
                    for (int j = 0; j < m; j++) {
                        int i = op[j];
                        if (nulls != null && nulls[i]) {
                            st[i] = nullState;
                            continue;
                        }
                        int c = Double.compare(a[off + i] + 0.0, t);
                        if (c == 0) op[left++] = i;
                        else st[i] = (byte) ((c < 0) == asc ? -1 : 1);
                    }
                }
                case STRING -> {
                    String t = s[k];
                    String[] a = v.s;
                    for (int j = 0; j < m; j++) {
                        int i = op[j];
                        if (nulls != null && nulls[i]) {
                            st[i] = nullState;
                            continue;
                        }
                        int c = a[off + i].compareTo(t);
                        if (c == 0) op[left++] = i;
                        else st[i] = (byte) ((c < 0) == asc ? -1 : 1);
                    }
                }
                case INT128, ARRAY, LIST -> throw new IllegalStateException("not a threshold key type");
            }
            return left;
        }
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
