package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.Objects;

/** {@code column = value} in UPDATE ... SET. */
public record Assignment(Ident column, Expression value, Span span) implements Node {
    public Assignment {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(value, "value");
        span = SqlWriter.orNone(span);
    }

    @Override
    public String toSql() {
        return column.toSql() + " = " + value.toSql();
    }
}
