package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Objects;

/** CAST(arg AS type); also inserted by the binder for implicit numeric promotion. */
public record Cast(Expr arg, DataType type, Span span) implements Expr {
    public Cast {
        Objects.requireNonNull(arg);
        Objects.requireNonNull(type);
        span = span == null ? Span.NONE : span;
    }

    @Override
    public List<Expr> children() {
        return List.of(arg);
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return new Cast(children.get(0), type, span);
    }

    @Override
    public String toSql() {
        return "CAST(" + arg.toSql() + " AS " + type.sqlName() + ")";
    }
}
