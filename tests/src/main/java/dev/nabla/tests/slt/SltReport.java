package dev.nabla.tests.slt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The per-file pass-rate table (plain text and markdown) and the failure listings under a report folder. */
public final class SltReport {
    private SltReport() {}

    public static String textTable(List<FileResult> results) {
        StringBuilder sb = new StringBuilder();
        String header = String.format(
                Locale.ROOT,
                "%-34s %8s %8s %8s %8s %8s %8s %8s %9s  %s%n",
                "file",
                "records",
                "passed",
                "failed",
                "timeout",
                "skipped",
                "not run",
                "pass %",
                "time s",
                "note");
        sb.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (FileResult r : results) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-34s %8d %8d %8d %8d %8d %8d %8.2f %9.1f  %s%n",
                    r.file(),
                    r.records(),
                    r.passed(),
                    r.failed(),
                    r.timeouts(),
                    r.skipped(),
                    r.notRun(),
                    r.passRate(),
                    r.millis() / 1000.0,
                    r.note()));
        }
        FileResult total = total(results);
        sb.append(String.format(
                Locale.ROOT,
                "%-34s %8d %8d %8d %8d %8d %8d %8.2f %9.1f%n",
                "TOTAL",
                total.records(),
                total.passed(),
                total.failed(),
                total.timeouts(),
                total.skipped(),
                total.notRun(),
                total.passRate(),
                total.millis() / 1000.0));
        return sb.toString();
    }

    public static String markdownTable(List<FileResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| file | records | passed | failed | of which timeouts | skipped | not run | pass % (of run) | time (s) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FileResult r : results) row(sb, r.file(), r);
        row(sb, "**total**", total(results));
        boolean boxed = results.stream().anyMatch(r -> r.notRun() > 0);
        if (boxed)
            sb.append(
                    "\nSome files hit the time box: 'not run' records were not executed (run with -Dnabla.conformance=full).\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, FileResult r) {
        sb.append(String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %d | %d | %d | %.2f | %.1f |%n",
                name,
                r.records(),
                r.passed(),
                r.failed(),
                r.timeouts(),
                r.skipped(),
                r.notRun(),
                r.passRate(),
                r.millis() / 1000.0));
    }

    public static FileResult total(List<FileResult> results) {
        int p = 0, f = 0, t = 0, s = 0, n = 0;
        long ms = 0;
        for (FileResult r : results) {
            p += r.passed();
            f += r.failed();
            t += r.timeouts();
            s += r.skipped();
            n += r.notRun();
            ms += r.millis();
        }
        return new FileResult("TOTAL", p, f, t, s, n, ms, List.of(), "");
    }

    /** Writes {@code summary.md} and one {@code <file>.failures.txt} per file with failures into {@code dir}. */
    public static void write(Path dir, String title, List<FileResult> results) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("summary.md"), "# " + title + "\n\n" + markdownTable(results), StandardCharsets.UTF_8);
        for (FileResult r : results) {
            Path out = dir.resolve(r.file().replace('/', '_') + ".failures.txt");
            if (r.failures().isEmpty()) {
                Files.deleteIfExists(out);
                continue;
            }
            Files.writeString(out, failures(r), StandardCharsets.UTF_8);
        }
    }

    public static String failures(FileResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.file()).append(": ").append(r.failed()).append(" failed");
        if (r.failures().size() < r.failed())
            sb.append(" (first ").append(r.failures().size()).append(" shown)");
        sb.append('\n');
        for (FileResult.Failure f : r.failures()) {
            sb.append("\n=== line ").append(f.line()).append('\n');
            sb.append(f.sql()).append('\n');
            sb.append("--- expected\n").append(f.expected()).append('\n');
            sb.append("--- got\n").append(f.actual()).append('\n');
        }
        return sb.toString();
    }
}
