package dev.nabla.engine.exec.fused;

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
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.PhysicalType;
import dev.nabla.vector.Bitmaps;
import dev.nabla.vector.fused.FusedCompiler;
import dev.nabla.vector.fused.FusedExpr;
import dev.nabla.vector.fused.FusedKernel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private FusedAggregateNode(List<DataType> types, PhysicalNode input, AggFn[] fns, int[] outputOf, List<FusedExpr> outputs,
                               int[] inputPositions, double[] literalScalars, ExprProgram fallback) {
        super(types);
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
        return new FusedAggregateNode(types, input, fns, outputOf, outs, positions, lits, fallback);
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

    @Override public boolean execute(ExecState st, Downstream out) {
        int k = outputs.size(), m = inputPositions.length;
        State s = new State(k);
        double[][] cols = new double[m][];
        int[] offs = new int[m];
        double[] scalars = new double[literalScalars.length + m];
        System.arraycopy(literalScalars, 0, scalars, 0, literalScalars.length);
        double[] partial = new double[k];
        FusedKernel[] variants = new FusedKernel[m <= MAX_CONST_INPUTS ? 1 << m : 0];
        Evaluator[] ev = new Evaluator[1];
        input.execute(st, in -> {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return true;
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
                if (ev[0] == null) ev[0] = fallback.newEvaluator(st);
                exact(ev[0], b, n, s);
            }
            return true;
        });
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
