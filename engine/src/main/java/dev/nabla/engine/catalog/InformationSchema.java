package dev.nabla.engine.catalog;

import dev.nabla.plan.bound.BoundStatement.CheckSpec;
import dev.nabla.plan.bound.CatalogReader.ViewDefinition;
import dev.nabla.plan.expr.Expr;
import dev.nabla.storage.DataType;
import dev.nabla.storage.Schema;
import dev.nabla.storage.UniqueKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The SQL-standard {@code information_schema} views, with PostgreSQL's column names and values, computed from the
 * catalog of the statement: {@code tables}, {@code columns}, {@code views}, {@code table_constraints},
 * {@code key_column_usage} and {@code referential_constraints}. The catalog is {@code nabla} and the schema {@code main} (attached schemas by their
 * name), as the JDBC driver reports them; a primary key is named {@code <table>_pkey} as in PostgreSQL. Views'
 * columns are listed as far as their definition names them.
 */
final class InformationSchema {
    static final String NAME = "information_schema";
    static final String CATALOG = "nabla";

    private InformationSchema() {}

    /** The view called {@code name}, or null. */
    static RowsSource table(String name, CatalogState state) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tables" ->
                source(
                        "tables",
                        List.of("table_catalog", "table_schema", "table_name", "table_type"),
                        s -> {
                            List<Object[]> rows = new ArrayList<>();
                            for (StoredTable t : s.tables())
                                rows.add(new Object[] {CATALOG, Catalog.MAIN, t.name(), "BASE TABLE"});
                            for (ViewDefinition v : s.views())
                                rows.add(new Object[] {CATALOG, Catalog.MAIN, v.name(), "VIEW"});
                            for (AttachedSchema a : s.schemas())
                                for (String t : a.tables().keySet())
                                    rows.add(new Object[] {CATALOG, a.name(), t, "BASE TABLE"});
                            return sorted(rows, 1, 2);
                        },
                        state);
            case "columns" -> columns(state);
            case "views" ->
                source(
                        "views",
                        List.of("table_catalog", "table_schema", "table_name", "view_definition"),
                        s -> {
                            List<Object[]> rows = new ArrayList<>();
                            for (ViewDefinition v : s.views())
                                rows.add(new Object[] {
                                    CATALOG, Catalog.MAIN, v.name(), v.sql().strip()
                                });
                            return sorted(rows, 1, 2);
                        },
                        state);
            case "table_constraints" -> constraints(state);
            case "key_column_usage" -> keyColumns(state);
            case "referential_constraints" ->
                source(
                        "referential_constraints",
                        List.of(
                                "constraint_catalog",
                                "constraint_schema",
                                "constraint_name",
                                "unique_constraint_catalog",
                                "unique_constraint_schema",
                                "unique_constraint_name",
                                "match_option",
                                "update_rule",
                                "delete_rule"),
                        s -> {
                            List<Object[]> rows = new ArrayList<>();
                            // foreign keys take no ON UPDATE/DELETE actions: PostgreSQL's default, NO ACTION
                            for (StoredTable t : s.tables())
                                for (ForeignKey fk : t.foreignKeys())
                                    rows.add(new Object[] {
                                        CATALOG,
                                        Catalog.MAIN,
                                        fk.name(),
                                        CATALOG,
                                        Catalog.MAIN,
                                        referencedKeyName(t, fk, s),
                                        "NONE",
                                        "NO ACTION",
                                        "NO ACTION"
                                    });
                            return sorted(rows, 2, 5);
                        },
                        state);
            default -> null;
        };
    }

    static List<String> names() {
        return List.of(
                "columns", "key_column_usage", "referential_constraints", "table_constraints", "tables", "views");
    }

    private static RowsSource columns(CatalogState state) {
        List<String> names = List.of(
                "table_catalog",
                "table_schema",
                "table_name",
                "column_name",
                "ordinal_position",
                "column_default",
                "is_nullable",
                "data_type");
        List<DataType> types = new ArrayList<>(java.util.Collections.nCopies(names.size(), DataType.VARCHAR));
        types.set(4, DataType.BIGINT);
        return new RowsSource("information_schema.columns", names, types, ctx -> {
            List<Object[]> rows = new ArrayList<>();
            for (StoredTable t : state.tables()) {
                Schema s = t.schema();
                for (int i = 0; i < s.width(); i++) {
                    Expr d = t.defaultOf(i);
                    rows.add(new Object[] {
                        CATALOG,
                        Catalog.MAIN,
                        t.name(),
                        s.name(i),
                        (long) i + 1,
                        d == null ? null : d.toSql(),
                        s.isNotNull(i) ? "NO" : "YES",
                        s.type(i).sqlName()
                    });
                }
            }
            for (AttachedSchema a : state.schemas()) {
                a.tables().forEach((name, src) -> {
                    for (int i = 0; i < src.columnNames().size(); i++)
                        rows.add(new Object[] {
                            CATALOG,
                            a.name(),
                            name,
                            src.columnNames().get(i),
                            (long) i + 1,
                            null,
                            "YES",
                            src.columnTypes().get(i).sqlName()
                        });
                });
            }
            rows.sort(Comparator.<Object[], String>comparing(r -> (String) r[1])
                    .thenComparing(r -> (String) r[2], String.CASE_INSENSITIVE_ORDER)
                    .thenComparing(r -> (Long) r[4]));
            return rows;
        });
    }

    private static RowsSource constraints(CatalogState state) {
        return source(
                "table_constraints",
                List.of(
                        "constraint_catalog",
                        "constraint_schema",
                        "constraint_name",
                        "table_catalog",
                        "table_schema",
                        "table_name",
                        "constraint_type"),
                s -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (StoredTable t : s.tables())
                        for (Key k : keys(t, s))
                            rows.add(new Object[] {
                                CATALOG, Catalog.MAIN, k.name(), CATALOG, Catalog.MAIN, t.name(), k.type()
                            });
                    return sorted(rows, 5, 2);
                },
                state);
    }

    private static RowsSource keyColumns(CatalogState state) {
        List<String> names = List.of(
                "constraint_catalog",
                "constraint_schema",
                "constraint_name",
                "table_catalog",
                "table_schema",
                "table_name",
                "column_name",
                "ordinal_position",
                "position_in_unique_constraint");
        List<DataType> types = new ArrayList<>(java.util.Collections.nCopies(names.size(), DataType.VARCHAR));
        types.set(7, DataType.BIGINT);
        types.set(8, DataType.BIGINT);
        return new RowsSource("information_schema.key_column_usage", names, types, ctx -> {
            List<Object[]> rows = new ArrayList<>();
            for (StoredTable t : state.tables()) {
                for (Key k : keys(t, state)) {
                    if (k.columns() == null) continue; // CHECK constraints have no key columns
                    for (int i = 0; i < k.columns().length; i++)
                        rows.add(new Object[] {
                            CATALOG,
                            Catalog.MAIN,
                            k.name(),
                            CATALOG,
                            Catalog.MAIN,
                            t.name(),
                            t.schema().name(k.columns()[i]),
                            (long) i + 1,
                            k.type().equals("FOREIGN KEY") ? (Long) (long) (k.referencedPosition()[i] + 1) : null
                        });
                }
            }
            rows.sort(Comparator.<Object[], String>comparing(r -> (String) r[5], String.CASE_INSENSITIVE_ORDER)
                    .thenComparing(r -> (String) r[2])
                    .thenComparing(r -> (Long) r[7]));
            return rows;
        });
    }

    /** One constraint: name, PostgreSQL constraint_type, its columns (null for CHECK) and for a foreign key the
     * position of each column in the referenced key (0-based). */
    private record Key(String name, String type, int[] columns, int[] referencedPosition) {}

    private static List<Key> keys(StoredTable t, CatalogState state) {
        List<Key> out = new ArrayList<>();
        Schema s = t.schema();
        if (s.hasPrimaryKey()) out.add(new Key(t.name() + "_pkey", "PRIMARY KEY", s.primaryKey(), null));
        for (UniqueKey u : t.table().uniqueKeys()) out.add(new Key(u.name(), "UNIQUE", u.columns(), null));
        for (ForeignKey fk : t.foreignKeys())
            out.add(new Key(fk.name(), "FOREIGN KEY", fk.columns(), referencedPositions(t, fk, state)));
        for (CheckSpec c : t.checks().checks()) out.add(new Key(c.name(), "CHECK", null, null));
        return out;
    }

    /** The name of the PRIMARY KEY or UNIQUE constraint a foreign key references (null when it has none). */
    private static String referencedKeyName(StoredTable t, ForeignKey fk, CatalogState state) {
        StoredTable parent = fk.parent().equalsIgnoreCase(t.name()) ? t : state.table(fk.parent());
        if (parent == null) return null;
        if (parent.schema().hasPrimaryKey() && sameColumns(parent.schema().primaryKey(), fk.parentColumns()))
            return parent.name() + "_pkey";
        for (UniqueKey u : parent.table().uniqueKeys())
            if (sameColumns(u.columns(), fk.parentColumns())) return u.name();
        return null;
    }

    private static boolean sameColumns(int[] key, int[] columns) {
        if (key.length != columns.length) return false;
        for (int c : columns) if (java.util.Arrays.stream(key).noneMatch(k -> k == c)) return false;
        return true;
    }

    /**
     * For each foreign-key column, where its referenced column stands in the parent's key (PRIMARY KEY or the
     * UNIQUE constraint whose columns the foreign key references), 0-based.
     */
    private static int[] referencedPositions(StoredTable t, ForeignKey fk, CatalogState state) {
        StoredTable parent = fk.parent().equalsIgnoreCase(t.name()) ? t : state.table(fk.parent());
        int[] ref = fk.parentColumns();
        List<int[]> keys = new ArrayList<>();
        if (parent != null && parent.schema().hasPrimaryKey())
            keys.add(parent.schema().primaryKey());
        if (parent != null) for (UniqueKey u : parent.table().uniqueKeys()) keys.add(u.columns());
        for (int[] key : keys) {
            if (key.length != ref.length) continue;
            int[] pos = new int[ref.length];
            boolean all = true;
            for (int i = 0; i < ref.length && all; i++) {
                pos[i] = -1;
                for (int k = 0; k < key.length; k++) if (key[k] == ref[i]) pos[i] = k;
                all = pos[i] >= 0;
            }
            if (all) return pos;
        }
        int[] pos = new int[ref.length];
        for (int i = 0; i < pos.length; i++) pos[i] = i;
        return pos;
    }

    private static RowsSource source(
            String name, List<String> columns, Function<CatalogState, List<Object[]>> rows, CatalogState state) {
        return new RowsSource(
                NAME + "." + name,
                columns,
                java.util.Collections.nCopies(columns.size(), DataType.VARCHAR),
                ctx -> rows.apply(state));
    }

    private static List<Object[]> sorted(List<Object[]> rows, int first, int second) {
        rows.sort(Comparator.<Object[], String>comparing(r -> (String) r[first], String.CASE_INSENSITIVE_ORDER)
                .thenComparing(r -> (String) r[second], String.CASE_INSENSITIVE_ORDER));
        return rows;
    }
}
