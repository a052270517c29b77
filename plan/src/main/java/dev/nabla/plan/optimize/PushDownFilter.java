package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.logical.Aggregate;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moves filter conjuncts towards the scans: merges stacked filters, pushes through Project (substituting
 * the projected expressions), Sort and Distinct, into the side of a join that provides all their columns
 * (only the non-null-extended side of outer joins), below an Aggregate when they read only group keys,
 * pushes single-side conjuncts of join conditions into that side where that keeps the join's meaning
 * (either side of INNER and SEMI, the inner side of outer joins, the right side of ANTI), and hands the deterministic
 * conjuncts to {@link Scan#filter()} as a hint (the Filter stays above: sources may filter inexactly).
 */
public final class PushDownFilter implements Rule {
    @Override
    public String name() {
        return "PushDownFilter";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (node instanceof Join j) return joinCondition(j);
        if (!(node instanceof Filter f)) return Optional.empty();
        List<Expr> conj = Exprs.conjuncts(f.predicate());
        return switch (f.input()) {
            case Filter inner ->
                Optional.of(new Filter(inner.input(), Exprs.and(List.of(inner.predicate(), f.predicate()))));
            case Sort s -> Optional.of(new Sort(new Filter(s.input(), f.predicate()), s.keys()));
            case Distinct d -> Optional.of(new Distinct(new Filter(d.input(), f.predicate())));
            case Project p -> throughProject(f, p, conj);
            case Join j -> intoJoin(f, j, conj);
            case Aggregate a -> belowAggregate(f, a, conj);
            case Scan s -> intoScan(f, s, conj);
            // a Window's or Limit's rows depend on the rows below it; the rest are leaves or set operations
            case dev.nabla.plan.logical.Unnest u -> belowUnnest(u, conj);
            case Values _,
                    SingleRow _,
                    Window _,
                    Limit _,
                    Sample _,
                    SetOp _,
                    RecursiveCte _,
                    WorkingTableScan _,
                    MaterializedCte _,
                    CteScan _ -> Optional.empty();
        };
    }

    private static boolean movable(Expr c) {
        return !Exprs.isVolatile(c);
    }

    private static Optional<LogicalPlan> throughProject(Filter f, Project p, List<Expr> conj) {
        Map<Integer, Expr> defs = new HashMap<>();
        for (int i = 0; i < p.exprs().size(); i++) {
            Expr e = p.exprs().get(i);
            if (!Exprs.isVolatile(e) && !Exprs.hasSubquery(e))
                defs.put(p.output().get(i).id(), e);
        }
        Set<Integer> outIds = ExtractJoinConditions.ids(p.output());
        List<Expr> push = new ArrayList<>(), keep = new ArrayList<>();
        for (Expr c : conj) {
            Set<Integer> used = Exprs.columnIds(c);
            boolean ok = movable(c) && !Exprs.hasSubquery(c);
            for (int id : used) if (outIds.contains(id) && !defs.containsKey(id)) ok = false;
            if (!ok) {
                keep.add(c);
                continue;
            }
            push.add(Exprs.transformDown(
                    c,
                    x -> x instanceof ColumnRef r && defs.containsKey(r.id()) && outIds.contains(r.id())
                            ? defs.get(r.id())
                            : null));
        }
        if (push.isEmpty()) return Optional.empty();
        LogicalPlan below = new Project(new Filter(p.input(), Exprs.and(push)), p.exprs(), p.output());
        return Optional.of(keep.isEmpty() ? below : new Filter(below, Exprs.and(keep)));
    }

    private static Optional<LogicalPlan> intoJoin(Filter f, Join j, List<Expr> conj) {
        Set<Integer> l = ExtractJoinConditions.ids(j.left().output()),
                r = ExtractJoinConditions.ids(j.right().output());
        boolean toLeft = j.type() == JoinType.INNER
                || j.type() == JoinType.CROSS
                || j.type() == JoinType.LEFT
                || j.type() == JoinType.SEMI
                || j.type() == JoinType.ANTI;
        boolean toRight = j.type() == JoinType.INNER || j.type() == JoinType.CROSS || j.type() == JoinType.RIGHT;
        List<Expr> left = new ArrayList<>(), right = new ArrayList<>(), keep = new ArrayList<>();
        for (Expr c : conj) {
            Set<Integer> used = Exprs.columnIds(c);
            boolean usesL = used.stream().anyMatch(l::contains),
                    usesR = used.stream().anyMatch(r::contains);
            if (!movable(c) || (!usesL && !usesR)) keep.add(c);
            else if (!usesR && toLeft) left.add(c);
            else if (!usesL && toRight) right.add(c);
            else keep.add(c);
        }
        if (left.isEmpty() && right.isEmpty()) return Optional.empty();
        LogicalPlan nl = left.isEmpty() ? j.left() : new Filter(j.left(), Exprs.and(left));
        LogicalPlan nr = right.isEmpty() ? j.right() : new Filter(j.right(), Exprs.and(right));
        LogicalPlan join = new Join(nl, nr, j.type(), j.condition(), j.output());
        return Optional.of(keep.isEmpty() ? join : new Filter(join, Exprs.and(keep)));
    }

    /** Single-side conjuncts of an inner join's condition (or the right side's of a LEFT join) filter that side first. */
    private static Optional<LogicalPlan> joinCondition(Join j) {
        if (j.condition() == null) return Optional.empty();
        boolean inner = j.type() == JoinType.INNER;
        boolean leftOuter = j.type() == JoinType.LEFT, rightOuter = j.type() == JoinType.RIGHT;
        boolean semi = j.type() == JoinType.SEMI, anti = j.type() == JoinType.ANTI;
        if (!inner && !leftOuter && !rightOuter && !semi && !anti) return Optional.empty();
        Set<Integer> l = ExtractJoinConditions.ids(j.left().output()),
                r = ExtractJoinConditions.ids(j.right().output());
        List<Expr> left = new ArrayList<>(), right = new ArrayList<>(), keep = new ArrayList<>();
        for (Expr c : Exprs.conjuncts(j.condition())) {
            Set<Integer> used = Exprs.columnIds(c);
            boolean usesL = used.stream().anyMatch(l::contains),
                    usesR = used.stream().anyMatch(r::contains);
            if (!movable(c) || usesL == usesR) keep.add(c);
            else if (usesL && (inner || rightOuter || semi)) left.add(c);
            else if (usesR && (inner || leftOuter || semi || anti)) right.add(c);
            else keep.add(c);
        }
        if (left.isEmpty() && right.isEmpty()) return Optional.empty();
        LogicalPlan nl = left.isEmpty() ? j.left() : new Filter(j.left(), Exprs.and(left));
        LogicalPlan nr = right.isEmpty() ? j.right() : new Filter(j.right(), Exprs.and(right));
        JoinType type = keep.isEmpty() && inner ? JoinType.CROSS : j.type();
        Expr cond = keep.isEmpty()
                ? (inner ? null : new dev.nabla.plan.expr.Literal(true, dev.nabla.storage.DataType.BOOLEAN, null))
                : Exprs.and(keep);
        return Optional.of(new Join(nl, nr, type, cond, j.output()));
    }

    private static Optional<LogicalPlan> belowAggregate(Filter f, Aggregate a, List<Expr> conj) {
        Set<Integer> keyIds = new java.util.HashSet<>();
        for (Expr k : a.groupKeys()) if (k instanceof ColumnRef r) keyIds.add(r.id());
        Set<Integer> outIds = ExtractJoinConditions.ids(a.output());
        List<Expr> push = new ArrayList<>(), keep = new ArrayList<>();
        for (Expr c : conj) {
            Set<Integer> used = Exprs.columnIds(c);
            boolean ok = movable(c) && !a.groupKeys().isEmpty();
            for (int id : used) if (outIds.contains(id) && !keyIds.contains(id)) ok = false;
            (ok ? push : keep).add(c);
        }
        if (push.isEmpty()) return Optional.empty();
        LogicalPlan below =
                new Aggregate(new Filter(a.input(), Exprs.and(push)), a.groupKeys(), a.aggregates(), a.output());
        return Optional.of(keep.isEmpty() ? below : new Filter(below, Exprs.and(keep)));
    }

    /**
     * Below an Unnest, the conjuncts that read only its input's columns: each input row's output rows share those
     * values, so filtering before repeating the row keeps the same rows (for an outer unnest too). A conjunct on
     * an element or ordinality column stays above.
     */
    private static Optional<LogicalPlan> belowUnnest(dev.nabla.plan.logical.Unnest u, List<Expr> conj) {
        Set<Integer> added = ExtractJoinConditions.ids(u.added());
        List<Expr> push = new ArrayList<>(), keep = new ArrayList<>();
        for (Expr c : conj) {
            boolean ok = movable(c) && !Exprs.hasSubquery(c);
            for (int id : Exprs.columnIds(c)) if (added.contains(id)) ok = false;
            (ok ? push : keep).add(c);
        }
        if (push.isEmpty()) return Optional.empty();
        LogicalPlan below = u.withInputs(List.of(new Filter(u.input(), Exprs.and(push))));
        return Optional.of(keep.isEmpty() ? below : new Filter(below, Exprs.and(keep)));
    }

    private static boolean isColumnEqualsParam(Expr c) {
        return c instanceof Call call
                && call.fn() == Fn.EQ
                && ((call.args().get(0) instanceof ColumnRef && call.args().get(1) instanceof Param)
                        || (call.args().get(0) instanceof Param && call.args().get(1) instanceof ColumnRef));
    }

    private static Optional<LogicalPlan> intoScan(Filter f, Scan s, List<Expr> conj) {
        List<Expr> hint = new ArrayList<>();
        Set<Integer> own = ExtractJoinConditions.ids(s.output());
        for (Expr c : conj) {
            // a parameter only in "column = ?", which a stored table answers with a key lookup (its value is bound at
            // execution)
            if (!movable(c)
                    || Exprs.hasSubquery(c)
                    || (Exprs.any(c, x -> x instanceof Param) && !isColumnEqualsParam(c))) continue;
            if (!own.containsAll(Exprs.columnIds(c))) continue;
            hint.add(c);
        }
        Expr h = Exprs.and(hint);
        if (h == null || h.equals(s.filter())) return Optional.empty();
        return Optional.of(
                new Filter(new Scan(s.source(), s.columnIndexes(), s.output(), h, s.rowIdColumn()), f.predicate()));
    }
}
