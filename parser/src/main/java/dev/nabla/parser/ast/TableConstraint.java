package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/** A table-level constraint in CREATE TABLE. Names are kept for UNIQUE, CHECK and FOREIGN KEY (null when unnamed). */
public sealed interface TableConstraint extends Node {

    /** {@code "CONSTRAINT name "}, or empty for an unnamed constraint. */
    static String named(String name) {
        return name == null ? "" : "CONSTRAINT " + SqlWriter.ident(name, false) + " ";
    }

    record PrimaryKey(List<Ident> columns, Span span) implements TableConstraint {
        public PrimaryKey {
            columns = List.copyOf(columns);
            span = SqlWriter.orNone(span);
        }

        public PrimaryKey(List<Ident> columns) {
            this(columns, Span.NONE);
        }

        @Override
        public String toSql() {
            return "PRIMARY KEY" + SqlWriter.columnList(columns);
        }
    }

    record Unique(String name, List<Ident> columns, Span span) implements TableConstraint {
        public Unique {
            columns = List.copyOf(columns);
            span = SqlWriter.orNone(span);
        }

        public Unique(List<Ident> columns, Span span) {
            this(null, columns, span);
        }

        public Unique(List<Ident> columns) {
            this(null, columns, Span.NONE);
        }

        @Override
        public String toSql() {
            return named(name) + "UNIQUE" + SqlWriter.columnList(columns);
        }
    }

    record Check(String name, Expression condition, Span span) implements TableConstraint {
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
            return named(name) + "CHECK (" + condition.toSql() + ")";
        }
    }

    /** {@code FOREIGN KEY (cols) REFERENCES parent [(cols)] [ON DELETE action] [ON UPDATE action]}. */
    record ForeignKey(String name, List<Ident> columns, ColumnConstraint.References references, Span span)
            implements TableConstraint {
        public ForeignKey {
            columns = List.copyOf(columns);
            Objects.requireNonNull(references, "references");
            span = SqlWriter.orNone(span);
        }

        @Override
        public String toSql() {
            return named(name) + "FOREIGN KEY" + SqlWriter.columnList(columns) + " " + references.toSql();
        }
    }
}
