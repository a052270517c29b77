package dev.nabla.plan.logical;

import java.util.List;
import java.util.Objects;

/**
 * WITH RECURSIVE: evaluates {@code anchor}, then repeatedly evaluates {@code recursive} — in which
 * {@link WorkingTableScan}s with the same {@code cteId} read only the previous iteration's rows — until
 * an iteration yields no (new, for UNION) rows. Output is every iteration's rows. Aggregates in the
 * recursive term therefore see only the previous iteration's rows.
 */
public record RecursiveCte(
        int cteId, String name, LogicalPlan anchor, LogicalPlan recursive, boolean unionAll, List<Column> output)
        implements LogicalPlan {
    public RecursiveCte {
        Objects.requireNonNull(anchor);
        Objects.requireNonNull(recursive);
        output = List.copyOf(output);
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of(anchor, recursive);
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return new RecursiveCte(cteId, name, inputs.get(0), inputs.get(1), unionAll, output);
    }
}
