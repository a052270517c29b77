package dev.nabla.cli.repl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tmux session running {@code dev.nabla.cli.Main} on a pseudo-terminal of a given size, for tests that type
 * into the real shell. A line ending in ';' must be sent as {@code \\;} (tmux reads a bare ';' as a separator).
 */
final class TmuxSession implements AutoCloseable {
    private static int counter;
    final String name;

    private TmuxSession(String name) {
        this.name = name;
    }

    static boolean available() {
        try {
            Process p =
                    new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts {@code nabla ARGS} with the test class path, {@code env} added to its environment. */
    static TmuxSession start(int width, int height, Map<String, String> env, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                quote(java),
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                quote(System.getProperty("java.class.path")),
                "dev.nabla.cli.Main"));
        for (String a : args) cmd.add(quote(a));
        TmuxSession s = new TmuxSession("nabla-t" + ProcessHandle.current().pid() + "-" + (++counter));
        List<String> tmuxArgs = new ArrayList<>(
                List.of("new-session", "-d", "-s", s.name, "-x", String.valueOf(width), "-y", String.valueOf(height)));
        for (Map.Entry<String, String> e : env.entrySet()) {
            tmuxArgs.add("-e");
            tmuxArgs.add(e.getKey() + "=" + e.getValue());
        }
        tmuxArgs.add(String.join(" ", cmd));
        tmux(tmuxArgs.toArray(String[]::new));
        return s;
    }

    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", name));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types a line and presses Enter. */
    void line(String text) throws Exception {
        keys("-l", text);
        keys("Enter");
    }

    String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", name, "-S", "-200");
    }

    void clear() throws Exception {
        tmux("clear-history", "-t", name);
        keys("C-l");
        Thread.sleep(200);
    }

    String waitFor(String text) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = screen();
            if (last.contains(text)) return last;
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for '" + text + "'; screen:\n" + last);
    }

    boolean alive() {
        try {
            Process p = new ProcessBuilder("tmux", "has-session", "-t", name)
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Waits (up to 20 s) for the shell to exit, which ends the session. */
    boolean waitForExit() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (alive() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        return !alive();
    }

    @Override
    public void close() throws Exception {
        if (alive()) tmux("kill-session", "-t", name);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Runs one tmux command and returns its output; a failure other than kill-session's is an IOException. */
    static String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("tmux");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 && !args[0].equals("kill-session"))
            throw new IOException("tmux " + String.join(" ", args) + ": " + out);
        return out;
    }
}
