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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Factors the conjuncts every disjunct of an OR shares out of it: {@code (A AND B) OR (A AND C)} becomes
 * {@code A AND (B OR C)}, and {@code A OR (A AND C)} becomes {@code A}. Both are identities of SQL's
 * three-valued logic (it is a distributive lattice, absorption included), so the rewrite is exact in any
 * context; it runs on Filter predicates and join conditions, where it turns TPC-H q19's disjunctive join
 * condition into an equi-join key ({@code p_partkey = l_partkey}) plus a residual OR. Volatile
 * expressions are left alone: factoring would change how often they are evaluated.
 */
public final class FactorOrConjuncts implements Rule {
    @Override
    public String name() {
        return "FactorOrConjuncts";
    }

    @Override
    public Optional<LogicalPlan> apply(LogicalPlan node) {
        return switch (node) {
            case Filter f -> {
                Expr p = factor(f.predicate());
                yield p == f.predicate() ? Optional.empty() : Optional.of(new Filter(f.input(), p));
            }
            case Join j
            when j.condition() != null -> {
                Expr c = factor(j.condition());
                yield c == j.condition()
                        ? Optional.empty()
                        : Optional.of(new Join(j.left(), j.right(), j.type(), c, j.output()));
            }
            case Join _,
                    Scan _,
                    Values _,
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
                    CteScan _ -> Optional.empty();
        };
    }

    /** {@code e} with every OR factored; the same instance when nothing changed. */
    static Expr factor(Expr e) {
        if (!Exprs.any(e, x -> x instanceof Call c && c.fn() == Fn.OR) || Exprs.isVolatile(e)) return e;
        return Exprs.transformUp(e, FactorOrConjuncts::factorOne);
    }

    private static Expr factorOne(Expr e) {
        if (!(e instanceof Call c && c.fn() == Fn.OR)) return e;
        List<Expr> disjuncts = new ArrayList<>();
        disjuncts(e, disjuncts);
        List<LinkedHashSet<Expr>> parts = new ArrayList<>();
        for (Expr d : disjuncts) parts.add(new LinkedHashSet<>(Exprs.conjuncts(d)));
        LinkedHashSet<Expr> common = new LinkedHashSet<>(parts.get(0));
        for (LinkedHashSet<Expr> p : parts) common.retainAll(p);
        if (common.isEmpty()) return e;
        List<Expr> rest = new ArrayList<>();
        for (LinkedHashSet<Expr> p : parts) {
            p.removeAll(common);
            // absorption: one disjunct is exactly the common part, so the OR adds nothing to it
            if (p.isEmpty()) return Exprs.and(new ArrayList<>(common));
            rest.add(Exprs.and(new ArrayList<>(p)));
        }
        Expr or = rest.get(0);
        for (int i = 1; i < rest.size(); i++) or = new Call(Fn.OR, DataType.BOOLEAN, or, rest.get(i));
        List<Expr> all = new ArrayList<>(common);
        all.add(or);
        return Exprs.and(all);
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
