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
import java.util.List;
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
    void softmaxRegressionOnDigitsHasTheClosedFormGradientAndReaches95Percent() throws Exception {
        try (EngineBackend backend = EngineBackend.open()) {
            List<String> lines = runThenQuery(
                    backend,
                    "examples/reverse_softmax_digits.sql",
                    "SELECT max_difference, max_gradient FROM gradient_check;"
                            + "SELECT test_images, accuracy FROM accuracy;"
                            + "SELECT (SELECT loss FROM history WHERE step = 40) < (SELECT loss FROM history WHERE step = 0);");
            String[] check = lines.get(0).split(",");
            assertThat(Double.parseDouble(check[0]))
                    .as("gradient vs closed form")
                    .isLessThan(1e-12);
            assertThat(Double.parseDouble(check[1]))
                    .as("a non-trivial gradient")
                    .isGreaterThan(1e-3);
            String[] acc = lines.get(1).split(",");
            assertThat(acc[0]).isEqualTo("359");
            assertThat(Double.parseDouble(acc[1])).as("test accuracy").isGreaterThanOrEqualTo(0.95);
            assertThat(lines.get(2)).isEqualTo("true");
        }
    }

    @Test
    void logisticRegressionOnBreastCancerReachesTheNewtonOptimum() throws Exception {
        try (EngineBackend backend = EngineBackend.open()) {
            String[] r = runThenQuery(
                            backend,
                            "examples/reverse_logistic_breast_cancer.sql",
                            "SELECT above_optimum, max_coefficient_difference FROM result;")
                    .getFirst()
                    .split(",");
            // reference: Newton/IRLS in numpy, checked by scipy BFGS (examples/reverse_logistic_reference.py)
            assertThat(Math.abs(Double.parseDouble(r[0])))
                    .as("loss above the optimum")
                    .isLessThan(1e-12);
            assertThat(Double.parseDouble(r[1])).as("coefficients vs IRLS").isLessThan(1e-6);
        }
    }

    @Test
    void matrixFactorisationPredictsHeldOutRatingsAndRetrievesTopItems() throws Exception {
        try (EngineBackend backend = EngineBackend.open()) {
            String[] r = runThenQuery(
                            backend,
                            "examples/reverse_matrix_factorisation.sql",
                            "SELECT test_rmse, top_item_in_true_top3, top_item_is_true_top FROM result;")
                    .getFirst()
                    .split(",");
            // the rating scale is 1-5: below 0.1 of it is 0.4; the same descent in numpy ends at 0.06596
            assertThat(Double.parseDouble(r[0])).as("held-out RMSE").isLessThan(0.1);
            assertThat(Double.parseDouble(r[1]))
                    .as("top item among the true top 3")
                    .isEqualTo(1.0);
            assertThat(Double.parseDouble(r[2])).as("top item is the true top").isGreaterThanOrEqualTo(0.9);
        }
    }

    /** Runs an example as {@code ./nabla FILE} does, then {@code checks}; returns the checks' CSV lines. */
    /**
     * The MLP trained by 25 UPDATE ... FROM GRADIENT steps follows the numpy run of the same network, start and steps
     * (examples/reverse_mlp_reference.py prints these losses and the accuracy).
     */
    @Test
    void mlpOnDigitsTrainedInSqlMatchesNumpyAndReaches95Percent() throws Exception {
        try (EngineBackend backend = EngineBackend.open()) {
            List<String> lines = runThenQuery(
                    backend,
                    "examples/reverse_mlp_digits.sql",
                    "SELECT loss FROM history ORDER BY step;"
                            + "SELECT test_images, correct, accuracy FROM accuracy;"
                            + "SELECT count(*) FROM params;");
            assertThat(Double.parseDouble(lines.get(0)))
                    .as("loss at the start")
                    .isCloseTo(2.424081569887349, org.assertj.core.data.Percentage.withPercentage(1e-8));
            assertThat(Double.parseDouble(lines.get(1)))
                    .as("loss after 25 steps")
                    .isCloseTo(0.07578826717618355, org.assertj.core.data.Percentage.withPercentage(1e-7));
            String[] acc = lines.get(2).split(",");
            assertThat(acc[0]).isEqualTo("359");
            assertThat(acc[1]).as("test images right, as numpy").isEqualTo("348");
            assertThat(Double.parseDouble(acc[2])).as("test accuracy").isGreaterThanOrEqualTo(0.95);
            assertThat(lines.get(3)).isEqualTo("2410");
        }
    }

    private static List<String> runThenQuery(EngineBackend backend, String example, String checks) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        ShellSettings settings = new ShellSettings();
        settings.format = OutputFormat.CSV;
        settings.bail = true;
        Shell shell = new Shell(backend, settings, new PrintWriter(out), new PrintWriter(err));
        // the examples name their data relative to the repository root, as ./nabla is run from there
        String script = Files.readString(root().resolve(example))
                .replace("'examples/data/", "'" + root().resolve("examples/data") + "/");
        assertThat(shell.run(script, Shell.Source.COMMAND_LINE))
                .as(err.toString())
                .isTrue();
        out.getBuffer().setLength(0);
        settings.header = false;
        assertThat(shell.run(checks, Shell.Source.COMMAND_LINE))
                .as(err.toString())
                .isTrue();
        return List.of(out.toString().strip().split("\\R"));
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
