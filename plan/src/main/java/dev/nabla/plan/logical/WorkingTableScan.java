package dev.nabla.plan.logical;

import java.util.List;

/** Reads the current working table (previous iteration's rows) of the enclosing {@link RecursiveCte}. */
public record WorkingTableScan(int cteId, String name, List<Column> output) implements LogicalPlan {
    public WorkingTableScan {
        output = List.copyOf(output);
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
