package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.Limit;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reorders a tree of inner/cross joins into a left-deep chain chosen greedily: start from the smallest
 * relation, then repeatedly add the smallest relation connected to what is joined so far by an equality
 * predicate, falling back to a cross product only when no connected relation is left. Each conjunct is
 * attached to the first join that has all its columns. A Project restores the original column order.
 */
public final class ReorderJoins implements Rule {
    @Override public String name() { return "ReorderJoins"; }

    @Override public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (!isInner(node) && !(node instanceof Project p && isPassThrough(p) && isInner(p.input()))) return Optional.empty();
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
        for (int i = 0; i < leaves.size(); i++) {
            Set<Integer> reads = PruneColumns.deepIds(leaves.get(i));
            reads.removeAll(leafIds.get(i));
            reads.retainAll(allIds);
            if (!reads.isEmpty()) return Optional.empty();
        }

        // greedy order
        int n = leaves.size();
        double[] est = new double[n];
        for (int i = 0; i < n; i++) est[i] = estimate(leaves.get(i));
        boolean[] used = new boolean[n];
        List<Integer> order = new ArrayList<>();
        Set<Integer> joined = new HashSet<>();
        for (int step = 0; step < n; step++) {
            int best = -1;
            boolean bestConnected = false;
            for (int i = 0; i < n; i++) {
                if (used[i]) continue;
                boolean connected = step > 0 && connected(conds, joined, leafIds.get(i), allIds);
                if (best < 0 || (connected && !bestConnected) || (connected == bestConnected && est[i] < est[best])) {
                    best = i;
                    bestConnected = connected;
                }
            }
            used[best] = true;
            order.add(best);
            joined.addAll(leafIds.get(best));
        }

        // left-deep rebuild, each conjunct at the lowest join that covers it
        List<Expr> pending = new ArrayList<>(conds);
        LogicalPlan cur = leaves.get(order.get(0));
        Set<Integer> have = new HashSet<>(leafIds.get(order.get(0)));
        for (int k = 1; k < n; k++) {
            LogicalPlan next = leaves.get(order.get(k));
            have.addAll(leafIds.get(order.get(k)));
            List<Expr> here = new ArrayList<>();
            for (var it = pending.iterator(); it.hasNext(); ) {
                Expr c = it.next();
                Set<Integer> ids = Exprs.columnIds(c);
                ids.retainAll(allIds);
                if (have.containsAll(ids)) {
                    here.add(c);
                    it.remove();
                }
            }
            List<Column> out = new ArrayList<>(cur.output());
            out.addAll(next.output());
            Expr cond = Exprs.and(here);
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
            if (j.condition() != null) {
                for (Expr c : Exprs.conjuncts(j.condition())) if (!(c instanceof Literal l && Boolean.TRUE.equals(l.value()))) conds.add(c);
            }
        } else if (p instanceof Project pr && isPassThrough(pr) && isInner(pr.input())) {
            // a column-order-restoring Project from an earlier reordering
            flatten(pr.input(), leaves, conds);
        } else {
            leaves.add(p);
        }
    }

    private static boolean isPassThrough(Project p) {
        for (int i = 0; i < p.exprs().size(); i++) {
            if (!(p.exprs().get(i) instanceof dev.nabla.plan.expr.ColumnRef r) || r.id() != p.output().get(i).id()) return false;
        }
        return true;
    }

    /** Whether an equality conjunct links {@code candidate} to the {@code joined} columns. */
    private static boolean connected(List<Expr> conds, Set<Integer> joined, Set<Integer> candidate, Set<Integer> all) {
        for (Expr c : conds) {
            if (!(c instanceof Call call && call.fn() == Fn.EQ)) continue;
            Set<Integer> a = Exprs.columnIds(call.arg(0)), b = Exprs.columnIds(call.arg(1));
            a.retainAll(all);
            b.retainAll(all);
            if (a.isEmpty() || b.isEmpty()) continue;
            if (joined.containsAll(a) && candidate.containsAll(b) || joined.containsAll(b) && candidate.containsAll(a)) return true;
        }
        return false;
    }

    private static boolean sameIds(List<Column> a, List<Column> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (a.get(i).id() != b.get(i).id()) return false;
        return true;
    }

    /** Rough output row count of a join leaf. */
    static double estimate(LogicalPlan p) {
        return switch (p) {
            case Scan s -> (s.source().estimatedRows() < 0 ? 1000 : s.source().estimatedRows()) * (s.filter() == null ? 1 : 0.25);
            case Filter f -> estimate(f.input()) * (f.input() instanceof Scan s && s.filter() != null ? 1 : 0.25);
            case Values v -> v.rows().size();
            case Aggregate a -> a.groupKeys().isEmpty() ? 1 : Math.max(1, estimate(a.input()) / 10);
            case Limit l -> l.limit() instanceof Literal lit && lit.value() instanceof Long k ? Math.min(k, estimate(l.input())) : estimate(l.input());
            case Join j -> estimate(j.left()) * estimate(j.right()) * (j.condition() == null ? 1 : 0.1);
            default -> p.inputs().isEmpty() ? 1000 : estimate(p.inputs().get(0));
        };
    }
}
