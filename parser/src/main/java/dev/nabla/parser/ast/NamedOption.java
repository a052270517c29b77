package dev.nabla.parser.ast;

import dev.nabla.common.Span;

import java.util.Objects;

/**
 * An option of COPY or ATTACH: {@code HEADER}, {@code DELIMITER ','}, {@code FORMAT parquet}.
 * {@code value} is null when only the name is given; a bare word value (parquet) is an
 * {@link Expression.Identifier}, otherwise a literal.
 */
public record NamedOption(Ident name, Expression value, Span span) implements Node {
    public NamedOption {
        Objects.requireNonNull(name, "name");
        span = SqlWriter.orNone(span);
    }

    /** The value as plain text: a string's contents, a number's or word's spelling; null when absent. */
    public String valueText() {
        return switch (value) {
            case null -> null;
            case Expression.StringLiteral s -> s.value();
            case Expression.Identifier id -> id.name().parts().stream().map(Ident::value).collect(java.util.stream.Collectors.joining("."));
            case Expression.BooleanLiteral b -> Boolean.toString(b.value());
            default -> value.toSql();
        };
    }

    @Override public String toSql() { return value == null ? name.toSql() : name.toSql() + " " + value.toSql(); }
}
