package dev.nabla.engine.exec.op;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.expr.Decimals;
import dev.nabla.engine.exec.expr.Evaluator;
import dev.nabla.engine.exec.expr.ExprProgram;
import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.ColumnStore;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.expr.WindowCall.BoundKind;
import dev.nabla.plan.logical.Window;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import dev.nabla.storage.PhysicalType;
import dev.nabla.vector.sum.ExactSum;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Window functions. The input is materialised together with every function's evaluated arguments,
 * partition and order keys; rows are sorted by (partition, order) once per distinct specification;
 * each function is then computed partition by partition. Frames are resolved per row (ROWS by
 * position, RANGE by peers or by value offset on the single order key); SUM/COUNT/AVG use prefix
 * counts and a sliding exact sum ({@link ExactSum}) and MIN/MAX a monotonic deque, so sliding and cumulative frames cost O(n).
 */
final class WindowNode extends PhysicalNode {
    final PhysicalNode input;
    final ExprProgram program;
    final List<WindowCall> calls;
    /** Per call: root indexes of args, partition keys, order keys, agg args and agg filter. */
    final int[][] argRoots, partRoots, orderRoots;

    final int[] aggArg0, aggArg1, aggFilter;
    final ExprProgram[] startOffsets, endOffsets;
    /** Per call: how it is computed over a partition. */
    final WindowFunction[] functions;

    private WindowNode(
            List<DataType> types,
            PhysicalNode input,
            ExprProgram program,
            List<WindowCall> calls,
            int[][] argRoots,
            int[][] partRoots,
            int[][] orderRoots,
            int[] aggArg0,
            int[] aggArg1,
            int[] aggFilter,
            ExprProgram[] startOffsets,
            ExprProgram[] endOffsets) {
        super(types);
        this.input = input;
        this.program = program;
        this.calls = calls;
        this.argRoots = argRoots;
        this.partRoots = partRoots;
        this.orderRoots = orderRoots;
        this.aggArg0 = aggArg0;
        this.aggArg1 = aggArg1;
        this.aggFilter = aggFilter;
        this.startOffsets = startOffsets;
        this.endOffsets = endOffsets;
        functions = new WindowFunction[calls.size()];
        for (int f = 0; f < functions.length; f++)
            functions[f] = WindowFunction.of(calls.get(f).fn());
    }

    static WindowNode create(Window w, PhysicalNode input, PhysicalPlanner planner) {
        List<Expr> exprs = new ArrayList<>();
        int n = w.functions().size();
        int[][] args = new int[n][], parts = new int[n][], orders = new int[n][];
        int[] a0 = new int[n], a1 = new int[n], af = new int[n];
        ExprProgram[] so = new ExprProgram[n], eo = new ExprProgram[n];
        for (int f = 0; f < n; f++) {
            WindowCall c = w.functions().get(f);
            args[f] = add(exprs, c.args());
            parts[f] = add(exprs, c.partitionBy());
            List<Expr> ok = new ArrayList<>();
            for (SortKey k : c.orderBy()) ok.add(k.expr());
            orders[f] = add(exprs, ok);
            a0[f] = a1[f] = af[f] = -1;
            AggCall agg = c.aggregate();
            if (agg != null) {
                if (!agg.args().isEmpty()) a0[f] = add(exprs, List.of(agg.args().get(0)))[0];
                if (agg.args().size() > 1) a1[f] = add(exprs, List.of(agg.args().get(1)))[0];
                if (agg.filter() != null) af[f] = add(exprs, List.of(agg.filter()))[0];
            }
            if (c.frame().startOffset() != null)
                so[f] = planner.compile(List.of(c.frame().startOffset()), List.of());
            if (c.frame().endOffset() != null)
                eo[f] = planner.compile(List.of(c.frame().endOffset()), List.of());
        }
        return new WindowNode(
                PhysicalPlanner.types(w.output()),
                input,
                planner.compile(exprs, w.input().output()),
                w.functions(),
                args,
                parts,
                orders,
                a0,
                a1,
                af,
                so,
                eo);
    }

    private static int[] add(List<Expr> exprs, List<Expr> more) {
        int[] r = new int[more.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = exprs.size();
            exprs.add(more.get(i));
        }
        return r;
    }

    @Override
    public java.util.List<? extends Explained> explainInputs() {
        return java.util.List.of(input);
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        try (MemoryLease mem = st.lease("window")) {
            return execute(st, out, mem);
        }
    }

    private boolean execute(ExecState st, Downstream out, MemoryLease mem) {
        int width = input.types.size();
        int nr = program.rootCount();
        List<DataType> all = new ArrayList<>(input.types);
        for (int r = 0; r < nr; r++) all.add(program.rootType(r));
        RowStore rows = new RowStore(all);
        Evaluator ev = program.newEvaluator(st);
        input.execute(st, in -> {
            Batch b = Batches.dense(in);
            if (b.count == 0) return true;
            mem.grow(Batches.storedBytes(b) + 18L * nr * b.count);
            ev.eval(b);
            for (int c = 0; c < width; c++) rows.cols[c].append(b.columns[c], b.count);
            for (int r = 0; r < nr; r++) rows.cols[width + r].append(ev.result(r), b.count);
            rows.addEmptyRows(b.count);
            return true;
        });
        int n = rows.size();
        ColumnStore[] results = new ColumnStore[calls.size()];
        int[] perm = null;
        String lastSpec = null;
        for (int f = 0; f < calls.size(); f++) {
            st.ctx.checkCancelled();
            WindowCall call = calls.get(f);
            String spec = Arrays.toString(partRoots[f])
                    + Arrays.toString(orderRoots[f])
                    + call.orderBy().stream()
                            .map(k -> k.ascending() + "/" + k.nullsFirst())
                            .toList();
            int np = partRoots[f].length, no = orderRoots[f].length;
            ColumnStore[] keys = new ColumnStore[np + no];
            boolean[] asc = new boolean[np + no], nf = new boolean[np + no];
            for (int k = 0; k < np; k++) {
                keys[k] = rows.cols[width + partRoots[f][k]];
                asc[k] = true;
                nf[k] = true;
            }
            for (int k = 0; k < no; k++) {
                keys[np + k] = rows.cols[width + orderRoots[f][k]];
                asc[np + k] = call.orderBy().get(k).ascending();
                nf[np + k] = call.orderBy().get(k).nullsFirst();
            }
            RowOrder order = new RowOrder(keys, asc, nf);
            // the function's result column, and a permutation when the window's order is new
            mem.grow(9L * n + (spec.equals(lastSpec) ? 0 : 4L * n));
            if (!spec.equals(lastSpec)) {
                perm = new int[n];
                for (int i = 0; i < n; i++) perm[i] = i;
                order.sort(perm, n, st.ctx::checkCancelled);
                lastSpec = spec;
            }
            ColumnStore res = new ColumnStore(call.type(), n);
            res.extendTo(n);
            results[f] = res;
            int ps = 0;
            while (ps < n) {
                int pe = ps + 1;
                while (pe < n && order.samePrefix(perm[ps], perm[pe], 0, np)) pe++;
                st.ctx.checkCancelled();
                new Partition(st, rows, width, f, call, order, np, no, perm, ps, pe - ps, res, mem).compute();
                ps = pe;
            }
        }
        int[] outOrder = perm;
        if (outOrder == null) {
            outOrder = new int[n];
            for (int i = 0; i < n; i++) outOrder[i] = i;
        }
        for (int from = 0; from < n; from += Batch.CAPACITY) {
            st.ctx.checkCancelled();
            int m = Math.min(Batch.CAPACITY, n - from);
            ColumnVector[] cols = new ColumnVector[types.size()];
            for (int c = 0; c < width; c++) cols[c] = rows.cols[c].gather(outOrder, from, m);
            for (int f = 0; f < results.length; f++) cols[width + f] = results[f].gather(outOrder, from, m);
            if (!out.accept(new Batch(cols, m))) return false;
        }
        return true;
    }

    /** One partition of one function: positions 0..m-1 map to rows perm[base + p]. */
    final class Partition {
        final ExecState st;
        final RowStore rows;
        final int width, f, np, no, base, m;
        final WindowCall call;
        final RowOrder order;
        final int[] perm;
        final ColumnStore res;
        final int[] peerStart, peerEnd;
        final MemoryLease mem;
        // bytes of result strings not yet reserved: a frame's string_agg can hold O(n^2) characters in all
        private long pendingStringBytes;

        Partition(
                ExecState st,
                RowStore rows,
                int width,
                int f,
                WindowCall call,
                RowOrder order,
                int np,
                int no,
                int[] perm,
                int base,
                int m,
                ColumnStore res,
                MemoryLease mem) {
            this.st = st;
            this.mem = mem;
            this.rows = rows;
            this.width = width;
            this.f = f;
            this.call = call;
            this.order = order;
            this.np = np;
            this.no = no;
            this.perm = perm;
            this.base = base;
            this.m = m;
            this.res = res;
            peerStart = new int[m];
            peerEnd = new int[m];
            int s = 0;
            while (s < m) {
                int e = s + 1;
                while (e < m && order.samePrefix(perm[base + s], perm[base + e], np, no)) e++;
                for (int p = s; p < e; p++) {
                    peerStart[p] = s;
                    peerEnd[p] = e - 1;
                }
                s = e;
            }
        }

        int row(int p) {
            return perm[base + p];
        }

        ColumnStore arg(int k) {
            return rows.cols[width + argRoots[f][k]];
        }

        int argCount() {
            return argRoots[f].length;
        }

        void set(int p, ColumnStore src, int srcRow) {
            if (src.isNull(srcRow)) {
                res.setNull(row(p));
                return;
            }
            Object v = dev.nabla.engine.exec.expr.Casts.castValue(src.get(srcRow), res.type);
            res.setValue(row(p), v);
            if (v instanceof String s) {
                // the 9 bytes a row counted up front are the reference; the string itself is counted here
                pendingStringBytes += 40 + s.length();
                if (pendingStringBytes > 1 << 20) reservePending();
            }
        }

        private void reservePending() {
            mem.grow(pendingStringBytes);
            pendingStringBytes = 0;
        }

        long longArg(int k, int p, long dflt) {
            if (argRoots[f].length <= k) return dflt;
            ColumnStore c = arg(k);
            int r = row(p);
            if (c.isNull(r)) return dflt;
            return c.type.physical() == PhysicalType.DOUBLE ? (long) c.getDouble(r) : c.getLong(r);
        }

        void compute() {
            functions[f].compute(this);
            reservePending();
        }

        private long offset(ExprProgram prog) {
            if (prog == null) return 0;
            Evaluator ev = prog.newEvaluator(st);
            ev.eval(new Batch(new ColumnVector[0], 1));
            Vec v = ev.result(0);
            if (v.isNull(0))
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, "window frame offset must not be NULL");
            double d = v.type.physical() == PhysicalType.DOUBLE ? v.d[v.off] : v.l[v.off];
            if (d < 0) throw new NablaException(ErrorCode.INVALID_ARGUMENT, "window frame offset must not be negative");
            return (long) d;
        }

        private double rawOffset(ExprProgram prog) {
            Evaluator ev = prog.newEvaluator(st);
            ev.eval(new Batch(new ColumnVector[0], 1));
            Vec v = ev.result(0);
            return v.type.physical() == PhysicalType.DOUBLE ? v.d[v.off] : v.l[v.off];
        }

        /** Frame [fs, fe] (positions, inclusive; empty when fs > fe) of every position. */
        void frames(int[] fs, int[] fe) {
            WindowCall.Frame fr = call.frame();
            if (call.orderBy().isEmpty() && !fr.rows()) {
                // without ORDER BY every row is a peer of every other: the frame is the whole partition
                Arrays.fill(fs, 0);
                Arrays.fill(fe, m - 1);
                if (fr.startKind() == BoundKind.UNBOUNDED_PRECEDING || fr.startKind() == BoundKind.CURRENT_ROW) {
                    if (fr.endKind() == BoundKind.CURRENT_ROW || fr.endKind() == BoundKind.UNBOUNDED_FOLLOWING) return;
                }
            }
            if (fr.groups()) {
                groupFrames(fs, fe);
                return;
            }
            boolean rangeValue = !fr.rows()
                    && (fr.startKind() == BoundKind.PRECEDING
                            || fr.startKind() == BoundKind.FOLLOWING
                            || fr.endKind() == BoundKind.PRECEDING
                            || fr.endKind() == BoundKind.FOLLOWING);
            if (rangeValue) {
                rangeFrames(fs, fe);
                return;
            }
            long so = offset(startOffsets[f]), eo = offset(endOffsets[f]);
            for (int p = 0; p < m; p++) {
                fs[p] = (int) Math.max(0, Math.min(m, bound(fr.startKind(), so, p, fr.rows(), true)));
                fe[p] = (int) Math.max(-1, Math.min(m - 1, bound(fr.endKind(), eo, p, fr.rows(), false)));
            }
        }

        private long bound(BoundKind k, long off, int p, boolean rowsMode, boolean start) {
            return switch (k) {
                case UNBOUNDED_PRECEDING -> start ? 0 : -1;
                case UNBOUNDED_FOLLOWING -> start ? m : m - 1;
                case CURRENT_ROW -> rowsMode ? p : start ? peerStart[p] : peerEnd[p];
                case PRECEDING -> p - off;
                case FOLLOWING -> p + off;
            };
        }

        /** GROUPS: offsets count peer groups (rows with equal ORDER BY keys) before or after the current one. */
        private void groupFrames(int[] fs, int[] fe) {
            WindowCall.Frame fr = call.frame();
            long so = offset(startOffsets[f]), eo = offset(endOffsets[f]);
            // peer group number of each position, and each group's first and last position
            int[] group = new int[m];
            int[] first = new int[m], last = new int[m];
            int groups = 0;
            for (int p = 0; p < m; p++) {
                if (p == 0 || peerStart[p] == p) {
                    first[groups] = p;
                    groups++;
                }
                group[p] = groups - 1;
                last[groups - 1] = p;
            }
            for (int p = 0; p < m; p++) {
                long gi = group[p];
                fs[p] = switch (fr.startKind()) {
                    case UNBOUNDED_PRECEDING -> 0;
                    case CURRENT_ROW -> peerStart[p];
                    case UNBOUNDED_FOLLOWING -> m;
                    case PRECEDING -> gi - so < 0 ? 0 : first[(int) (gi - so)];
                    case FOLLOWING -> gi + so >= groups ? m : first[(int) (gi + so)];
                };
                fe[p] = switch (fr.endKind()) {
                    case UNBOUNDED_FOLLOWING -> m - 1;
                    case CURRENT_ROW -> peerEnd[p];
                    case UNBOUNDED_PRECEDING -> -1;
                    case PRECEDING -> gi - eo < 0 ? -1 : last[(int) (gi - eo)];
                    case FOLLOWING -> gi + eo >= groups ? m - 1 : last[(int) (gi + eo)];
                };
            }
        }

        /** RANGE with value offsets: compares the single numeric order key. */
        private void rangeFrames(int[] fs, int[] fe) {
            if (no != 1)
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT, "RANGE with an offset needs exactly one ORDER BY key");
            WindowCall.Frame fr = call.frame();
            ColumnStore key = order.keys[np];
            boolean asc = order.ascending[np];
            if (key.type.physical() == PhysicalType.INT128) {
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        "RANGE with an offset over a DECIMAL wider than 18 digits is not supported");
            }
            if (key.type.physical() == PhysicalType.STRING) {
                throw new NablaException(ErrorCode.TYPE_MISMATCH, "RANGE with an offset needs a numeric ORDER BY key");
            }
            double so = startOffsets[f] == null ? 0 : rawOffset(startOffsets[f]);
            double eo = endOffsets[f] == null ? 0 : rawOffset(endOffsets[f]);
            for (int p = 0; p < m; p++) {
                int r = row(p);
                if (key.isNull(r)) {
                    fs[p] = fr.startKind() == BoundKind.UNBOUNDED_PRECEDING ? 0 : peerStart[p];
                    fe[p] = fr.endKind() == BoundKind.UNBOUNDED_FOLLOWING ? m - 1 : peerEnd[p];
                    continue;
                }
                double v = val(key, r);
                fs[p] = switch (fr.startKind()) {
                    case UNBOUNDED_PRECEDING -> 0;
                    case CURRENT_ROW -> peerStart[p];
                    case UNBOUNDED_FOLLOWING -> m;
                    case PRECEDING -> firstAtLeast(key, asc, asc ? v - so : v + so);
                    case FOLLOWING -> firstAtLeast(key, asc, asc ? v + so : v - so);
                };
                fe[p] = switch (fr.endKind()) {
                    case UNBOUNDED_FOLLOWING -> m - 1;
                    case CURRENT_ROW -> peerEnd[p];
                    case UNBOUNDED_PRECEDING -> -1;
                    case PRECEDING -> lastAtMost(key, asc, asc ? v - eo : v + eo);
                    case FOLLOWING -> lastAtMost(key, asc, asc ? v + eo : v - eo);
                };
            }
        }

        private double val(ColumnStore key, int r) {
            return key.type.physical() == PhysicalType.DOUBLE ? key.getDouble(r) : key.getLong(r);
        }

        /** First position whose key is at/after {@code bound} in sort direction (NULL keys are skipped). */
        private int firstAtLeast(ColumnStore key, boolean asc, double bound) {
            int lo = 0, hi = m;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                int r = row(mid);
                boolean before =
                        key.isNull(r) ? order.nullsFirst[np] : (asc ? val(key, r) < bound : val(key, r) > bound);
                if (before) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        private int lastAtMost(ColumnStore key, boolean asc, double bound) {
            int lo = 0, hi = m;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                int r = row(mid);
                boolean upTo =
                        key.isNull(r) ? order.nullsFirst[np] : (asc ? val(key, r) <= bound : val(key, r) >= bound);
                if (upTo) lo = mid + 1;
                else hi = mid;
            }
            return lo - 1;
        }

        /**
         * count(*) counts every row; array_agg keeps NULL values as NULL elements, and min_by/max_by a NULL x
         * as their value (as in GROUP BY: those accumulators skip what they must themselves).
         */
        private static boolean keepsNulls(AggFn fn) {
            return fn == AggFn.COUNT_STAR || fn == AggFn.ARRAY_AGG || fn == AggFn.MIN_BY || fn == AggFn.MAX_BY;
        }

        private boolean present(ColumnStore a0, ColumnStore filter, int r, boolean star) {
            if (filter != null && (filter.isNull(r) || filter.getLong(r) == 0)) return false;
            return star || !a0.isNull(r);
        }

        void aggregate() {
            AggCall agg = call.aggregate();
            int[] fs = new int[m], fe = new int[m];
            frames(fs, fe);
            ColumnStore a0 = aggArg0[f] >= 0 ? rows.cols[width + aggArg0[f]] : null;
            ColumnStore a1 = aggArg1[f] >= 0 ? rows.cols[width + aggArg1[f]] : null;
            ColumnStore filter = aggFilter[f] >= 0 ? rows.cols[width + aggFilter[f]] : null;
            boolean star = agg.fn() == AggFn.COUNT_STAR;
            if (!agg.distinct()) {
                // SUM/AVG of a DECIMAL are 128-bit sums: the aggregate's own accumulator, frame by frame
                boolean decimalSum =
                        (agg.fn() == AggFn.SUM || agg.fn() == AggFn.AVG) && res.type instanceof DecimalType;
                switch (agg.fn()) {
                    case COUNT_STAR, COUNT, SUM, TOTAL, AVG -> {
                        if (!decimalSum) {
                            prefixSums(agg, fs, fe, a0, filter, star);
                            return;
                        }
                    }
                    case MIN, MAX -> {
                        slidingExtreme(agg.fn() == AggFn.MAX, fs, fe, a0, filter);
                        return;
                    }
                    default -> {}
                }
            }
            generic(agg, fs, fe, a0, a1, filter);
        }

        /**
         * COUNT by prefix counts (exact integers), BIGINT SUM by prefix sums (exact, overflow-checked),
         * DOUBLE SUM/AVG/TOTAL by one {@link ExactSum} that slides with the frame: rows entering are
         * added, rows leaving removed, exactly, so a frame's sum has the same bits as the aggregate
         * over the frame's rows (prefix-sum differences would cancel). Frames that move backwards
         * restart the sum.
         */
        private void prefixSums(AggCall agg, int[] fs, int[] fe, ColumnStore a0, ColumnStore filter, boolean star) {
            long[] cnt = new long[m + 1];
            boolean exactLong =
                    a0 != null && a0.type.physical() == PhysicalType.LONG && res.type.physical() == PhysicalType.LONG;
            long[] lsum = exactLong ? new long[m + 1] : null;
            for (int p = 0; p < m; p++) {
                int r = row(p);
                boolean in = present(a0, filter, r, star);
                cnt[p + 1] = cnt[p] + (in ? 1 : 0);
                if (!exactLong || star) continue;
                long x = lsum[p], y = in ? a0.getLong(r) : 0, sum = x + y;
                if (((x ^ sum) & (y ^ sum)) < 0)
                    throw new NablaException(ErrorCode.NUMERIC_OVERFLOW, "integer overflow");
                lsum[p + 1] = sum;
            }
            boolean sliding =
                    !exactLong && a0 != null && !star && agg.fn() != AggFn.COUNT && agg.fn() != AggFn.COUNT_STAR;
            ExactSum frame = sliding ? new ExactSum() : null;
            int cs = 0, ce = -1; // rows [cs, ce] are in frame
            for (int p = 0; p < m; p++) {
                int r = row(p);
                int s = fs[p], e = fe[p];
                long c = s > e ? 0 : cnt[e + 1] - cnt[s];
                double dsum = 0;
                if (sliding && s <= e) {
                    if (s < cs || e < ce || s > ce) {
                        frame.clear();
                        cs = s;
                        ce = s - 1;
                    }
                    for (; cs < s; cs++) if (present(a0, filter, row(cs), false)) frame.remove(val(a0, row(cs)));
                    for (; ce < e; ce++) if (present(a0, filter, row(ce + 1), false)) frame.add(val(a0, row(ce + 1)));
                    dsum = frame.round();
                }
                switch (agg.fn()) {
                    case COUNT_STAR, COUNT -> res.setLong(r, c);
                    case TOTAL -> res.setDouble(r, c == 0 ? 0.0 : exactLong ? (double) (lsum[e + 1] - lsum[s]) : dsum);
                    case SUM -> {
                        if (c == 0) res.setNull(r);
                        else if (res.type instanceof DecimalType rt)
                            res.setLong(r, Decimals.checked(lsum[e + 1] - lsum[s], rt));
                        else if (exactLong) res.setLong(r, lsum[e + 1] - lsum[s]);
                        else res.setDouble(r, dsum);
                    }
                    default -> {
                        if (c == 0) res.setNull(r);
                        // AVG of a DECIMAL: the exact frame sum divided once, rounded to the result's scale
                        else if (res.type instanceof DecimalType rt && a0.type instanceof DecimalType at)
                            res.setLong(r, Decimals.divide(lsum[e + 1] - lsum[s], at.scale(), c, 0, rt));
                        else res.setDouble(r, (exactLong ? (double) (lsum[e + 1] - lsum[s]) : dsum) / c);
                    }
                }
            }
        }

        /** MIN/MAX over frames whose bounds never move backwards: a monotonic deque of candidate positions. */
        private void slidingExtreme(boolean max, int[] fs, int[] fe, ColumnStore a0, ColumnStore filter) {
            ArrayDeque<Integer> dq = new ArrayDeque<>();
            int added = 0;
            for (int p = 0; p < m; p++) {
                int s = fs[p], e = fe[p];
                if (p > 0 && (s < fs[p - 1] || e < fe[p - 1])) {
                    dq.clear();
                    added = s;
                }
                if (added < s) added = s;
                while (added <= e) {
                    int r = row(added);
                    if (present(a0, filter, r, false)) {
                        while (!dq.isEmpty() && worse(a0, row(dq.peekLast()), r, max)) dq.pollLast();
                        dq.addLast(added);
                    }
                    added++;
                }
                while (!dq.isEmpty() && dq.peekFirst() < s) dq.pollFirst();
                if (s > e || dq.isEmpty()) res.setNull(row(p));
                else set(p, a0, row(dq.peekFirst()));
            }
        }

        /** Whether the value at row a can never be the extreme once row b (later) is in the frame. */
        private boolean worse(ColumnStore c, int a, int b, boolean max) {
            int cmp = switch (c.type.physical()) {
                case LONG -> Long.compare(c.getLong(a), c.getLong(b));
                case DOUBLE -> Double.compare(c.getDouble(a), c.getDouble(b));
                case STRING -> c.getString(a).compareTo(c.getString(b));
                case INT128 -> c.compare128(a, b);
                case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(c.type);
            };
            return max ? cmp <= 0 : cmp >= 0;
        }

        /** Other aggregates: incremental for cumulative frames, otherwise recomputed per row. */
        private void generic(AggCall agg, int[] fs, int[] fe, ColumnStore a0, ColumnStore a1, ColumnStore filter) {
            Vec v0 = a0 == null ? null : new Vec(a0.type), v1 = a1 == null ? null : new Vec(a1.type);
            int total = rows.size();
            if (v0 != null) a0.loadInto(v0, 0, total);
            if (v1 != null) a1.loadInto(v1, 0, total);
            ColumnStore tmp = new ColumnStore(res.type, m);
            boolean cumulative = !agg.distinct();
            for (int p = 1; p < m && cumulative; p++) cumulative = fs[p] == fs[0] && fe[p] >= fe[p - 1];
            Accumulator acc = Accumulator.create(agg, a0 == null ? null : a0.type);
            if (cumulative) {
                acc.grow(1);
                int added = fs.length > 0 ? fs[0] : 0;
                for (int p = 0; p < m; p++) {
                    // one partition can be the whole input: check within it, not only between partitions
                    if ((p & 1023) == 0) st.ctx.checkCancelled();
                    boolean grew = p == 0;
                    while (added <= fe[p]) {
                        int r = row(added++);
                        grew = true;
                        if (present(a0, filter, r, keepsNulls(agg.fn()))) acc.add(0, v0, v1, r);
                    }
                    // peers and OVER () share a frame: its result (a variance is a division of big integers) is
                    // computed once
                    if (grew) acc.result(0, tmp);
                    else tmp.appendFrom(tmp, p - 1);
                    set(p, tmp, p);
                }
                return;
            }
            acc.grow(m);
            for (int p = 0; p < m; p++) {
                // a frame per row costs up to the partition's size: check every 64 rows
                if ((p & 63) == 0) st.ctx.checkCancelled();
                HashSet<Object> seen = agg.distinct() ? new HashSet<>() : null;
                for (int q = fs[p]; q <= fe[p]; q++) {
                    int r = row(q);
                    if (!present(a0, filter, r, keepsNulls(agg.fn()))) continue;
                    if (seen != null && !seen.add(a0.get(r))) continue;
                    acc.add(p, v0, v1, r);
                }
                acc.result(p, tmp);
                set(p, tmp, p);
            }
        }
    }
}
