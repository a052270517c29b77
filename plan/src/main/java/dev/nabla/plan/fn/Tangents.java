package dev.nabla.plan.fn;

import dev.nabla.plan.expr.Expr;

/**
 * What a derivative rule of an aggregate, window function, CAST or CASE may ask of the differentiation
 * in progress ({@link StructuralDerivatives}). Autograd implements it; the rules only build expressions
 * and read operand tangents, while the walk keeps the bookkeeping that depends on where the derivative
 * is taken (is the variable constant per group, is an aggregate used linearly).
 */
public interface Tangents {
    /** The builder the rule builds with (autograd's hash-consing factory). */
    DerivativeBuilder f();

    /** grad, jvp or vjp: how errors name the derivative being taken. */
    String mode();

    /** The (unsimplified) tangent of {@code e}; {@code f().zero()} when it does not depend on the variable. */
    Expr tangent(Expr e);

    /** The simplified tangent of a per-row operand, NULL exactly where {@code primal} is (an aggregate's row term). */
    Expr rowTangent(Expr primal);

    /** Records that derivative {@code d} is NULL exactly where {@code primal} is (for the NULL guard). */
    void twin(Expr d, Expr primal);

    /** {@code e} as readable SQL, for error messages. */
    String print(Expr e);
}
