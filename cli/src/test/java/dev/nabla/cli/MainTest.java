package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    FakeBackend db;

    int run(String stdin, String... args) {
        return Main.run(
                args,
                () -> db = new FakeBackend(),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void commandPrintsAnAlignedTable() {
        assertThat(run("", "-c", "SELECT 1")).isZero();
        assertThat(out()).isEqualTo("+---+\n| 1 |\n+---+\n| 1 |\n+---+\n");
    }

    @Test
    void repeatedCommandsAndFormats() {
        assertThat(run("", "--format", "csv", "-c", "SELECT 1", "-c", "SELECT 1;"))
                .isZero();
        assertThat(out()).isEqualTo("1\n1\n1\n1\n");
        out.reset();
        assertThat(run("", "--format=jsonl", "--no-header", "-c", "SELECT 1")).isZero();
        assertThat(out()).isEqualTo("{\"1\":1}\n");
    }

    @Test
    void sqliteAndDuckdbSingleDashFlags() {
        assertThat(run("", "-csv", "-c", "SELECT 1")).isZero();
        assertThat(out()).isEqualTo("1\n1\n");
        out.reset();
        assertThat(run("", "-json", "-noheader", "-s", "SELECT 1")).isZero();
        assertThat(out()).contains("[").contains("1");
        out.reset();
        assertThat(run("SELECT 1;\n", "-cmd", ".mode tsv", "-header", "-")).isZero();
        assertThat(db.statements).containsExactly("SELECT 1");
        assertThat(out()).isEqualTo("1\n1\n");
        // a value of Nabla's own options is never rewritten
        assertThat(SqliteStyleFlags.translate(
                        new String[] {"-c", "-csv", "-line", "--", "-csv"},
                        new picocli.CommandLine(new Main()).getCommandSpec()))
                .containsExactly("-c", "-csv", "--format", "line", "--", "-csv");
    }

    @Test
    void stdinIsReadWhenNoFileOrCommand() {
        assertThat(run("SELECT 1;\n.mode tsv\nSELECT 1;\n")).isZero();
        assertThat(out()).endsWith("1\n1\n");
    }

    @Test
    void sqlErrorExitsOneWithCaretOnStderr() {
        assertThat(run("", "-c", "SELECT foo", "-c", "SELECT 1")).isEqualTo(1);
        assertThat(err()).isEqualTo("Error: line 1:8: unknown column \"foo\"\nSELECT foo\n       ^^^\n");
        assertThat(db.statements).containsExactly("SELECT foo");
    }

    @Test
    void scriptsStopAtTheFirstErrorUnlessNoBail(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.sql");
        Files.writeString(f, "SELECT 1;\nSELECT foo;\nSELECT 1;\n");
        assertThat(run("", f.toString())).isEqualTo(1);
        assertThat(db.statements).hasSize(2);
        assertThat(err()).startsWith("Error: " + f + ": line 2:8: unknown column");
        assertThat(run("", "--continue-on-error", f.toString())).isEqualTo(1);
        assertThat(db.statements).hasSize(3);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("", "--format", "xml", "-c", "SELECT 1")).isEqualTo(2);
        assertThat(err()).contains("unknown format 'xml'");
        assertThat(run("", "--bogus")).isEqualTo(2);
        assertThat(err())
                .contains("Error: Unknown option: '--bogus'", "Run 'nabla --help' for the options.")
                .doesNotContain("Usage:");
        assertThat(run("", "--formatt", "csv")).isEqualTo(2);
        assertThat(err()).contains("Possible solutions: --format");
    }

    @Test
    void helpAndVersion() {
        assertThat(run("", "--help")).isZero();
        assertThat(out()).contains("Exit codes:", "130", "--format", "--no-bail", "--init");
        out.reset();
        assertThat(run("", "--version")).isZero();
        assertThat(out()).startsWith("nabla ");
    }

    @Test
    void echoAndTimer() {
        assertThat(run("", "--echo", "--timer", "-c", "SELECT 1")).isZero();
        assertThat(out()).startsWith("SELECT 1;\n+---+");
        assertThat(err()).startsWith("Run Time: ");
    }

    @Test
    void initFileRunsFirstAndBadLinesOnlyWarn(@TempDir Path dir) throws Exception {
        Path rc = dir.resolve("init.sql");
        Files.writeString(rc, ".mode nonsense\n.mode csv\n");
        assertThat(run("", "--init", rc.toString(), "-c", "SELECT 1")).isZero();
        assertThat(out()).isEqualTo("1\n1\n");
        assertThat(err()).startsWith("Warning: ");
    }
}
