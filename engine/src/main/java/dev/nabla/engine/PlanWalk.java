package dev.nabla.engine;

import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.logical.*;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Read-only traversals of bound statements: every plan node and every expression, subqueries included. */
final class PlanWalk {
    private PlanWalk() {}

    /** The plans and top-level expressions a statement carries. */
    static void roots(BoundStatement s, Consumer<LogicalPlan> plans, Consumer<Expr> exprs) {
        switch (s) {
            case BoundStatement.Query q -> plans.accept(q.plan());
            case BoundStatement.Insert i -> plans.accept(i.source());
            case BoundStatement.Update u -> {
                plans.accept(u.rows());
                u.values().forEach(exprs);
            }
            case BoundStatement.Delete d -> plans.accept(d.rows());
            case BoundStatement.CreateTableAs c -> plans.accept(c.source());
            case BoundStatement.CopyTo c -> plans.accept(c.source());
            case BoundStatement.Explain e -> roots(e.inner(), plans, exprs);
            case BoundStatement.CreateTable c -> {
                for (BoundStatement.ColumnSpec col : c.columns()) if (col.defaultValue() != null) exprs.accept(col.defaultValue());
            }
            default -> { }
        }
    }

    /** Visits every plan node (depth first, subquery plans included) and every expression node. */
    static void walk(BoundStatement s, Consumer<LogicalPlan> onPlan, Consumer<Expr> onExpr) {
        Walker w = new Walker(onPlan, onExpr);
        roots(s, w::plan, w::expr);
    }

    /** The statement's parameters by index; types come from the binder. */
    static List<DataType> parameterTypes(BoundStatement s) {
        TreeMap<Integer, DataType> params = new TreeMap<>();
        walk(s, p -> { }, e -> {
            if (e instanceof Param p) params.merge(p.index(), p.type(), (a, b) -> a == DataType.NULL ? b : a);
        });
        List<DataType> out = new ArrayList<>();
        int n = params.isEmpty() ? 0 : params.lastKey() + 1;
        for (int i = 0; i < n; i++) out.add(params.getOrDefault(i, DataType.VARCHAR));
        return out;
    }

    /** The largest column id any plan node outputs (0 if none): fresh ids for engine-built nodes start above it. */
    static int maxColumnId(LogicalPlan plan) {
        int[] max = {0};
        new Walker(p -> {
            for (Column c : p.output()) max[0] = Math.max(max[0], c.id());
            if (p instanceof Scan s && s.rowIdColumn() != null) max[0] = Math.max(max[0], s.rowIdColumn().id());
        }, e -> { }).plan(plan);
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
