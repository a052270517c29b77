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
            case Expression.Identifier id ->
                id.name().parts().stream().map(Ident::value).collect(java.util.stream.Collectors.joining("."));
            case Expression.BooleanLiteral b -> Boolean.toString(b.value());
            default -> value.toSql();
        };
    }

    /** Names and word values are written bare even when they are keywords (NULL, FORMAT, DEFAULT). */
    @Override
    public String toSql() {
        String n = name.quoted() || !SqlWriter.isPlainIdentifier(name.value()) ? name.toSql() : name.value();
        if (value == null) return n;
        if (value instanceof Expression.Identifier id
                && id.name().size() == 1
                && !id.name().last().quoted()
                && SqlWriter.isPlainIdentifier(id.name().last().value())) {
            return n + " " + id.name().last().value();
        }
        return n + " " + value.toSql();
    }
}
