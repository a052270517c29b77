package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.stream.Collectors;

/** A dotted name such as {@code t}, {@code schema.t} or {@code t.col}. */
public record QualifiedName(List<Ident> parts, Span span) implements Node {
    public QualifiedName {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) throw new IllegalArgumentException("empty qualified name");
        span = span == null ? Span.NONE : span;
    }

    public static QualifiedName of(String... names) {
        return new QualifiedName(java.util.Arrays.stream(names).map(Ident::of).toList(), Span.NONE);
    }

    public static QualifiedName of(Ident ident) {
        return new QualifiedName(List.of(ident), ident.span());
    }

    /** The last part: the table of {@code schema.t}, the column of {@code t.col}. */
    public Ident last() {
        return parts.getLast();
    }

    /** Everything but the last part (empty for a bare name). */
    public List<Ident> qualifier() {
        return parts.subList(0, parts.size() - 1);
    }

    public int size() {
        return parts.size();
    }

    @Override
    public String toSql() {
        return parts.stream().map(Ident::toSql).collect(Collectors.joining("."));
    }

    @Override
    public String toString() {
        return toSql();
    }
}
