package dev.nabla.engine.exec.fused;

import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.expr.Evaluator;
import dev.nabla.engine.exec.expr.ExprCompiler;
import dev.nabla.engine.exec.expr.ExprProgram;
import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.engine.exec.op.Downstream;
import dev.nabla.engine.exec.op.Explained;
import dev.nabla.engine.exec.op.OperatorStats;
import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.engine.exec.op.PhysicalPlanner;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.plan.PlanPrinter;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Scan;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.PhysicalType;
import dev.nabla.storage.TableSnapshot;
import dev.nabla.vector.Bitmaps;
import dev.nabla.vector.LongHashTable;
import dev.nabla.vector.fused.AdaptiveKernel;
import dev.nabla.vector.fused.FusedCompiler;
import dev.nabla.vector.fused.FusedExpr;
import dev.nabla.vector.fused.FusedKernel;
import dev.nabla.vector.sum.GroupSums;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code SELECT k, SUM(expr), AVG(expr), COUNT(*) ... FROM stored_table [WHERE p] GROUP BY k} for one
 * integer key column and pure double arithmetic: the WHERE predicate becomes a selection vector (no
 * compaction copy), the fused kernel evaluates every aggregate argument of a batch in one pass, and the
 * rows fold into per-group sums keyed by a primitive hash table. The table is read in morsels of one
 * segment by up to {@code threads} workers; with several, each morsel has its own groups, merged in
 * morsel order; with one, every morsel folds into one table in morsel order (the same group order as
 * the merge, without building and re-inserting a million groups twice: TPC-H q18's 1.5 M orders). So
 * results and group order are identical for any thread count. Batches with NULL inputs or non-finite
 * values (domain errors) are evaluated exactly by the ordinary expression program.
 */
public final class FusedGroupAggregateNode extends PhysicalNode {
    private final AggFn[] fns;
    private final int[] outputOf;
    private final List<FusedExpr> outputs;
    private final int[] inputPositions;
    private final double[] scalars;
    /** Made ready off the query thread (see {@link AdaptiveKernel}); until then batches take the exact path. */
    private final AdaptiveKernel kernel;

    private final ExprProgram fallback;
    /** All WHERE conjuncts (the scan's pushed filter and Filter nodes); null when there are none. */
    private final ExprProgram predicates;

    private final int keyPosition;
    private final StoredTable table;
    /**
     * The ordinary hash aggregation of the same Aggregate (which spills): when this operator's groups would
     * pass their share of {@code memory_limit} and spilling is on, it drops them and runs that instead,
     * re-reading the table (nothing has been output yet). Both sum with ExactSum and give groups in
     * first-seen order, so the answer is the same.
     */
    private PhysicalNode general;

    private final int[] scanColumns;
    private final FusedAggregateNode.MorselScan scan;

    @Override
    public List<? extends Explained> explainInputs() {
        return List.of(scan);
    }

    private FusedGroupAggregateNode(
            List<DataType> types,
            AggFn[] fns,
            int[] outputOf,
            List<FusedExpr> outputs,
            AdaptiveKernel kernel,
            int[] inputPositions,
            double[] scalars,
            ExprProgram fallback,
            ExprProgram predicates,
            int keyPosition,
            StoredTable table,
            int[] scanColumns,
            FusedAggregateNode.MorselScan scan) {
        super(types);
        this.scan = scan;
        this.fns = fns;
        this.outputOf = outputOf;
        this.outputs = outputs;
        this.inputPositions = inputPositions;
        this.scalars = scalars;
        this.fallback = fallback;
        this.predicates = predicates;
        this.keyPosition = keyPosition;
        this.table = table;
        this.scanColumns = scanColumns;
        this.kernel = kernel;
    }

    /** The fused node for {@code a}, or null when its shape is not one this node handles (see {@link FusedAggregateRule}). */
    static PhysicalNode match(Aggregate a, PhysicalPlanner planner) {
        ExprCompiler.SubplanBuilder subplans = planner;
        if (a.groupKeys().size() != 1 || a.aggregates().isEmpty() || !FusedCompiler.vectorized()) return null;
        List<Expr> preds = new ArrayList<>();
        LogicalPlan p = a.input();
        while (p instanceof Filter f) {
            preds.add(f.predicate());
            p = f.input();
        }
        if (!(p instanceof Scan scan && scan.source() instanceof StoredTable st && scan.rowIdColumn() == null))
            return null;
        if (scan.filter() != null) preds.add(scan.filter());
        // every Filter passes its input's columns through unchanged, so one layout serves all
        List<Column> in = a.input().output();
        if (!in.equals(scan.output())) return null;
        Map<Integer, Integer> layout = new HashMap<>();
        for (int i = 0; i < in.size(); i++) layout.putIfAbsent(in.get(i).id(), i);
        if (!(a.groupKeys().get(0) instanceof ColumnRef key)
                || key.type().physical() != PhysicalType.LONG
                || !layout.containsKey(key.id())) return null;

        FusedTranslator tr = new FusedTranslator(layout);
        int n = a.aggregates().size();
        AggFn[] fns = new AggFn[n];
        int[] outputOf = new int[n];
        List<FusedExpr> outs = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AggCall call = a.aggregates().get(i);
            fns[i] = call.fn();
            if (call.distinct() || call.filter() != null) return null;
            if (call.fn() == AggFn.COUNT_STAR) {
                outputOf[i] = -1;
                continue;
            }
            boolean doubleResult = call.type().physical() == PhysicalType.DOUBLE;
            if (!(call.fn() == AggFn.SUM && doubleResult
                    || call.fn() == AggFn.AVG && doubleResult
                    || call.fn() == AggFn.COUNT)) return null;
            if (call.args().size() != 1) return null;
            FusedExpr f = tr.translate(call.args().get(0));
            if (f == null) return null;
            outputOf[i] = outs.size();
            outs.add(f);
            exprs.add(call.args().get(0));
        }
        if (outs.isEmpty()) return null;
        outs = tr.finish(outs);
        AdaptiveKernel kernel = FusedCompiler.adaptive(outs);
        if (kernel.tooLarge()) return null; // too large for one kernel: run unfused
        List<DataType> types = new ArrayList<>();
        for (Column c : a.output()) types.add(c.type());
        FusedGroupAggregateNode node = new FusedGroupAggregateNode(
                types,
                fns,
                outputOf,
                outs,
                kernel,
                tr.inputs.stream().mapToInt(Integer::intValue).toArray(),
                tr.scalars.stream().mapToDouble(Double::doubleValue).toArray(),
                ExprCompiler.compile(exprs, layout, subplans),
                preds.isEmpty() ? null : ExprCompiler.compile(preds, layout, subplans),
                layout.get(key.id()),
                st,
                scan.columnIndexes().stream().mapToInt(Integer::intValue).toArray(),
                new FusedAggregateNode.MorselScan(
                        () -> "MorselScan " + PlanPrinter.describe(scan).substring("Scan ".length())
                                + (preds.isEmpty()
                                        ? ""
                                        : " where="
                                                + preds.stream()
                                                        .map(Expr::toSql)
                                                        .collect(java.util.stream.Collectors.joining(" AND "))),
                        planner.profiling() ? new OperatorStats() : null));
        // built now, while the planner is at hand; runs only when the groups pass their share of memory_limit
        node.general = planner.hashAggregate(a);
        int kernelOutputs = outs.size();
        node.explainedAs(() -> "Fused" + PlanPrinter.describe(a) + " kernel outputs=" + kernelOutputs);
        return node;
    }

    /** Groups of one morsel (or of the whole result after merging): ids in first-seen order; a NULL key is its own group. */
    final class Groups {
        final LongHashTable ids = new LongHashTable(64);
        /** Per group id: the key, or (for the NULL group) unused; {@link #nullGroup} marks it. */
        long[] keys = new long[64];

        int size, nullGroup = -1;
        final GroupSums[] sums = newSums(outputs.size());
        /** Per output and group: selected rows whose value was NULL (the count of values is rows − nulls, so the fast path counts nothing per output). */
        long[][] nulls = new long[outputs.size()][64];

        long[] rows = new long[64];
        /** Where doubling the group arrays is reserved (shared by the morsels of one run; null: not accounted). */
        MemoryLease mem;
        /** Whether a refused reservation hands over to {@link #general} ({@link Refused}) instead of failing. */
        boolean fallBack;

        int group(long key) {
            int before = ids.size();
            int id = ids.findOrInsert(key);
            if (ids.size() != before) return newGroup(key, false);
            return slotOf[id];
        }

        /** Table id → group id (the NULL group takes a group id but no table id). */
        int[] slotOf = new int[64];

        int nullGroup() {
            if (nullGroup < 0) nullGroup = newGroup(0, true);
            return nullGroup;
        }

        private int newGroup(long key, boolean isNull) {
            int g = size++;
            if (g == keys.length) {
                int cap = g * 2;
                // key, row count, table slot and id per group, and per output its NULL count, exact sum and budget
                // count
                long bytes = (long) g * (40 + 44L * sums.length);
                if (mem != null && fallBack) {
                    if (!mem.tryGrow(bytes, true)) throw new Refused();
                } else if (mem != null) mem.grow(bytes);
                keys = Arrays.copyOf(keys, cap);
                rows = Arrays.copyOf(rows, cap);
                for (int o = 0; o < sums.length; o++) {
                    sums[o].ensure(cap);
                    nulls[o] = Arrays.copyOf(nulls[o], cap);
                }
            }
            keys[g] = key;
            if (!isNull) {
                int id = ids.size() - 1;
                if (id >= slotOf.length) slotOf = Arrays.copyOf(slotOf, Math.max(id + 1, slotOf.length * 2));
                slotOf[id] = g;
            }
            return g;
        }

        void merge(Groups part) {
            int[] map = new int[part.size];
            for (int pg = 0; pg < part.size; pg++) {
                int g = map[pg] = pg == part.nullGroup ? nullGroup() : group(part.keys[pg]);
                rows[g] += part.rows[pg];
                for (int o = 0; o < sums.length; o++) nulls[o][g] += part.nulls[o][pg];
            }
            for (int o = 0; o < sums.length; o++) sums[o].addAll(part.sums[o], map, part.size);
        }
    }

    /** Per output, the exact sums of a morsel's groups: one shared grid, no object per group (GroupSums). */
    private static GroupSums[] newSums(int outputs) {
        GroupSums[] s = new GroupSums[outputs];
        for (int o = 0; o < outputs; o++) s[o] = new GroupSums(64);
        return s;
    }

    private static final long INF_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    /** Per-thread scratch. */
    private final class Worker {
        final ExecState st;
        final int k = outputs.size(), m = inputPositions.length;
        final double[][] cols = new double[m][];
        final IntegerInputs integers = new IntegerInputs(m);
        final int[] offs = new int[m];
        double[][] outs = new double[k][Batch.CAPACITY];
        int[] sel = new int[Batch.CAPACITY], gids = new int[Batch.CAPACITY];
        /** Per output, max |value| of the selected rows as bits (set by {@link #fast}). */
        final long[] maxAbs = new long[k];

        final Evaluator pred, exact;
        final boolean adaptive;
        final AtomicInteger folds;

        Worker(ExecState st, AtomicInteger folds) {
            this.folds = folds;
            this.st = st;
            adaptive = FusedAggregateNode.adaptiveSetting(st);
            pred = predicates == null ? null : predicates.newEvaluator(st);
            exact = fallback.newEvaluator(st);
        }

        void fold(Batch in, Groups gr) {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return;
            if (sel.length < n) {
                sel = new int[n];
                gids = new int[n];
                outs = new double[k][n];
            }
            int cnt = select(b, n);
            if (cnt == 0) return;
            ColumnVector kc = b.columns[keyPosition];
            // a run of equal keys (a table stored in key order: lineitem by l_orderkey) probes once
            long last = 0;
            int lastGroup = -1;
            for (int j = 0; j < cnt; j++) {
                int r = sel[j];
                if (kc.isNull(r)) {
                    gids[j] = gr.nullGroup();
                    continue;
                }
                long key = kc.getLong(r);
                if (lastGroup < 0 || key != last) {
                    lastGroup = gr.group(key);
                    last = key;
                }
                gids[j] = lastGroup;
            }
            for (int j = 0; j < cnt; j++) gr.rows[gids[j]]++;
            FusedKernel kern = FusedAggregateNode.kernelNow(kernel, adaptive, folds);
            long t0 = kern == null ? System.nanoTime() : 0;
            if (kern != null && fast(kern, b, n, cnt)) {
                for (int o = 0; o < k; o++) gr.sums[o].addBatch(outs[o], sel, gids, cnt, maxAbs[o]);
                return;
            }
            exact.eval(b);
            for (int o = 0; o < k; o++) {
                Vec v = exact.result(o);
                GroupSums s = gr.sums[o];
                long[] nl = gr.nulls[o];
                for (int j = 0; j < cnt; j++) {
                    int r = sel[j];
                    if (v.isNull(r)) nl[gids[j]]++;
                    else s.add(gids[j], v.d[v.off + r]);
                }
            }
            // adaptive execution: the exact (per-node) path while the kernel is prepared; its speed is the bar
            if (kern == null) kernel.rowsSeen(n, System.nanoTime() - t0);
        }

        /** Rows where every predicate is TRUE, into {@link #sel}. */
        private int select(Batch b, int n) {
            if (pred == null) {
                for (int i = 0; i < n; i++) sel[i] = i;
                return n;
            }
            pred.eval(b);
            int cnt = pred.selectTrue(0, n, sel);
            for (int p = 1; p < predicates.rootCount() && cnt > 0; p++) {
                Vec v = pred.result(p);
                int kept = 0;
                for (int j = 0; j < cnt; j++) {
                    int r = sel[j];
                    sel[kept] = r;
                    kept += v.l[v.off + r] != 0 && !v.isNull(r) ? 1 : 0;
                }
                cnt = kept;
            }
            return cnt;
        }

        /** Evaluates the kernel over the whole batch; false when the batch needs the exact path. */
        private boolean fast(FusedKernel kernel, Batch b, int n, int cnt) {
            for (int j = 0; j < m; j++) {
                ColumnVector cv = b.columns[inputPositions[j]];
                if (!IntegerInputs.readable(cv)
                        || cv.constant
                        || cv.nulls != null && Bitmaps.any(cv.nulls, cv.offset, n)) return false;
                cols[j] = cv.doubles != null ? cv.doubles : integers.asDoubles(j, cv, n);
                offs[j] = cv.doubles != null ? cv.offset : 0;
            }
            kernel.eval(cols, offs, scalars, n, outs);
            for (int o = 0; o < k; o++) {
                // NaN or ±Inf somewhere: the exact path; the maximum also picks the sums' grid
                maxAbs[o] = GroupSums.maxAbsBits(outs[o], sel, cnt);
                if (maxAbs[o] >= INF_BITS) return false;
            }
            return true;
        }
    }

    /** A reservation of the groups was refused: {@link #general} takes over. No stack trace: it is control flow. */
    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        TableSnapshot snap = st.ctx instanceof StoredTable.SnapshotProvider p
                ? p.snapshot(table.table())
                : table.table().snapshot();
        int segments = snap.segmentCount();
        try (MemoryLease mem = st.lease("hash aggregate")) {
            boolean fallBack = general != null && mem.canSpill();
            try {
                return execute(st, out, snap, segments, new Groups[segments], mem, fallBack);
            } catch (Refused r) {
                // the groups, dropped with this frame, give their memory back as the lease closes
            }
        }
        return general.execute(st, out);
    }

    private boolean execute(
            ExecState st,
            Downstream out,
            TableSnapshot snap,
            int segments,
            Groups[] parts,
            MemoryLease mem,
            boolean fallBack) {
        long started = System.nanoTime();
        var folds = new AtomicInteger();
        if (Morsels.workers(st, segments) == 1) {
            Groups total = new Groups();
            total.mem = mem;
            total.fallBack = fallBack;
            Worker w = new Worker(st, folds);
            for (int seg = 0; seg < segments; seg++)
                Morsels.scanSegment(st, snap, scanColumns, seg, Batch.CAPACITY, batch -> w.fold(batch, total));
            if (scan.stats() != null) scan.stats().record(snap.rowCount(), System.nanoTime() - started);
            return emit(st, out, total);
        }
        Morsels.run(st, segments, () -> {
            Worker w = new Worker(st, folds);
            return seg -> {
                Groups part = new Groups();
                part.mem = mem;
                part.fallBack = fallBack;
                Morsels.scanSegment(st, snap, scanColumns, seg, Batch.CAPACITY, batch -> w.fold(batch, part));
                parts[seg] = part;
            };
        });
        Groups total = new Groups();
        total.mem = mem;
        total.fallBack = fallBack;
        for (Groups part : parts) total.merge(part);
        if (scan.stats() != null) scan.stats().record(snap.rowCount(), System.nanoTime() - started);
        return emit(st, out, total);
    }

    /** The groups' rows, in group id order. */
    private boolean emit(ExecState st, Downstream out, Groups total) {
        RowStore result = new RowStore(types);
        for (int g = 0; g < total.size; g++) {
            if (g == total.nullGroup) result.cols[0].appendNull();
            else result.cols[0].appendLong(total.keys[g]);
            for (int a = 0; a < fns.length; a++) {
                var col = result.cols[1 + a];
                int o = outputOf[a];
                long values = o < 0 ? 0 : total.rows[g] - total.nulls[o][g];
                switch (fns[a]) {
                    case COUNT_STAR -> col.appendLong(total.rows[g]);
                    case COUNT -> col.appendLong(values);
                    case SUM -> {
                        if (values == 0) col.appendNull();
                        else col.appendDouble(total.sums[o].round(g));
                    }
                    case AVG -> {
                        if (values == 0) col.appendNull();
                        else col.appendDouble(total.sums[o].round(g) / values);
                    }
                    default -> throw new IllegalStateException(fns[a].name());
                }
            }
        }
        result.addEmptyRows(total.size);
        for (int from = 0; from < total.size; from += Batch.CAPACITY) {
            st.ctx.checkCancelled();
            if (!out.accept(result.slice(from, Math.min(Batch.CAPACITY, total.size - from)))) return false;
        }
        return true;
    }
}
