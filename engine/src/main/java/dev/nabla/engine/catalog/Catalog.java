package dev.nabla.engine.catalog;

import dev.nabla.common.Span;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.engine.functions.TableFunctionRegistry;
import dev.nabla.plan.bound.CatalogReader;
import dev.nabla.plan.logical.TableSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the binder sees of a database while binding one statement: one {@link CatalogState} (the
 * committed one, or the session transaction's own), the table functions and the session's settings.
 * Names are case-insensitive. An unqualified name is looked up in {@code main}, then as an attached
 * schema holding exactly one table, then as a table of exactly one attached schema.
 */
public final class Catalog implements CatalogReader {
    public static final String MAIN = "main";

    private final CatalogState state;
    private final TableFunctionRegistry functions;
    private final Function<String, Object> settings;
    private final ImplicitTables implicit;
    private final Sequences sequences;

    public Catalog(CatalogState state, TableFunctionRegistry functions, Function<String, Object> settings) {
        this(state, functions, settings, ImplicitTables.NONE);
    }

    public Catalog(
            CatalogState state,
            TableFunctionRegistry functions,
            Function<String, Object> settings,
            ImplicitTables implicit) {
        this(state, functions, settings, implicit, new Sequences());
    }

    public Catalog(
            CatalogState state,
            TableFunctionRegistry functions,
            Function<String, Object> settings,
            ImplicitTables implicit,
            Sequences sequences) {
        this.sequences = sequences;
        this.state = state;
        this.functions = functions;
        this.settings = settings;
        this.implicit = implicit;
    }

    /**
     * The database that attached this one, while a statement that names this one ({@code o.t}) runs here: its
     * tables and views are what unqualified names mean (read-only). Null otherwise.
     */
    public interface Outer {
        /** The outer database's table or view source of that name, or null. */
        TableSource table(String name);

        ViewDefinition view(String name);

        /** The outer database's name, for errors. */
        String name();
    }

    private Outer outer;
    private java.util.function.Supplier<TableSource> databases;

    /** This catalog, with {@code duckdb_databases()} (SHOW DATABASES) answered by {@code d}. */
    public Catalog withDatabases(java.util.function.Supplier<TableSource> d) {
        Catalog c = new Catalog(state, functions, settings, implicit, sequences);
        c.outer = outer;
        c.databases = d;
        return c;
    }

    /** This catalog, with unqualified names also looked up in {@code o} (a name both have is refused). */
    public Catalog withOuter(Outer o) {
        Catalog c = new Catalog(state, functions, settings, implicit, sequences);
        c.outer = o;
        c.databases = databases;
        return c;
    }

    /** In a statement addressed to an attached database: the outer database's object of that name, or null. */
    private boolean outerHas(String name) {
        boolean own = state.table(name) != null || state.view(name) != null;
        boolean theirs = outer.table(name) != null || outer.view(name) != null;
        if (own && theirs)
            throw new dev.nabla.common.NablaException(
                    dev.nabla.common.ErrorCode.AMBIGUOUS_COLUMN,
                    "\"" + name + "\" names an object of " + outer.name() + " and of the attached database: qualify it"
                            + " with the attached database's name, or run the statement after USE");
        return theirs;
    }

    public CatalogState state() {
        return state;
    }

    @Override
    public Optional<TableSource> table(String schema, String name) {
        if (outer != null && schema == null && outerHas(name)) return Optional.ofNullable(outer.table(name));
        if (schema == null || schema.equalsIgnoreCase(MAIN)) {
            StoredTable t = state.table(name);
            if (t != null || schema != null) return Optional.ofNullable(t);
            AttachedSchema s = state.schema(name);
            if (s != null && s.tables().size() == 1)
                return Optional.of(s.tables().values().iterator().next());
            ScannableSource found = null;
            for (AttachedSchema a : state.schemas()) {
                ScannableSource candidate = a.tables().get(name);
                if (candidate != null) {
                    if (found != null) return Optional.empty();
                    found = candidate;
                }
            }
            return Optional.ofNullable(found != null ? found : implicit.resolve(name));
        }
        if (schema.equalsIgnoreCase(InformationSchema.NAME) && state.schema(schema) == null)
            return Optional.ofNullable(InformationSchema.table(name, state));
        AttachedSchema s = state.schema(schema);
        return s == null ? Optional.empty() : Optional.ofNullable(s.tables().get(name));
    }

    @Override
    public Optional<ViewDefinition> view(String schema, String name) {
        if (outer != null && schema == null && outerHas(name)) return Optional.ofNullable(outer.view(name));
        if (schema != null && !schema.equalsIgnoreCase(MAIN)) return Optional.empty();
        return Optional.ofNullable(state.view(name));
    }

    @Override
    public List<String> tableNames(String schema) {
        List<String> names = new java.util.ArrayList<>();
        if (schema == null || schema.equalsIgnoreCase(MAIN)) {
            for (StoredTable t : state.tables()) names.add(t.name());
            if (schema != null) return names;
            for (AttachedSchema a : state.schemas()) names.addAll(a.tables().keySet());
            return names;
        }
        AttachedSchema s = state.schema(schema);
        if (s != null) names.addAll(s.tables().keySet());
        else if (schema.equalsIgnoreCase(InformationSchema.NAME)) names.addAll(InformationSchema.names());
        return names;
    }

    @Override
    public List<String> viewNames(String schema) {
        if (schema != null && !schema.equalsIgnoreCase(MAIN)) return List.of();
        List<String> names = new java.util.ArrayList<>();
        for (ViewDefinition v : state.views()) names.add(v.name());
        return names;
    }

    @Override
    public TableSource tableFunction(String name, List<Object> args, Map<String, Object> namedArgs, Span span) {
        if (databases != null && name.equalsIgnoreCase("duckdb_databases") && !functions.contains(name)) {
            if (!args.isEmpty() || !namedArgs.isEmpty())
                throw new dev.nabla.common.NablaException(
                        dev.nabla.common.ErrorCode.INVALID_ARGUMENT, span, "duckdb_databases() takes no arguments");
            return databases.get();
        }
        if (CatalogFunctions.handles(name) && !functions.contains(name))
            return CatalogFunctions.resolve(name, args, namedArgs, state, functions, settings, sequences, span);
        return functions.resolve(name, args, namedArgs, span);
    }

    /** The format's {@code read_<format>} table function, as COPY FROM reads a file. */
    @Override
    public TableSource fileTable(String path, Span span) {
        String format = dev.nabla.engine.io.IoRegistry.formatOf(path, Map.of(), span);
        String function = "read_" + format;
        if (!functions.contains(function)) {
            throw new dev.nabla.common.NablaException(
                    dev.nabla.common.ErrorCode.UNSUPPORTED,
                    span,
                    "cannot read '" + path + "': no reader for format " + format + " (no " + function
                            + " table function)");
        }
        return functions.resolve(function, List.of(path), Map.of(), span);
    }

    @Override
    public String settingText(String name) {
        return dev.nabla.engine.Settings.display(name, settings.apply(name));
    }

    @Override
    public boolean identity(TableSource table, int column) {
        return table instanceof StoredTable t && sequences.identityOf(t, column) != null;
    }

    @Override
    public boolean generatedAlways(TableSource table, int column) {
        if (!(table instanceof StoredTable t)) return false;
        Sequences.Sequence s = sequences.identityOf(t, column);
        return s != null && s.always();
    }

    @Override
    public Object setting(String name) {
        return settings.apply(name);
    }
}
