package dev.nabla.autograd;

import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of the expander: the interning table, simplifier and NULL bookkeeping shared by a
 * derivative and every derivative nested inside it (so higher orders share nodes with lower ones).
 */
final class Expansion {
    final ExprFactory factory = new ExprFactory();
    final NullGuard nulls = new NullGuard(factory);
    final Simplifier simplifier = new Simplifier(factory, nulls);
    final DerivativeExpander.Context context;
    private final Map<Expr, Expr> expanded = new IdentityHashMap<>();
    private final Map<Expr, Expr> withoutDerivatives = new IdentityHashMap<>();

    /** What one expansion produced, with the DAG sizes EXPLAIN GRAD shows. */
    record Result(Expr expr, int nodesBeforeSimplify, int nodesAfterSimplify) {}

    /** The mode of the derivative being expanded, for error messages ({@code grad}, {@code jvp}, {@code vjp}). */
    private Derivative.Mode mode = Derivative.Mode.GRAD;

    Expansion(DerivativeExpander.Context context) {
        this.context = context;
    }

    String mode() {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Expands {@code d} (and any derivative nested in it, innermost first). */
    Result expand(Derivative d, boolean guardNulls) {
        Derivative.Mode outer = mode;
        mode = d.mode();
        try {
            return expandIn(d, guardNulls);
        } finally {
            mode = outer;
        }
    }

    private Result expandIn(Derivative d, boolean guardNulls) {
        Autograd.checkVariable(d.wrt(), d.span());
        Autograd.checkNumeric(d.body(), "expression");
        if (d.seed() != null)
            Autograd.checkNumeric(d.seed(), d.mode() == Derivative.Mode.JVP ? "tangent" : "cotangent");
        // the rules below build scalar DOUBLE arithmetic, which is the tangent type of every scalar type
        if (d.type() != dev.nabla.storage.DataType.DOUBLE) {
            throw new dev.nabla.common.NablaException(
                    dev.nabla.common.ErrorCode.UNSUPPORTED,
                    d.span(),
                    d.mode().name().toLowerCase(java.util.Locale.ROOT) + ": derivatives of type "
                            + d.type().sqlName() + " are not supported yet");
        }
        Expr body = factory.intern(expandDerivatives(d.body()));
        Expr seed = d.seed() == null ? null : factory.intern(expandDerivatives(d.seed()));
        simplifier.freeze(body);
        Expr raw = switch (d.mode()) {
            case GRAD -> new Differentiator(this, d.wrt(), factory.one).tangent(body);
            case JVP -> new Differentiator(this, d.wrt(), factory.asDouble(seed)).tangent(body);
            case VJP -> vjp(body, factory.asDouble(seed), d);
        };
        int before = DagStats.identityNodes(raw);
        Expr result = simplifier.simplify(raw);
        if (guardNulls) {
            // the seed is a factor of the result, so its NULLs count like the body's
            Expr primal = seed == null ? body : factory.call(dev.nabla.plan.expr.Fn.MUL, body, seed);
            result = simplifier.simplify(nulls.guard(primal, result));
        }
        result = factory.asDouble(result);
        return new Result(result, before, DagStats.identityNodes(result));
    }

    /**
     * Reverse mode. Per row the cotangent times the gradient, except through a soft operator W (softmax,
     * soft_rank, …), which couples the rows of its partition: for e = g(W(h(x)), x) the result at row j is
     * c_j·∂g/∂x_j + h'(x_j)·(Jᵀ c̄)_j with c̄_i = c_i·∂g/∂y_i, Jᵀc̄ the operator's exact vector-Jacobian
     * product over the partition. One such operator per expression; the cotangent c̄ must not itself read a
     * window function (the product would nest windows).
     */
    private Expr vjp(Expr body, Expr seed, Derivative d) {
        java.util.Set<Expr> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<dev.nabla.plan.expr.WindowCall> coupled = new java.util.ArrayList<>();
        Exprs.forEach(body, e -> {
            if (e instanceof dev.nabla.plan.expr.WindowCall w
                    && w.fn().soft()
                    && seen.add(w)
                    && !ExprFactory.isZero(new Differentiator(this, d.wrt(), factory.one)
                            .tangent(w.args().get(0)))) coupled.add(w);
        });
        if (coupled.isEmpty()) return factory.mul(seed, new Differentiator(this, d.wrt(), factory.one).tangent(body));
        if (coupled.size() > 1) {
            throw new dev.nabla.common.NablaException(
                    dev.nabla.common.ErrorCode.GRAD,
                    d.span(),
                    "vjp: " + d.wrt().toSql() + " reaches " + coupled.size()
                            + " row-coupling soft operators; vjp follows one per expression (use jvp, which has no such limit)");
        }
        dev.nabla.plan.expr.WindowCall w = coupled.get(0);
        Expr direct = new Differentiator(this, d.wrt(), factory.one, Map.of(w, factory.zero)).tangent(body);
        Expr outer = new Differentiator(this, d.wrt(), factory.zero, Map.of(w, factory.one)).tangent(body);
        // NULL where the seed or the outer factor is; the product is NULL over a partition with such a row
        Expr cbar = simplifier.simplify(factory.mul(seed, outer));
        boolean[] coupledAgain = {false};
        Exprs.forEach(
                cbar, e -> coupledAgain[0] |= e instanceof dev.nabla.plan.expr.WindowCall v && v.fn().soft() && v != w);
        if (coupledAgain[0]) {
            throw new dev.nabla.common.NablaException(
                    dev.nabla.common.ErrorCode.GRAD,
                    d.span(),
                    "vjp: the cotangent reaching " + DerivativePrinter.print(w)
                            + " reads another soft operator; use jvp");
        }
        Expr inner =
                new Differentiator(this, d.wrt(), factory.one).tangent(w.args().get(0));
        List<Expr> args = new java.util.ArrayList<>(w.args());
        args.add(factory.asDouble(cbar));
        Expr product = factory.intern(new dev.nabla.plan.expr.WindowCall(
                w.fn().vjp(),
                null,
                args,
                w.partitionBy(),
                w.orderBy(),
                w.frame(),
                dev.nabla.storage.DataType.DOUBLE,
                w.span()));
        return factory.add(factory.mul(seed, direct), factory.mul(inner, product));
    }

    /** A derivative met inside another one's body or a column definition: expanded with NULL guard, reported too. */
    Expr expandNested(Derivative d) {
        Expr known = expanded.get(d);
        if (known != null) return known;
        Result r = expand(d, true);
        context.report(d, r.expr(), r.nodesBeforeSimplify(), r.nodesAfterSimplify());
        Expr e = factory.intern(r.expr());
        expanded.put(d, e);
        return e;
    }

    /** {@code e} with every nested Derivative replaced by its expansion. */
    Expr expandDerivatives(Expr e) {
        if (e instanceof Derivative d) return expandNested(d);
        List<Expr> kids = e.children();
        if (kids.isEmpty()) return e;
        Expr known = withoutDerivatives.get(e);
        if (known != null) return known;
        Expr result = Exprs.mapChildren(e, this::expandDerivatives);
        withoutDerivatives.put(e, result);
        return result;
    }
}
