package dev.nabla.plan.fn;

import dev.nabla.vector.fused.FusedExpr;
import dev.nabla.vector.fused.FusedExpr.BinaryOp;
import dev.nabla.vector.fused.FusedExpr.CompareOp;
import dev.nabla.vector.fused.FusedExpr.UnaryOp;

/**
 * What a function's fused rule builds its kernel IR with: constants (the kernel's broadcast scalars),
 * the literal value of an argument, and the IR's primitive operations (like {@code jax.lax}). A rule
 * that needs more than the primitives composes them; the fused compiler then emits SIMD code for the
 * composite and its scalar tail, so a new function needs no code generator change.
 */
public interface Fusing {
    /** The broadcast constant {@code v}. */
    FusedExpr constant(double v);

    /** The value of argument {@code i} when it is a numeric literal, else null. */
    Double literal(int i);

    default FusedExpr neg(FusedExpr x) {
        return FusedExpr.unary(UnaryOp.NEG, x);
    }

    default FusedExpr abs(FusedExpr x) {
        return FusedExpr.unary(UnaryOp.ABS, x);
    }

    default FusedExpr exp(FusedExpr x) {
        return FusedExpr.unary(UnaryOp.EXP, x);
    }

    default FusedExpr log1p(FusedExpr x) {
        return FusedExpr.unary(UnaryOp.LOG1P, x);
    }

    default FusedExpr unary(UnaryOp op, FusedExpr x) {
        return FusedExpr.unary(op, x);
    }

    default FusedExpr add(FusedExpr a, FusedExpr b) {
        return FusedExpr.binary(BinaryOp.ADD, a, b);
    }

    default FusedExpr sub(FusedExpr a, FusedExpr b) {
        return FusedExpr.binary(BinaryOp.SUB, a, b);
    }

    default FusedExpr mul(FusedExpr a, FusedExpr b) {
        return FusedExpr.binary(BinaryOp.MUL, a, b);
    }

    default FusedExpr div(FusedExpr a, FusedExpr b) {
        return FusedExpr.binary(BinaryOp.DIV, a, b);
    }

    default FusedExpr max(FusedExpr a, FusedExpr b) {
        return FusedExpr.binary(BinaryOp.MAX, a, b);
    }

    default FusedExpr min(FusedExpr a, FusedExpr b) {
        return FusedExpr.binary(BinaryOp.MIN, a, b);
    }

    default FusedExpr pow(FusedExpr a, FusedExpr b) {
        return FusedExpr.binary(BinaryOp.POW, a, b);
    }

    /** {@code value} where {@code x} is inside {@code domain}, NaN elsewhere (a domain error leaves the fast path). */
    default FusedExpr guard(Domain domain, FusedExpr x, FusedExpr value) {
        return switch (domain) {
            case Domain.All a -> value;
            case Domain.Interval i -> {
                FusedExpr.Cond lo = i.lo() == Double.NEGATIVE_INFINITY && !i.loOpen()
                        ? null
                        : FusedExpr.compare(i.loOpen() ? CompareOp.GT : CompareOp.GE, x, constant(i.lo()));
                FusedExpr.Cond hi = i.hi() == Double.POSITIVE_INFINITY && !i.hiOpen()
                        ? null
                        : FusedExpr.compare(i.hiOpen() ? CompareOp.LT : CompareOp.LE, x, constant(i.hi()));
                FusedExpr.Cond in = lo == null ? hi : hi == null ? lo : new FusedExpr.Cond.And(lo, hi);
                yield in == null ? value : FusedExpr.select(in, value, constant(Double.NaN));
            }
            case Domain.Pair p ->
                throw new IllegalStateException("a two-argument domain has no fused guard: " + p.text());
        };
    }
}
