package dev.nabla.plan.logical;

import java.util.List;

/** One row with no columns: the input of a SELECT without FROM. */
public record SingleRow() implements LogicalPlan {
    @Override
    public List<Column> output() {
        return List.of();
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of();
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return this;
    }
}
