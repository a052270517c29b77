package dev.nabla.plan.logical;

import dev.nabla.plan.expr.Expr;
import java.util.List;

/** Literal rows (VALUES ...); each row's expressions reference no columns (params allowed). */
public record Values(List<List<Expr>> rows, List<Column> output) implements LogicalPlan {
    public Values {
        rows = rows.stream().map(List::copyOf).toList();
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
