package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .export} then {@code .import} through the real engine gives back the same table (issue 19, item 1). */
class ExportImportRoundTripTest {
    final EngineBackend backend = EngineBackend.open();
    final StringWriter out = new StringWriter(), err = new StringWriter();
    final ShellSettings settings = new ShellSettings();
    final Shell shell = new Shell(backend, settings, new PrintWriter(out), new PrintWriter(err));

    @TempDir
    Path dir;

    {
        settings.format = dev.nabla.cli.output.OutputFormat.CSV;
    }

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void aNullInAOneColumnTableSurvives() {
        Path f = dir.resolve("r1.csv");
        assertThat(shell.run(
                        "CREATE TABLE m(loss DOUBLE);\nINSERT INTO m VALUES (0.5),(NULL),(0.25);\n" + ".export m " + f
                                + "\n.import " + f + " m2\n",
                        Shell.Source.COMMAND_LINE))
                .as(err.toString())
                .isTrue();
        out.getBuffer().setLength(0);
        assertThat(shell.run(
                        "SELECT avg(loss) AS a, count(*) AS n, count(loss) AS k FROM m2;", Shell.Source.COMMAND_LINE))
                .isTrue();
        assertThat(out.toString()).isEqualTo("a,n,k\n0.375,3,2\n");
    }

    @Test
    void importIntoAnExistingTableKeepsItsTypes() {
        Path f = dir.resolve("codes.csv");
        assertThat(shell.run(
                        "CREATE TABLE c(code VARCHAR, name VARCHAR);\nINSERT INTO c VALUES ('007', 'x'), ('010', NULL), ('', 'z');\n"
                                + ".export c " + f + "\nCREATE TABLE d(code VARCHAR, name VARCHAR);\n.import " + f
                                + " d\n",
                        Shell.Source.COMMAND_LINE))
                .as(err.toString())
                .isTrue();
        out.getBuffer().setLength(0);
        assertThat(shell.run(
                        "SELECT code, name IS NULL AS n, length(code) AS l FROM d ORDER BY code;",
                        Shell.Source.COMMAND_LINE))
                .isTrue();
        assertThat(out.toString()).isEqualTo("code,n,l\n,false,0\n007,false,3\n010,true,3\n");
    }
}
