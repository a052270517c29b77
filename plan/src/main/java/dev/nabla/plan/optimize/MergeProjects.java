package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Project over Project becomes one Project when that duplicates no work: the outer one only picks
 * columns, or the inner one only renames/reorders columns and constants. Not when the outer one has
 * subqueries, whose correlated references may name the inner columns.
 */
public final class MergeProjects implements Rule {
    @Override
    public String name() {
        return "MergeProjects";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (!(node instanceof Project outer) || !(outer.input() instanceof Project inner)) return Optional.empty();
        boolean outerPicks = outer.exprs().stream().allMatch(e -> e instanceof ColumnRef);
        boolean innerCheap = inner.exprs().stream().allMatch(e -> e instanceof ColumnRef || e instanceof Literal);
        if (!outerPicks && !innerCheap) return Optional.empty();
        if (outer.exprs().stream().anyMatch(Exprs::hasSubquery)) return Optional.empty();
        Map<Integer, Expr> defs = new HashMap<>();
        for (int i = 0; i < inner.exprs().size(); i++)
            defs.put(inner.output().get(i).id(), inner.exprs().get(i));
        List<Expr> merged = new ArrayList<>();
        for (Expr e : outer.exprs())
            merged.add(Exprs.transformDown(e, x -> x instanceof ColumnRef r ? defs.get(r.id()) : null));
        return Optional.of(new Project(inner.input(), merged, outer.output()));
    }
}
