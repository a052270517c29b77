package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.Objects;

/** One ORDER BY key. {@code ASC} written or not gives the same item. */
public record OrderItem(Expression expr, boolean descending, NullOrdering nulls, Span span) implements Node {
    public OrderItem {
        Objects.requireNonNull(expr, "expr");
        Objects.requireNonNull(nulls, "nulls");
        span = SqlWriter.orNone(span);
    }

    /** NULLS FIRST / LAST as written; DEFAULT leaves it to the engine's convention. */
    public enum NullOrdering {
        DEFAULT,
        FIRST,
        LAST
    }

    @Override
    public String toSql() {
        String sql = expr.toSql() + (descending ? " DESC" : "");
        return switch (nulls) {
            case DEFAULT -> sql;
            case FIRST -> sql + " NULLS FIRST";
            case LAST -> sql + " NULLS LAST";
        };
    }
}
