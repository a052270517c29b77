package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.PlanExprs;
import java.util.Optional;

/**
 * Evaluates constant subtrees (arithmetic, comparisons, casts, some math and string functions). Leaves
 * alone whatever might overflow, divide by zero or otherwise behave differently at runtime
 * (see {@link ConstantEvaluator}).
 */
public final class FoldConstants implements Rule {
    @Override
    public String name() {
        return "FoldConstants";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        boolean[] changed = {false};
        LogicalPlan out = PlanExprs.mapNode(node, e -> {
            var r = Exprs.transformUp(e, x -> {
                var f = ConstantEvaluator.foldNode(x);
                if (f != x) changed[0] = true;
                return f;
            });
            return r;
        });
        return changed[0] ? Optional.of(out) : Optional.empty();
    }
}
