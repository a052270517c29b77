package dev.nabla.plan.expr;

import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Generic walks over bound expression trees (not descending into subquery plans). */
public final class Exprs {
    private Exprs() {}

    /**
     * A comparison built after binding (an optimizer rule, a derivative rule): both operands read as
     * one type, as the binder makes them, with a cast on the side that differs (to their common
     * supertype). The expression compiler no longer converts comparison operands: a comparison whose
     * operands differ in type is a bug where it was built.
     */
    public static Expr comparison(Fn fn, Expr a, Expr b) {
        DataType ta = a.type(), tb = b.type();
        if (!ta.equals(tb)) {
            DataType t = DataType.commonSuperType(ta, tb);
            if (t == null)
                throw new IllegalArgumentException("cannot compare " + ta.sqlName() + " with " + tb.sqlName());
            if (!ta.equals(t)) a = new Cast(a, t, a.span());
            if (!tb.equals(t)) b = new Cast(b, t, b.span());
        }
        return new Call(fn, DataType.BOOLEAN, a, b);
    }

    /**
     * Pre-order replacement: where {@code f} returns non-null the subtree is replaced and not descended into.
     * Each distinct node (by identity) is rewritten once, so a shared DAG (autograd's output) stays linear.
     */
    public static Expr transformDown(Expr e, Function<Expr, Expr> f) {
        return transformDown(e, f, new IdentityHashMap<>());
    }

    private static Expr transformDown(Expr e, Function<Expr, Expr> f, Map<Expr, Expr> done) {
        Expr known = done.get(e);
        if (known != null) return known;
        Expr r = f.apply(e);
        Expr out = r != null ? r : mapChildren(e, k -> transformDown(k, f, done));
        done.put(e, out);
        return out;
    }

    /** Post-order rewrite: children first, then {@code f} on the rebuilt node; each distinct node once. */
    public static Expr transformUp(Expr e, UnaryOperator<Expr> f) {
        return transformUp(e, f, new IdentityHashMap<>());
    }

    private static Expr transformUp(Expr e, UnaryOperator<Expr> f, Map<Expr, Expr> done) {
        Expr known = done.get(e);
        if (known != null) return known;
        Expr out = f.apply(mapChildren(e, k -> transformUp(k, f, done)));
        done.put(e, out);
        return out;
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

    /** Visits every distinct node (by identity) once, pre-order. */
    public static void forEach(Expr e, Consumer<Expr> visitor) {
        forEach(e, visitor, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void forEach(Expr e, Consumer<Expr> visitor, Set<Expr> seen) {
        if (!seen.add(e)) return;
        visitor.accept(e);
        for (Expr k : e.children()) forEach(k, visitor, seen);
    }

    /** The column references of {@code e}, pre-order, each distinct node (by identity) once. */
    public static java.util.List<ColumnRef> columnRefs(Expr e) {
        java.util.List<ColumnRef> out = new java.util.ArrayList<>();
        forEach(e, x -> {
            if (x instanceof ColumnRef r) out.add(r);
        });
        return out;
    }

    public static boolean any(Expr e, java.util.function.Predicate<Expr> p) {
        return any(e, p, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean any(Expr e, java.util.function.Predicate<Expr> p, Set<Expr> seen) {
        if (!seen.add(e)) return false;
        if (p.test(e)) return true;
        for (Expr k : e.children()) if (any(k, p, seen)) return true;
        return false;
    }

    /** Nodes of {@code e} counted as a tree (a shared node once per path), saturating at {@code cap}. */
    public static long treeSize(Expr e, long cap) {
        return treeSize(e, cap, new IdentityHashMap<>());
    }

    private static long treeSize(Expr e, long cap, Map<Expr, Long> memo) {
        Long known = memo.get(e);
        if (known != null) return known;
        long n = 1;
        for (Expr k : e.children()) {
            n += treeSize(k, cap, memo);
            if (n >= cap) {
                n = cap;
                break;
            }
        }
        memo.put(e, n);
        return n;
    }

    /**
     * {@code e.toSql()}, or a short description when its text would be huge: autograd's DAGs share
     * subexpressions, and printed as a tree they grow exponentially with depth (names and EXPLAIN GRAD
     * lines must not cost more than the expression does).
     */
    public static String boundedSql(Expr e) {
        return boundedSql(e, Expr::toSql);
    }

    /** {@link #boundedSql(Expr)} with another printer for the expressions that are small enough to print. */
    public static String boundedSql(Expr e, java.util.function.Function<Expr, String> printer) {
        final long cap = 20_000;
        if (treeSize(e, cap) < cap) return printer.apply(e);
        Set<Expr> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        forEach(e, distinct::add);
        String head = e instanceof Call c
                ? c.fn().sqlName()
                : e instanceof AggCall a ? a.fn().sqlName() : e.getClass().getSimpleName();
        return head + "(… a DAG of " + distinct.size() + " distinct nodes, over " + cap + " as a tree …)";
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
     * True when the expression may not be moved to another plan node: it calls random() or a sequence function
     * (a different value or a side effect per evaluation) or holds an aggregate or window call (only meaningful
     * in their own node).
     * Parameters are fixed for an execution and may move freely.
     */
    public static boolean isVolatile(Expr e) {
        return any(
                e,
                x -> x instanceof Call c
                                && (c.fn() == Fn.RANDOM
                                        || c.fn() == Fn.GEN_RANDOM_UUID
                                        || c.fn() == Fn.NEXTVAL
                                        || c.fn() == Fn.CURRVAL
                                        || c.fn() == Fn.SETVAL)
                        || x instanceof AggCall
                        || x instanceof WindowCall);
    }

    public static boolean hasSubquery(Expr e) {
        return any(e, x -> x instanceof SubqueryExpr);
    }

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
