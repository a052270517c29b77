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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command against the real engine. */
class EndToEndTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    int run(String stdin, String... args) {
        return Main.run(
                args,
                EngineBackend::open,
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
    void gradientsPrintAsAnAlignedTable() {
        assertThat(run(
                        "",
                        "-c",
                        "CREATE TABLE t(x DOUBLE); INSERT INTO t VALUES (1), (2), (3)",
                        "-c",
                        "SELECT x, grad(x * x, x) AS g FROM t ORDER BY x"))
                .isZero();
        assertThat(out()).isEqualTo("""
                +-----+-----+
                |  x  |  g  |
                +-----+-----+
                | 1.0 | 2.0 |
                | 2.0 | 4.0 |
                | 3.0 | 6.0 |
                +-----+-----+
                """);
        assertThat(err()).isEmpty();
    }

    @Test
    void everyFormat() {
        String q = "SELECT 1 AS i, 'a,b' AS s, NULL AS n";
        String[][] expected = {
            {"csv", "i,s,n\n1,\"a,b\",\n"},
            {"tsv", "i\ts\tn\n1\ta,b\t\n"},
            {"json", "[\n  {\"i\":1,\"s\":\"a,b\",\"n\":null}\n]\n"},
            {"jsonl", "{\"i\":1,\"s\":\"a,b\",\"n\":null}\n"},
            {"markdown", "| i   | s   | n    |\n|----:|:----|:-----|\n|   1 | a,b | NULL |\n"},
            {"line", "i = 1\ns = a,b\nn = NULL\n"},
            {"trash", ""},
        };
        for (String[] e : expected) {
            out.reset();
            assertThat(run("", "--format", e[0], "-c", q)).isZero();
            assertThat(out()).as(e[0]).isEqualTo(e[1]);
        }
        out.reset();
        assertThat(run("", "--format", "box", "-c", q)).isZero();
        assertThat(out()).contains("│ integer │", "1 row");
    }

    @Test
    void plansPrintAsText() {
        assertThat(run("", "-c", "CREATE TABLE t(i INTEGER)", "-c", "EXPLAIN SELECT i FROM t WHERE i > 1"))
                .isZero();
        assertThat(out()).contains("Scan t").doesNotContain("+--");
    }

    @Test
    void errorsHaveACaretAndExitOne() {
        assertThat(run("SELECT 1;\nSELECT nope FROM (SELECT 1 AS a) t;\nSELECT 2;\n"))
                .isEqualTo(1);
        assertThat(err()).startsWith("Error: line 2:8: ").contains("SELECT nope FROM", "       ^");
        assertThat(out()).doesNotContain("| 2 |");
    }

    @Test
    void importPlotAndGradcheckAgainstTheEngine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "x,label\n0.5,\"a, quoted\"\n1.5,\n-2,\"say \"\"hi\"\"\"\n");
        Path script = dir.resolve("s.sql");
        Files.writeString(script, """
                .import d.csv d
                SELECT count(*) AS n, count(label) AS labelled FROM d;
                SELECT label FROM d WHERE x < 0;
                .gradcheck sin(x) * x + exp(x / 3), x FROM d
                SELECT x, x * x AS y FROM d ORDER BY x;
                .plot
                """);
        assertThat(run("", "--format", "csv", script.toString())).as(err()).isZero();
        assertThat(out()).contains("n,labelled\n3,2\n", "label\n\"say \"\"hi\"\"\"\n", "PASS", "⣿ y");
    }

    @Test
    void gradcheckWithQualifiedColumnsAndJoins() {
        String setup =
                "CREATE TABLE t(id INTEGER, x DOUBLE, y DOUBLE); INSERT INTO t VALUES (1, 0.5, 1.0), (2, 1.5, 2.0), (3, -1.0, 0.0);"
                        + "CREATE TABLE w(id INTEGER, a DOUBLE, x DOUBLE); INSERT INTO w VALUES (1, 0.3, 9.0), (2, -0.7, 9.0), (3, 2.0, 9.0)";
        assertThat(run(
                        "",
                        "-c",
                        setup,
                        "-c",
                        ".gradcheck pow(w.a * t.x - t.y, 2) + sin(w.a), w.a FROM t JOIN w ON t.id = w.id WHERE t.x > -5",
                        "-c",
                        ".gradcheck exp(t.x / 2) * w.x, t.x FROM t JOIN w ON t.id = w.id --tol 1e-5"))
                .as(err())
                .isZero();
        assertThat(out())
                .contains(
                        "gradcheck grad(pow(w.a * t.x - t.y, 2) + sin(w.a), w.a) on 3 rows",
                        "gradcheck grad(exp(t.x / 2) * w.x, t.x) on 3 rows")
                .doesNotContain("FAIL");
        assertThat(out().lines().filter(l -> l.equals("PASS")).count()).isEqualTo(2);
    }

    @Test
    void tablesAndSchemaListTablesAndViewsButNotUnderscore() {
        assertThat(run(
                        "",
                        "-c",
                        "CREATE TABLE t(a INTEGER, \"b c\" VARCHAR); CREATE VIEW v AS SELECT a FROM t",
                        "-c",
                        ".tables",
                        "-c",
                        ".schema"))
                .isZero();
        assertThat(out())
                .isEqualTo("t  v\nCREATE TABLE t (a INTEGER, \"b c\" VARCHAR);\nCREATE VIEW v AS SELECT a FROM t;\n");
    }

    @Test
    void timerReportsRowsRead() {
        assertThat(run(
                        "",
                        "--timer",
                        "--format",
                        "trash",
                        "-c",
                        "CREATE TABLE t AS SELECT i FROM generate_series(1, 3000) g(i)",
                        "-c",
                        "SELECT count(*) FROM t WHERE i > 5"))
                .isZero();
        // a statement under 1 ms has no rate to show (the shell never divides by a zero duration)
        String line = "Run Time: (0 ms · 3,000 rows read|[1-9]\\d* ms · 3,000 rows read \\([0-9.,]+ (M )?rows/s\\))\\n";
        assertThat(err()).matches("(?s)" + line + line);
    }

    @Test
    void nullValueInEveryLayout() {
        assertThat(run(
                        "",
                        "-c",
                        ".nullvalue ∅",
                        "-c",
                        "SELECT NULL AS n, 1 AS one",
                        "-c",
                        ".mode csv",
                        "-c",
                        "SELECT NULL AS n",
                        "-c",
                        ".nullvalue",
                        "-c",
                        "SELECT NULL AS n",
                        "-c",
                        ".mode line",
                        "-c",
                        "SELECT NULL AS n"))
                .isZero();
        assertThat(out())
                .isEqualTo("+---+-----+\n| n | one |\n+---+-----+\n| ∅ |   1 |\n+---+-----+\nn\n∅\nn\n\nn = NULL\n");
    }

    @Test
    void underscoreIsTheLastResult() {
        assertThat(run(
                        "",
                        "--format",
                        "csv",
                        "-c",
                        "SELECT i, i * i AS sq, CASE WHEN i = 2 THEN NULL ELSE i END AS n FROM generate_series(1, 5) g(i)",
                        "-c",
                        "SELECT sum(sq) AS s, count(n) AS c FROM _ WHERE i > 1",
                        "-c",
                        "SELECT s + 1 AS t FROM _",
                        "-c",
                        ".tables"))
                .as(err())
                .isZero();
        assertThat(out()).endsWith("s,c\n54,3\nt\n55\n");
    }

    @Test
    void helpGradExamplesRun() {
        assertThat(run(
                        "",
                        "--format",
                        "csv",
                        "-c",
                        "CREATE TABLE pts(x DOUBLE, y DOUBLE); INSERT INTO pts VALUES (1, 2), (2, 3);"
                                + "CREATE TABLE params(w DOUBLE, b DOUBLE); INSERT INTO params VALUES (0.5, 0.1)",
                        "-c",
                        "SELECT x, grad(x * x + sin(x), x) FROM pts;",
                        "-c",
                        "SELECT jvp(exp(w * x), w, 0.5) FROM pts, params;",
                        "-c",
                        "SELECT vjp(pow(w * x - y, 2), w, 1.0) FROM pts, params;",
                        "-c",
                        "SELECT derivative('sin(x) * x', 'x');",
                        "-c",
                        "SELECT grad(stop_gradient(x) * x, x) FROM pts;",
                        "-c",
                        "SELECT avg(grad(pow(w * x + b - y, 2), w)) FROM pts, params;"))
                .as(err())
                .isZero();
        assertThat(out()).contains("cos(x) * x + sin(x)");
    }

    @Test
    void importAndExportRoundTripThroughTheEnginesCsv(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("in.csv"),
                "id,name,score,day\n1,\"O'Hara, Ann\",1.5,2024-01-02\n2,,,\n3,\"\",2,2024-03-04\n");
        Files.writeString(dir.resolve("more.csv"), "4,d,0.25,2025-01-01\n");
        Files.writeString(dir.resolve("s.sql"), """
                .import in.csv p
                .import more.csv p --no-header
                DESCRIBE p;
                SELECT id, name IS NULL AS null_name, name = '' AS empty_name, score FROM p ORDER BY id;
                .export p out.csv
                .export (SELECT id, score FROM p WHERE id > 2) out.tsv
                .import out.csv q
                SELECT count(*) AS n, count(name) AS named, sum(score) AS s FROM q;
                """);
        assertThat(run("", "--format", "csv", dir.resolve("s.sql").toString()))
                .as(err())
                .isZero();
        assertThat(out())
                .contains(
                        "id,BIGINT",
                        "name,VARCHAR",
                        "score,DOUBLE",
                        "day,DATE",
                        "1,false,false,1.5\n2,true,,\n3,false,true,2.0\n4,false,false,0.25\n",
                        "n,named,s\n4,3,3.75\n");
        assertThat(Files.readString(dir.resolve("out.csv")))
                .startsWith("id,name,score,day\n1,\"O'Hara, Ann\",1.5,2024-01-02\n2,,,\n3,\"\",");
        assertThat(Files.readString(dir.resolve("out.tsv"))).isEqualTo("id\tscore\n3\t2.0\n4\t0.25\n");
    }

    @Test
    void importErrorsAreOneLine(@TempDir Path dir) {
        assertThat(run("", "-c", ".import " + dir.resolve("missing.csv") + " t"))
                .isEqualTo(1);
        assertThat(err())
                .startsWith("Error: read_csv: file '")
                .contains("does not exist")
                .doesNotContain("\tat ", "Exception", "line 1:");
    }

    @Test
    @Timeout(30)
    void cancelStopsALongRecursiveCteAndTheSessionStaysUsable() throws Exception {
        EngineBackend b = EngineBackend.open();
        b.execute("SET max_recursion = 1000000000");
        b.execute("CREATE TABLE keep(v INTEGER)");
        b.execute("INSERT INTO keep VALUES (7)");
        Thread canceller = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            b.cancel();
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.execute(
                        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r"))
                .isInstanceOf(dev.nabla.common.NablaException.class)
                .extracting(e -> ((dev.nabla.common.NablaException) e).code())
                .isEqualTo(dev.nabla.common.ErrorCode.CANCELLED);
        canceller.join();
        var r = b.execute("SELECT v FROM keep");
        assertThat(((dev.nabla.cli.shell.SqlBackend.Outcome.Rows) r).table().get(0, 0))
                .isEqualTo(7L);
        b.close();
    }
}
