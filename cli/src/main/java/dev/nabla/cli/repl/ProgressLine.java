package dev.nabla.cli.repl;

import dev.nabla.cli.output.Renderer;
import dev.nabla.engine.Progress;
import java.util.Locale;

/**
 * The one-line status the shell redraws while a statement runs longer than a second: spinner,
 * elapsed time, rows scanned so far and the recursive-CTE iteration, as the engine reports them.
 */
final class ProgressLine {
    private static final char[] SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏".toCharArray();

    private ProgressLine() {}

    /** The line's text (no control codes); {@code progress} may be null when the backend cannot say. */
    static String text(int tick, long elapsedMillis, Progress progress, boolean cancelling) {
        StringBuilder sb = new StringBuilder();
        sb.append(SPINNER[Math.floorMod(tick, SPINNER.length)]).append(' ').append(Renderer.elapsed(elapsedMillis));
        if (progress != null) {
            long rows = progress.rowsScanned();
            if (rows > 0) sb.append(String.format(Locale.ROOT, " · %,d %s", rows, rows == 1 ? "row" : "rows"));
            if (progress.iteration() > 0)
                sb.append(String.format(Locale.ROOT, " · iteration %,d", progress.iteration()));
        }
        sb.append(cancelling ? " · cancelling…" : " · Ctrl-C cancels");
        return sb.toString();
    }

    /** Cut to the terminal width so that the line never wraps (a wrapped line cannot be cleared with \r). */
    static String fit(String text, int width) {
        return width > 1 && text.length() >= width ? text.substring(0, width - 1) : text;
    }
}
