package dev.nabla.engine.exec.fused;

import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.engine.exec.op.PhysicalPlanner;
import dev.nabla.plan.logical.Aggregate;

/**
 * Physical-planner rule: implements an {@link Aggregate} with a fused kernel instead of the ordinary
 * hash aggregation. The planner applies it to every aggregate while {@code SET fused} is on (the
 * default); when it does not fire, the planner builds the hash aggregation. Fires when:
 * <ul>
 *   <li>one integer GROUP BY key over a stored-table scan, optionally filtered, with only
 *       SUM/AVG/COUNT of fusable double arithmetic → {@code FusedGroupAggregate} (morsel scan, WHERE
 *       into a selection vector);</li>
 *   <li>no GROUP BY (or keys taken only from a one-row side), only SUM/AVG/COUNT/COUNT(*) of fusable
 *       arithmetic, over any input or a condition-free cross/inner join whose other side is a plain
 *       scan → {@code FusedAggregate} (the one-row side's values become kernel scalars; a stored table
 *       is read in morsels by up to {@code threads} workers).</li>
 * </ul>
 * Does not fire for DISTINCT or FILTER aggregates, other aggregate functions, non-double results,
 * expressions the kernel compiler cannot translate, or without SIMD ({@code -Dnabla.simd=scalar}).
 * Both fused operators sum with {@code ExactSum}, as the hash aggregation does, so firing or not never
 * changes a result's bits.
 */
public final class FusedAggregateRule {
    private FusedAggregateRule() {}

    /** The fused operator for {@code a}, or null when the rule does not fire. */
    public static PhysicalNode apply(Aggregate a, PhysicalPlanner planner) {
        PhysicalNode grouped = FusedGroupAggregateNode.match(a, planner);
        return grouped != null ? grouped : FusedAggregateNode.match(a, planner);
    }
}
