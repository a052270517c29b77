package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.Locale;
import java.util.Objects;

/**
 * One identifier as written: {@code value} is the text without quotes (with doubled quotes undone),
 * {@code quoted} whether it was written in double quotes, backticks or brackets. Name resolution
 * is the binder's business; {@link #matches(String)} is the usual case-insensitive comparison.
 */
public record Ident(String value, boolean quoted, Span span) implements Node {
    public Ident {
        Objects.requireNonNull(value, "value");
        span = span == null ? Span.NONE : span;
    }

    public static Ident of(String value) {
        return new Ident(value, false, Span.NONE);
    }

    public boolean matches(String other) {
        return value.equalsIgnoreCase(other);
    }

    /** The lower-cased value, the key most catalogs use for unquoted names. */
    public String lower() {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toSql() {
        return SqlWriter.ident(value, quoted);
    }

    @Override
    public String toString() {
        return toSql();
    }
}
