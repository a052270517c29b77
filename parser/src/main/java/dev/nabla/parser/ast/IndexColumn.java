package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.Objects;

/** One key of CREATE INDEX: a column with its direction. */
public record IndexColumn(Ident column, boolean descending, Span span) implements Node {
    public IndexColumn {
        Objects.requireNonNull(column, "column");
        span = SqlWriter.orNone(span);
    }

    @Override
    public String toSql() {
        return column.toSql() + (descending ? " DESC" : "");
    }
}
