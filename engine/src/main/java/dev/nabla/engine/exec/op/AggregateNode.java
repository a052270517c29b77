package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
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
        List<DataType> keyTypes = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) keyTypes.add(program.rootType(k));
        GroupHashTable table = keyCount == 0 ? null : new GroupHashTable(keyTypes);
        int na = aggs.size();
        Accumulator[] accs = new Accumulator[na];
        GroupHashTable[] distinct = new GroupHashTable[na];
        for (int a = 0; a < na; a++) {
            AggCall call = aggs.get(a);
            DataType argType = roots[a][0] >= 0 ? program.rootType(roots[a][0]) : null;
            if (call.fn().orderedSet()) {
                double fraction = call.args().size() > 1
                                && call.args().get(1) instanceof Literal l
                                && l.value() instanceof Number v
                        ? v.doubleValue()
                        : 0;
                SortKey k = call.orderBy().get(0);
                accs[a] = new Accumulator.OrderedSet(call.fn(), fraction, argType, k.ascending(), k.nullsFirst());
            } else if (call.orderBy().isEmpty()) {
                accs[a] = Accumulator.create(call, argType);
            } else {
                int nk = call.orderBy().size();
                DataType[] keyTypes2 = new DataType[nk];
                boolean[] asc = new boolean[nk], nullsFirst = new boolean[nk];
                for (int k = 0; k < nk; k++) {
                    keyTypes2[k] = program.rootType(roots[a][3 + k]);
                    asc[k] = call.orderBy().get(k).ascending();
                    nullsFirst[k] = call.orderBy().get(k).nullsFirst();
                }
                accs[a] = call.fn() == dev.nabla.plan.expr.AggFn.ARRAY_AGG
                        ? new Accumulator.OrderedArrayAgg(keyTypes2, asc, nullsFirst)
                        : new Accumulator.OrderedStringAgg(keyTypes2, asc, nullsFirst);
            }
            if (call.distinct() && argType != null) distinct[a] = new GroupHashTable(List.of(DataType.BIGINT, argType));
            if (table == null) accs[a].grow(1);
        }
        int[][] bufs = {
            new int[Batch.CAPACITY], new int[Batch.CAPACITY], new int[Batch.CAPACITY], new int[Batch.CAPACITY]
        };
        java.util.BitSet[] counted = new java.util.BitSet[na];
        for (int a = 0; a < na; a++) counted[a] = new java.util.BitSet();
        Vec[] keys = new Vec[keyCount];
        Vec gidVec = new Vec(DataType.BIGINT);
        try (MemoryLease mem = st.lease(keyCount == 0 ? "aggregate" : "hash aggregate")) {
            return aggregate(st, out, mem, ev, table, accs, distinct, bufs, counted, keys, gidVec);
        }
    }

    private boolean aggregate(
            ExecState st,
            Downstream out,
            MemoryLease mem,
            Evaluator ev,
            GroupHashTable table,
            Accumulator[] accs,
            GroupHashTable[] distinct,
            int[][] bufs,
            java.util.BitSet[] counted,
            Vec[] keys,
            Vec gidVec) {
        int na = accs.length;
        input.execute(st, in -> {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return true;
            if (bufs[0].length < n) for (int i = 0; i < bufs.length; i++) bufs[i] = new int[n];
            int[] gids = bufs[0];
            ev.eval(b);
            if (table != null) {
                for (int k = 0; k < keyCount; k++) keys[k] = ev.result(k);
                table.findOrInsert(keys, n, gids);
                for (Accumulator acc : accs) acc.grow(table.size());
            } else {
                java.util.Arrays.fill(gids, 0, n, 0);
            }
            for (int a = 0; a < na; a++) {
                int[] g = gids;
                int[] r = roots[a];
                Vec arg0 = r[0] >= 0 ? ev.result(r[0]) : null;
                if (r[2] >= 0) {
                    g = bufs[1];
                    Vec f = ev.result(r[2]);
                    for (int i = 0; i < n; i++) g[i] = f.l[f.off + i] != 0 && !f.isNull(i) ? gids[i] : -1;
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
                Vec arg1 = r[1] >= 0 ? ev.result(r[1]) : null;
                if (accs[a] instanceof Accumulator.Ordered o) {
                    for (int k = 3; k < r.length; k++) o.keys[k - 3] = ev.result(r[k]);
                }
                if (table == null && g == gids) accs[a].updateAll(arg0, arg1, n, gids);
                else accs[a].update(g, arg0, arg1, n);
            }
            mem.growTo(heldBytes(table, accs, distinct));
            return true;
        });
        int groups = table == null ? 1 : table.size();
        RowStore result = new RowStore(types);
        for (int k = 0; k < keyCount; k++) {
            for (int g = 0; g < groups; g++) result.cols[k].appendFrom(table.keys().cols[k], g);
        }
        for (int a = 0; a < na; a++) {
            for (int g = 0; g < groups; g++) accs[a].result(g, result.cols[keyCount + a]);
        }
        result.addEmptyRows(groups);
        return Emit.slices(result, out, st);
    }

    /** The memory accountant's estimate, per batch: the groups' keys and slots, accumulators, DISTINCT tables. */
    private static long heldBytes(GroupHashTable table, Accumulator[] accs, GroupHashTable[] distinct) {
        long bytes = table == null ? 0 : table.heldBytes();
        for (Accumulator a : accs) bytes += a.heldBytes();
        for (GroupHashTable d : distinct) if (d != null) bytes += d.heldBytes();
        return bytes;
    }
}
