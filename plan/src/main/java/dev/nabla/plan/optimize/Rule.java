package dev.nabla.plan.optimize;

import dev.nabla.plan.logical.LogicalPlan;
import java.util.Optional;

/**
 * One rewrite, applied by the {@link Optimizer} to every node. It returns the replacement, which must
 * produce the same output columns (ids and types) as {@code node}, or empty when it does not apply.
 */
public interface Rule {
    String name();

    Optional<LogicalPlan> apply(LogicalPlan node);
}
