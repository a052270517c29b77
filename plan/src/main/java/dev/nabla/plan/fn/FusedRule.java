package dev.nabla.plan.fn;

import dev.nabla.vector.fused.FusedExpr;
import java.util.List;

/** A function's fused-kernel IR over its translated arguments, or null where this call cannot be fused. */
@FunctionalInterface
public interface FusedRule {
    FusedExpr build(Fusing f, List<FusedExpr> args);
}
