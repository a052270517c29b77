package dev.nabla.plan.expr;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every scalar function and operator the engine evaluates: the identity of a call in bound plans, with
 * its SQL name and arity. The numeric functions are defined — aliases, type rule, domain, kernels,
 * derivative — by their entry in the function registry {@code dev.nabla.plan.fn.Functions}; adding
 * one means a constant here and an entry there. {@code maxArgs} of -1 means variadic.
 */
public enum Fn {
    // arithmetic
    ADD("+", 2, 2, Kind.OPERATOR),
    SUB("-", 2, 2, Kind.OPERATOR),
    MUL("*", 2, 2, Kind.OPERATOR),
    DIV("/", 2, 2, Kind.OPERATOR),
    MOD("%", 2, 2, Kind.OPERATOR),
    NEG("-", 1, 1, Kind.OPERATOR),
    // comparison and logic (three-valued)
    EQ("=", 2, 2, Kind.OPERATOR),
    NE("<>", 2, 2, Kind.OPERATOR),
    LT("<", 2, 2, Kind.OPERATOR),
    LE("<=", 2, 2, Kind.OPERATOR),
    GT(">", 2, 2, Kind.OPERATOR),
    GE(">=", 2, 2, Kind.OPERATOR),
    IS_DISTINCT_FROM("IS DISTINCT FROM", 2, 2, Kind.OPERATOR),
    IS_NOT_DISTINCT_FROM("IS NOT DISTINCT FROM", 2, 2, Kind.OPERATOR),
    AND("AND", 2, 2, Kind.OPERATOR),
    OR("OR", 2, 2, Kind.OPERATOR),
    NOT("NOT", 1, 1, Kind.OPERATOR),
    IS_NULL("IS NULL", 1, 1, Kind.OPERATOR),
    IS_NOT_NULL("IS NOT NULL", 1, 1, Kind.OPERATOR),
    /** args[0] IN (args[1..]) with SQL NULL semantics. */
    IN_LIST("IN", 2, -1, Kind.OPERATOR),
    /** LIKE(value, pattern [, escape]); ILIKE is LIKE on lower-cased operands. */
    LIKE("LIKE", 2, 3, Kind.OPERATOR),
    ILIKE("ILIKE", 2, 3, Kind.OPERATOR),
    GLOB("GLOB", 2, 2, Kind.OPERATOR),
    CONCAT("||", 2, 2, Kind.OPERATOR),
    BIT_AND("&", 2, 2, Kind.OPERATOR),
    BIT_OR("|", 2, 2, Kind.OPERATOR),
    BIT_NOT("~", 1, 1, Kind.OPERATOR),
    SHIFT_LEFT("<<", 2, 2, Kind.OPERATOR),
    SHIFT_RIGHT(">>", 2, 2, Kind.OPERATOR),
    // null handling
    COALESCE("coalesce", 1, -1),
    NULLIF("nullif", 2, 2),
    IFNULL("ifnull", 2, 2),
    // math
    ABS("abs", 1, 1),
    SIGN("sign", 1, 1),
    FLOOR("floor", 1, 1),
    CEIL("ceil", 1, 1),
    ROUND("round", 1, 2),
    TRUNC("trunc", 1, 2),
    SQRT("sqrt", 1, 1),
    CBRT("cbrt", 1, 1),
    EXP("exp", 1, 1),
    EXPM1("expm1", 1, 1),
    LN("ln", 1, 1),
    LOG10("log10", 1, 1),
    LOG2("log2", 1, 1),
    LOG1P("log1p", 1, 1),
    /** log(x) is log10 (Postgres); log(b, x) is the base-b logarithm. The binder maps 1-arg log to LOG10. */
    LOG("log", 2, 2),
    POWER("power", 2, 2),
    SIN("sin", 1, 1),
    COS("cos", 1, 1),
    TAN("tan", 1, 1),
    ASIN("asin", 1, 1),
    ACOS("acos", 1, 1),
    ATAN("atan", 1, 1),
    ATAN2("atan2", 2, 2),
    SINH("sinh", 1, 1),
    COSH("cosh", 1, 1),
    TANH("tanh", 1, 1),
    ASINH("asinh", 1, 1),
    ACOSH("acosh", 1, 1),
    ATANH("atanh", 1, 1),
    SIGMOID("sigmoid", 1, 1),
    SOFTPLUS("softplus", 1, 1),
    RELU("relu", 1, 1),
    LOG_SIGMOID("log_sigmoid", 1, 1),
    /** soft_gate(a, b) = σ(a − b); the binder writes soft_gate(score, t, τ) as soft_gate(score/τ, t/τ). */
    SOFT_GATE("soft_gate", 2, 2),
    GREATEST("greatest", 1, -1),
    LEAST("least", 1, -1),
    PI("pi", 0, 0),
    RANDOM("random", 0, 0),
    /** A random (version 4) UUID per row; {@code uuid()} is DuckDB's alias. */
    GEN_RANDOM_UUID("gen_random_uuid", 0, 0),
    /** The next value of the named sequence (an identity or SERIAL column's default draws from one). */
    NEXTVAL("nextval", 1, 1),
    /** The value nextval last returned for the named sequence in this session. */
    CURRVAL("currval", 1, 1),
    /** Sets the named sequence's current value; with FALSE as third argument the next nextval returns it. */
    SETVAL("setval", 2, 3),
    /** Identity in value, derivative 0: cuts differentiation through its argument. */
    STOP_GRADIENT("stop_gradient", 1, 1),
    // strings
    LOWER("lower", 1, 1),
    UPPER("upper", 1, 1),
    LENGTH("length", 1, 1),
    SUBSTR("substr", 2, 3),
    TRIM("trim", 1, 2),
    LTRIM("ltrim", 1, 2),
    RTRIM("rtrim", 1, 2),
    REPLACE("replace", 3, 3),
    INSTR("instr", 2, 2),
    LEFT("left", 2, 2),
    RIGHT("right", 2, 2),
    REPEAT("repeat", 2, 2),
    REVERSE("reverse", 1, 1),
    LPAD("lpad", 2, 3),
    RPAD("rpad", 2, 3),
    CONCAT_FN("concat", 1, -1),
    STARTS_WITH("starts_with", 2, 2),
    CONTAINS("contains", 2, 2),
    TYPEOF("typeof", 1, 1),
    // bytes: octet_length counts bytes (a blob's, or text's UTF-8); hex/unhex convert to and from hex digits
    OCTET_LENGTH("octet_length", 1, 1),
    HEX("hex", 1, 1),
    UNHEX("unhex", 1, 1),
    // dates
    CURRENT_DATE("current_date", 0, 0),
    CURRENT_TIMESTAMP("current_timestamp", 0, 0),
    EXTRACT("extract", 2, 2),
    DATE_TRUNC("date_trunc", 2, 2),
    // text rendering of derivatives: derivative('expr', 'x')
    DERIVATIVE_SQL("derivative", 2, 2),
    // regular expressions (RE2 syntax, linear-time matching): the options argument is a constant string of flags
    REGEXP_MATCHES("regexp_matches", 2, 3),
    REGEXP_FULL_MATCH("regexp_full_match", 2, 3),
    REGEXP_REPLACE("regexp_replace", 3, 4),
    REGEXP_EXTRACT("regexp_extract", 2, 4),
    /** SIMILAR_TO(value, pattern [, escape]): the SQL-regex pattern must match the whole value. */
    SIMILAR_TO("SIMILAR TO", 2, 3, Kind.OPERATOR),
    // more strings
    SPLIT_PART("split_part", 3, 3),
    ENDS_WITH("ends_with", 2, 2),
    INITCAP("initcap", 1, 1),
    CONCAT_WS("concat_ws", 2, -1),
    TRANSLATE("translate", 3, 3),
    ASCII("ascii", 1, 1),
    CHR("chr", 1, 1),
    MD5("md5", 1, 1),
    PRINTF("printf", 1, -1),
    // DuckDB's date formatting and arithmetic, string distances and digests
    /** TRY_CAST(x AS type): the call's type is the target; a value that does not convert gives NULL. */
    TRY_CAST("try_cast", 1, 1),
    STRFTIME("strftime", 2, 2),
    STRPTIME("strptime", 2, 2),
    DATE_DIFF("date_diff", 3, 3),
    MAKE_DATE("make_date", 3, 3),
    MAKE_TIMESTAMP("make_timestamp", 6, 6),
    /** make_time(hour, minute, seconds) → TIME (DuckDB's). */
    MAKE_TIME("make_time", 3, 3),
    /**
     * timezone(zone, x), also written {@code x AT TIME ZONE zone}: a TIMESTAMPTZ's wall-clock TIMESTAMP in that zone,
     * or the TIMESTAMPTZ at which a TIMESTAMP's wall clock is read in that zone (PostgreSQL's and DuckDB's).
     */
    TIMEZONE("timezone", 2, 2),
    /** to_timestamp(seconds since 1970-01-01 UTC) → TIMESTAMP, to the microsecond. */
    TO_TIMESTAMP("to_timestamp", 1, 1),
    /** epoch_ms(milliseconds since 1970-01-01) → TIMESTAMP. */
    EPOCH_MS("epoch_ms", 1, 1),
    LEVENSHTEIN("levenshtein", 2, 2),
    DAMERAU_LEVENSHTEIN("damerau_levenshtein", 2, 2),
    HAMMING("hamming", 2, 2),
    JACCARD("jaccard", 2, 2),
    JARO_SIMILARITY("jaro_similarity", 2, 2),
    JARO_WINKLER_SIMILARITY("jaro_winkler_similarity", 2, 2),
    SHA1("sha1", 1, 1),
    SHA256("sha256", 1, 1),
    /** ADD_INTERVAL(date or timestamp, months, days, microseconds): x + INTERVAL '…' as a TIMESTAMP (months first). */
    ADD_INTERVAL("+ INTERVAL", 4, 4, Kind.OPERATOR),
    // fixed-size arrays (DOUBLE[n]), DuckDB's names; the computing ones are defined in dev.nabla.plan.fn.ArrayFunctions
    /** array_value(e1, …, en) and the literal [e1, …, en]: a DOUBLE[n] from n numbers (a NULL element is an error). */
    ARRAY_VALUE("array_value", 1, -1),
    /** v[i], 1-based; NULL outside 1..n (as DuckDB). */
    ARRAY_EXTRACT("array_extract", 2, 2),
    ARRAY_LENGTH("array_length", 1, 1),
    ARRAY_INNER_PRODUCT("array_inner_product", 2, 2),
    ARRAY_NEGATIVE_INNER_PRODUCT("array_negative_inner_product", 2, 2),
    ARRAY_DISTANCE("array_distance", 2, 2),
    ARRAY_COSINE_SIMILARITY("array_cosine_similarity", 2, 2),
    ARRAY_COSINE_DISTANCE("array_cosine_distance", 2, 2),
    ARRAY_NORM("array_norm", 1, 1),
    L2_NORMALIZE("l2_normalize", 1, 1),
    /**
     * unnest(list) in a select list: a marker the binder lifts into a {@link dev.nabla.plan.logical.Unnest} node
     * (one row per element) before anything evaluates it; no bound plan that runs holds it.
     */
    UNNEST("unnest", 1, 1),
    /** generate_subscripts(list, 1): as {@link #UNNEST}, the positions 1..length (the Call keeps the list only). */
    GENERATE_SUBSCRIPTS("generate_subscripts", 1, 2),
    // DOUBLE[] lists, DuckDB's names (evaluated row at a time by the engine's ListFunctionInstr)
    /** list_value(e1, …) and a list literal with a NULL element or none: a DOUBLE[] (NULL elements kept). */
    LIST_VALUE("list_value", 0, -1),
    /** list_concat(a, b) and a || b on lists: a NULL list counts as empty (NULL when both are). */
    LIST_CONCAT("list_concat", 2, 2),
    LIST_CONTAINS("list_contains", 2, 2),
    LIST_POSITION("list_position", 2, 2),
    /** list_slice(v, begin, end) and v[begin:end]: 1-based, inclusive, negative counts from the end. */
    LIST_SLICE("list_slice", 3, 3),
    /** list_sort(v, descending, nullsFirst): the binder turns the order words into two BOOLEAN literals. */
    LIST_SORT("list_sort", 1, 3),
    LIST_REVERSE_SORT("list_reverse_sort", 1, 2),
    LIST_DISTINCT("list_distinct", 1, 1),
    LIST_SUM("list_sum", 1, 1),
    LIST_AVG("list_avg", 1, 1),
    LIST_MIN("list_min", 1, 1),
    LIST_MAX("list_max", 1, 1),
    LIST_REVERSE("list_reverse", 1, 1),
    ARRAY_TO_STRING("array_to_string", 2, 2);

    /** Whether this is one of the DOUBLE[] list functions above. */
    public boolean isListFunction() {
        return ordinal() >= LIST_VALUE.ordinal() && ordinal() <= ARRAY_TO_STRING.ordinal();
    }

    public enum Kind {
        OPERATOR,
        FUNCTION
    }

    private final String sqlName;
    private final int minArgs;
    private final int maxArgs;
    private final Kind kind;

    Fn(String sqlName, int minArgs, int maxArgs) {
        this(sqlName, minArgs, maxArgs, Kind.FUNCTION);
    }

    Fn(String sqlName, int minArgs, int maxArgs, Kind kind) {
        this.sqlName = sqlName;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.kind = kind;
    }

    public String sqlName() {
        return sqlName;
    }

    public int minArgs() {
        return minArgs;
    }

    public int maxArgs() {
        return maxArgs;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isOperator() {
        return kind == Kind.OPERATOR;
    }

    private static final Map<String, Fn> BY_NAME = new HashMap<>();

    static {
        for (Fn f : values()) if (f.kind == Kind.FUNCTION) BY_NAME.putIfAbsent(f.sqlName, f);
        BY_NAME.put("substring", SUBSTR);
        BY_NAME.put("array_dot_product", ARRAY_INNER_PRODUCT);
        // DuckDB's aliases of the list functions
        BY_NAME.put("list_pack", LIST_VALUE);
        BY_NAME.put("list_cat", LIST_CONCAT);
        BY_NAME.put("array_concat", LIST_CONCAT);
        BY_NAME.put("array_cat", LIST_CONCAT);
        BY_NAME.put("list_has", LIST_CONTAINS);
        BY_NAME.put("array_contains", LIST_CONTAINS);
        BY_NAME.put("array_has", LIST_CONTAINS);
        BY_NAME.put("list_indexof", LIST_POSITION);
        BY_NAME.put("array_position", LIST_POSITION);
        BY_NAME.put("array_indexof", LIST_POSITION);
        BY_NAME.put("array_slice", LIST_SLICE);
        BY_NAME.put("array_sort", LIST_SORT);
        BY_NAME.put("array_reverse_sort", LIST_REVERSE_SORT);
        BY_NAME.put("array_distinct", LIST_DISTINCT);
        BY_NAME.put("array_reverse", LIST_REVERSE);
        BY_NAME.put("array_negative_dot_product", ARRAY_NEGATIVE_INNER_PRODUCT);
        BY_NAME.put("list_extract", ARRAY_EXTRACT);
        BY_NAME.put("char_length", LENGTH);
        BY_NAME.put("len", LENGTH); // DuckDB: the element count of a list or array, the length of a string
        BY_NAME.put("character_length", LENGTH);
        BY_NAME.put("differentiate_sql", DERIVATIVE_SQL);
        BY_NAME.put("now", CURRENT_TIMESTAMP);
        BY_NAME.put("uuid", GEN_RANDOM_UUID);
        BY_NAME.put("max", GREATEST); // scalar max(a, b) with >= 2 args; 1-arg max is the aggregate
        BY_NAME.put("min", LEAST);
        BY_NAME.put("strpos", INSTR);
        BY_NAME.put("btrim", TRIM);
        BY_NAME.put("date_part", EXTRACT);
        BY_NAME.put("datepart", EXTRACT);
        BY_NAME.put("suffix", ENDS_WITH);
        BY_NAME.put("prefix", STARTS_WITH);
    }

    /** The function named {@code name} (case-insensitive), or null. */
    public static Fn byName(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }
}
