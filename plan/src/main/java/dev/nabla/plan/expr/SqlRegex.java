package dev.nabla.plan.expr;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;

/**
 * The SQL side of regular expressions, shared by the binder (which checks constant patterns so a bad one
 * fails with its position) and the executor (which compiles them once per constant pattern). Patterns use
 * RE2 syntax (RE2/J): matching takes time linear in the value's length whatever the pattern, so no pattern
 * can backtrack exponentially or overflow the stack; the price is that backreferences and lookaround are
 * refused (docs/sql.md lists the differences from PostgreSQL). Options and replacement strings follow
 * DuckDB/PostgreSQL.
 */
public final class SqlRegex {
    private SqlRegex() {}

    /** Not an RE2 flag: the pattern is a literal string (option 'l'); {@link #compile} quotes it. */
    private static final int LITERAL = 1 << 16;

    /**
     * RE2/J flags for a DuckDB options string: i case-insensitive, c case-sensitive, s '.' matches
     * newlines, m/n/p newline-sensitive (^ and $ match at line breaks), l literal pattern, g global (only
     * meaningful to regexp_replace; accepted and ignored elsewhere). The default, as in DuckDB, is
     * case-sensitive with '.' not matching a newline.
     */
    public static int flags(String options, Span span) {
        int flags = 0;
        for (int k = 0; k < options.length(); k++) {
            switch (options.charAt(k)) {
                case 'i' -> flags |= Pattern.CASE_INSENSITIVE;
                case 'c' -> flags &= ~Pattern.CASE_INSENSITIVE;
                case 's' -> flags = (flags | Pattern.DOTALL) & ~Pattern.MULTILINE;
                case 'm', 'n', 'p' -> flags = (flags | Pattern.MULTILINE) & ~Pattern.DOTALL;
                case 'l' -> flags |= LITERAL;
                case 'g' -> {}
                default ->
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            span,
                            "unrecognized regular-expression option '" + options.charAt(k)
                                    + "' (expected some of i, c, s, m, n, p, l, g)");
            }
        }
        return flags;
    }

    /** Whether the options ask regexp_replace to replace every match rather than the first. */
    public static boolean global(String options) {
        return options.indexOf('g') >= 0;
    }

    /**
     * Compiles {@code regex}; a syntax error, or a construct RE2 does not have (backreference, lookaround,
     * atomic group, possessive quantifier), is an INVALID_REGEX (2201B) error at {@code span} naming it.
     */
    public static Pattern compile(String regex, int flags, Span span) {
        String text = (flags & LITERAL) != 0 ? Pattern.quote(regex) : regex;
        try {
            return Pattern.compile(text, flags & ~LITERAL);
        } catch (PatternSyntaxException e) {
            String unsupported = unsupportedConstruct(regex);
            String why = unsupported != null
                    ? unsupported + " not supported (regular expressions use RE2 syntax, which matches in linear time)"
                    : e.getDescription();
            throw new NablaException(
                    ErrorCode.INVALID_REGEX, span, "invalid regular expression '" + abbreviate(regex) + "': " + why);
        }
    }

    /**
     * The Perl/PostgreSQL construct in {@code regex} that RE2 refuses by design, described for an error
     * message, or null when the pattern has none (then it is an ordinary syntax error).
     */
    static String unsupportedConstruct(String regex) {
        boolean inClass = false;
        for (int k = 0; k < regex.length(); k++) {
            char ch = regex.charAt(k);
            if (ch == '\\' && k + 1 < regex.length()) {
                char next = regex.charAt(++k);
                if (!inClass && next >= '1' && next <= '9') return "backreference \\" + next + " is";
                if (!inClass && next == 'k' && k + 1 < regex.length() && regex.charAt(k + 1) == '<')
                    return "named backreference \\k<...> is";
                continue;
            }
            if (inClass) {
                if (ch == ']') inClass = false;
                continue;
            }
            if (ch == '[') {
                inClass = true;
                if (k + 1 < regex.length() && regex.charAt(k + 1) == '^') k++;
                if (k + 1 < regex.length() && regex.charAt(k + 1) == ']') k++;
            } else if (ch == '(' && regex.startsWith("(?", k)) {
                if (regex.startsWith("(?=", k)) return "lookahead (?=...) is";
                if (regex.startsWith("(?!", k)) return "negative lookahead (?!...) is";
                if (regex.startsWith("(?<=", k)) return "lookbehind (?<=...) is";
                if (regex.startsWith("(?<!", k)) return "negative lookbehind (?<!...) is";
                if (regex.startsWith("(?>", k)) return "atomic group (?>...) is";
            } else if ((ch == '*' || ch == '+' || ch == '?' || ch == '}')
                    && k + 1 < regex.length()
                    && regex.charAt(k + 1) == '+') {
                return "possessive quantifier " + ch + "+ is";
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /**
     * Translates a replacement string from SQL form to RE2/J form: {@code \1}..{@code \9} are
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
     * Translates a SIMILAR TO pattern to an RE2 pattern to be matched against the whole value:
     * {@code %} is any string, {@code _} any character, {@code | * + ? {m,n} ( ) [...]} keep their regex
     * meaning, the escape character (default backslash, none when {@code escape} is empty) quotes the next
     * character, and all other characters are literal.
     */
    public static String similarToRegex(String pattern, String escape, Span span) {
        if (escape != null && escape.length() > 1) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, span, "ESCAPE must be a single character, got '" + escape + "'");
        }
        int esc = escape == null ? '\\' : escape.isEmpty() ? -1 : escape.charAt(0);
        StringBuilder sb = new StringBuilder(pattern.length() + 8);
        boolean inClass = false;
        for (int k = 0; k < pattern.length(); k++) {
            char ch = pattern.charAt(k);
            if (ch == esc) {
                if (k + 1 >= pattern.length()) {
                    throw new NablaException(
                            ErrorCode.INVALID_REGEX, span, "SIMILAR TO pattern must not end with the escape character");
                }
                quote(sb, pattern.charAt(++k));
            } else if (inClass) {
                if (ch == ']') inClass = false;
                if (ch == '\\' || ch == '[' || ch == '&') sb.append('\\');
                sb.append(ch);
            } else {
                switch (ch) {
                    case '%' -> sb.append("(?s:.*)");
                    case '_' -> sb.append("(?s:.)");
                    case '|', '*', '+', '?', '{', '}', '(', ')' -> sb.append(ch);
                    case '[' -> {
                        inClass = true;
                        sb.append('[');
                        // a leading ^ negates and a leading ] is literal, as in POSIX brackets
                        if (k + 1 < pattern.length() && pattern.charAt(k + 1) == '^') sb.append(pattern.charAt(++k));
                        if (k + 1 < pattern.length() && pattern.charAt(k + 1) == ']') {
                            sb.append("\\]");
                            k++;
                        }
                    }
                    default -> quote(sb, ch);
                }
            }
        }
        return sb.toString();
    }

    /** Appends {@code ch} as a literal: RE2 accepts a backslash only before punctuation, so controls are written as hex. */
    private static void quote(StringBuilder sb, char ch) {
        if (Character.isLetterOrDigit(ch) || ch == ' ' || ch == '_' || ch > 0x7f) sb.append(ch);
        else if (ch < 0x20 || ch == 0x7f)
            sb.append("\\x{").append(Integer.toHexString(ch)).append('}');
        else sb.append('\\').append(ch);
    }
}
