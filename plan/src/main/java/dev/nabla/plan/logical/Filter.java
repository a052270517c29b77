package dev.nabla.plan.logical;

import dev.nabla.plan.expr.Expr;
import java.util.List;
import java.util.Objects;

/** Keeps the rows where predicate is TRUE (not FALSE, not NULL). */
public record Filter(LogicalPlan input, Expr predicate) implements LogicalPlan {
    public Filter {
        Objects.requireNonNull(input);
        Objects.requireNonNull(predicate);
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
        return new Filter(inputs.get(0), predicate);
    }
}
