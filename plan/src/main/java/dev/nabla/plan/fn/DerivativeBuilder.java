package dev.nabla.plan.fn;

import dev.nabla.common.Span;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.storage.DataType;
import java.util.List;

/**
 * What a derivative rule builds its expression with (autograd's hash-consing factory implements it).
 * {@link #zero()} is the symbolic zero: "does not depend on the variable", which the builder's
 * arithmetic drops (see docs/architecture.md, "Zeros").
 */
public interface DerivativeBuilder {
    Expr zero();

    Expr one();

    /** A NULL of type DOUBLE. */
    Expr nullDouble();

    Expr lit(double v);

    /** A DOUBLE call of {@code fn}. */
    Expr call(Fn fn, Expr... args);

    /** A BOOLEAN call of {@code fn} (comparisons, AND, OR, IS NULL). */
    Expr predicate(Fn fn, Expr... args);

    Expr add(Expr a, Expr b);

    Expr sub(Expr a, Expr b);

    Expr mul(Expr a, Expr b);

    Expr div(Expr a, Expr b);

    Expr neg(Expr a);

    default Expr square(Expr a) {
        return mul(a, a);
    }

    default Expr isNull(Expr a) {
        return predicate(Fn.IS_NULL, a);
    }

    default Expr isNotNull(Expr a) {
        return predicate(Fn.IS_NOT_NULL, a);
    }

    default Expr and(Expr a, Expr b) {
        return predicate(Fn.AND, a, b);
    }

    default Expr or(Expr a, Expr b) {
        return predicate(Fn.OR, a, b);
    }

    Expr caseWhen(List<Expr> conditions, List<Expr> results, Expr otherwise);

    default Expr caseWhen(Expr condition, Expr then, Expr otherwise) {
        return caseWhen(List.of(condition), List.of(then), otherwise);
    }

    /** Whether {@code e} is the symbolic zero (a tangent or cotangent known to vanish). */
    boolean isZero(Expr e);

    /**
     * A node a rule built itself (an aggregate or window call): autograd's factory hash-conses it so it is
     * shared like the nodes built through the methods above; the identity for a plain builder.
     */
    default Expr node(Expr e) {
        return e;
    }

    /** {@code e} as a DOUBLE expression: a NULL literal becomes a DOUBLE NULL, other types get a CAST. */
    default Expr asDouble(Expr e) {
        if (e.type() == DataType.DOUBLE) return node(e);
        if (e instanceof Literal l && l.isNull()) return nullDouble();
        return node(new Cast(node(e), DataType.DOUBLE, Span.NONE));
    }

    /** The DOUBLE aggregate {@code fn(arg) FILTER (WHERE filter)} (filter may be null). */
    default Expr aggregate(AggFn fn, Expr arg, Expr filter, Span span) {
        return node(new AggCall(fn, List.of(asDouble(arg)), false, filter, DataType.DOUBLE, span));
    }
}
