package dev.nabla.cli.shell;

import dev.nabla.cli.output.OutputFormat;
import dev.nabla.cli.output.RenderOptions;
import dev.nabla.cli.output.Renderer;
import dev.nabla.cli.output.ResultTable;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Runs shell input (SQL statements and dot-commands) against a {@link SqlBackend} and prints the
 * results: the common core of script mode, {@code -c}, stdin and the REPL. The REPL plugs in a
 * {@link StatementRunner} (Ctrl-C, progress) and a pager.
 */
public final class Shell {
    /** Runs one statement; the REPL's version handles Ctrl-C and the progress line. */
    @FunctionalInterface
    public interface StatementRunner {
        SqlBackend.Outcome run(SqlBackend backend, String sql);
    }

    /** A dot-command failed after its own errors were printed (e.g. in a file it read): stop without another message. */
    static final class AlreadyReported extends RuntimeException {
        AlreadyReported() {
            super(null, null, false, false);
        }
    }

    /** Where a piece of input came from, for error messages and relative {@code .read} paths. */
    public record Source(String name, Path baseDir, boolean file) {
        public static final Source COMMAND_LINE = new Source(null, Path.of(""), false);
        public static final Source INTERACTIVE = new Source(null, Path.of(""), false);

        public static Source ofFile(Path file) {
            Path abs = file.toAbsolutePath();
            return new Source(file.toString(), abs.getParent() == null ? Path.of("") : abs.getParent(), true);
        }
    }

    private final SqlBackend backend;
    private final ShellSettings settings;
    /** Where results go now: the terminal/stdout, or a file while {@code .output}/{@code .once} redirects. */
    private PrintWriter out;

    private final PrintWriter stdout;
    private final PrintWriter err;
    private Redirect redirect;
    private java.util.function.Supplier<List<String>> history;
    private final DotCommands dot;
    private StatementRunner runner = SqlBackend::execute;
    private IntSupplier width = () -> 80;
    private IntSupplier height = () -> 24;
    private java.util.function.Consumer<String> pager;
    private ResultTable last;
    private int errors;
    private long totalChanges;
    private Integer exitRequested;
    private int readDepth;
    /** Where relative file names of dot-commands resolve: the start directory until {@code .cd}. */
    private Path workingDirectory = Path.of("");

    private String warningPrefix;

    public Shell(SqlBackend backend, ShellSettings settings, PrintWriter out, PrintWriter err) {
        this.backend = Objects.requireNonNull(backend);
        this.settings = Objects.requireNonNull(settings);
        this.out = Objects.requireNonNull(out);
        this.stdout = out;
        this.err = Objects.requireNonNull(err);
        this.dot = new DotCommands(this);
    }

    public SqlBackend backend() {
        return backend;
    }

    public ShellSettings settings() {
        return settings;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public DotCommands dotCommands() {
        return dot;
    }

    public void setRunner(StatementRunner runner) {
        this.runner = Objects.requireNonNull(runner);
    }

    public void setTerminalSize(IntSupplier width, IntSupplier height) {
        this.width = width;
        this.height = height;
    }

    public int terminalWidth() {
        return Math.max(20, width.getAsInt());
    }

    public int terminalHeight() {
        return Math.max(6, height.getAsInt());
    }

    /** Where long output goes when the pager is on (null: print it). */
    public void setPager(java.util.function.Consumer<String> pager) {
        this.pager = pager;
    }

    public ResultTable lastResult() {
        return last;
    }

    /** The home directory: {@code $HOME} when set (as shells use it), else the JVM's {@code user.home}. */
    public static Path home() {
        String h = System.getenv("HOME");
        return Path.of(h != null && !h.isBlank() ? h : System.getProperty("user.home"));
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    void setWorkingDirectory(Path dir) {
        workingDirectory = dir;
    }

    public int errorCount() {
        return errors;
    }

    /** Set by {@code .exit [code]}: the caller stops reading input and exits with this. */
    public Integer exitRequested() {
        return exitRequested;
    }

    void requestExit(int code) {
        exitRequested = code;
    }

    /**
     * Runs every statement and dot-command in {@code input}. Returns false when one failed; with
     * {@code bail} on it stops there.
     */
    public boolean run(String input, Source source) {
        boolean ok = runPieces(SqlScanner.split(input), input, source);
        out.flush();
        err.flush();
        return ok;
    }

    private static final java.util.regex.Pattern REPEAT =
            java.util.regex.Pattern.compile("(?i)\\.repeat(?:\\s+(\\S+))?\\s*");
    private static final java.util.regex.Pattern END = java.util.regex.Pattern.compile("(?i)\\.end\\s*");

    /**
     * Runs pieces in order. {@code .repeat N} ... {@code .end} (nestable) runs the pieces between them N times: a script
     * loop without a host language (a training loop of {@code UPDATE ... FROM GRADIENT(...)} steps). With
     * {@code .bail on} the first failing piece stops every repetition.
     */
    private boolean runPieces(List<SqlScanner.Piece> pieces, String input, Source source) {
        boolean ok = true;
        for (int i = 0; i < pieces.size(); i++) {
            SqlScanner.Piece piece = pieces.get(i);
            if (exitRequested != null) break;
            if (piece.dotCommand()) {
                java.util.regex.Matcher m = REPEAT.matcher(piece.text().strip());
                if (m.matches()) {
                    int depth = 1, j = i + 1;
                    for (; j < pieces.size(); j++) {
                        SqlScanner.Piece p = pieces.get(j);
                        if (!p.dotCommand()) continue;
                        if (REPEAT.matcher(p.text().strip()).matches()) depth++;
                        else if (END.matcher(p.text().strip()).matches() && --depth == 0) break;
                    }
                    long n = -1;
                    try {
                        if (m.group(1) != null) n = Long.parseLong(m.group(1));
                    } catch (NumberFormatException e) {
                        n = -1;
                    }
                    if (n < 0 || j == pieces.size()) {
                        error(prefix(source)
                                + (source.file() ? "line " + piece.line() + ": " : "")
                                + (n < 0
                                        ? "usage: .repeat N (a count >= 0), then the commands, then .end"
                                        : ".repeat without its .end"));
                        ok = false;
                        if (settings.bail && (!settings.interactive || source.file())) break;
                        i = pieces.size();
                        continue;
                    }
                    List<SqlScanner.Piece> body = pieces.subList(i + 1, j);
                    for (long r = 0; r < n && exitRequested == null; r++) {
                        if (!runPieces(body, input, source)) {
                            ok = false;
                            if (settings.bail && (!settings.interactive || source.file())) return false;
                        }
                    }
                    i = j;
                    continue;
                }
                if (END.matcher(piece.text().strip()).matches()) {
                    error(prefix(source) + (source.file() ? "line " + piece.line() + ": " : "")
                            + ".end without a .repeat");
                    ok = false;
                    if (settings.bail && (!settings.interactive || source.file())) break;
                    continue;
                }
            }
            Redirect before = redirect;
            boolean pieceOk = piece.dotCommand()
                    ? runDot(piece.text(), source, piece.line())
                    : runStatement(piece, input, source);
            // .once lasts for the one command after it
            if (before != null && before == redirect && redirect.once()) endRedirect();
            if (!pieceOk) {
                ok = false;
                // .bail on stops a script, and a file that .read runs in the interactive shell too
                if (settings.bail && (!settings.interactive || source.file())) break;
            }
        }
        return ok;
    }

    /** Runs a file's contents (script argument, {@code .read}, init file). */
    public boolean runFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            error("no such file: " + file);
            return false;
        } catch (IOException e) {
            error("cannot read " + file + ": " + e.getMessage());
            return false;
        }
        if (readDepth > 32) {
            error(".read nested too deeply (a file reading itself?): " + file);
            return false;
        }
        readDepth++;
        try {
            return run(text, Source.ofFile(file));
        } finally {
            readDepth--;
        }
    }

    private boolean runDot(String line, Source source, int lineNumber) {
        if (settings.echo) out.println(line);
        try {
            dot.run(line, source);
            return true;
        } catch (AlreadyReported e) {
            return false;
        } catch (NablaException e) {
            // no "line L:C": a position would point into SQL the command wrote, not what the user typed
            // in a file, the line of the command (no column: it points into SQL the command wrote)
            error(prefix(source) + (source.file() ? "line " + lineNumber + ": " : "") + e.getMessage() + debugHint(e));
            if (settings.debug) e.printStackTrace(new PrintWriter(err, true));
            return false;
        } catch (OutOfMemoryError e) {
            error(prefix(source) + "out of memory");
            return false;
        } catch (RuntimeException | Error e) { // an engine bug must not end the shell
            internalError(e);
            return false;
        } finally {
            out.flush();
        }
    }

    private boolean runStatement(SqlScanner.Piece piece, String input, Source source) {
        if (settings.echo)
            out.println(piece.text().strip() + (piece.terminator() == SqlScanner.Terminator.VERTICAL ? "\\G" : ";"));
        long t0 = System.nanoTime();
        try {
            if (settings.readOnly) ReadOnlyGuard.check(piece.text());
            SqlBackend.Outcome outcome = runner.run(backend, piece.text());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            OutputFormat format =
                    piece.terminator() == SqlScanner.Terminator.VERTICAL ? OutputFormat.LINE : settings.format;
            if (isPlan(piece.text(), outcome, format)) {
                // a plan is text: print its lines as they are, not one cell per line inside a grid
                ResultTable plan = ((SqlBackend.Outcome.Rows) outcome).table();
                for (int r = 0; r < plan.rowCount(); r++) out.println(dev.nabla.cli.output.Cells.text(plan.get(r, 0)));
                timing(ms, false);
                return true;
            }
            show(outcome, format, ms);
            return true;
        } catch (NablaException e) {
            NablaException placed =
                    new NablaException(e.code(), piece.toInput(e.span()), e.getMessage() + debugHint(e));
            error(prefix(source) + placed.render(input));
            if (settings.debug) e.printStackTrace(new PrintWriter(err, true));
            return false;
        } catch (OutOfMemoryError e) {
            error(prefix(source)
                    + "out of memory (the statement's result or an intermediate is too large for the heap; "
                    + "raise it with NABLA_JAVA_OPTS=-Xmx...)");
            return false;
        } catch (RuntimeException | Error e) { // an engine bug must not end the shell
            internalError(e);
            return false;
        } finally {
            out.flush();
        }
    }

    private static boolean isPlan(String sql, SqlBackend.Outcome outcome, OutputFormat format) {
        if (format != OutputFormat.BOX && format != OutputFormat.TABLE) return false;
        if (!(outcome instanceof SqlBackend.Outcome.Rows(ResultTable t)) || t.columnCount() != 1) return false;
        String head = sql.stripLeading();
        return head.regionMatches(true, 0, "EXPLAIN", 0, 7);
    }

    // ------------------------------------------------------------------ output redirection

    /**
     * Output going to a file ({@code .output FILE}, or {@code .once FILE} for one command). {@code format}
     * overrides the mode when the file's extension names one (.csv, .tsv, .json, .jsonl, .md).
     */
    record Redirect(Path file, PrintWriter writer, OutputFormat format, boolean once) {}

    void redirectTo(Path file, boolean once) {
        endRedirect();
        PrintWriter w;
        try {
            w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NablaException(
                    ErrorCode.IO,
                    dev.nabla.common.Span.NONE,
                    "cannot write " + file + ": " + dev.nabla.engine.io.csv.IoFiles.writeReason(file, e),
                    e);
        }
        stdout.flush();
        redirect = new Redirect(file, w, formatForFile(file.getFileName().toString()), once);
        out = w;
    }

    /** Closes the redirect file (if any) and sends output to the terminal again. */
    public void endRedirect() {
        if (redirect == null) return;
        Redirect r = redirect;
        redirect = null;
        out = stdout;
        r.writer().close();
        if (r.writer().checkError()) error("writing " + r.file() + " failed");
    }

    Redirect redirect() {
        return redirect;
    }

    /** The layout a file name asks for, or null to keep the current mode. */
    static OutputFormat formatForFile(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".csv")) return OutputFormat.CSV;
        if (n.endsWith(".tsv") || n.endsWith(".tab")) return OutputFormat.TSV;
        if (n.endsWith(".json")) return OutputFormat.JSON;
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) return OutputFormat.JSONL;
        if (n.endsWith(".md")) return OutputFormat.MARKDOWN;
        return null;
    }

    /** The REPL's history, for {@code .history}; null where there is none (scripts). */
    public void setHistory(java.util.function.Supplier<List<String>> history) {
        this.history = history;
    }

    java.util.function.Supplier<List<String>> history() {
        return history;
    }

    /** Prints one statement's outcome and remembers rows for {@code .last}/{@code .plot}. */
    void show(SqlBackend.Outcome outcome, OutputFormat format, long ms) {
        switch (outcome) {
            case SqlBackend.Outcome.Rows rows -> {
                last = rows.table();
                backend.rememberResult(last);
                printTable(rows.table(), format, ms, true);
            }
            case SqlBackend.Outcome.Count c -> {
                if (c.count() >= 0) totalChanges += c.count();
                if (settings.changes && c.count() >= 0) {
                    // sqlite3's .changes on: on stdout, in scripts too
                    out.println("changes: " + c.count() + "   total_changes: " + totalChanges);
                }
                String rows = c.count() < 0
                        ? ""
                        : String.format(java.util.Locale.ROOT, "%,d %s", c.count(), c.count() == 1 ? "row" : "rows");
                status(
                        c.message() == null || c.message().isBlank()
                                ? rows
                                : c.message().matches(".*\\d.*") || rows.isEmpty()
                                        ? c.message()
                                        : c.message() + " · " + rows);
                timing(ms, false);
            }
            case SqlBackend.Outcome.Ok ok -> {
                if (ok.message() != null) status(ok.message());
                timing(ms, false);
            }
        }
    }

    /** Renders a table the way the current settings say; {@code limited} allows interactive truncation. */
    public void printTable(ResultTable table, OutputFormat format, long ms, boolean limited) {
        // a file gets the whole result, uncoloured and uncut, in the format its name asks for
        boolean live = settings.interactive && redirect == null;
        OutputFormat f = redirect != null && redirect.format() != null ? redirect.format() : format;
        boolean grid = f == OutputFormat.BOX || f == OutputFormat.TABLE;
        RenderOptions o = new RenderOptions(
                        // a pager shows every row: it is there to scroll through them
                        live && limited && !pagerMayRun() ? settings.maxRows : 0,
                        live && grid ? gridWidth() : 0,
                        settings.color && redirect == null,
                        settings.nullValue,
                        settings.header,
                        f == OutputFormat.BOX && live && ms >= 0 ? ms : -1)
                .withSqliteSettings(settings.separator, settings.insertTable, settings.widths)
                // a file written by .output/.once holds data only: no "N rows" footer (as documented)
                .withFooter(redirect == null);
        if (grid && expand(table, f, o, live)) {
            f = OutputFormat.LINE;
            o = o.withWidth(0);
        }
        if (f != OutputFormat.LINE && !grid) o = o.withMaxRows(0);
        if (pagerMayRun()) emit(Renderer.render(table, f, o));
        else Renderer.render(table, f, o, out); // streamed: no copy of a big result as one string
        if (f == OutputFormat.LINE && live && format == OutputFormat.BOX && ms >= 0) {
            // the vertical layout of a box-mode shell keeps the box's footer
            String footer = String.format(
                    java.util.Locale.ROOT,
                    "%,d %s · %s",
                    table.rowCount(),
                    table.rowCount() == 1 ? "row" : "rows",
                    Renderer.elapsed(ms));
            out.println(settings.color ? "\u001b[2m" + footer + "\u001b[0m" : footer);
        }
        // with .timer on the Run Time line comes even under a footer: it adds rows read and their rate
        timing(ms, f == OutputFormat.TRASH);
    }

    /** The width box/table output is fitted to: {@code .maxwidth} when set, else the terminal's. */
    int gridWidth() {
        return settings.maxWidth > 0 ? settings.maxWidth : terminalWidth();
    }

    /** Whether {@code .x} turns this grid into the vertical layout: on, or auto and a row is wider than the terminal. */
    private boolean expand(ResultTable table, OutputFormat f, RenderOptions o, boolean live) {
        return switch (settings.expanded) {
            case OFF -> false;
            case ON -> true;
            case AUTO -> live && table.columnCount() > 1 && Renderer.naturalWidth(table, f, o) > gridWidth();
        };
    }

    private boolean pagerMayRun() {
        return pager != null
                && settings.interactive
                && redirect == null
                && settings.pager != ShellSettings.PagerMode.OFF;
    }

    /** Prints output, through the pager when it is on (or auto and longer than the screen). */
    public void emit(String text) {
        if (pagerMayRun()) {
            long lines = text.chars().filter(ch -> ch == '\n').count();
            if (settings.pager == ShellSettings.PagerMode.ON || lines > terminalHeight() - 2) {
                out.flush();
                pager.accept(text);
                return;
            }
        }
        out.print(text);
    }

    /**
     * A status line (what a statement or {@code .import}/{@code .export} did): shown only in the
     * interactive shell, and always on the terminal, never into an {@code .output} file, which holds
     * results only (as in sqlite3 and DuckDB, whose shells print no status and their timer on stdout).
     */
    public void status(String message) {
        if (!settings.interactive || message.isEmpty()) return;
        out.flush();
        stdout.println(message);
        stdout.flush();
    }

    private void timing(long ms, boolean always) {
        if (!settings.timer || ms < 0) return;
        String line = "Run Time: " + Renderer.elapsed(ms) + rowsRead(ms);
        // interactive: on stdout next to the result; scripts: on stderr so that it never mixes into data
        out.flush();
        if (settings.interactive) {
            stdout.println(line);
        } else {
            err.println(line);
            err.flush();
        }
    }

    /** " · 3,000,000 rows read (25.1 M rows/s)" from the engine's progress counter; empty when it read none. */
    private String rowsRead(long ms) {
        dev.nabla.engine.Progress p = backend.progress();
        if (p == null || p.running() || p.rowsScanned() <= 0) return "";
        long rows = p.rowsScanned();
        String s = String.format(java.util.Locale.ROOT, " · %,d %s read", rows, rows == 1 ? "row" : "rows");
        if (ms <= 0) return s;
        double perSecond = rows * 1000.0 / ms;
        return s
                + (perSecond >= 1e6
                        ? String.format(java.util.Locale.ROOT, " (%.1f M rows/s)", perSecond / 1e6)
                        : String.format(java.util.Locale.ROOT, " (%,.0f rows/s)", perSecond));
    }

    private static String prefix(Source source) {
        return source.file() && source.name() != null ? source.name() + ": " : "";
    }

    /**
     * Turns errors into warnings that do not count (for the init file: a bad line there should not
     * stop the shell from starting); null turns this off.
     */
    public void setWarningsOnly(String prefix) {
        this.warningPrefix = prefix;
    }

    /** One "Error: ..." message on stderr; counts toward the exit code. */
    public void error(String message) {
        if (warningPrefix != null) {
            warn(warningPrefix + message);
            return;
        }
        errors++;
        out.flush();
        err.println((settings.color && settings.interactive ? "\u001b[1;31mError:\u001b[0m " : "Error: ") + message);
        err.flush();
    }

    public void warn(String message) {
        out.flush();
        err.println("Warning: " + message);
        err.flush();
    }

    /** Internal errors (engine bugs) say how to get the stack trace a bug report needs. */
    private String debugHint(NablaException e) {
        return e.code() == ErrorCode.INTERNAL && !settings.debug ? " (run with --debug for a stack trace)" : "";
    }

    private void internalError(Throwable e) {
        String msg = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        error("internal error: " + msg + (settings.debug ? "" : " (run with --debug for a stack trace)"));
        if (settings.debug) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            err.print(sw);
            err.flush();
        }
    }

    /** Runs a statement for a dot-command (e.g. {@code SHOW TABLES}); errors propagate. */
    public SqlBackend.Outcome query(String sql) {
        if (settings.readOnly) ReadOnlyGuard.check(sql);
        return runner.run(backend, sql);
    }

    /** Runs a query that must return rows. */
    public ResultTable rows(String sql) {
        SqlBackend.Outcome o = query(sql);
        if (o instanceof SqlBackend.Outcome.Rows r) return r.table();
        throw new NablaException(ErrorCode.INTERNAL, "expected rows from: " + sql);
    }

    /** Lower-case names of views (SHOW TABLES' third column says "view"); empty when the engine cannot say. */
    Set<String> viewNames() {
        try {
            ResultTable t = rows("SHOW TABLES");
            Set<String> views = new java.util.HashSet<>();
            if (t.columnCount() < 3) return views;
            for (int r = 0; r < t.rowCount(); r++) {
                if ("view".equalsIgnoreCase(String.valueOf(t.get(r, 2))) && t.get(r, 0) != null) {
                    views.add(t.get(r, 0).toString().toLowerCase(java.util.Locale.ROOT));
                }
            }
            return views;
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    /** Table and view names for {@code .tables} and {@code .schema}: what {@code SHOW TABLES} lists; empty when the engine cannot say. */
    public List<String> tableNames() {
        try {
            return tableNames(rows("SHOW TABLES"));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The names in a {@code SHOW TABLES} result; completion uses this too, so that it offers what {@code .tables} lists. */
    public static List<String> tableNames(ResultTable showTables) {
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        for (int r = 0; r < showTables.rowCount(); r++) {
            Object v = showTables.get(r, 0);
            if (v != null) names.add(v.toString());
        }
        return names;
    }
}
