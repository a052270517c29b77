package dev.nabla.cli.repl;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.regex.Pattern;

/** Colours the input line as it is typed: keywords, strings, numbers, comments, errors, and grad/jvp/vjp apart. */
public final class SqlHighlighter implements Highlighter {
    private final boolean enabled;

    public SqlHighlighter(boolean enabled) { this.enabled = enabled; }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        if (!enabled) return new AttributedString(buffer);
        AttributedStringBuilder sb = new AttributedStringBuilder();
        for (SqlTokens.Token t : SqlTokens.tokenize(buffer)) {
            sb.style(style(t.kind())).append(buffer, t.start(), t.end());
        }
        return sb.toAttributedString();
    }

    static AttributedStyle style(SqlTokens.Kind kind) {
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

    @Override public void setErrorPattern(Pattern errorPattern) { }

    @Override public void setErrorIndex(int errorIndex) { }
}
