package dev.nabla.parser.ast;

import java.util.List;
import java.util.Objects;

/** A table-level constraint in CREATE TABLE. Constraint names are accepted and dropped. */
public sealed interface TableConstraint {
    String toSql();

    record PrimaryKey(List<Ident> columns) implements TableConstraint {
        public PrimaryKey { columns = List.copyOf(columns); }

        @Override public String toSql() { return "PRIMARY KEY" + SqlWriter.columnList(columns); }
    }

    record Unique(List<Ident> columns) implements TableConstraint {
        public Unique { columns = List.copyOf(columns); }

        @Override public String toSql() { return "UNIQUE" + SqlWriter.columnList(columns); }
    }

    record Check(Expression condition) implements TableConstraint {
        public Check { Objects.requireNonNull(condition, "condition"); }

        @Override public String toSql() { return "CHECK (" + condition.toSql() + ")"; }
    }
}
