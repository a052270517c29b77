package dev.nabla.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell in a real terminal: tmux runs {@code dev.nabla.cli.Main} on a pseudo-terminal and the
 * test types into it. Skipped where tmux is not installed.
 */
class TmuxReplTest {
    private final String session = "nabla-test-" + ProcessHandle.current().pid();

    @Test
    @Timeout(120)
    void typesIntoARealTerminal(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TmuxSession.available(), "tmux not installed");
        String java = ProcessHandle.current().info().command().orElse("java");
        String cmd = String.join(
                " ",
                List.of(
                        quote(java),
                        "--add-modules",
                        "jdk.incubator.vector",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        quote(System.getProperty("java.class.path")),
                        "dev.nabla.cli.Main",
                        "--no-init"));
        Path history = dir.resolve("history");
        try {
            TmuxSession.tmux(
                    "new-session", "-d", "-s", session, "-x", "100", "-y", "40", "-e", "NABLA_HISTORY=" + history, cmd);
            waitFor("nabla>");
            keys("SELECT 41 + 1 AS answer", "Enter", "\\;", "Enter");
            waitFor("1 row · ");
            assertThat(screen()).contains("   ..> ;", "│      42 │");
            keys("SET max_recursion = 1000000000\\;", "Enter");
            keys("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r\\;", "Enter");
            waitFor("Ctrl-C cancels");
            waitFor(" rows · iteration ");
            assertThat(screen()).doesNotContain("\tat ");
            keys("C-c");
            waitFor("statement cancelled");
            keys("SELECT 'still here' AS s\\;", "Enter");
            waitFor("still here │");
            keys("C-d");
            long deadline = System.currentTimeMillis() + 20_000;
            while (sessionAlive() && System.currentTimeMillis() < deadline) Thread.sleep(100);
            assertThat(Files.readString(history, StandardCharsets.UTF_8))
                    .contains("SELECT 41 + 1 AS answer", "still here");
        } finally {
            if (sessionAlive()) TmuxSession.tmux("kill-session", "-t", session);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        TmuxSession.tmux(args.toArray(String[]::new));
    }

    private String screen() throws Exception {
        return TmuxSession.tmux("capture-pane", "-p", "-t", session, "-S", "-60");
    }

    private void waitFor(String text) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = screen();
            if (last.contains(text)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for '" + text + "'; screen:\n" + last);
    }

    private boolean sessionAlive() {
        try {
            Process p = new ProcessBuilder("tmux", "has-session", "-t", session)
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
