package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.CteScan;
import dev.nabla.plan.logical.Distinct;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.Limit;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.MaterializedCte;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.RecursiveCte;
import dev.nabla.plan.logical.Sample;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.SetOp;
import dev.nabla.plan.logical.SingleRow;
import dev.nabla.plan.logical.Sort;
import dev.nabla.plan.logical.Values;
import dev.nabla.plan.logical.Window;
import dev.nabla.plan.logical.WorkingTableScan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reorders a tree of inner/cross joins into a left-deep chain chosen greedily: start from the smallest
 * relation, then repeatedly add the relation connected to what is joined so far by an equality predicate
 * whose join gives the fewest estimated rows ({@code |J|·|R| / max(ndv)} per column equality, distinct
 * counts from {@link dev.nabla.plan.logical.TableSource#distinctValues}), falling back to a cross product
 * only when no connected relation is left. Each conjunct is
 * attached to the first join that has all its columns. A Project restores the original column order.
 */
public final class ReorderJoins implements Rule {
    @Override
    public String name() {
        return "ReorderJoins";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (!isInner(node) && !(node instanceof Project p && isPassThrough(p) && isInner(p.input())))
            return Optional.empty();
        List<LogicalPlan> leaves = new ArrayList<>();
        List<Expr> conds = new ArrayList<>();
        flatten(node, leaves, conds);
        // two relations: the executor picks its build side itself; without conditions there is nothing to gain
        // (and conditions may still be on their way down from a Filter above)
        if (leaves.size() < 3 || conds.isEmpty()) return Optional.empty();
        List<Set<Integer>> leafIds = new ArrayList<>();
        for (LogicalPlan l : leaves) leafIds.add(ExtractJoinConditions.ids(l.output()));
        Set<Integer> allIds = new HashSet<>();
        for (Set<Integer> s : leafIds) allIds.addAll(s);
        // a LATERAL leaf reads columns of another leaf: its position is fixed
        FreeColumns free = new FreeColumns();
        for (LogicalPlan leaf : leaves) {
            for (int id : free.of(leaf)) if (allIds.contains(id)) return Optional.empty();
        }
        // greedy order; connected[i]: an equality links leaf i (alone on its side) to the leaves joined so far
        int n = leaves.size();
        java.util.Map<Integer, Integer> leafOf = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) for (int id : leafIds.get(i)) leafOf.put(id, i);
        List<int[][]> eqs = new ArrayList<>();
        List<List<int[][]>> eqsOfLeaf = new ArrayList<>();
        for (int i = 0; i < n; i++) eqsOfLeaf.add(new ArrayList<>());
        for (Expr c : conds) {
            // IS NOT DISTINCT FROM is an equality the executor hashes too (reverse mode joins group keys with it)
            if (!(c instanceof Call call && isEquality(call))) continue;
            int[] a = leavesOf(call.arg(0), leafOf), b = leavesOf(call.arg(1), leafOf);
            if (a.length == 0 || b.length == 0) continue;
            int[][] e = {a, b};
            eqs.add(e);
            java.util.Set<Integer> touched = new HashSet<>();
            for (int x : a) touched.add(x);
            for (int x : b) touched.add(x);
            for (int x : touched) eqsOfLeaf.get(x).add(e);
        }
        double[] est = new double[n];
        for (int i = 0; i < n; i++) est[i] = estimate(leaves.get(i));
        // column-equality edges (a = b between two leaves) with the distinct counts of both columns
        List<double[]> edges = new ArrayList<>(); // {leafA, leafB, ndvA, ndvB}
        for (Expr c : conds) {
            if (c instanceof Call call
                    && isEquality(call)
                    && call.arg(0) instanceof dev.nabla.plan.expr.ColumnRef a
                    && call.arg(1) instanceof dev.nabla.plan.expr.ColumnRef b) {
                Integer la = leafOf.get(a.id()), lb = leafOf.get(b.id());
                if (la == null || lb == null || la.equals(lb)) continue;
                edges.add(new double[] {
                    la, lb, distinct(leaves.get(la), a.id(), est[la]), distinct(leaves.get(lb), b.id(), est[lb])
                });
            }
        }
        boolean[] used = new boolean[n], connected = new boolean[n];
        List<Integer> order = new ArrayList<>();
        double size = 0;
        for (int step = 0; step < n; step++) {
            // greedy by estimated result: the connected leaf whose join with what is joined so far is smallest
            // (|J|·|L| / max(ndv) per equality edge), falling back to the smallest leaf (first step, cross products)
            int best = -1;
            double bestSize = Double.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if (used[i]) continue;
                double s2 = step == 0 ? est[i] : joinSize(size, est[i], i, used, edges);
                boolean better = best < 0
                        || (connected[i] && !connected[best])
                        || (connected[i] == connected[best]
                                && (s2 < bestSize || (s2 == bestSize && est[i] < est[best])));
                if (better) {
                    best = i;
                    bestSize = s2;
                }
            }
            size = connected[best] || step == 0 ? bestSize : size * est[best];
            used[best] = true;
            order.add(best);
            for (int[][] e : eqsOfLeaf.get(best)) {
                markConnected(e[0], e[1], used, connected);
                markConnected(e[1], e[0], used, connected);
            }
        }

        // conjuncts of a single leaf filter that leaf; the others go to the lowest join that covers them
        List<Expr> pending = new ArrayList<>();
        List<List<Expr>> leafConds = new ArrayList<>();
        for (int i = 0; i < n; i++) leafConds.add(new ArrayList<>());
        for (Expr c : conds) {
            int[] ls = leavesOf(c, leafOf);
            if (ls.length == 1 && !Exprs.hasSubquery(c)) leafConds.get(ls[0]).add(c);
            else pending.add(c);
        }
        for (int i = 0; i < n; i++) {
            if (!leafConds.get(i).isEmpty()) leaves.set(i, new Filter(leaves.get(i), Exprs.and(leafConds.get(i))));
        }
        // conjunct placement: at the join where the last of its leaves arrives (first join when it reads none)
        int[] position = new int[n];
        for (int k = 0; k < n; k++) position[order.get(k)] = k;
        List<List<Expr>> at = new ArrayList<>();
        for (int k = 0; k < n; k++) at.add(new ArrayList<>());
        for (Expr c : pending) {
            int k = 1;
            for (int l : leavesOf(c, leafOf)) k = Math.max(k, position[l]);
            at.get(k).add(c);
        }
        pending.clear();
        LogicalPlan cur = leaves.get(order.get(0));
        for (int k = 1; k < n; k++) {
            LogicalPlan next = leaves.get(order.get(k));
            List<Column> out = new ArrayList<>(cur.output());
            out.addAll(next.output());
            Expr cond = Exprs.and(at.get(k));
            cur = new Join(cur, next, cond == null ? JoinType.CROSS : JoinType.INNER, cond, out);
        }
        if (!pending.isEmpty()) cur = new Filter(cur, Exprs.and(pending));
        List<Column> want = node.output();
        if (!sameIds(cur.output(), want)) {
            cur = new Project(cur, want.stream().map(c -> (Expr) c.ref()).toList(), want);
        }
        if (cur.equals(node)) return Optional.empty();
        // already in this order (only the restoring Project would be added again): nothing to do
        if (cur instanceof Project p && p.input().equals(node)) return Optional.empty();
        return Optional.of(cur);
    }

    private static boolean isInner(LogicalPlan p) {
        return p instanceof Join j && (j.type() == JoinType.INNER || j.type() == JoinType.CROSS);
    }

    private static void flatten(LogicalPlan p, List<LogicalPlan> leaves, List<Expr> conds) {
        if (isInner(p)) {
            Join j = (Join) p;
            flatten(j.left(), leaves, conds);
            flatten(j.right(), leaves, conds);
            if (j.condition() != null) addConjuncts(j.condition(), conds);
        } else if (p instanceof Project pr && isPassThrough(pr) && isJoinTree(pr.input())) {
            // a column-order-restoring Project from an earlier reordering
            flatten(pr.input(), leaves, conds);
        } else if (p instanceof Filter f && isJoinTree(f.input()) && !Exprs.isVolatile(f.predicate())) {
            flatten(f.input(), leaves, conds);
            addConjuncts(f.predicate(), conds);
        } else {
            leaves.add(p);
        }
    }

    private static boolean isJoinTree(LogicalPlan p) {
        return isInner(p)
                || (p instanceof Project pr && isPassThrough(pr) && isJoinTree(pr.input()))
                || (p instanceof Filter f && isJoinTree(f.input()));
    }

    private static void addConjuncts(Expr e, List<Expr> conds) {
        for (Expr c : Exprs.conjuncts(e)) if (!(c instanceof Literal l && Boolean.TRUE.equals(l.value()))) conds.add(c);
    }

    private static boolean isPassThrough(Project p) {
        for (int i = 0; i < p.exprs().size(); i++) {
            if (!(p.exprs().get(i) instanceof dev.nabla.plan.expr.ColumnRef r)
                    || r.id() != p.output().get(i).id()) return false;
        }
        return true;
    }

    private static boolean isEquality(Call c) {
        return c.fn() == Fn.EQ || c.fn() == Fn.IS_NOT_DISTINCT_FROM;
    }

    /** The distinct leaves whose columns {@code e} reads. */
    private static int[] leavesOf(Expr e, java.util.Map<Integer, Integer> leafOf) {
        if (e instanceof Call c
                && c.fn() == Fn.EQ
                && c.arg(0) instanceof dev.nabla.plan.expr.ColumnRef a
                && c.arg(1) instanceof dev.nabla.plan.expr.ColumnRef b) {
            // the common case, without sets
            Integer la = leafOf.get(a.id()), lb = leafOf.get(b.id());
            if (la == null && lb == null) return new int[0];
            if (la == null || lb == null || la.equals(lb)) return new int[] {la == null ? lb : la};
            return la < lb ? new int[] {la, lb} : new int[] {lb, la};
        }
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (int id : Exprs.columnIds(e)) {
            Integer l = leafOf.get(id);
            if (l != null) out.add(l);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** When every leaf of {@code joinedSide} is joined, the single leaf of {@code other} becomes connected. */
    private static void markConnected(int[] joinedSide, int[] other, boolean[] used, boolean[] connected) {
        if (other.length != 1 || used[other[0]]) return;
        for (int x : joinedSide) if (!used[x]) return;
        connected[other[0]] = true;
    }

    private static boolean sameIds(List<Column> a, List<Column> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (a.get(i).id() != b.get(i).id()) return false;
        return true;
    }

    /**
     * Estimated rows of (joined so far, {@code size} rows) ⋈ leaf {@code i}: {@code |J|·|R| / max(ndv)} of the
     * most selective equality edge. Several edges to one leaf are usually one composite key (TPC-H q9's
     * partsupp on suppkey and partkey), whose columns are far from independent: multiplying their divisors
     * would call a foreign-key join almost empty.
     */
    private static double joinSize(double size, double rows, int i, boolean[] used, List<double[]> edges) {
        double divisor = 1;
        for (double[] e : edges) {
            int a = (int) e[0], b = (int) e[1];
            if ((a == i && used[b]) || (b == i && used[a])) divisor = Math.max(divisor, Math.max(e[2], e[3]));
        }
        return Math.max(1, size * rows / divisor);
    }

    /**
     * Distinct values of column {@code id} of a leaf: the table's estimate when the leaf is a (filtered) scan
     * that knows it, capped by the leaf's rows; otherwise the leaf's rows (as if the column were a key).
     */
    static double distinct(LogicalPlan leaf, int id, double rows) {
        LogicalPlan p = leaf;
        while (p instanceof Filter f) p = f.input();
        if (p instanceof Scan s) {
            for (int k = 0; k < s.output().size(); k++) {
                if (s.output().get(k).id() != id) continue;
                long d = s.source().distinctValues(s.columnIndexes().get(k));
                if (d > 0) return Math.min(d, Math.max(1, rows));
            }
        }
        return Math.max(1, rows);
    }

    /** Rough output row count of a join leaf. */
    static double estimate(LogicalPlan p) {
        return switch (p) {
            case Scan s ->
                (s.source().estimatedRows() < 0 ? 1000 : s.source().estimatedRows()) * (s.filter() == null ? 1 : 0.25);
            case Filter f -> estimate(f.input()) * (f.input() instanceof Scan s && s.filter() != null ? 1 : 0.25);
            case Values v -> v.rows().size();
            case Aggregate a -> a.groupKeys().isEmpty() ? 1 : Math.max(1, estimate(a.input()) / 10);
            case Sample s ->
                s.kind() == Sample.Kind.ROWS
                        ? Math.min(s.size(), estimate(s.input()))
                        : estimate(s.input()) * s.size() / 100;
            case Limit l ->
                l.limit() instanceof Literal lit && lit.value() instanceof Long k
                        ? Math.min(k, estimate(l.input()))
                        : estimate(l.input());
            case Join j -> estimate(j.left()) * estimate(j.right()) * (j.condition() == null ? 1 : 0.1);
            case SingleRow _ -> 1;
            // a list's length is unknown: DuckDB's guess of a few elements per row
            case dev.nabla.plan.logical.Unnest u -> estimate(u.input()) * 4;
            case WorkingTableScan _ -> 1000;
            case CteScan c -> estimate(c.definition());
            case MaterializedCte m -> estimate(m.body());
            case Project _, Window _, Sort _, Distinct _, SetOp _, RecursiveCte _ ->
                estimate(p.inputs().get(0));
        };
    }
}
