package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.logical.Distinct;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.Sort;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Correlated {@code EXISTS}, {@code NOT EXISTS} and {@code IN} conjuncts of a Filter become SEMI/ANTI
 * joins when the subquery is Filters (and a Project, Sort or Distinct) over a relation that reads no
 * outer column: the filters, plus {@code lhs = value} for IN, are the join condition. NOT EXISTS → ANTI
 * is exact with NULLs (a NULL condition is no match); IN → SEMI is exact in a filter, where NULL and
 * FALSE both drop the row. NOT IN becomes a null-aware ANTI join: {@code x NOT IN (SELECT v …)} is TRUE
 * only when no row of the subquery has {@code x = v} TRUE or UNKNOWN, i.e. when none satisfies
 * {@code x = v OR x IS NULL OR v IS NULL} (an empty subquery keeps the row even for a NULL {@code x}),
 * which is the ANTI join on that condition.
 */
public final class DecorrelateSubqueries implements Rule {
    @Override
    public String name() {
        return "DecorrelateSubqueries";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (!(node instanceof Filter f)) return Optional.empty();
        LogicalPlan input = f.input();
        List<Expr> keep = new ArrayList<>();
        boolean changed = false;
        for (Expr c : Exprs.conjuncts(f.predicate())) {
            LogicalPlan joined = rewrite(c, input);
            if (joined == null) {
                keep.add(c);
            } else {
                input = joined;
                changed = true;
            }
        }
        if (!changed) return Optional.empty();
        return Optional.of(keep.isEmpty() ? input : new Filter(input, Exprs.and(keep)));
    }

    /** {@code input} semi/anti-joined per conjunct {@code c}, or null when {@code c} does not qualify. */
    private static LogicalPlan rewrite(Expr c, LogicalPlan input) {
        boolean negated = false;
        Expr e = c;
        if (e instanceof Call call && call.fn() == Fn.NOT) {
            negated = true;
            e = call.arg(0);
        }
        if (!(e instanceof SubqueryExpr s) || s.correlated().isEmpty()) return null;
        if (s.kind() == SubqueryExpr.Kind.SCALAR) return null;
        Set<Integer> inputIds = ExtractJoinConditions.ids(input.output());
        for (ColumnRef r : s.correlated()) if (!inputIds.contains(r.id())) return null;
        List<Expr> conds = new ArrayList<>();
        LogicalPlan p = s.plan();
        Expr value = null;
        if (s.kind() == SubqueryExpr.Kind.IN) {
            if (!(p instanceof Project proj)
                    || proj.exprs().size() != 1
                    || Exprs.isVolatile(proj.exprs().get(0))
                    || Exprs.hasSubquery(proj.exprs().get(0))) return null;
            value = proj.exprs().get(0);
            p = proj.input();
        }
        while (true) {
            if (p instanceof Filter pf && !Exprs.isVolatile(pf.predicate()) && !Exprs.hasSubquery(pf.predicate())) {
                conds.add(pf.predicate());
                p = pf.input();
            } else if (s.kind() == SubqueryExpr.Kind.EXISTS
                    && (p instanceof Project || p instanceof Sort || p instanceof Distinct)) {
                p = p.inputs().get(0);
            } else {
                break;
            }
        }
        if (!new FreeColumns().of(p).isEmpty()) return null;
        if (value != null) {
            if (s.lhs() == null || Exprs.isVolatile(s.lhs())) return null;
            Expr eq = Exprs.comparison(Fn.EQ, s.lhs(), value);
            if (negated) {
                // null-aware: a NULL on either side makes x NOT IN (...) UNKNOWN once the subquery has a row
                eq = new Call(
                        Fn.OR,
                        DataType.BOOLEAN,
                        new Call(Fn.OR, DataType.BOOLEAN, eq, new Call(Fn.IS_NULL, DataType.BOOLEAN, s.lhs())),
                        new Call(Fn.IS_NULL, DataType.BOOLEAN, value));
            }
            conds.add(eq);
        }
        Expr cond = conds.isEmpty() ? null : Exprs.and(conds);
        return new Join(input, p, negated ? JoinType.ANTI : JoinType.SEMI, cond, input.output());
    }
}
