package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.GroupHashTable;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import java.util.BitSet;
import java.util.List;

/**
 * DISTINCT and the set operations, all hash-based with NULLs comparing equal. Inputs map to the
 * output positionally. Distinct rows stream out at their first occurrence; INTERSECT/EXCEPT build a
 * table (with multiplicities for ALL) over the right input and stream the left one.
 */
final class SetOpNode extends PhysicalNode {
    enum Mode {
        DISTINCT,
        UNION_ALL,
        UNION,
        INTERSECT,
        INTERSECT_ALL,
        EXCEPT,
        EXCEPT_ALL
    }

    final PhysicalNode left, right;
    final Mode mode;

    SetOpNode(PhysicalNode input, PhysicalNode unused, Mode mode) {
        this(input.types, input, null, mode);
    }

    SetOpNode(List<DataType> types, PhysicalNode left, PhysicalNode right, Mode mode) {
        super(types);
        this.left = left;
        this.right = right;
        this.mode = mode;
    }

    static Vec[] vecs(List<DataType> types) {
        Vec[] v = new Vec[types.size()];
        for (int i = 0; i < v.length; i++) v[i] = new Vec(types.get(i));
        return v;
    }

    static void load(Vec[] v, Batch b) {
        for (int c = 0; c < v.length; c++) v[c].load(b.columns[c], b.count);
    }

    /** Passes through rows whose key is new to {@code table} (first occurrence only). */
    static final class DistinctSink implements Downstream {
        final GroupHashTable table;
        final Vec[] vecs;
        final Downstream out;
        /** Where the table's growth is reserved; null when the caller accounts for it. */
        final MemoryLease mem;

        int[] ids = new int[Batch.CAPACITY], sel = new int[Batch.CAPACITY];

        DistinctSink(List<DataType> types, GroupHashTable table, Downstream out) {
            this(types, table, out, null);
        }

        DistinctSink(List<DataType> types, GroupHashTable table, Downstream out, MemoryLease mem) {
            this.table = table;
            this.vecs = vecs(types);
            this.out = out;
            this.mem = mem;
        }

        @Override
        public boolean accept(Batch in) {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return true;
            if (ids.length < n) {
                ids = new int[n];
                sel = new int[n];
            }
            load(vecs, b);
            int next = table.size();
            table.findOrInsert(vecs, n, ids);
            if (mem != null) mem.growTo(table.heldBytes());
            int k = 0;
            for (int i = 0; i < n; i++)
                if (ids[i] == next) {
                    sel[k++] = i;
                    next++;
                }
            if (k == 0) return true;
            return out.accept(k == n ? b : Batches.select(b, sel, k));
        }
    }

    @Override
    public java.util.List<? extends Explained> explainInputs() {
        return right == null ? java.util.List.of(left) : java.util.List.of(left, right);
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        switch (mode) {
            case UNION_ALL -> {
                return left.execute(st, out) && right.execute(st, out);
            }
            case DISTINCT, UNION -> {
                try (MemoryLease mem = st.lease(mode == Mode.DISTINCT ? "DISTINCT" : "UNION")) {
                    DistinctSink sink = new DistinctSink(types, new GroupHashTable(types), out, mem);
                    boolean more = left.execute(st, sink);
                    if (more && right != null) more = right.execute(st, sink);
                    return more;
                }
            }
            default -> {
                try (MemoryLease mem = st.lease(mode.name().replace('_', ' '));
                        MemoryLease seen = st.lease("EXCEPT")) {
                    return intersectExcept(st, out, mem, seen);
                }
            }
        }
    }

    private boolean intersectExcept(ExecState st, Downstream out, MemoryLease mem, MemoryLease seen) {
        GroupHashTable rightRows = new GroupHashTable(types);
        long[][] counts = {new long[64]};
        Vec[] rv = vecs(types);
        int[][] buf = {new int[Batch.CAPACITY]};
        right.execute(st, in -> {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (buf[0].length < n) buf[0] = new int[n];
            load(rv, b);
            rightRows.findOrInsert(rv, n, buf[0]);
            if (counts[0].length < rightRows.size())
                counts[0] = java.util.Arrays.copyOf(counts[0], Math.max(rightRows.size(), counts[0].length * 2));
            for (int i = 0; i < n; i++) counts[0][buf[0][i]]++;
            mem.growTo(rightRows.heldBytes() + 8L * counts[0].length);
            return true;
        });
        long[] count = counts[0];
        BitSet emitted = new BitSet();
        Vec[] lv = vecs(types);
        Downstream target = out;
        if (mode == Mode.EXCEPT) target = new DistinctSink(types, new GroupHashTable(types), out, seen);
        Downstream sink = target;
        return left.execute(st, in -> {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return true;
            int[] ids = new int[n], sel = new int[n];
            load(lv, b);
            rightRows.find(lv, n, ids);
            int k = 0;
            for (int i = 0; i < n; i++) {
                int r = ids[i];
                boolean keep = switch (mode) {
                    case INTERSECT -> r >= 0 && !emitted.get(r) && mark(emitted, r);
                    case INTERSECT_ALL -> r >= 0 && count[r] > 0 && count[r]-- > 0;
                    case EXCEPT_ALL -> !(r >= 0 && count[r] > 0 && count[r]-- > 0);
                    default -> r < 0;
                };
                if (keep) sel[k++] = i;
            }
            if (k == 0) return true;
            return sink.accept(k == n ? b : Batches.select(b, sel, k));
        });
    }

    private static boolean mark(BitSet set, int i) {
        set.set(i);
        return true;
    }
}
