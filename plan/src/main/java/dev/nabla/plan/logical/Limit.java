package dev.nabla.plan.logical;

import dev.nabla.plan.expr.Expr;
import java.util.List;
import java.util.Objects;

/** LIMIT/OFFSET; each is a constant expression (literal or parameter) or null when absent. */
public record Limit(LogicalPlan input, Expr limit, Expr offset) implements LogicalPlan {
    public Limit {
        Objects.requireNonNull(input);
    }

    @Override
    public List<Column> output() {
        return input.output();
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return new Limit(inputs.get(0), limit, offset);
    }
}
