package dev.nabla.plan.logical;

import dev.nabla.plan.expr.Literal;

/** Row-count facts about a plan that hold by its shape alone (no statistics). */
public final class Cardinality {
    private Cardinality() {}

    /**
     * True when {@code p} yields at most one row: no FROM, one-row VALUES, an ungrouped aggregate, LIMIT 1
     * or 0, and anything over those that only drops or extends rows. The binder marks such relations'
     * columns single-row and the Differentiate stage treats a variable read from one as constant per group.
     */
    public static boolean maxOneRow(LogicalPlan p) {
        return switch (p) {
            case SingleRow s -> true;
            case Values v -> v.rows().size() <= 1;
            case Aggregate a -> a.groupKeys().isEmpty();
            case Project x -> maxOneRow(x.input());
            case Filter x -> maxOneRow(x.input());
            case Sort x -> maxOneRow(x.input());
            case Window x -> maxOneRow(x.input());
            case Distinct x -> maxOneRow(x.input());
            case Limit l ->
                maxOneRow(l.input()) || (l.limit() instanceof Literal lit && lit.value() instanceof Long k && k <= 1);
            case Join j -> false;
            case Scan s -> false;
            case SetOp s -> false;
            case Sample s -> false;
            case Unnest u -> false;
            case RecursiveCte r -> false;
            case WorkingTableScan w -> false;
            case MaterializedCte m -> maxOneRow(m.body());
            case CteScan c -> maxOneRow(c.definition());
        };
    }
}
