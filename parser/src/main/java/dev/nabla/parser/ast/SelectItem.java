package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/** One entry of a SELECT list. */
public sealed interface SelectItem extends Node {

    /** {@code expr [AS alias]}; {@code alias} may be null. */
    record ExprItem(Expression expr, Ident alias, Span span) implements SelectItem {
        public ExprItem {
            Objects.requireNonNull(expr, "expr");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return alias == null ? expr.toSql() : expr.toSql() + " AS " + alias.toSql();
        }
    }

    /**
     * {@code *}, with DuckDB's {@code EXCLUDE (a, b)} (columns left out) and {@code REPLACE (expr AS c)}
     * (column {@code c} computed by {@code expr} in its place); both lists may be empty.
     */
    record Star(List<Ident> exclude, List<Replacement> replace, Span span) implements SelectItem {
        public Star {
            exclude = List.copyOf(exclude);
            replace = List.copyOf(replace);
            span = SqlWriter.orNone(span);
        }

        public Star(Span span) {
            this(List.of(), List.of(), span);
        }

        @Override
        public String toSql() {
            return "*" + modifiers(exclude, replace);
        }
    }

    /** {@code t.*} or {@code schema.t.*}, with the same EXCLUDE / REPLACE modifiers as {@link Star}. */
    record QualifiedStar(QualifiedName qualifier, List<Ident> exclude, List<Replacement> replace, Span span)
            implements SelectItem {
        public QualifiedStar {
            Objects.requireNonNull(qualifier, "qualifier");
            exclude = List.copyOf(exclude);
            replace = List.copyOf(replace);
            span = SqlWriter.orNone(span);
        }

        public QualifiedStar(QualifiedName qualifier, Span span) {
            this(qualifier, List.of(), List.of(), span);
        }

        @Override
        public String toSql() {
            return qualifier.toSql() + ".*" + modifiers(exclude, replace);
        }
    }

    /** One {@code expr AS column} of a star's REPLACE list. */
    record Replacement(Expression expr, Ident column, Span span) implements Node {
        public Replacement {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(column, "column");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return expr.toSql() + " AS " + column.toSql();
        }
    }

    private static String modifiers(List<Ident> exclude, List<Replacement> replace) {
        String sql = exclude.isEmpty() ? "" : " EXCLUDE (" + SqlWriter.join(exclude) + ")";
        return replace.isEmpty() ? sql : sql + " REPLACE (" + SqlWriter.join(replace) + ")";
    }
}
