package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.ColumnStore;
import dev.nabla.engine.exec.store.GroupHashTable;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import dev.nabla.storage.PhysicalType;
import dev.nabla.vector.sum.ExactSum;
import java.util.List;

/**
 * A matrix product written relationally, {@code SELECT l.i, r.k, SUM(l.x * r.y) FROM l JOIN r ON l.j = r.j GROUP
 * BY l.i, r.k}, computed without materialising the join: both sides are held, the right side is chained by its
 * join key, and the left rows are taken one group ({@code l.i}) at a time; each left row walks its right
 * matches and adds {@code x·y} into a small dense row of accumulators indexed by the right group key
 * (Gustavson's row-by-row sparse product). Per left group only the few touched accumulators are hot, where the
 * hash aggregate over the joined rows hashes every pair into a table of all groups (the neural-network layers
 * of reverse mode: {@code examples/reverse_mlp_digits.sql}).
 *
 * <p>Sums are {@link ExactSum}s of the rounded products, as the hash aggregate adds them: the same bits. The
 * groups come out left group by left group (first appearance), right groups in first-touch order. When the
 * memory lease refuses the two sides, the ordinary plan (hash join, hash aggregate — which can spill) runs
 * instead.
 */
final class ProductAggregateNode extends PhysicalNode {
    private final PhysicalNode left, right, fallback;
    /** Column positions in the left/right input: join key, group key (-1: none), product factors per SUM. */
    private final int leftJoin, rightJoin, leftGroup, rightGroup;

    private final int[] leftFactor, rightFactor;
    /** Output position of the left and right group keys (-1: none); the SUMs follow the keys. */
    private final int leftOut, rightOut;

    private ProductAggregateNode(
            List<DataType> types,
            PhysicalNode left,
            PhysicalNode right,
            PhysicalNode fallback,
            int[] positions,
            int[] leftFactor,
            int[] rightFactor,
            int leftOut,
            int rightOut) {
        super(types);
        this.left = left;
        this.right = right;
        this.fallback = fallback;
        this.leftJoin = positions[0];
        this.rightJoin = positions[1];
        this.leftGroup = positions[2];
        this.rightGroup = positions[3];
        this.leftFactor = leftFactor;
        this.rightFactor = rightFactor;
        this.leftOut = leftOut;
        this.rightOut = rightOut;
    }

    /**
     * The product operator for {@code a}, or null when {@code a} is not of the form: an inner join on one
     * equality of two columns of the same integer or text type, one or two GROUP BY columns (at most one from
     * each side), and only {@code SUM(x * y)} of DOUBLE columns x and y from opposite sides (no DISTINCT,
     * FILTER or ORDER BY).
     */
    static PhysicalNode match(Aggregate a, PhysicalPlanner planner) {
        if (!(a.input() instanceof Join j) || j.type() != JoinType.INNER || j.condition() == null) return null;
        if (a.aggregates().isEmpty() || a.groupKeys().isEmpty() || a.groupKeys().size() > 2) return null;
        List<Column> lc = j.left().output(), rc = j.right().output();
        if (!(j.condition() instanceof Call eq) || eq.fn() != Fn.EQ) return null;
        int lj = position(eq.arg(0), lc), rj = position(eq.arg(1), rc);
        if (lj < 0 || rj < 0) {
            lj = position(eq.arg(1), lc);
            rj = position(eq.arg(0), rc);
        }
        if (lj < 0 || rj < 0) return null;
        DataType jt = lc.get(lj).type();
        if (!jt.equals(rc.get(rj).type()) || !(jt.isIntegral() || jt == DataType.VARCHAR)) return null;
        int lg = -1, rg = -1, lo = -1, ro = -1;
        for (int k = 0; k < a.groupKeys().size(); k++) {
            Expr key = a.groupKeys().get(k);
            int p = position(key, lc), q = position(key, rc);
            if (p >= 0 && lg < 0 && keyType(lc.get(p).type())) {
                lg = p;
                lo = k;
            } else if (q >= 0 && rg < 0 && keyType(rc.get(q).type())) {
                rg = q;
                ro = k;
            } else return null;
        }
        int n = a.aggregates().size();
        int[] lf = new int[n], rf = new int[n];
        for (int i = 0; i < n; i++) {
            AggCall c = a.aggregates().get(i);
            if (c.fn() != AggFn.SUM
                    || c.distinct()
                    || c.filter() != null
                    || !c.orderBy().isEmpty()
                    || c.type() != DataType.DOUBLE
                    || c.args().size() != 1
                    || !(c.args().get(0) instanceof Call mul)
                    || mul.fn() != Fn.MUL) return null;
            int x = doubleColumn(mul.arg(0), lc), y = doubleColumn(mul.arg(1), rc);
            if (x < 0 || y < 0) {
                x = doubleColumn(mul.arg(1), lc);
                y = doubleColumn(mul.arg(0), rc);
            }
            if (x < 0 || y < 0) return null;
            lf[i] = x;
            rf[i] = y;
        }
        PhysicalNode fallback = planner.hashAggregate(a);
        PhysicalNode node = new ProductAggregateNode(
                PhysicalPlanner.types(a.output()),
                planner.build(j.left()),
                planner.build(j.right()),
                fallback,
                new int[] {lj, rj, lg, rg},
                lf,
                rf,
                lo,
                ro);
        return node.explainedAs(() -> "Product" + dev.nabla.plan.PlanPrinter.describe(a) + " on "
                + dev.nabla.plan.PlanPrinter.describe(j).replaceFirst("^(Hash)?Join INNER ", ""));
    }

    private static boolean keyType(DataType t) {
        PhysicalType p = t.physical();
        return p == PhysicalType.LONG || p == PhysicalType.STRING || p == PhysicalType.DOUBLE;
    }

    private static int position(Expr e, List<Column> cols) {
        if (!(e instanceof ColumnRef r)) return -1;
        for (int i = 0; i < cols.size(); i++) if (cols.get(i).id() == r.id()) return i;
        return -1;
    }

    private static int doubleColumn(Expr e, List<Column> cols) {
        int p = position(e, cols);
        return p >= 0 && cols.get(p).type() == DataType.DOUBLE ? p : -1;
    }

    @Override
    public List<? extends Explained> explainInputs() {
        return List.of(left, right);
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        try (MemoryLease mem = st.lease("product aggregate")) {
            RowStore r = collect(right, st, mem);
            RowStore l = r == null ? null : collect(left, st, mem);
            if (l != null) return product(st, mem, l, r, out);
        }
        // the sides do not fit the memory limit: the ordinary join and aggregate (which can spill) answer
        return fallback.execute(st, out);
    }

    /** The rows of {@code in}, or null when the lease refuses them. */
    private static RowStore collect(PhysicalNode in, ExecState st, MemoryLease mem) {
        RowStore rows = new RowStore(in.types);
        boolean[] fits = {true};
        in.execute(st, b -> {
            if (!mem.tryGrow(Batches.storedBytes(b), true)) {
                fits[0] = false;
                return false;
            }
            rows.append(b);
            return true;
        });
        return fits[0] ? rows : null;
    }

    /** Dense ids of column {@code c} of {@code rows} (a NULL key is a group of its own, as in GROUP BY). */
    private static int[] ids(RowStore rows, int c, GroupHashTable table, boolean insert) {
        int n = rows.size();
        int[] ids = new int[n];
        int[] chunk = new int[Batch.CAPACITY];
        Vec v = new Vec(rows.cols[c].type);
        Vec[] keys = {v};
        for (int from = 0; from < n; from += Batch.CAPACITY) {
            int k = Math.min(Batch.CAPACITY, n - from);
            rows.cols[c].loadInto(v, from, k);
            if (insert) table.findOrInsert(keys, k, chunk);
            else table.find(keys, k, chunk);
            System.arraycopy(chunk, 0, ids, from, k);
        }
        return ids;
    }

    private boolean product(ExecState st, MemoryLease mem, RowStore l, RowStore r, Downstream out) {
        int nl = l.size(), nr = r.size(), sums = leftFactor.length;
        // the right side chained by join key, in input order; a NULL key joins nothing
        ColumnStore rjc = r.cols[rightJoin], ljc = l.cols[leftJoin];
        GroupHashTable joinKeys = new GroupHashTable(List.of(rjc.type));
        int[] rj = ids(r, rightJoin, joinKeys, true);
        int[] lj = ids(l, leftJoin, joinKeys, false);
        int[] head = new int[joinKeys.size()], tail = new int[joinKeys.size()], next = new int[nr];
        java.util.Arrays.fill(head, -1);
        for (int i = 0; i < nr; i++) {
            next[i] = -1;
            if (rjc.isNull(i)) continue;
            int k = rj[i];
            if (head[k] < 0) head[k] = i;
            else next[tail[k]] = i;
            tail[k] = i;
        }
        GroupHashTable rightKeys = rightGroup < 0 ? null : new GroupHashTable(List.of(r.cols[rightGroup].type));
        int[] slot = rightKeys == null ? new int[nr] : ids(r, rightGroup, rightKeys, true);
        int slots = rightKeys == null ? 1 : Math.max(1, rightKeys.size());
        GroupHashTable leftKeys = leftGroup < 0 ? null : new GroupHashTable(List.of(l.cols[leftGroup].type));
        int[] group = leftKeys == null ? new int[nl] : ids(l, leftGroup, leftKeys, true);
        int groups = leftKeys == null ? 1 : leftKeys.size();
        // left rows ordered by group (counting sort: first appearance, input order within a group)
        int[] start = new int[groups + 1], order = new int[nl];
        for (int i = 0; i < nl; i++) start[group[i] + 1]++;
        for (int g = 0; g < groups; g++) start[g + 1] += start[g];
        int[] fill = java.util.Arrays.copyOf(start, groups);
        for (int i = 0; i < nl; i++) order[fill[group[i]]++] = i;
        mem.grow(4L * (2L * nr + 3L * nl + 2L * joinKeys.size() + groups) + 64L * sums * slots);

        double[][] lx = new double[sums][], ry = new double[sums][];
        boolean[][] lnull = new boolean[sums][], rnull = new boolean[sums][];
        for (int a = 0; a < sums; a++) {
            lx[a] = l.cols[leftFactor[a]].doubles();
            ry[a] = r.cols[rightFactor[a]].doubles();
            lnull[a] = nulls(l.cols[leftFactor[a]], nl);
            rnull[a] = nulls(r.cols[rightFactor[a]], nr);
        }
        ExactSum[][] acc = new ExactSum[sums][slots];
        boolean[][] seen = new boolean[sums][slots];
        boolean[] touched = new boolean[slots];
        int[] touchedList = new int[slots];
        RowStore result = new RowStore(types);
        int keysOut = types.size() - sums;
        for (int g = 0; g < groups; g++) {
            if ((g & 255) == 0) st.ctx.checkCancelled();
            int nt = 0;
            for (int p = start[g]; p < start[g + 1]; p++) {
                int li = order[p];
                if (ljc.isNull(li) || lj[li] < 0) continue;
                for (int ri = head[lj[li]]; ri >= 0; ri = next[ri]) {
                    int s = slot[ri];
                    if (!touched[s]) {
                        touched[s] = true;
                        touchedList[nt++] = s;
                    }
                    for (int a = 0; a < sums; a++) {
                        boolean[] ln = lnull[a], rn = rnull[a];
                        if ((ln != null && ln[li]) || (rn != null && rn[ri])) continue;
                        ExactSum e = acc[a][s];
                        if (e == null) e = acc[a][s] = new ExactSum();
                        e.add(lx[a][li] * ry[a][ri]);
                        seen[a][s] = true;
                    }
                }
            }
            for (int t = 0; t < nt; t++) {
                int s = touchedList[t];
                touched[s] = false;
                if (leftOut >= 0) result.cols[leftOut].appendFrom(leftKeys.keys().cols[0], g);
                if (rightOut >= 0) result.cols[rightOut].appendFrom(rightKeys.keys().cols[0], s);
                for (int a = 0; a < sums; a++) {
                    ColumnStore col = result.cols[keysOut + a];
                    if (seen[a][s]) {
                        col.appendDouble(acc[a][s].round());
                        acc[a][s].clear();
                        seen[a][s] = false;
                    } else col.appendNull();
                }
                result.addEmptyRows(1);
            }
        }
        mem.grow(Batches.storedBytes(result.slice(0, result.size())));
        return Emit.slices(result, out, st);
    }

    /** Per-row NULL flags of a column, or null when it has none. */
    private static boolean[] nulls(ColumnStore c, int n) {
        boolean[] f = null;
        for (int i = 0; i < n; i++) {
            if (c.isNull(i)) {
                if (f == null) f = new boolean[n];
                f[i] = true;
            }
        }
        return f;
    }
}
