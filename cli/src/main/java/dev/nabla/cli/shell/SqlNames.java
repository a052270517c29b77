package dev.nabla.cli.shell;

import java.util.Locale;
import java.util.Set;

/** Quoting of identifiers and literals for SQL the shell writes itself (.import, .schema, .gradcheck). */
public final class SqlNames {
    private static final Set<String> RESERVED = Set.of(
            "select",
            "from",
            "where",
            "group",
            "order",
            "by",
            "having",
            "limit",
            "offset",
            "table",
            "create",
            "insert",
            "update",
            "delete",
            "into",
            "values",
            "and",
            "or",
            "not",
            "null",
            "true",
            "false",
            "as",
            "on",
            "join",
            "left",
            "right",
            "inner",
            "outer",
            "full",
            "cross",
            "union",
            "all",
            "distinct",
            "case",
            "when",
            "then",
            "else",
            "end",
            "in",
            "is",
            "like",
            "between",
            "exists",
            "with",
            "recursive",
            "default",
            "primary",
            "key",
            "check",
            "unique",
            "references",
            "foreign",
            "cast",
            "to",
            "user",
            "window",
            "over",
            "partition",
            "range",
            "rows",
            "date",
            "timestamp");

    private SqlNames() {}

    /** The name as written, or double-quoted when it is not a plain identifier. */
    public static String quote(String name) {
        if (name.matches("[A-Za-z_][A-Za-z0-9_]*") && !RESERVED.contains(name.toLowerCase(Locale.ROOT))) return name;
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String string(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
