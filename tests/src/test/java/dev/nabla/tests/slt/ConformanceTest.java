package dev.nabla.tests.slt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * SQLite's sqllogictest files (shared/conformance/sqllogictest, read in place) through {@code jdbc:nabla:}, a fresh
 * database per file. Asserts the minimum pass rates in {@code conformance-thresholds.properties} (ratchet them up as
 * the engine improves). Bounded by default: each file gets a time box and the whole run a total budget, records left
 * over are reported as "not run"; {@code -Dnabla.conformance=full} removes both. The table goes to stdout and to
 * {@code tests/target/slt-report/summary.md}, failures to {@code tests/target/slt-report/<file>.failures.txt}.
 */
class ConformanceTest {
    private static final String URL = "jdbc:nabla:";

    @Test
    void sqliteConformanceMeetsThresholds() throws Exception {
        Path dir = TestPaths.conformanceDir();
        Assumptions.assumeTrue(
                dir != null,
                "shared/conformance/sqllogictest not found from " + System.getProperty("user.dir") + "; skipping");
        Assumptions.assumeTrue(TestPaths.driverFor(URL), "no JDBC driver for " + URL + " on the class path; skipping");
        boolean full = TestPaths.fullConformance();
        long fileBox = full ? 0 : Long.getLong("nabla.conformance.fileSeconds", 40) * 1000;
        long totalBudget = full ? 0 : Long.getLong("nabla.conformance.totalSeconds", 150) * 1000;
        Properties thresholds = thresholds();

        List<FileResult> results = new ArrayList<>();
        long start = System.currentTimeMillis();
        for (Path f : ConformanceFiles.list(dir)) {
            String name = ConformanceFiles.displayName(dir, f);
            long box = fileBox;
            if (totalBudget > 0) {
                long left = totalBudget - (System.currentTimeMillis() - start);
                box = Math.max(1, Math.min(box, left));
            }
            results.add(runGuarded(f, name, box));
        }

        String table = SltReport.textTable(results);
        System.out.println("SQLite sqllogictest conformance via " + URL
                + (full ? " (full run)" : " (bounded run; -Dnabla.conformance=full for all)"));
        System.out.print(table);
        SltReport.write(TestPaths.reportDir(), "SQLite sqllogictest conformance", results);

        List<String> below = new ArrayList<>();
        for (FileResult r : results) {
            double min = Double.parseDouble(thresholds.getProperty(r.file(), "0"));
            // a time-boxed run on a busy machine may time out slow statements: judge those runs on the rest
            double rate = full ? r.passRate() : r.passRateIgnoringTimeouts();
            if (rate + 1e-9 < min) {
                below.add(String.format(Locale.ROOT, "%s: %.2f%% < required %.2f%%", r.file(), rate, min));
            } else if (r.run() > 0 && r.passRate() > min + 0.5) {
                System.out.printf(
                        Locale.ROOT,
                        "ratchet: %s could require %.2f (now %.2f)%n",
                        r.file(),
                        Math.floor(r.passRate() * 100) / 100,
                        min);
            }
        }
        assertThat(below)
                .as("files below their minimum pass rate (see tests/target/slt-report)")
                .isEmpty();
    }

    /**
     * Runs a file on its own thread so that a statement that ignores cancellation cannot hang the suite: after the
     * time box plus a grace period the file is abandoned and reported as such.
     */
    private static FileResult runGuarded(Path file, String name, long boxMillis) throws Exception {
        SltRunner runner = new SltRunner(SltRunner.Options.defaults("nabla").withTimeBox(boxMillis));
        AtomicReference<FileResult> result = new AtomicReference<>();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        SltParser.ParsedFile parsed = SltParser.parse(file);
        Thread t = Thread.ofPlatform().daemon().name("slt-" + name).unstarted(() -> {
            try {
                result.set(runner.run(parsed, name, () -> DriverManager.getConnection(URL)));
            } catch (Throwable e) {
                crash.set(e);
            }
        });
        t.start();
        t.join(boxMillis > 0 ? boxMillis + 30_000 : 0);
        if (result.get() != null) return result.get();
        int records = (int) parsed.records().stream()
                .filter(r -> r instanceof SltRecord.Statement || r instanceof SltRecord.Query)
                .count();
        if (t.isAlive()) {
            t.interrupt();
            return new FileResult(
                    name,
                    0,
                    0,
                    0,
                    0,
                    records,
                    boxMillis + 30_000,
                    List.of(),
                    "HUNG: abandoned (a statement ignored cancel)");
        }
        return new FileResult(
                name,
                0,
                records,
                0,
                0,
                0,
                0,
                List.of(new FileResult.Failure(0, "(runner)", "", String.valueOf(crash.get()))),
                "runner crashed: " + crash.get());
    }

    private static Properties thresholds() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance-thresholds.properties")) {
            if (in != null) p.load(in);
        }
        return p;
    }
}
