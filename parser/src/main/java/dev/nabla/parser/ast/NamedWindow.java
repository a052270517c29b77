package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.Objects;

/** One entry of a WINDOW clause: {@code name AS (spec)}. */
public record NamedWindow(Ident name, WindowSpec spec, Span span) implements Node {
    public NamedWindow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        span = SqlWriter.orNone(span);
    }

    @Override
    public String toSql() {
        return name.toSql() + " AS " + spec.toSql();
    }
}
