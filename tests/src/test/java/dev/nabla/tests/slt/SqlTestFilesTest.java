package dev.nabla.tests.slt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Nabla's own SQL behaviour tests: every {@code tests/src/test/resources/sql/**}{@code /*.test}, one dynamic test per
 * file, each on a fresh {@code jdbc:nabla:} database. Same format as sqllogictest plus {@code statement error <substring>}.
 * {@code -Dnabla.slt.complete=true} rewrites the expected query results of these files with what the engine returns
 * (review the diff!); statements are never rewritten. {@code -Dnabla.slt.only=grad/} runs only the files whose path
 * (relative to the sql folder) contains that text: the fast loop of CONTRIBUTING.md.
 */
class SqlTestFilesTest {
    private static final String URL = "jdbc:nabla:";

    @TestFactory
    Stream<DynamicTest> sqlTestFiles() throws IOException {
        Path dir = TestPaths.sqlTestDir();
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir), "no sql test folder found");
        Assumptions.assumeTrue(TestPaths.driverFor(URL), "no JDBC driver for " + URL + " on the class path; skipping");
        boolean complete = Boolean.getBoolean("nabla.slt.complete");
        String only = System.getProperty("nabla.slt.only", "");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".test"))
                    .filter(p -> dir.relativize(p).toString().replace('\\', '/').contains(only))
                    .sorted()
                    .toList();
        }
        Assumptions.assumeFalse(files.isEmpty(), "no .test file matches -Dnabla.slt.only=" + only);
        return files.stream().map(f -> {
            String name = dir.relativize(f).toString().replace('\\', '/');
            return DynamicTest.dynamicTest(name, f.toUri(), () -> runFile(f, name, complete));
        });
    }

    private static void runFile(Path file, String name, boolean complete) throws Exception {
        SltParser.ParsedFile parsed = SltParser.parse(file);
        SltCompleter completer = complete ? new SltCompleter() : null;
        // a statement that hangs still fails, but a first COPY to Parquet (Hadoop's classes loading) on a
        // machine at load 25 took over the conformance run's 10 s
        SltRunner runner = new SltRunner(new SltRunner.Options("nabla", 60, 0, 50), completer);
        FileResult r = runner.run(parsed, name, () -> DriverManager.getConnection(URL));
        if (completer != null && completer.rewrite(parsed)) {
            System.out.println("completed: rewrote expected results of " + file);
            r = runner.run(SltParser.parse(file), name, () -> DriverManager.getConnection(URL));
        }
        assertThat(r.records()).as(name + " has no records").isPositive();
        assertThat(r.failed()).as(SltReport.failures(r)).isZero();
    }
}
