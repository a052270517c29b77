package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/**
 * A full query: optional WITH, a body, then ORDER BY / LIMIT / OFFSET applying to the whole body.
 * {@code with}, {@code limit} and {@code offset} may be null. {@code LIMIT a, b} (SQLite) is
 * stored as LIMIT b OFFSET a; {@code FETCH FIRST n ROWS ONLY} as LIMIT n.
 */
public record Query(With with, QueryBody body, List<OrderItem> orderBy, Expression limit, Expression offset, Span span)
        implements Node {
    public Query {
        Objects.requireNonNull(body, "body");
        orderBy = List.copyOf(orderBy);
        span = SqlWriter.orNone(span);
    }

    public static Query of(QueryBody body) {
        return new Query(null, body, List.of(), null, null, body.span());
    }

    /** True when this is just its body: no WITH, ORDER BY, LIMIT or OFFSET. */
    public boolean isBare() {
        return with == null && orderBy.isEmpty() && limit == null && offset == null;
    }

    @Override
    public String toSql() {
        StringBuilder sb = new StringBuilder();
        if (with != null) sb.append(with.toSql()).append(' ');
        sb.append(body.toSql());
        if (!orderBy.isEmpty()) sb.append(" ORDER BY ").append(SqlWriter.join(orderBy));
        if (limit != null) sb.append(" LIMIT ").append(limit.toSql());
        if (offset != null) sb.append(" OFFSET ").append(offset.toSql());
        return sb.toString();
    }
}
