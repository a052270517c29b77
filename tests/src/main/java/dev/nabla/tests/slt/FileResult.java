package dev.nabla.tests.slt;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one sqllogictest file. {@code notRun} counts records left when the time box expired;
 * {@code timeouts} counts the failures that were statement timeouts (included in {@code failed});
 * {@code failures} keeps only the first few failures (all are counted in {@code failed}).
 */
public record FileResult(
        String file,
        int passed,
        int failed,
        int timeouts,
        int skipped,
        int notRun,
        long millis,
        List<Failure> failures,
        String note) {
    public FileResult {
        Objects.requireNonNull(file);
        failures = List.copyOf(failures);
        note = note == null ? "" : note;
    }

    /** One failed record: where, what SQL, what was expected, what came back (rows or the error). */
    public record Failure(int line, String sql, String expected, String actual) {}

    /** Statement and query records in the file, before any halt. */
    public int records() {
        return passed + failed + skipped + notRun;
    }

    public int run() {
        return passed + failed;
    }

    /** Passed records as a percentage of the records run (100 when none ran). */
    public double passRate() {
        return run() == 0 ? 100.0 : 100.0 * passed / run();
    }

    /** Pass rate leaving out records that failed only by timing out (for time-boxed runs on a loaded machine). */
    public double passRateIgnoringTimeouts() {
        int considered = run() - timeouts;
        return considered == 0 ? 100.0 : 100.0 * passed / considered;
    }
}
