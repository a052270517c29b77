package dev.nabla.storage;

import java.util.Objects;

/** A UNIQUE constraint of a table: its name and the indexes of its columns. */
public record UniqueKey(String name, int[] columns) {
    public UniqueKey {
        Objects.requireNonNull(name, "name");
        columns = columns.clone();
    }

    @Override
    public int[] columns() {
        return columns.clone();
    }
}
