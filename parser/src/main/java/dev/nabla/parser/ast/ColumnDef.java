package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import java.util.List;
import java.util.Objects;

/** A column in CREATE TABLE; {@code type} is null when SQLite-style DDL leaves it out. */
public record ColumnDef(Ident name, TypeName type, List<ColumnConstraint> constraints, Span span) implements Node {
    public ColumnDef {
        Objects.requireNonNull(name, "name");
        constraints = List.copyOf(constraints);
        span = SqlWriter.orNone(span);
    }

    public boolean notNull() {
        return constraints.stream().anyMatch(c -> c instanceof ColumnConstraint.NotNull);
    }

    public boolean primaryKey() {
        return constraints.stream().anyMatch(c -> c instanceof ColumnConstraint.PrimaryKey);
    }

    public boolean unique() {
        return constraints.stream().anyMatch(c -> c instanceof ColumnConstraint.Unique);
    }

    /** The DEFAULT expression, or null. */
    public Expression defaultValue() {
        for (ColumnConstraint c : constraints) if (c instanceof ColumnConstraint.Default d) return d.value();
        return null;
    }

    @Override
    public String toSql() {
        StringBuilder sb = new StringBuilder(name.toSql());
        if (type != null) sb.append(' ').append(type.toSql());
        for (ColumnConstraint c : constraints) sb.append(' ').append(c.toSql());
        return sb.toString();
    }
}
