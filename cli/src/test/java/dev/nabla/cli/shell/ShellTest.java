package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.FakeBackend;
import dev.nabla.cli.output.OutputFormat;
import dev.nabla.cli.output.SimpleTable;
import dev.nabla.storage.DataType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
    final FakeBackend db = new FakeBackend();
    final StringWriter out = new StringWriter(), err = new StringWriter();
    final ShellSettings settings = new ShellSettings();
    final Shell shell = new Shell(db, settings, new PrintWriter(out), new PrintWriter(err));

    @Test
    void errorsShowLineColumnAndCaretAndStopScripts() {
        boolean ok = shell.run("SELECT 1;\nSELECT  foo;\nSELECT 1;", Shell.Source.COMMAND_LINE);
        assertThat(ok).isFalse();
        assertThat(err.toString()).isEqualTo("Error: line 2:9: unknown column \"foo\"\nSELECT  foo;\n        ^^^\n");
        assertThat(db.statements).hasSize(2);
        assertThat(shell.errorCount()).isEqualTo(1);
    }

    @Test
    void noBailRunsTheRest() {
        settings.bail = false;
        assertThat(shell.run("SELECT foo; SELECT 1;", Shell.Source.COMMAND_LINE))
                .isFalse();
        assertThat(db.statements).hasSize(2);
    }

    @Test
    void verticalTerminatorAndModes() {
        shell.run("SELECT 1\\G", Shell.Source.COMMAND_LINE);
        assertThat(out.toString()).isEqualTo("1 = 1\n");
        out.getBuffer().setLength(0);
        shell.run(".mode csv\nSELECT 1;", Shell.Source.COMMAND_LINE);
        assertThat(out.toString()).isEqualTo("1\n1\n");
        assertThat(settings.format).isEqualTo(OutputFormat.CSV);
    }

    @Test
    void unknownDotCommand() {
        assertThat(shell.run(".frobnicate", Shell.Source.COMMAND_LINE)).isFalse();
        assertThat(err.toString()).contains("Error: unknown command .frobnicate (.help lists them)");
    }

    @Test
    void importGoesThroughReadCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("people.csv");
        Files.writeString(csv, "id,name\n1,a\n");
        db.answers.put("CREATE TABLE people AS", sql -> new SqlBackend.Outcome.Count(1, "CREATE TABLE"));
        assertThat(shell.run(".import " + csv + " people", Shell.Source.COMMAND_LINE))
                .isTrue();
        assertThat(db.statements).contains("CREATE TABLE people AS SELECT * FROM read_csv('" + csv + "')");
        // an existing table is appended to by COPY FROM (fields read as the table's own types), with the options passed
        // on
        db.tables.put("people", List.<String[]>of(new String[] {"id", "BIGINT"}));
        db.answers.put("COPY people FROM", sql -> new SqlBackend.Outcome.Count(1, "COPY"));
        db.statements.clear();
        assertThat(shell.run(
                        ".import '" + csv + "' people --no-header --delim ';' --nullstr NA", Shell.Source.COMMAND_LINE))
                .isTrue();
        assertThat(db.statements)
                .contains("COPY people FROM '" + csv + "' (header false, delim ';', nullstr 'NA')")
                .noneMatch(st -> st.startsWith("CREATE"));
    }

    @Test
    void dotCommandsIgnoreATrailingComment() {
        assertThat(DotCommands.withoutComment("step loss --log-y   -- the loss curve"))
                .isEqualTo("step loss --log-y   ");
        assertThat(DotCommands.withoutComment("a '-- not a comment' --")).isEqualTo("a '-- not a comment' ");
        assertThat(DotCommands.withoutComment("--header x")).isEqualTo("--header x");
        assertThat(DotCommands.withoutComment("x--y")).isEqualTo("x--y");
        assertThat(shell.run(".timer on -- time each statement", Shell.Source.COMMAND_LINE))
                .isTrue();
        assertThat(settings.timer).isTrue();
    }

    @Test
    void importUsageErrors() {
        assertThat(shell.run(".import only-a-file.csv", Shell.Source.COMMAND_LINE))
                .isFalse();
        assertThat(shell.run(".import a.csv t --frob", Shell.Source.COMMAND_LINE))
                .isFalse();
        assertThat(err.toString()).contains("Error: usage: .import <file> <table>", "Error: unknown option --frob");
    }

    @Test
    void readIsRelativeToTheIncludingFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("main.sql"), ".read sub/inner.sql\n");
        Files.writeString(dir.resolve("sub/inner.sql"), "SELECT 1;\n");
        assertThat(shell.runFile(dir.resolve("main.sql"))).isTrue();
        assertThat(db.statements).containsExactly("SELECT 1");
    }

    @Test
    void anErrorInsideReadIsReportedOnceAndStopsTheScript(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("inner.sql"), "SELECT foo;\n");
        Files.writeString(dir.resolve("main.sql"), ".read inner.sql\nSELECT 1;\n");
        assertThat(shell.runFile(dir.resolve("main.sql"))).isFalse();
        assertThat(err.toString().lines().filter(l -> l.startsWith("Error")).count())
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("Error: " + dir.resolve("inner.sql") + ": line 1:8:");
        assertThat(db.statements).containsExactly("SELECT foo");
    }

    @Test
    void exportGoesThroughCopyAndRendersJson(@TempDir Path dir) throws Exception {
        db.answers.put("COPY ", sql -> new SqlBackend.Outcome.Count(2, "COPY"));
        assertThat(shell.run(".export t " + dir.resolve("t.csv"), Shell.Source.COMMAND_LINE))
                .isTrue();
        assertThat(db.statements.getLast())
                .isEqualTo("COPY (SELECT * FROM t) TO '" + dir.resolve("t.csv") + "' (HEADER)");
        settings.header = false;
        shell.run(".export (SELECT a FROM t WHERE a > 1) " + dir.resolve("t.out"), Shell.Source.COMMAND_LINE);
        assertThat(db.statements.getLast())
                .isEqualTo("COPY (SELECT a FROM t WHERE a > 1) TO '" + dir.resolve("t.out")
                        + "' (FORMAT csv, HEADER false)");
        db.answers.put(
                "SELECT * FROM t",
                sql -> new SqlBackend.Outcome.Rows(new SimpleTable(
                        List.of("a", "b"),
                        List.of(DataType.BIGINT, DataType.VARCHAR),
                        List.of(Arrays.asList(1L, "x,y"), Arrays.asList(2L, null)))));
        assertThat(shell.run(".export t " + dir.resolve("t.jsonl"), Shell.Source.COMMAND_LINE))
                .isTrue();
        assertThat(Files.readString(dir.resolve("t.jsonl")))
                .isEqualTo("{\"a\":1,\"b\":\"x,y\"}\n{\"a\":2,\"b\":null}\n");
    }

    @Test
    void plotUsesTheLastResult() {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 30; i++) rows.add(List.of(i, 1.0 / (i + 1)));
        db.answers.put(
                "SELECT step, loss",
                s -> new SqlBackend.Outcome.Rows(
                        new SimpleTable(List.of("step", "loss"), List.of(DataType.BIGINT, DataType.DOUBLE), rows)));
        settings.format = OutputFormat.TRASH;
        assertThat(shell.run("SELECT step, loss FROM log;\n.plot", Shell.Source.COMMAND_LINE))
                .isTrue();
        String chart = out.toString();
        assertThat(chart).contains("1 ┤", "└", "step", "⣿ loss");
        assertThat(chart.lines().count()).isEqualTo(20);
    }

    @Test
    void gradcheckComparesWithFiniteDifferences() {
        // the fake evaluates f(x) = x^3 on rows x = 1, 2, 3 and returns grad = 3x^2 (or a wrong one)
        double[] xs = {1, 2, 3};
        db.answers.put("SELECT grad(", s -> {
            List<List<Object>> rows = new ArrayList<>();
            for (double x : xs) {
                double h = GradCheck.STEP * (1 + Math.abs(x));
                double g = s.contains("x * x * x") ? 3 * x * x : 2 * x;
                rows.add(List.of(g, x, Math.pow(x + h, 3), Math.pow(x - h, 3)));
            }
            return new SqlBackend.Outcome.Rows(new SimpleTable(
                    List.of("g", "x", "fp", "fm"),
                    List.of(DataType.DOUBLE, DataType.DOUBLE, DataType.DOUBLE, DataType.DOUBLE),
                    rows));
        });
        assertThat(shell.run(".gradcheck x * x * x, x FROM t", Shell.Source.COMMAND_LINE))
                .isTrue();
        assertThat(db.statements.getLast())
                .isEqualTo(
                        "SELECT grad(x * x * x, x), x, (x + (1.0E-5 * (1 + abs(x)))) * (x + (1.0E-5 * (1 + abs(x))))"
                                + " * (x + (1.0E-5 * (1 + abs(x)))), (x - (1.0E-5 * (1 + abs(x)))) * (x - (1.0E-5 * (1 + abs(x)))) * (x - (1.0E-5 * (1 + abs(x)))) FROM t");
        assertThat(out.toString()).contains("on 3 rows", "PASS");
        out.getBuffer().setLength(0);
        assertThat(shell.run(".gradcheck pow(x,3) + 0*x, x FROM t", Shell.Source.COMMAND_LINE))
                .isFalse();
        assertThat(out.toString()).contains("FAIL");
        assertThat(err.toString()).contains("gradcheck failed");
    }

    @Test
    void substitutionSkipsFunctionsStringsAndNumbers() {
        GradCheck.ColumnName x = GradCheck.parseColumn("x FROM t", new int[1]);
        assertThat(GradCheck.substitute("x(x) + 'x' + t.x + \"x\" + X + 1e5x", x, "(x+h)"))
                .isEqualTo("x((x+h)) + 'x' + (x+h) + (x+h) + (x+h) + 1e5x");
        int[] end = new int[1];
        GradCheck.ColumnName tx = GradCheck.parseColumn("t.x FROM t JOIN u ON t.id = u.id", end);
        assertThat(tx.text()).isEqualTo("t.x");
        assertThat(end[0]).isEqualTo(3);
        assertThat(GradCheck.substitute("t.x * u.x + x + T.X + s.t.x", tx, "H")).isEqualTo("H * u.x + H + H + s.t.x");
        GradCheck.ColumnName quoted = GradCheck.parseColumn("\"My X\" FROM t", end);
        assertThat(quoted.name()).isEqualTo("My X");
        assertThat(GradCheck.substitute("\"My X\" * t.\"My X\" + \"my x\"", quoted, "H"))
                .isEqualTo("H * H + \"my x\"");
    }

    @Test
    void gradcheckUsageErrorsSayWhatIsWrong() {
        String[][] cases = {
            {".gradcheck", "usage: .gradcheck <expr>, <column> FROM <table>"},
            {".gradcheck x * x FROM t", "usage: .gradcheck"},
            {".gradcheck , x FROM t", "missing the expression before the comma"},
            {".gradcheck x * x, 2 FROM t", "expected a column name (x or t.x) after the comma, got '2'"},
            {".gradcheck x * x, x", "needs the rows to check: add FROM <table> after x"},
            {".gradcheck x * x, x WHERE x > 0", "expected FROM after the column x, got 'WHERE'"},
            {".gradcheck y * y, x FROM t", "the expression does not mention x"},
            {".gradcheck x * x, x FROM t --tol abc", "--tol needs a positive number at the end, got 'abc'"},
        };
        for (String[] c : cases) {
            err.getBuffer().setLength(0);
            assertThat(shell.run(c[0], Shell.Source.COMMAND_LINE)).as(c[0]).isFalse();
            assertThat(err.toString()).as(c[0]).startsWith("Error: ").contains(c[1]);
        }
        assertThat(db.statements).isEmpty();
    }

    @Test
    void initFileErrorsAreWarnings(@TempDir Path dir) throws Exception {
        Path rc = dir.resolve("rc");
        Files.writeString(rc, ".mode csv\n.mode nope\n");
        dev.nabla.cli.Main.runInit(shell, rc);
        // file and line named once each (issue 19 item 11)
        assertThat(err.toString()).startsWith("Warning: " + rc + ": line 2: unknown format 'nope'");
        assertThat(err.toString().split(java.util.regex.Pattern.quote(rc.toString()), -1))
                .hasSize(2);
        assertThat(settings.format).isEqualTo(OutputFormat.CSV);
        assertThat(shell.errorCount()).isZero();
    }

    @Test
    void helpListsCommandsAndFilters() {
        shell.run(".help plot", Shell.Source.COMMAND_LINE);
        assertThat(out.toString()).contains(".plot").doesNotContain(".import");
    }

    @Test
    void expandedLayoutOnAndAuto() {
        db.answers.put(
                "SELECT wide",
                sql -> new SqlBackend.Outcome.Rows(new SimpleTable(
                        List.of("a", "b"),
                        List.of(DataType.BIGINT, DataType.VARCHAR),
                        List.of(Arrays.asList(1L, "y".repeat(60))))));
        settings.format = OutputFormat.BOX;
        shell.run(".x on\nSELECT 1;", Shell.Source.COMMAND_LINE);
        assertThat(out.toString()).isEqualTo("1 = 1\n");
        out.getBuffer().setLength(0);
        // auto: vertical only when the grid would be wider than the terminal (interactive only)
        settings.interactive = true;
        shell.setTerminalSize(() -> 100, () -> 40);
        shell.run(".x auto\nSELECT wide;\nSELECT 1;", Shell.Source.COMMAND_LINE);
        assertThat(out.toString()).doesNotContain("a = 1").contains("│ " + "y".repeat(60) + " │");
        out.getBuffer().setLength(0);
        shell.setTerminalSize(() -> 50, () -> 40);
        shell.run("SELECT wide;\nSELECT 1;", Shell.Source.COMMAND_LINE);
        assertThat(out.toString()).startsWith("a = 1\nb = yyyy").contains("1 row · ", "│ integer │");
        assertThat(shell.run(".x sideways", Shell.Source.COMMAND_LINE)).isFalse();
    }

    @Test
    void onceAndOutputRedirectResultsToFiles(@TempDir Path dir) throws Exception {
        settings.interactive = true;
        settings.format = OutputFormat.BOX;
        settings.color = true;
        shell.run(".once " + dir.resolve("one.csv") + "\nSELECT 1;\nSELECT 1;", Shell.Source.COMMAND_LINE);
        assertThat(Files.readString(dir.resolve("one.csv"))).isEqualTo("1\n1\n");
        assertThat(out.toString()).contains("1 row"); // the second SELECT is back on the terminal
        out.getBuffer().setLength(0);
        shell.run(
                ".output " + dir.resolve("all.txt") + "\nSELECT 1;\nBEGIN;\n.show\nSELECT 1;\n.output\nSELECT 1;",
                Shell.Source.COMMAND_LINE);
        String file = Files.readString(dir.resolve("all.txt"));
        // the file gets whole, uncoloured results in the current mode, without the box footer (data only);
        // messages stay on the terminal
        assertThat(file).contains("│ integer │").doesNotContain("\u001b", " ms", "BEGIN", "1 row");
        assertThat(file).contains("output: " + dir.resolve("all.txt"));
        assertThat(out.toString()).contains("BEGIN", "1 row");
        assertThat(shell.run(".once", Shell.Source.COMMAND_LINE)).isFalse();
        assertThat(shell.run(".once " + dir.resolve("no/such/dir/x.csv"), Shell.Source.COMMAND_LINE))
                .isFalse();
        assertThat(err.toString()).contains("usage: .once <file>", "cannot write ");
    }

    @Test
    void historyNeedsTheInteractiveShell() {
        assertThat(shell.run(".history", Shell.Source.COMMAND_LINE)).isFalse();
        assertThat(err.toString()).contains(".history is only kept in the interactive shell");
        shell.setHistory(() -> List.of("SELECT 1;", "SELECT\n2;", ".tables"));
        assertThat(shell.run(".history 2", Shell.Source.COMMAND_LINE)).isTrue();
        assertThat(out.toString()).isEqualTo("  2  SELECT\n     2;\n  3  .tables\n");
    }

    @Test
    void helpGradShowsSyntaxAndExamples() {
        for (String topic : List.of("grad", "jvp", "stop_gradient", "derivative")) {
            out.getBuffer().setLength(0);
            assertThat(shell.run(".help " + topic, Shell.Source.COMMAND_LINE)).isTrue();
            assertThat(out.toString())
                    .contains(
                            "grad(f, x)",
                            "jvp(f, x, t)",
                            "vjp(f, x, c)",
                            "derivative('f', 'x')",
                            "stop_gradient(e)",
                            "SELECT x, grad(x * x + sin(x), x) FROM pts;");
        }
        out.getBuffer().setLength(0);
        shell.run(".help", Shell.Source.COMMAND_LINE);
        assertThat(out.toString())
                .contains(".help grad", ".x on|off|auto", ".once <file>", ".history [n]", "\\e edits");
    }

    @Test
    void internalErrorsAreOneLineWithoutATrace() {
        db.answers.put("SELECT boom", sql -> {
            throw new AssertionError("bad state");
        });
        db.answers.put("SELECT npe", sql -> {
            throw new NullPointerException();
        });
        settings.bail = false;
        assertThat(shell.run("SELECT boom; SELECT npe; SELECT 1;", Shell.Source.COMMAND_LINE))
                .isFalse();
        assertThat(err.toString())
                .isEqualTo("Error: internal error: AssertionError: bad state (run with --debug for a stack trace)\n"
                        + "Error: internal error: NullPointerException (run with --debug for a stack trace)\n");
        assertThat(out.toString()).contains("| 1 |");
        err.getBuffer().setLength(0);
        settings.debug = true;
        shell.run("SELECT boom;", Shell.Source.COMMAND_LINE);
        assertThat(err.toString()).contains("\tat ");
    }

    @Test
    void exitStopsInput() {
        shell.run(".exit 3\nSELECT 1;", Shell.Source.COMMAND_LINE);
        assertThat(shell.exitRequested()).isEqualTo(3);
        assertThat(db.statements).isEmpty();
    }
}
