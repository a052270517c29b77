package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.SpillFile;
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
                try (MemoryLease mem = st.lease(mode == Mode.DISTINCT ? "DISTINCT" : "UNION");
                        SpillingDistinct sink = new SpillingDistinct(st, mem, out, 0)) {
                    boolean more = left.execute(st, sink);
                    if (more && right != null) more = right.execute(st, sink);
                    return more && sink.finish();
                }
            }
            default -> {
                try (MemoryLease mem = st.lease(mode.name().replace('_', ' '));
                        MemoryLease seen = st.lease("EXCEPT")) {
                    return intersectExcept(st, out, mem, seen, d -> right.execute(st, d), d -> left.execute(st, d), 0);
                }
            }
        }
    }

    /** A stream of rows: an input, or a partition file read back. */
    @FunctionalInterface
    private interface Rows {
        boolean feed(Downstream d);
    }

    /** Partitions a DISTINCT, UNION, INTERSECT or EXCEPT past memory_limit writes its rows to (4 bits of their hash). */
    static final int PARTITIONS = 16;
    /** Partitioning levels before a partition that still does not fit fails (53200). */
    static final int MAX_DEPTH = 4;

    /** The partition of each of n rows (by 4 bits of their hash at {@code depth}) into {@code part}. */
    private static void partitionOf(Vec[] vecs, int n, int depth, long[] hashes, int[] part) {
        GroupHashTable.hash(vecs, n, hashes);
        int shift = 60 - 4 * depth;
        for (int i = 0; i < n; i++) part[i] = (int) (hashes[i] >>> shift) & (PARTITIONS - 1);
    }

    /** Writes the rows of b marked by {@code keep} (all when null) to their partitions' files. */
    private void spill(MemoryLease mem, SpillFile[] files, Batch b, int[] part, boolean[] keep) {
        int n = b.count;
        int[][] sel = new int[PARTITIONS][];
        int[] count = new int[PARTITIONS];
        for (int i = 0; i < n; i++) {
            if (keep != null && !keep[i]) continue;
            int p = part[i];
            if (sel[p] == null) sel[p] = new int[n];
            sel[p][count[p]++] = i;
        }
        for (int p = 0; p < PARTITIONS; p++) {
            if (count[p] == 0) continue;
            if (files[p] == null) files[p] = mem.spillFile();
            files[p].write(count[p] == n ? b : Batches.select(b, sel[p], count[p]), types);
        }
    }

    private static void closeAll(SpillFile[] files) {
        if (files != null) for (SpillFile f : files) if (f != null) f.close();
    }

    /**
     * DISTINCT (and UNION): rows stream out at their first occurrence. Past memory_limit it stops taking
     * new rows: a row it holds is a duplicate, dropped as before; any other is written by its hash to one of
     * {@link #PARTITIONS} files, each made distinct afterwards by a sink of its own. Equal rows hash alike,
     * so each distinct row comes out once; only the order differs from the in-memory run's.
     */
    private final class SpillingDistinct implements Downstream, AutoCloseable {
        final ExecState st;
        final MemoryLease mem;
        final Downstream out;
        final int depth;
        final boolean spillable;
        GroupHashTable table = new GroupHashTable(types);
        final Vec[] vecs = vecs(types);
        int[] ids = new int[Batch.CAPACITY], sel = new int[Batch.CAPACITY], part = new int[Batch.CAPACITY];
        long[] hashes = new long[Batch.CAPACITY];
        boolean[] keep = new boolean[Batch.CAPACITY];
        /** Set when this sink stopped taking new rows. */
        SpillFile[] parts;

        SpillingDistinct(ExecState st, MemoryLease mem, Downstream out, int depth) {
            this.st = st;
            this.mem = mem;
            this.out = out;
            this.depth = depth;
            spillable = depth < MAX_DEPTH && mem.canSpill();
        }

        @Override
        public boolean accept(Batch in) {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return true;
            if (ids.length < n) {
                ids = new int[n];
                sel = new int[n];
                part = new int[n];
                hashes = new long[n];
                keep = new boolean[n];
            }
            load(vecs, b);
            if (parts == null && spillable && table.size() > 0) {
                // what n new rows would take, at the average so far; refused: stop taking new rows
                if (!mem.tryGrow(table.heldBytes() / table.size() * n, true)) parts = new SpillFile[PARTITIONS];
            }
            if (parts != null) {
                st.ctx.checkCancelled();
                table.find(vecs, n, ids);
                boolean any = false;
                for (int i = 0; i < n; i++) any |= keep[i] = ids[i] < 0;
                if (!any) return true;
                partitionOf(vecs, n, depth, hashes, part);
                spill(mem, parts, b, part, keep);
                return true;
            }
            int next = table.size();
            table.findOrInsert(vecs, n, ids);
            long held = table.heldBytes();
            // a batch that grew past the estimate (a resize): what is allocated stays unreserved, no more rows
            if (!spillable) mem.growTo(held);
            else if (held > mem.held() && !mem.tryGrow(held - mem.held(), true)) parts = new SpillFile[PARTITIONS];
            int k = 0;
            for (int i = 0; i < n; i++)
                if (ids[i] == next) {
                    sel[k++] = i;
                    next++;
                }
            if (k == 0) return true;
            return out.accept(k == n ? b : Batches.select(b, sel, k));
        }

        /** After the input: each partition's rows made distinct, one partition at a time. */
        boolean finish() {
            if (parts == null) return true;
            for (SpillFile f : parts) if (f != null) f.finish();
            table = null;
            mem.shrink(mem.held());
            for (int p = 0; p < PARTITIONS; p++) {
                SpillFile f = parts[p];
                if (f == null) continue;
                try (SpillingDistinct sub = new SpillingDistinct(st, mem, out, depth + 1);
                        SpillFile.Reader r = f.reader(types)) {
                    for (Batch b = r.next(); b != null; b = r.next()) {
                        st.ctx.checkCancelled();
                        if (!sub.accept(b)) return false;
                    }
                    if (!sub.finish()) return false;
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
            closeAll(parts);
        }
    }

    /**
     * INTERSECT / EXCEPT (ALL): the right input's rows are counted in a hash table, the left input streams
     * past it. Past memory_limit both inputs are written by their hash to {@link #PARTITIONS} files (the
     * right rows held so far from the table, each as often as it was counted) and each pair of partitions
     * is intersected or subtracted in turn: equal rows hash alike, so a partition's answer is the answer for
     * its rows, and multiplicities are kept.
     */
    private boolean intersectExcept(
            ExecState st,
            Downstream out,
            MemoryLease mem,
            MemoryLease seen,
            Rows rightRows0,
            Rows leftRows,
            int depth) {
        GroupHashTable[] table = {new GroupHashTable(types)};
        long[][] counts = {new long[64]};
        Vec[] rv = vecs(types);
        int[][] buf = {new int[Batch.CAPACITY], new int[Batch.CAPACITY]};
        long[][] hashes = {new long[Batch.CAPACITY]};
        boolean spillable = depth < MAX_DEPTH && mem.canSpill();
        SpillFile[][] rightParts = {null};
        SpillFile[] leftParts = new SpillFile[PARTITIONS];
        try {
            rightRows0.feed(in -> {
                Batch b = Batches.dense(in);
                int n = b.count;
                if (n == 0) return true;
                if (buf[0].length < n) {
                    buf[0] = new int[n];
                    buf[1] = new int[n];
                    hashes[0] = new long[n];
                }
                load(rv, b);
                if (rightParts[0] != null) {
                    st.ctx.checkCancelled();
                    partitionOf(rv, n, depth, hashes[0], buf[1]);
                    spill(mem, rightParts[0], b, buf[1], null);
                    return true;
                }
                GroupHashTable rightRows = table[0];
                rightRows.findOrInsert(rv, n, buf[0]);
                if (counts[0].length < rightRows.size())
                    counts[0] = java.util.Arrays.copyOf(counts[0], Math.max(rightRows.size(), counts[0].length * 2));
                for (int i = 0; i < n; i++) counts[0][buf[0][i]]++;
                long held = rightRows.heldBytes() + 8L * counts[0].length;
                if (!spillable) mem.growTo(held);
                else if (held > mem.held() && !mem.tryGrow(held - mem.held(), true)) {
                    // past the limit: the rows counted so far go to disk, as often as counted, and then the rest
                    rightParts[0] = new SpillFile[PARTITIONS];
                    spillCounted(st, mem, rightRows, counts[0], rightParts[0], depth);
                    table[0] = null;
                    counts[0] = null;
                    mem.shrink(mem.held());
                }
                return true;
            });
            if (rightParts[0] != null) {
                for (SpillFile f : rightParts[0]) if (f != null) f.finish();
                Vec[] lv = vecs(types);
                leftRows.feed(in -> {
                    st.ctx.checkCancelled();
                    Batch b = Batches.dense(in);
                    int n = b.count;
                    if (n == 0) return true;
                    if (buf[1].length < n) {
                        buf[1] = new int[n];
                        hashes[0] = new long[n];
                    }
                    load(lv, b);
                    partitionOf(lv, n, depth, hashes[0], buf[1]);
                    spill(mem, leftParts, b, buf[1], null);
                    return true;
                });
                for (SpillFile f : leftParts) if (f != null) f.finish();
                for (int p = 0; p < PARTITIONS; p++) {
                    SpillFile rf = rightParts[0][p], lf = leftParts[p];
                    try {
                        // no left rows: nothing comes out; no right rows: all of them for EXCEPT, none for INTERSECT
                        if (lf == null) continue;
                        if (rf == null && (mode == Mode.INTERSECT || mode == Mode.INTERSECT_ALL)) continue;
                        if (!intersectExcept(
                                st, out, mem, seen, d -> readAll(st, rf, d), d -> readAll(st, lf, d), depth + 1))
                            return false;
                    } finally {
                        if (rf != null) rf.close();
                        if (lf != null) lf.close();
                        rightParts[0][p] = null;
                        leftParts[p] = null;
                        mem.shrink(mem.held());
                        seen.shrink(seen.held());
                    }
                }
                return true;
            }
        } finally {
            closeAll(rightParts[0]);
            closeAll(leftParts);
        }
        GroupHashTable rightRows = table[0];
        long[] count = counts[0];
        BitSet emitted = new BitSet();
        Vec[] lv = vecs(types);
        Downstream target = out;
        if (mode == Mode.EXCEPT) target = new DistinctSink(types, new GroupHashTable(types), out, seen);
        Downstream sink = target;
        return leftRows.feed(in -> {
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

    /** The distinct rows a table holds, each written {@code counts[id]} times, to their partitions. */
    private void spillCounted(
            ExecState st, MemoryLease mem, GroupHashTable table, long[] counts, SpillFile[] files, int depth) {
        int size = table.size();
        int[] rows = new int[Batch.CAPACITY];
        int[] part = new int[Batch.CAPACITY];
        long[] hashes = new long[Batch.CAPACITY];
        Vec[] v = vecs(types);
        int k = 0;
        for (int g = 0; g < size; g++) {
            for (long c = counts[g]; c > 0; c--) {
                rows[k++] = g;
                if (k == Batch.CAPACITY || (g == size - 1 && c == 1)) {
                    st.ctx.checkCancelled();
                    dev.nabla.storage.ColumnVector[] cols = new dev.nabla.storage.ColumnVector[types.size()];
                    for (int col = 0; col < cols.length; col++)
                        cols[col] = table.keys().cols[col].gather(rows, 0, k);
                    Batch b = new Batch(cols, k);
                    load(v, b);
                    partitionOf(v, k, depth, hashes, part);
                    spill(mem, files, b, part, null);
                    k = 0;
                }
            }
        }
    }

    /** Feeds a partition file's rows to d (none when the partition has no file). */
    private boolean readAll(ExecState st, SpillFile f, Downstream d) {
        if (f == null) return true;
        try (SpillFile.Reader r = f.reader(types)) {
            for (Batch b = r.next(); b != null; b = r.next()) {
                st.ctx.checkCancelled();
                if (!d.accept(b)) return false;
            }
        }
        return true;
    }

    private static boolean mark(BitSet set, int i) {
        set.set(i);
        return true;
    }
}
