package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 19, item 12: small things that got in a DuckDB/sqlite3 user's way, through the real engine. */
class SmallFrictionTest {
    final EngineBackend backend = EngineBackend.open();
    final StringWriter out = new StringWriter(), err = new StringWriter();
    final ShellSettings settings = new ShellSettings();
    final Shell shell = new Shell(backend, settings, new PrintWriter(out), new PrintWriter(err));

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void keywordsAreColumnLabelsAfterAs() {
        settings.format = dev.nabla.cli.output.OutputFormat.CSV;
        assertThat(shell.run("SELECT 1 AS isnull, 2 AS \"order\", 3 AS order;", Shell.Source.COMMAND_LINE))
                .as(err.toString())
                .isTrue();
        assertThat(out.toString()).isEqualTo("isnull,order,order\n1,2,3\n");
    }

    @Test
    void jsonKeysAreUnique() {
        settings.format = dev.nabla.cli.output.OutputFormat.JSONL;
        assertThat(shell.run("SELECT 1 AS a, 2 AS a, 3 AS a;", Shell.Source.COMMAND_LINE))
                .isTrue();
        assertThat(out.toString()).isEqualTo("{\"a\":1,\"a_1\":2,\"a_2\":3}\n");
    }

    @Test
    void gradcheckOnNoRowsSaysSo() {
        assertThat(shell.run("CREATE TABLE e(x DOUBLE);\n.gradcheck x * x, x FROM e", Shell.Source.COMMAND_LINE))
                .isTrue();
        assertThat(out.toString()).contains("nothing to check").doesNotContain("FAIL");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void didYouMeanPrefersTheNameThatKeepsWhatWasTyped() {
        assertThat(shell.run("SELECT sn(1);", Shell.Source.COMMAND_LINE)).isFalse();
        assertThat(err.toString()).contains("did you mean \"sin\"");
    }

    @Test
    void anUnknownFormatIsOneLineWithoutAJavaClassName() {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"-f", "htm", "-c", "SELECT 1"},
                EngineBackend::open,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(e.toString(StandardCharsets.UTF_8))
                .contains("unknown format 'htm'")
                .doesNotContain("java.lang");
    }
}
