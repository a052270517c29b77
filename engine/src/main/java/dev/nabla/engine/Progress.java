package dev.nabla.engine;

import org.jspecify.annotations.NullMarked;

/**
 * A snapshot of what a session's running statement has done so far, for progress displays polled
 * from another thread ({@link Session#progress()}). Counts are approximate while the statement runs
 * (updated once per batch, not per row) and exact when it has finished.
 *
 * @param running      whether a statement is executing now
 * @param startedNanos {@link System#nanoTime()} when the current (or last) statement started
 * @param rowsScanned  rows read so far from tables, table functions and recursive-CTE working
 *                     tables (each iteration's input), subqueries included
 * @param iteration    the iteration the innermost running recursive CTE has reached (0: none yet)
 */
@NullMarked
public record Progress(boolean running, long startedNanos, long rowsScanned, long iteration) {
    /** Milliseconds since the statement started (0 when none has run). */
    public long elapsedMillis() {
        return startedNanos == 0 ? 0 : Math.max(0, (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
