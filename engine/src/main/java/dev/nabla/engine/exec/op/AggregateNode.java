package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.SpillFile;
import dev.nabla.engine.exec.expr.Evaluator;
import dev.nabla.engine.exec.expr.ExprProgram;
import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.GroupHashTable;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Hash aggregation. One program computes all group keys, aggregate arguments and FILTER predicates
 * of a batch (sharing common subexpressions); a {@link GroupHashTable} maps key tuples to group ids;
 * each aggregate folds the batch into its per-group arrays. Without keys there is exactly one group,
 * so empty input still yields one row.
 */
final class AggregateNode extends PhysicalNode {
    final PhysicalNode input;
    final ExprProgram program;
    final int keyCount;
    final List<AggCall> aggs;
    /** Per aggregate: root index of arg 0, arg 1, filter (-1 when absent), then of each ORDER BY key. */
    final int[][] roots;

    AggregateNode(
            List<DataType> types,
            PhysicalNode input,
            ExprProgram program,
            int keyCount,
            List<AggCall> aggs,
            int[][] roots) {
        super(types);
        this.input = input;
        this.program = program;
        this.keyCount = keyCount;
        this.aggs = aggs;
        this.roots = roots;
    }

    @Override
    public java.util.List<? extends Explained> explainInputs() {
        return java.util.List.of(input);
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        Evaluator ev = program.newEvaluator(st);
        try (MemoryLease mem = st.lease(keyCount == 0 ? "aggregate" : "hash aggregate");
                Pass pass = new Pass(st, mem, 0)) {
            int nr = program.rootCount();
            Vec[] res = new Vec[nr];
            input.execute(st, in -> {
                Batch b = Batches.dense(in);
                if (b.count == 0) return true;
                ev.eval(b);
                for (int i = 0; i < nr; i++) res[i] = ev.result(i);
                pass.add(res, b.count);
                return true;
            });
            return pass.finish(out);
        }
    }

    /** Partitions a pass past memory_limit writes its new groups' rows to (by 4 bits of the key hash). */
    static final int PARTITIONS = 16;
    /** Partitioning rounds before a partition that still does not fit fails as an operator without spilling. */
    static final int MAX_DEPTH = 4;

    /**
     * One aggregation over a stream of evaluated rows (the program's roots): the input, or one spilled
     * partition. Past memory_limit it stops taking new groups: rows of the groups it has go on being
     * folded in memory, rows of other groups are written, by their key hash, to {@link #PARTITIONS} spill
     * files, each aggregated by a pass of its own afterwards. Every group is then folded by one pass, in
     * input order, so its values are those of the in-memory aggregation; the groups come out pass by pass.
     */
    private final class Pass implements AutoCloseable {
        final ExecState st;
        final MemoryLease mem;
        final int depth;
        // released (null) once a spilling pass's groups are written out
        GroupHashTable table;
        Accumulator[] accs;
        GroupHashTable[] distinct;
        java.util.BitSet[] counted;
        final int[][] bufs = {
            new int[Batch.CAPACITY], new int[Batch.CAPACITY], new int[Batch.CAPACITY], new int[Batch.CAPACITY]
        };
        final Vec[] keys = new Vec[keyCount];
        final Vec gidVec = new Vec(DataType.BIGINT);
        final boolean spillable;
        /** Set when this pass stopped taking new groups; then the partitions' files. */
        SpillFile[] parts;

        long[] hashes = new long[Batch.CAPACITY];
        /** What this pass allocated past its reservation in the batch that made it start spilling. */
        long unreserved;

        Pass(ExecState st, MemoryLease mem, int depth) {
            this.st = st;
            this.mem = mem;
            this.depth = depth;
            List<DataType> keyTypes = new ArrayList<>();
            for (int k = 0; k < keyCount; k++) keyTypes.add(program.rootType(k));
            table = keyCount == 0 ? null : new GroupHashTable(keyTypes);
            int na = aggs.size();
            accs = new Accumulator[na];
            distinct = new GroupHashTable[na];
            counted = new java.util.BitSet[na];
            for (int a = 0; a < na; a++) {
                accs[a] = accumulator(a);
                AggCall call = aggs.get(a);
                DataType argType = roots[a][0] >= 0 ? program.rootType(roots[a][0]) : null;
                if (call.distinct() && argType != null)
                    distinct[a] = new GroupHashTable(List.of(DataType.BIGINT, argType));
                if (table == null) accs[a].grow(1);
                counted[a] = new java.util.BitSet();
            }
            spillable = table != null && depth < MAX_DEPTH && mem.canSpill();
        }

        /** Folds n evaluated rows in. */
        void add(Vec[] res, int n) {
            int na = accs.length;
            if (bufs[0].length < n) for (int i = 0; i < bufs.length; i++) bufs[i] = new int[n];
            int[] gids = bufs[0];
            if (table != null) {
                for (int k = 0; k < keyCount; k++) keys[k] = res[k];
                if (parts == null && spillable && table.size() > 0) {
                    // what n new groups would take, at the groups' average so far; refused: stop taking groups
                    long perGroup = heldBytes(table, accs, distinct) / table.size();
                    if (!mem.tryGrow(perGroup * n, true)) startSpilling();
                }
                if (parts == null) table.findOrInsert(keys, n, gids);
                else {
                    table.find(keys, n, gids);
                    spillNewGroups(res, n, gids);
                }
                for (Accumulator acc : accs) acc.grow(table.size());
            } else {
                java.util.Arrays.fill(gids, 0, n, 0);
            }
            for (int a = 0; a < na; a++) {
                int[] g = gids;
                int[] r = roots[a];
                Vec arg0 = r[0] >= 0 ? res[r[0]] : null;
                if (r[2] >= 0) {
                    g = bufs[1];
                    Vec f = res[r[2]];
                    for (int i = 0; i < n; i++)
                        g[i] = gids[i] >= 0 && f.l[f.off + i] != 0 && !f.isNull(i) ? gids[i] : -1;
                }
                if (distinct[a] != null) {
                    int[] src = g;
                    g = bufs[2];
                    gidVec.ensure(n);
                    gidVec.nulls = null;
                    for (int i = 0; i < n; i++) gidVec.l[i] = src[i];
                    int[] ids = bufs[3];
                    distinct[a].findOrInsert(new Vec[] {gidVec, arg0}, n, ids);
                    java.util.BitSet used = counted[a];
                    // a (group, value) pair counts only at its first occurrence
                    for (int i = 0; i < n; i++) {
                        if (src[i] < 0 || used.get(ids[i])) {
                            g[i] = -1;
                            continue;
                        }
                        used.set(ids[i]);
                        g[i] = src[i];
                    }
                }
                Vec arg1 = r[1] >= 0 ? res[r[1]] : null;
                if (accs[a] instanceof Accumulator.Ordered o) {
                    for (int k = 3; k < r.length; k++) o.keys[k - 3] = res[r[k]];
                }
                if (table == null && g == gids) accs[a].updateAll(arg0, arg1, n, gids);
                else accs[a].update(g, arg0, arg1, n);
            }
            long held = heldBytes(table, accs, distinct);
            if (parts == null && spillable) {
                // a batch that grew past the estimate (a hash table or key store resize): what is already
                // allocated stays unreserved, and the pass takes no more groups
                if (!mem.tryGrow(held - mem.held(), true)) {
                    unreserved = held - mem.held();
                    startSpilling();
                }
            } else mem.growTo(held - unreserved);
        }

        private void startSpilling() {
            parts = new SpillFile[PARTITIONS];
        }

        /** Writes the rows whose group this pass does not hold (gid -1) to their partitions. */
        private void spillNewGroups(Vec[] res, int n, int[] gids) {
            if (hashes.length < n) hashes = new long[n];
            GroupHashTable.hash(keys, n, hashes);
            int shift = 60 - 4 * depth;
            int[][] sel = new int[PARTITIONS][];
            int[] count = new int[PARTITIONS];
            for (int i = 0; i < n; i++) {
                if (gids[i] >= 0) continue;
                int p = (int) (hashes[i] >>> shift) & (PARTITIONS - 1);
                if (sel[p] == null) sel[p] = new int[n];
                sel[p][count[p]++] = i;
            }
            ColumnVector[] all = null;
            for (int p = 0; p < PARTITIONS; p++) {
                if (count[p] == 0) continue;
                if (all == null) {
                    all = new ColumnVector[res.length];
                    for (int c = 0; c < res.length; c++) all[c] = res[c].toColumnVector(n);
                }
                ColumnVector[] cols = new ColumnVector[res.length];
                for (int c = 0; c < res.length; c++) cols[c] = Batches.gather(all[c], sel[p], count[p]);
                if (parts[p] == null) parts[p] = mem.spillFile();
                parts[p].write(new Batch(cols, count[p]), rootTypes());
            }
        }

        /** Emits this pass's groups, then aggregates each partition in a pass of its own. */
        boolean finish(Downstream out) {
            int groups = table == null ? 1 : table.size();
            RowStore result = new RowStore(types);
            for (int k = 0; k < keyCount; k++) {
                for (int g = 0; g < groups; g++) result.cols[k].appendFrom(table.keys().cols[k], g);
            }
            for (int a = 0; a < accs.length; a++) {
                for (int g = 0; g < groups; g++) accs[a].result(g, result.cols[keyCount + a]);
            }
            result.addEmptyRows(groups);
            if (parts == null && depth == 0) return Emit.slices(result, out, st);
            // a spilling aggregate gives its memory back before its groups go on, so that the operator above
            // (a sort, often) has the budget: the groups go through a spill file of their own
            table = null;
            accs = null;
            distinct = null;
            counted = null;
            try (SpillFile groupsOut = mem.spillFile()) {
                for (int from = 0; from < groups; from += Batch.CAPACITY) {
                    st.ctx.checkCancelled();
                    groupsOut.write(result.slice(from, Math.min(Batch.CAPACITY, groups - from)), types);
                }
                result = null;
                groupsOut.finish();
                mem.shrink(mem.held());
                unreserved = 0;
                try (SpillFile.Reader r = groupsOut.reader(types)) {
                    for (Batch b = r.next(); b != null; b = r.next()) {
                        st.ctx.checkCancelled();
                        if (!out.accept(b)) return false;
                    }
                }
            }
            if (parts == null) return true;
            for (SpillFile f : parts) if (f != null) f.finish();
            // this pass's groups are out: what it held goes back before the partitions are read
            mem.shrink(mem.held());
            List<DataType> rt = rootTypes();
            for (int p = 0; p < PARTITIONS; p++) {
                SpillFile f = parts[p];
                if (f == null) continue;
                try (Pass sub = new Pass(st, mem, depth + 1);
                        SpillFile.Reader r = f.reader(rt)) {
                    Vec[] res = new Vec[rt.size()];
                    for (int c = 0; c < res.length; c++) res[c] = new Vec(rt.get(c));
                    for (Batch b = r.next(); b != null; b = r.next()) {
                        st.ctx.checkCancelled();
                        for (int c = 0; c < res.length; c++) res[c].load(b.columns[c], b.count);
                        sub.add(res, b.count);
                    }
                    if (!sub.finish(out)) return false;
                } finally {
                    f.close();
                    parts[p] = null;
                    mem.shrink(mem.held());
                }
            }
            return true;
        }

        @Override
        public void close() {
            if (parts != null) for (SpillFile f : parts) if (f != null) f.close();
        }
    }

    private List<DataType> rootTypes() {
        List<DataType> t = new ArrayList<>(program.rootCount());
        for (int i = 0; i < program.rootCount(); i++) t.add(program.rootType(i));
        return t;
    }

    private Accumulator accumulator(int a) {
        AggCall call = aggs.get(a);
        DataType argType = roots[a][0] >= 0 ? program.rootType(roots[a][0]) : null;
        if (call.fn().orderedSet()) {
            double fraction =
                    call.args().size() > 1 && call.args().get(1) instanceof Literal l && l.value() instanceof Number v
                            ? v.doubleValue()
                            : 0;
            SortKey k = call.orderBy().get(0);
            return new Accumulator.OrderedSet(call.fn(), fraction, argType, k.ascending(), k.nullsFirst());
        }
        if (call.orderBy().isEmpty()) return Accumulator.create(call, argType);
        int nk = call.orderBy().size();
        DataType[] keyTypes2 = new DataType[nk];
        boolean[] asc = new boolean[nk], nullsFirst = new boolean[nk];
        for (int k = 0; k < nk; k++) {
            keyTypes2[k] = program.rootType(roots[a][3 + k]);
            asc[k] = call.orderBy().get(k).ascending();
            nullsFirst[k] = call.orderBy().get(k).nullsFirst();
        }
        return call.fn() == dev.nabla.plan.expr.AggFn.ARRAY_AGG
                ? new Accumulator.OrderedArrayAgg(argType, keyTypes2, asc, nullsFirst)
                : new Accumulator.OrderedStringAgg(keyTypes2, asc, nullsFirst);
    }

    /** The memory accountant's estimate, per batch: the groups' keys and slots, accumulators, DISTINCT tables. */
    private static long heldBytes(GroupHashTable table, Accumulator[] accs, GroupHashTable[] distinct) {
        long bytes = table == null ? 0 : table.heldBytes();
        for (Accumulator a : accs) bytes += a.heldBytes();
        for (GroupHashTable d : distinct) if (d != null) bytes += d.heldBytes();
        return bytes;
    }
}
