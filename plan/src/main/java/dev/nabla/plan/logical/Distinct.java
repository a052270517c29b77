package dev.nabla.plan.logical;

import java.util.List;
import java.util.Objects;

/** Removes duplicate rows (NULLs compare equal here). */
public record Distinct(LogicalPlan input) implements LogicalPlan {
    public Distinct {
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
        return new Distinct(inputs.get(0));
    }
}
