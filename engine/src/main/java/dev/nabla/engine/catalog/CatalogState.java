package dev.nabla.engine.catalog;

import dev.nabla.plan.bound.CatalogReader.ViewDefinition;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One immutable version of a database's catalog. A DDL statement builds a new state; the database
 * publishes it when the statement's transaction commits, and a failed statement simply drops it, so
 * DDL is as atomic as data changes. {@code version} is unique per state and tells prepared statements
 * whether they must be re-planned.
 */
public final class CatalogState {
    private final long version;
    private final Map<String, StoredTable> tables;
    private final Map<String, ViewDefinition> views;
    private final Map<String, IndexEntry> indexes;
    private final Map<String, AttachedSchema> schemas;

    private CatalogState(
            long version,
            Map<String, StoredTable> tables,
            Map<String, ViewDefinition> views,
            Map<String, IndexEntry> indexes,
            Map<String, AttachedSchema> schemas) {
        this.version = version;
        this.tables = tables;
        this.views = views;
        this.indexes = indexes;
        this.schemas = schemas;
    }

    public static CatalogState empty() {
        return new CatalogState(0, Map.of(), Map.of(), Map.of(), Map.of());
    }

    public long version() {
        return version;
    }

    public StoredTable table(String name) {
        return tables.get(key(name));
    }

    public ViewDefinition view(String name) {
        return views.get(key(name));
    }

    public IndexEntry index(String name) {
        return indexes.get(key(name));
    }

    public AttachedSchema schema(String name) {
        return schemas.get(key(name));
    }

    /** Tables sorted by name (computed once per state: every statement's snapshot walks it). */
    public List<StoredTable> tables() {
        List<StoredTable> t = sortedTables;
        if (t == null) sortedTables = t = List.copyOf(new TreeMap<>(tables).values());
        return t;
    }

    private volatile List<StoredTable> sortedTables;

    public List<ViewDefinition> views() {
        return List.copyOf(new TreeMap<>(views).values());
    }

    public List<IndexEntry> indexes() {
        return List.copyOf(new TreeMap<>(indexes).values());
    }

    public List<AttachedSchema> schemas() {
        return List.copyOf(new TreeMap<>(schemas).values());
    }

    public CatalogState withTable(long newVersion, StoredTable t) {
        return edit(newVersion, b -> b.tables.put(key(t.name()), t));
    }

    /** Removes the table and its indexes. */
    public CatalogState withoutTable(long newVersion, String name) {
        return edit(newVersion, b -> {
            b.tables.remove(key(name));
            b.indexes.values().removeIf(i -> i.table().equalsIgnoreCase(name));
        });
    }

    public CatalogState withView(long newVersion, ViewDefinition v) {
        return edit(newVersion, b -> b.views.put(key(v.name()), v));
    }

    public CatalogState withoutView(long newVersion, String name) {
        return edit(newVersion, b -> b.views.remove(key(name)));
    }

    public CatalogState withIndex(long newVersion, IndexEntry i) {
        return edit(newVersion, b -> b.indexes.put(key(i.name()), i));
    }

    public CatalogState withoutIndex(long newVersion, String name) {
        return edit(newVersion, b -> b.indexes.remove(key(name)));
    }

    public CatalogState withSchema(long newVersion, AttachedSchema s) {
        return edit(newVersion, b -> b.schemas.put(key(s.name()), s));
    }

    public CatalogState withoutSchema(long newVersion, String name) {
        return edit(newVersion, b -> b.schemas.remove(key(name)));
    }

    private CatalogState edit(long newVersion, Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return new CatalogState(
                newVersion,
                Collections.unmodifiableMap(b.tables),
                Collections.unmodifiableMap(b.views),
                Collections.unmodifiableMap(b.indexes),
                Collections.unmodifiableMap(b.schemas));
    }

    private static final class Builder {
        final Map<String, StoredTable> tables;
        final Map<String, ViewDefinition> views;
        final Map<String, IndexEntry> indexes;
        final Map<String, AttachedSchema> schemas;

        Builder(CatalogState s) {
            tables = new java.util.HashMap<>(s.tables);
            views = new java.util.HashMap<>(s.views);
            indexes = new java.util.HashMap<>(s.indexes);
            schemas = new java.util.HashMap<>(s.schemas);
        }
    }

    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
