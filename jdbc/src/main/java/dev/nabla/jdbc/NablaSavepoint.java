package dev.nabla.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;
import org.jspecify.annotations.Nullable;

/**
 * A savepoint made by {@link NablaConnection#setSavepoint}: named ones carry the caller's name,
 * unnamed ones an id (and an internal name the SQL statements use). Both live in one transaction.
 */
final class NablaSavepoint implements Savepoint {
    private final int id;
    private final @Nullable String name;
    private final NablaConnection connection;

    NablaSavepoint(int id, @Nullable String name, NablaConnection connection) {
        this.id = id;
        this.name = name;
        this.connection = connection;
    }

    NablaConnection connection() {
        return connection;
    }

    /** The name as SQL sees it: always quoted, so that the caller's spelling is kept exactly. */
    String sqlName() {
        String n = name != null ? name : "jdbc_savepoint_" + id;
        return '"' + n.replace("\"", "\"\"") + '"';
    }

    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) throw new SQLException("a named savepoint has no id", "3B000");
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) throw new SQLException("an unnamed savepoint has no name", "3B000");
        return name;
    }

    @Override
    public String toString() {
        return name != null ? name : "savepoint " + id;
    }
}
