package dev.nabla.jdbc;

import dev.nabla.engine.Result;
import dev.nabla.storage.DataType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The catalog as DatabaseMetaData needs it, read through the engine's own {@code SHOW TABLES} and {@code DESCRIBE}
 * statements so the driver shows exactly what SQL sees. Columns of those results are found by name.
 */
final class CatalogView {
    record TableInfo(String schema, String name, String type) {}

    record ColumnInfo(String name, DataType type, String typeName, boolean nullable, int keySeq) {}

    private final NablaConnection connection;

    CatalogView(NablaConnection connection) {
        this.connection = connection;
    }

    List<TableInfo> tables() throws SQLException {
        Result r = connection.query("SHOW TABLES");
        int name = column(r, 0, "name", "table_name", "table");
        int schema = column(r, -1, "schema", "table_schema", "schema_name", "database");
        int type = column(r, -1, "type", "table_type", "kind");
        List<TableInfo> out = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            String s = schema < 0 ? null : r.getString(i, schema);
            String t = type < 0 ? null : r.getString(i, type);
            String n = Objects.requireNonNull(r.getString(i, name), "SHOW TABLES returned a NULL name");
            // without a schema column, tables of attached schemas are listed as "schema.table"
            int dot = n.indexOf('.');
            if (schema < 0 && dot > 0 && dot < n.length() - 1) {
                s = n.substring(0, dot);
                n = n.substring(dot + 1);
            }
            out.add(new TableInfo(s == null || s.isEmpty() ? NablaConnection.DEFAULT_SCHEMA : s, n, tableType(t)));
        }
        return out;
    }

    List<ColumnInfo> columns(TableInfo table) throws SQLException {
        String target = NablaConnection.DEFAULT_SCHEMA.equalsIgnoreCase(table.schema())
                ? quote(table.name())
                : quote(table.schema()) + "." + quote(table.name());
        Result r = connection.query("DESCRIBE " + target);
        int name = column(r, 0, "column_name", "name", "column", "field");
        int type = column(r, 1, "column_type", "type", "data_type");
        int nullable = column(r, -1, "null", "nullable", "is_nullable");
        int key = column(r, -1, "key", "pk", "primary_key", "primary key");
        List<ColumnInfo> out = new ArrayList<>();
        int keySeq = 0;
        for (int i = 0; i < r.rowCount(); i++) {
            String typeName = r.getString(i, type);
            DataType dt = typeName == null ? null : DataType.fromSqlName(typeName);
            boolean isNullable = nullable < 0 || truthy(r.get(i, nullable), true);
            boolean isKey = key >= 0 && truthy(r.get(i, key), false);
            out.add(new ColumnInfo(
                    Objects.requireNonNull(r.getString(i, name), "DESCRIBE returned a NULL column name"),
                    dt == null || !dt.isSupported() ? DataType.VARCHAR : dt,
                    typeName == null ? "VARCHAR" : typeName.toUpperCase(Locale.ROOT),
                    isNullable && !isKey,
                    isKey ? ++keySeq : 0));
        }
        return out;
    }

    private static String tableType(@Nullable String t) {
        if (t == null || t.isBlank()) return "TABLE";
        String u = t.toUpperCase(Locale.ROOT);
        if (u.contains("VIEW")) return "VIEW";
        if (u.contains("BASE") || u.equals("TABLE")) return "TABLE";
        return u;
    }

    private static boolean truthy(@Nullable Object v, boolean ifNull) {
        return switch (v) {
            case null -> ifNull;
            case Boolean b -> b;
            case Long l -> l != 0;
            case String s -> {
                String u = s.trim().toUpperCase(Locale.ROOT);
                if (u.isEmpty()) yield false;
                yield u.equals("YES")
                        || u.equals("TRUE")
                        || u.equals("Y")
                        || u.equals("1")
                        || u.startsWith("PRI")
                        || u.equals("PK");
            }
            default -> ifNull;
        };
    }

    private static int column(Result r, int fallback, String... names) {
        List<String> have = r.columnNames();
        for (String n : names) {
            for (int i = 0; i < have.size(); i++) if (have.get(i).equalsIgnoreCase(n)) return i;
        }
        return fallback < r.columnNames().size() ? fallback : -1;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
