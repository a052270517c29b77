package dev.nabla.parser;

import dev.nabla.common.CancelCheck;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.Ident;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The parsers' shared position in the token stream, with the small matching helpers every grammar
 * rule uses, the single {@link #expected} error factory, and the nesting-depth guard.
 */
final class TokenCursor {
    /**
     * Nesting budget. Each nested expression costs 1, each nested query {@link #QUERY_COST} (a
     * subquery is several tree levels deep). The limits keep parsing, and the recursive walks over
     * the tree that follow it (toSql, equals, binding), well inside a 1 MB thread stack.
     */
    static final int MAX_DEPTH = 500;

    static final int QUERY_COST = 4;
    /** Longest operator chain (a OR b OR ...), whose tree is as deep as the chain is long (SQLite's limit too). */
    static final int MAX_CHAIN = 1000;

    private final String sql;
    private final Lexer lexer;
    /** Tokens read from the lexer and not yet dropped; {@code pos} is the current one. */
    private final ArrayList<Token> buffer = new ArrayList<>();

    private int pos;
    private Token previous;
    private int depth;
    private int nextParameter = 1;
    private final Map<String, Integer> namedParameters = new HashMap<>();

    /** Tokens are pulled from the lexer as the parser needs them, so a long script is never held as one token list. */
    TokenCursor(String sql, Lexer lexer) {
        this.sql = sql;
        this.lexer = lexer;
    }

    Token peek() {
        return peek(0);
    }

    Token peek(int ahead) {
        int i = pos + ahead;
        while (buffer.size() <= i) {
            if (!buffer.isEmpty() && buffer.getLast().type() == TokenType.EOF) return buffer.getLast();
            buffer.add(lexer.nextToken());
        }
        return buffer.get(i);
    }

    Token next() {
        Token t = peek();
        if (t.type() != TokenType.EOF) {
            previous = t;
            pos++;
            if (pos >= 1024) {
                buffer.subList(0, pos).clear();
                pos = 0;
                CancelCheck.poll();
            }
        }
        return t;
    }

    /** The last consumed token (the next one when nothing was consumed yet). */
    Token previous() {
        return previous != null ? previous : peek();
    }

    boolean at(TokenType type) {
        return peek().type() == type;
    }

    boolean at(Keyword k) {
        return peek().keyword() == k;
    }

    boolean accept(TokenType type) {
        if (!at(type)) return false;
        next();
        return true;
    }

    boolean accept(Keyword k) {
        if (!at(k)) return false;
        next();
        return true;
    }

    /** Consumes the keyword sequence if all of it is next. */
    boolean accept(Keyword first, Keyword... rest) {
        if (!at(first)) return false;
        for (int i = 0; i < rest.length; i++) if (peek(i + 1).keyword() != rest[i]) return false;
        for (int i = 0; i <= rest.length; i++) next();
        return true;
    }

    Token expect(Keyword k) {
        if (!at(k)) throw expected(k.name());
        return next();
    }

    Token expect(TokenType type) {
        if (!at(type)) throw expected(describe(type));
        return next();
    }

    /** "expected WHAT, found TOKEN" at the next token. */
    NablaException expected(String what) {
        return expected(what, peek());
    }

    static NablaException expected(String what, Token found) {
        return new NablaException(ErrorCode.SYNTAX, found.span(), "expected " + what + ", found " + found.describe());
    }

    NablaException error(Span span, String message) {
        return new NablaException(ErrorCode.SYNTAX, span, message);
    }

    /** The span from {@code start} through the last consumed token. */
    Span spanFrom(Span start) {
        return start.to(previous().span());
    }

    /** The source text of a span (spans are relative to this cursor's text). */
    String text(Span span) {
        int from = Math.max(0, span.offset()), to = Math.min(sql.length(), span.endOffset());
        return from <= to ? sql.substring(from, to) : "";
    }

    void enter() {
        enter(1);
    }

    void enter(int cost) {
        depth += cost;
        if (depth <= MAX_DEPTH) return;
        depth -= cost;
        throw tooDeep();
    }

    /** Callers pair every successful {@link #enter} with this, with the same cost, in a finally block. */
    void exit() {
        exit(1);
    }

    void exit(int cost) {
        depth -= cost;
    }

    private NablaException tooDeep() {
        return new NablaException(ErrorCode.RECURSION_LIMIT, peek().span(), "statement too complex: nested too deeply");
    }

    /** Guards operator chains that build deep trees without deep parsing. */
    void checkChain(int chain) {
        if (depth + chain > MAX_CHAIN) {
            throw new NablaException(
                    ErrorCode.RECURSION_LIMIT,
                    peek().span(),
                    "statement too complex: expression is too long (more than " + MAX_CHAIN + " chained operators)");
        }
    }

    int nextPositionalParameter() {
        return nextParameter++;
    }

    /** Each statement of a script numbers its parameters from 1. */
    void startStatement() {
        nextParameter = 1;
        namedParameters.clear();
    }

    int namedParameter(String name) {
        return namedParameters.computeIfAbsent(name, k -> nextParameter++);
    }

    /** Whether a name can start here: identifier, quoted identifier, non-reserved keyword or [name]. */
    boolean atIdent() {
        Token t = peek();
        if (t.isIdentifierLike()) return true;
        return t.type() == TokenType.LBRACKET && isBracketed();
    }

    private boolean isBracketed() {
        Token inner = peek(1);
        return (inner.type() == TokenType.IDENT || inner.type() == TokenType.KEYWORD)
                && peek(2).type() == TokenType.RBRACKET
                && inner.span().offset() == peek().span().endOffset()
                && peek(2).span().offset() == inner.span().endOffset();
    }

    Ident parseIdent(String what) {
        Token t = peek();
        if (t.type() == TokenType.IDENT
                || (t.type() == TokenType.KEYWORD && !t.keyword().reserved())) {
            next();
            return new Ident(t.text(), false, t.span());
        }
        if (t.type() == TokenType.QUOTED_IDENT) {
            next();
            return new Ident(t.text(), true, t.span());
        }
        if (t.type() == TokenType.LBRACKET && isBracketed()) {
            next();
            Token inner = next();
            Token close = next();
            return new Ident(inner.text(), true, t.span().to(close.span()));
        }
        throw expected(what);
    }

    static String describe(TokenType type) {
        return switch (type) {
            case IDENT, QUOTED_IDENT -> "an identifier";
            case KEYWORD -> "a keyword";
            case STRING -> "a string literal";
            case NUMBER -> "a number";
            case BLOB -> "a blob literal";
            case PARAMETER -> "a parameter";
            case PLUS -> "'+'";
            case MINUS -> "'-'";
            case STAR -> "'*'";
            case SLASH -> "'/'";
            case PERCENT -> "'%'";
            case CONCAT -> "'||'";
            case EQ -> "'='";
            case NOT_EQ -> "'<>'";
            case LT -> "'<'";
            case LT_EQ -> "'<='";
            case GT -> "'>'";
            case GT_EQ -> "'>='";
            case DOUBLE_COLON -> "'::'";
            case ARROW -> "'=>'";
            case AMPERSAND -> "'&'";
            case PIPE -> "'|'";
            case TILDE -> "'~'";
            case SHIFT_LEFT -> "'<<'";
            case SHIFT_RIGHT -> "'>>'";
            case LPAREN -> "'('";
            case RPAREN -> "')'";
            case LBRACKET -> "'['";
            case RBRACKET -> "']'";
            case LBRACE -> "'{'";
            case RBRACE -> "'}'";
            case COLON -> "':'";
            case COMMA -> "','";
            case SEMICOLON -> "';'";
            case DOT -> "'.'";
            case COMMENT -> "a comment";
            case ERROR -> "an invalid token";
            case EOF -> "end of input";
            case TILDE_STAR -> "'~*'";
            case BANG_TILDE -> "'!~'";
            case BANG_TILDE_STAR -> "'!~*'";
            case L2_DISTANCE -> "'<->'";
            case COSINE_DISTANCE -> "'<=>'";
            case NEGATIVE_INNER_PRODUCT -> "'<#>'";
        };
    }
}
