package dev.nabla.cli.shell;

import dev.nabla.common.Span;
import dev.nabla.parser.Lexer;
import dev.nabla.parser.Token;
import dev.nabla.parser.TokenType;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts shell input into statements and dot-commands without parsing SQL. Strings, quoted names and
 * comments are recognised by the parser's own {@link Lexer} (lenient, so incomplete input is fine):
 * a ';' inside them or inside parentheses does not end a statement. A line whose first non-blank
 * character is '.' (or psql's '\\') at the start of a statement is a dot-command and ends at the end of that
 * line; so is {@code exit} or {@code quit} alone on a line.
 * {@code \G} ends a statement like ';' and asks for vertical output.
 */
public final class SqlScanner {
    /** How a piece of input ended. */
    public enum Terminator {
        SEMICOLON,
        VERTICAL,
        END_OF_INPUT,
        NEWLINE
    }

    /**
     * A statement or dot-command.
     *
     * @param text      the statement without its terminator, or the dot-command line
     * @param line      1-based line of its first character in the whole input
     * @param column    1-based column of its first character
     * @param offset    0-based offset of its first character
     */
    public record Piece(String text, boolean dotCommand, int line, int column, int offset, Terminator terminator) {
        /**
         * Moves a position reported for {@link #text()} to where it is in the whole input, so that an
         * error in the 900th statement of a script names its line in the file. (Padding each
         * statement with blank lines would do the same but cost quadratic time on long scripts.)
         */
        public Span toInput(Span span) {
            if (span == null || !span.isKnown()) return span;
            int startCol = span.startLine() == 1 ? span.startCol() + column - 1 : span.startCol();
            int endCol = span.endLine() == 1 ? span.endCol() + column - 1 : span.endCol();
            return new Span(
                    span.startLine() + line - 1,
                    startCol,
                    span.endLine() + line - 1,
                    endCol,
                    span.offset() + offset,
                    span.endOffset() + offset);
        }
    }

    private SqlScanner() {}

    /** Splits all of {@code input}; blank statements (only whitespace, comments or stray ';') are dropped. */
    public static List<Piece> split(String input) {
        return scan(input).pieces();
    }

    /** The pieces, and whether the input ends inside a string, quoted name or block comment. */
    private record Scan(List<Piece> pieces, boolean open) {}

    private static Scan scan(String input) {
        List<Piece> out = new ArrayList<>();
        int n = input.length();
        int i = 0, line = 1, col = 1;
        while (true) {
            while (i < n) {
                char ch = input.charAt(i);
                if (Character.isWhitespace(ch) || ch == ';') {
                    if (ch == '\n') {
                        line++;
                        col = 1;
                    } else col++;
                    i++;
                } else if (input.startsWith("--", i)) {
                    // a line comment is no statement, so a dot-command may follow it ("-- loop" above ".repeat")
                    int end = input.indexOf('\n', i);
                    if (end < 0) end = n;
                    col += end - i;
                    i = end;
                } else break;
            }
            if (i >= n) return new Scan(out, false);
            int lineEnd = input.indexOf('\n', i);
            if (lineEnd < 0) lineEnd = n;
            String rest = stripCr(input.substring(i, lineEnd)).strip();
            if (input.charAt(i) == '.' || (input.charAt(i) == '\\' && rest.length() > 1) || isExitWord(rest)) {
                // a dot-command, one of psql's backslash commands (\q, \x, \dt …) or exit/quit typed as a word
                String text = isExitWord(rest) ? ".exit" : rest;
                out.add(new Piece(text, true, line, col, i, Terminator.NEWLINE));
                col += lineEnd - i;
                i = lineEnd;
                continue;
            }
            Lexer lexer = Lexer.lenientAt(input, i, line, col);
            int depth = 0;
            Token first = null; // leading comments are not part of the statement, as in the parser
            Token previous = null;
            while (true) {
                Token t = lexer.nextToken();
                Span sp = t.span();
                if (t.type() == TokenType.EOF) {
                    if (first != null) out.add(piece(input, first, n, Terminator.END_OF_INPUT));
                    boolean open = previous != null
                            && previous.type() == TokenType.ERROR
                            && previous.span().endOffset() == n
                            && opensQuoteOrComment(previous.text());
                    return new Scan(out, open);
                }
                previous = t;
                if (t.type() == TokenType.LPAREN) depth++;
                else if (t.type() == TokenType.RPAREN) depth = Math.max(0, depth - 1);
                boolean vertical = t.type() == TokenType.ERROR
                        && t.text().equals("\\")
                        && sp.endOffset() < n
                        && (input.charAt(sp.endOffset()) == 'G' || input.charAt(sp.endOffset()) == 'g');
                if (vertical || (t.type() == TokenType.SEMICOLON && depth == 0)) {
                    if (first != null)
                        out.add(piece(
                                input, first, sp.offset(), vertical ? Terminator.VERTICAL : Terminator.SEMICOLON));
                    int len = vertical ? 2 : 1;
                    i = sp.offset() + len;
                    line = sp.startLine();
                    col = sp.startCol() + len;
                    break;
                }
                if (first == null && !isComment(t)) first = t;
            }
        }
    }

    /** {@code exit} or {@code quit} alone on a line (with an optional ';'), as DuckDB's and psql's shells accept. */
    private static boolean isExitWord(String line) {
        String w = line.endsWith(";") ? line.substring(0, line.length() - 1).strip() : line;
        return w.equalsIgnoreCase("exit") || w.equalsIgnoreCase("quit");
    }

    private static Piece piece(String input, Token first, int end, Terminator terminator) {
        Span at = first.span();
        return new Piece(
                input.substring(at.offset(), end), false, at.startLine(), at.startCol(), at.offset(), terminator);
    }

    /**
     * True when the buffer can be run as it is: it is blank, a dot-command, or its last statement
     * is terminated ({@code ;} or {@code \G}) outside strings and comments. The REPL asks for more
     * lines otherwise.
     */
    public static boolean isComplete(String buffer) {
        Scan scan = scan(buffer);
        if (!scan.pieces().isEmpty() && scan.pieces().getLast().dotCommand()) return true;
        if (scan.open()) return false;
        return scan.pieces().isEmpty() || scan.pieces().getLast().terminator() != Terminator.END_OF_INPUT;
    }

    /**
     * If a string, quoted identifier or comment starts at {@code i}, the index just after it
     * (the input length when it is not closed); otherwise {@code i}.
     */
    static int skipQuotedOrComment(String s, int i) {
        if (!opensQuoteOrComment(s.substring(i, Math.min(s.length(), i + 2)))) return i;
        return Lexer.lenientAt(s, i, 1, 1).nextToken().span().endOffset();
    }

    private static boolean opensQuoteOrComment(String text) {
        return text.startsWith("'")
                || text.startsWith("\"")
                || text.startsWith("`")
                || text.startsWith("--")
                || text.startsWith("/*");
    }

    /** A comment, or the unterminated rest of one: it does not make a statement. */
    private static boolean isComment(Token t) {
        return t.type() == TokenType.COMMENT
                || (t.type() == TokenType.ERROR && t.text().startsWith("/*"));
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
