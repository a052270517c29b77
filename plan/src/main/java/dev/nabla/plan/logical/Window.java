package dev.nabla.plan.logical;

import dev.nabla.plan.expr.WindowCall;
import java.util.List;
import java.util.Objects;

/** Appends one column per window function to the input's columns (output = input columns + functions). */
public record Window(LogicalPlan input, List<WindowCall> functions, List<Column> output) implements LogicalPlan {
    public Window {
        Objects.requireNonNull(input);
        functions = List.copyOf(functions);
        output = List.copyOf(output);
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of(input);
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return new Window(inputs.get(0), functions, output);
    }
}
