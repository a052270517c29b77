package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;

/** {@code WITH [RECURSIVE] cte, ...}. */
public record With(boolean recursive, List<Cte> ctes, Span span) implements Node {
    public With {
        ctes = List.copyOf(ctes);
        if (ctes.isEmpty()) throw new IllegalArgumentException("WITH without CTEs");
        span = SqlWriter.orNone(span);
    }

    @Override
    public String toSql() {
        return (recursive ? "WITH RECURSIVE " : "WITH ") + SqlWriter.join(ctes);
    }
}
