package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * grad(body, wrt), jvp(body, wrt, seed) or vjp(body, wrt, seed) as bound by the binder, which leaves it
 * in the plan; the Differentiate stage replaces it with an ordinary expression before the optimizer
 * runs (so no rule and no operator sees one). {@code wrt} is the bound variable, so in
 * a join {@code grad(a.x * b.x, a.x)} differentiates with respect to a.x only. {@code seed} is the
 * tangent (JVP) or cotangent (VJP); null for GRAD.
 */
public record Derivative(Mode mode, Expr body, ColumnRef wrt, Expr seed, Span span) implements Expr {
    public enum Mode {
        GRAD,
        JVP,
        VJP
    }

    public Derivative {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(body);
        Objects.requireNonNull(wrt);
        span = span == null ? Span.NONE : span;
        if ((mode == Mode.GRAD) != (seed == null)) throw new IllegalArgumentException("seed iff jvp/vjp");
    }

    /**
     * A derivative has the tangent type of what it varies over: {@code jvp} pushes a tangent of
     * {@code wrt} forward to one of {@code body}; {@code grad} and {@code vjp} pull back to a
     * (co)tangent of {@code wrt}. {@link DataType#tangentType()} is the one rule for that type.
     */
    @Override
    public DataType type() {
        return tangentType(mode, body, wrt);
    }

    /** The type of {@code mode}'s derivative of {@code body} with respect to {@code wrt}. */
    public static DataType tangentType(Mode mode, Expr body, ColumnRef wrt) {
        return switch (mode) {
            case JVP -> body.type().tangentType();
            case GRAD, VJP -> wrt.type().tangentType();
        };
    }

    /** The type of the seed: a tangent of {@code wrt} for jvp, a cotangent of {@code body} for vjp; GRAD has none. */
    public static DataType seedType(Mode mode, Expr body, ColumnRef wrt) {
        return switch (mode) {
            case JVP -> wrt.type().tangentType();
            case VJP -> body.type().tangentType();
            case GRAD -> throw new IllegalArgumentException("grad has no seed");
        };
    }

    @Override
    public List<Expr> children() {
        List<Expr> all = new ArrayList<>(List.of(body, wrt));
        if (seed != null) all.add(seed);
        return all;
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return new Derivative(
                mode, children.get(0), (ColumnRef) children.get(1), children.size() > 2 ? children.get(2) : null, span);
    }

    @Override
    public String toSql() {
        String f = mode.name().toLowerCase(java.util.Locale.ROOT);
        return f + "(" + body.toSql() + ", " + wrt.toSql() + (seed == null ? "" : ", " + seed.toSql()) + ")";
    }
}
