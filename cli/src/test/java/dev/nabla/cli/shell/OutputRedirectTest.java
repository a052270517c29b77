package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes where under {@code .output}/{@code .once} (sqlite3/DuckDB semantics): results and what
 * dot-commands print, {@code .print} and echoed input go to the file; status lines and timings stay on
 * the terminal; errors on stderr.
 */
class OutputRedirectTest {
    final EngineBackend backend = EngineBackend.open();
    final StringWriter out = new StringWriter(), err = new StringWriter();
    final ShellSettings settings = new ShellSettings();
    final Shell shell = new Shell(backend, settings, new PrintWriter(out), new PrintWriter(err));

    @TempDir
    Path dir;

    {
        settings.interactive = true;
        settings.format = dev.nabla.cli.output.OutputFormat.CSV;
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void resultsAndCommandOutputGoToTheFileStatusAndErrorsDoNot() throws Exception {
        Path file = dir.resolve("log.txt");
        boolean ok = shell.run(
                ".output " + file + "\n"
                        + "CREATE TABLE t (a INTEGER);\n"
                        + "INSERT INTO t VALUES (1), (2);\n"
                        + ".print hello 'big world'\n"
                        + ".echo on\n"
                        + "SELECT a FROM t ORDER BY a;\n"
                        + ".echo off\n"
                        + ".tables\n"
                        + ".timer on\n"
                        + "SELECT count(*) AS n FROM t;\n"
                        + ".timer off\n"
                        + "SELECT nope FROM t;\n",
                Shell.Source.INTERACTIVE);
        assertThat(ok).isFalse();
        assertThat(Files.readString(file))
                .isEqualTo("hello big world\nSELECT a FROM t ORDER BY a;\na\n1\n2\n.echo off\nt\nn\n2\n");
        assertThat(out.toString())
                .contains("CREATE TABLE", "INSERT", "2 rows", "Run Time: ")
                .doesNotContain("hello", "a\n1\n2", "n\n2");
        assertThat(err.toString()).contains("unknown column").doesNotContain("Run Time");

        // .output with no file: back to the terminal, and the file is closed with what it had
        out.getBuffer().setLength(0);
        assertThat(shell.run(".output\nSELECT 3 AS b;\n.print back", Shell.Source.INTERACTIVE))
                .isTrue();
        assertThat(out.toString()).isEqualTo("b\n3\nback\n");
        assertThat(Files.readString(file)).endsWith("n\n2\n");
    }

    @Test
    void onceLastsForOneCommandAndTakesTheFormatFromTheName() throws Exception {
        Path csv = dir.resolve("one.json");
        assertThat(shell.run(".once " + csv + "\nSELECT 1 AS x;\nSELECT 2 AS y;\n", Shell.Source.INTERACTIVE))
                .isTrue();
        assertThat(Files.readString(csv)).isEqualTo("[\n  {\"x\":1}\n]\n");
        assertThat(out.toString()).isEqualTo("y\n2\n");
        // a dot-command's output counts as that one command too
        Path tables = dir.resolve("tables.txt");
        out.getBuffer().setLength(0);
        assertThat(shell.run(
                        "CREATE TABLE u (a INTEGER);\n.once " + tables + "\n.tables\n.tables\n",
                        Shell.Source.INTERACTIVE))
                .isTrue();
        assertThat(Files.readString(tables)).isEqualTo("u\n");
        assertThat(out.toString()).isEqualTo("CREATE TABLE\nu\n");
    }

    @Test
    void importAndExportConfirmationsStayOnTheTerminal() throws Exception {
        Path data = dir.resolve("in.csv");
        Files.writeString(data, "a,b\n1,x\n2,y\n");
        Path log = dir.resolve("log.csv");
        Path export = dir.resolve("out.csv");
        assertThat(shell.run(
                        ".output " + log + "\n.import " + data + " t\n.export t " + export
                                + "\nSELECT count(*) AS n FROM t;\n.output\n",
                        Shell.Source.INTERACTIVE))
                .as(err.toString())
                .isTrue();
        assertThat(Files.readString(log)).isEqualTo("n\n2\n");
        assertThat(out.toString()).contains("imported 2 rows into t", "exported 2 rows to ");
    }
}
