package dev.nabla.plan.logical;

import dev.nabla.plan.expr.SortKey;
import java.util.List;
import java.util.Objects;

/** Orders rows by keys (stable). */
public record Sort(LogicalPlan input, List<SortKey> keys) implements LogicalPlan {
    public Sort {
        Objects.requireNonNull(input);
        keys = List.copyOf(keys);
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
        return new Sort(inputs.get(0), keys);
    }
}
