package dev.nabla.cli.repl;

import java.util.ArrayList;
import java.util.List;

/**
 * A lenient tokenizer for highlighting and completion: it never fails, marks unterminated strings
 * and comments as errors, and runs on every keystroke, so it only classifies, it does not parse.
 */
public final class SqlTokens {
    public enum Kind { KEYWORD, DERIVATIVE, FUNCTION, IDENTIFIER, QUOTED_IDENTIFIER, STRING, NUMBER, COMMENT, OPERATOR, DOT_COMMAND, ERROR, SPACE }

    public record Token(Kind kind, int start, int end) {
        public String text(String s) { return s.substring(start, end); }
    }

    private SqlTokens() {}

    public static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length(), i = 0;
        boolean statementStart = true;
        while (i < n) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(s.charAt(i))) i++;
                out.add(new Token(Kind.SPACE, start, i));
                continue;
            }
            if (c == '.' && statementStart) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end;
                out.add(new Token(Kind.DOT_COMMAND, start, i));
                continue;
            }
            statementStart = false;
            if (c == '\'' || c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    if (s.charAt(i) == c) {
                        if (i + 1 < n && s.charAt(i + 1) == c) { i += 2; continue; }
                        i++;
                        closed = true;
                        break;
                    }
                    i++;
                }
                out.add(new Token(!closed ? Kind.ERROR : c == '\'' ? Kind.STRING : Kind.QUOTED_IDENTIFIER, start, i));
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end;
                out.add(new Token(Kind.COMMENT, start, i));
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.add(new Token(end < 0 ? Kind.ERROR : Kind.COMMENT, start, i));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
                if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int k = i + 1;
                    if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) k++;
                    if (k < n && Character.isDigit(s.charAt(k))) {
                        i = k;
                        while (i < n && Character.isDigit(s.charAt(i))) i++;
                    }
                }
                out.add(new Token(Kind.NUMBER, start, i));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) i++;
                String w = s.substring(start, i);
                int k = i;
                while (k < n && s.charAt(k) == ' ') k++;
                boolean call = k < n && s.charAt(k) == '(';
                Kind kind = SqlWords.isDerivative(w) && call ? Kind.DERIVATIVE
                        : call && !SqlWords.isKeyword(w) ? Kind.FUNCTION
                        : SqlWords.isKeyword(w) ? Kind.KEYWORD : Kind.IDENTIFIER;
                out.add(new Token(kind, start, i));
            } else {
                i++;
                if (c == ';') statementStart = true;
                out.add(new Token(Kind.OPERATOR, start, i));
            }
        }
        return out;
    }
}
