package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.output.OutputFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code .schema} and {@code .dump} print the engine's DDL; a dump read into a fresh shell dumps the same text. */
class DumpTest {
    private record Session(EngineBackend backend, StringWriter out, StringWriter err, Shell shell)
            implements AutoCloseable {
        static Session open() {
            EngineBackend b = EngineBackend.open();
            StringWriter out = new StringWriter(), err = new StringWriter();
            ShellSettings settings = new ShellSettings();
            settings.format = OutputFormat.CSV;
            return new Session(b, out, err, new Shell(b, settings, new PrintWriter(out), new PrintWriter(err)));
        }

        String run(String sql) {
            out.getBuffer().setLength(0);
            shell.run(sql, Shell.Source.COMMAND_LINE);
            assertThat(err.toString()).isEmpty();
            return out.toString();
        }

        @Override
        public void close() {
            backend.close();
        }
    }

    @Test
    void dumpRoundTripsThroughAFreshShell() {
        try (Session a = Session.open();
                Session b = Session.open()) {
            a.run(
                    "CREATE TABLE p(id INTEGER PRIMARY KEY, name VARCHAR UNIQUE NOT NULL, w DOUBLE DEFAULT 1.5 CHECK (w >= 0));"
                            + "CREATE TABLE c(p INTEGER REFERENCES p(id), x DOUBLE, at DATE);"
                            + "CREATE INDEX c_x ON c (x);"
                            + "CREATE VIEW heavy AS SELECT name FROM p WHERE w > 1;"
                            + "INSERT INTO p VALUES (1, 'a;b', 2.0), (2, 'line\nbreak', 0.0);"
                            + "INSERT INTO c VALUES (1, CAST('Infinity' AS DOUBLE), DATE '2026-12-07'), (2, NULL, NULL);");
            String dump = a.run(".dump");
            assertThat(dump)
                    .startsWith("BEGIN;\nCREATE TABLE p (id INTEGER, name VARCHAR NOT NULL, w DOUBLE DEFAULT 1.5,")
                    .contains("CREATE INDEX c_x ON c (x);\n")
                    .contains("CREATE VIEW heavy AS SELECT name FROM p WHERE w > 1;\n")
                    .endsWith("COMMIT;\n");
            b.run(dump);
            assertThat(b.run(".dump")).isEqualTo(dump);
            assertThat(a.run(".schema c"))
                    .isEqualTo("CREATE TABLE c (p INTEGER, x DOUBLE, at DATE,"
                            + " CONSTRAINT c_p_fkey FOREIGN KEY (p) REFERENCES p (id));\nCREATE INDEX c_x ON c (x);\n");
        }
    }
}
