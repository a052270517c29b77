package dev.nabla.engine.catalog;

import java.util.Objects;

/**
 * A FOREIGN KEY of a child table: its {@code columns} reference {@code parentColumns} of table
 * {@code parent} (a PRIMARY KEY or UNIQUE key of it, in the child columns' order). NO ACTION: a child
 * row needs a matching parent row unless a key column is NULL; a referenced parent row cannot go away.
 */
public record ForeignKey(String name, int[] columns, String parent, int[] parentColumns) {
    public ForeignKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parent, "parent");
        columns = columns.clone();
        parentColumns = parentColumns.clone();
    }

    @Override
    public int[] columns() {
        return columns.clone();
    }

    @Override
    public int[] parentColumns() {
        return parentColumns.clone();
    }
}
