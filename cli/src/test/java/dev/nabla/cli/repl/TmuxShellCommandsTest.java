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

    /** Item 9: PAGER=less in tmux with no UTF-8 locale shows box characters, colours' codes raw, and every row. */
    @Test
    @Timeout(120)
    void lessShowsEveryRowWithBoxCharacters(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TmuxSession.available(), "tmux not installed");
        Assumptions.assumeTrue(new java.io.File("/usr/bin/less").canExecute(), "less not installed");
        try (TmuxSession t = TmuxSession.start(
                100,
                30,
                Map.of("NABLA_HISTORY", dir.resolve("h").toString(), "PAGER", "less", "LANG", "", "LC_ALL", ""),
                "--no-init")) {
            t.waitFor("nabla>");
            t.line(".pager on");
            t.keys("SELECT i, 'x' || i AS label FROM generate_series(1, 100) g(i)\\;", "Enter");
            String first = t.waitFor("│      1 │ x1      │");
            assertThat(first).contains("┌────────┬─────────┐").doesNotContain("<E2>", "ESC[");
            t.keys("G");
            String last = t.waitFor("100 rows");
            assertThat(last).contains("│    100 │ x100    │").doesNotContain("rows hidden");
            t.keys("q");
            t.waitFor("nabla> ");
        }
    }

    /** Item 11: ~/.nablarc follows $HOME, and a bad line in it is named (file and line) once. */
    @Test
    @Timeout(120)
    void rcFileFollowsHomeAndABadLineIsNamedOnce(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TmuxSession.available(), "tmux not installed");
        java.nio.file.Files.writeString(dir.resolve(".nablarc"), ".mode csv\n.mode nope\n");
        try (TmuxSession t = TmuxSession.start(
                100,
                30,
                Map.of("HOME", dir.toString(), "NABLA_HISTORY", dir.resolve("h").toString()))) {
            String screen = t.waitFor("nabla>");
            String rc = dir.resolve(".nablarc").toString();
            assertThat(screen).contains("Warning: " + rc + ": line 2: unknown format 'nope'");
            assertThat(screen.split(java.util.regex.Pattern.quote(rc), -1)).hasSize(2);
            t.keys("SELECT 7 AS seven\\;", "Enter");
            assertThat(t.waitFor("seven\n7")).doesNotContain("│");
        }
    }
}
