package dev.nabla.engine;

import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.logical.*;
import java.util.List;
import java.util.function.Consumer;

/** Read-only traversal of plans: every node and every expression, subquery plans included. */
final class PlanWalk {
    private PlanWalk() {}

    /** The largest column id any plan node outputs (0 if none): fresh ids for engine-built nodes start above it. */
    static int maxColumnId(LogicalPlan plan) {
        int[] max = {0};
        new Walker(p -> {
            for (Column c : p.output()) max[0] = Math.max(max[0], c.id());
            if (p instanceof Scan s && s.rowIdColumn() != null) max[0] = Math.max(max[0], s.rowIdColumn().id());
        }, e -> { }).plan(plan);
        return max[0];
    }

    /**
     * The largest column id used by a plan or by expressions evaluated over it (subquery plans and
     * references included): an UPDATE's SET values may hold subqueries whose ids run past the rows plan's.
     */
    static int maxColumnId(LogicalPlan plan, List<Expr> exprs) {
        int[] max = {maxColumnId(plan)};
        Walker w = new Walker(p -> {
            for (Column c : p.output()) max[0] = Math.max(max[0], c.id());
            if (p instanceof Scan s && s.rowIdColumn() != null) max[0] = Math.max(max[0], s.rowIdColumn().id());
        }, e -> { if (e instanceof ColumnRef r) max[0] = Math.max(max[0], r.id()); });
        for (Expr e : exprs) w.expr(e);
        return max[0];
    }

    private record Walker(Consumer<LogicalPlan> onPlan, Consumer<Expr> onExpr) {
        void plan(LogicalPlan p) {
            onPlan.accept(p);
            switch (p) {
                case Scan s -> { if (s.filter() != null) expr(s.filter()); }
                case Values v -> v.rows().forEach(r -> r.forEach(this::expr));
                case Filter f -> expr(f.predicate());
                case Project pr -> pr.exprs().forEach(this::expr);
                case Aggregate a -> {
                    a.groupKeys().forEach(this::expr);
                    a.aggregates().forEach(this::expr);
                }
                case Window w -> w.functions().forEach(this::expr);
                case Join j -> { if (j.condition() != null) expr(j.condition()); }
                case Sort s -> s.keys().forEach(k -> expr(k.expr()));
                case Limit l -> {
                    if (l.limit() != null) expr(l.limit());
                    if (l.offset() != null) expr(l.offset());
                }
                case SingleRow r -> { }
                case Distinct d -> { }
                case SetOp s -> { }
                case RecursiveCte r -> { }
                case WorkingTableScan w -> { }
            }
            for (LogicalPlan in : p.inputs()) plan(in);
        }

        void expr(Expr e) {
            onExpr.accept(e);
            if (e instanceof SubqueryExpr sq) plan(sq.plan());
            for (Expr c : e.children()) expr(c);
        }
    }
}
