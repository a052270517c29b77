package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/**
 * One common table expression: {@code name [(col, ...)] AS [[NOT] MATERIALIZED] (query)}; {@code materialized} is
 * null without the hint.
 */
public record Cte(Ident name, List<Ident> columns, Query query, Boolean materialized, Span span) implements Node {
    public Cte {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        Objects.requireNonNull(query, "query");
        span = SqlWriter.orNone(span);
    }

    public Cte(Ident name, List<Ident> columns, Query query, Span span) {
        this(name, columns, query, null, span);
    }

    @Override
    public String toSql() {
        String hint = materialized == null ? "" : materialized ? "MATERIALIZED " : "NOT MATERIALIZED ";
        return name.toSql() + SqlWriter.columnList(columns) + " AS " + hint + "(" + query.toSql() + ")";
    }
}
