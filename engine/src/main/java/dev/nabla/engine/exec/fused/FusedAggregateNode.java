package dev.nabla.engine.exec.fused;

import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.expr.Evaluator;
import dev.nabla.engine.exec.expr.ExprCompiler;
import dev.nabla.engine.exec.expr.ExprProgram;
import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.engine.exec.op.Downstream;
import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Scan;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.PhysicalType;
import dev.nabla.storage.TableScan;
import dev.nabla.storage.TableSnapshot;
import dev.nabla.vector.Bitmaps;
import dev.nabla.vector.fused.FusedCompiler;
import dev.nabla.vector.fused.FusedExpr;
import dev.nabla.vector.fused.FusedKernel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SUM / AVG / COUNT without GROUP BY over pure double arithmetic, evaluated by one generated fused
 * kernel per batch: the whole expression DAG and the sums run in vector registers, with no
 * intermediate vectors. A batch leaves the fast path when an input column has NULLs or when its
 * partial sum is not finite (a domain error such as sqrt(-1) is NULL in SQL but NaN in the kernel);
 * such a batch is evaluated exactly by the ordinary expression program. Batch partial sums are added
 * in input order, so results are deterministic.
 */
public final class FusedAggregateNode extends PhysicalNode {
    private static final int MAX_CONST_INPUTS = 8;

    private final PhysicalNode input;
    private final AggFn[] fns;
    /** Per aggregate: its output index in the kernel (-1 for COUNT(*)). */
    private final int[] outputOf;
    private final List<FusedExpr> outputs;
    private final int[] inputPositions;
    private final double[] literalScalars;
    /** Exact evaluation of the kernel's outputs, for batches that leave the fast path. */
    private final ExprProgram fallback;
    private final FusedKernel kernel;
    /** The stored table the input scans directly (null: run the input plan), read in morsels of one segment. */
    private final StoredTable table;
    private final int[] scanColumns;

    private FusedAggregateNode(List<DataType> types, PhysicalNode input, AggFn[] fns, int[] outputOf, List<FusedExpr> outputs,
                               int[] inputPositions, double[] literalScalars, ExprProgram fallback, StoredTable table, int[] scanColumns) {
        super(types);
        this.table = table;
        this.scanColumns = scanColumns;
        this.input = input;
        this.fns = fns;
        this.outputOf = outputOf;
        this.outputs = outputs;
        this.inputPositions = inputPositions;
        this.literalScalars = literalScalars;
        this.fallback = fallback;
        this.kernel = FusedCompiler.compile(outputs);
    }

    /** The fused node for {@code a}, or null when some aggregate or argument is not fusable. */
    public static PhysicalNode tryCreate(Aggregate a, PhysicalNode input, ExprCompiler.SubplanBuilder subplans) {
        if (!a.groupKeys().isEmpty() || a.aggregates().isEmpty()) return null;
        if (System.getProperty("nabla.fused", "on").equals("off")) return null;
        Map<Integer, Integer> layout = new HashMap<>();
        List<Column> in = a.input().output();
        for (int i = 0; i < in.size(); i++) layout.putIfAbsent(in.get(i).id(), i);
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
            if (!(call.fn() == AggFn.SUM && doubleResult || call.fn() == AggFn.AVG && doubleResult || call.fn() == AggFn.COUNT)) return null;
            if (call.args().size() != 1) return null;
            FusedExpr f = tr.translate(call.args().get(0));
            if (f == null) return null;
            outputOf[i] = outs.size();
            outs.add(f);
            exprs.add(call.args().get(0));
        }
        if (outs.isEmpty() || tr.inputs.size() > 64) return null;
        ExprProgram fallback = ExprCompiler.compile(exprs, layout, subplans);
        int[] positions = tr.inputs.stream().mapToInt(Integer::intValue).toArray();
        double[] lits = tr.scalars.stream().mapToDouble(Double::doubleValue).toArray();
        List<DataType> types = new ArrayList<>();
        for (Column c : a.output()) types.add(c.type());
        StoredTable table = null;
        int[] scanColumns = null;
        if (a.input() instanceof Scan scan && scan.source() instanceof StoredTable t && scan.filter() == null && scan.rowIdColumn() == null) {
            table = t;
            scanColumns = scan.columnIndexes().stream().mapToInt(Integer::intValue).toArray();
        }
        return new FusedAggregateNode(types, input, fns, outputOf, outs, positions, lits, fallback, table, scanColumns);
    }

    /** Replaces inputs that arrive as constant vectors (e.g. a cross join with a one-row table) by scalars. */
    private FusedKernel kernelFor(int constMask, FusedKernel[] variants) {
        if (constMask == 0) return kernel;
        FusedKernel k = variants[constMask];
        if (k == null) {
            List<FusedExpr> rewritten = new ArrayList<>();
            for (FusedExpr e : outputs) rewritten.add(substitute(e, constMask));
            k = variants[constMask] = FusedCompiler.compile(rewritten);
        }
        return k;
    }

    private FusedExpr substitute(FusedExpr e, int constMask) {
        return switch (e) {
            case FusedExpr.Input in -> (constMask & (1 << in.column())) != 0 ? FusedExpr.scalar(literalScalars.length + in.column()) : in;
            case FusedExpr.Scalar s -> s;
            case FusedExpr.Unary u -> FusedExpr.unary(u.op(), substitute(u.arg(), constMask));
            case FusedExpr.Binary b -> FusedExpr.binary(b.op(), substitute(b.left(), constMask), substitute(b.right(), constMask));
        };
    }

    /** Running sums and counts of the kernel's outputs. */
    static final class State {
        final double[] sums;
        final long[] counts;
        long rows;

        State(int outputs) {
            sums = new double[outputs];
            counts = new long[outputs];
        }
    }

    /** Per-thread scratch: folds batches into a {@link State}. */
    private final class Worker {
        final ExecState st;
        final int k = outputs.size(), m = inputPositions.length;
        final double[][] cols = new double[m][];
        final int[] offs = new int[m];
        final double[] scalars = new double[literalScalars.length + m];
        final double[] partial = new double[k];
        final FusedKernel[] variants = new FusedKernel[m <= MAX_CONST_INPUTS ? 1 << m : 0];
        Evaluator ev;

        Worker(ExecState st) {
            this.st = st;
            System.arraycopy(literalScalars, 0, scalars, 0, literalScalars.length);
        }

        void fold(Batch in, State s) {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return;
            s.rows += n;
            boolean fast = true;
            int constMask = 0;
            for (int j = 0; j < m && fast; j++) {
                ColumnVector cv = b.columns[inputPositions[j]];
                if (cv.doubles == null) fast = false;
                else if (cv.constant) {
                    if (cv.nulls != null && cv.isNull(0) || j >= MAX_CONST_INPUTS) fast = false;
                    constMask |= 1 << j;
                    scalars[literalScalars.length + j] = cv.doubles[cv.offset];
                } else {
                    if (cv.nulls != null && Bitmaps.any(cv.nulls, cv.offset, n)) fast = false;
                    cols[j] = cv.doubles;
                    offs[j] = cv.offset;
                }
            }
            if (fast) {
                kernelFor(constMask, variants).sum(cols, offs, scalars, n, partial);
                for (int o = 0; o < k; o++) fast &= Double.isFinite(partial[o]);
            }
            if (fast) {
                for (int o = 0; o < k; o++) {
                    s.sums[o] += partial[o];
                    s.counts[o] += n;
                }
            } else {
                if (ev == null) ev = fallback.newEvaluator(st);
                exact(ev, b, n, s);
            }
        }
    }

    @Override public boolean execute(ExecState st, Downstream out) {
        State s = table != null ? morsels(st) : null;
        if (s == null) {
            State whole = new State(outputs.size());
            Worker w = new Worker(st);
            input.execute(st, b -> {
                w.fold(b, whole);
                return true;
            });
            s = whole;
        }
        RowStore result = new RowStore(types);
        for (int a = 0; a < fns.length; a++) {
            var col = result.cols[a];
            int o = outputOf[a];
            switch (fns[a]) {
                case COUNT_STAR -> col.appendLong(s.rows);
                case COUNT -> col.appendLong(s.counts[o]);
                case SUM -> { if (s.counts[o] == 0) col.appendNull(); else col.appendDouble(s.sums[o]); }
                case AVG -> { if (s.counts[o] == 0) col.appendNull(); else col.appendDouble(s.sums[o] / s.counts[o]); }
                default -> throw new IllegalStateException(fns[a].name());
            }
        }
        result.addEmptyRows(1);
        st.ctx.checkCancelled();
        return out.accept(result.slice(0, 1));
    }

    /**
     * Morsel-driven scan: one morsel per table segment, taken by up to {@code threads} workers; each
     * morsel folds into its own state and the states are combined in morsel order, so the result is
     * bit-identical for every thread count.
     */
    private State morsels(ExecState st) {
        TableSnapshot snap = st.ctx instanceof StoredTable.SnapshotProvider p ? p.snapshot(table.table()) : table.table().snapshot();
        int segments = snap.segmentCount();
        State[] parts = new State[segments];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            Worker w = new Worker(st);
            for (int seg; (seg = next.getAndIncrement()) < segments; ) {
                State part = new State(outputs.size());
                TableScan scan = snap.scan(scanColumns, seg, seg + 1, false);
                while (scan.hasNext()) {
                    st.ctx.checkCancelled();
                    w.fold(scan.next(), part);
                }
                parts[seg] = part;
            }
        };
        int threads = (int) Math.max(1, Math.min(segments, threads(st)));
        if (threads <= 1) {
            work.run();
        } else {
            List<Future<?>> helpers = new ArrayList<>();
            for (int t = 1; t < threads; t++) helpers.add(POOL.submit(work));
            RuntimeException failure = null;
            try {
                work.run();
            } catch (RuntimeException e) {
                failure = e;
                next.set(segments);
            }
            for (Future<?> f : helpers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (failure == null) failure = new IllegalStateException(e);
                }
            }
            if (failure != null) throw failure;
        }
        State total = new State(outputs.size());
        for (State p : parts) {
            total.rows += p.rows;
            for (int o = 0; o < total.sums.length; o++) {
                total.sums[o] += p.sums[o];
                total.counts[o] += p.counts[o];
            }
        }
        return total;
    }

    private static long threads(ExecState st) {
        Object v = st.ctx.setting("threads");
        return v instanceof Number n ? n.longValue() : 1;
    }

    /** Daemon workers shared by all statements; a statement uses at most its {@code threads} setting. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nabla-morsel");
        t.setDaemon(true);
        return t;
    });

    private static void exact(Evaluator ev, Batch b, int n, State s) {
        ev.eval(b);
        for (int o = 0; o < s.sums.length; o++) {
            Vec v = ev.result(o);
            double sum = 0;
            long c = 0;
            for (int i = 0; i < n; i++) {
                if (v.isNull(i)) continue;
                sum += v.d[v.off + i];
                c++;
            }
            s.sums[o] += sum;
            s.counts[o] += c;
        }
    }
}
