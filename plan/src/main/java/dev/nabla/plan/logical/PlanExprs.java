package dev.nabla.plan.logical;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** The expressions held by plan nodes: rewriting and visiting them uniformly. */
public final class PlanExprs {
    private PlanExprs() {}

    /** This node with {@code f} applied to each of its own expressions (inputs untouched). */
    public static LogicalPlan mapNode(LogicalPlan p, UnaryOperator<Expr> f) {
        return switch (p) {
            case Filter x -> new Filter(x.input(), f.apply(x.predicate()));
            case Project x -> new Project(x.input(), map(x.exprs(), f), x.output());
            case Aggregate x ->
                new Aggregate(
                        x.input(),
                        map(x.groupKeys(), f),
                        x.aggregates().stream().map(a -> (AggCall) f.apply(a)).toList(),
                        x.output());
            case Window x ->
                new Window(
                        x.input(),
                        x.functions().stream().map(w -> (WindowCall) f.apply(w)).toList(),
                        x.output());
            case Join x ->
                x.condition() == null ? x : new Join(x.left(), x.right(), x.type(), f.apply(x.condition()), x.output());
            case Sort x ->
                new Sort(
                        x.input(),
                        x.keys().stream()
                                .map(k -> new SortKey(f.apply(k.expr()), k.ascending(), k.nullsFirst()))
                                .toList());
            case Sample x -> x;
            case Unnest x -> x.mapLists(f);
            case Limit x ->
                new Limit(
                        x.input(),
                        x.limit() == null ? null : f.apply(x.limit()),
                        x.offset() == null ? null : f.apply(x.offset()));
            case Values x -> new Values(x.rows().stream().map(r -> map(r, f)).toList(), x.output());
            case Scan x ->
                x.filter() == null
                        ? x
                        : new Scan(x.source(), x.columnIndexes(), x.output(), f.apply(x.filter()), x.rowIdColumn());
            case SingleRow x -> x;
            case Distinct x -> x;
            case SetOp x -> x;
            case RecursiveCte x -> x;
            case WorkingTableScan x -> x;
            case MaterializedCte x -> x;
            case CteScan x -> x;
        };
    }

    /** The node's own expressions. */
    public static List<Expr> exprs(LogicalPlan p) {
        List<Expr> out = new ArrayList<>();
        mapNode(p, e -> {
            out.add(e);
            return e;
        });
        return out;
    }

    /**
     * Rewrites every expression in the whole tree, bottom-up within each expression, including inside
     * subquery plans.
     */
    public static LogicalPlan mapDeep(LogicalPlan p, UnaryOperator<Expr> f) {
        List<LogicalPlan> ins = p.inputs();
        LogicalPlan node = p;
        if (!ins.isEmpty()) {
            List<LogicalPlan> nins = new ArrayList<>(ins.size());
            for (LogicalPlan in : ins) nins.add(mapDeep(in, f));
            node = p.withInputs(nins);
        }
        return mapNode(
                node,
                e -> Exprs.transformUp(
                        e, x -> f.apply(x instanceof SubqueryExpr s ? s.withPlan(mapDeep(s.plan(), f)) : x)));
    }

    /** Visits every expression node in the whole tree, including subquery plans. */
    public static void forEachDeep(LogicalPlan p, Consumer<Expr> visitor) {
        for (LogicalPlan in : p.inputs()) forEachDeep(in, visitor);
        for (Expr e : exprs(p)) {
            Exprs.forEach(e, x -> {
                visitor.accept(x);
                if (x instanceof SubqueryExpr s) forEachDeep(s.plan(), visitor);
            });
        }
    }

    /**
     * The largest column id that {@code plan} or {@code exprs} define or read, subquery plans included
     * (0 if none): plans built at run time (COPY FROM, CTAS, ALTER TABLE) number their columns above it.
     */
    public static int maxColumnId(LogicalPlan plan, List<Expr> exprs) {
        int[] max = {0};
        Consumer<LogicalPlan> onPlan = p -> {
            for (Column c : p.output()) max[0] = Math.max(max[0], c.id());
            if (p instanceof Scan sc && sc.rowIdColumn() != null)
                max[0] = Math.max(max[0], sc.rowIdColumn().id());
        };
        Consumer<Expr> onExpr = x -> {
            if (x instanceof ColumnRef r) max[0] = Math.max(max[0], r.id());
        };
        forEachNodeDeep(plan, onPlan, onExpr);
        for (Expr e : exprs) {
            Exprs.forEach(e, x -> {
                onExpr.accept(x);
                if (x instanceof SubqueryExpr sq) forEachNodeDeep(sq.plan(), onPlan, onExpr);
            });
        }
        return max[0];
    }

    /** Visits every plan node and every expression node in the whole tree, subquery plans included. */
    public static void forEachNodeDeep(LogicalPlan p, Consumer<LogicalPlan> onPlan, Consumer<Expr> onExpr) {
        onPlan.accept(p);
        for (LogicalPlan in : p.inputs()) forEachNodeDeep(in, onPlan, onExpr);
        for (Expr e : exprs(p)) {
            Exprs.forEach(e, x -> {
                onExpr.accept(x);
                if (x instanceof SubqueryExpr s) forEachNodeDeep(s.plan(), onPlan, onExpr);
            });
        }
    }

    private static List<Expr> map(List<Expr> l, UnaryOperator<Expr> f) {
        List<Expr> out = new ArrayList<>(l.size());
        for (Expr e : l) out.add(f.apply(e));
        return out;
    }
}
