package dev.nabla.cli.repl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.FakeBackend;
import dev.nabla.cli.output.OutputFormat;
import dev.nabla.cli.shell.ShellSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ReplTest {
    final FakeBackend db = new FakeBackend();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    static ShellSettings boxSettings() {
        ShellSettings s = new ShellSettings();
        s.format = OutputFormat.BOX;
        return s;
    }

    Terminal dumb(java.io.InputStream in) throws Exception {
        // a dumb terminal straight over the streams: no pty, no native code, like a pipe
        return new org.jline.terminal.impl.DumbTerminal("test", Terminal.TYPE_DUMB, in, out, StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(20)
    void multiLineStatementsHistoryAndExit(@TempDir Path dir) throws Exception {
        String input = "SELECT\n1;\n.timer on\nSELECT 1;\n.exit 4\nSELECT 1;\n";
        Path history = dir.resolve("hist");
        Repl repl = new Repl(db, boxSettings(), false, null, false).errorsTo(new PrintStream(err));
        int code;
        try (Terminal t = dumb(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))) {
            code = repl.run(t, history);
        }
        assertThat(code).isEqualTo(4);
        assertThat(db.statements).containsExactly("SELECT\n1", "SELECT 1");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("│ integer │", "1 row · ", "nabla> ");
        // one history entry per statement, multi-line kept together
        List<String> saved = Files.readAllLines(history);
        assertThat(saved).hasSize(4);
        assertThat(saved.getFirst()).contains("SELECT").contains("1;");
    }

    @Test
    @Timeout(20)
    void ctrlCCancelsTheRunningStatementAndTheSessionStaysUsable() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 1 << 16);
        Repl repl = new Repl(db, boxSettings(), false, null, false).errorsTo(new PrintStream(err, true));
        try (Terminal t = dumb(in)) {
            Thread th = Thread.ofPlatform().start(() -> repl.run(t, null));
            keys.write("SELECT slow;\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertThat(db.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            t.raise(Terminal.Signal.INT);
            keys.write("SELECT 1;\n".getBytes(StandardCharsets.UTF_8));
            keys.close();
            th.join(10_000);
            assertThat(th.isAlive()).isFalse();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Error: statement cancelled");
        assertThat(db.statements).containsExactly("SELECT slow", "SELECT 1");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("│       1 │");
    }

    @Test
    @Timeout(60)
    void ctrlCStopsARecursiveCteInTheRealEngine() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 1 << 16);
        dev.nabla.cli.shell.EngineBackend engine = dev.nabla.cli.shell.EngineBackend.open();
        Repl repl = new Repl(engine, boxSettings(), false, null, false).errorsTo(new PrintStream(err, true));
        try (Terminal t = dumb(in)) {
            Thread th = Thread.ofPlatform().start(() -> repl.run(t, null));
            keys.write(("CREATE TABLE keep AS SELECT 41 + 1 AS v;\nSET max_recursion = 1000000000;\n"
                            + "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r;\n")
                    .getBytes(StandardCharsets.UTF_8));
            keys.flush();
            long deadline = System.currentTimeMillis() + 20_000;
            while (!out.toString(StandardCharsets.UTF_8).contains("SET") && System.currentTimeMillis() < deadline)
                Thread.sleep(20);
            Thread.sleep(500);
            t.raise(Terminal.Signal.INT);
            keys.write("SELECT v FROM keep;\n".getBytes(StandardCharsets.UTF_8));
            keys.close();
            th.join(30_000);
            assertThat(th.isAlive()).isFalse();
        } finally {
            engine.close();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Error: statement cancelled");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("│      42 │");
    }

    @Test
    @Timeout(20)
    void editRunsTheSavedStatementAndHistoryListsIt() throws Exception {
        db.answers.put(
                "SELECT 42",
                sql -> new dev.nabla.cli.shell.SqlBackend.Outcome.Rows(new dev.nabla.cli.output.SimpleTable(
                        List.of("v"), List.of(dev.nabla.storage.DataType.BIGINT), List.of(List.of(42L)))));
        String input = "SELECT 1;\n\\e\n.history\n";
        Repl repl = new Repl(db, boxSettings(), false, null, false)
                .errorsTo(new PrintStream(err))
                .editor("sed -i s/1/42/");
        try (Terminal t = dumb(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))) {
            assertThat(repl.run(t, null)).isZero();
        }
        assertThat(db.statements).containsExactly("SELECT 1", "SELECT 42");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("│     42 │", "  1  SELECT 1;", "  2  SELECT 42;\n  3  .history");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void completionIsContextAware() {
        Catalog catalog = new Catalog() {
            final Map<String, List<String>> cols = Map.of("points", List.of("x", "y"), "params", List.of("w", "b"));

            @Override
            public List<String> tables() {
                return List.of("points", "params");
            }

            @Override
            public List<String> columns(String table) {
                return cols.getOrDefault(table, List.of());
            }
        };
        SqlCompleter c = new SqlCompleter(
                catalog,
                new dev.nabla.cli.shell.Shell(
                                db, new ShellSettings(), new java.io.PrintWriter(out), new java.io.PrintWriter(err))
                        .dotCommands()
                        .commands());
        assertThat(values(c, "SELECT * FROM p")).contains("points", "params").doesNotContain("x", "SELECT");
        assertThat(values(c, "SELECT x FROM points JOIN p")).contains("points");
        assertThat(values(c, "SELECT grad(y, ")).contains("x", "y", "w", "grad(");
        assertThat(values(c, "SELECT x FROM points WHERE ")).contains("x", "y").doesNotContain("w");
        assertThat(values(c, "SEL")).contains("SELECT");
        List<Candidate> mid = new ArrayList<>();
        String line = "SELECT  FROM params";
        c.complete(null, new ReplParser().parse(line, 7, org.jline.reader.Parser.ParseContext.COMPLETE), mid);
        assertThat(mid.stream().map(Candidate::value).toList())
                .contains("w", "b")
                .doesNotContain("x");
        assertThat(values(c, "sel")).contains("select");
        assertThat(values(c, "DESCRIBE ")).containsExactlyInAnyOrder("points", "params");
        assertThat(values(c, ".mo")).contains(".mode", ".help");
        assertThat(values(c, ".mode ")).contains("box", "csv", "jsonl");
        assertThat(values(c, ".import data.csv ")).contains("points");
        assertThat(values(c, ".x ")).containsExactly("on", "off", "auto");
        assertThat(values(c, ".help ")).contains("grad", "jvp", "once", "history");
        assertThat(values(c, ".import data.csv points ")).contains("--delim", "--no-header");
        assertThat(values(c, "SELECT 1; SELECT * FROM ")).contains("points");
        assertThat(values(c, "SELECT s")).contains("sigmoid(", "softplus(", "stop_gradient(", "sum(");
    }

    @Test
    void completionDotTablesAndShowTablesAgree() {
        try (dev.nabla.cli.shell.EngineBackend engine = dev.nabla.cli.shell.EngineBackend.open()) {
            Repl repl = new Repl(engine, boxSettings(), false, null, false);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            dev.nabla.cli.shell.Shell sh = new dev.nabla.cli.shell.Shell(
                    engine,
                    new ShellSettings(),
                    new java.io.PrintWriter(o, true, StandardCharsets.UTF_8),
                    new java.io.PrintWriter(err, true));
            // a fresh shell: nothing anywhere, _ included, even after a result
            sh.run("SELECT 1 AS one;", dev.nabla.cli.shell.Shell.Source.COMMAND_LINE);
            SqlCompleter empty =
                    new SqlCompleter(repl.catalog(), sh.dotCommands().commands());
            assertThat(values(empty, "SELECT * FROM ")).noneMatch(v -> v.equals("_"));
            assertThat(repl.catalog().tables()).isEmpty();
            sh.run(
                    "CREATE TABLE points (x DOUBLE); CREATE VIEW recent AS SELECT x FROM points; CREATE TABLE _ (z INTEGER);",
                    dev.nabla.cli.shell.Shell.Source.COMMAND_LINE);
            Repl fresh = new Repl(engine, boxSettings(), false, null, false);
            List<String> shown = dev.nabla.cli.shell.Shell.tableNames(sh.rows("SHOW TABLES"));
            assertThat(shown).containsExactlyInAnyOrder("points", "recent", "_");
            assertThat(fresh.catalog().tables()).containsExactlyInAnyOrderElementsOf(shown);
            assertThat(sh.tableNames()).containsExactlyInAnyOrderElementsOf(shown);
            o.reset();
            sh.run(".tables", dev.nabla.cli.shell.Shell.Source.COMMAND_LINE);
            assertThat(o.toString(StandardCharsets.UTF_8).split("\\s+")).containsExactlyInAnyOrderElementsOf(shown);
            SqlCompleter c = new SqlCompleter(fresh.catalog(), sh.dotCommands().commands());
            assertThat(values(c, "SELECT * FROM ")).containsAll(shown);
            assertThat(fresh.catalog().columns("_")).containsExactly("z");
        }
    }

    @Test
    void helpListsEveryDotCommandAndTheDocsDescribeThem() throws Exception {
        dev.nabla.cli.shell.Shell sh = new dev.nabla.cli.shell.Shell(
                db,
                new ShellSettings(),
                new java.io.PrintWriter(out, true, StandardCharsets.UTF_8),
                new java.io.PrintWriter(err, true));
        sh.run(".help", dev.nabla.cli.shell.Shell.Source.COMMAND_LINE);
        String help = out.toString(StandardCharsets.UTF_8);
        Path docs = Path.of("../docs/cli.md");
        String doc = Files.exists(docs) ? Files.readString(docs) : null;
        List<String> names = sh.dotCommands().commands().stream()
                .map(dev.nabla.cli.shell.DotCommands.Command::name)
                .toList();
        assertThat(names).contains("print", "output", "once", "tables", "schema");
        for (String name : names) {
            assertThat(help).as(name).containsPattern("(?m)^\\." + name + "\\b");
            // every command in the CLI reference's dot-command table
            if (doc != null) assertThat(doc).as(name).containsPattern("\\| `\\." + name + "\\b|, `\\." + name + "\\b");
        }
        // completion offers every command too
        SqlCompleter c = new SqlCompleter(
                new Catalog() {
                    @Override
                    public List<String> tables() {
                        return List.of();
                    }

                    @Override
                    public List<String> columns(String table) {
                        return List.of();
                    }
                },
                sh.dotCommands().commands());
        assertThat(values(c, ".")).containsAll(names.stream().map(n -> "." + n).toList());
    }

    private static List<String> values(SqlCompleter c, String line) {
        List<Candidate> out = new ArrayList<>();
        org.jline.reader.ParsedLine parsed =
                new ReplParser().parse(line, line.length(), org.jline.reader.Parser.ParseContext.COMPLETE);
        c.complete(null, parsed, out);
        return out.stream().map(Candidate::value).toList();
    }

    @Test
    void parserAsksForMoreUntilTheStatementEnds() {
        ReplParser p = new ReplParser();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> p.parse("SELECT 'a;", 10, org.jline.reader.Parser.ParseContext.ACCEPT_LINE))
                .isInstanceOf(org.jline.reader.EOFError.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> p.parse("SELECT (1;", 10, org.jline.reader.Parser.ParseContext.ACCEPT_LINE))
                .isInstanceOf(org.jline.reader.EOFError.class);
        assertThat(p.parse("SELECT 1 != 2;", 14, org.jline.reader.Parser.ParseContext.ACCEPT_LINE)
                        .line())
                .isEqualTo("SELECT 1 != 2;");
        assertThat(p.parse(".tables", 7, org.jline.reader.Parser.ParseContext.ACCEPT_LINE)
                        .words())
                .containsExactly(".tables");
    }

    @Test
    void highlightsWithTheParsersLexer() {
        SqlHighlighter h = new SqlHighlighter(true);
        String sql = "SELECT grad(x*x, x), 'str', 42 FROM t -- c";
        var a = h.highlight(sql);
        assertThat(a.toString()).isEqualTo(sql);
        assertThat(a.styleAt(0)).isEqualTo(SqlHighlighter.style(SqlHighlighter.Kind.KEYWORD));
        assertThat(a.styleAt(sql.indexOf("grad"))).isEqualTo(SqlHighlighter.style(SqlHighlighter.Kind.DERIVATIVE));
        assertThat(a.styleAt(sql.indexOf("'str'") + 1)).isEqualTo(SqlHighlighter.style(SqlHighlighter.Kind.STRING));
        assertThat(a.styleAt(sql.indexOf("42"))).isEqualTo(SqlHighlighter.style(SqlHighlighter.Kind.NUMBER));
        assertThat(a.styleAt(sql.indexOf("-- c") + 2)).isEqualTo(SqlHighlighter.style(SqlHighlighter.Kind.COMMENT));
        assertThat(new SqlHighlighter(false).highlight(sql).styleAt(0)).isEqualTo(AttributedStyle.DEFAULT);
        var bad = h.highlight("SELECT 'open");
        assertThat(bad.styleAt(9)).isEqualTo(SqlHighlighter.style(SqlHighlighter.Kind.ERROR));
    }
}
