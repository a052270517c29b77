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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Filter over an inner or cross join (possibly through a column-order-restoring Project): conjuncts that
 * read the join's columns become part of the join condition (a cross join with a condition becomes an
 * inner join), so the executor can hash-join on them; PushDownFilter then moves one-side conjuncts on
 * down and ReorderJoins spreads the rest over a join tree.
 */
public final class ExtractJoinConditions implements Rule {
    @Override
    public String name() {
        return "ExtractJoinConditions";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (!(node instanceof Filter f)) return Optional.empty();
        // look through a pass-through Project (same ids) such as the one ReorderJoins leaves on top
        Project pass = f.input() instanceof Project p && isPassThrough(p) ? p : null;
        LogicalPlan below = pass == null ? f.input() : pass.input();
        if (!(below instanceof Join j) || (j.type() != JoinType.INNER && j.type() != JoinType.CROSS))
            return Optional.empty();
        Set<Integer> l = ids(j.left().output()), r = ids(j.right().output());
        List<Expr> move = new ArrayList<>(), keep = new ArrayList<>();
        for (Expr c : Exprs.conjuncts(f.predicate())) {
            Set<Integer> used = Exprs.columnIds(c);
            // one-side conjuncts move too: PushDownFilter sends them on to that side, ReorderJoins places the rest
            boolean joinColumns = used.stream().anyMatch(id -> l.contains(id) || r.contains(id));
            (joinColumns && !Exprs.isVolatile(c) ? move : keep).add(c);
        }
        if (move.isEmpty()) return Optional.empty();
        List<Expr> cond = new ArrayList<>();
        if (j.condition() != null) cond.addAll(Exprs.conjuncts(j.condition()));
        cond.addAll(move);
        LogicalPlan join = new Join(j.left(), j.right(), JoinType.INNER, Exprs.and(cond), j.output());
        if (pass != null) join = new Project(join, pass.exprs(), pass.output());
        return Optional.of(keep.isEmpty() ? join : new Filter(join, Exprs.and(keep)));
    }

    static boolean isPassThrough(Project p) {
        for (int i = 0; i < p.exprs().size(); i++) {
            if (!(p.exprs().get(i) instanceof dev.nabla.plan.expr.ColumnRef c)
                    || c.id() != p.output().get(i).id()) return false;
        }
        return true;
    }

    static Set<Integer> ids(List<Column> cols) {
        Set<Integer> s = new HashSet<>();
        for (Column c : cols) s.add(c.id());
        return s;
    }
}
