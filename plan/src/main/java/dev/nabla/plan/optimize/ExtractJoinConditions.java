package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.LogicalPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Filter over an inner or cross join: conjuncts that read columns of both sides become part of the join
 * condition (a cross join with a condition becomes an inner join), so the executor can hash-join on them.
 */
public final class ExtractJoinConditions implements Rule {
    @Override public String name() { return "ExtractJoinConditions"; }

    @Override public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (!(node instanceof Filter f) || !(f.input() instanceof Join j) || (j.type() != JoinType.INNER && j.type() != JoinType.CROSS)) {
            return Optional.empty();
        }
        Set<Integer> l = ids(j.left().output()), r = ids(j.right().output());
        List<Expr> move = new ArrayList<>(), keep = new ArrayList<>();
        for (Expr c : Exprs.conjuncts(f.predicate())) {
            Set<Integer> used = Exprs.columnIds(c);
            boolean both = used.stream().anyMatch(l::contains) && used.stream().anyMatch(r::contains);
            (both && !Exprs.isVolatile(c) ? move : keep).add(c);
        }
        if (move.isEmpty()) return Optional.empty();
        List<Expr> cond = new ArrayList<>();
        if (j.condition() != null) cond.addAll(Exprs.conjuncts(j.condition()));
        cond.addAll(move);
        LogicalPlan join = new Join(j.left(), j.right(), JoinType.INNER, Exprs.and(cond), j.output());
        return Optional.of(keep.isEmpty() ? join : new Filter(join, Exprs.and(keep)));
    }

    static Set<Integer> ids(List<Column> cols) {
        Set<Integer> s = new HashSet<>();
        for (Column c : cols) s.add(c.id());
        return s;
    }
}
