package dev.nabla.parser.ast;

import java.util.Objects;

/** A constraint written on a column. Constraint names ({@code CONSTRAINT c}) are accepted and dropped. */
public sealed interface ColumnConstraint {
    String toSql();

    record NotNull() implements ColumnConstraint {
        @Override public String toSql() { return "NOT NULL"; }
    }

    /** An explicit {@code NULL} (the default, allowed by SQLite and Postgres). */
    record Nullable() implements ColumnConstraint {
        @Override public String toSql() { return "NULL"; }
    }

    record PrimaryKey(boolean descending, boolean autoincrement) implements ColumnConstraint {
        @Override public String toSql() { return "PRIMARY KEY" + (descending ? " DESC" : "") + (autoincrement ? " AUTOINCREMENT" : ""); }
    }

    record Unique() implements ColumnConstraint {
        @Override public String toSql() { return "UNIQUE"; }
    }

    record Default(Expression value) implements ColumnConstraint {
        public Default { Objects.requireNonNull(value, "value"); }

        @Override public String toSql() { return "DEFAULT " + SqlWriter.operand(value, Precedence.PRIMARY); }
    }

    record Check(Expression condition) implements ColumnConstraint {
        public Check { Objects.requireNonNull(condition, "condition"); }

        @Override public String toSql() { return "CHECK (" + condition.toSql() + ")"; }
    }

    record Collation(Ident name) implements ColumnConstraint {
        public Collation { Objects.requireNonNull(name, "name"); }

        @Override public String toSql() { return "COLLATE " + name.toSql(); }
    }
}
