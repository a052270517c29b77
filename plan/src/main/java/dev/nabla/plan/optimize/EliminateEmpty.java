package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.CteScan;
import dev.nabla.plan.logical.Distinct;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.Limit;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.MaterializedCte;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.RecursiveCte;
import dev.nabla.plan.logical.Sample;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.SetOp;
import dev.nabla.plan.logical.SingleRow;
import dev.nabla.plan.logical.Sort;
import dev.nabla.plan.logical.Values;
import dev.nabla.plan.logical.Window;
import dev.nabla.plan.logical.WorkingTableScan;
import java.util.List;
import java.util.Optional;

/**
 * Replaces what can never produce a row with an empty {@link Values}: a Filter on constant FALSE/NULL,
 * LIMIT 0, and operators over an empty input (an Aggregate without keys still yields a row, so it stays).
 */
public final class EliminateEmpty implements Rule {
    @Override
    public String name() {
        return "EliminateEmpty";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        boolean empty = switch (node) {
            case Filter f ->
                f.predicate() instanceof Literal l && !Boolean.TRUE.equals(l.value()) || isEmpty(f.input());
            case Sample s -> s.size() == 0 || isEmpty(s.input());
            case dev.nabla.plan.logical.Unnest u -> isEmpty(u.input());
            case Limit l ->
                l.limit() instanceof Literal lit && lit.value() instanceof Long n && n == 0 || isEmpty(l.input());
            case Project p -> isEmpty(p.input());
            case Sort s -> isEmpty(s.input());
            case Distinct d -> isEmpty(d.input());
            case Window w -> isEmpty(w.input());
            case Aggregate a -> !a.groupKeys().isEmpty() && isEmpty(a.input());
            case Join j ->
                switch (j.type()) {
                    case INNER, CROSS, SEMI -> isEmpty(j.left()) || isEmpty(j.right());
                    case LEFT, ANTI -> isEmpty(j.left());
                    case RIGHT -> isEmpty(j.right());
                    case FULL -> isEmpty(j.left()) && isEmpty(j.right());
                };
            case Scan _, Values _, SingleRow _, SetOp _, RecursiveCte _, WorkingTableScan _, CteScan _ -> false;
            case MaterializedCte m -> isEmpty(m.body());
        };
        if (node instanceof Filter f && f.predicate() instanceof Literal l && Boolean.TRUE.equals(l.value()))
            return Optional.of(f.input());
        return empty && !isEmpty(node) ? Optional.of(new Values(List.of(), node.output())) : Optional.empty();
    }

    static boolean isEmpty(LogicalPlan p) {
        return p instanceof Values v && v.rows().isEmpty();
    }
}
