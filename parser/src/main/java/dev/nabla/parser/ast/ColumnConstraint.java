package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/** A constraint written on a column. Names ({@code CONSTRAINT c}) are kept for UNIQUE, CHECK and REFERENCES (null when unnamed). */
public sealed interface ColumnConstraint extends Node {

    record NotNull(Span span) implements ColumnConstraint {
        public NotNull {
            span = SqlWriter.orNone(span);
        }

        public NotNull() {
            this(Span.NONE);
        }

        @Override
        public String toSql() {
            return "NOT NULL";
        }
    }

    /** An explicit {@code NULL} (the default, allowed by SQLite and Postgres). */
    record Nullable(Span span) implements ColumnConstraint {
        public Nullable {
            span = SqlWriter.orNone(span);
        }

        public Nullable() {
            this(Span.NONE);
        }

        @Override
        public String toSql() {
            return "NULL";
        }
    }

    record PrimaryKey(boolean descending, boolean autoincrement, Span span) implements ColumnConstraint {
        public PrimaryKey {
            span = SqlWriter.orNone(span);
        }

        public PrimaryKey(boolean descending, boolean autoincrement) {
            this(descending, autoincrement, Span.NONE);
        }

        @Override
        public String toSql() {
            return "PRIMARY KEY" + (descending ? " DESC" : "") + (autoincrement ? " AUTOINCREMENT" : "");
        }
    }

    record Unique(String name, Span span) implements ColumnConstraint {
        public Unique {
            span = SqlWriter.orNone(span);
        }

        public Unique(Span span) {
            this(null, span);
        }

        public Unique() {
            this(null, Span.NONE);
        }

        @Override
        public String toSql() {
            return TableConstraint.named(name) + "UNIQUE";
        }
    }

    /** {@code REFERENCES parent [(cols)] [ON DELETE action] [ON UPDATE action]}; actions as written, upper case, null when absent. */
    record References(
            String name, QualifiedName parent, List<Ident> parentColumns, String onDelete, String onUpdate, Span span)
            implements ColumnConstraint {
        public References {
            Objects.requireNonNull(parent, "parent");
            parentColumns = List.copyOf(parentColumns);
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return TableConstraint.named(name) + "REFERENCES " + parent.toSql()
                    + (parentColumns.isEmpty() ? "" : SqlWriter.columnList(parentColumns))
                    + (onDelete == null ? "" : " ON DELETE " + onDelete)
                    + (onUpdate == null ? "" : " ON UPDATE " + onUpdate);
        }
    }

    record Default(Expression value, Span span) implements ColumnConstraint {
        public Default {
            Objects.requireNonNull(value, "value");
            span = SqlWriter.orNone(span);
        }

        public Default(Expression value) {
            this(value, Span.NONE);
        }

        @Override
        public String toSql() {
            return "DEFAULT " + SqlWriter.operand(value, Precedence.PRIMARY);
        }
    }

    /**
     * {@code GENERATED ALWAYS | BY DEFAULT AS IDENTITY [(START WITH n INCREMENT BY n)]}: the column's default is the
     * next value of a sequence of its own. {@code start} null: the sequence's own default.
     */
    record Identity(boolean always, Long start, long increment, Span span) implements ColumnConstraint {
        public Identity {
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            String options = (start == null ? "" : "START WITH " + start + " ")
                    + (increment == 1 ? "" : "INCREMENT BY " + increment);
            return "GENERATED " + (always ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY"
                    + (options.isBlank() ? "" : " (" + options.strip() + ")");
        }
    }

    record Check(String name, Expression condition, Span span) implements ColumnConstraint {
        public Check {
            Objects.requireNonNull(condition, "condition");
            span = SqlWriter.orNone(span);
        }

        public Check(Expression condition, Span span) {
            this(null, condition, span);
        }

        public Check(Expression condition) {
            this(null, condition, Span.NONE);
        }

        @Override
        public String toSql() {
            return TableConstraint.named(name) + "CHECK (" + condition.toSql() + ")";
        }
    }

    record Collation(Ident name, Span span) implements ColumnConstraint {
        public Collation {
            Objects.requireNonNull(name, "name");
            span = SqlWriter.orNone(span);
        }

        public Collation(Ident name) {
            this(name, Span.NONE);
        }

        @Override
        public String toSql() {
            return "COLLATE " + name.toSql();
        }
    }
}
