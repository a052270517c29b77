package dev.nabla.plan.bound;

import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;

/**
 * Turns a bound {@code grad}/{@code jvp}/{@code vjp} into an ordinary expression. Implemented by the
 * autograd module and handed to the binder and the Differentiate stage by the engine, so {@code plan}
 * does not depend on {@code autograd}. The stage ({@code dev.nabla.plan.differentiate.Differentiate})
 * calls it after binding, with the query level's aggregate and window calls put back inline, so
 * {@code grad(SUM(f), w)} arrives with the {@code AggCall} inline; the {@link Context} is answered
 * from the plan nodes.
 */
public interface DerivativeExpander {
    /** The expanded, simplified derivative; throws NablaException(ErrorCode.GRAD, span, ...) when undefined. */
    Expr expand(Derivative derivative, Context context);

    /**
     * The text of {@code derivative('expr', 'variable')}, folded when the call is bound; errors carry spans
     * within {@code expr}. The default says the function is unavailable (a bare autograd without a parser).
     */
    default String derivativeText(String expr, String variable) {
        throw new dev.nabla.common.NablaException(
                dev.nabla.common.ErrorCode.UNSUPPORTED, "derivative() is not available in this context");
    }

    /** What the plan around a derivative says about the columns it mentions. */
    interface Context {
        /**
         * The defining expression of a computed column visible in this query (a CTE, derived table or
         * view column defined as an expression of lower columns), or null for a stored or opaque column
         * (e.g. an aggregate's output). Autograd substitutes definitions to differentiate through aliases.
         */
        Expr definitionOf(ColumnRef column);

        /**
         * For a column with no definition that still carries values of other columns (a UNION/INTERSECT/
         * EXCEPT output): the columns its values come from, so a derivative through it can be refused
         * instead of taken as 0. Empty for a stored column.
         */
        default java.util.List<Expr> sourcesOf(ColumnRef column) {
            return java.util.List.of();
        }

        /** True when the column is constant within each group of the enclosing aggregation (a GROUP BY key). */
        boolean constantPerGroup(ColumnRef column);

        /** Records an expansion for EXPLAIN GRAD: the derivative, its result, DAG node counts before/after simplification. */
        void report(Derivative derivative, Expr result, int nodesBeforeSimplify, int nodesAfterSimplify);
    }
}
