package dev.nabla.parser;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns SQL text into tokens: the one lexer of Nabla. {@link #tokenize} is strict (comments dropped,
 * malformed input is a {@link NablaException}); {@link #tokenizeLenient} and {@link #lenientAt} never
 * throw and keep comments and malformed pieces (unterminated strings and comments, stray characters)
 * as {@link TokenType#ERROR} tokens: the REPL's highlighter, completer and statement scanner read
 * incomplete input with them. Token lists end with an EOF token.
 */
public final class Lexer {
    private final String src;
    private final boolean lenient;
    private final int n;
    private int pos;
    private int line;
    /** Offset of the current line's first character, shifted so that columns come out right for the first line. */
    private int lineStart;
    /** Where the token being read began: offset, line and column, for its span. */
    private int start, startLine, startCol;

    private Lexer(String src, boolean lenient, int firstLine, int firstCol) {
        this(src, lenient, 0, firstLine, firstCol);
    }

    private Lexer(String src, boolean lenient, int from, int line, int col) {
        this.src = src;
        this.lenient = lenient;
        this.n = src.length();
        this.pos = from;
        this.line = line;
        this.lineStart = from - (col - 1);
    }

    public static List<Token> tokenize(String sql) {
        return tokenize(sql, 1, 1);
    }

    /** Tokenizes text that starts at {@code startLine:startCol} of a larger script, so spans point into the script. */
    public static List<Token> tokenize(String sql, int startLine, int startCol) {
        return new Lexer(sql, false, startLine, startCol).run();
    }

    public static List<Token> tokenizeLenient(String sql) {
        return new Lexer(sql == null ? "" : sql, true, 1, 1).run();
    }

    /**
     * A lenient lexer read token by token with {@link #nextToken()}, starting at offset {@code from} of
     * {@code sql}, which is at {@code line}:{@code col}: spans and offsets point into the whole text.
     */
    public static Lexer lenientAt(String sql, int from, int line, int col) {
        return new Lexer(sql, true, from, line, col);
    }

    /** A strict lexer read token by token with {@link #nextToken()}. */
    static Lexer streaming(String sql, int startLine, int startCol) {
        return new Lexer(sql, false, startLine, startCol);
    }

    /** The next token; EOF again and again at the end. */
    public Token nextToken() {
        while (true) {
            Token t = next();
            if (t != null) return t;
        }
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>(Math.max(8, n / 4));
        while (true) {
            Token t = next();
            if (t == null) continue;
            out.add(t);
            if (t.type() == TokenType.EOF) return out;
        }
    }

    private Span span() {
        return new Span(startLine, startCol, line, pos - lineStart + 1, start, pos);
    }

    private int col() {
        return pos - lineStart + 1;
    }

    private void newline(int newlineOffset) {
        line++;
        lineStart = newlineOffset + 1;
    }

    /** The next token, or null for skipped whitespace or (strict) comments. */
    private Token next() {
        if (pos >= n) {
            int c = col();
            return new Token(TokenType.EOF, "", new Span(line, c, line, c, n, n));
        }
        char c = src.charAt(pos);
        if (c == '\n') {
            newline(pos);
            pos++;
            return null;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || Character.isWhitespace(c)) {
            pos++;
            return null;
        }
        start = pos;
        startLine = line;
        startCol = col();
        if (c == '-' && peekChar(1) == '-') {
            while (pos < n && src.charAt(pos) != '\n') pos++;
            return lenient ? token(TokenType.COMMENT) : null;
        }
        if (c == '/' && peekChar(1) == '*') return blockComment();
        if ((c == 'x' || c == 'X') && peekChar(1) == '\'') return blob();
        if (isIdentStart(c)) return word();
        if (isDigit(c) || (c == '.' && isDigit(peekChar(1)))) return number();
        switch (c) {
            case '\'':
                return string();
            case '"':
                return quoted('"', '"');
            case '`':
                return quoted('`', '`');
            case '[': {
                Token bracketed = bracketedIdentifier();
                if (bracketed != null) return bracketed;
                return op(TokenType.LBRACKET, 1);
            }
            case ']':
                return op(TokenType.RBRACKET, 1);
            case '{':
                return op(TokenType.LBRACE, 1);
            case '}':
                return op(TokenType.RBRACE, 1);
            case '(':
                return op(TokenType.LPAREN, 1);
            case ')':
                return op(TokenType.RPAREN, 1);
            case ',':
                return op(TokenType.COMMA, 1);
            case ';':
                return op(TokenType.SEMICOLON, 1);
            case '.':
                return op(TokenType.DOT, 1);
            case '+':
                return op(TokenType.PLUS, 1);
            case '-':
                return op(TokenType.MINUS, 1);
            case '*':
                return op(TokenType.STAR, 1);
            case '/':
                return op(TokenType.SLASH, 1);
            case '%':
                return op(TokenType.PERCENT, 1);
            case '~':
                return peekChar(1) == '*' ? op(TokenType.TILDE_STAR, 2) : op(TokenType.TILDE, 1);
            case '&':
                return op(TokenType.AMPERSAND, 1);
            case '|':
                return peekChar(1) == '|' ? op(TokenType.CONCAT, 2) : op(TokenType.PIPE, 1);
            case '=':
                if (peekChar(1) == '=') return op(TokenType.EQ, 2);
                if (peekChar(1) == '>') return op(TokenType.ARROW, 2);
                return op(TokenType.EQ, 1);
            case '!':
                if (peekChar(1) == '=') return op(TokenType.NOT_EQ, 2);
                if (peekChar(1) == '~')
                    return peekChar(2) == '*' ? op(TokenType.BANG_TILDE_STAR, 3) : op(TokenType.BANG_TILDE, 2);
                return bad(1, "unexpected character '!'");
            case '<':
                if (peekChar(1) == '=' && peekChar(2) == '>') return op(TokenType.COSINE_DISTANCE, 3);
                if (peekChar(1) == '-' && peekChar(2) == '>') return op(TokenType.L2_DISTANCE, 3);
                if (peekChar(1) == '#' && peekChar(2) == '>') return op(TokenType.NEGATIVE_INNER_PRODUCT, 3);
                if (peekChar(1) == '=') return op(TokenType.LT_EQ, 2);
                if (peekChar(1) == '>') return op(TokenType.NOT_EQ, 2);
                if (peekChar(1) == '<') return op(TokenType.SHIFT_LEFT, 2);
                return op(TokenType.LT, 1);
            case '>':
                if (peekChar(1) == '=') return op(TokenType.GT_EQ, 2);
                if (peekChar(1) == '>') return op(TokenType.SHIFT_RIGHT, 2);
                return op(TokenType.GT, 1);
            case ':':
                if (peekChar(1) == ':') return op(TokenType.DOUBLE_COLON, 2);
                if (isIdentStart(peekChar(1))) {
                    pos++;
                    while (pos < n && isIdentPart(src.charAt(pos))) pos++;
                    return token(TokenType.PARAMETER);
                }
                return op(TokenType.COLON, 1);
            case '?':
                pos++;
                while (pos < n && isDigit(src.charAt(pos))) pos++;
                return token(TokenType.PARAMETER);
            case '$':
                if (isDigit(peekChar(1))) {
                    pos++;
                    while (pos < n && isDigit(src.charAt(pos))) pos++;
                    return token(TokenType.PARAMETER);
                }
                return bad(1, "unexpected character '$'");
            default:
                return bad(
                        Character.charCount(src.codePointAt(pos)),
                        "unexpected character '" + new String(Character.toChars(src.codePointAt(pos))) + "'");
        }
    }

    private char peekChar(int ahead) {
        int i = pos + ahead;
        return i < n ? src.charAt(i) : '\0';
    }

    private Token token(TokenType type) {
        return new Token(type, src.substring(start, pos), span());
    }

    private Token op(TokenType type, int length) {
        pos += length;
        return token(type);
    }

    /** A malformed piece: an ERROR token when lenient, a syntax error otherwise. */
    private Token bad(int length, String message) {
        for (int i = 0; i < length && pos < n; i++) {
            if (src.charAt(pos) == '\n') newline(pos);
            pos++;
        }
        return badHere(message);
    }

    private Token badHere(String message) {
        Span span = span();
        if (lenient) return new Token(TokenType.ERROR, src.substring(start, pos), span);
        throw new NablaException(ErrorCode.SYNTAX, span, message);
    }

    private Token word() {
        pos++;
        while (pos < n && isIdentPart(src.charAt(pos))) pos++;
        String text = src.substring(start, pos);
        Keyword k = Keyword.lookup(text);
        Span span = span();
        return k == null ? new Token(TokenType.IDENT, text, span) : new Token(TokenType.KEYWORD, text, span, k);
    }

    private Token number() {
        if (src.charAt(pos) == '0' && (peekChar(1) == 'x' || peekChar(1) == 'X') && isHexDigit(peekChar(2))) {
            pos += 2;
            while (pos < n && isHexDigit(src.charAt(pos))) pos++;
            return endOfNumber();
        }
        while (pos < n && isDigit(src.charAt(pos))) pos++;
        if (pos < n && src.charAt(pos) == '.') {
            pos++;
            while (pos < n && isDigit(src.charAt(pos))) pos++;
        }
        if (pos < n && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < n && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
            if (pos < n && isDigit(src.charAt(pos))) {
                while (pos < n && isDigit(src.charAt(pos))) pos++;
            } else {
                pos = save;
            }
        }
        return endOfNumber();
    }

    /** "1abc" or "0x1g" is one bad token, not a number followed by an alias (as in SQLite and Postgres). */
    private Token endOfNumber() {
        if (pos < n && isIdentPart(src.charAt(pos))) {
            while (pos < n && isIdentPart(src.charAt(pos))) pos++;
            return badHere("invalid number '" + src.substring(start, pos) + "'");
        }
        return token(TokenType.NUMBER);
    }

    private Token string() {
        pos++;
        StringBuilder value = null;
        int chunk = pos;
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == '\'') {
                if (peekChar(1) == '\'') {
                    if (value == null) value = new StringBuilder();
                    value.append(src, chunk, pos + 1);
                    pos += 2;
                    chunk = pos;
                    continue;
                }
                String text = value == null
                        ? src.substring(chunk, pos)
                        : value.append(src, chunk, pos).toString();
                pos++;
                return new Token(TokenType.STRING, text, span());
            }
            if (c == '\n') newline(pos);
            pos++;
        }
        return badHere("unterminated string literal");
    }

    private Token blob() {
        pos += 2;
        int digits = pos;
        while (pos < n && src.charAt(pos) != '\'' && src.charAt(pos) != '\n') pos++;
        if (pos >= n || src.charAt(pos) != '\'') return badHere("unterminated blob literal");
        String hex = src.substring(digits, pos);
        pos++;
        for (int i = 0; i < hex.length(); i++) {
            if (!isHexDigit(hex.charAt(i))) return badHere("invalid hex digit in blob literal");
        }
        if (hex.length() % 2 != 0) return badHere("blob literal needs an even number of hex digits");
        return new Token(TokenType.BLOB, hex, span());
    }

    private Token quoted(char open, char close) {
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == close) {
                if (peekChar(1) == close) {
                    value.append(close);
                    pos += 2;
                    continue;
                }
                pos++;
                if (value.isEmpty()) return badHere("empty quoted identifier");
                return new Token(TokenType.QUOTED_IDENT, value.toString(), span());
            }
            if (c == '\n') newline(pos);
            value.append(c);
            pos++;
        }
        return badHere("unterminated quoted identifier");
    }

    /**
     * SQLite's [name with spaces] identifiers. Only content that cannot be an array literal is taken
     * here (a name containing a space); a plain [name] lexes as brackets and the parser reads it as a
     * name where a name is expected, as an array literal where an expression is.
     */
    private Token bracketedIdentifier() {
        int i = pos + 1;
        if (i >= n || !(Character.isLetter(src.charAt(i)) || src.charAt(i) == '_')) return null;
        boolean space = false;
        while (i < n) {
            char c = src.charAt(i);
            if (c == ' ') space = true;
            if (c == ']') {
                String name = src.substring(pos + 1, i).strip();
                if (!space || name.indexOf(' ') < 0) return null;
                pos = i + 1;
                return new Token(TokenType.QUOTED_IDENT, name, span());
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == ' ' || c == '$')) return null;
            i++;
        }
        return null;
    }

    private Token blockComment() {
        pos += 2;
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == '*' && peekChar(1) == '/') {
                pos += 2;
                return lenient ? token(TokenType.COMMENT) : null;
            }
            if (c == '\n') newline(pos);
            pos++;
        }
        return badHere("unterminated comment");
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c > 127 && Character.isLetter(c));
    }

    static boolean isIdentPart(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '$'
                || (c > 127 && Character.isLetterOrDigit(c));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
