package dev.nabla.plan.logical;

import java.util.List;

/**
 * Reads the rows the enclosing {@link MaterializedCte} with the same {@code cteId} stored. {@code output}
 * has fresh ids per reference; column i is the definition's column i. {@code definition} is that plan as
 * it was when the scan was made, kept only for row estimates and cardinality (it is not an input: rules do
 * not rewrite it, and nothing executes it through this node).
 */
public record CteScan(int cteId, String name, List<Column> output, LogicalPlan definition) implements LogicalPlan {
    public CteScan {
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

    /** Identity, not the deep structure of {@code definition}: two scans are equal when they read the same rows. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CteScan c && c.cteId == cteId && c.output.equals(output);
    }

    @Override
    public int hashCode() {
        return 31 * cteId + output.hashCode();
    }

    @Override
    public String toString() {
        return "CteScan[" + cteId + ", " + name + ", " + output + "]";
    }
}
