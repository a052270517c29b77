package dev.nabla.plan.logical;

import java.util.List;
import java.util.Objects;

/** UNION / INTERSECT / EXCEPT [ALL]; inputs have the same arity, types already unified by the binder. */
public record SetOp(Kind kind, boolean all, LogicalPlan left, LogicalPlan right, List<Column> output)
        implements LogicalPlan {
    public enum Kind {
        UNION,
        INTERSECT,
        EXCEPT
    }

    public SetOp {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(left);
        Objects.requireNonNull(right);
        output = List.copyOf(output);
    }

    @Override
    public List<LogicalPlan> inputs() {
        return List.of(left, right);
    }

    @Override
    public LogicalPlan withInputs(List<LogicalPlan> inputs) {
        return new SetOp(kind, all, inputs.get(0), inputs.get(1), output);
    }
}
