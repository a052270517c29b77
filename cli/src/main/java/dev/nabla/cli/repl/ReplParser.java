package dev.nabla.cli.repl;

import dev.nabla.cli.shell.SqlScanner;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.SyntaxError;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells JLine when the input is a complete statement: Enter inside an unterminated statement (no
 * ';' outside strings and comments yet) asks for another line instead of accepting. For
 * completion it cuts SQL into words at punctuation, so that {@code FROM a,b} or {@code grad(x}
 * complete the name under the cursor; dot-command lines are split at blanks (file paths).
 */
public final class ReplParser implements Parser {
    private final DefaultParser blanks = new DefaultParser();

    public ReplParser() {
        blanks.setEscapeChars(new char[0]);
        blanks.setEofOnUnclosedQuote(false);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) throws SyntaxError {
        if (context == ParseContext.ACCEPT_LINE && !isEditCommand(line) && !SqlScanner.isComplete(line)) {
            throw new EOFError(-1, -1, "statement not terminated", ";");
        }
        String trimmed = line.stripLeading();
        if (trimmed.startsWith(".") && line.lastIndexOf(';', Math.max(0, cursor - 1)) < 0) {
            return blanks.parse(line, cursor, ParseContext.COMPLETE);
        }
        return sqlWords(line, cursor);
    }

    @Override
    public boolean isEscapeChar(char ch) {
        return false;
    }

    /** {@code \e}: edit the last statement in $EDITOR (a line of its own, no ';'). */
    static boolean isEditCommand(String line) {
        return line.strip().equals("\\e");
    }

    static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$';
    }

    /** Words are runs of identifier characters; the word at the cursor is the run ending there. */
    static ParsedLine sqlWords(String line, int cursor) {
        List<String> words = new ArrayList<>();
        int wordIndex = -1, wordCursor = 0;
        int i = 0, n = line.length();
        while (i < n) {
            if (!wordChar(line.charAt(i))) {
                if (i == cursor && wordIndex < 0) {
                    wordIndex = words.size();
                    words.add("");
                    wordCursor = 0;
                }
                i++;
                continue;
            }
            int start = i;
            while (i < n && wordChar(line.charAt(i))) i++;
            if (wordIndex < 0 && cursor >= start && cursor <= i) {
                wordIndex = words.size();
                wordCursor = cursor - start;
            }
            words.add(line.substring(start, i));
        }
        if (wordIndex < 0) {
            wordIndex = words.size();
            words.add("");
            wordCursor = 0;
        }
        return new SqlLine(line, cursor, List.copyOf(words), wordIndex, wordCursor);
    }

    record SqlLine(String line, int cursor, List<String> words, int wordIndex, int wordCursor)
            implements CompletingParsedLine {
        @Override
        public String word() {
            return words.get(wordIndex);
        }

        // SQL words need no escaping: candidates are inserted as they are
        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor;
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }
    }
}
