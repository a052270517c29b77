package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.List;

/**
 * A bound, typed expression. Column references name columns by a statement-unique id (not by
 * position), so optimizer rules can move expressions between plan nodes without re-indexing; the
 * physical planner maps ids to batch positions. Trees are immutable; rewrite with
 * {@link #withChildren}. Aggregate and window calls appear only in {@code Aggregate}/{@code Window}
 * nodes; {@link Derivative} is expanded by the autograd module before execution.
 */
public sealed interface Expr
        permits Literal, ColumnRef, Param, Call, Cast, CaseWhen, SubqueryExpr, AggCall, WindowCall, Derivative {
    DataType type();

    Span span();

    List<Expr> children();

    Expr withChildren(List<Expr> children);

    /** SQL text for EXPLAIN, error messages and {@code derivative()}. */
    String toSql();
}
