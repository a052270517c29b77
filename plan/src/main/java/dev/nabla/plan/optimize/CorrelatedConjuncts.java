package dev.nabla.plan.optimize;

import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pulls the conjuncts that read outer (correlated) columns out of a subquery's plan, the first step of
 * Neumann and Kemper's unnesting: what is left is an uncorrelated plan, and the pulled conjuncts become the
 * condition of the join that replaces the subquery. Conjuncts are pulled from Filters, pushed-down Scan
 * filters and inner-join conditions, through Projects (which then pass the columns the conjuncts read) and
 * the preserved side of SEMI/ANTI/LEFT joins. Anything else that reads an outer column makes {@link #pull}
 * fail: the subquery then stays correlated.
 */
final class CorrelatedConjuncts {
    private final Set<Integer> outer;
    private final FreeColumns free = new FreeColumns();
    final List<Expr> pulled = new ArrayList<>();

    CorrelatedConjuncts(Set<Integer> outer) {
        this.outer = outer;
    }

    /** {@code p} without its correlated conjuncts (collected in {@link #pulled}), or null when they cannot all be pulled. */
    LogicalPlan pull(LogicalPlan p) {
        if (Collections.disjoint(free.of(p), outer)) return p;
        return switch (p) {
            case Filter f -> {
                LogicalPlan in = pull(f.input());
                if (in == null) yield null;
                List<Expr> keep = split(f.predicate());
                if (keep == null) yield null;
                yield keep.isEmpty() ? in : new Filter(in, Exprs.and(keep));
            }
            case Scan s -> {
                if (s.filter() == null) yield null;
                List<Expr> keep = split(s.filter());
                if (keep == null) yield null;
                yield new Scan(
                        s.source(),
                        s.columnIndexes(),
                        s.output(),
                        keep.isEmpty() ? null : Exprs.and(keep),
                        s.rowIdColumn());
            }
            case Join j
            when j.type() == JoinType.INNER || j.type() == JoinType.CROSS -> {
                LogicalPlan l = pull(j.left()), r = pull(j.right());
                if (l == null || r == null) yield null;
                List<Expr> keep = j.condition() == null ? List.of() : split(j.condition());
                if (keep == null) yield null;
                Expr cond = Exprs.and(keep);
                List<Column> out = new ArrayList<>(l.output());
                out.addAll(r.output());
                yield new Join(l, r, cond == null ? JoinType.CROSS : JoinType.INNER, cond, out);
            }
            case Join j
            when j.type() == JoinType.SEMI || j.type() == JoinType.ANTI || j.type() == JoinType.LEFT -> {
                if (!Collections.disjoint(free.of(j.right()), outer)) yield null;
                if (j.condition() != null && !Collections.disjoint(Exprs.columnIds(j.condition()), outer)) yield null;
                LogicalPlan l = pull(j.left());
                if (l == null) yield null;
                List<Column> out = new ArrayList<>(l.output());
                if (j.type() == JoinType.LEFT)
                    out.addAll(j.output()
                            .subList(j.left().output().size(), j.output().size()));
                yield new Join(l, j.right(), j.type(), j.condition(), out);
            }
            case Project pr -> {
                for (Expr e : pr.exprs()) if (!Collections.disjoint(Exprs.columnIds(e), outer)) yield null;
                int before = pulled.size();
                LogicalPlan in = pull(pr.input());
                if (in == null) yield null;
                // the pulled conjuncts read input columns the Project may drop: pass those through
                Set<Integer> have = ExtractJoinConditions.ids(pr.output());
                List<Expr> exprs = new ArrayList<>(pr.exprs());
                List<Column> out = new ArrayList<>(pr.output());
                for (Expr c : pulled.subList(before, pulled.size())) {
                    for (Column ic : in.output()) {
                        if (Exprs.columnIds(c).contains(ic.id()) && have.add(ic.id())) {
                            exprs.add(ic.ref());
                            out.add(ic);
                        }
                    }
                }
                yield new Project(in, exprs, out);
            }
            // RIGHT/FULL joins, and operators whose rows a pulled-up conjunct would change
            case Join _,
                    Values _,
                    SingleRow _,
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
                    CteScan _ -> null;
        };
    }

    /** The conjuncts of {@code e} that read no outer column; the others go to {@link #pulled}. Null if one is volatile. */
    private List<Expr> split(Expr e) {
        List<Expr> keep = new ArrayList<>();
        for (Expr c : Exprs.conjuncts(e)) {
            if (Collections.disjoint(Exprs.columnIds(c), outer)) {
                keep.add(c);
            } else {
                if (Exprs.isVolatile(c) || Exprs.hasSubquery(c)) return null;
                pulled.add(c);
            }
        }
        return keep;
    }

    static Set<Integer> ids(List<ColumnRef> refs) {
        Set<Integer> s = new HashSet<>();
        for (ColumnRef r : refs) s.add(r.id());
        return s;
    }
}
