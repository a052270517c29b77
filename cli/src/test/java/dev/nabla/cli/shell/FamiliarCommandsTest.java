package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.Main;
import dev.nabla.cli.output.OutputFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19 item 7: the psql and sqlite3 commands their users type without thinking, and item 3's last flags. */
class FamiliarCommandsTest {
    final EngineBackend db = EngineBackend.open();
    final StringWriter out = new StringWriter(), err = new StringWriter();
    final ShellSettings settings = new ShellSettings();
    final Shell shell = new Shell(db, settings, new PrintWriter(out), new PrintWriter(err));

    @AfterEach
    void close() {
        db.close();
    }

    private String run(String input) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        shell.run(input, Shell.Source.COMMAND_LINE);
        return out.toString();
    }

    @Test
    void psqlBackslashCommands(@TempDir Path dir) throws Exception {
        run("CREATE TABLE pts(x DOUBLE, label VARCHAR); INSERT INTO pts VALUES (1.5, 'a');");
        assertThat(run("\\dt")).isEqualTo("pts\n");
        assertThat(run("\\d pts")).contains("| x", "| label", "DOUBLE", "VARCHAR");
        assertThat(run("\\x")).isEqualTo("Expanded display is on.\n");
        assertThat(run("SELECT * FROM pts;")).isEqualTo("    x = 1.5\nlabel = a\n");
        assertThat(run("\\x off")).isEqualTo("Expanded display is off.\n");
        assertThat(run("\\timing")).isEqualTo("Timing is on.\n");
        assertThat(settings.timer).isTrue();
        run("\\timing off");
        Path f = dir.resolve("more.sql");
        Files.writeString(f, "INSERT INTO pts VALUES (2.5, 'b');\n");
        run("\\i " + f);
        assertThat(run("SELECT count(*) AS n FROM pts;")).contains("| 2 |");
        run("\\zz");
        assertThat(err.toString()).contains("unknown command \\zz", "\\dt");
        run("\\q");
        assertThat(shell.exitRequested()).isZero();
    }

    @Test
    void exitAndQuitAsWords() {
        assertThat(SqlScanner.split("exit").getFirst().dotCommand()).isTrue();
        assertThat(SqlScanner.isComplete("quit")).isTrue();
        run("SELECT 1;\nquit;\nSELECT 2;");
        assertThat(shell.exitRequested()).isZero();
        assertThat(out.toString()).doesNotContain("2");
    }

    @Test
    void trailingSemicolonsPrefixesAndDelimiterSemicolon(@TempDir Path dir) throws Exception {
        run("CREATE TABLE alpha(a INT);");
        assertThat(run(".tables;")).isEqualTo("alpha\n");
        assertThat(run(".tab")).isEqualTo("alpha\n");
        run(".h");
        assertThat(err.toString()).contains("ambiguous command .h: .help, .headers, .header, .history");
        Path csv = dir.resolve("semi.csv");
        Files.writeString(csv, "a;b\n1;x\n2;y\n");
        run(".import " + csv + " semi --delim ;");
        assertThat(err.toString()).isEmpty();
        assertThat(run(".mode csv\nSELECT a, b FROM semi ORDER BY a;")).isEqualTo("a,b\n1,x\n2,y\n");
    }

    @Test
    void sqliteModesSeparatorAndWidth() {
        run("CREATE TABLE t(id INT, name VARCHAR, v DOUBLE); INSERT INTO t VALUES (1, 'a<b', 0.5), (2, NULL, -2.0);");
        assertThat(run(".mode list\nSELECT * FROM t ORDER BY id;")).isEqualTo("id|name|v\n1|a<b|0.5\n2||-2.0\n");
        assertThat(run(".separator ,\n.header off\nSELECT * FROM t ORDER BY id;"))
                .isEqualTo("1,a<b,0.5\n2,,-2.0\n");
        assertThat(run(".separator \\t\nSELECT * FROM t ORDER BY id;")).isEqualTo("1\ta<b\t0.5\n2\t\t-2.0\n");
        run(".headers on");
        assertThat(run(".mode column\n.width 6 2\nSELECT * FROM t ORDER BY id;"))
                .isEqualTo("    id  n…     v\n------  --  ----\n     1  a…   0.5\n     2      -2.0\n");
        run(".width");
        assertThat(run(".mode html\nSELECT id, name FROM t WHERE id = 1;"))
                .isEqualTo(
                        "<table>\n<tr><th>id</th><th>name</th></tr>\n<tr><td align=\"right\">1</td><td>a&lt;b</td></tr>\n</table>\n");
        String inserts = run(".mode insert copy\nSELECT * FROM t ORDER BY id;");
        assertThat(inserts).isEqualTo("INSERT INTO copy VALUES(1,'a<b',0.5);\nINSERT INTO copy VALUES(2,NULL,-2.0);\n");
        assertThat(settings.format).isEqualTo(OutputFormat.INSERT);
        run(".mode csv\nCREATE TABLE copy(id INT, name VARCHAR, v DOUBLE);\n" + inserts);
        assertThat(run("SELECT count(*) FROM (SELECT * FROM t EXCEPT SELECT * FROM copy);"))
                .isEqualTo("count(*)\n0\n");
    }

    @Test
    void shellCdChangesDatabasesIndexes(@TempDir Path dir) throws Exception {
        run("CREATE TABLE t(x INT); CREATE INDEX t_x ON t(x);");
        assertThat(run(".changes on\nINSERT INTO t VALUES (1), (2);\nDELETE FROM t WHERE x = 1;"))
                .isEqualTo("changes: 2   total_changes: 2\nchanges: 1   total_changes: 3\n");
        assertThat(run(".databases")).isEqualTo("main: (in memory) r/w\n");
        assertThat(run(".indexes")).isEqualTo("t_x\n");
        assertThat(run(".indexes t")).isEqualTo("t_x\n");
        assertThat(run(".shell echo hello from sh")).isEqualTo("hello from sh\n");
        assertThat(run(".system exit 3")).isEmpty();
        assertThat(err.toString()).contains("command exited with status 3");
        Files.writeString(dir.resolve("rel.csv"), "a\n7\n");
        String before = Path.of("").toAbsolutePath().toString();
        try {
            run(".cd " + dir);
            assertThat(err.toString()).isEmpty();
            // relative names follow .cd: in dot-commands and in SQL
            assertThat(run(".mode csv\nSELECT a FROM read_csv('rel.csv');")).isEqualTo("a\n7\n");
            run(".import rel.csv rel");
            assertThat(run("SELECT a FROM rel;")).isEqualTo("a\n7\n");
            assertThat(run(".shell ls rel.csv")).isEqualTo("rel.csv\n");
            run(".cd " + dir.resolve("missing"));
            assertThat(err.toString()).contains("no such directory");
        } finally {
            Posix.chdir(before);
        }
    }

    @Test
    void bailOnStopsReadInTheInteractiveShell(@TempDir Path dir) throws Exception {
        settings.interactive = true;
        Path f = dir.resolve("s.sql");
        Files.writeString(f, "CREATE TABLE r(a INT);\nSELECT nope;\nINSERT INTO r VALUES (1);\n");
        run(".bail on\n.read " + f);
        assertThat(err.toString()).contains("unknown column");
        settings.interactive = false;
        settings.format = OutputFormat.CSV;
        assertThat(run("SELECT count(*) AS n FROM r;")).isEqualTo("n\n0\n");
        settings.interactive = true;
        run("DROP TABLE r;\n.bail off\n.read " + f);
        settings.interactive = false;
        assertThat(run("SELECT count(*) AS n FROM r;")).isEqualTo("n\n1\n");
    }

    private static String[] main(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                EngineBackend::open,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new String[] {
            String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)
        };
    }

    @Test
    void sqliteFlagsListColumnHtmlSeparatorReadonly(@TempDir Path dir) {
        assertThat(main("-list", "-separator", ";", "-c", "SELECT 1 AS a, 'x' AS b")[1])
                .isEqualTo("a;b\n1;x\n");
        assertThat(main("-column", "-c", "SELECT 1 AS a, 'xyz' AS b")[1]).isEqualTo("a  b\n-  ---\n1  xyz\n");
        assertThat(main("-html", "-noheader", "-c", "SELECT 1 AS a")[1])
                .isEqualTo("<table>\n<tr><td align=\"right\">1</td></tr>\n</table>\n");
        String[] ro = main(
                "-readonly", "-csv", "-c", "SELECT 41 + 1 AS a", "-c", "CREATE TABLE t(a INT)", "-c", "SELECT 2 AS b");
        assertThat(ro[0]).isEqualTo("1");
        assertThat(ro[1]).isEqualTo("a\n42\n");
        assertThat(ro[2]).contains("read-only");
        assertThat(main("-readonly", "-csv", "-c", "COPY (SELECT 1 AS a) TO '" + dir.resolve("ro.csv") + "'")[0])
                .isEqualTo("0");
    }
}
