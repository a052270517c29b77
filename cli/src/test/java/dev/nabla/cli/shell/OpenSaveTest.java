package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20 / 19: sqlite3's {@code .open FILE} and {@code .save FILE} over database files (docs/storage.md). */
class OpenSaveTest {
    final EngineBackend db = EngineBackend.open();
    final StringWriter out = new StringWriter(), err = new StringWriter();
    final Shell shell = new Shell(db, new ShellSettings(), new PrintWriter(out), new PrintWriter(err));

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        db.close();
    }

    private String run(String input) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        shell.run(input, Shell.Source.COMMAND_LINE);
        return out.toString() + err.toString();
    }

    @Test
    void aReadOnlyShellOpensFilesReadOnly() {
        Path f = dir.resolve("ro.nabla");
        Database w = Nabla.open(f);
        w.connect().execute("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1)");
        w.close();
        shell.settings().readOnly = true;
        run(".open " + f);
        assertThat(run(".databases")).isEqualTo("main: " + f + " r/o\n");
        assertThat(run("SHOW access_mode;")).contains("read_only");
        assertThat(run("SELECT count(*) AS n FROM t;")).contains("| 1 |");
        // a second read-only open in this process shares it; a read-write one is refused while it is open
        Database other = Nabla.openReadOnly(f);
        other.close();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Nabla.open(f)))
                .hasMessageContaining("already open read-only in this process");
        run(".open");
    }

    @Test
    void saveCopiesTheDatabaseAndOpenSwitchesToAFile() {
        run("CREATE TABLE t(id INTEGER GENERATED ALWAYS AS IDENTITY, x DOUBLE, v DOUBLE[2]);"
                + " INSERT INTO t(x, v) VALUES (1.5, [1, 2]), (2.5, NULL); CREATE VIEW w AS SELECT x * 2 AS y FROM t;");
        Path a = dir.resolve("a.nabla");
        assertThat(run(".save " + a)).isEqualTo("saved to " + a + "\n");
        assertThat(run(".save " + a)).contains("cannot save to " + a + ": it already exists");
        // the shell stays on its in-memory database
        assertThat(run(".databases")).isEqualTo("main: (in memory) r/w\n");

        Path b = dir.resolve("b.nabla");
        run(".open " + b);
        assertThat(run(".databases")).isEqualTo("main: " + b + " r/w\n");
        assertThat(run("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 't';"))
                .contains("| 0 |");
        run("CREATE TABLE u(s VARCHAR); INSERT INTO u VALUES ('kept');");

        run(".open " + a);
        assertThat(run(".databases")).isEqualTo("main: " + a + " r/w\n");
        assertThat(run("SELECT sum(x) AS s, count(v) AS c FROM t;")).contains("| 4.0 | 1 |");
        assertThat(run("SELECT y FROM w ORDER BY y;")).contains("| 3.0 |", "| 5.0 |");
        // the identity column's sequence came along: the next row is 3
        run("INSERT INTO t(x) VALUES (9);");
        assertThat(run("SELECT max(id) AS m FROM t;")).contains("| 3 |");

        assertThat(run("BEGIN; .open")).contains("COMMIT or ROLLBACK before .open");
        run("ROLLBACK;");
        run(".open");
        assertThat(run(".databases")).isEqualTo("main: (in memory) r/w\n");

        // .open closed (and so checkpointed and released) both files
        Database bb = Nabla.open(b);
        assertThat(bb.connect().execute("SELECT s FROM u").get(0, 0)).isEqualTo("kept");
        bb.close();
        Database aa = Nabla.open(a);
        assertThat(aa.connect().execute("SELECT count(*) FROM t").getLong(0, 0)).isEqualTo(3);
        aa.close();
    }

    @Test
    void openOfABadFileIsOneLineAndKeepsTheDatabase() throws Exception {
        run("CREATE TABLE t(x INTEGER);");
        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.nabla"), "not a database");
        assertThat(run(".open " + bad)).contains(bad + " is not a Nabla database file");
        assertThat(run("SELECT count(*) AS n FROM t;")).contains("| 0 |");
        assertThat(run(".open " + dir.resolve("missing/x.nabla"))).contains("does not exist");
    }
}
