package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
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
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An inner join condition with a disjunction over both sides, {@code (p_brand = 'B12' AND l_quantity <= 11)
 * OR (p_brand = 'B23' AND l_quantity <= 20)}, implies a filter on each side: the OR of each disjunct's
 * conjuncts that read that side alone ({@code p_brand = 'B12' OR p_brand = 'B23'}). Those implied filters
 * are added to the condition (the OR itself stays), and PushDownFilter moves them into the inputs, so each
 * side is reduced before the join (TPC-H q19; DuckDB derives the same filters). A side gets no filter
 * when some disjunct says nothing about it alone, and none twice: a filter already present in the
 * condition or anywhere below on that side is not derived again.
 */
public final class DeriveOrFilters implements Rule {
    @Override
    public String name() {
        return "DeriveOrFilters";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        if (!(node instanceof Join j) || j.type() != JoinType.INNER || j.condition() == null) return Optional.empty();
        List<Expr> conds = Exprs.conjuncts(j.condition());
        List<Expr> added = new ArrayList<>();
        Set<Integer> l = ExtractJoinConditions.ids(j.left().output()),
                r = ExtractJoinConditions.ids(j.right().output());
        for (Expr c : conds) {
            if (!(c instanceof Call call && call.fn() == Fn.OR) || Exprs.isVolatile(c) || Exprs.hasSubquery(c))
                continue;
            for (var side : List.of(l, r)) {
                Expr d = derive(c, side);
                if (d == null || conds.contains(d) || added.contains(d)) continue;
                if (known(side == l ? j.left() : j.right()).contains(d)) continue;
                added.add(d);
            }
        }
        if (added.isEmpty()) return Optional.empty();
        List<Expr> all = new ArrayList<>(conds);
        all.addAll(added);
        return Optional.of(new Join(j.left(), j.right(), j.type(), Exprs.and(all), j.output()));
    }

    /** The OR, over its disjuncts, of their conjuncts that read only {@code side}; null if a disjunct has none. */
    private static Expr derive(Expr or, Set<Integer> side) {
        List<Expr> disjuncts = new ArrayList<>();
        disjuncts(or, disjuncts);
        Expr out = null;
        for (Expr d : disjuncts) {
            List<Expr> mine = new ArrayList<>();
            for (Expr c : Exprs.conjuncts(d)) {
                Set<Integer> used = Exprs.columnIds(c);
                if (!used.isEmpty() && side.containsAll(used)) mine.add(c);
            }
            if (mine.isEmpty()) return null;
            Expr a = Exprs.and(mine);
            out = out == null ? a : new Call(Fn.OR, DataType.BOOLEAN, out, a);
        }
        return out;
    }

    /** The conjuncts of every Filter, Scan filter and join condition in {@code p}: where a derived filter may have gone. */
    private static Set<Expr> known(LogicalPlan p) {
        Set<Expr> out = new HashSet<>();
        collect(p, out);
        return out;
    }

    private static void collect(LogicalPlan p, Set<Expr> out) {
        switch (p) {
            case Filter f -> out.addAll(Exprs.conjuncts(f.predicate()));
            case Scan s -> {
                if (s.filter() != null) out.addAll(Exprs.conjuncts(s.filter()));
            }
            case Join j -> {
                if (j.condition() != null) out.addAll(Exprs.conjuncts(j.condition()));
            }
            case Values _,
                    SingleRow _,
                    Project _,
                    Aggregate _,
                    Window _,
                    Sort _,
                    Limit _,
                    Sample _,
                    dev.nabla.plan.logical.Unnest _,
                    Distinct _,
                    SetOp _,
                    RecursiveCte _,
                    WorkingTableScan _,
                    MaterializedCte _,
                    CteScan _ -> {}
        }
        for (LogicalPlan in : p.inputs()) collect(in, out);
    }

    private static void disjuncts(Expr e, List<Expr> out) {
        if (e instanceof Call c && c.fn() == Fn.OR) {
            disjuncts(c.arg(0), out);
            disjuncts(c.arg(1), out);
        } else {
            out.add(e);
        }
    }
}
