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

    public CatalogState state() {
        return state;
    }

    @Override
    public Optional<TableSource> table(String schema, String name) {
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
