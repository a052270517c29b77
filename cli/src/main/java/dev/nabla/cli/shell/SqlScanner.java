package dev.nabla.cli.shell;

import dev.nabla.common.Span;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts shell input into statements and dot-commands without parsing SQL: it only has to know
 * where strings, quoted identifiers and comments start and end, so that a ';' inside them does
 * not end a statement. A line whose first non-blank character is '.' at the start of a statement
 * is a dot-command and ends at the end of that line. {@code \G} ends a statement like ';' and
 * asks for vertical output.
 */
public final class SqlScanner {
    /** How a piece of input ended. */
    public enum Terminator { SEMICOLON, VERTICAL, END_OF_INPUT, NEWLINE }

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
            return new Span(span.startLine() + line - 1, startCol, span.endLine() + line - 1, endCol,
                    span.offset() + offset, span.endOffset() + offset);
        }
    }

    private SqlScanner() {}

    /** Splits all of {@code input}; blank statements (only whitespace, comments or stray ';') are dropped. */
    public static List<Piece> split(String input) {
        List<Piece> out = new ArrayList<>();
        int n = input.length();
        int i = 0, line = 1, col = 1;
        int start = -1, startLine = 0, startCol = 0, depth = 0;
        boolean onlyCommentsSoFar = true;
        while (i < n) {
            char c = input.charAt(i);
            if (start < 0) {
                if (Character.isWhitespace(c) || c == ';') {
                    if (c == '\n') { line++; col = 1; } else col++;
                    i++;
                    continue;
                }
                start = i;
                startLine = line;
                startCol = col;
                depth = 0;
                onlyCommentsSoFar = true;
                if (c == '.') {
                    int end = input.indexOf('\n', i);
                    if (end < 0) end = n;
                    String cmd = stripCr(input.substring(i, end)).strip();
                    out.add(new Piece(cmd, true, startLine, startCol, start, Terminator.NEWLINE));
                    start = -1;
                    col += end - i;
                    i = end;
                    continue;
                }
            }
            int skip = skipQuotedOrComment(input, i);
            if (skip > i) {
                boolean comment = c == '-' || c == '/';
                if (!comment) onlyCommentsSoFar = false;
                for (int k = i; k < skip; k++) {
                    if (input.charAt(k) == '\n') { line++; col = 1; } else col++;
                }
                i = skip;
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')') depth = Math.max(0, depth - 1);
            // like the parser's StatementSplitter: a ';' inside parentheses does not end the statement
            if (depth == 0 && c == ';' || (c == '\\' && i + 1 < n && (input.charAt(i + 1) == 'G' || input.charAt(i + 1) == 'g'))) {
                boolean vertical = c == '\\';
                String text = input.substring(start, i);
                if (!onlyCommentsSoFar || !isBlank(text)) {
                    if (!isBlank(text)) out.add(new Piece(text, false, startLine, startCol, start, vertical ? Terminator.VERTICAL : Terminator.SEMICOLON));
                }
                start = -1;
                int len = vertical ? 2 : 1;
                i += len;
                col += len;
                continue;
            }
            if (!Character.isWhitespace(c)) onlyCommentsSoFar = false;
            if (c == '\n') { line++; col = 1; } else col++;
            i++;
        }
        if (start >= 0) {
            String text = input.substring(start);
            if (!isBlank(text)) out.add(new Piece(text, false, startLine, startCol, start, Terminator.END_OF_INPUT));
        }
        return out;
    }

    /**
     * True when the buffer can be run as it is: it is blank, a dot-command, or its last statement
     * is terminated ({@code ;} or {@code \G}) outside strings and comments. The REPL asks for more
     * lines otherwise.
     */
    public static boolean isComplete(String buffer) {
        List<Piece> pieces = split(buffer);
        if (pieces.isEmpty()) return !insideOpenToken(buffer);
        Piece last = pieces.getLast();
        return last.dotCommand() || last.terminator() != Terminator.END_OF_INPUT;
    }

    /** True when the input ends inside a string, quoted identifier or block comment. */
    public static boolean insideOpenToken(String input) {
        int i = 0, n = input.length();
        while (i < n) {
            int end = scan(input, i);
            if (end < 0) return true;
            i = end > i ? end : i + 1;
        }
        return false;
    }

    /**
     * If a string, quoted identifier or comment starts at {@code i}, the index just after it
     * (the input length when it is not closed); otherwise {@code i}.
     */
    static int skipQuotedOrComment(String s, int i) {
        int end = scan(s, i);
        return end < 0 ? s.length() : end;
    }

    /** Like {@link #skipQuotedOrComment} but -1 when the string or block comment is not closed. */
    private static int scan(String s, int i) {
        int n = s.length();
        char c = s.charAt(i);
        if (c == '\'' || c == '"' || c == '`') {
            int k = i + 1;
            while (k < n) {
                if (s.charAt(k) == c) {
                    if (k + 1 < n && s.charAt(k + 1) == c) { k += 2; continue; }
                    return k + 1;
                }
                k++;
            }
            return -1;
        }
        if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
            int end = s.indexOf('\n', i);
            return end < 0 ? n : end;
        }
        if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? -1 : end + 2;
        }
        return i;
    }

    private static boolean isBlank(String text) {
        int i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            int skip = skipQuotedOrComment(text, i);
            if (skip > i && (c == '-' || c == '/')) { i = skip; continue; }
            return false;
        }
        return true;
    }

    private static String stripCr(String s) { return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s; }
}
