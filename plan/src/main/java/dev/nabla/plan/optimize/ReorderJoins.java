package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        int n = leaves.size();
        if (n > 62) return Optional.empty(); // leaf sets are bit masks of a long
        Map<Integer, Integer> leafOf = new HashMap<>();
        for (int i = 0; i < n; i++) for (int id : leafIds.get(i)) leafOf.put(id, i);
        // conjuncts of a single leaf filter that leaf (before anything is estimated: q2's part is 1/250 of
        // the table after p_size = 15 AND p_type LIKE '%BRASS'); the others go to the lowest join covering them
        List<Expr> pending = new ArrayList<>();
        List<List<Expr>> leafConds = new ArrayList<>();
        for (int i = 0; i < n; i++) leafConds.add(new ArrayList<>());
        for (Expr c : conds) {
            int[] ls = leavesOf(c, leafOf);
            if (ls.length == 1 && !Exprs.hasSubquery(c)) leafConds.get(ls[0]).add(c);
            else pending.add(c);
        }
        List<LogicalPlan> filtered = new ArrayList<>(leaves);
        for (int i = 0; i < n; i++) {
            if (!leafConds.get(i).isEmpty()) filtered.set(i, new Filter(leaves.get(i), Exprs.and(leafConds.get(i))));
        }
        JoinGraph g = new JoinGraph(filtered, pending, leafOf);
        JoinGraph.Tree best = n <= JoinGraph.DP_LIMIT ? g.dynamicProgramming() : g.greedy();
        // keep the tree as it is unless another is cheaper: an equally cheap one (the order this rule chose in
        // an earlier pass, its leaves and conjuncts collected in another order) would be rebuilt forever. The
        // kept tree still gets its conjuncts placed as below (a condition above a cross product moves down).
        JoinGraph.Tree current = shape(node, new int[] {0}, g);
        if (current != null && current.mask() == (1L << n) - 1 && best.cost() >= current.cost() * (1 - 1e-9))
            best = current;

        // conjunct placement: the lowest join whose leaves cover the conjunct's (the first join for none)
        Map<JoinGraph.Tree, List<Expr>> at = new java.util.IdentityHashMap<>();
        for (Expr c : pending) {
            long mask = 0;
            for (int l : leavesOf(c, leafOf)) mask |= 1L << l;
            JoinGraph.Tree t = best;
            while (true) {
                if (t.left().leaf() < 0 && (mask & ~t.left().mask()) == 0) t = t.left();
                else if (t.right().leaf() < 0 && (mask & ~t.right().mask()) == 0) t = t.right();
                else break;
            }
            at.computeIfAbsent(t, k -> new ArrayList<>()).add(c);
        }
        LogicalPlan cur = build(best, filtered, at);
        List<Column> want = node.output();
        if (!sameIds(cur.output(), want)) {
            cur = new Project(cur, want.stream().map(c -> (Expr) c.ref()).toList(), want);
        }
        if (cur.equals(node)) return Optional.empty();
        // already in this order (only the restoring Project would be added again): nothing to do
        if (cur instanceof Project p && p.input().equals(node)) return Optional.empty();
        return Optional.of(cur);
    }

    /** The plan of a tree: the larger input on the left (probe), the smaller on the right (the hash join's build). */
    private static LogicalPlan build(JoinGraph.Tree t, List<LogicalPlan> leaves, Map<JoinGraph.Tree, List<Expr>> at) {
        if (t.leaf() >= 0) return leaves.get(t.leaf());
        LogicalPlan l = build(t.left(), leaves, at), r = build(t.right(), leaves, at);
        List<Column> out = new ArrayList<>(l.output());
        out.addAll(r.output());
        Expr cond = Exprs.and(at.getOrDefault(t, List.of()));
        return new Join(l, r, cond == null ? JoinType.CROSS : JoinType.INNER, cond, out);
    }

    /**
     * The tree {@code p} already is, over the leaves in {@link #flatten}'s order, costed as the graph costs
     * its own; null when a part of it is not a join of those leaves.
     */
    private static JoinGraph.Tree shape(LogicalPlan p, int[] next, JoinGraph g) {
        if (isInner(p)) {
            Join j = (Join) p;
            JoinGraph.Tree l = shape(j.left(), next, g);
            JoinGraph.Tree r = shape(j.right(), next, g);
            return l == null || r == null ? null : g.join(l, r);
        }
        if (p instanceof Project pr && isPassThrough(pr) && isJoinTree(pr.input())) return shape(pr.input(), next, g);
        if (p instanceof Filter f && isJoinTree(f.input()) && !Exprs.isVolatile(f.predicate()))
            return shape(f.input(), next, g);
        int i = next[0]++;
        return i < g.size() ? g.leaf(i) : null;
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

    private static boolean sameIds(List<Column> a, List<Column> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (a.get(i).id() != b.get(i).id()) return false;
        return true;
    }
}
