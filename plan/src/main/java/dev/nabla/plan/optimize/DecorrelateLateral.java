package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An inner/cross join whose right side reads left columns (LATERAL) and is a Project over Filters over
 * something that does not: the filters become the join condition and the projection moves above the
 * join, so the right side no longer depends on the left row:
 * {@code Join(l, Project(Filter(x)))} → {@code Project(Join(l, x, filter))}.
 */
public final class DecorrelateLateral implements Rule {
    @Override
    public String name() {
        return "DecorrelateLateral";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (!(node instanceof Join j) || (j.type() != JoinType.INNER && j.type() != JoinType.CROSS))
            return Optional.empty();
        Set<Integer> leftIds = ExtractJoinConditions.ids(j.left().output());
        FreeColumns free = new FreeColumns();
        if (free.of(j.right()).stream().noneMatch(leftIds::contains)) return Optional.empty();
        Project top = j.right() instanceof Project p ? p : null;
        LogicalPlan r = top == null ? j.right() : top.input();
        List<Expr> conds = new ArrayList<>();
        if (j.condition() != null) conds.add(j.condition());
        while (r instanceof Filter f) {
            conds.add(f.predicate());
            r = f.input();
        }
        if (free.of(r).stream().anyMatch(leftIds::contains)) return Optional.empty();
        if (top != null && top.exprs().stream().anyMatch(e -> Exprs.isVolatile(e) || Exprs.hasSubquery(e)))
            return Optional.empty();
        List<Column> out = new ArrayList<>(j.left().output());
        out.addAll(r.output());
        Expr cond = Exprs.and(conds);
        LogicalPlan join = new Join(j.left(), r, cond == null ? JoinType.CROSS : JoinType.INNER, cond, out);
        if (top == null)
            return Optional.of(new Project(
                    join, j.output().stream().map(c -> (Expr) c.ref()).toList(), j.output()));
        List<Expr> exprs = new ArrayList<>();
        for (Column c : j.left().output()) exprs.add(c.ref());
        exprs.addAll(top.exprs());
        return Optional.of(new Project(join, exprs, j.output()));
    }
}
