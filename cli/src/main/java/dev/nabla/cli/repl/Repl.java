package dev.nabla.cli.repl;

import dev.nabla.cli.Main;
import dev.nabla.cli.output.ResultTable;
import dev.nabla.cli.shell.Shell;
import dev.nabla.cli.shell.ShellSettings;
import dev.nabla.cli.shell.SqlBackend;
import dev.nabla.cli.shell.SqlScanner;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jline.builtins.Less;
import org.jline.builtins.Source;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: JLine line editing (multi-line statements, history, completion,
 * highlighting) over a {@link Shell}. Statements run on a worker thread so that Ctrl-C can cancel
 * them through {@link SqlBackend#cancel()} and a progress line can show after a second.
 */
public final class Repl {
    static final String PROMPT = "nabla> ";
    static final String PROMPT_TX = "nabla*> ";
    static final String CONTINUATION = "   ..> ";
    private static final long PROGRESS_AFTER_MS = 1000;

    private final SqlBackend backend;
    private final ShellSettings settings;
    private final boolean colorAllowed;
    private final Path rc;
    private final boolean rcExplicit;
    private Terminal terminal;
    private Shell shell;
    private final Map<String, List<String>> columnCache = new HashMap<>();
    private List<String> tableCache;
    /** null: errors go to the terminal, in order with the results (stderr may be piped through a filter). */
    private java.io.PrintStream errStream;

    private String editor;
    private String lastInput;
    private List<String> startCommands = List.of();

    /** Commands run after the rc file and before the first prompt ({@code --cmd}, sqlite3's {@code -cmd}). */
    public Repl startCommands(List<String> commands) {
        this.startCommands = List.copyOf(commands);
        return this;
    }

    public Repl(SqlBackend backend, ShellSettings settings, boolean colorAllowed, Path rc, boolean rcExplicit) {
        this.backend = backend;
        this.settings = settings;
        this.colorAllowed = colorAllowed;
        this.rc = rc;
        this.rcExplicit = rcExplicit;
    }

    /** Runs on the system terminal until Ctrl-D or .exit; returns the exit code. */
    public int run() {
        // FFM (JDK 22+) needs no native library; exec (stty) is the fallback. No JNI/JNA/Jansi.
        try (Terminal t = TerminalBuilder.builder()
                .system(true)
                .name("nabla")
                .providers("ffm,exec")
                .nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN)
                .build()) {
            return run(t, historyFile());
        } catch (IOException e) {
            System.err.println("Error: cannot open the terminal: " + e.getMessage());
            return 1;
        }
    }

    static Path historyFile() {
        String env = System.getenv("NABLA_HISTORY");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Shell.home().resolve(".nabla_history");
    }

    /** Runs on a given terminal (tests pass a dumb one over pipes); {@code history} may be null. */
    public int run(Terminal t, Path history) {
        this.terminal = t;
        boolean dumb = Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType());
        settings.interactive = true;
        settings.color = colorAllowed && !dumb;
        PrintWriter out = t.writer();
        PrintWriter err = errStream == null
                ? out
                : new PrintWriter(new java.io.OutputStreamWriter(errStream, StandardCharsets.UTF_8), true);
        shell = new Shell(backend, settings, out, err);
        shell.setTerminalSize(() -> t.getWidth() > 0 ? t.getWidth() : 80, () -> t.getHeight() > 0 ? t.getHeight() : 24);
        shell.setRunner((b, sql) -> runCancellable(b, sql, !dumb));
        shell.setPager(this::page);

        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(t)
                .appName("nabla")
                .parser(new ReplParser())
                .highlighter(new SqlHighlighter(settings.color))
                .completer(new SqlCompleter(catalog(), shell.dotCommands().commands()))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .variable(LineReader.HISTORY_SIZE, 10_000)
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                .variable(LineReader.LIST_MAX, 200)
                // "\e" itself is not worth recalling: the statement it runs is added instead (JLine's
                // pattern syntax: backslash escapes the next character, so this is the regex \\e)
                .variable(LineReader.HISTORY_IGNORE, "\\\\\\\\e")
                .variable(LineReader.ERRORS, 0)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.HISTORY_TIMESTAMPED, false)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .option(LineReader.Option.AUTO_GROUP, true)
                .option(LineReader.Option.INSERT_BRACKET, false)
                .option(LineReader.Option.BRACKETED_PASTE, true);
        if (history != null) builder.variable(LineReader.HISTORY_FILE, history);
        LineReader reader = builder.build();
        shell.setHistory(() -> {
            List<String> lines = new ArrayList<>();
            for (org.jline.reader.History.Entry e : reader.getHistory()) lines.add(e.line());
            return lines;
        });

        if (!dumb) {
            out.println("Nabla — in-memory SQL with derivatives. .help for help, Ctrl-D to exit.");
            out.flush();
        }
        if (rc != null && (rcExplicit || Files.isRegularFile(rc))) Main.runInit(shell, rc);
        for (String c : startCommands) shell.run(c, Shell.Source.COMMAND_LINE);

        while (shell.exitRequested() == null) {
            String line;
            try {
                // .prompt sets both prompts; a transaction still shows itself with a '*' before the last '>'
                String main = settings.prompt != null ? settings.prompt : PROMPT;
                if (backend.inTransaction())
                    main = settings.prompt == null ? PROMPT_TX : main.replaceFirst("(>?\\s*)$", "*$1");
                reader.setVariable(
                        LineReader.SECONDARY_PROMPT_PATTERN,
                        settings.continuationPrompt != null ? settings.continuationPrompt : CONTINUATION);
                line = reader.readLine(main);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt clears the line
            } catch (EndOfFileException e) {
                break;
            }
            if (line == null) break;
            if (line.isBlank()) continue;
            if (ReplParser.isEditCommand(line)) {
                line = edit(lastInput);
                if (line == null) continue;
                reader.getHistory().add(line);
            }
            lastInput = line;
            shell.run(line, Shell.Source.INTERACTIVE);
            invalidateCatalog();
        }
        shell.endRedirect();
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException e) {
            // history is a convenience: never fail the exit over it
        }
        out.flush();
        return shell.exitRequested() != null ? shell.exitRequested() : 0;
    }

    /**
     * {@code \e}: opens the last input in $VISUAL/$EDITOR (vi when neither is set) and returns what
     * was saved, to be run like typed input (psql's behaviour); null when nothing is left to run.
     */
    private String edit(String last) {
        Path file = null;
        try {
            file = Files.createTempFile("nabla-edit-", ".sql");
            Files.writeString(file, last == null ? "" : last.strip() + "\n", StandardCharsets.UTF_8);
            terminal.pause();
            int code;
            try {
                Process p = new ProcessBuilder("sh", "-c", editorCommand() + " \"$1\"", "nabla-edit", file.toString())
                        .inheritIO()
                        .start();
                code = p.waitFor();
            } finally {
                terminal.resume();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (code != 0) {
                shell.error("the editor exited with status " + code + "; nothing was run");
                return null;
            }
            if (text.isEmpty()) return null;
            if (!text.startsWith(".") && !SqlScanner.isComplete(text)) text = text + ";";
            terminal.writer().println(text);
            return text;
        } catch (IOException e) {
            shell.error("cannot run the editor (" + editorCommand() + "): " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private String editorCommand() {
        if (editor != null) return editor;
        for (String v : new String[] {"NABLA_EDITOR", "VISUAL", "EDITOR"}) {
            String e = System.getenv(v);
            if (e != null && !e.isBlank()) return e;
        }
        return "vi";
    }

    /** The editor command for {@code \e} (default: $NABLA_EDITOR, $VISUAL, $EDITOR, vi); for tests. */
    public Repl editor(String command) {
        this.editor = command;
        return this;
    }

    /** The shell (available once {@link #run(Terminal, Path)} started); for tests. */
    public Shell shell() {
        return shell;
    }

    /** Where error messages go (the terminal by default; tests capture them). */
    public Repl errorsTo(java.io.PrintStream err) {
        this.errStream = err;
        return this;
    }

    // ------------------------------------------------------------------ running statements

    /**
     * Runs a statement on a worker thread (big stack: deep expressions and recursive plans), with
     * Ctrl-C mapped to {@link SqlBackend#cancel()} while it runs. A second Ctrl-C stops waiting.
     */
    SqlBackend.Outcome runCancellable(SqlBackend b, String sql, boolean progress) {
        FutureTask<SqlBackend.Outcome> task = new FutureTask<>(() -> b.execute(sql));
        Thread worker = new Thread(null, task, "nabla-statement", 512L << 20);
        worker.setDaemon(true);
        int[] interrupts = {0};
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, sig -> {
            interrupts[0]++;
            b.cancel();
        });
        long start = System.nanoTime();
        boolean shown = false;
        int spin = 0;
        worker.start();
        try {
            while (true) {
                try {
                    return task.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (interrupts[0] >= 2) {
                        throw new NablaException(
                                ErrorCode.CANCELLED, "statement cancelled (it is still stopping in the background)");
                    }
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (progress && ms >= PROGRESS_AFTER_MS) {
                        String line = ProgressLine.text(spin++, ms, b.progress(), interrupts[0] > 0);
                        int width = terminal.getWidth() > 0 ? terminal.getWidth() : 80;
                        terminal.writer().print("\r\u001b[2K" + ProgressLine.fit(line, width));
                        terminal.writer().flush();
                        shown = true;
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new NablaException(ErrorCode.INTERNAL, String.valueOf(cause));
        } catch (InterruptedException e) {
            b.cancel();
            Thread.currentThread().interrupt();
            throw new NablaException(ErrorCode.CANCELLED, "interrupted");
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            if (shown) {
                terminal.writer().print("\r\u001b[2K");
                terminal.writer().flush();
            }
        }
    }

    /**
     * What {@code less} needs to show the shell's output as it is (git does the same): {@code R} passes the
     * colours' escape sequences through instead of showing them as {@code ESC[1m}, {@code F} quits when it fits
     * one screen, {@code X} leaves it on the screen; {@code LESSCHARSET=utf-8} draws the box characters even where
     * the locale (often unset inside tmux or ssh) does not say UTF-8. A user's own {@code LESS} is kept, with
     * {@code R} added when it lacks it.
     */
    static void lessEnvironment(java.util.Map<String, String> env) {
        String less = env.get("LESS");
        if (less == null || less.isBlank()) env.put("LESS", "FRX");
        else if (!less.contains("R") && !less.contains("-raw-control-chars")) env.put("LESS", less + " -R");
        env.putIfAbsent("LESSCHARSET", "utf-8");
    }

    /** Shows text in $PAGER, or in JLine's built-in less. */
    private void page(String text) {
        String pager = System.getenv("PAGER");
        try {
            if (pager != null && !pager.isBlank()) {
                terminal.pause();
                try {
                    ProcessBuilder pb = new ProcessBuilder("sh", "-c", pager)
                            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                            .redirectError(ProcessBuilder.Redirect.INHERIT);
                    lessEnvironment(pb.environment());
                    Process p = pb.start();
                    try (OutputStream in = p.getOutputStream()) {
                        in.write(text.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException ignored) {
                        // the pager quit before reading everything
                    }
                    p.waitFor();
                } finally {
                    terminal.resume();
                }
            } else {
                Less less = new Less(terminal, Path.of(""));
                less.chopLongLines = true;
                less.quitIfOneScreen = true;
                less.run(new Source.InputStreamSource(
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, "result"));
            }
        } catch (IOException e) {
            terminal.writer().print(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ catalog for completion

    private void invalidateCatalog() {
        tableCache = null;
        columnCache.clear();
    }

    /** What completion asks about tables and columns (package-private for tests). */
    Catalog catalog() {
        return new Catalog() {
            @Override
            public List<String> tables() {
                // straight to the backend: completion must not go through the Ctrl-C/progress runner
                if (tableCache == null)
                    tableCache = quietly(
                            () -> backend.execute("SHOW TABLES") instanceof SqlBackend.Outcome.Rows(ResultTable t)
                                    ? Shell.tableNames(t)
                                    : List.of());
                return tableCache;
            }

            @Override
            public List<String> columns(String table) {
                return columnCache.computeIfAbsent(
                        table.toLowerCase(java.util.Locale.ROOT),
                        k -> quietly(() -> {
                            ResultTable d = backend.execute("DESCRIBE " + dev.nabla.cli.shell.SqlNames.quote(table))
                                            instanceof SqlBackend.Outcome.Rows r
                                    ? r.table()
                                    : null;
                            List<String> names = new ArrayList<>();
                            if (d != null)
                                for (int i = 0; i < d.rowCount(); i++) names.add(String.valueOf(d.get(i, 0)));
                            return names;
                        }));
            }

            @Override
            public List<String> lastResultColumns() {
                ResultTable last = shell.lastResult();
                return last == null ? List.of() : last.columnNames();
            }
        };
    }

    private static List<String> quietly(java.util.function.Supplier<List<String>> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
