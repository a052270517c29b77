package dev.nabla.jdbc;

import dev.nabla.engine.Result;
import dev.nabla.engine.catalog.AttachedSchema;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.ForeignKey;
import dev.nabla.engine.catalog.IndexEntry;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.plan.bound.CatalogReader.ViewDefinition;
import dev.nabla.plan.expr.Expr;
import dev.nabla.storage.DataType;
import dev.nabla.storage.Schema;
import dev.nabla.storage.UniqueKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The catalog as DatabaseMetaData needs it, read from the session's own {@link CatalogState} (so a transaction sees
 * its own DDL): tables of schema {@code main} with their keys, defaults, UNIQUE constraints, indexes and foreign
 * keys; views with their SQL text; the tables of ATTACHed schemas. A view's column types are what {@code DESCRIBE}
 * binds them to.
 */
final class CatalogView {
    /** {@code stored} for a table of {@code main}, {@code view} for a view; both null for an attached table. */
    record TableInfo(
            String schema,
            String name,
            String type,
            @Nullable StoredTable stored,
            @Nullable ViewDefinition view,
            @Nullable ScannableSource attached) {}

    /**
     * A column. {@code keySeq} is its 1-based place in the primary key (0: not in it); {@code defaultSql} its
     * DEFAULT as SQL; {@code identity} true when the default draws from a sequence (identity and SERIAL columns).
     */
    record ColumnInfo(
            String name,
            DataType type,
            String typeName,
            boolean nullable,
            int keySeq,
            @Nullable String defaultSql,
            boolean identity,
            dev.nabla.storage.@Nullable ColumnLimit limit) {}

    /** One key a foreign key refers to or is: the parent and child columns, pairwise. */
    record ForeignKeyInfo(
            TableInfo parent,
            List<String> parentColumns,
            TableInfo child,
            List<String> childColumns,
            String name,
            @Nullable String parentKeyName) {}

    /** An index, or the index a PRIMARY KEY or UNIQUE constraint implies. */
    record IndexInfo(TableInfo table, String name, boolean unique, List<String> columns) {}

    private final NablaConnection connection;

    CatalogView(NablaConnection connection) {
        this.connection = connection;
    }

    private CatalogState state() throws SQLException {
        connection.checkOpen();
        return connection.session().catalogState();
    }

    List<TableInfo> tables() throws SQLException {
        CatalogState s = state();
        List<TableInfo> out = new ArrayList<>();
        for (StoredTable t : s.tables())
            out.add(new TableInfo(NablaConnection.DEFAULT_SCHEMA, t.name(), "TABLE", t, null, null));
        for (ViewDefinition v : s.views())
            out.add(new TableInfo(NablaConnection.DEFAULT_SCHEMA, v.name(), "VIEW", null, v, null));
        for (AttachedSchema a : s.schemas()) {
            a.tables().forEach((name, source) -> out.add(new TableInfo(a.name(), name, "TABLE", null, null, source)));
        }
        return out;
    }

    List<ColumnInfo> columns(TableInfo table) throws SQLException {
        List<ColumnInfo> out = new ArrayList<>();
        StoredTable t = table.stored();
        if (t != null) {
            Schema schema = t.schema();
            int[] pk = schema.primaryKey();
            for (int i = 0; i < schema.width(); i++) {
                int keySeq = 0;
                for (int k = 0; k < pk.length; k++) if (pk[k] == i) keySeq = k + 1;
                Expr d = t.defaultOf(i);
                String defaultSql = d == null ? null : d.toSql();
                DataType type = schema.type(i);
                out.add(new ColumnInfo(
                        schema.name(i),
                        type,
                        type.sqlName(),
                        !schema.isNotNull(i),
                        keySeq,
                        defaultSql,
                        defaultSql != null
                                && defaultSql.toLowerCase(Locale.ROOT).startsWith("nextval("),
                        schema.column(i).limit()));
            }
            return out;
        }
        ScannableSource attached = table.attached();
        if (attached != null) {
            List<String> names = attached.columnNames();
            List<DataType> types = attached.columnTypes();
            for (int i = 0; i < names.size(); i++) {
                DataType type = types.get(i).isSupported() ? types.get(i) : DataType.VARCHAR;
                out.add(new ColumnInfo(names.get(i), type, type.sqlName(), true, 0, null, false, null));
            }
            return out;
        }
        // a view: its columns as the binder types them
        Result r = connection.query("DESCRIBE " + quote(table.name()));
        for (int i = 0; i < r.rowCount(); i++) {
            String typeName = r.getString(i, 1);
            DataType dt = typeName == null ? null : DataType.fromSqlName(typeName);
            out.add(new ColumnInfo(
                    Objects.requireNonNull(r.getString(i, 0), "DESCRIBE returned a NULL column name"),
                    dt == null || !dt.isSupported() ? DataType.VARCHAR : dt,
                    typeName == null ? "VARCHAR" : typeName.toUpperCase(Locale.ROOT),
                    true,
                    0,
                    null,
                    false,
                    null));
        }
        return out;
    }

    /** Every FOREIGN KEY among the tables of {@code main}, with both ends resolved. */
    List<ForeignKeyInfo> foreignKeys() throws SQLException {
        CatalogState s = state();
        List<ForeignKeyInfo> out = new ArrayList<>();
        for (StoredTable child : s.tables()) {
            for (ForeignKey fk : child.foreignKeys()) {
                StoredTable parent = s.table(fk.parent());
                if (parent == null) continue;
                out.add(new ForeignKeyInfo(
                        info(parent),
                        names(parent.schema(), fk.parentColumns()),
                        info(child),
                        names(child.schema(), fk.columns()),
                        fk.name(),
                        keyName(parent, fk.parentColumns())));
            }
        }
        return out;
    }

    /**
     * The indexes of a table of {@code main}: its primary key ({@code <table>_pkey}), each UNIQUE constraint and
     * each CREATE INDEX, in that order.
     */
    List<IndexInfo> indexes(TableInfo table) throws SQLException {
        StoredTable t = table.stored();
        if (t == null) return List.of();
        List<IndexInfo> out = new ArrayList<>();
        Schema schema = t.schema();
        if (schema.hasPrimaryKey())
            out.add(new IndexInfo(table, primaryKeyName(t.name()), true, names(schema, schema.primaryKey())));
        for (UniqueKey u : t.table().uniqueKeys()) {
            // a UNIQUE constraint on exactly the primary key columns is the primary key's index
            if (java.util.Arrays.equals(u.columns(), schema.primaryKey())) continue;
            out.add(new IndexInfo(table, u.name(), true, names(schema, u.columns())));
        }
        for (IndexEntry i : state().indexes()) {
            // CREATE UNIQUE INDEX also made a UNIQUE constraint of that name, listed above
            boolean listed = out.stream().anyMatch(o -> o.name().equalsIgnoreCase(i.name()));
            if (i.table().equalsIgnoreCase(t.name()) && !listed)
                out.add(new IndexInfo(table, i.name(), i.unique(), i.columns()));
        }
        return out;
    }

    /** The name of the PRIMARY KEY or UNIQUE constraint on exactly {@code columns} of {@code t}, or null. */
    private static @Nullable String keyName(StoredTable t, int[] columns) {
        int[] sorted = columns.clone();
        java.util.Arrays.sort(sorted);
        int[] pk = t.schema().primaryKey();
        java.util.Arrays.sort(pk);
        if (pk.length > 0 && java.util.Arrays.equals(sorted, pk)) return primaryKeyName(t.name());
        for (UniqueKey u : t.table().uniqueKeys()) {
            int[] c = u.columns();
            java.util.Arrays.sort(c);
            if (java.util.Arrays.equals(sorted, c)) return u.name();
        }
        return null;
    }

    static String primaryKeyName(String table) {
        return table + "_pkey";
    }

    private static TableInfo info(StoredTable t) {
        return new TableInfo(NablaConnection.DEFAULT_SCHEMA, t.name(), "TABLE", t, null, null);
    }

    private static List<String> names(Schema schema, int[] columns) {
        List<String> out = new ArrayList<>(columns.length);
        for (int c : columns) out.add(schema.name(c));
        return out;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
