package dev.nabla.cli.repl;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Words the shell completes and highlights: SQL keywords, type names and Nabla's functions. */
public final class SqlWords {
    /** The parser's keywords, so completion and highlighting agree with what the grammar accepts. */
    public static final List<String> KEYWORDS = java.util.Arrays.stream(dev.nabla.parser.Keyword.values())
            .map(Enum::name)
            .sorted()
            .toList();

    public static final List<String> TYPES = List.of(
            "BIGINT",
            "BLOB",
            "BOOLEAN",
            "BYTEA",
            "DATE",
            "DECIMAL",
            "DOUBLE",
            "FLOAT",
            "INT",
            "INTEGER",
            "NUMERIC",
            "REAL",
            "SMALLINT",
            "TEXT",
            "TIMESTAMP",
            "VARBINARY",
            "VARCHAR");

    /** ALTER TABLE's words: the parser matches them by spelling (they are not keywords), highlighting treats them as such. */
    public static final List<String> ALTER_WORDS = List.of("ADD", "ALTER", "COLUMN", "RENAME");

    /** More words the parser matches by spelling (GROUP BY ROLLUP/CUBE/GROUPING SETS, WITHIN GROUP, SIMILAR TO). */
    public static final List<String> SPELLED_WORDS = List.of("CUBE", "ROLLUP", "SETS", "SIMILAR", "WITHIN");

    /** Differentiation: highlighted in their own colour. */
    public static final List<String> DERIVATIVE_FUNCTIONS =
            List.of("grad", "jvp", "vjp", "derivative", "stop_gradient");

    /** Numeric, aggregate and window functions come from the function registry: a new one completes without an edit here. */
    public static final List<String> FUNCTIONS = Stream.of(
                    dev.nabla.plan.fn.Functions.names().stream(),
                    Stream.of(
                            // math outside the registry
                            "mod",
                            "random",
                            "greatest",
                            "least",
                            "grouping",
                            // strings, dates, misc
                            "length",
                            "lower",
                            "upper",
                            "substr",
                            "substring",
                            "trim",
                            "ltrim",
                            "rtrim",
                            "replace",
                            "concat",
                            "instr",
                            "coalesce",
                            "nullif",
                            "ifnull",
                            "typeof",
                            "date_part",
                            "extract",
                            "now",
                            "current_date",
                            "hex",
                            "unhex",
                            "octet_length",
                            "regexp_matches",
                            "regexp_full_match",
                            "regexp_replace",
                            "regexp_extract",
                            "split_part",
                            "starts_with",
                            "ends_with",
                            "strpos",
                            "position",
                            "lpad",
                            "rpad",
                            "repeat",
                            "reverse",
                            "initcap",
                            "concat_ws",
                            "translate",
                            "ascii",
                            "chr",
                            "md5",
                            "printf",
                            "btrim",
                            "date_trunc",
                            // table functions
                            "generate_series",
                            "range",
                            "read_csv"),
                    dev.nabla.plan.fn.Functions.aggregateNames().stream(),
                    dev.nabla.plan.fn.Functions.windowNames().stream())
            .flatMap(s -> s)
            .toList();

    private static final Set<String> KEYWORD_SET = upper(KEYWORDS, TYPES, ALTER_WORDS, SPELLED_WORDS);
    private static final Set<String> DERIVATIVE_SET = lower(DERIVATIVE_FUNCTIONS);
    private static final Set<String> FUNCTION_SET = lower(FUNCTIONS);

    private SqlWords() {}

    public static boolean isKeyword(String w) {
        return KEYWORD_SET.contains(w.toUpperCase(Locale.ROOT));
    }

    public static boolean isDerivative(String w) {
        return DERIVATIVE_SET.contains(w.toLowerCase(Locale.ROOT));
    }

    public static boolean isFunction(String w) {
        return FUNCTION_SET.contains(w.toLowerCase(Locale.ROOT));
    }

    @SafeVarargs
    private static Set<String> upper(List<String>... lists) {
        Set<String> s = new TreeSet<>();
        for (List<String> l : lists) for (String w : l) s.add(w.toUpperCase(Locale.ROOT));
        return s;
    }

    private static Set<String> lower(List<String> l) {
        Set<String> s = new TreeSet<>();
        for (String w : l) s.add(w.toLowerCase(Locale.ROOT));
        return s;
    }
}
