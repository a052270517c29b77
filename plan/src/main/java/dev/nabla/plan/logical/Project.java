package dev.nabla.plan.logical;

import dev.nabla.plan.expr.Expr;
import java.util.List;
import java.util.Objects;

/** Computes {@code exprs.get(i)} as output column {@code output.get(i)}. */
public record Project(LogicalPlan input, List<Expr> exprs, List<Column> output) implements LogicalPlan {
    public Project {
        Objects.requireNonNull(input);
        exprs = List.copyOf(exprs);
        output = List.copyOf(output);
        if (exprs.size() != output.size()) throw new IllegalArgumentException("Project arity");
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return new Project(inputs.get(0), exprs, output);
    }
}
