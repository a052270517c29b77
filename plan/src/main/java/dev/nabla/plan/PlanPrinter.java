package dev.nabla.plan;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.CteScan;
import dev.nabla.plan.logical.Distinct;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.Limit;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.MaterializedCte;
import dev.nabla.plan.logical.PlanExprs;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** EXPLAIN text: an indented tree, one node per line, children two spaces deeper; subquery plans follow their node. */
public final class PlanPrinter {
    private PlanPrinter() {}

    public static String explain(LogicalPlan plan) {
        return explain(plan, p -> "");
    }

    /** EXPLAIN text with {@code annotate(node)} appended to each node's line (EXPLAIN ANALYZE statistics). */
    public static String explain(LogicalPlan plan, java.util.function.Function<LogicalPlan, String> annotate) {
        StringBuilder sb = new StringBuilder();
        print(plan, 0, sb, annotate);
        return sb.toString();
    }

    /** One node's line without indentation. */
    public static String describe(LogicalPlan p) {
        return switch (p) {
            case Project x -> "Project [" + projections(x) + "]";
            case Filter x -> "Filter " + x.predicate().toSql();
            case Scan x ->
                "Scan " + x.source().name() + " ["
                        + names(x.output().subList(0, x.columnIndexes().size())) + "]"
                        + (x.filter() == null ? "" : " filter=" + x.filter().toSql())
                        + (x.rowIdColumn() == null ? "" : " +rowid");
            case Join x ->
                (isHashJoin(x) ? "HashJoin " : "Join ")
                        + x.type()
                        + (x.condition() == null ? "" : " " + x.condition().toSql());
            case Aggregate x ->
                "Aggregate keys=[" + x.groupKeys().stream().map(Expr::toSql).collect(Collectors.joining(", "))
                        + "] aggs=[" + x.aggregates().stream().map(Expr::toSql).collect(Collectors.joining(", ")) + "]";
            case Window x ->
                "Window [" + x.functions().stream().map(Expr::toSql).collect(Collectors.joining(", ")) + "]";
            case Sort x ->
                "Sort [" + x.keys().stream().map(PlanPrinter::sortKey).collect(Collectors.joining(", ")) + "]";
            case Sample x -> x.describe();
            case dev.nabla.plan.logical.Unnest x -> x.describe();
            case Limit x ->
                "Limit " + (x.limit() == null ? "ALL" : x.limit().toSql())
                        + (x.offset() == null ? "" : " offset=" + x.offset().toSql());
            case Distinct x -> "Distinct";
            case Values x -> "Values rows=" + x.rows().size() + " [" + names(x.output()) + "]";
            case SingleRow x -> "SingleRow";
            case SetOp x -> "SetOp " + x.kind() + (x.all() ? " ALL" : "") + " [" + names(x.output()) + "]";
            case RecursiveCte x ->
                "RecursiveCte " + x.name() + (x.unionAll() ? " UNION ALL" : " UNION") + " [" + names(x.output()) + "]";
            case WorkingTableScan x -> "WorkingTableScan " + x.name() + " [" + names(x.output()) + "]";
            case MaterializedCte x -> "MaterializedCte " + x.name() + " (computed once; definition, then the query)";
            case CteScan x -> "CteScan " + x.name() + " [" + names(x.output()) + "]";
        };
    }

    private static void print(
            LogicalPlan p, int depth, StringBuilder sb, java.util.function.Function<LogicalPlan, String> annotate) {
        sb.append("  ".repeat(depth))
                .append(describe(p))
                .append(annotate.apply(p))
                .append('\n');
        for (LogicalPlan in : p.inputs()) print(in, depth + 1, sb, annotate);
        List<SubqueryExpr> subs = new ArrayList<>();
        for (Expr e : PlanExprs.exprs(p))
            Exprs.forEach(e, x -> {
                if (x instanceof SubqueryExpr s) subs.add(s);
            });
        for (SubqueryExpr s : subs) {
            sb.append("  ".repeat(depth + 1)).append("Subquery ").append(s.kind());
            if (!s.correlated().isEmpty()) {
                sb.append(" correlated=[")
                        .append(s.correlated().stream().map(ColumnRef::toSql).collect(Collectors.joining(", ")))
                        .append(']');
            }
            sb.append('\n');
            print(s.plan(), depth + 2, sb, annotate);
        }
    }

    private static String projections(Project x) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < x.exprs().size(); i++) {
            Expr e = x.exprs().get(i);
            Column c = x.output().get(i);
            String sql = e.toSql();
            parts.add(e instanceof ColumnRef r && r.name().equals(c.name()) ? sql : sql + " AS " + ident(c.name()));
        }
        return String.join(", ", parts);
    }

    private static String ident(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String names(List<Column> cols) {
        return cols.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    private static String sortKey(SortKey k) {
        String s = k.expr().toSql() + (k.ascending() ? "" : " DESC");
        if (k.nullsFirst() != k.ascending()) s += k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST";
        return s;
    }

    /**
     * True when the condition has an equality ({@code =} or {@code IS NOT DISTINCT FROM}) conjunct between the two
     * sides (the executor hashes those).
     */
    public static boolean isHashJoin(Join j) {
        if (j.condition() == null) return false;
        Set<Integer> l = ids(j.left().output()), r = ids(j.right().output());
        for (Expr c : Exprs.conjuncts(j.condition())) {
            if (c instanceof Call call && (call.fn() == Fn.EQ || call.fn() == Fn.IS_NOT_DISTINCT_FROM)) {
                Set<Integer> a = Exprs.columnIds(call.arg(0)), b = Exprs.columnIds(call.arg(1));
                if (!a.isEmpty()
                        && !b.isEmpty()
                        && (l.containsAll(a) && r.containsAll(b) || r.containsAll(a) && l.containsAll(b))) return true;
            }
        }
        return false;
    }

    private static Set<Integer> ids(List<Column> cols) {
        Set<Integer> s = new HashSet<>();
        for (Column c : cols) s.add(c.id());
        return s;
    }
}
