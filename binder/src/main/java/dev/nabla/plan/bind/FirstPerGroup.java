package dev.nabla.plan.bind;

import dev.nabla.common.Span;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.ColumnIds;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Window;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans that keep one row per group, built from ROW_NUMBER windows so that every executor path that
 * runs windows runs them: DISTINCT ON keeps the first row of each group of equal ON values, and
 * UPDATE ... FROM the first joined row of each target row.
 */
final class FirstPerGroup {
    private FirstPerGroup() {}

    /**
     * {@code input} plus a trailing BIGINT column numbering its rows 1, 2, ... in the order the input
     * produces them (a window without partition or order keeps its input order).
     */
    static Window numbered(LogicalPlan input, String name, ColumnIds ids) {
        return rowNumber(input, List.of(), List.of(), name, ids);
    }

    /**
     * The rows of {@code input} that come first, in {@code order}, among those with equal {@code keys}
     * (NULLs equal to each other, as in GROUP BY); output = input columns plus one trailing row-number column.
     * With no order any one row of each group is kept.
     */
    static LogicalPlan first(LogicalPlan input, List<Expr> keys, List<SortKey> order, ColumnIds ids) {
        Window w = rowNumber(input, keys, order, "#first", ids);
        Column n = w.output().getLast();
        return new Filter(w, new Call(Fn.EQ, DataType.BOOLEAN, n.ref(), Literal.ofLong(1)));
    }

    private static Window rowNumber(
            LogicalPlan input, List<Expr> keys, List<SortKey> order, String name, ColumnIds ids) {
        WindowCall.Frame frame = order.isEmpty() ? WindowCall.Frame.WHOLE_PARTITION : WindowCall.Frame.DEFAULT_ORDERED;
        WindowCall call = new WindowCall(
                WindowCall.WindowFn.ROW_NUMBER, null, List.of(), keys, order, frame, DataType.BIGINT, Span.NONE);
        List<Column> out = new ArrayList<>(input.output());
        out.add(new Column(ids.next(), name, null, DataType.BIGINT, false));
        return new Window(input, List.of(call), out);
    }
}
