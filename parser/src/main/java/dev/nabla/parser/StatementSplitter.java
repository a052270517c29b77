package dev.nabla.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into statement texts at ';' outside strings, comments and parentheses, without
 * parsing them, and says whether the input ends inside a statement (the REPL keeps reading lines
 * until it does not). Each piece remembers where it starts so {@link Parser#parseStatement(Piece)}
 * can report positions in the original script.
 */
public final class StatementSplitter {
    private StatementSplitter() {}

    /**
     * One statement's text (trimmed, without its ';'), its 1-based start line and column in the
     * script, its 0-based start offset, and whether a ';' ended it.
     */
    public record Piece(String text, int startLine, int startCol, int startOffset, boolean terminated) {}

    /**
     * The statements found, and whether the input ends with an incomplete statement: text after the
     * last ';', unbalanced parentheses, or an unterminated string, quoted name or comment.
     */
    public record Result(List<Piece> statements, boolean incomplete) {
        public Result { statements = List.copyOf(statements); }

        /** The statements that a ';' ended. */
        public List<Piece> complete() { return statements.stream().filter(Piece::terminated).toList(); }
    }

    public static Result split(String script) {
        List<Token> tokens = Lexer.tokenizeLenient(script);
        List<Piece> pieces = new ArrayList<>();
        Token first = null;
        Token last = null;
        int depth = 0;
        boolean unterminatedLexeme = false;
        for (Token t : tokens) {
            switch (t.type()) {
                case COMMENT -> {
                    continue;
                }
                case ERROR -> unterminatedLexeme |= isUnterminated(t);
                case LPAREN -> depth++;
                case RPAREN -> depth = Math.max(0, depth - 1);
                case SEMICOLON -> {
                    if (depth == 0) {
                        if (first != null) pieces.add(piece(script, first, last, true));
                        first = null;
                        last = null;
                        unterminatedLexeme = false;
                        continue;
                    }
                }
                case EOF -> {
                    if (first != null) pieces.add(piece(script, first, last, false));
                    return new Result(pieces, first != null || unterminatedLexeme);
                }
                default -> {
                }
            }
            if (first == null && !(t.type() == TokenType.ERROR && t.text().startsWith("/*"))) first = t;
            if (first != null) last = t;
        }
        throw new IllegalStateException("token list without EOF");
    }

    private static boolean isUnterminated(Token t) {
        String s = t.text();
        return s.startsWith("'") || s.startsWith("\"") || s.startsWith("`") || s.startsWith("/*");
    }

    private static Piece piece(String script, Token first, Token last, boolean terminated) {
        String text = script.substring(first.span().offset(), last.span().endOffset()).strip();
        return new Piece(text, first.span().startLine(), first.span().startCol(), first.span().offset(), terminated);
    }
}
