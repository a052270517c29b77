package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/** One common table expression: {@code name [(col, ...)] AS (query)}. */
public record Cte(Ident name, List<Ident> columns, Query query, Span span) implements Node {
    public Cte {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        Objects.requireNonNull(query, "query");
        span = SqlWriter.orNone(span);
    }

    @Override
    public String toSql() {
        return name.toSql() + SqlWriter.columnList(columns) + " AS (" + query.toSql() + ")";
    }
}
