package dev.nabla.parser.ast;

import dev.nabla.common.Span;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A type as written, with its words upper-cased and joined by single spaces ({@code DOUBLE PRECISION},
 * {@code CHARACTER VARYING}, {@code TIMESTAMP WITH TIME ZONE}, or SQLite's free-form
 * {@code UNSIGNED BIG INT}), its numeric parameters ({@code DECIMAL(10,2)} gives [10, 2]) and
 * how many {@code []} array suffixes follow it.
 */
public record TypeName(String name, List<Integer> params, int arrayDims, Span span) implements Node {
    public TypeName {
        Objects.requireNonNull(name, "name");
        params = List.copyOf(params);
        span = span == null ? Span.NONE : span;
    }

    public static TypeName of(String name, Integer... params) {
        return new TypeName(name, List.of(params), 0, Span.NONE);
    }

    @Override public String toSql() {
        StringBuilder sb = new StringBuilder(name);
        if (!params.isEmpty()) {
            sb.append('(').append(params.stream().map(String::valueOf).collect(Collectors.joining(", "))).append(')');
        }
        sb.append("[]".repeat(arrayDims));
        return sb.toString();
    }

    @Override public String toString() { return toSql(); }
}
