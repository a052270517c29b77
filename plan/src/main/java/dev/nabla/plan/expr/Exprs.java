package dev.nabla.plan.expr;

import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Generic walks over bound expression trees (not descending into subquery plans). */
public final class Exprs {
    private Exprs() {}

    /** Pre-order replacement: where {@code f} returns non-null the subtree is replaced and not descended into. */
    public static Expr transformDown(Expr e, Function<Expr, Expr> f) {
        Expr r = f.apply(e);
        return r != null ? r : mapChildren(e, k -> transformDown(k, f));
    }

    /** Post-order rewrite: children first, then {@code f} on the rebuilt node. */
    public static Expr transformUp(Expr e, UnaryOperator<Expr> f) {
        return f.apply(mapChildren(e, k -> transformUp(k, f)));
    }

    /**
     * {@code e} with {@code f} applied to each child; {@code e} itself (not a copy) when every child comes back
     * identical, so callers can tell by identity whether anything changed and unchanged trees stay shared.
     */
    public static Expr mapChildren(Expr e, UnaryOperator<Expr> f) {
        List<Expr> kids = e.children();
        if (kids.isEmpty()) return e;
        List<Expr> out = new ArrayList<>(kids.size());
        boolean changed = false;
        for (Expr k : kids) {
            Expr nk = f.apply(k);
            changed |= nk != k;
            out.add(nk);
        }
        return changed ? e.withChildren(out) : e;
    }

    /** Visits every node, pre-order. */
    public static void forEach(Expr e, Consumer<Expr> visitor) {
        visitor.accept(e);
        for (Expr k : e.children()) forEach(k, visitor);
    }

    public static boolean any(Expr e, java.util.function.Predicate<Expr> p) {
        if (p.test(e)) return true;
        for (Expr k : e.children()) if (any(k, p)) return true;
        return false;
    }

    /** Ids of all columns the expression reads, including outer columns that its subqueries read. */
    public static Set<Integer> columnIds(Expr e) {
        Set<Integer> ids = new HashSet<>();
        forEach(e, x -> {
            if (x instanceof ColumnRef c) ids.add(c.id());
            if (x instanceof SubqueryExpr s) for (ColumnRef c : s.correlated()) ids.add(c.id());
        });
        return ids;
    }

    /**
     * True when the expression may not be moved to another plan node: it calls random() (a different value
     * per evaluation) or holds an aggregate or window call (only meaningful in their own node).
     * Parameters are fixed for an execution and may move freely.
     */
    public static boolean isVolatile(Expr e) {
        return any(e, x -> x instanceof Call c && c.fn() == Fn.RANDOM || x instanceof AggCall || x instanceof WindowCall);
    }

    public static boolean hasSubquery(Expr e) { return any(e, x -> x instanceof SubqueryExpr); }

    /** The AND-ed parts of a predicate. */
    public static List<Expr> conjuncts(Expr e) {
        List<Expr> out = new ArrayList<>();
        addConjuncts(e, out);
        return out;
    }

    private static void addConjuncts(Expr e, List<Expr> out) {
        if (e instanceof Call c && c.fn() == Fn.AND) {
            addConjuncts(c.arg(0), out);
            addConjuncts(c.arg(1), out);
        } else {
            out.add(e);
        }
    }

    /** AND of the parts (null for none). */
    public static Expr and(List<Expr> parts) {
        Expr r = null;
        for (Expr p : parts) r = r == null ? p : new Call(Fn.AND, DataType.BOOLEAN, r, p);
        return r;
    }

    /** Number of nodes. */
    public static int size(Expr e) {
        int[] n = {0};
        forEach(e, x -> n[0]++);
        return n[0];
    }
}
