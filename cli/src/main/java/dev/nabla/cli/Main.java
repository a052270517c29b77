package dev.nabla.cli;

import dev.nabla.cli.output.OutputFormat;
import dev.nabla.cli.repl.Repl;
import dev.nabla.cli.shell.Shell;
import dev.nabla.cli.shell.ShellSettings;
import dev.nabla.cli.shell.SqlBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jline.terminal.spi.SystemStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code nabla} command: REPL, scripts, {@code -c} commands and stdin. */
@Command(
        name = "nabla",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Nabla: an in-memory columnar SQL engine with derivatives (grad, jvp, vjp) as first-class SQL.",
            "With no FILE and no -c, starts the interactive shell when stdin is a terminal, else runs the SQL read from stdin."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a SQL statement or dot-command failed",
            "2:bad command-line usage",
            "130:interrupted (Ctrl-C outside the interactive shell)"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  nabla                                  interactive shell (.help inside)",
            "  nabla setup.sql train.sql              run scripts (stop at the first error)",
            "  nabla -c \"SELECT grad(x*x, x) FROM (VALUES (3.0)) v(x)\"",
            "  echo \"SELECT 1;\" | nabla --format csv",
            "See docs/cli.md for dot-commands, keys and formats."
        })
public final class Main implements Callable<Integer> {
    @Parameters(
            paramLabel = "FILE",
            description =
                    "A database file (*.nabla: opened or created; default: in memory), then SQL script(s) to run.")
    List<Path> files = new ArrayList<>();

    @Option(
            names = {"-c", "--command"},
            paramLabel = "SQL",
            description = "Run SQL (or a dot-command); repeatable, run after the FILEs.")
    List<String> commands = new ArrayList<>();

    @Option(
            names = "--cmd",
            paramLabel = "SQL",
            description =
                    "Run SQL (or a dot-command) before the FILEs, stdin or the shell; repeatable (sqlite3's -cmd).")
    List<String> startCommands = new ArrayList<>();

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            converter = OutputFormat.Converter.class,
            description =
                    "Result format: table, box, csv, tsv, json, jsonl, markdown, line, list, column, html, insert, trash. Default: box on a terminal, table otherwise.")
    OutputFormat format;

    @Option(
            names = "--header",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Print column names (csv, tsv, table, box, markdown). Default: on.")
    boolean header = true;

    @Option(
            names = "--nullvalue",
            paramLabel = "TEXT",
            description = "How NULL is printed (default NULL; empty in csv/tsv).")
    String nullValue;

    @Option(
            names = "--separator",
            paramLabel = "SEP",
            description = "Field separator of the list format (default |; \\t is a tab).")
    String separator;

    @Option(
            names = "--readonly",
            description = "Refuse statements that change the database (SQLSTATE 25006); queries and COPY ... TO run.")
    boolean readOnly;

    @Option(names = "--timer", description = "Report each statement's run time (on stderr outside the shell).")
    boolean timer;

    @Option(names = "--echo", description = "Print each statement before running it.")
    boolean echo;

    @Option(
            names = "--bail",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Stop at the first error (default). --no-bail runs the remaining statements; the exit code is still 1.")
    boolean bail = true;

    @Option(names = "--continue-on-error", description = "Same as --no-bail.")
    boolean continueOnError;

    @Option(
            names = "--init",
            paramLabel = "FILE",
            description = "Run FILE first (statements and dot-commands; bad lines warn).")
    Path init;

    @Option(names = "--no-init", description = "Do not read ~/.nablarc in the interactive shell.")
    boolean noInit;

    @Option(
            names = "--maxrows",
            paramLabel = "N",
            description = "Interactive shell: rows shown before the middle is hidden (default 40, 0 = all).")
    Integer maxRows;

    @Option(names = "--no-color", description = "No colours (also when NO_COLOR is set or output is not a terminal).")
    boolean noColor;

    @Option(names = "--debug", description = "Show stack traces of internal errors (also NABLA_DEBUG=1).")
    boolean debug;

    @Option(
            names = "--expand-derivatives",
            description = "Print the SQL of the FILEs (or -c, or stdin) with every grad/jvp/vjp written as plain SQL"
                    + " of --dialect, and keep nothing: statements other than queries run in a transaction that is"
                    + " rolled back, so later ones bind.")
    boolean expandDerivatives;

    @Option(
            names = "--dialect",
            paramLabel = "NAME",
            description = "The SQL --expand-derivatives writes: duckdb (default), postgres, spark or nabla.")
    String dialect = "duckdb";

    private Supplier<SqlBackend> backends = Backends::open;
    private InputStream stdin = System.in;
    private PrintStream stdout = System.out;
    private PrintStream stderr = System.err;
    private boolean stdinTty;
    private boolean stdoutTty;

    public static void main(String[] args) {
        LauncherStderr.restore();
        boolean debug = debugRequested(args);
        // a failure on any thread (JLine's, the statement worker's) is one line unless --debug: never a stack trace
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> reportCrash(e, debug));
        try {
            if (Relauncher.wanted()) {
                Optional<Integer> code = Relauncher.relaunch(Main.class, args);
                if (code.isPresent()) System.exit(code.get());
            }
            Main m = new Main();
            m.stdinTty = Tty.isTerminal(SystemStream.Input);
            m.stdoutTty = Tty.isTerminal(SystemStream.Output);
            System.exit(m.execute(args));
        } catch (Throwable e) {
            reportCrash(e, debug);
            System.exit(1);
        }
    }

    private static boolean debugRequested(String[] args) {
        String env = System.getenv("NABLA_DEBUG");
        if ("1".equals(env) || "true".equalsIgnoreCase(env)) return true;
        for (String a : args) if (a.equals("--debug")) return true;
        return false;
    }

    private static void reportCrash(Throwable e, boolean debug) {
        String what = e instanceof OutOfMemoryError
                ? "out of memory (raise the heap with NABLA_JAVA_OPTS=-Xmx... or java -Xmx...)"
                : "internal error: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
        System.err.println("Error: " + what + (debug ? "" : " (run with --debug for a stack trace)"));
        if (debug) e.printStackTrace();
        System.err.flush();
    }

    /** For tests and embedding: run the command over given streams, never as a terminal. */
    public static int run(
            String[] args, Supplier<SqlBackend> backends, InputStream in, PrintStream out, PrintStream err) {
        Main m = new Main();
        m.backends = backends;
        m.stdin = in;
        m.stdout = out;
        m.stderr = err;
        return m.execute(args);
    }

    int execute(String[] args) {
        // a trial read first: a command line QuickArgs leaves to Picocli must reach it with untouched fields
        if (QuickArgs.parse(args, new Main())) {
            QuickArgs.parse(args, this);
            return callReporting();
        }
        CommandLine cl = new CommandLine(this);
        cl.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, args1) -> {
            // one line and a pointer to --help, not the whole usage text
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("Error: " + ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException u) u.printSuggestions(e);
            e.println("Run 'nabla --help' for the options.");
            e.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> reportFailure(ex));
        try {
            return cl.execute(SqliteStyleFlags.translate(args, cl.getCommandSpec()));
        } catch (Error e) {
            // Errors pass picocli's handler: still one line, never a trace without --debug
            return reportError(e);
        }
    }

    /** {@link #call()} with Picocli's execution-exception handling: one line on stderr, exit code 1. */
    private int callReporting() {
        try {
            return call();
        } catch (RuntimeException ex) {
            return reportFailure(ex);
        } catch (Error e) {
            return reportError(e);
        }
    }

    private int reportFailure(Exception ex) {
        stderr.println("Error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
        if (debug) ex.printStackTrace(stderr);
        return 1;
    }

    private int reportError(Error e) {
        stderr.println("Error: internal error: " + e + (debug ? "" : " (run with --debug for a stack trace)"));
        if (debug) e.printStackTrace(stderr);
        return 1;
    }

    /** {@code --expand-derivatives}: each script printed with its derivatives as plain SQL, nothing run or kept. */
    private int expand() {
        dev.nabla.autograd.SqlDialect d;
        try {
            d = dev.nabla.autograd.SqlDialect.named(dialect);
        } catch (dev.nabla.common.NablaException e) {
            stderr.println("Error: " + e.getMessage());
            return 2;
        }
        List<String> names = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        try {
            for (Path f : files) {
                names.add(f.toString());
                scripts.add(
                        f.toString().equals("-")
                                ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                                : Files.readString(f));
            }
            for (String c : commands) {
                names.add("-c");
                scripts.add(c);
            }
            if (scripts.isEmpty()) {
                names.add("stdin");
                scripts.add(new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            stderr.println("Error: cannot read " + e.getMessage());
            return 1;
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        try (SqlBackend backend = backends.get()) {
            if (!(backend instanceof dev.nabla.cli.shell.EngineBackend engine)) {
                stderr.println("Error: --expand-derivatives needs the embedded engine");
                return 2;
            }
            dev.nabla.engine.Session session = engine.session();
            // one transaction over all scripts: a later script binds against what an earlier one creates
            session.execute("BEGIN");
            try {
                for (int i = 0; i < scripts.size(); i++) {
                    try {
                        out.print(session.expandDerivatives(scripts.get(i), d));
                        if (!scripts.get(i).endsWith("\n")) out.println();
                    } catch (dev.nabla.common.NablaException e) {
                        out.flush();
                        stderr.println("Error in " + names.get(i) + ": " + e.render(scripts.get(i)));
                        return 1;
                    }
                }
            } finally {
                if (session.inTransaction()) session.execute("ROLLBACK");
            }
        }
        out.flush();
        return 0;
    }

    /**
     * A first FILE ending in {@code .nabla} (or any existing Nabla database file) is the database to open or
     * create, as {@code sqlite3 my.db} and {@code duckdb my.duckdb} do; the other FILEs are scripts run against it.
     */
    private void takeDatabaseFile() {
        if (files.isEmpty()) return;
        Path first = files.get(0);
        if (!first.toString().endsWith(".nabla") && !Backends.isDatabaseFile(first)) return;
        files.remove(0);
        Supplier<SqlBackend> memory = backends;
        backends = () -> Backends.openFile(first, readOnly, memory);
    }

    @Override
    public Integer call() {
        takeDatabaseFile();
        if (expandDerivatives) return expand();
        boolean env = "1".equals(System.getenv("NABLA_DEBUG")) || "true".equalsIgnoreCase(System.getenv("NABLA_DEBUG"));
        boolean interactive = files.isEmpty() && commands.isEmpty() && stdinTty;
        ShellSettings s = new ShellSettings();
        s.debug = debug || env;
        s.header = header;
        s.timer = timer;
        s.echo = echo;
        s.bail = bail && !continueOnError;
        s.nullValue = nullValue;
        if (separator != null) s.separator = dev.nabla.cli.shell.DotCommands.unescape(separator);
        s.readOnly = readOnly;
        if (maxRows != null) s.maxRows = Math.max(0, maxRows);
        boolean colorAllowed = !noColor && System.getenv("NO_COLOR") == null;
        if (interactive) {
            s.format = format != null ? format : OutputFormat.BOX;
            Path rc = init != null ? init : noInit ? null : Shell.home().resolve(".nablarc");
            try (SqlBackend backend = backends.get()) {
                return new Repl(backend, s, colorAllowed, rc, init != null)
                        .startCommands(startCommands)
                        .run();
            }
        }
        s.format = format != null ? format : stdoutTty ? OutputFormat.BOX : OutputFormat.TABLE;
        s.color = colorAllowed && stdoutTty;
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        try (SqlBackend backend = backends.get()) {
            Shell shell = new Shell(backend, s, out, err);
            if (init != null) runInit(shell, init);
            boolean ok = true;
            for (String c : startCommands) {
                if (!shell.run(c, Shell.Source.COMMAND_LINE)) {
                    ok = false;
                    if (s.bail) break;
                }
            }
            if (ok && files.isEmpty() && commands.isEmpty()) {
                String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
                ok = shell.run(text, Shell.Source.COMMAND_LINE);
            }
            for (Path f : ok || !s.bail ? files : List.<Path>of()) {
                if (shell.exitRequested() != null) break;
                // "-" is standard input, as for sqlite3 and DuckDB
                boolean fileOk = f.toString().equals("-")
                        ? shell.run(new String(stdin.readAllBytes(), StandardCharsets.UTF_8), Shell.Source.COMMAND_LINE)
                        : shell.runFile(f);
                if (!fileOk) {
                    ok = false;
                    if (s.bail) break;
                }
            }
            if (ok || !s.bail) {
                for (String c : commands) {
                    if (shell.exitRequested() != null) break;
                    String sql = c;
                    if (!shell.run(sql, Shell.Source.COMMAND_LINE)) {
                        ok = false;
                        if (s.bail) break;
                    }
                }
            }
            shell.endRedirect();
            out.flush();
            if (shell.exitRequested() != null) return shell.exitRequested();
            return ok && shell.errorCount() == 0 ? 0 : 1;
        } catch (IOException e) {
            err.println("Error: cannot read stdin: " + e.getMessage());
            return 1;
        }
    }

    /** Runs an init file; its errors are warnings, so a bad line never stops startup. */
    public static void runInit(Shell shell, Path file) {
        if (!Files.isRegularFile(file)) {
            shell.warn("init file not found: " + file);
            return;
        }
        boolean bail = shell.settings().bail;
        shell.settings().bail = false;
        // the messages name the file and line themselves (as script errors do): no second file name in front
        shell.setWarningsOnly("");
        try {
            shell.runFile(file);
        } finally {
            shell.setWarningsOnly(null);
            shell.settings().bail = bail;
        }
    }

    /** Version from the jar manifest (the shade plugin writes it), or "dev" in a build tree. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "nabla " + (v == null ? "dev" : v),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                "SIMD kernels: "
                        + (Relauncher.vectorModulePresent()
                                ? "on (jdk.incubator.vector)"
                                : "off (run with --add-modules jdk.incubator.vector)")
            };
        }
    }
}
