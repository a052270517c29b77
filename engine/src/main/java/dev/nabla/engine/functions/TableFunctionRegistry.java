package dev.nabla.engine.functions;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.ScannableSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Table functions by (case-insensitive) name. Each database has one, pre-filled with
 * {@code generate_series} and {@code range}; other modules add theirs with {@link #register}.
 */
public final class TableFunctionRegistry {
    private final Map<String, TableFunction> functions = new ConcurrentHashMap<>();
    /** {@code {signature, description}} for duckdb_functions() and SHOW FUNCTIONS. */
    private final Map<String, String[]> docs = new ConcurrentHashMap<>();

    /** A registry with the built-in functions. */
    public static TableFunctionRegistry withBuiltins() {
        TableFunctionRegistry r = new TableFunctionRegistry();
        r.register(
                "generate_series",
                "generate_series(start, stop [, step])",
                "the numbers (or timestamps) from start to stop inclusive, by step",
                (args, named, span) -> SeriesSource.of("generate_series", args, named, span, true));
        r.register(
                "range",
                "range(start, stop [, step])",
                "the numbers (or timestamps) from start up to stop exclusive, by step",
                (args, named, span) -> SeriesSource.of("range", args, named, span, false));
        return r;
    }

    /** Adds or replaces the function called {@code name}. */
    public void register(String name, TableFunction function) {
        functions.put(key(name), Objects.requireNonNull(function, "function"));
    }

    /** Adds or replaces the function called {@code name}, with the signature and description catalogs show. */
    public void register(String name, String signature, String description, TableFunction function) {
        register(name, function);
        docs.put(key(name), new String[] {Objects.requireNonNull(signature), Objects.requireNonNull(description)});
    }

    public boolean unregister(String name) {
        docs.remove(key(name));
        return functions.remove(key(name)) != null;
    }

    /** How a call is written, e.g. {@code read_csv('file' [, option => value ...])}; {@code name(...)} when not given. */
    public String signature(String name) {
        String[] d = docs.get(key(name));
        return d != null ? d[0] : name + "(...)";
    }

    /** What the function returns, or null when it was registered without one. */
    public String description(String name) {
        String[] d = docs.get(key(name));
        return d != null ? d[1] : null;
    }

    public boolean contains(String name) {
        return functions.containsKey(key(name));
    }

    /** Registered names, sorted. */
    public List<String> names() {
        return List.copyOf(new TreeSet<>(functions.keySet()));
    }

    public ScannableSource resolve(String name, List<Object> args, Map<String, Object> namedArgs, Span span) {
        TableFunction f = functions.get(key(name));
        if (f == null) {
            throw new NablaException(
                    ErrorCode.UNKNOWN_FUNCTION,
                    span,
                    "unknown table function " + name + " (known: " + String.join(", ", names()) + ")");
        }
        return f.resolve(args, namedArgs == null ? Map.of() : namedArgs, span);
    }

    private static String key(String name) {
        return Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
    }
}
