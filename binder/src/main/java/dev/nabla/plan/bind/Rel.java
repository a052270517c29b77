package dev.nabla.plan.bind;

import dev.nabla.plan.logical.LogicalPlan;
import java.util.List;

/** A bound FROM item or query: its plan and the fields it makes visible (in plan output order, possibly fewer). */
record Rel(LogicalPlan plan, List<Field> fields) {
    Rel {
        fields = List.copyOf(fields);
    }
}
