package dev.nabla.tests.slt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completion mode rewrites expected blocks (inserting missing ones, hashing above the threshold), with SQLite as the engine. */
class SltCompleterTest {

    @Test
    void rewritesExpectedResults(@TempDir Path dir) throws Exception {
        Class.forName("org.sqlite.JDBC");
        Path file = dir.resolve("c.test");
        Files.writeString(file, """
                hash-threshold 4

                statement ok
                CREATE TABLE t(a INTEGER, b TEXT)

                statement ok
                INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z')

                query IT rowsort
                SELECT a, b FROM t WHERE a < 3
                ----
                wrong

                query I nosort
                SELECT count(*) FROM t

                query I nosort
                SELECT t.a FROM t, t AS u ORDER BY 1
                ----

                query I nosort
                SELECT nosuch FROM t
                ----
                kept
                """);
        SltCompleter completer = new SltCompleter();
        SltRunner runner = new SltRunner(SltRunner.Options.defaults("sqlite"), completer);
        SltParser.ParsedFile parsed = SltParser.parse(file);
        runner.run(parsed, "c.test", () -> DriverManager.getConnection("jdbc:sqlite::memory:"));
        assertThat(completer.rewrite(parsed)).isTrue();
        String text = Files.readString(file);
        assertThat(text).contains("WHERE a < 3\n----\n1\tx\n2\ty\n\n");
        assertThat(text).contains("SELECT count(*) FROM t\n----\n3\n\n");
        assertThat(text).contains("ORDER BY 1\n----\n9 values hashing to ");
        assertThat(text).contains("SELECT nosuch FROM t\n----\nkept\n");

        FileResult again =
                runner.run(SltParser.parse(file), "c.test", () -> DriverManager.getConnection("jdbc:sqlite::memory:"));
        assertThat(again.failed()).isEqualTo(1);
        assertThat(again.passed()).isEqualTo(5);
    }
}
