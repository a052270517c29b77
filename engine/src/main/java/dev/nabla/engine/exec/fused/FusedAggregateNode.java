package dev.nabla.engine.exec.fused;

import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.exec.ExecState;
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
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Scan;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.PhysicalType;
import dev.nabla.storage.Segment;
import dev.nabla.storage.TableSnapshot;
import dev.nabla.vector.Bitmaps;
import dev.nabla.vector.fused.AdaptiveKernel;
import dev.nabla.vector.fused.DepositKernel;
import dev.nabla.vector.fused.FusedCompiler;
import dev.nabla.vector.fused.FusedExpr;
import dev.nabla.vector.fused.FusedKernel;
import dev.nabla.vector.sum.ExactSum;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * SUM / AVG / COUNT over pure double arithmetic, evaluated by one generated fused kernel per batch: the
 * whole expression DAG and the sums run in vector registers, with no intermediate vectors.
 * <p>The input is either streamed from its plan, or — when it is a plain stored-table scan — read in
 * morsels of one segment by up to {@code threads} workers, partial states combined in segment order so
 * the result is bit-identical for any thread count. A cross join with a side that yields exactly one
 * row (a parameter table, the previous step of a recursive CTE) is not materialised: that row's values
 * become kernel scalars, and GROUP BY keys that all come from it form the single group.
 * <p>A batch leaves the fast path when an input column has NULLs or its partial sum is not finite (a
 * domain error such as sqrt(-1) is NULL in SQL but NaN in the kernel); it is then evaluated exactly by
 * the ordinary expression program. When the one-row side has another row count, the ordinary
 * aggregate node runs instead.
 */
public final class FusedAggregateNode extends PhysicalNode {
    /** Lanes of the deposit route's vectors: generated kernels use the preferred species. */
    private static final int VECTOR_LENGTH = FusedCompiler.vectorized() ? DepositKernel.lanes() : 1;

    private static final int MAX_CONST_INPUTS = 8;
    /** Rows per kernel call: the outputs of a chunk stay in L1 until ExactSum has added them. */
    private static final int CHUNK = 512;
    /**
     * Rows per call of a kernel that sums in its own loop ({@link DepositKernel}): no output buffer to
     * keep in L1, so longer calls, well below the deposit's limit of 2^11 vectors per lane.
     */
    private static final int DEPOSIT_CHUNK = 2048;

    private final AggFn[] fns;
    /** Per aggregate: its output index in the kernel (-1 for COUNT(*)). */
    private final int[] outputOf;

    private final List<FusedExpr> outputs;
    /** Aggregate-input positions of the kernel's input columns. */
    private final int[] inputPositions;

    private final double[] literalScalars;
    /** Exact evaluation of the kernel's outputs over an aggregate-input batch, for batches that leave the fast path. */
    private final ExprProgram fallback;

    /** The kernel of the outputs as they are (no constant inputs), made ready off the query thread. */
    private final AdaptiveKernel kernel;

    private final List<DataType> inputTypes;
    /** Aggregate-input positions of the group keys (all on the one-row side). */
    private final int[] keyPositions;
    /** The ordinary aggregation of the same input. */
    private final PhysicalNode generic;
    /** The side producing the rows (streamed when {@link #table} is null) and where its columns start in the aggregate input. */
    private final PhysicalNode big;

    private final int bigOffset;
    private final StoredTable table;
    private final int[] scanColumns;
    /** The one-row side (null: none) and where its columns start. */
    private final PhysicalNode single;

    private final int singleOffset, singleWidth;

    private FusedAggregateNode(Builder b) {
        super(b.types);
        fns = b.fns;
        outputOf = b.outputOf;
        outputs = b.outputs;
        inputPositions = b.inputPositions;
        literalScalars = b.literalScalars;
        fallback = b.fallback;
        inputTypes = b.inputTypes;
        keyPositions = b.keyPositions;
        generic = b.generic;
        big = b.big;
        bigOffset = b.bigOffset;
        table = b.table;
        scanColumns = b.scanColumns;
        single = b.single;
        singleOffset = b.singleOffset;
        singleWidth = b.singleWidth;
        kernel = b.kernel;
        variants =
                new AtomicReferenceArray<>(inputPositions.length <= MAX_CONST_INPUTS ? 1 << inputPositions.length : 0);
        scan = b.table == null ? null : new MorselScan(b.scanLine, b.scanStats);
        explainedAs(b.line);
    }

    /** The morsel scan a FusedAggregate does itself, as EXPLAIN shows it (rows read, time of the scan and kernel). */
    record MorselScan(java.util.function.Supplier<String> line, OperatorStats stats) implements Explained {
        @Override
        public String explainLine() {
            return line.get();
        }

        @Override
        public List<? extends Explained> explainInputs() {
            return List.of();
        }
    }

    private final MorselScan scan;

    @Override
    public List<? extends Explained> explainInputs() {
        List<Explained> in = new ArrayList<>();
        in.add(scan != null ? scan : big);
        if (single != null) in.add(single);
        return in;
    }

    private static final class Builder {
        List<DataType> types;
        AggFn[] fns;
        int[] outputOf;
        List<FusedExpr> outputs;
        AdaptiveKernel kernel;
        int[] inputPositions;
        double[] literalScalars;
        ExprProgram fallback;
        List<DataType> inputTypes;
        int[] keyPositions;
        PhysicalNode generic, big, single;
        int bigOffset, singleOffset, singleWidth;
        StoredTable table;
        int[] scanColumns;
        LogicalPlan bigPlan, singlePlan;
        java.util.function.Supplier<String> line, scanLine;
        OperatorStats scanStats;
    }

    /**
     * The fused node for {@code a}, or null when some aggregate or argument is not fusable (see
     * {@link FusedAggregateRule}). Builds only the inputs that run: the big side (none for a stored
     * table, which is read in morsels), the one-row side, and — only with a one-row side, which may
     * turn out to have another row count — the ordinary aggregation to fall back to.
     */
    static PhysicalNode match(Aggregate a, PhysicalPlanner planner) {
        if (a.aggregates().isEmpty() || !FusedCompiler.vectorized()) return null;
        ExprCompiler.SubplanBuilder subplans = planner;
        Builder b = new Builder();
        List<Column> in = a.input().output();
        Map<Integer, Integer> layout = new HashMap<>();
        for (int i = 0; i < in.size(); i++) layout.putIfAbsent(in.get(i).id(), i);
        b.inputTypes = new ArrayList<>();
        for (Column c : in) b.inputTypes.add(c.type());

        // where the rows come from
        LogicalPlan bigPlan = a.input();
        if (a.input() instanceof Join j
                && j.condition() == null
                && (j.type() == JoinType.CROSS || j.type() == JoinType.INNER)) {
            boolean leftScan = plainScan(j.left()), rightScan = plainScan(j.right());
            boolean singleIsLeft;
            if (leftScan && rightScan)
                singleIsLeft = ((Scan) j.left()).source().estimatedRows()
                        < ((Scan) j.right()).source().estimatedRows();
            else if (leftScan || rightScan) singleIsLeft = rightScan;
            else singleIsLeft = false;
            if (leftScan || rightScan) {
                LogicalPlan s = singleIsLeft ? j.left() : j.right();
                bigPlan = singleIsLeft ? j.right() : j.left();
                int leftWidth = j.left().output().size();
                b.singlePlan = s;
                b.singleWidth = s.output().size();
                b.singleOffset = singleIsLeft ? 0 : leftWidth;
                b.bigOffset = singleIsLeft ? leftWidth : 0;
            }
        }
        b.bigPlan = bigPlan;

        // group keys: only columns of the one-row side, so there is at most one group
        b.keyPositions = new int[a.groupKeys().size()];
        for (int k = 0; k < b.keyPositions.length; k++) {
            if (b.singlePlan == null || !(a.groupKeys().get(k) instanceof ColumnRef ref)) return null;
            Integer pos = layout.get(ref.id());
            if (pos == null || pos < b.singleOffset || pos >= b.singleOffset + b.singleWidth) return null;
            b.keyPositions[k] = pos;
        }

        FusedTranslator tr = new FusedTranslator(layout);
        int n = a.aggregates().size();
        b.fns = new AggFn[n];
        b.outputOf = new int[n];
        b.outputs = new ArrayList<>();
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AggCall call = a.aggregates().get(i);
            b.fns[i] = call.fn();
            if (call.distinct() || call.filter() != null) return null;
            if (call.fn() == AggFn.COUNT_STAR) {
                b.outputOf[i] = -1;
                continue;
            }
            boolean doubleResult = call.type().physical() == PhysicalType.DOUBLE;
            if (!(call.fn() == AggFn.SUM && doubleResult
                    || call.fn() == AggFn.AVG && doubleResult
                    || call.fn() == AggFn.COUNT)) return null;
            if (call.args().size() != 1) return null;
            FusedExpr f = tr.translate(call.args().get(0));
            if (f == null) return null;
            b.outputOf[i] = b.outputs.size();
            b.outputs.add(f);
            exprs.add(call.args().get(0));
        }
        if (b.outputs.isEmpty() || tr.inputs.size() > 64) return null;
        b.outputs = tr.finish(b.outputs);
        // the kernel is generated later, off the query thread, once enough rows have asked for it
        b.kernel = FusedCompiler.adaptive(b.outputs);
        if (b.kernel.tooLarge()) return null; // too large for one kernel: run unfused
        b.fallback = ExprCompiler.compile(exprs, layout, subplans);
        b.inputPositions = tr.inputs.stream().mapToInt(Integer::intValue).toArray();
        b.literalScalars = tr.scalars.stream().mapToDouble(Double::doubleValue).toArray();
        b.types = new ArrayList<>();
        for (Column c : a.output()) b.types.add(c.type());
        // everything matched: build what runs
        if (plainScan(bigPlan)) {
            Scan scan = (Scan) bigPlan;
            b.table = (StoredTable) scan.source();
            b.scanColumns =
                    scan.columnIndexes().stream().mapToInt(Integer::intValue).toArray();
            b.scanLine = () -> "MorselScan " + PlanPrinter.describe(scan).substring("Scan ".length());
            b.scanStats = planner.profiling() ? new OperatorStats() : null;
        } else {
            b.big = planner.build(bigPlan);
        }
        if (b.singlePlan != null) {
            b.single = planner.build(b.singlePlan);
            b.generic = planner.hashAggregate(a);
        }
        int kernelOutputs = b.outputs.size();
        boolean withSingle = b.single != null;
        b.line = () -> "Fused" + PlanPrinter.describe(a) + " kernel outputs=" + kernelOutputs
                + (withSingle ? " one-row side as kernel scalars" : "");
        return new FusedAggregateNode(b);
    }

    private static boolean plainScan(LogicalPlan p) {
        return p instanceof Scan s
                && s.source() instanceof StoredTable
                && s.filter() == null
                && s.rowIdColumn() == null;
    }

    /**
     * Kernels with constant inputs (one-row side, constant vectors) as scalars, by mask of those
     * inputs: kept by the node (not per execution), since FusedCompiler's lookup rebuilds the
     * expression DAG, which cost a recursive CTE a tenth of each step. Racing threads at worst look
     * the same shape up twice.
     */
    private final AtomicReferenceArray<AdaptiveKernel> variants;

    private AdaptiveKernel kernelFor(int constMask) {
        if (constMask == 0) return kernel;
        AdaptiveKernel k = variants.get(constMask);
        if (k == null) {
            List<FusedExpr> rewritten = new ArrayList<>();
            for (FusedExpr e : outputs) rewritten.add(substitute(e, constMask));
            k = FusedCompiler.adaptive(rewritten);
            variants.set(constMask, k);
        }
        return k;
    }

    private FusedExpr substitute(FusedExpr e, int constMask) {
        return switch (e) {
            case FusedExpr.Input in ->
                (constMask & (1 << in.column())) != 0 ? FusedExpr.scalar(literalScalars.length + in.column()) : in;
            case FusedExpr.Scalar s -> s;
            case FusedExpr.Unary u -> FusedExpr.unary(u.op(), substitute(u.arg(), constMask));
            case FusedExpr.Binary b ->
                FusedExpr.binary(b.op(), substitute(b.left(), constMask), substitute(b.right(), constMask));
            case FusedExpr.Select s ->
                new FusedExpr.Select(
                        substitute(s.cond(), constMask),
                        substitute(s.then(), constMask),
                        substitute(s.otherwise(), constMask));
        };
    }

    private FusedExpr.Cond substitute(FusedExpr.Cond c, int constMask) {
        return switch (c) {
            case FusedExpr.Cond.Compare k ->
                new FusedExpr.Cond.Compare(k.op(), substitute(k.left(), constMask), substitute(k.right(), constMask));
            case FusedExpr.Cond.And a ->
                new FusedExpr.Cond.And(substitute(a.left(), constMask), substitute(a.right(), constMask));
            case FusedExpr.Cond.Or o ->
                new FusedExpr.Cond.Or(substitute(o.left(), constMask), substitute(o.right(), constMask));
            case FusedExpr.Cond.IsNaN n -> new FusedExpr.Cond.IsNaN(substitute(n.arg(), constMask));
        };
    }

    /** Running exact sums and counts of the kernel's outputs. */
    static final class State {
        final ExactSum[] sums;
        final long[] counts;
        long rows;

        State(int outputs) {
            sums = new ExactSum[outputs];
            for (int o = 0; o < outputs; o++) sums[o] = new ExactSum();
            counts = new long[outputs];
        }

        void add(State p) {
            rows += p.rows;
            for (int o = 0; o < sums.length; o++) {
                sums[o].add(p.sums[o]);
                counts[o] += p.counts[o];
            }
        }
    }

    /** What one execution knows about the one-row side: its values and how batches of the big side map to kernel inputs. */
    private final class Run {
        final ExecState st;
        /** Per kernel input: position in a big-side batch, or -1 when it comes from the one-row side. */
        final int[] pos;

        final double[] single;
        /** Aggregate-input columns of the one-row side as constant vectors (null entries: big side). */
        final ColumnVector[] template;
        /** {@code SET adaptive}: morsels run on the per-node path until the kernel is compiled (on), or wait for it (off). */
        final boolean adaptive;
        /** Morsels (batches) folded so far in this execution, for {@link #testSwitchAfter}. */
        final AtomicInteger folds = new AtomicInteger();

        Run(ExecState st, Object[] row) {
            this.st = st;
            this.adaptive = adaptiveSetting(st);
            int m = inputPositions.length;
            pos = new int[m];
            single = new double[m];
            template = new ColumnVector[inputTypes.size()];
            for (int j = 0; j < m; j++) {
                int p = inputPositions[j];
                if (row != null && p >= singleOffset && p < singleOffset + singleWidth) {
                    pos[j] = -1;
                    single[j] = ((Number) row[p - singleOffset]).doubleValue();
                } else {
                    pos[j] = p - bigOffset;
                }
            }
            if (row != null) {
                for (int c = 0; c < singleWidth; c++)
                    template[singleOffset + c] = ColumnVector.constant(inputTypes.get(singleOffset + c), row[c]);
            }
        }

        /** A big-side batch as an aggregate-input batch (for the exact path). */
        Batch widen(Batch b) {
            if (single == null || FusedAggregateNode.this.single == null) return b;
            ColumnVector[] cols = template.clone();
            for (int c = 0; c < b.columns.length; c++) cols[bigOffset + c] = b.columns[c];
            return new Batch(cols, b.count);
        }
    }

    /** Per-thread scratch: folds big-side batches into a {@link State}. */
    private final class Worker {
        final Run run;
        final int k = outputs.size(), m = inputPositions.length;
        final double[][] cols = new double[m][];
        final int[] offs = new int[m];
        final double[] scalars = new double[literalScalars.length + m];
        final int[] chunkOffs = new int[m];
        final double[][] outs = new double[k][DEPOSIT_CHUNK];
        final boolean[] failed = new boolean[k];
        /** The deposit route's per-output grid bases, lane sums and |x| ranges (see {@link DepositKernel}). */
        final double[] grids = new double[k];

        final double[] lanes = new double[2 * k * VECTOR_LENGTH];
        final long[] range = new long[2 * k];
        final IntegerInputs integers = new IntegerInputs(m);
        Evaluator ev;

        Worker(Run run) {
            this.run = run;
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
                int p = run.pos[j];
                if (p < 0) {
                    if (j >= MAX_CONST_INPUTS) fast = false;
                    constMask |= 1 << j;
                    scalars[literalScalars.length + j] = run.single[j];
                    continue;
                }
                ColumnVector cv = b.columns[p];
                if (!IntegerInputs.readable(cv)) fast = false;
                else if (cv.constant) {
                    if (cv.nulls != null && cv.isNull(0) || j >= MAX_CONST_INPUTS) fast = false;
                    constMask |= 1 << j;
                    if (fast) scalars[literalScalars.length + j] = IntegerInputs.constant(cv);
                } else if (cv.nulls != null && Bitmaps.any(cv.nulls, cv.offset, n)) {
                    fast = false;
                } else if (cv.doubles != null) {
                    cols[j] = cv.doubles;
                    offs[j] = cv.offset;
                } else {
                    cols[j] = integers.asDoubles(j, cv, n);
                    offs[j] = 0;
                }
            }
            if (!fast) {
                exactRange(b, 0, n, null, s);
                return;
            }
            AdaptiveKernel ak = kernelFor(constMask);
            FusedKernel kern = kernelNow(ak, run.adaptive, run.folds);
            if (kern == null) {
                // adaptive execution: this morsel on the per-node path, while the kernel is prepared
                long t0 = System.nanoTime();
                exactRange(b, 0, n, null, s);
                ak.rowsSeen(n, System.nanoTime() - t0);
                return;
            }
            if (kern instanceof DepositKernel dk) {
                deposit(dk, b, n, s);
                return;
            }
            // the kernel evaluates CHUNK rows into L1-resident buffers; ExactSum adds them (SIMD)
            for (int start = 0; start < n; start += CHUNK) {
                int len = Math.min(CHUNK, n - start);
                for (int j = 0; j < m; j++) chunkOffs[j] = offs[j] + start;
                kern.eval(cols, chunkOffs, scalars, len, outs);
                boolean allOk = true;
                for (int o = 0; o < k; o++) {
                    failed[o] = !s.sums[o].addAllFinite(outs[o], 0, len);
                    if (failed[o]) allOk = false;
                    else s.counts[o] += len;
                }
                if (!allOk) exactRange(b, start, len, failed, s);
            }
        }

        /**
         * The kernel sums each chunk in its own loop, on each output's current grid ({@link
         * ExactSum#depositBase}); an output whose deposit is refused (no grid yet, a value outside the
         * grid's range, not finite) gets the chunk again the buffered way: evaluated, added with
         * addAllFinite, or by the ordinary program when a value is not finite. The exact sum is the same
         * on every route.
         */
        private void deposit(DepositKernel kern, Batch b, int n, State s) {
            for (int start = 0; start < n; start += DEPOSIT_CHUNK) {
                int len = Math.min(DEPOSIT_CHUNK, n - start), bound = len - len % (2 * VECTOR_LENGTH);
                int vectors = bound / VECTOR_LENGTH;
                for (int j = 0; j < m; j++) chunkOffs[j] = offs[j] + start;
                for (int o = 0; o < k; o++) grids[o] = s.sums[o].depositBase(vectors);
                kern.evalDeposit(cols, chunkOffs, scalars, len, grids, lanes, range, outs);
                boolean redo = false;
                for (int o = 0; o < k; o++) {
                    failed[o] = !s.sums[o].commitDeposit(
                            grids[o],
                            lanes,
                            2 * o * VECTOR_LENGTH,
                            range[2 * o],
                            range[2 * o + 1],
                            vectors,
                            outs[o],
                            bound,
                            len);
                    if (failed[o]) redo = true;
                    else s.counts[o] += len;
                }
                if (!redo) continue;
                kern.eval(cols, chunkOffs, scalars, len, outs);
                boolean allOk = true;
                for (int o = 0; o < k; o++) {
                    if (!failed[o]) continue;
                    failed[o] = !s.sums[o].addAllFinite(outs[o], 0, len);
                    if (failed[o]) allOk = false;
                    else s.counts[o] += len;
                }
                if (!allOk) exactRange(b, start, len, failed, s);
            }
        }

        /**
         * Rows [start, start+len) of b by the ordinary expression program (NULLs, domain errors), for
         * the outputs marked in {@code only} (all when null).
         */
        private void exactRange(Batch b, int start, int len, boolean[] only, State s) {
            if (ev == null) ev = fallback.newEvaluator(run.st);
            // the expression program works on batches of at most Batch.CAPACITY rows
            for (int from = start; from < start + len; from += Batch.CAPACITY) {
                int l = Math.min(Batch.CAPACITY, start + len - from);
                exact(ev, run.widen(b.slice(from, l)), l, only, s);
            }
        }
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        Object[] row = null;
        if (single != null) {
            Object[][] first = new Object[1][];
            int[] rows = new int[1];
            single.execute(st, b -> {
                Batch d = Batches.dense(b);
                if (d.count > 0 && rows[0] == 0) {
                    first[0] = new Object[d.columns.length];
                    for (int c = 0; c < d.columns.length; c++) first[0][c] = d.columns[c].getObject(0);
                }
                rows[0] += d.count;
                return rows[0] < 2;
            });
            if (rows[0] != 1) return generic.execute(st, out);
            row = first[0];
            for (int p : inputPositions) {
                if (p >= singleOffset && p < singleOffset + singleWidth && row[p - singleOffset] == null)
                    return generic.execute(st, out);
            }
        }
        Run run = new Run(st, row);
        State s;
        if (table != null) {
            s = morsels(run);
        } else {
            State whole = new State(outputs.size());
            Worker w = new Worker(run);
            big.execute(st, b -> {
                w.fold(b, whole);
                return true;
            });
            s = whole;
        }
        // with GROUP BY, an empty input has no groups at all
        if (keyPositions.length > 0 && s.rows == 0) return true;
        RowStore result = new RowStore(types);
        for (int k = 0; k < keyPositions.length; k++) result.cols[k].appendValue(row[keyPositions[k] - singleOffset]);
        for (int a = 0; a < fns.length; a++) {
            var col = result.cols[keyPositions.length + a];
            int o = outputOf[a];
            switch (fns[a]) {
                case COUNT_STAR -> col.appendLong(s.rows);
                case COUNT -> col.appendLong(s.counts[o]);
                case SUM -> {
                    if (s.counts[o] == 0) col.appendNull();
                    else col.appendDouble(s.sums[o].round());
                }
                case AVG -> {
                    if (s.counts[o] == 0) col.appendNull();
                    else col.appendDouble(s.sums[o].round() / s.counts[o]);
                }
                default -> throw new IllegalStateException(fns[a].name());
            }
        }
        result.addEmptyRows(1);
        st.ctx.checkCancelled();
        return out.accept(result.slice(0, 1));
    }

    /**
     * Morsel-driven scan (see {@link Morsels}): one morsel per table segment, each folded into its own
     * state; the states are combined in segment order, so the result is bit-identical for every thread count.
     * The kernel sees a whole segment per call (not {@link Batch#CAPACITY} rows): it only streams and
     * sums, so the scan's per-batch objects and checks were a measurable share of the time.
     */
    private State morsels(Run run) {
        ExecState st = run.st;
        TableSnapshot snap = st.ctx instanceof StoredTable.SnapshotProvider p
                ? p.snapshot(table.table())
                : table.table().snapshot();
        int segments = snap.segmentCount();
        State[] parts = new State[segments];
        long started = System.nanoTime();
        Morsels.run(st, segments, () -> {
            Worker w = new Worker(run);
            return seg -> {
                State part = new State(outputs.size());
                Morsels.scanSegment(st, snap, scanColumns, seg, Segment.ROWS, batch -> w.fold(batch, part));
                parts[seg] = part;
            };
        });
        State total = new State(outputs.size());
        for (State p : parts) total.add(p);
        if (scan.stats() != null) scan.stats().record(total.rows, System.nanoTime() - started);
        return total;
    }

    /**
     * Tests only (adaptive execution): when ≥ 0, each execution runs its first N morsels on the per-node
     * path and the rest on the kernel, generated on the spot, whatever the background thread's progress:
     * a deterministic mid-query switch. Results are the same bits on both paths, so a test running
     * beside one that sets this still gets its answer.
     */
    static volatile int testSwitchAfter = -1;

    /** The kernel to run a morsel on, or null for the per-node path (see {@link AdaptiveKernel}). */
    static FusedKernel kernelNow(AdaptiveKernel ak, boolean adaptive, AtomicInteger folds) {
        int forced = testSwitchAfter;
        if (forced >= 0) return folds.getAndIncrement() < forced ? null : ak.now();
        return adaptive ? ak.hot() : ak.now();
    }

    /** {@code SET adaptive} (on unless set off). */
    static boolean adaptiveSetting(ExecState st) {
        return !(st.ctx.setting("adaptive") instanceof Number n) || n.longValue() != 0;
    }

    private static void exact(Evaluator ev, Batch b, int n, boolean[] only, State s) {
        ev.eval(b);
        for (int o = 0; o < s.sums.length; o++) {
            if (only != null && !only[o]) continue;
            Vec v = ev.result(o);
            ExactSum sum = s.sums[o];
            if (v.nulls == null) {
                // no NULL: the bulk (SIMD) add, the same exact state as adding one by one; this is
                // also adaptive execution's per-node path, so it should not be slower than it must
                sum.addAll(v.d, v.off, n);
                s.counts[o] += n;
                continue;
            }
            long c = 0;
            for (int i = 0; i < n; i++) {
                if (v.isNull(i)) continue;
                sum.add(v.d[v.off + i]);
                c++;
            }
            s.counts[o] += c;
        }
    }
}
