package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.Objects;

/** A named function argument {@code name => value}, e.g. {@code read_csv('f.csv', header => true)}. */
public record NamedArg(Ident name, Expression value, Span span) implements Node {
    public NamedArg {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        span = SqlWriter.orNone(span);
    }

    @Override
    public String toSql() {
        return name.toSql() + " => " + value.toSql();
    }
}
