package dev.nabla.jdbc;

import dev.nabla.engine.catalog.Sequences;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.parser.Parser;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Statement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * getGeneratedKeys as PostgreSQL's driver does it: an INSERT, UPDATE or DELETE run with {@code RETURN_GENERATED_KEYS}
 * or with key column names or indexes gets a {@code RETURNING} clause, and the rows it returns are the keys. With
 * {@code RETURN_GENERATED_KEYS} the keys are the table's identity (and SERIAL) columns, else its primary key, else
 * every column (PostgreSQL's driver always returns every column).
 */
final class GeneratedKeys {
    /** What the caller asked for: every key ({@code RETURN_GENERATED_KEYS}), columns by index or by name. */
    record Request(int @Nullable [] indexes, String @Nullable [] names) {
        static final Request AUTO = new Request(null, null);
    }

    private GeneratedKeys() {}

    /**
     * {@code sql} with a RETURNING clause for the requested keys, or null when it has no keys (not a single INSERT,
     * UPDATE or DELETE). One with a RETURNING clause of its own is left as it is: its rows are the keys, as with
     * PostgreSQL's driver (jOOQ's {@code returning()} relies on this).
     */
    static @Nullable String rewrite(NablaConnection connection, String sql, Request request) throws SQLException {
        Statement st;
        try {
            st = Parser.parseStatement(sql);
        } catch (RuntimeException e) {
            return null; // the statement itself reports its syntax error when it runs
        }
        QualifiedName table;
        switch (st) {
            case Statement.Insert i
            when !i.returning().isEmpty() -> {
                return sql;
            }
            case Statement.Update u
            when !u.returning().isEmpty() -> {
                return sql;
            }
            case Statement.Delete d
            when !d.returning().isEmpty() -> {
                return sql;
            }
            case Statement.Insert i -> table = i.table();
            case Statement.Update u -> table = u.table();
            case Statement.Delete d -> table = d.table();
            default -> {
                return null;
            }
        }
        StoredTable t = connection.session().catalogState().table(table.last().value());
        List<String> columns = new ArrayList<>();
        if (request.names() != null) {
            for (String n : request.names()) columns.add(CatalogView.quote(n));
        } else if (t != null && request.indexes() != null) {
            for (int k : request.indexes()) {
                if (k < 1 || k > t.schema().width())
                    throw new SQLException(
                            "no column " + k + " in table \"" + t.name() + "\" (it has "
                                    + t.schema().width() + ")",
                            "42703");
                columns.add(CatalogView.quote(t.schema().name(k - 1)));
            }
        } else if (t != null) {
            Sequences sequences = connection.database().sequences();
            for (int c = 0; c < t.schema().width(); c++)
                if (sequences.identityOf(t, c) != null)
                    columns.add(CatalogView.quote(t.schema().name(c)));
            if (columns.isEmpty())
                for (int c : t.schema().primaryKey())
                    columns.add(CatalogView.quote(t.schema().name(c)));
        }
        String body = sql.strip();
        while (body.endsWith(";")) body = body.substring(0, body.length() - 1).stripTrailing();
        return body + " RETURNING " + (columns.isEmpty() ? "*" : String.join(", ", columns));
    }
}
