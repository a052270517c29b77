package dev.nabla.plan.bind;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.ColumnIds;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.SetOp;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GROUP BY GROUPING SETS / ROLLUP / CUBE as a UNION ALL of one ordinary {@link Aggregate} per grouping
 * set over the same input plan. Each branch projects to the same shape: every key (NULL where the set
 * does not group by it), every aggregate, then one constant per GROUPING(..) call. Ordinary aggregates
 * keep every existing path (fused scans, parallel aggregation, derivatives in arguments); the input is
 * evaluated once per set, so the cost stays linear in rows.
 */
final class GroupingSetsPlan {
    private GroupingSetsPlan() {}

    /**
     * The union plan. Fills {@code keyRefs} (key -> union column), {@code aggRefs} (aggregate -> union
     * column) and {@code groupingValues} (GROUPING call -> union column).
     */
    static LogicalPlan build(
            LogicalPlan input,
            List<Expr> keys,
            List<List<Expr>> sets,
            Map<AggCall, ColumnRef> aggRefs,
            Map<Expr, ColumnRef> keyRefs,
            List<AggCall> groupingCalls,
            Map<AggCall, Expr> groupingValues,
            ColumnIds ids) {
        List<AggCall> aggs = new ArrayList<>(aggRefs.keySet());
        List<Column> shape = new ArrayList<>();
        for (Expr k : keys)
            shape.add(new Column(0, k instanceof ColumnRef r ? r.name() : k.toSql(), null, k.type(), true));
        for (AggCall a : aggs) shape.add(new Column(0, a.toSql(), null, a.type(), true));
        for (AggCall g : groupingCalls) shape.add(new Column(0, g.toSql(), null, DataType.INTEGER, false));

        LogicalPlan union = null;
        for (int b = 0; b < sets.size(); b++) {
            List<Expr> set = sets.get(b);
            List<Column> aggOut = new ArrayList<>();
            for (Expr k : set) aggOut.add(new Column(ids.next(), k.toSql(), null, k.type(), true));
            for (AggCall a : aggs) aggOut.add(new Column(ids.next(), a.toSql(), null, a.type(), true));
            Aggregate agg = new Aggregate(input, set, aggs, aggOut);
            List<Expr> exprs = new ArrayList<>();
            for (Expr k : keys) {
                int at = set.indexOf(k);
                exprs.add(at >= 0 ? aggOut.get(at).ref() : Literal.nullOf(k.type()));
            }
            for (int i = 0; i < aggs.size(); i++)
                exprs.add(aggOut.get(set.size() + i).ref());
            for (AggCall g : groupingCalls) exprs.add(new Literal(mask(g, set), DataType.INTEGER, g.span()));
            LogicalPlan branch = new Project(agg, exprs, fresh(shape, ids));
            union = union == null ? branch : new SetOp(SetOp.Kind.UNION, true, union, branch, fresh(shape, ids));
        }
        List<Column> out = union.output();
        int i = 0;
        for (Expr k : keys) keyRefs.put(k, out.get(i++).ref());
        for (AggCall a : aggs) aggRefs.put(a, out.get(i++).ref());
        for (AggCall g : groupingCalls) groupingValues.put(g, out.get(i++).ref());
        return union;
    }

    /** PostgreSQL's GROUPING: bit (n-1-j) is set when argument j is not grouped in {@code set}. */
    private static long mask(AggCall grouping, List<Expr> set) {
        long m = 0;
        for (Expr arg : grouping.args()) m = (m << 1) | (set.contains(arg) ? 0 : 1);
        return m;
    }

    private static List<Column> fresh(List<Column> shape, ColumnIds ids) {
        List<Column> out = new ArrayList<>();
        for (Column c : shape) out.add(new Column(ids.next(), c.name(), c.qualifier(), c.type(), c.nullable()));
        return out;
    }
}
