package dev.nabla.storage;

import java.util.Objects;

/**
 * One column of a table: name, SQL type and its column-level constraints. {@code limit}, when not null, is what the
 * declared type allows beyond the stored one (VARCHAR(5): five characters; SMALLINT: 16 bits).
 */
public record ColumnDef(String name, DataType type, boolean notNull, boolean primaryKey, ColumnLimit limit) {
    public ColumnDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public ColumnDef(String name, DataType type, boolean notNull, boolean primaryKey) {
        this(name, type, notNull, primaryKey, null);
    }

    /** A nullable column without constraints. */
    public ColumnDef(String name, DataType type) {
        this(name, type, false, false);
    }
}
