package dev.nabla.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Map;

/**
 * JDBC escape syntax translated to Nabla SQL (what {@code nativeSQL} returns, and what statements run unless
 * {@code setEscapeProcessing(false)}): {@code {d '…'}} → {@code DATE '…'}, {@code {ts '…'}} → {@code TIMESTAMP '…'},
 * {@code {t '…'}} → {@code TIME '…'}, {@code {fn f(…)}} → {@code f(…)} with JDBC's names mapped to Nabla's
 * ({@code UCASE} → {@code upper}, …), {@code {oj …}} → its join, {@code {escape 'c'}} → {@code ESCAPE 'c'},
 * {@code {limit n [offset m]}} → {@code LIMIT n [OFFSET m]}. Escapes nest. Braces inside string literals, quoted
 * names and comments are left alone, and so is a brace that starts no escape (the statement then reports it).
 * {@code {call …}} is refused with 0A000: Nabla has no stored procedures.
 */
final class JdbcEscapes {
    private JdbcEscapes() {}

    /** JDBC's scalar function names whose Nabla name differs. */
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("ucase", "upper"),
            Map.entry("lcase", "lower"),
            Map.entry("ceiling", "ceil"),
            Map.entry("log", "ln"),
            Map.entry("curdate", "current_date"),
            Map.entry("now", "now"),
            Map.entry("char_length", "length"),
            Map.entry("character_length", "length"),
            Map.entry("substring", "substr"),
            Map.entry("ifnull", "ifnull"));

    static String translate(String sql) throws SQLException {
        if (sql.indexOf('{') < 0) return sql;
        StringBuilder out = new StringBuilder(sql.length());
        int end = copy(sql, 0, out, false);
        if (end != sql.length()) throw new SQLException("unbalanced '}' in JDBC escape at offset " + end, "42601");
        return out.toString();
    }

    /**
     * Copies {@code sql} from {@code i} into {@code out}, translating escapes, up to the end or (when {@code nested})
     * the '}' closing the current escape; returns the index of that '}' or of the end.
     */
    private static int copy(String sql, int i, StringBuilder out, boolean nested) throws SQLException {
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int close = i + 1;
                while (close < n) {
                    if (sql.charAt(close) == c) {
                        if (close + 1 < n && sql.charAt(close + 1) == c) close += 2;
                        else break;
                    } else close++;
                }
                int stop = Math.min(n, close + 1);
                out.append(sql, i, stop);
                i = stop;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                int stop = eol < 0 ? n : eol;
                out.append(sql, i, stop);
                i = stop;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                int stop = close < 0 ? n : close + 2;
                out.append(sql, i, stop);
                i = stop;
            } else if (c == '}' && nested) {
                return i;
            } else if (c == '{') {
                int next = escape(sql, i, out);
                if (next < 0) {
                    out.append(c);
                    i++;
                } else {
                    i = next;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        if (nested) throw new SQLException("JDBC escape '{' without its '}'", "42601");
        return i;
    }

    /** Translates the escape starting at {@code open} ('{'); returns the index after its '}', or -1 if it is none. */
    private static int escape(String sql, int open, StringBuilder out) throws SQLException {
        int i = open + 1;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) i++;
        int wordStart = i;
        if (i < sql.length() && sql.charAt(i) == '?') {
            throw new SQLFeatureNotSupportedException("{? = call …}: Nabla has no stored procedures", "0A000");
        }
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) i++;
        String word = sql.substring(wordStart, i).toLowerCase(Locale.ROOT);
        String prefix;
        switch (word) {
            case "d" -> prefix = "DATE ";
            case "t" -> prefix = "TIME ";
            case "ts" -> prefix = "TIMESTAMP ";
            case "oj", "fn" -> prefix = "";
            case "escape" -> prefix = "ESCAPE ";
            case "limit" -> prefix = "LIMIT ";
            case "call" ->
                throw new SQLFeatureNotSupportedException("{call …}: Nabla has no stored procedures", "0A000");
            default -> {
                return -1;
            }
        }
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) i++;
        StringBuilder body = new StringBuilder();
        int close = copy(sql, i, body, true);
        String inner = body.toString().strip();
        if (word.equals("fn")) inner = function(inner);
        if (word.equals("limit")) inner = inner.replaceAll("(?i)\\boffset\\b", "OFFSET");
        out.append(prefix).append(inner);
        return close + 1;
    }

    /** {@code name(args)} with JDBC's name replaced by Nabla's where they differ. */
    private static String function(String call) {
        int paren = call.indexOf('(');
        String name = (paren < 0 ? call : call.substring(0, paren)).strip();
        String mapped = FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
        if (mapped == null) return call;
        // CURDATE() is the keyword CURRENT_DATE, which takes no parentheses
        if (mapped.equals("current_date")) return "current_date";
        return mapped + (paren < 0 ? "" : call.substring(paren));
    }
}
