package dev.nabla.plan.differentiate;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Aggregate;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.CteScan;
import dev.nabla.plan.logical.Distinct;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes intermediate columns of a FROM plan visible at its top. A derivative taken through a CTE,
 * view or derived table substitutes the definitions of the columns it passes (w := v*v, v := x*x), and
 * its result reads the intermediate primal values (d w/dx = 2*v*2*x reads v). Those columns are
 * computed by a Project below but not passed up; this rewrite passes them through every Project (and
 * Window and Join) between their origin and the top, unchanged: the same rows, more columns.
 *
 * <p>Nodes that change which rows exist per value (DISTINCT, aggregates, set operations) cannot pass a
 * column they do not already output: a derivative through them is refused with a GRAD error.
 */
final class ExposeColumns {
    private ExposeColumns() {}

    /** {@code plan} with every column id of {@code wanted} in its output (those already there stay as they are). */
    static LogicalPlan expose(LogicalPlan plan, Set<Integer> wanted, Span span) {
        Set<Integer> missing = new HashSet<>(wanted);
        for (Column c : plan.output()) missing.remove(c.id());
        if (missing.isEmpty()) return plan;
        LogicalPlan out = rewrite(plan, missing, span);
        for (Column c : out.output()) missing.remove(c.id());
        if (!missing.isEmpty())
            throw cannot(span, "the intermediate value it reads is not computed in the FROM clause");
        return out;
    }

    /** {@code plan} with as many of {@code ids} in its output as are computed in it (none lost). */
    private static LogicalPlan rewrite(LogicalPlan plan, Set<Integer> wanted, Span span) {
        // only the columns this node does not output yet, and only if some input computes one of them
        Set<Integer> ids = new HashSet<>(wanted);
        for (Column c : plan.output()) ids.remove(c.id());
        boolean below = false;
        for (LogicalPlan in : plan.inputs()) below |= computedBelow(in, ids);
        if (!below) return plan;
        return switch (plan) {
            case Project p -> {
                LogicalPlan in = rewrite(p.input(), ids, span);
                List<Expr> exprs = new ArrayList<>(p.exprs());
                List<Column> cols = new ArrayList<>(p.output());
                Set<Integer> have = idsOf(cols);
                for (Column c : in.output()) {
                    if (ids.contains(c.id()) && have.add(c.id())) {
                        exprs.add(c.ref());
                        cols.add(c);
                    }
                }
                yield new Project(in, exprs, cols);
            }
            case Filter f -> new Filter(rewrite(f.input(), ids, span), f.predicate());
            case Sort s -> new Sort(rewrite(s.input(), ids, span), s.keys());
            case Limit l -> l.withInputs(List.of(rewrite(l.input(), ids, span)));
            case Sample s -> s.withInputs(List.of(rewrite(s.input(), ids, span)));
            case dev.nabla.plan.logical.Unnest u -> u.withInputs(List.of(rewrite(u.input(), ids, span)));
            case Window w -> {
                LogicalPlan in = rewrite(w.input(), ids, span);
                // the input's columns, then the function columns: the layout the Window operator produces
                Set<Integer> inputIds = idsOf(w.input().output());
                List<Column> cols = new ArrayList<>(in.output());
                for (Column c : w.output()) if (!inputIds.contains(c.id())) cols.add(c);
                yield new Window(in, w.functions(), cols);
            }
            case Join j -> {
                LogicalPlan l = rewrite(j.left(), ids, span);
                boolean leftOnly = j.type() == JoinType.SEMI || j.type() == JoinType.ANTI;
                LogicalPlan r = leftOnly ? j.right() : rewrite(j.right(), ids, span);
                List<Column> cols = new ArrayList<>(j.output());
                Set<Integer> have = idsOf(cols);
                int leftEnd = 0;
                for (Column c : j.output()) if (containsId(j.left().output(), c.id())) leftEnd++;
                List<Column> addLeft = new ArrayList<>();
                for (Column c : l.output()) if (ids.contains(c.id()) && have.add(c.id())) addLeft.add(nullable(c));
                cols.addAll(leftEnd, addLeft);
                if (!leftOnly)
                    for (Column c : r.output()) if (ids.contains(c.id()) && have.add(c.id())) cols.add(nullable(c));
                yield new Join(l, r, j.type(), j.condition(), cols);
            }
            case Distinct d -> throw cannot(span, "a DISTINCT below it would see more columns");
            case Aggregate a -> throw cannot(span, "it reads a value computed below an aggregation");
            case SetOp s -> throw cannot(span, "it reads a value computed inside a set operation");
            case RecursiveCte r -> throw cannot(span, "it reads a value computed inside a recursive CTE");
            case Scan s -> s;
            case Values v -> v;
            case SingleRow s -> s;
            case WorkingTableScan w -> w;
            // ShareCtes runs after the Differentiate stage: neither node exists yet here
            case MaterializedCte m -> throw cannot(span, "it reads a value computed inside a shared CTE");
            case CteScan c -> throw cannot(span, "it reads a value computed inside a shared CTE");
        };
    }

    /** True when some node of {@code plan} outputs one of {@code ids}. */
    private static boolean computedBelow(LogicalPlan plan, Set<Integer> ids) {
        for (Column c : plan.output()) if (ids.contains(c.id())) return true;
        for (LogicalPlan in : plan.inputs()) if (computedBelow(in, ids)) return true;
        return false;
    }

    private static Set<Integer> idsOf(List<Column> cols) {
        Set<Integer> s = new HashSet<>();
        for (Column c : cols) s.add(c.id());
        return s;
    }

    private static boolean containsId(List<Column> cols, int id) {
        for (Column c : cols) if (c.id() == id) return true;
        return false;
    }

    private static Column nullable(Column c) {
        return new Column(c.id(), c.name(), c.qualifier(), c.type(), true);
    }

    private static NablaException cannot(Span span, String why) {
        return new NablaException(
                ErrorCode.GRAD, span, "grad: cannot differentiate through the FROM clause here: " + why);
    }
}
