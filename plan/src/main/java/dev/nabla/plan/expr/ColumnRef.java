package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Objects;

/**
 * A reference to a column by its statement-unique {@code id} (see {@code dev.nabla.plan.logical.Column}).
 * Inside a subquery, a reference to an id the subquery's own inputs don't produce is a correlated
 * (outer) reference. {@code name} is for display only; equality is by id and type.
 */
public record ColumnRef(int id, String name, DataType type, Span span) implements Expr {
    public ColumnRef {
        Objects.requireNonNull(type);
        span = span == null ? Span.NONE : span;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnRef c && c.id == id && c.type.equals(type);
    }

    @Override
    public int hashCode() {
        return id * 31 + type.hashCode();
    }

    @Override
    public List<Expr> children() {
        return List.of();
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return this;
    }

    @Override
    public String toSql() {
        return ExprPrinter.identifier(name);
    }
}
