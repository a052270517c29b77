package dev.nabla.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 items 5 and 7 in a real terminal: psql's and sqlite3's commands, {@code exit} typed as a word,
 * {@code .prompt}, and a 26-column result at 80 columns that hides its middle columns instead of wrapping.
 */
class TmuxShellCommandsTest {
    @Test
    @Timeout(120)
    void familiarCommandsAndWideResultsAt80Columns(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TmuxSession.available(), "tmux not installed");
        try (TmuxSession t = TmuxSession.start(
                80, 40, Map.of("NABLA_HISTORY", dir.resolve("h").toString()), "--no-init")) {
            t.waitFor("nabla>");
            t.keys("CREATE TABLE pts(x DOUBLE, label VARCHAR)\\;", "Enter");
            t.waitFor("nabla> ");
            t.line("\\dt");
            t.waitFor("\npts\n");
            t.line(".prompt 'sql> ' '... '");
            t.waitFor("sql> ");
            t.keys("SELECT 1 AS a,", "Enter");
            t.waitFor("... ");
            t.keys("2 AS b\\;", "Enter");
            t.waitFor("1 row");
            t.clear();
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int c = 1; c <= 26; c++)
                sql.append(c > 1 ? ", " : "")
                        .append(c * 1000003.25)
                        .append(" AS c")
                        .append(c);
            t.keys(sql + "\\;", "Enter");
            String screen = t.waitFor("columns hidden");
            assertThat(screen).contains("26 columns (", " c1 ", " c26 ", "1000003.25", "26000084.5");
            for (String l : screen.split("\n")) assertThat(l.length()).as(l).isLessThanOrEqualTo(80);
            t.line("\\x");
            t.waitFor("Expanded display is on.");
            t.keys("SELECT '東京' AS city\\;", "Enter");
            t.waitFor("city = 東京");
            t.line("exit");
            assertThat(t.waitForExit()).as(t.alive() ? t.screen() : "").isTrue();
        }
    }
}
