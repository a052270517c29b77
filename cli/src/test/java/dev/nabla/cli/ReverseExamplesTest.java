package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.output.OutputFormat;
import dev.nabla.cli.shell.EngineBackend;
import dev.nabla.cli.shell.Shell;
import dev.nabla.cli.shell.ShellSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reverse-mode examples run as {@code ./nabla examples/<file>.sql} runs them (the shell, so {@code .repeat}
 * works), then their results are checked with a query in the same session.
 */
class ReverseExamplesTest {

    @Test
    void linearRegressionGradientIsTheClosedFormAndDescentReachesLeastSquares() throws Exception {
        try (EngineBackend backend = EngineBackend.open()) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            ShellSettings settings = new ShellSettings();
            settings.format = OutputFormat.CSV;
            settings.bail = true;
            Shell shell = new Shell(backend, settings, new PrintWriter(out), new PrintWriter(err));
            assertThat(shell.runFile(root().resolve("examples/reverse_linear_regression.sql")))
                    .as(err.toString())
                    .isTrue();
            out.getBuffer().setLength(0);
            settings.header = false;
            assertThat(shell.run(
                            "SELECT greatest(abs(gw - closed_gw), abs(gb - closed_gb)) FROM gradient_check;"
                                    + "SELECT greatest(abs(p.w - o.w), abs(p.b - o.b)) FROM params p, ols o;",
                            Shell.Source.COMMAND_LINE))
                    .as(err.toString())
                    .isTrue();
            String[] lines = out.toString().strip().split("\\R");
            assertThat(Double.parseDouble(lines[0]))
                    .as("gradient vs closed form")
                    .isLessThan(1e-12);
            assertThat(Double.parseDouble(lines[1]))
                    .as("distance to least squares")
                    .isLessThan(1e-6);
        }
    }

    @Test
    void repeatRunsItsBlockNTimesAndNests() throws Exception {
        try (EngineBackend backend = EngineBackend.open()) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            ShellSettings settings = new ShellSettings();
            settings.format = OutputFormat.CSV;
            settings.header = false;
            Shell shell = new Shell(backend, settings, new PrintWriter(out), new PrintWriter(err));
            boolean ok = shell.run(
                    "CREATE TABLE c(n INTEGER); INSERT INTO c VALUES (0);\n"
                            + ".repeat 3\nUPDATE c SET n = n + 1;\n.repeat 2\nUPDATE c SET n = n + 10;\n.end\n.end\n"
                            + ".repeat 0\nUPDATE c SET n = 1000;\n.end\nSELECT n FROM c;",
                    Shell.Source.COMMAND_LINE);
            assertThat(ok).as(err.toString()).isTrue();
            assertThat(out.toString().strip()).endsWith("63");
            assertThat(shell.run(".repeat 2\nSELECT 1;", Shell.Source.COMMAND_LINE))
                    .isFalse();
            assertThat(err.toString()).contains(".repeat without its .end");
            assertThat(shell.run(".end", Shell.Source.COMMAND_LINE)).isFalse();
            assertThat(shell.run(".repeat x\n.end", Shell.Source.COMMAND_LINE)).isFalse();
            assertThat(err.toString()).contains(".end without a .repeat").contains("usage: .repeat N");
        }
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("README.md"))) p = p.getParent();
        if (p == null)
            throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
        return p;
    }
}
