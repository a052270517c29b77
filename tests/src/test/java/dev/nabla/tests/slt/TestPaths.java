package dev.nabla.tests.slt;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds folders of the checkout from the test's working directory (the module folder under Maven). */
final class TestPaths {
    private TestPaths() {}

    /** The first {@code start/relative} that exists, walking from {@code user.dir} upward; null if none. */
    static Path findUpward(String relative) {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) return candidate.normalize();
            dir = dir.getParent();
        }
        return null;
    }

    /** The shared SQLite conformance files ({@code -Dnabla.conformance.dir} overrides). */
    static Path conformanceDir() {
        String override = System.getProperty("nabla.conformance.dir");
        if (override != null && !override.isBlank()) return Path.of(override);
        return findUpward("shared/conformance/sqllogictest");
    }

    /** Our own .test files, in the source tree (so that completion rewrites the sources, not a copy). */
    static Path sqlTestDir() {
        return findUpward("tests/src/test/resources/sql") != null
                ? findUpward("tests/src/test/resources/sql")
                : findUpward("src/test/resources/sql");
    }

    /** {@code -Dnabla.conformance=full} or {@code NABLA_CONFORMANCE=full} (as ./run-tests documents): no time boxes. */
    static boolean fullConformance() {
        return "full".equalsIgnoreCase(System.getProperty("nabla.conformance"))
                || "full".equalsIgnoreCase(System.getenv("NABLA_CONFORMANCE"));
    }

    /** Whether some JDBC driver on the class path takes {@code url} (the Nabla driver lives in the cli module). */
    static boolean driverFor(String url) {
        try {
            java.sql.DriverManager.getDriver(url);
            return true;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /** tests/target/slt-report, created on demand by the report writer. */
    static Path reportDir() {
        Path module = findUpward("tests/pom.xml");
        Path base = module != null ? module.getParent() : Path.of(System.getProperty("user.dir"));
        return base.resolve("target").resolve("slt-report");
    }
}
