package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/**
 * A full query: optional WITH, a body, then ORDER BY / LIMIT / OFFSET applying to the whole body.
 * {@code with}, {@code limit} and {@code offset} may be null. {@code LIMIT a, b} (SQLite) is
 * stored as LIMIT b OFFSET a; {@code FETCH FIRST n ROWS ONLY} as LIMIT n. {@code orderByAll} is DuckDB's
 * {@code ORDER BY ALL [DESC] [NULLS ...]} (null when absent; {@code orderBy} is then empty): the binder expands it
 * to every output column, left to right.
 */
public record Query(
        With with,
        QueryBody body,
        List<OrderItem> orderBy,
        OrderAll orderByAll,
        Expression limit,
        Expression offset,
        Span span)
        implements Node {
    public Query {
        Objects.requireNonNull(body, "body");
        orderBy = List.copyOf(orderBy);
        if (orderByAll != null && !orderBy.isEmpty()) throw new IllegalArgumentException("ORDER BY ALL with keys");
        span = SqlWriter.orNone(span);
    }

    public Query(With with, QueryBody body, List<OrderItem> orderBy, Expression limit, Expression offset, Span span) {
        this(with, body, orderBy, null, limit, offset, span);
    }

    /** {@code ORDER BY ALL} with its direction and NULL placement, applied to each output column. */
    public record OrderAll(boolean descending, OrderItem.NullOrdering nulls, Span span) implements Node {
        public OrderAll {
            Objects.requireNonNull(nulls, "nulls");
            span = SqlWriter.orNone(span);
        }

        /** The ORDER BY key for output column {@code position} (1-based). */
        public OrderItem item(int position) {
            return new OrderItem(Expression.NumberLiteral.of(position), descending, nulls, span);
        }

        @Override
        public String toSql() {
            String sql = descending ? "ALL DESC" : "ALL";
            return switch (nulls) {
                case DEFAULT -> sql;
                case FIRST -> sql + " NULLS FIRST";
                case LAST -> sql + " NULLS LAST";
            };
        }
    }

    public static Query of(QueryBody body) {
        return new Query(null, body, List.of(), null, null, body.span());
    }

    /** True when this is just its body: no WITH, ORDER BY, LIMIT or OFFSET. */
    public boolean isBare() {
        return with == null && orderBy.isEmpty() && orderByAll == null && limit == null && offset == null;
    }

    @Override
    public String toSql() {
        StringBuilder sb = new StringBuilder();
        if (with != null) sb.append(with.toSql()).append(' ');
        sb.append(body.toSql());
        if (!orderBy.isEmpty()) sb.append(" ORDER BY ").append(SqlWriter.join(orderBy));
        if (orderByAll != null) sb.append(" ORDER BY ").append(orderByAll.toSql());
        if (limit != null) sb.append(" LIMIT ").append(limit.toSql());
        if (offset != null) sb.append(" OFFSET ").append(offset.toSql());
        return sb.toString();
    }
}
