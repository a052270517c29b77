package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Objects;

/**
 * A subquery used as a value. SCALAR: the single column of at most one row (NULL if none; more than
 * one row is an error). EXISTS: whether any row exists. IN: {@code lhs IN (plan)} with SQL
 * three-valued semantics. {@code correlated} lists the outer columns the plan references (empty when
 * uncorrelated, so the executor can evaluate it once).
 */
public record SubqueryExpr(Kind kind, LogicalPlan plan, Expr lhs, List<ColumnRef> correlated, DataType type, Span span)
        implements Expr {
    public enum Kind {
        SCALAR,
        EXISTS,
        IN
    }

    public SubqueryExpr {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(plan);
        correlated = List.copyOf(correlated);
        span = span == null ? Span.NONE : span;
        if ((kind == Kind.IN) != (lhs != null)) throw new IllegalArgumentException("IN needs lhs, others don't");
    }

    @Override
    public List<Expr> children() {
        return lhs == null ? List.of() : List.of(lhs);
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return new SubqueryExpr(kind, plan, children.isEmpty() ? null : children.get(0), correlated, type, span);
    }

    public SubqueryExpr withPlan(LogicalPlan newPlan) {
        return new SubqueryExpr(kind, newPlan, lhs, correlated, type, span);
    }

    @Override
    public String toSql() {
        return switch (kind) {
            case SCALAR -> "(<subquery>)";
            case EXISTS -> "EXISTS(<subquery>)";
            case IN -> lhs.toSql() + " IN (<subquery>)";
        };
    }
}
