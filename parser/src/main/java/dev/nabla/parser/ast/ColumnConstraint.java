package dev.nabla.parser.ast;

import dev.nabla.common.Span;

import java.util.Objects;

/** A constraint written on a column. Constraint names ({@code CONSTRAINT c}) are accepted and dropped. */
public sealed interface ColumnConstraint extends Node {

    record NotNull(Span span) implements ColumnConstraint {
        public NotNull { span = SqlWriter.orNone(span); }

        public NotNull() { this(Span.NONE); }

        @Override public String toSql() { return "NOT NULL"; }
    }

    /** An explicit {@code NULL} (the default, allowed by SQLite and Postgres). */
    record Nullable(Span span) implements ColumnConstraint {
        public Nullable { span = SqlWriter.orNone(span); }

        public Nullable() { this(Span.NONE); }

        @Override public String toSql() { return "NULL"; }
    }

    record PrimaryKey(boolean descending, boolean autoincrement, Span span) implements ColumnConstraint {
        public PrimaryKey { span = SqlWriter.orNone(span); }

        public PrimaryKey(boolean descending, boolean autoincrement) { this(descending, autoincrement, Span.NONE); }

        @Override public String toSql() { return "PRIMARY KEY" + (descending ? " DESC" : "") + (autoincrement ? " AUTOINCREMENT" : ""); }
    }

    record Unique(Span span) implements ColumnConstraint {
        public Unique { span = SqlWriter.orNone(span); }

        public Unique() { this(Span.NONE); }

        @Override public String toSql() { return "UNIQUE"; }
    }

    record Default(Expression value, Span span) implements ColumnConstraint {
        public Default {
            Objects.requireNonNull(value, "value");
            span = SqlWriter.orNone(span);
        }

        public Default(Expression value) { this(value, Span.NONE); }

        @Override public String toSql() { return "DEFAULT " + SqlWriter.operand(value, Precedence.PRIMARY); }
    }

    record Check(Expression condition, Span span) implements ColumnConstraint {
        public Check {
            Objects.requireNonNull(condition, "condition");
            span = SqlWriter.orNone(span);
        }

        public Check(Expression condition) { this(condition, Span.NONE); }

        @Override public String toSql() { return "CHECK (" + condition.toSql() + ")"; }
    }

    record Collation(Ident name, Span span) implements ColumnConstraint {
        public Collation {
            Objects.requireNonNull(name, "name");
            span = SqlWriter.orNone(span);
        }

        public Collation(Ident name) { this(name, Span.NONE); }

        @Override public String toSql() { return "COLLATE " + name.toSql(); }
    }
}
