package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A statement that runs out of heap fails alone with SQLSTATE 53200, rolled back, and the session and
 * database go on (issue 17, item 1: an OutOfMemoryError escaped as a Java Error). Runs in a child JVM
 * with a small heap so the suite's own JVM is never starved.
 */
class OutOfMemoryTest {
    /** The child: exhausts its heap with one statement, then shows that the session still works. */
    public static void main(String[] args) {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            s.execute("CREATE TABLE t(x INTEGER)");
            s.execute("INSERT INTO t VALUES (1)");
            try {
                s.execute(
                        "CREATE TABLE big AS SELECT a.range AS a, b.range AS b, 'row ' || a.range AS s FROM range(1000000) a, range(1000) b");
                System.out.println("no error");
            } catch (NablaException e) {
                System.out.println("code " + e.code().sqlState() + ": " + e.getMessage());
            }
            s.execute("INSERT INTO t VALUES (2)");
            System.out.println("after: " + s.execute("SELECT count(*) FROM t").getLong(0, 0) + " rows");
            try {
                s.execute("SELECT count(*) FROM big");
                System.out.println("big exists");
            } catch (NablaException e) {
                System.out.println("big: " + e.code());
            }
        } catch (RuntimeException e) {
            System.out.println("after: " + e.getMessage());
        }
    }

    @Test
    void runningOutOfHeapFailsOnlyThatStatement() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx96m",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                OutOfMemoryTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(out)
                .contains("code 53200: out of memory")
                .contains("after: 2 rows")
                .contains("big: UNKNOWN_TABLE")
                .doesNotContain("java.lang.OutOfMemoryError");
    }
}
