package dev.nabla.engine.catalog;

import java.util.List;

/** A declared index. Indexes are accepted for compatibility and kept in the catalog; queries do not use them. */
public record IndexEntry(String name, String table, List<String> columns, boolean unique) {
    public IndexEntry {
        columns = List.copyOf(columns);
    }
}
