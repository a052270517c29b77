package dev.nabla.tests.slt;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line: {@code SltMain [--url jdbc:...] [--engine nabla] [--timebox seconds] [--report dir] file.test...}.
 * Runs each file on a fresh connection and prints the pass-rate table; exit status 1 when anything failed.
 */
public final class SltMain {
    private SltMain() {}

    public static void main(String[] args) throws Exception {
        String url = "jdbc:nabla:";
        String engine = "nabla";
        long timeBox = 0;
        Path report = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--engine" -> engine = args[++i];
                case "--timebox" -> timeBox = Long.parseLong(args[++i]) * 1000;
                case "--report" -> report = Path.of(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println(
                    "usage: SltMain [--url jdbc:...] [--engine nabla] [--timebox s] [--report dir] file.test...");
            System.exit(2);
        }
        SltRunner runner = new SltRunner(SltRunner.Options.defaults(engine).withTimeBox(timeBox));
        List<FileResult> results = new ArrayList<>();
        String jdbcUrl = url;
        for (Path f : files) {
            FileResult r = runner.run(
                    SltParser.parse(f), f.getFileName().toString(), () -> DriverManager.getConnection(jdbcUrl));
            results.add(r);
            if (report == null && !r.failures().isEmpty()) System.out.println(SltReport.failures(r));
        }
        System.out.print(SltReport.textTable(results));
        if (report != null) SltReport.write(report, "sqllogictest: " + url, results);
        System.exit(SltReport.total(results).failed() == 0 ? 0 : 1);
    }
}
