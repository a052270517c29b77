package dev.nabla.plan.fn;

import dev.nabla.plan.expr.AggFn;
import java.util.List;

/** An aggregate function's names (the first is its own) and description; the engine's accumulators evaluate it. */
public record AggregateFunction(AggFn fn, List<String> names, String description) {
    public AggregateFunction {
        names = List.copyOf(names);
        if (names.isEmpty()) throw new IllegalArgumentException(fn + " needs a name");
    }
}
