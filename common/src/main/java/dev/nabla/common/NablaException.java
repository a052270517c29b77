package dev.nabla.common;

/**
 * The one error type Nabla throws for anything a user did or asked: bad SQL, unknown names, type
 * errors, failed casts, missing derivative rules, I/O problems. Anything else escaping the engine
 * is a bug. {@link #render(String)} gives the one-line form with a caret under the SQL.
 */
public class NablaException extends RuntimeException {
    /** Longest part of the offending line {@link #render} shows. */
    private static final int MAX_SHOWN = 160;

    private final ErrorCode code;
    private final Span span;

    public NablaException(ErrorCode code, Span span, String message) {
        super(message);
        this.code = code;
        this.span = span == null ? Span.NONE : span;
    }

    public NablaException(ErrorCode code, Span span, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.span = span == null ? Span.NONE : span;
    }

    public NablaException(ErrorCode code, String message) {
        this(code, Span.NONE, message);
    }

    public static NablaException of(ErrorCode code, Span span, String format, Object... args) {
        return new NablaException(code, span, args.length == 0 ? format : String.format(format, args));
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * This error, positioned at {@code where} when it has no position yet (itself when it has one):
     * for code that knows where a statement names the object it failed on but not how the error
     * deep below it was worded.
     */
    public NablaException at(Span where) {
        if (span.isKnown() || where == null || !where.isKnown()) return this;
        NablaException located = new NablaException(code, where, getMessage(), getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }

    public Span span() {
        return span;
    }

    /** "line L:C: message" when the position is known, else just the message. */
    public String headline() {
        return span.isKnown() ? "line " + span.startLine() + ":" + span.startCol() + ": " + getMessage() : getMessage();
    }

    /** The headline, then the offending SQL line with a caret under the error position. */
    public String render(String sql) {
        StringBuilder out = new StringBuilder(headline());
        if (sql == null || !span.isKnown()) return out.toString();
        String[] lines = sql.split("\r?\n", -1);
        int line = span.startLine();
        if (line < 1 || line > lines.length) return out.toString();
        String text = lines[line - 1];
        int col = Math.max(1, Math.min(span.startCol(), text.length() + 1));
        int width = span.endLine() == line ? Math.max(1, span.endCol() - span.startCol()) : 1;
        width = Math.max(1, Math.min(width, text.length() + 1 - col + 1));
        if (text.length() > MAX_SHOWN) {
            // a very long line (a generated one-line script) is shown only around the error position
            int from = Math.max(0, Math.min(col - 1 - MAX_SHOWN / 2, text.length() - MAX_SHOWN));
            int to = from + MAX_SHOWN;
            String prefix = from > 0 ? "..." : "";
            text = prefix + text.substring(from, to) + (to < text.length() ? "..." : "");
            col = col - from + prefix.length();
            width = Math.max(1, Math.min(width, prefix.length() + MAX_SHOWN + 1 - col + 1));
        }
        out.append('\n')
                .append(text.replace('\t', ' '))
                .append('\n')
                .append(" ".repeat(col - 1))
                .append("^".repeat(width));
        return out.toString();
    }
}
