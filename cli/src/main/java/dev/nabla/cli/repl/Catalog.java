package dev.nabla.cli.repl;

import java.util.List;

/** What completion needs to know about the database. */
public interface Catalog {
    List<String> tables();

    /** Column names of a table; empty when unknown. */
    List<String> columns(String table);

    /** Column names of the last result (for .plot). */
    default List<String> lastResultColumns() {
        return List.of();
    }
}
