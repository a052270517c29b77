package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A type as written, with its words upper-cased and joined by single spaces ({@code DOUBLE PRECISION},
 * {@code CHARACTER VARYING}, {@code TIMESTAMP WITH TIME ZONE}, or SQLite's free-form
 * {@code UNSIGNED BIG INT}), its numeric parameters ({@code DECIMAL(10,2)} gives [10, 2]) and
 * the array suffixes that follow it, innermost first: {@link #UNSIZED} for {@code []}, the size
 * for {@code [3]} ({@code DOUBLE[3][]} gives [3, -1]).
 */
public record TypeName(String name, List<Integer> params, List<Integer> arraySizes, Span span) implements Node {
    /** The array size recorded for {@code []}. */
    public static final int UNSIZED = -1;

    public TypeName {
        Objects.requireNonNull(name, "name");
        params = List.copyOf(params);
        arraySizes = List.copyOf(arraySizes);
        span = span == null ? Span.NONE : span;
    }

    public static TypeName of(String name, Integer... params) {
        return new TypeName(name, List.of(params), List.of(), Span.NONE);
    }

    /** How many array suffixes follow the name. */
    public int arrayDims() {
        return arraySizes.size();
    }

    @Override
    public String toSql() {
        StringBuilder sb = new StringBuilder(name);
        if (!params.isEmpty()) {
            sb.append('(')
                    .append(params.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(')');
        }
        for (int size : arraySizes)
            sb.append('[').append(size == UNSIZED ? "" : Integer.toString(size)).append(']');
        return sb.toString();
    }

    @Override
    public String toString() {
        return toSql();
    }
}
