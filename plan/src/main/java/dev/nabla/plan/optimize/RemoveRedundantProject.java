package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import java.util.List;
import java.util.Optional;

/** Drops a Project that passes its input's columns through unchanged (same ids, types and order). */
public final class RemoveRedundantProject implements Rule {
    @Override
    public String name() {
        return "RemoveRedundantProject";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (!(node instanceof Project p)) return Optional.empty();
        List<Column> in = p.input().output(), out = p.output();
        if (in.size() != out.size()) return Optional.empty();
        for (int i = 0; i < out.size(); i++) {
            Expr e = p.exprs().get(i);
            if (!(e instanceof ColumnRef r)
                    || r.id() != in.get(i).id()
                    || out.get(i).id() != r.id()
                    || !out.get(i).type().equals(in.get(i).type())) {
                return Optional.empty();
            }
        }
        return Optional.of(p.input());
    }
}
