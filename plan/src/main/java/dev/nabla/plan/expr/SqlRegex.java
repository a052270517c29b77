package dev.nabla.plan.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The SQL side of regular expressions, shared by the binder (which checks constant patterns so a bad one
 * fails with its position) and the executor (which compiles them once per constant pattern). Patterns use
 * java.util.regex syntax; options and replacement strings follow DuckDB/PostgreSQL.
 */
public final class SqlRegex {
    private SqlRegex() {}

    /**
     * java.util.regex flags for a DuckDB options string: i case-insensitive, c case-sensitive, s '.' matches
     * newlines, m/n/p newline-sensitive (^ and $ match at line breaks), l literal pattern, g global (only
     * meaningful to regexp_replace; accepted and ignored elsewhere). The default, as in DuckDB, is
     * case-sensitive with '.' not matching a newline.
     */
    public static int flags(String options, Span span) {
        int flags = 0;
        for (int k = 0; k < options.length(); k++) {
            switch (options.charAt(k)) {
                case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'c' -> flags &= ~(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                case 's' -> flags = (flags | Pattern.DOTALL) & ~Pattern.MULTILINE;
                case 'm', 'n', 'p' -> flags = (flags | Pattern.MULTILINE) & ~Pattern.DOTALL;
                case 'l' -> flags |= Pattern.LITERAL;
                case 'g' -> { }
                default -> throw new NablaException(ErrorCode.INVALID_ARGUMENT, span,
                        "unrecognized regular-expression option '" + options.charAt(k) + "' (expected some of i, c, s, m, n, p, l, g)");
            }
        }
        return flags;
    }

    /** Whether the options ask regexp_replace to replace every match rather than the first. */
    public static boolean global(String options) { return options.indexOf('g') >= 0; }

    /** Compiles {@code regex}; a syntax error is an INVALID_ARGUMENT error at {@code span} naming the problem. */
    public static Pattern compile(String regex, int flags, Span span) {
        try {
            return Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "";
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, span,
                    "invalid regular expression '" + regex + "': " + e.getDescription() + where);
        }
    }

    /**
     * Translates a replacement string from SQL form to java.util.regex form: {@code \1}..{@code \9} are
     * capture groups and {@code \0} (also PostgreSQL's {@code \&}) the whole match, {@code \\} is a
     * backslash; everything else, {@code $} included, is literal.
     */
    public static String replacement(String sql) {
        StringBuilder sb = new StringBuilder(sql.length() + 8);
        for (int k = 0; k < sql.length(); k++) {
            char ch = sql.charAt(k);
            if (ch == '\\' && k + 1 < sql.length()) {
                char next = sql.charAt(++k);
                if (next >= '0' && next <= '9') sb.append('$').append(next);
                else if (next == '&') sb.append("$0");
                else if (next == '\\' || next == '$') sb.append('\\').append(next);
                else sb.append(next);
            } else if (ch == '\\' || ch == '$') {
                sb.append('\\').append(ch);
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /**
     * Translates a SIMILAR TO pattern to a java.util.regex pattern to be matched against the whole value:
     * {@code %} is any string, {@code _} any character, {@code | * + ? {m,n} ( ) [...]} keep their regex
     * meaning, the escape character (default backslash, none when {@code escape} is empty) quotes the next
     * character, and all other characters are literal.
     */
    public static String similarToRegex(String pattern, String escape, Span span) {
        if (escape != null && escape.length() > 1) {
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "ESCAPE must be a single character, got '" + escape + "'");
        }
        int esc = escape == null ? '\\' : escape.isEmpty() ? -1 : escape.charAt(0);
        StringBuilder sb = new StringBuilder(pattern.length() + 8);
        boolean inClass = false;
        for (int k = 0; k < pattern.length(); k++) {
            char ch = pattern.charAt(k);
            if (ch == esc) {
                if (k + 1 >= pattern.length()) {
                    throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "SIMILAR TO pattern must not end with the escape character");
                }
                quote(sb, pattern.charAt(++k));
            } else if (inClass) {
                if (ch == ']') inClass = false;
                if (ch == '\\' || ch == '[' || ch == '&') sb.append('\\');
                sb.append(ch);
            } else {
                switch (ch) {
                    case '%' -> sb.append(".*");
                    case '_' -> sb.append('.');
                    case '|', '*', '+', '?', '{', '}', '(', ')' -> sb.append(ch);
                    case '[' -> {
                        inClass = true;
                        sb.append('[');
                        // a leading ^ negates and a leading ] is literal, as in POSIX brackets
                        if (k + 1 < pattern.length() && pattern.charAt(k + 1) == '^') sb.append(pattern.charAt(++k));
                        if (k + 1 < pattern.length() && pattern.charAt(k + 1) == ']') { sb.append("\\]"); k++; }
                    }
                    default -> quote(sb, ch);
                }
            }
        }
        return sb.toString();
    }

    private static void quote(StringBuilder sb, char ch) {
        if (Character.isLetterOrDigit(ch) || ch == ' ' || ch == '_' || ch > 0x7f) sb.append(ch);
        else sb.append('\\').append(ch);
    }
}
