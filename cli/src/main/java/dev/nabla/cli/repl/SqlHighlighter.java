package dev.nabla.cli.repl;

import dev.nabla.parser.Keyword;
import dev.nabla.parser.Lexer;
import dev.nabla.parser.Token;
import dev.nabla.parser.TokenType;
import java.util.List;
import java.util.regex.Pattern;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours the input as it is typed with Nabla's own lexer ({@link Lexer#tokenizeLenient}, which
 * never fails): keywords, strings, numbers, comments, malformed tokens, functions, and
 * grad/jvp/vjp in a colour of their own. Dot-command lines get one colour.
 */
public final class SqlHighlighter implements Highlighter {
    /** What a piece of input is, for its colour. */
    public enum Kind {
        KEYWORD,
        DERIVATIVE,
        FUNCTION,
        IDENTIFIER,
        QUOTED_IDENTIFIER,
        STRING,
        NUMBER,
        COMMENT,
        OPERATOR,
        DOT_COMMAND,
        ERROR
    }

    private final boolean enabled;

    public SqlHighlighter(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        return highlight(buffer);
    }

    AttributedString highlight(String buffer) {
        if (!enabled) return new AttributedString(buffer);
        AttributedStringBuilder sb = new AttributedStringBuilder();
        if (buffer.stripLeading().startsWith(".")) {
            return sb.style(style(Kind.DOT_COMMAND)).append(buffer).toAttributedString();
        }
        List<Token> tokens;
        try {
            tokens = Lexer.tokenizeLenient(buffer);
        } catch (RuntimeException e) {
            return new AttributedString(buffer); // highlighting must never break typing
        }
        int pos = 0;
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.type() == TokenType.EOF) break;
            int start = Math.max(pos, t.span().offset()),
                    end = Math.min(buffer.length(), t.span().endOffset());
            if (start < 0 || end < start) continue;
            if (start > pos) sb.style(AttributedStyle.DEFAULT).append(buffer, pos, start);
            sb.style(style(kind(tokens, k))).append(buffer, start, end);
            pos = end;
        }
        if (pos < buffer.length()) sb.style(AttributedStyle.DEFAULT).append(buffer, pos, buffer.length());
        return sb.toAttributedString();
    }

    private static Kind kind(List<Token> tokens, int k) {
        Token t = tokens.get(k);
        boolean call = false;
        for (int j = k + 1; j < tokens.size(); j++) {
            if (tokens.get(j).type() == TokenType.COMMENT) continue;
            call = tokens.get(j).type() == TokenType.LPAREN;
            break;
        }
        return switch (t.type()) {
            case KEYWORD -> t.keyword() == Keyword.GRAD && call ? Kind.DERIVATIVE : Kind.KEYWORD;
            case IDENT ->
                call && SqlWords.isDerivative(t.text())
                        ? Kind.DERIVATIVE
                        : call ? Kind.FUNCTION : SqlWords.isKeyword(t.text()) ? Kind.KEYWORD : Kind.IDENTIFIER;
            case STRING, BLOB -> Kind.STRING;
            case NUMBER -> Kind.NUMBER;
            case COMMENT -> Kind.COMMENT;
            case ERROR -> Kind.ERROR;
            case QUOTED_IDENT -> Kind.QUOTED_IDENTIFIER;
            default -> Kind.OPERATOR;
        };
    }

    static AttributedStyle style(Kind kind) {
        AttributedStyle d = AttributedStyle.DEFAULT;
        return switch (kind) {
            case KEYWORD -> d.foreground(AttributedStyle.BLUE).bold();
            case DERIVATIVE -> d.foreground(AttributedStyle.MAGENTA).bold();
            case FUNCTION -> d.foreground(AttributedStyle.CYAN);
            case STRING -> d.foreground(AttributedStyle.GREEN);
            case NUMBER -> d.foreground(AttributedStyle.YELLOW);
            case COMMENT -> d.foreground(AttributedStyle.BRIGHT).faint();
            case DOT_COMMAND -> d.foreground(AttributedStyle.MAGENTA);
            case ERROR -> d.foreground(AttributedStyle.RED).underline();
            default -> d;
        };
    }

    @Override
    public void setErrorPattern(Pattern errorPattern) {}

    @Override
    public void setErrorIndex(int errorIndex) {}
}
