package dev.nabla.parser.ast;

import dev.nabla.common.Span;
import dev.nabla.parser.Keyword;
import java.util.List;
import java.util.stream.Collectors;

/** Shared pieces of {@code toSql()}: quoting, lists, aliases and operand parentheses. */
public final class SqlWriter {
    private SqlWriter() {}

    static Span orNone(Span span) {
        return span == null ? Span.NONE : span;
    }

    /** An identifier, double-quoted when it was quoted or would otherwise not read back as itself. */
    public static String ident(String value, boolean quoted) {
        if (!quoted && isPlainIdentifier(value) && !Keyword.isReserved(value)) return value;
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    static boolean isPlainIdentifier(String s) {
        if (s.isEmpty()) return false;
        char c = s.charAt(0);
        if (!(Character.isLetter(c) || c == '_')) return false;
        for (int i = 1; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || ch == '_' || ch == '$')) return false;
        }
        return true;
    }

    /**
     * A function name: LEFT and RIGHT are reserved words yet fine as function names before '(',
     * so unquoted names are written bare when they read back the same.
     */
    static String functionName(QualifiedName name) {
        if (name.size() == 1) {
            Ident id = name.last();
            String v = id.value();
            if (!id.quoted() && isPlainIdentifier(v) && (v.equalsIgnoreCase("LEFT") || v.equalsIgnoreCase("RIGHT")))
                return v;
        }
        return name.toSql();
    }

    /** A single-quoted string literal. */
    public static String string(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    /** The operand's SQL, parenthesized when it binds more loosely than {@code min}. */
    public static String operand(Expression e, Precedence min) {
        return e.precedence().atLeast(min) ? e.toSql() : "(" + e.toSql() + ")";
    }

    static String join(List<? extends Node> nodes) {
        return nodes.stream().map(Node::toSql).collect(Collectors.joining(", "));
    }

    /** " (a, b)" or "" for an empty list. */
    static String columnList(List<Ident> columns) {
        return columns.isEmpty() ? "" : " (" + join(columns) + ")";
    }

    static String alias(Ident alias, List<Ident> columns) {
        if (alias == null) return "";
        return " AS " + alias.toSql() + columnList(columns);
    }

    static String rows(List<List<Expression>> rows) {
        return rows.stream().map(r -> "(" + join(r) + ")").collect(Collectors.joining(", "));
    }
}
