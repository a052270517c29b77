package dev.nabla.plan.bind;

import dev.nabla.plan.expr.Expr;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * An ORDER BY or DISTINCT ON key as the binder first sees it: a select-list position (an ordinal or an
 * output name), or an expression over the FROM scope that the later phases of a SELECT rewrite (past
 * the aggregation, past the windows) and the projection then computes as a hidden column.
 */
sealed interface SortTarget {
    /** The {@code index}-th select item. */
    record Position(int index) implements SortTarget {}

    /** An expression bound in the FROM scope. */
    record Computed(Expr expr) implements SortTarget {}

    /** This target with {@code f} applied to its expression; a position is unchanged. */
    default SortTarget map(UnaryOperator<Expr> f) {
        return switch (this) {
            case Position p -> p;
            case Computed c -> new Computed(f.apply(c.expr()));
        };
    }

    /** Passes a computed target's expression to {@code visitor}. */
    default void forExpr(Consumer<Expr> visitor) {
        if (this instanceof Computed c) visitor.accept(c.expr());
    }
}
