package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.List;

/** A prepared-statement parameter ({@code ?}, 0-based index); its value is bound at execution, with no re-plan. */
public record Param(int index, DataType type, Span span) implements Expr {
    public Param {
        span = span == null ? Span.NONE : span;
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
        return "?";
    }
}
