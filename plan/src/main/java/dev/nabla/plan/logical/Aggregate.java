package dev.nabla.plan.logical;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Expr;
import java.util.List;
import java.util.Objects;

/**
 * Groups by {@code groupKeys} and computes {@code aggregates}; output is one column per key, then one
 * per aggregate. With no keys it yields exactly one row, also for empty input.
 */
public record Aggregate(LogicalPlan input, List<Expr> groupKeys, List<AggCall> aggregates, List<Column> output)
        implements LogicalPlan {
    public Aggregate {
        Objects.requireNonNull(input);
        groupKeys = List.copyOf(groupKeys);
        aggregates = List.copyOf(aggregates);
        output = List.copyOf(output);
        if (output.size() != groupKeys.size() + aggregates.size())
            throw new IllegalArgumentException("Aggregate arity");
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return new Aggregate(inputs.get(0), groupKeys, aggregates, output);
    }
}
