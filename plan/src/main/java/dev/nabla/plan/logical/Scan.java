package dev.nabla.plan.logical;

import dev.nabla.plan.expr.Expr;
import java.util.List;
import java.util.Objects;

/**
 * Reads columns {@code columnIndexes} of a source; {@code output.get(i)} is source column
 * {@code columnIndexes.get(i)}. {@code filter} is a predicate pushed into the scan (null when none),
 * which sources like NetCDF use to prune what they read. With {@code rowIdColumn} non-null the scan also
 * emits each row's storage row id (BIGINT) as the last output column, for UPDATE and DELETE.
 */
public record Scan(
        TableSource source, List<Integer> columnIndexes, List<Column> output, Expr filter, Column rowIdColumn)
        implements LogicalPlan {
    public Scan {
        Objects.requireNonNull(source);
        columnIndexes = List.copyOf(columnIndexes);
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
