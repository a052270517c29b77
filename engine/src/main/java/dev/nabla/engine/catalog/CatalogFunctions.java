package dev.nabla.engine.catalog;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.Settings;
import dev.nabla.engine.functions.TableFunctionRegistry;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.fn.AggregateFunction;
import dev.nabla.plan.fn.ArrayFunction;
import dev.nabla.plan.fn.FunctionDocs;
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.fn.ScalarFunction;
import dev.nabla.plan.fn.WindowFunction;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Table functions that read the catalog rather than a file, so they live next to it: {@code duckdb_functions()}
 * (every function the binder knows, from the function registry), {@code duckdb_settings()} (what {@code SHOW ALL}
 * lists) and {@code nabla_ddl([data => true])} (the DDL that rebuilds the database, {@link SchemaDdl}, what the
 * shell's {@code .schema} and {@code .dump} print).
 */
final class CatalogFunctions {
    private CatalogFunctions() {}

    static boolean handles(String name) {
        return switch (name) {
            case "duckdb_functions", "duckdb_settings", "nabla_ddl" -> true;
            default -> false;
        };
    }

    static RowsSource resolve(
            String name,
            List<Object> args,
            Map<String, Object> named,
            CatalogState state,
            TableFunctionRegistry tableFunctions,
            Function<String, Object> settings,
            Sequences sequences,
            Span span) {
        switch (name) {
            case "duckdb_functions" -> {
                noArguments(name, args, named, span);
                return functions(tableFunctions);
            }
            case "duckdb_settings" -> {
                noArguments(name, args, named, span);
                return settings(settings);
            }
            case "nabla_ddl" -> {
                boolean data = false;
                for (Map.Entry<String, Object> e : named.entrySet()) {
                    if (!e.getKey().equals("data") || !(e.getValue() instanceof Boolean b))
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                span,
                                "nabla_ddl takes one optional argument, data => true|false");
                    data = b;
                }
                if (!args.isEmpty())
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            span,
                            "nabla_ddl takes one optional argument, data => true|false");
                boolean withData = data;
                return new RowsSource(
                        "nabla_ddl()",
                        List.of("seq", "kind", "name", "table_name", "sql"),
                        List.of(
                                DataType.BIGINT,
                                DataType.VARCHAR,
                                DataType.VARCHAR,
                                DataType.VARCHAR,
                                DataType.VARCHAR),
                        ctx -> {
                            List<Object[]> rows = new ArrayList<>();
                            for (SchemaDdl.Item i : SchemaDdl.script(state, withData ? ctx : null, sequences))
                                rows.add(new Object[] {(long) rows.size() + 1, i.kind(), i.name(), i.relation(), i.sql()
                                });
                            return rows;
                        });
            }
            default -> throw new NablaException(ErrorCode.INTERNAL, span, "not a catalog function: " + name);
        }
    }

    private static void noArguments(String name, List<Object> args, Map<String, Object> named, Span span) {
        if (!args.isEmpty() || !named.isEmpty())
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, name + "() takes no arguments");
    }

    /**
     * One row per function name (aliases included, with {@code alias_of}): scalar functions of the registry with
     * their signature, description and whether they have a derivative rule; the other scalar functions the binder
     * resolves by name; aggregates; window functions; table functions.
     */
    private static RowsSource functions(TableFunctionRegistry tableFunctions) {
        List<Object[]> rows = new ArrayList<>();
        for (ScalarFunction s : Functions.all()) {
            String sig = FunctionDocs.signature(s);
            rows.add(new Object[] {s.name(), "scalar", sig, s.description(), s.differentiable(), null});
            for (String a : s.aliases())
                rows.add(new Object[] {
                    a, "scalar", a + sig.substring(s.name().length()), s.description(), s.differentiable(), s.name()
                });
        }
        for (ArrayFunction a : Functions.arrays()) {
            String sig = a.signature();
            rows.add(new Object[] {a.name(), "scalar", sig, a.description(), false, null});
            for (String alias : a.aliases())
                rows.add(new Object[] {
                    alias, "scalar", alias + sig.substring(a.name().length()), a.description(), false, a.name()
                });
        }
        for (Fn fn : Fn.values()) {
            if (fn.isOperator() || Functions.of(fn) != null || Functions.array(fn) != null) continue;
            String[] doc = BuiltinDocs.of(fn.sqlName());
            rows.add(new Object[] {
                fn.sqlName(),
                "scalar",
                doc != null ? doc[0] : fn.sqlName() + arguments(fn),
                doc != null ? doc[1] : null,
                fn == Fn.STOP_GRADIENT,
                null
            });
        }
        for (String n : Functions.aggregateNames()) {
            AggregateFunction a = Functions.aggregate(n);
            String own = a.names().getFirst();
            rows.add(new Object[] {n, "aggregate", n + "(x)", a.description(), true, n.equals(own) ? null : own});
        }
        for (String n : Functions.windowNames()) {
            WindowFunction w = Functions.window(n);
            rows.add(new Object[] {n, "window", n + "(...) OVER (...)", w.description(), false, null});
        }
        for (String n : tableFunctions.names())
            rows.add(
                    new Object[] {n, "table", tableFunctions.signature(n), tableFunctions.description(n), false, null});
        for (String n : List.of("duckdb_functions", "duckdb_settings"))
            rows.add(new Object[] {n, "table", n + "()", "the catalog as a table", false, null});
        rows.add(new Object[] {
            "nabla_ddl",
            "table",
            "nabla_ddl([data => true])",
            "the DDL (and data) that rebuilds the database",
            false,
            null
        });
        rows.sort((x, y) -> ((String) x[0]).compareToIgnoreCase((String) y[0]));
        List<Object[]> fixed = List.copyOf(rows);
        return new RowsSource(
                "duckdb_functions()",
                List.of("function_name", "function_type", "signature", "description", "differentiable", "alias_of"),
                List.of(
                        DataType.VARCHAR,
                        DataType.VARCHAR,
                        DataType.VARCHAR,
                        DataType.VARCHAR,
                        DataType.BOOLEAN,
                        DataType.VARCHAR),
                ctx -> fixed);
    }

    private static String arguments(Fn fn) {
        List<String> a = new ArrayList<>();
        int shown = Math.min(fn.maxArgs(), Math.max(fn.minArgs(), 3));
        for (int i = 0; i < shown; i++) a.add(i >= fn.minArgs() ? "[x" + (i + 1) + "]" : "x" + (i + 1));
        if (fn.maxArgs() > shown) a.add("...");
        return "(" + String.join(", ", a) + ")";
    }

    private static RowsSource settings(Function<String, Object> settings) {
        return new RowsSource(
                "duckdb_settings()",
                List.of("name", "value", "description"),
                List.of(DataType.VARCHAR, DataType.VARCHAR, DataType.VARCHAR),
                ctx -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (String n : Settings.known()) {
                        Object v = settings.apply(n);
                        rows.add(new Object[] {n, Settings.display(n, v), Settings.description(n)});
                    }
                    rows.sort((x, y) -> ((String) x[0]).compareTo((String) y[0]));
                    return rows;
                });
    }
}
