package dev.nabla.plan.fn;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * A function's derivative: the forward rule (JVP: argument tangents to the call's tangent) and the
 * reverse rule (VJP: the call's cotangent to one cotangent per argument). Most functions give both
 * from one formula through the shaped helpers, as JAX's {@code defjvp}/{@code defjvps} do: for a
 * scalar function the partial derivative times an incoming tangent or cotangent {@code g} is the same
 * expression in both modes. Rules receive symbolic zeros ({@link DerivativeBuilder#zero()}) for
 * arguments that do not depend on the variable and must not build terms for them.
 */
public record DerivativeRule(Jvp jvp, Vjp vjp) {
    /** The tangent of {@code call} given its arguments' tangents. */
    @FunctionalInterface
    public interface Jvp {
        Expr apply(DerivativeBuilder f, Call call, List<Expr> tangents);
    }

    /** The cotangents of {@code call}'s arguments given the call's cotangent. */
    @FunctionalInterface
    public interface Vjp {
        List<Expr> apply(DerivativeBuilder f, Call call, Expr cotangent);
    }

    /** {@code g · f'(x)} for a one-argument function. */
    @FunctionalInterface
    public interface UnaryPartial {
        Expr apply(DerivativeBuilder f, Expr g, Expr x);
    }

    /** {@code g · f'(x)} given also the call's own value {@code y = f(x)} (shared with the primal). */
    @FunctionalInterface
    public interface UnaryPartialUsingResult {
        Expr apply(DerivativeBuilder f, Expr g, Expr x, Expr y);
    }

    /** {@code g · ∂f/∂argᵢ} for one argument of {@code call} (the call is also its value). */
    @FunctionalInterface
    public interface Partial {
        Expr apply(DerivativeBuilder f, Expr g, Call call);
    }

    public DerivativeRule {
        if (jvp == null || vjp == null)
            throw new IllegalArgumentException("a derivative needs both its JVP and its VJP rule");
    }

    /** A one-argument function from its partial: {@code unary((f, g, x) -> f.mul(g, f.call(Fn.COS, x)))}. */
    public static DerivativeRule unary(UnaryPartial p) {
        return new DerivativeRule(
                (f, c, t) -> f.isZero(t.get(0)) ? f.zero() : p.apply(f, t.get(0), c.arg(0)),
                (f, c, g) -> List.of(f.isZero(g) ? f.zero() : p.apply(f, g, c.arg(0))));
    }

    /** Like {@link #unary}, with the call's value {@code y}: {@code exp' = exp}, {@code sigmoid' = y(1 − y)}. */
    public static DerivativeRule unaryUsingResult(UnaryPartialUsingResult p) {
        return new DerivativeRule(
                (f, c, t) -> f.isZero(t.get(0)) ? f.zero() : p.apply(f, t.get(0), c.arg(0), c),
                (f, c, g) -> List.of(f.isZero(g) ? f.zero() : p.apply(f, g, c.arg(0), c)));
    }

    /** A function of several arguments from one partial per argument: JVP sums them, VJP lists them. */
    public static DerivativeRule partials(Partial... ps) {
        return new DerivativeRule(
                (f, c, t) -> {
                    Expr sum = f.zero();
                    for (int i = 0; i < ps.length; i++)
                        if (!f.isZero(t.get(i))) sum = f.add(sum, ps[i].apply(f, t.get(i), c));
                    return sum;
                },
                (f, c, g) -> {
                    List<Expr> out = new ArrayList<>();
                    for (Partial p : ps) out.add(f.isZero(g) ? f.zero() : p.apply(f, g, c));
                    return out;
                });
    }

    /** Piecewise-constant functions: derivative 0 wherever it exists (sign, floor, round …). */
    public static DerivativeRule zero() {
        return new DerivativeRule((f, c, t) -> f.zero(), (f, c, g) -> {
            List<Expr> out = new ArrayList<>();
            for (int i = 0; i < c.args().size(); i++) out.add(f.zero());
            return out;
        });
    }
}
