package dev.nabla.parser.ast;

import dev.nabla.common.Span;
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

    /** {@code *}. */
    record Star(Span span) implements SelectItem {
        public Star {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return "*";
        }
    }

    /** {@code t.*} or {@code schema.t.*}. */
    record QualifiedStar(QualifiedName qualifier, Span span) implements SelectItem {
        public QualifiedStar {
            Objects.requireNonNull(qualifier, "qualifier");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return qualifier.toSql() + ".*";
        }
    }
}
