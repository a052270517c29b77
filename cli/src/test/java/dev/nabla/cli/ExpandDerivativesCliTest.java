package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.shell.EngineBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nabla --expand-derivatives [--dialect d] FILE…}: the scripts printed with derivatives as plain SQL. */
class ExpandDerivativesCliTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    int run(String stdin, String... args) {
        return Main.run(
                args,
                EngineBackend::open,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheScriptInTheDialect(@TempDir Path dir) throws Exception {
        Path setup = dir.resolve("setup.sql");
        Files.writeString(
                setup, "CREATE TABLE pts(x DOUBLE PRECISION, y DOUBLE PRECISION);\nINSERT INTO pts VALUES (1, 2.5);\n");
        Path fit = dir.resolve("fit.sql");
        Files.writeString(
                fit, "-- slope: d/dx (0.5x - y)^2 = 0.5x - y\nSELECT avg(grad(power(0.5 * x - y, 2), x)) FROM pts;\n");
        int rc = run("", "--expand-derivatives", "--dialect", "postgres", setup.toString(), fit.toString());
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "CREATE TABLE pts(x DOUBLE PRECISION, y DOUBLE PRECISION);\nINSERT INTO pts VALUES (1, 2.5::float8);\n"
                                + "-- slope: d/dx (0.5x - y)^2 = 0.5x - y\nSELECT avg(0.5::float8 * x - y) FROM pts;\n");
    }

    @Test
    void readsStandardInputAndDefaultsToDuckDb() {
        int rc = run("SELECT grad(x * x, x) AS d FROM (VALUES (3.0)) v(x);", "--expand-derivatives");
        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("SELECT (2 * x) AS d FROM (VALUES (3.0::DOUBLE)) v(x);\n");
    }

    @Test
    void reportsWhatCannotBeWrittenWithItsPosition() {
        int rc = run(
                "",
                "--expand-derivatives",
                "-c",
                "WITH t AS (SELECT x, x * u AS y FROM (VALUES (2.0, 3.0)) v(x, u)) SELECT grad(y, x) FROM t");
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Error in -c")
                .contains("CTE, view or derived table")
                .contains("^");
    }

    @Test
    void refusesAnUnknownDialect() {
        assertThat(run("", "--expand-derivatives", "--dialect", "oracle", "-c", "SELECT 1"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown SQL dialect 'oracle'");
    }
}
