package dev.nabla.storage;

import java.util.Objects;

/** One column of a table: name, SQL type and its column-level constraints. */
public record ColumnDef(String name, DataType type, boolean notNull, boolean primaryKey) {
    public ColumnDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A nullable column without constraints. */
    public ColumnDef(String name, DataType type) {
        this(name, type, false, false);
    }
}
