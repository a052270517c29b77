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
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Joins. The right input is materialised (build side). With equality conjuncts between the two sides
 * it is hashed on those keys (rows with a NULL key never match) and each left row probes its chain;
 * otherwise every right row is a candidate (nested loop). Candidate pairs are gathered in batches and
 * the residual predicate is evaluated on them a batch at a time. Matched flags on both sides give the
 * outer, semi and anti variants. A LATERAL right side (one reading columns of the left) is run again for
 * each left row, with that row's values bound as outer references.
 */
final class JoinNode extends PhysicalNode {
    final PhysicalNode left, right;
    final JoinType type;
    final ExprProgram leftKeys, rightKeys; // null for nested loop
    /**
     * Per key: an {@code IS NOT DISTINCT FROM} key, where NULL matches NULL (the hash table groups NULLs together
     * as GROUP BY does); an {@code =} key never matches a NULL. Reverse mode joins group keys this way.
     */
    final boolean[] nullSafe;

    final ExprProgram residual; // over left ++ right columns; null when none
    final List<DataType> leftTypes, rightTypes;
    /** Inner join planned with its inputs exchanged (build on the smaller side): output columns are swapped back. */
    final boolean swapped;
    /**
     * SEMI/ANTI join planned with its inputs exchanged: the (smaller) side whose rows it outputs is hashed
     * and the other side streams past it, marking the build rows it matches; the build rows whose mark is
     * what the join wants are output at the end (DuckDB's RIGHT_SEMI / RIGHT_ANTI). {@link #left} is then
     * the logical right side.
     */
    final boolean outputBuild;

    final int[] lateralIds, lateralPositions; // left columns the right side reads; empty unless LATERAL

    private JoinNode(
            List<DataType> types,
            PhysicalNode left,
            PhysicalNode right,
            JoinType type,
            ExprProgram leftKeys,
            ExprProgram rightKeys,
            ExprProgram residual,
            boolean swapped,
            boolean outputBuild,
            int[] lateralIds,
            int[] lateralPositions,
            boolean[] nullSafe) {
        super(types);
        this.nullSafe = nullSafe;
        this.swapped = swapped;
        this.outputBuild = outputBuild;
        this.left = left;
        this.right = right;
        this.type = type;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.residual = residual;
        this.leftTypes = left.types;
        this.rightTypes = right.types;
        this.lateralIds = lateralIds;
        this.lateralPositions = lateralPositions;
    }

    static JoinNode create(Join j, PhysicalPlanner planner) {
        Set<Integer> lateral = freeColumns(j.right());
        Set<Integer> leftIds = new HashSet<>();
        for (Column c : j.left().output()) leftIds.add(c.id());
        lateral.retainAll(leftIds);
        // a LATERAL right side reads the left row, so the sides cannot be exchanged
        boolean swap = lateral.isEmpty()
                && (j.type() == JoinType.INNER || j.type() == JoinType.CROSS)
                && PhysicalPlanner.estimate(j.left()) * 2 < PhysicalPlanner.estimate(j.right());
        // EXISTS over a big table (q4, q21): hash the few outer rows, not the subquery's many
        boolean semiSwap = lateral.isEmpty()
                && (j.type() == JoinType.SEMI || j.type() == JoinType.ANTI)
                && PhysicalPlanner.estimate(j.left()) * 2 < PhysicalPlanner.estimate(j.right());
        var l = swap || semiSwap ? j.right() : j.left();
        var r = swap || semiSwap ? j.left() : j.right();
        List<Column> lc = l.output(), rc = r.output();
        PhysicalNode left = planner.build(l), right = planner.build(r);
        Set<Integer> lids = new HashSet<>(), rids = new HashSet<>();
        for (Column c : lc) lids.add(c.id());
        for (Column c : rc) rids.add(c.id());
        List<Expr> lk = new ArrayList<>(), rk = new ArrayList<>(), rest = new ArrayList<>();
        List<Boolean> safe = new ArrayList<>();
        if (j.condition() != null) {
            List<Expr> conjuncts = new ArrayList<>();
            split(j.condition(), conjuncts);
            for (Expr c : conjuncts) {
                if (c instanceof Call call && (call.fn() == Fn.EQ || call.fn() == Fn.IS_NOT_DISTINCT_FROM)) {
                    Expr a = call.arg(0), b = call.arg(1);
                    if (within(a, lids) && within(b, rids)) {
                        addKey(a, b, lk, rk);
                        safe.add(call.fn() == Fn.IS_NOT_DISTINCT_FROM);
                        continue;
                    }
                    if (within(b, lids) && within(a, rids)) {
                        addKey(b, a, lk, rk);
                        safe.add(call.fn() == Fn.IS_NOT_DISTINCT_FROM);
                        continue;
                    }
                }
                rest.add(c);
            }
        }
        ExprProgram lp = null, rp = null;
        if (!lk.isEmpty()) {
            lp = planner.compile(lk, lc);
            rp = planner.compile(rk, rc);
        }
        ExprProgram res = null;
        if (!rest.isEmpty()) {
            Expr cond = rest.get(0);
            for (int i = 1; i < rest.size(); i++) cond = new Call(Fn.AND, DataType.BOOLEAN, cond, rest.get(i));
            List<Column> both = new ArrayList<>(lc);
            both.addAll(rc);
            res = planner.compile(List.of(PhysicalPlanner.predicate(cond)), both);
        }
        int[] ids = new int[lateral.size()], pos = new int[lateral.size()];
        java.util.Map<Integer, Integer> layout = PhysicalPlanner.layout(lc);
        int n = 0;
        for (int id : lateral) {
            ids[n] = id;
            pos[n++] = layout.get(id);
        }
        boolean[] nullSafe = new boolean[safe.size()];
        for (int i = 0; i < nullSafe.length; i++) nullSafe[i] = safe.get(i);
        JoinNode node = new JoinNode(
                PhysicalPlanner.types(j.output()),
                left,
                right,
                j.type(),
                lp,
                rp,
                res,
                swap,
                semiSwap,
                ids,
                pos,
                nullSafe);
        if (semiSwap)
            node.explainedAs(
                    () -> dev.nabla.plan.PlanPrinter.describe(j) + " build=left" + PhysicalPlanner.estimated(j));
        return node;
    }

    /** Columns a subtree reads but does not produce (its outer references). */
    private static Set<Integer> freeColumns(dev.nabla.plan.logical.LogicalPlan p) {
        Set<Integer> free = new HashSet<>();
        for (Expr e : dev.nabla.plan.logical.PlanExprs.exprs(p)) free.addAll(dev.nabla.plan.expr.Exprs.columnIds(e));
        Set<Integer> produced = new HashSet<>();
        for (dev.nabla.plan.logical.LogicalPlan in : p.inputs()) {
            free.addAll(freeColumns(in));
            for (Column c : in.output()) produced.add(c.id());
        }
        free.removeAll(produced);
        return free;
    }

    private static void split(Expr e, List<Expr> out) {
        if (e instanceof Call c && c.fn() == Fn.AND) {
            split(c.arg(0), out);
            split(c.arg(1), out);
        } else out.add(e);
    }

    /** Whether e references at least one column and only columns of {@code ids} (and has no subquery). */
    private static boolean within(Expr e, Set<Integer> ids) {
        boolean[] any = {false};
        boolean ok = refsOnly(e, ids, any);
        return ok && any[0];
    }

    private static boolean refsOnly(Expr e, Set<Integer> ids, boolean[] any) {
        if (e instanceof ColumnRef r) {
            any[0] = true;
            return ids.contains(r.id());
        }
        if (e instanceof dev.nabla.plan.expr.SubqueryExpr) return false;
        for (Expr c : e.children()) if (!refsOnly(c, ids, any)) return false;
        return true;
    }

    private static void addKey(Expr a, Expr b, List<Expr> lk, List<Expr> rk) {
        DataType t = DataType.commonSuperType(a.type(), b.type());
        if (t == null) t = a.type();
        lk.add(a.type().equals(t) ? a : new Cast(a, t, a.span()));
        rk.add(b.type().equals(t) ? b : new Cast(b, t, b.span()));
    }

    /** Per-execution state. */
    private final class Run {
        final ExecState st;
        final Downstream out;
        final RowStore build;
        final int buildRows;
        int[] head, next;
        final boolean[] rightMatched;
        /** outputBuild without a residual: the build rows' key groups that some probe row matched. */
        boolean[] groupMatched;
        /** outputBuild: each build row's key group (-1: a NULL key, never matched). */
        int[] rowGroup;
        /** outputBuild, no keys and no residual: any probe row matches every build row. */
        boolean anyProbe;

        final Evaluator leftKeyEv, residualEv;
        final GroupHashTable table;
        final int[] pl = new int[Batch.CAPACITY], pr = new int[Batch.CAPACITY];
        int pairs;
        boolean[] leftMatched = new boolean[Batch.CAPACITY];
        int[] sel = new int[Batch.CAPACITY];
        boolean stopped;
        /** The build side's memory (rows, hash table, chains); closed when the join's run ends. */
        final MemoryLease mem;

        /**
         * Joins against {@code build}, the build side's rows; {@code reserved}: {@code mem} already holds
         * what the hash table over them takes ({@link #buildBytes}), else it is reserved here.
         */
        Run(ExecState st, Downstream out, MemoryLease mem, RowStore build, boolean reserved) {
            this.st = st;
            this.out = out;
            this.mem = mem;
            this.build = build;
            buildRows = build.size();
            rightMatched =
                    type == JoinType.RIGHT || type == JoinType.FULL || outputBuild ? new boolean[buildRows] : null;
            residualEv = residual == null ? null : residual.newEvaluator(st);
            if (leftKeys == null) {
                table = null;
                leftKeyEv = null;
                return;
            }
            leftKeyEv = leftKeys.newEvaluator(st);
            List<DataType> kt = new ArrayList<>();
            for (int k = 0; k < rightKeys.rootCount(); k++) kt.add(rightKeys.rootType(k));
            table = new GroupHashTable(kt);
            if (!reserved) mem.grow(tableBytes(buildRows));
            int[] rowGroup = new int[buildRows];
            if (outputBuild) this.rowGroup = rowGroup;
            Evaluator rev = rightKeys.newEvaluator(st);
            Vec[] keys = new Vec[kt.size()];
            int[] gids = new int[Batch.CAPACITY];
            for (int from = 0; from < buildRows; from += Batch.CAPACITY) {
                st.ctx.checkCancelled();
                int n = Math.min(Batch.CAPACITY, buildRows - from);
                rev.eval(build.slice(from, n));
                for (int k = 0; k < keys.length; k++) keys[k] = rev.result(k);
                table.findOrInsert(keys, n, gids);
                for (int i = 0; i < n; i++) rowGroup[from + i] = anyNull(keys, nullSafe, i) ? -1 : gids[i];
            }
            if (outputBuild && residual == null) groupMatched = new boolean[table.size()];
            head = new int[table.size()];
            java.util.Arrays.fill(head, -1);
            next = new int[buildRows];
            for (int r = buildRows - 1; r >= 0; r--) {
                int g = rowGroup[r];
                if (g < 0) continue;
                next[r] = head[g];
                head[g] = r;
            }
        }

        boolean probe(Batch in) {
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return true;
            if (leftMatched.length < n) {
                leftMatched = new boolean[n];
                sel = new int[n];
            }
            java.util.Arrays.fill(leftMatched, 0, n, false);
            int[] gids = null;
            if (table != null) {
                leftKeyEv.eval(b);
                Vec[] keys = new Vec[leftKeys.rootCount()];
                for (int k = 0; k < keys.length; k++) keys[k] = leftKeyEv.result(k);
                gids = new int[n];
                table.find(keys, n, gids);
                for (int i = 0; i < n; i++) if (gids[i] >= 0 && anyNull(keys, nullSafe, i)) gids[i] = -1;
            }
            if (outputBuild) return markBuild(b, n, gids);
            boolean onlyFlags = residual == null && (type == JoinType.SEMI || type == JoinType.ANTI);
            pairs = 0;
            if (gids != null) {
                for (int i = 0; i < n && !stopped; i++) {
                    int g = gids[i];
                    if (g < 0) continue;
                    if (onlyFlags) {
                        leftMatched[i] = true;
                        continue;
                    }
                    for (int r = head[g]; r >= 0 && !stopped; r = next[r]) addPair(b, i, r);
                }
                if (!stopped && pairs > 0) flush(b);
            } else if (onlyFlags) {
                java.util.Arrays.fill(leftMatched, 0, n, buildRows > 0);
            } else {
                // nested loop, one build row at a time: the probe batch as is, plus that row as constants
                for (int r = 0; r < buildRows && !stopped; r++) withBuildRow(b, r, n);
            }
            if (stopped) return false;
            switch (type) {
                case SEMI, ANTI, LEFT, FULL -> {
                    boolean want = type == JoinType.SEMI;
                    int k = 0;
                    for (int i = 0; i < n; i++) if (leftMatched[i] == want) sel[k++] = i;
                    if (k == 0) return true;
                    if (type == JoinType.SEMI || type == JoinType.ANTI) {
                        return out.accept(k == n ? b : Batches.select(b, sel, k));
                    }
                    Batch lrows = Batches.select(b, sel, k);
                    ColumnVector[] cols = new ColumnVector[types.size()];
                    for (int c = 0; c < leftTypes.size(); c++) cols[c] = lrows.columns[c];
                    for (int c = 0; c < rightTypes.size(); c++)
                        cols[leftTypes.size() + c] = Batches.nulls(rightTypes.get(c), k);
                    return out.accept(new Batch(cols, k));
                }
                default -> {
                    return true;
                }
            }
        }

        /** outputBuild: marks the build rows this probe batch matches; outputs nothing until {@link #finish}. */
        private boolean markBuild(Batch b, int n, int[] gids) {
            pairs = 0;
            if (gids != null) {
                for (int i = 0; i < n; i++) {
                    int g = gids[i];
                    if (g < 0) continue;
                    if (groupMatched != null) {
                        groupMatched[g] = true;
                        continue;
                    }
                    // a build row already matched needs no further pair (q21: one other supplier suffices)
                    for (int r = head[g]; r >= 0; r = next[r]) if (!rightMatched[r]) addPair(b, i, r);
                }
                if (pairs > 0) flush(b);
            } else if (residual == null) {
                anyProbe |= n > 0;
            } else {
                for (int r = 0; r < buildRows; r++) if (!rightMatched[r]) withBuildRow(b, r, n);
            }
            return true;
        }

        private void withBuildRow(Batch b, int r, int n) {
            st.ctx.checkCancelled();
            int lw = leftTypes.size(), rw = rightTypes.size();
            ColumnVector[] cols = new ColumnVector[lw + rw];
            System.arraycopy(b.columns, 0, cols, 0, lw);
            for (int c = 0; c < rw; c++) cols[lw + c] = ColumnVector.constant(rightTypes.get(c), build.cols[c].get(r));
            Batch joined = new Batch(cols, n);
            int[] s = null;
            int m = n;
            if (residualEv != null) {
                residualEv.eval(joined);
                s = new int[n];
                m = residualEv.selectTrue(0, n, s);
            }
            for (int x = 0; x < m; x++) leftMatched[s == null ? x : s[x]] = true;
            if (m > 0 && rightMatched != null) rightMatched[r] = true;
            if (m == 0 || type == JoinType.SEMI || type == JoinType.ANTI) return;
            emit(s == null ? joined : Batches.select(joined, s, m), lw, rw);
        }

        private void emit(Batch batch, int lw, int rw) {
            Batch e = batch;
            if (swapped) {
                ColumnVector[] c = new ColumnVector[lw + rw];
                System.arraycopy(e.columns, lw, c, 0, rw);
                System.arraycopy(e.columns, 0, c, rw, lw);
                e = new Batch(c, e.count);
            }
            if (!out.accept(e)) stopped = true;
        }

        private void addPair(Batch b, int i, int r) {
            pl[pairs] = i;
            pr[pairs] = r;
            if (++pairs == Batch.CAPACITY) flush(b);
        }

        private void flush(Batch b) {
            st.ctx.checkCancelled();
            int k = pairs;
            pairs = 0;
            int lw = leftTypes.size(), rw = rightTypes.size();
            ColumnVector[] cols = new ColumnVector[lw + rw];
            for (int c = 0; c < lw; c++) cols[c] = Batches.gather(b.columns[c], pl, k);
            for (int c = 0; c < rw; c++) cols[lw + c] = build.cols[c].gather(pr, 0, k);
            Batch joined = new Batch(cols, k);
            int[] s = null;
            int m = k;
            if (residualEv != null) {
                residualEv.eval(joined);
                s = new int[k];
                m = residualEv.selectTrue(0, k, s);
            }
            for (int x = 0; x < m; x++) {
                int p = s == null ? x : s[x];
                leftMatched[pl[p]] = true;
                if (rightMatched != null) rightMatched[pr[p]] = true;
            }
            if (m == 0 || type == JoinType.SEMI || type == JoinType.ANTI) return;
            emit(s == null ? joined : Batches.select(joined, s, m), lw, rw);
        }

        /** outputBuild: the build rows whose mark is what the join wants (matched for SEMI, not for ANTI). */
        private boolean finishBuild() {
            boolean want = type == JoinType.SEMI;
            int[] rows = new int[Batch.CAPACITY];
            int k = 0;
            for (int r = 0; r <= buildRows; r++) {
                if (r < buildRows) {
                    boolean matched = anyProbe
                            || rightMatched[r]
                            || (groupMatched != null && rowGroup[r] >= 0 && groupMatched[rowGroup[r]]);
                    if (matched == want) rows[k++] = r;
                }
                if (k == Batch.CAPACITY || (r == buildRows && k > 0)) {
                    ColumnVector[] cols = new ColumnVector[types.size()];
                    for (int c = 0; c < cols.length; c++) cols[c] = build.cols[c].gather(rows, 0, k);
                    if (!out.accept(new Batch(cols, k))) return false;
                    k = 0;
                }
            }
            return true;
        }

        boolean finish() {
            if (outputBuild) return finishBuild();
            if (rightMatched == null) return true;
            int[] rows = new int[Batch.CAPACITY];
            int k = 0;
            for (int r = 0; r <= buildRows; r++) {
                if (r < buildRows && !rightMatched[r]) rows[k++] = r;
                if (k == Batch.CAPACITY || (r == buildRows && k > 0)) {
                    int lw = leftTypes.size();
                    ColumnVector[] cols = new ColumnVector[types.size()];
                    for (int c = 0; c < lw; c++) cols[c] = Batches.nulls(leftTypes.get(c), k);
                    for (int c = 0; c < rightTypes.size(); c++) cols[lw + c] = build.cols[c].gather(rows, 0, k);
                    if (!out.accept(new Batch(cols, k))) return false;
                    k = 0;
                }
            }
            return true;
        }
    }

    /** Whether row i has a NULL in a key that NULL does not match (an {@code =} key). */
    private static boolean anyNull(Vec[] keys, boolean[] nullSafe, int i) {
        for (int k = 0; k < keys.length; k++) if (!nullSafe[k] && keys[k].isNull(i)) return true;
        return false;
    }

    @Override
    public java.util.List<? extends Explained> explainInputs() {
        // the logical order (outer side first), whichever side is hashed
        return outputBuild ? java.util.List.of(right, left) : java.util.List.of(left, right);
    }

    /** The hash table's part of a build side of {@code rows} rows: rowGroup and next, at most one group a row. */
    private long tableBytes(long rows) {
        return 8L * rows + (16L + 8L * rightKeys.rootCount()) * rows;
    }

    /** What keeping a build batch takes: its rows, and with keys its part of the hash table. */
    private long buildBytes(Batch b) {
        return Batches.storedBytes(b) + (leftKeys == null ? 0 : tableBytes(b.count));
    }

    private MemoryLease lease(ExecState st) {
        return st.lease(leftKeys == null ? "nested loop join build" : "hash join build");
    }

    /** The build side's rows in memory, reserved as they come (53200 past the limit). */
    private RowStore collect(ExecState st, MemoryLease mem) {
        RowStore build = new RowStore(rightTypes);
        right.execute(st, b -> {
            mem.grow(Batches.storedBytes(b));
            build.append(b);
            return true;
        });
        return build;
    }

    /** Joins with {@code build} in memory: probes it with the left side, then emits what {@link Run#finish} adds. */
    private boolean joinInMemory(ExecState st, Downstream out, MemoryLease mem, RowStore build, boolean reserved) {
        Run run = new Run(st, out, mem, build, reserved);
        // nothing to output: the (possibly large) probe side need not run
        if (outputBuild && run.buildRows == 0) return true;
        if (!left.execute(st, run::probe)) return false;
        return run.finish();
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        if (lateralIds.length > 0) return left.execute(st, b -> lateralProbe(st, out, Batches.dense(b)));
        try (MemoryLease mem = lease(st)) {
            // a nested loop compares every pair, so it cannot be split by key: it keeps its build side in memory
            if (leftKeys == null || !mem.canSpill()) return joinInMemory(st, out, mem, collect(st, mem), false);
            try (Grace grace = new Grace(st, out, mem)) {
                return grace.run();
            }
        }
    }

    /** Partitions past memory_limit split both sides into (by 4 bits of the key hash a level). */
    static final int PARTITIONS = 16;
    /** Partitioning levels before a partition whose build side still does not fit fails (53200). */
    static final int MAX_DEPTH = 4;

    /**
     * Grace hash join: the build side is collected in memory while it fits (then the join runs as in
     * memory); refused, it and then the probe side are written to {@link #PARTITIONS} spill files each by
     * their key hash, and each pair of partitions is joined in memory, a partition whose build side is
     * still too big being partitioned again by the next 4 bits. Rows match only rows of equal keys, which
     * hash alike, and the residual and the outer/semi/anti flags are decided per matching pair, so the
     * partitions together give the in-memory join's rows (in another order).
     */
    private final class Grace implements AutoCloseable {
        final ExecState st;
        final Downstream out;
        final MemoryLease mem;
        /** Every partitioning opened, closed (its files deleted) when the join ends, whatever the outcome. */
        final List<Partitions> opened = new ArrayList<>();

        Grace(ExecState st, Downstream out, MemoryLease mem) {
            this.st = st;
            this.out = out;
            this.mem = mem;
        }

        boolean run() {
            RowStore[] held = {new RowStore(rightTypes)};
            Partitions[] spilled = {null};
            right.execute(st, b -> {
                if (spilled[0] != null) return spilled[0].add(b);
                if (mem.tryGrow(buildBytes(b), true)) {
                    held[0].append(b);
                    return true;
                }
                // past the limit: what is held goes to disk with the rest, and the memory back
                Partitions p = partitions(true, 0);
                RowStore h = held[0];
                for (int from = 0; from < h.size(); from += Batch.CAPACITY)
                    p.add(h.slice(from, Math.min(Batch.CAPACITY, h.size() - from)));
                held[0] = null;
                mem.shrink(mem.held());
                spilled[0] = p;
                return p.add(b);
            });
            if (spilled[0] == null) return joinInMemory(st, out, mem, held[0], true);
            Partitions build = spilled[0];
            build.finish();
            Partitions probe = partitions(false, 0);
            left.execute(st, probe::add);
            probe.finish();
            return join(build, probe, 0);
        }

        Partitions partitions(boolean buildSide, int depth) {
            Partitions p = new Partitions(st, mem, buildSide, depth);
            opened.add(p);
            return p;
        }

        /** Joins the partitions pairwise, deleting each pair's files when it is done. */
        boolean join(Partitions build, Partitions probe, int depth) {
            boolean keepProbe = type == JoinType.LEFT || type == JoinType.FULL || type == JoinType.ANTI;
            boolean keepBuild = type == JoinType.RIGHT || type == JoinType.FULL;
            for (int p = 0; p < PARTITIONS; p++) {
                SpillFile bf = build.files[p], pf = probe.files[p];
                try {
                    // a side without rows: only the rows the other side keeps unmatched can come out
                    boolean emptyBuild = bf == null || bf.rows() == 0, emptyProbe = pf == null || pf.rows() == 0;
                    if (emptyBuild && (outputBuild || !keepProbe)) continue;
                    if (emptyProbe && (outputBuild ? type == JoinType.SEMI : !keepBuild)) continue;
                    if (!joinPartition(bf, pf, depth)) return false;
                } finally {
                    if (bf != null) bf.close();
                    if (pf != null) pf.close();
                    build.files[p] = null;
                    probe.files[p] = null;
                    mem.shrink(mem.held());
                }
            }
            return true;
        }

        private boolean joinPartition(SpillFile bf, SpillFile pf, int depth) {
            RowStore build = new RowStore(rightTypes);
            if (bf != null) {
                try (SpillFile.Reader r = bf.reader(rightTypes)) {
                    for (Batch b = r.next(); b != null; b = r.next()) {
                        st.ctx.checkCancelled();
                        long bytes = buildBytes(b);
                        if (depth + 1 >= MAX_DEPTH) mem.grow(bytes); // the last level: fits or fails (53200)
                        else if (!mem.tryGrow(bytes, true)) {
                            build = null; // the rows read so far are read again, partitioned
                            return repartition(bf, pf, depth + 1);
                        }
                        build.append(b);
                    }
                }
            }
            Run run = new Run(st, out, mem, build, true);
            if (pf != null) {
                try (SpillFile.Reader r = pf.reader(leftTypes)) {
                    for (Batch b = r.next(); b != null; b = r.next()) {
                        st.ctx.checkCancelled();
                        if (!run.probe(b)) return false;
                    }
                }
            }
            return run.finish();
        }

        /** A partition whose build side does not fit: both its sides split again by the next bits of the hash. */
        private boolean repartition(SpillFile bf, SpillFile pf, int depth) {
            mem.shrink(mem.held());
            Partitions build = partitions(true, depth), probe = partitions(false, depth);
            copy(bf, rightTypes, build);
            copy(pf, leftTypes, probe);
            return join(build, probe, depth);
        }

        private void copy(SpillFile f, List<DataType> rowTypes, Partitions to) {
            if (f != null) {
                try (SpillFile.Reader r = f.reader(rowTypes)) {
                    for (Batch b = r.next(); b != null; b = r.next()) to.add(b);
                }
            }
            to.finish();
        }

        @Override
        public void close() {
            for (Partitions p : opened) p.close();
        }
    }

    /**
     * One side's rows written to {@link #PARTITIONS} spill files by 4 bits of their key hash (the bits of
     * {@code depth}). Rows with a NULL in an {@code =} key match nothing; they are dropped when the join
     * would not output them unmatched either.
     */
    private final class Partitions implements AutoCloseable {
        final ExecState st;
        final MemoryLease mem;
        final SpillFile[] files = new SpillFile[PARTITIONS];
        final Evaluator keyEv;
        final List<DataType> rowTypes;
        final Vec[] keys;
        final int shift;
        final boolean dropNullKeys;
        long[] hashes = new long[Batch.CAPACITY];

        Partitions(ExecState st, MemoryLease mem, boolean buildSide, int depth) {
            this.st = st;
            this.mem = mem;
            ExprProgram kp = buildSide ? rightKeys : leftKeys;
            keyEv = kp.newEvaluator(st);
            keys = new Vec[kp.rootCount()];
            rowTypes = buildSide ? rightTypes : leftTypes;
            shift = 60 - 4 * depth;
            boolean keepUnmatched = buildSide
                    ? type == JoinType.RIGHT || type == JoinType.FULL || outputBuild
                    : !outputBuild && (type == JoinType.LEFT || type == JoinType.FULL || type == JoinType.ANTI);
            dropNullKeys = !keepUnmatched;
        }

        boolean add(Batch in) {
            st.ctx.checkCancelled();
            Batch b = Batches.dense(in);
            int n = b.count;
            if (n == 0) return true;
            keyEv.eval(b);
            for (int k = 0; k < keys.length; k++) keys[k] = keyEv.result(k);
            if (hashes.length < n) hashes = new long[n];
            GroupHashTable.hash(keys, n, hashes);
            int[][] sel = new int[PARTITIONS][];
            int[] count = new int[PARTITIONS];
            for (int i = 0; i < n; i++) {
                if (dropNullKeys && anyNull(keys, nullSafe, i)) continue;
                int p = (int) (hashes[i] >>> shift) & (PARTITIONS - 1);
                if (sel[p] == null) sel[p] = new int[n];
                sel[p][count[p]++] = i;
            }
            for (int p = 0; p < PARTITIONS; p++) {
                if (count[p] == 0) continue;
                if (files[p] == null) files[p] = mem.spillFile();
                files[p].write(count[p] == n ? b : Batches.select(b, sel[p], count[p]), rowTypes);
            }
            return true;
        }

        void finish() {
            for (SpillFile f : files) if (f != null) f.finish();
        }

        @Override
        public void close() {
            for (SpillFile f : files) if (f != null) f.close();
        }
    }

    /** LATERAL: the right side depends on the left row, so it is built and probed once per left row. */
    private boolean lateralProbe(ExecState st, Downstream out, Batch b) {
        int[] one = new int[1];
        Object[] saved = new Object[lateralIds.length];
        boolean[] had = new boolean[lateralIds.length];
        for (int i = 0; i < b.count; i++) {
            for (int k = 0; k < lateralIds.length; k++) {
                had[k] = st.outer.containsKey(lateralIds[k]);
                saved[k] = st.outer.put(lateralIds[k], b.columns[lateralPositions[k]].getObject(i));
            }
            try {
                one[0] = i;
                try (MemoryLease mem = lease(st)) {
                    Run run = new Run(st, out, mem, collect(st, mem), false);
                    if (!run.probe(Batches.select(b, one, 1)) || !run.finish()) return false;
                }
            } finally {
                for (int k = 0; k < lateralIds.length; k++) {
                    if (had[k]) st.outer.put(lateralIds[k], saved[k]);
                    else st.outer.remove(lateralIds[k]);
                }
            }
        }
        return true;
    }
}
