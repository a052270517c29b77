package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * grad(body, wrt), jvp(body, wrt, seed) or vjp(body, wrt, seed) as bound by the binder, before the
 * autograd module replaces it with an ordinary expression. {@code wrt} is the bound variable, so in
 * a join {@code grad(a.x * b.x, a.x)} differentiates with respect to a.x only. {@code seed} is the
 * tangent (JVP) or cotangent (VJP); null for GRAD. Never reaches the executor.
 */
public record Derivative(Mode mode, Expr body, ColumnRef wrt, Expr seed, Span span) implements Expr {
    public enum Mode { GRAD, JVP, VJP }

    public Derivative {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(body);
        Objects.requireNonNull(wrt);
        span = span == null ? Span.NONE : span;
        if ((mode == Mode.GRAD) != (seed == null)) throw new IllegalArgumentException("seed iff jvp/vjp");
    }

    @Override public DataType type() { return DataType.DOUBLE; }

    @Override public List<Expr> children() {
        List<Expr> all = new ArrayList<>(List.of(body, wrt));
        if (seed != null) all.add(seed);
        return all;
    }

    @Override public Expr withChildren(List<Expr> children) {
        return new Derivative(mode, children.get(0), (ColumnRef) children.get(1), children.size() > 2 ? children.get(2) : null, span);
    }

    @Override public String toSql() {
        String f = mode.name().toLowerCase(java.util.Locale.ROOT);
        return f + "(" + body.toSql() + ", " + wrt.toSql() + (seed == null ? "" : ", " + seed.toSql()) + ")";
    }
}
