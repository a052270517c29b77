package dev.nabla.parser;

import dev.nabla.common.Span;

/**
 * One token. {@code text} is the source text, except for {@link TokenType#STRING} and
 * {@link TokenType#QUOTED_IDENT} where it is the unquoted value; {@code span} always covers the
 * source text. {@code keyword} is set only for {@link TokenType#KEYWORD}.
 */
public record Token(TokenType type, String text, Span span, Keyword keyword) {

    public Token(TokenType type, String text, Span span) {
        this(type, text, span, null);
    }

    public boolean is(TokenType t) {
        return type == t;
    }

    public boolean is(Keyword k) {
        return keyword == k;
    }

    /** A word usable as a name: a plain or quoted identifier, or a keyword that is not reserved. */
    public boolean isIdentifierLike() {
        return type == TokenType.IDENT
                || type == TokenType.QUOTED_IDENT
                || (type == TokenType.KEYWORD && !keyword.reserved());
    }

    /** How error messages show this token: {@code ')'}, {@code 'SELEC'}, {@code end of input}. */
    public String describe() {
        return switch (type) {
            case EOF -> "end of input";
            case STRING -> "string " + shorten("'" + text.replace("'", "''") + "'");
            case QUOTED_IDENT -> "identifier " + shorten("\"" + text + "\"");
            case BLOB -> "blob " + shorten("x'" + text + "'");
            default -> "'" + shorten(text) + "'";
        };
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    @Override
    public String toString() {
        return type + "(" + text + ")@" + span;
    }
}
