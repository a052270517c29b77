import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The per-stage lines of ./run-tests, read from what `mvn verify` left behind: surefire's XML reports (one
 * testsuite per test class) and JaCoCo's CSV reports. Run with the JDK's source launcher, so a machine with only
 * a JDK needs nothing else: {@code java scripts/RunTestsSummary.java <repo root> <seconds> <mvn exit code>}.
 */
public final class RunTestsSummary {
    private static final Pattern ATTR = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** Totals of one stage. */
    private static final class Tally {
        int classes, tests, failed, skipped;
        double seconds;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        int verifySeconds = Integer.parseInt(args[1]);
        int rc = Integer.parseInt(args[2]);
        Map<String, Tally> stages = new LinkedHashMap<>();
        for (String s : List.of("unit", ".test files", "conformance", "fuzz", "clients")) stages.put(s, new Tally());
        List<String> failing = new ArrayList<>();
        try (Stream<Path> reports = Files.find(root, 4, (p, a) -> p.getFileName().toString().startsWith("TEST-")
                && p.getFileName().toString().endsWith(".xml") && p.getParent().endsWith("target/surefire-reports"))) {
            for (Path p : reports.sorted().toList()) {
                Map<String, String> suite = suiteAttributes(p);
                String name = suite.getOrDefault("name", "");
                Tally t = stages.get(stageOf(name));
                int failures = intAttr(suite, "failures") + intAttr(suite, "errors");
                t.classes++;
                t.tests += intAttr(suite, "tests");
                t.failed += failures;
                t.skipped += intAttr(suite, "skipped");
                t.seconds += Double.parseDouble(suite.getOrDefault("time", "0").replace(",", ""));
                if (failures > 0) failing.add(name.substring(name.lastIndexOf('.') + 1));
            }
        }
        int tests = 0, failed = 0;
        for (var e : stages.entrySet()) {
            Tally t = e.getValue();
            tests += t.tests;
            failed += t.failed;
            String status = t.failed > 0 ? "FAILED" : t.classes == 0 ? "none" : "ok";
            System.out.printf("%-18s %-6s %5ds  %d tests in %d classes, %d failed, %d skipped%n",
                    e.getKey(), status, Math.round(t.seconds), t.tests, t.classes, t.failed, t.skipped);
        }
        System.out.printf("%-18s %-6s %5ds  Tests run: %d, Failures: %d%s%n", "mvn verify", rc == 0 ? "ok" : "FAILED",
                verifySeconds, tests, failed, failing.isEmpty() ? "" : " (" + String.join(", ", failing) + ")");
        coverage(root, "coverage (own)", root, "target/site/jacoco/jacoco.csv");
        coverage(root, "coverage (all)", root.resolve("coverage"), "target/site/jacoco-aggregate/jacoco.csv");
    }

    /** Which ./run-tests stage a test class belongs to, by package and name. */
    static String stageOf(String testClass) {
        String simple = testClass.substring(testClass.lastIndexOf('.') + 1);
        if (simple.equals("SqlTestFilesTest")) return ".test files";
        if (simple.equals("ConformanceTest") || simple.equals("SqliteOracleTest")) return "conformance";
        if (testClass.startsWith("dev.nabla.tests.fuzz.") || testClass.startsWith("dev.nabla.tests.diff.")
                || simple.contains("Fuzz")) return "fuzz";
        if (testClass.startsWith("dev.nabla.cli.") || testClass.startsWith("dev.nabla.jdbc.")) return "clients";
        return "unit";
    }

    private static Map<String, String> suiteAttributes(Path report) throws IOException {
        String text = Files.readString(report);
        int start = text.indexOf("<testsuite");
        int end = text.indexOf('>', start);
        Map<String, String> out = new TreeMap<>();
        if (start < 0 || end < 0) return out;
        Matcher m = ATTR.matcher(text.substring(start, end));
        while (m.find()) out.put(m.group(1), m.group(2));
        return out;
    }

    private static int intAttr(Map<String, String> attrs, String key) {
        return Integer.parseInt(attrs.getOrDefault(key, "0"));
    }

    /**
     * Line coverage per module. "own": each module's report (its own tests only); "all": the aggregate report of
     * the tests module, which counts every test of every module (unit tests, .test files, conformance, fuzz).
     */
    private static void coverage(Path root, String label, Path base, String csvPath) throws IOException {
        Map<String, long[]> modules = new LinkedHashMap<>();
        if (label.endsWith("(own)")) {
            try (Stream<Path> dirs = Files.list(base)) {
                for (Path d : dirs.sorted().toList()) {
                    Path csv = d.resolve(csvPath);
                    if (Files.isRegularFile(csv)) addCsv(csv, modules, d.getFileName().toString());
                }
            }
        } else if (Files.isRegularFile(base.resolve(csvPath))) {
            addCsv(base.resolve(csvPath), modules, null);
        }
        if (modules.isEmpty()) {
            System.out.printf("%-18s %-6s %5ds  no JaCoCo report%n", label, "none", 0);
            return;
        }
        StringBuilder sb = new StringBuilder("lines covered:");
        for (var e : modules.entrySet()) {
            long missed = e.getValue()[0], covered = e.getValue()[1];
            sb.append(' ').append(e.getKey().replace("nabla-", "")).append(' ')
                    .append(missed + covered == 0 ? 0 : Math.round(100.0 * covered / (missed + covered))).append('%');
        }
        System.out.printf("%-18s %-6s %5ds  %s%n", label, "report", 0, sb);
    }

    /** Sums LINE_MISSED and LINE_COVERED per module (the CSV's GROUP column in an aggregate report). */
    private static void addCsv(Path csv, Map<String, long[]> modules, String module) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int group = header.indexOf("GROUP"), missed = header.indexOf("LINE_MISSED"), covered = header.indexOf("LINE_COVERED");
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            String key = module != null ? module : f[group].substring(f[group].lastIndexOf('/') + 1);
            long[] sums = modules.computeIfAbsent(key, k -> new long[2]);
            sums[0] += Long.parseLong(f[missed]);
            sums[1] += Long.parseLong(f[covered]);
        }
    }
}
