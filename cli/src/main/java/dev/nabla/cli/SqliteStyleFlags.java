package dev.nabla.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * The single-dash flags sqlite3 and DuckDB users type ({@code -csv}, {@code -header}, {@code -cmd X}, …),
 * rewritten to Nabla's options before Picocli sees them: Picocli would read {@code -csv} as {@code -c sv}.
 * Only whole-word matches are rewritten, and nothing after {@code --} or after an option's value.
 */
final class SqliteStyleFlags {
    private SqliteStyleFlags() {}

    /** Flags that stand alone. */
    private static final Map<String, List<String>> SIMPLE = Map.ofEntries(
            Map.entry("-csv", List.of("--format", "csv")),
            Map.entry("-json", List.of("--format", "json")),
            Map.entry("-jsonlines", List.of("--format", "jsonl")),
            Map.entry("-line", List.of("--format", "line")),
            Map.entry("-markdown", List.of("--format", "markdown")),
            Map.entry("-box", List.of("--format", "box")),
            Map.entry("-table", List.of("--format", "table")),
            Map.entry("-tabs", List.of("--format", "tsv")),
            Map.entry("-ascii", List.of("--format", "table")),
            Map.entry("-list", List.of("--format", "list")),
            Map.entry("-column", List.of("--format", "column")),
            Map.entry("-html", List.of("--format", "html")),
            Map.entry("-readonly", List.of("--readonly")),
            Map.entry("-header", List.of("--header")),
            Map.entry("-noheader", List.of("--no-header")),
            Map.entry("-bail", List.of("--bail")),
            Map.entry("-echo", List.of("--echo")),
            Map.entry("-version", List.of("--version")),
            Map.entry("-help", List.of("--help")));

    /** Flags that take the next argument. */
    private static final Map<String, String> WITH_VALUE = Map.of(
            "-cmd", "--cmd",
            "-init", "--init",
            "-nullvalue", "--nullvalue",
            "-separator", "--separator",
            "-s", "-c");

    /**
     * Rewrites {@code args} for {@code spec}; the value of one of {@code spec}'s own options that require a
     * value ({@code -c -csv}) is never rewritten.
     */
    static String[] translate(String[] args, CommandLine.Model.CommandSpec spec) {
        return translate(args, ownOptionsWithValue(spec));
    }

    private static Set<String> ownOptionsWithValue(CommandLine.Model.CommandSpec spec) {
        Set<String> out = new HashSet<>();
        for (CommandLine.Model.OptionSpec o : spec.options()) if (o.arity().min() > 0) out.addAll(List.of(o.names()));
        return out;
    }

    static String[] translate(String[] args, Set<String> ownWithValue) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                for (; i < args.length; i++) out.add(args[i]);
                break;
            }
            if (ownWithValue.contains(a) && i + 1 < args.length) {
                out.add(a);
                out.add(args[++i]);
            } else if (SIMPLE.containsKey(a)) {
                out.addAll(SIMPLE.get(a));
            } else if (WITH_VALUE.containsKey(a) && i + 1 < args.length) {
                out.add(WITH_VALUE.get(a));
                out.add(args[++i]);
            } else {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }
}
