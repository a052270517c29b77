package dev.nabla.plan.logical;

import dev.nabla.storage.DataType;
import java.util.Objects;

/**
 * An output column of a plan node. {@code id} is unique within a statement: a column passed through
 * unchanged keeps its id, a computed column gets a fresh one (from {@link ColumnIds}).
 * {@code qualifier} is the table name or alias it can be referenced by (null if none).
 */
public record Column(int id, String name, String qualifier, DataType type, boolean nullable) {
    public Column {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
    }

    public dev.nabla.plan.expr.ColumnRef ref() {
        return new dev.nabla.plan.expr.ColumnRef(id, name, type, null);
    }

    public Column withQualifier(String q) {
        return new Column(id, name, q, type, nullable);
    }
}
