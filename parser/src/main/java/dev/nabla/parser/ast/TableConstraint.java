package dev.nabla.parser.ast;

import dev.nabla.common.Span;

import java.util.List;
import java.util.Objects;

/** A table-level constraint in CREATE TABLE. Constraint names are accepted and dropped. */
public sealed interface TableConstraint extends Node {

    record PrimaryKey(List<Ident> columns, Span span) implements TableConstraint {
        public PrimaryKey {
            columns = List.copyOf(columns);
            span = SqlWriter.orNone(span);
        }

        public PrimaryKey(List<Ident> columns) { this(columns, Span.NONE); }

        @Override public String toSql() { return "PRIMARY KEY" + SqlWriter.columnList(columns); }
    }

    record Unique(List<Ident> columns, Span span) implements TableConstraint {
        public Unique {
            columns = List.copyOf(columns);
            span = SqlWriter.orNone(span);
        }

        public Unique(List<Ident> columns) { this(columns, Span.NONE); }

        @Override public String toSql() { return "UNIQUE" + SqlWriter.columnList(columns); }
    }

    record Check(Expression condition, Span span) implements TableConstraint {
        public Check {
            Objects.requireNonNull(condition, "condition");
            span = SqlWriter.orNone(span);
        }

        public Check(Expression condition) { this(condition, Span.NONE); }

        @Override public String toSql() { return "CHECK (" + condition.toSql() + ")"; }
    }
}
