package dev.nabla.plan.fn;

import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
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
}
