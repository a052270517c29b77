package dev.nabla.plan.logical;

import dev.nabla.plan.expr.Expr;
import java.util.List;
import java.util.Objects;

/**
 * Joins two inputs on {@code condition} (null = no condition, i.e. a cross product). Output is the left
 * columns then the right columns (left only for SEMI/ANTI); outer joins make the other side nullable.
 * The executor uses a hash join when the condition has equality conjuncts between the two sides.
 */
public record Join(LogicalPlan left, LogicalPlan right, JoinType type, Expr condition, List<Column> output)
        implements LogicalPlan {
    public Join {
        Objects.requireNonNull(left);
        Objects.requireNonNull(right);
        Objects.requireNonNull(type);
        output = List.copyOf(output);
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of(left, right);
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return new Join(inputs.get(0), inputs.get(1), type, condition, output);
    }
}
