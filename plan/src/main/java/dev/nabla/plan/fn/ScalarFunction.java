package dev.nabla.plan.fn;

import dev.nabla.plan.expr.Fn;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * One function's complete definition: every layer that binds, folds, evaluates, fuses, differentiates,
 * prints or documents the function reads it from here (see {@link Functions}).
 *
 * @param fn          the function's identity in bound plans; its SQL name and arity are spelled there
 * @param aliases     further names the binder accepts ({@code ceiling} for {@code ceil})
 * @param description one line for the generated function table in docs/sql.md and the REPL
 * @param typeRule    how the binder types a call
 * @param domain      where the function is defined; outside, the value is NULL on every path
 * @param twin        the scalar twin of a one-argument function: the reference semantics (IEEE value
 *                    inside the domain), used by constant folding and the simplifier, and the oracle
 *                    every kernel is tested against (null for two-argument functions)
 * @param twin2       the scalar twin of a two-argument function (null for one-argument functions)
 * @param kernel      the interpreter's batch kernel (SIMD where it has one), one-argument functions
 * @param kernel2     the interpreter's batch kernel, two-argument functions
 * @param fused       the fused-kernel IR, or null when the function is never fused
 * @param nanOutside  whether the IEEE kernel is NaN at every argument outside the domain (sqrt, asin,
 *                    sin …), so the fused path needs no domain guard (the walking test checks it)
 * @param ulps        how far (in units in the last place) a SIMD kernel may differ from the twin: 0 for
 *                    exact functions, a few for transcendental ones where the Vector API's SVML
 *                    intrinsics round differently from {@link Math}
 * @param derivative  the forward (JVP) and reverse (VJP) rules, or null: not differentiable
 */
public record ScalarFunction(
        Fn fn,
        List<String> aliases,
        String description,
        TypeRule typeRule,
        Domain domain,
        DoubleUnaryOperator twin,
        DoubleBinaryOperator twin2,
        ArrayKernel kernel,
        ArrayKernel.Binary kernel2,
        FusedRule fused,
        boolean nanOutside,
        int ulps,
        DerivativeRule derivative) {

    public ScalarFunction {
        Objects.requireNonNull(fn);
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(description);
        Objects.requireNonNull(typeRule);
        Objects.requireNonNull(domain);
        if (fn.maxArgs() == 1 && (twin == null || kernel == null))
            throw new IllegalArgumentException(fn + ": a one-argument function needs twin and kernel");
        if (fn.maxArgs() == 2 && fn.minArgs() == 2 && (twin2 == null || kernel2 == null))
            throw new IllegalArgumentException(fn + ": a two-argument function needs twin2 and kernel2");
    }

    public String name() {
        return fn.sqlName();
    }

    public int arity() {
        return fn.maxArgs();
    }

    public boolean differentiable() {
        return derivative != null;
    }

    /**
     * The SQL value for one argument from the twin: null (SQL NULL) outside the domain, else the IEEE
     * value (NaN only for a NaN argument).
     */
    public Double value(double x) {
        return domain.contains(x) ? twin.applyAsDouble(x) : null;
    }

    /** {@link #value(double)} for two arguments. */
    public Double value(double a, double b) {
        return domain.contains2(a, b) ? twin2.applyAsDouble(a, b) : null;
    }
}
