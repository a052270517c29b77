package dev.nabla.engine.catalog;

import dev.nabla.engine.exec.ScannableSource;

/**
 * Read-only relations that a session's host supplies by name, such as the shell's {@code _} (its
 * last result). The binder consults them only for an unqualified name that no table, view or CTE
 * has, so user objects always win; they are never listed (SHOW TABLES, the catalog state JDBC
 * metadata reads, "did you mean" hints) and cannot be written to. Set with {@link dev.nabla.engine.Session#setImplicitTables}.
 */
@FunctionalInterface
public interface ImplicitTables {
    ImplicitTables NONE = name -> null;

    /**
     * The relation called {@code name} (compare case-insensitively), or null for none. Called while a
     * statement is bound, on the session's thread; may throw NablaException to explain why a name it
     * owns cannot be read now.
     */
    ScannableSource resolve(String name);
}
