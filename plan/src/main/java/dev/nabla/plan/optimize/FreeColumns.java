package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.PlanExprs;
import dev.nabla.plan.logical.Scan;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The columns a subtree reads but does not produce itself (outer references: correlated or LATERAL),
 * memoized per node for the lifetime of one instance.
 */
final class FreeColumns {
    private final IdentityHashMap<LogicalPlan, Set<Integer>> memo = new IdentityHashMap<>();

    Set<Integer> of(LogicalPlan p) {
        Set<Integer> cached = memo.get(p);
        if (cached != null) return cached;
        Set<Integer> free = new HashSet<>();
        for (Expr e : PlanExprs.exprs(p)) free.addAll(Exprs.columnIds(e));
        Set<Integer> produced = new HashSet<>();
        for (LogicalPlan in : p.inputs()) {
            free.addAll(of(in));
            for (Column c : in.output()) produced.add(c.id());
        }
        // a Scan's pushed-down filter reads the scan's own columns: they are not outer references
        if (p instanceof Scan) for (Column c : p.output()) produced.add(c.id());
        free.removeAll(produced);
        memo.put(p, free);
        return free;
    }
}
