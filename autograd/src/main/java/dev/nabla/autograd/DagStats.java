package dev.nabla.autograd;

import dev.nabla.plan.expr.Expr;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/** Sizes of expression DAGs: how much sharing hash-consing buys. */
public final class DagStats {
    private DagStats() {}

    /** The number of distinct nodes: structurally equal subexpressions count once. */
    public static int nodes(Expr e) {
        return identityNodes(new ExprFactory().intern(e));
    }

    /** The number of distinct node objects reachable from {@code e} (by identity). */
    public static int identityNodes(Expr e) {
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Expr> todo = new ArrayDeque<>();
        todo.push(e);
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            if (seen.add(x)) for (Expr k : x.children()) todo.push(k);
        }
        return seen.size();
    }

    /** The number of nodes of {@code e} written out as a tree (saturates at Long.MAX_VALUE). */
    public static long treeSize(Expr e) {
        return treeSize(e, new IdentityHashMap<>());
    }

    private static long treeSize(Expr e, Map<Expr, Long> memo) {
        Long known = memo.get(e);
        if (known != null) return known;
        long n = 1;
        for (Expr k : e.children()) {
            long s = treeSize(k, memo);
            n = n > Long.MAX_VALUE - s ? Long.MAX_VALUE : n + s;
        }
        memo.put(e, n);
        return n;
    }
}
