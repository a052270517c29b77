package dev.nabla.engine.exec.op;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.engine.exec.expr.Evaluator;
import dev.nabla.engine.exec.expr.ExprProgram;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/** Sources and streaming operators: scan, values, single row, filter, project, limit, working-table scan. */
final class SimpleNodes {
    private SimpleNodes() {}

    static final class Scan extends PhysicalNode {
        final ScannableSource source;
        final List<Integer> columns;
        final boolean withRowIds;
        final Expr pushedFilter;
        final List<Column> output;
        final ExprProgram filter;

        Scan(
                List<DataType> types,
                ScannableSource source,
                List<Integer> columns,
                boolean withRowIds,
                Expr pushedFilter,
                List<Column> output,
                ExprProgram filter) {
            super(types);
            this.source = source;
            this.columns = columns;
            this.withRowIds = withRowIds;
            this.pushedFilter = pushedFilter;
            this.output = output;
            this.filter = filter;
        }

        @Override
        public boolean execute(ExecState st, Downstream out) {
            Iterator<Batch> it = source.scan(columns, withRowIds, pushedFilter, output, st.ctx);
            Downstream target = filter == null ? out : new FilterSink(filter.newEvaluator(st), out);
            while (it.hasNext()) {
                st.ctx.checkCancelled();
                Batch b = Batches.dense(it.next());
                if (b.count == 0) continue;
                st.ctx.rowsScanned(b.count);
                if (!target.accept(b)) return false;
            }
            return true;
        }
    }

    /** Keeps rows whose predicate is TRUE; compacts them into a dense batch. */
    static final class FilterSink implements Downstream {
        final Evaluator ev;
        final Downstream out;
        int[] sel = new int[Batch.CAPACITY];

        FilterSink(Evaluator ev, Downstream out) {
            this.ev = ev;
            this.out = out;
        }

        @Override
        public boolean accept(Batch in) {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return true;
            ev.eval(b);
            if (sel.length < n) sel = new int[n];
            int k = ev.selectTrue(0, n, sel);
            if (k == 0) return true;
            if (k == n) return out.accept(b);
            return out.accept(Batches.select(b, sel, k));
        }
    }

    static final class Filter extends PhysicalNode {
        final PhysicalNode input;
        final ExprProgram predicate;

        Filter(PhysicalNode input, ExprProgram predicate) {
            super(input.types);
            this.input = input;
            this.predicate = predicate;
        }

        @Override
        public List<? extends Explained> explainInputs() {
            return List.of(input);
        }

        @Override
        public boolean execute(ExecState st, Downstream out) {
            return input.execute(st, new FilterSink(predicate.newEvaluator(st), out));
        }
    }

    static final class Project extends PhysicalNode {
        final PhysicalNode input;
        final ExprProgram exprs;

        Project(List<DataType> types, PhysicalNode input, ExprProgram exprs) {
            super(types);
            this.input = input;
            this.exprs = exprs;
        }

        @Override
        public List<? extends Explained> explainInputs() {
            return List.of(input);
        }

        @Override
        public boolean execute(ExecState st, Downstream out) {
            Evaluator ev = exprs.newEvaluator(st);
            int width = exprs.rootCount();
            return input.execute(st, in -> {
                Batch b = Batches.dense(in);
                if (b.count == 0) return true;
                ev.eval(b);
                ColumnVector[] cols = new ColumnVector[width];
                for (int i = 0; i < width; i++) cols[i] = ev.column(i, b);
                return out.accept(new Batch(cols, b.count));
            });
        }
    }

    static final class SingleRow extends PhysicalNode {
        SingleRow() {
            super(List.of());
        }

        @Override
        public boolean execute(ExecState st, Downstream out) {
            st.ctx.checkCancelled();
            return out.accept(new Batch(new ColumnVector[0], 1));
        }
    }

    /** VALUES: literal cells are converted once; other cells (parameters, expressions) are evaluated per run. */
    static final class Values extends PhysicalNode {
        final Object[][] literals;
        final ExprProgram[][] computed;

        Values(List<DataType> types, Object[][] literals, ExprProgram[][] computed) {
            super(types);
            this.literals = literals;
            this.computed = computed;
        }

        @Override
        public boolean execute(ExecState st, Downstream out) {
            st.ctx.checkCancelled();
            RowStore rows = new RowStore(types);
            Batch one = new Batch(new ColumnVector[0], 1);
            for (int r = 0; r < literals.length; r++) {
                for (int c = 0; c < types.size(); c++) {
                    Object v = literals[r][c];
                    if (computed[r][c] != null) {
                        Evaluator ev = computed[r][c].newEvaluator(st);
                        ev.eval(one);
                        v = ev.result(0).get(0);
                    }
                    rows.cols[c].appendValue(dev.nabla.engine.exec.expr.Casts.castValue(v, types.get(c)));
                }
                rows.addEmptyRows(1);
            }
            return Emit.slices(rows, out, st);
        }
    }

    static final class Limit extends PhysicalNode {
        final PhysicalNode input;
        final ExprProgram limit, offset;

        Limit(PhysicalNode input, ExprProgram limit, ExprProgram offset) {
            super(input.types);
            this.input = input;
            this.limit = limit;
            this.offset = offset;
        }

        static long constant(ExprProgram p, ExecState st, String what) {
            Evaluator ev = p.newEvaluator(st);
            ev.eval(new Batch(new ColumnVector[0], 1));
            Object v = ev.result(0).get(0);
            if (v == null) return -1;
            long n = ((Number) v).longValue();
            if (n < 0) throw new NablaException(ErrorCode.INVALID_ARGUMENT, what + " must not be negative");
            return n;
        }

        @Override
        public List<? extends Explained> explainInputs() {
            return List.of(input);
        }

        @Override
        public boolean execute(ExecState st, Downstream out) {
            long lim = limit == null ? -1 : constant(limit, st, "LIMIT");
            long off = offset == null ? 0 : Math.max(0, constant(offset, st, "OFFSET"));
            if (lim == 0) return true;
            long[] skip = {off};
            long[] left = {lim < 0 ? Long.MAX_VALUE : lim};
            input.execute(st, in -> {
                Batch b = Batches.dense(in);
                int n = b.count, from = 0;
                if (skip[0] > 0) {
                    int s = (int) Math.min(skip[0], n);
                    skip[0] -= s;
                    from = s;
                }
                int take = (int) Math.min(left[0], n - from);
                if (take <= 0) return left[0] > 0;
                left[0] -= take;
                boolean more;
                if (from == 0 && take == n) more = out.accept(b);
                else {
                    int[] sel = new int[take];
                    for (int i = 0; i < take; i++) sel[i] = from + i;
                    more = out.accept(Batches.select(b, sel, take));
                }
                return more && left[0] > 0;
            });
            return true;
        }
    }

    /**
     * {@code USING SAMPLE}: Bernoulli sampling (each row kept with probability p, streaming) for a percentage;
     * reservoir sampling (Vitter's algorithm R) for a row count. The reservoir keeps only rows that entered it
     * when they arrived (a row that is not chosen then never is): about k·(1 + ln(n/k)) rows are stored, not n.
     * The sample is emitted in input order. One {@link SplittableRandom} per execution, seeded by REPEATABLE or
     * freshly, so a seeded sample of the same input is the same rows every time.
     */
    static final class Sample extends PhysicalNode {
        final PhysicalNode input;
        final dev.nabla.plan.logical.Sample sample;

        Sample(PhysicalNode input, dev.nabla.plan.logical.Sample sample) {
            super(input.types);
            this.input = input;
            this.sample = sample;
        }

        @Override
        public List<? extends Explained> explainInputs() {
            return List.of(input);
        }

        @Override
        public boolean execute(ExecState st, Downstream out) {
            SplittableRandom rng = new SplittableRandom(
                    sample.seed() != null
                            ? sample.seed()
                            : java.util.concurrent.ThreadLocalRandom.current().nextLong());
            return sample.kind() == dev.nabla.plan.logical.Sample.Kind.PERCENT
                    ? bernoulli(st, out, rng, sample.size() / 100.0)
                    : reservoir(st, out, rng, (long) sample.size());
        }

        private boolean bernoulli(ExecState st, Downstream out, SplittableRandom rng, double p) {
            int[][] sel = {new int[Batch.CAPACITY]};
            return input.execute(st, in -> {
                Batch b = Batches.dense(in);
                int n = b.count;
                if (sel[0].length < n) sel[0] = new int[n];
                int[] s = sel[0];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    s[k] = i;
                    k += rng.nextDouble() < p ? 1 : 0;
                }
                if (k == 0) return true;
                return out.accept(k == n ? b : Batches.select(b, s, k));
            });
        }

        private boolean reservoir(ExecState st, Downstream out, SplittableRandom rng, long size) {
            if (size == 0) return true;
            try (dev.nabla.engine.exec.MemoryLease mem = st.lease("USING SAMPLE reservoir")) {
                return reservoir(st, out, rng, size, mem);
            }
        }

        private boolean reservoir(
                ExecState st, Downstream out, SplittableRandom rng, long size, dev.nabla.engine.exec.MemoryLease mem) {
            int k = (int) Math.min(size, Integer.MAX_VALUE - 8);
            RowStore kept = new RowStore(types);
            int[] slots = new int[Math.min(k, 1024)];
            long[] seen = {0};
            int[][] sel = {new int[Batch.CAPACITY]};
            int[][] slotRef = {slots};
            input.execute(st, in -> {
                Batch b = Batches.dense(in);
                int n = b.count;
                if (sel[0].length < n) sel[0] = new int[n];
                int[] s = sel[0];
                int base = kept.size(), m = 0;
                for (int i = 0; i < n; i++) {
                    long t = seen[0]++;
                    long j = t < k ? t : rng.nextLong(t + 1);
                    if (j >= k) continue;
                    if (j >= slotRef[0].length)
                        slotRef[0] = java.util.Arrays.copyOf(slotRef[0], (int)
                                Math.min(k, Math.max(j + 1, 2L * slotRef[0].length)));
                    slotRef[0][(int) j] = base + m;
                    s[m++] = i;
                }
                if (m > 0) {
                    Batch chosen = m == n ? b : Batches.select(b, s, m);
                    // the reservoir keeps every row that ever entered it, about k(1 + ln(n/k)) rows
                    mem.grow(Batches.storedBytes(chosen) + 4L * m);
                    kept.append(chosen);
                }
                return true;
            });
            int chosen = (int) Math.min(seen[0], k);
            int[] rows = java.util.Arrays.copyOf(slotRef[0], chosen);
            java.util.Arrays.sort(rows);
            for (int from = 0; from < chosen; from += Batch.CAPACITY) {
                if (!out.accept(kept.gather(rows, from, Math.min(Batch.CAPACITY, chosen - from)))) return false;
            }
            return true;
        }
    }

    /** Reads the working table (previous iteration's rows) of the enclosing recursive CTE. */
    static final class WorkingTableScan extends PhysicalNode {
        final int cteId;

        WorkingTableScan(List<DataType> types, int cteId) {
            super(types);
            this.cteId = cteId;
        }

        @Override
        public boolean execute(ExecState st, Downstream out) {
            RowStore rows = st.workingTables.get(cteId);
            if (rows == null)
                throw new NablaException(ErrorCode.INTERNAL, "working table of CTE #" + cteId + " is not available");
            st.ctx.rowsScanned(rows.size());
            return Emit.slices(rows, out, st);
        }
    }
}
