package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 19 item 10: .help fits 80 columns without cutting words; .help NAME shows a function from the registry. */
class HelpTest {
    final EngineBackend db = EngineBackend.open();
    final StringWriter out = new StringWriter(), err = new StringWriter();
    final Shell shell = new Shell(db, new ShellSettings(), new PrintWriter(out), new PrintWriter(err));

    @AfterEach
    void close() {
        db.close();
    }

    private String help(String args) {
        out.getBuffer().setLength(0);
        shell.run(".help" + args, Shell.Source.COMMAND_LINE);
        return out.toString();
    }

    @Test
    void helpWrapsAt80ColumnsAtWordBoundaries() {
        shell.setTerminalSize(() -> 80, () -> 24);
        String h = help("");
        for (String line : h.split("\n")) assertThat(line.length()).as(line).isLessThanOrEqualTo(80);
        // a wrapped description continues under the description column, whole words only
        assertThat(h)
                .contains(".header on|off              Same as .headers (sqlite3 and DuckDB spell it both\n"
                        + "                            ways)\n");
        assertThat(h).contains("(e.g. .help sigmoid)");
        shell.setTerminalSize(() -> 50, () -> 24);
        for (String line : help("").split("\n")) {
            // a line may only run past 50 columns when it is a synopsis (its description goes on the next line)
            // or one word too long for the description column
            if (line.length() > 50 && !line.startsWith("."))
                assertThat(line.strip()).doesNotContain(" ");
        }
    }

    @Test
    void helpForAFunctionShowsSignatureDescriptionAndDerivative() {
        assertThat(help(" sigmoid"))
                .isEqualTo("sigmoid(x)\n"
                        + "logistic function 1 / (1 + e^−x); saturates to exactly 0 and 1\n"
                        + "Defined for: all x (NULL elsewhere)\n"
                        + "Derivative (tangent): f * (1 - f) * dx   (f is the function's value)\n");
        assertThat(help(" POW"))
                .startsWith("power(x, y)   (also pow)\n")
                .contains("Derivative (tangent): f * (dy * ln(x)");
        assertThat(help(" sum")).startsWith("sum(...)   aggregate");
        assertThat(help(" grad")).contains("grad(f, x)", "jvp(f, x, t)");
        assertThat(help(" sig")).isEmpty();
        assertThat(err.toString())
                .contains("no command or function matches 'sig' (functions: sign, sigmoid, log_sigmoid");
    }
}
