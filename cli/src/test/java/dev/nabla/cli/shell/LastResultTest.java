package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.output.OutputFormat;
import dev.nabla.engine.Nabla;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code _}, the shell's last result, against the real engine: readable, never listed, shadowed by the user's own {@code _}. */
class LastResultTest {
    final EngineBackend backend = EngineBackend.open();
    final StringWriter out = new StringWriter(), err = new StringWriter();
    final ShellSettings settings = new ShellSettings();
    final Shell shell = new Shell(backend, settings, new PrintWriter(out), new PrintWriter(err));

    {
        settings.format = OutputFormat.CSV;
    }

    @AfterEach
    void close() {
        backend.close();
    }

    private String run(String sql) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        shell.run(sql, Shell.Source.COMMAND_LINE);
        return out.toString();
    }

    @Test
    void aFreshShellListsNoTables() {
        assertThat(shell.rows("SHOW TABLES").rowCount()).isZero();
        assertThat(shell.tableNames()).isEmpty();
        assertThat(run(".tables")).isEmpty();
        assertThat(run(".schema")).isEmpty();
        // a result shown does not add it either
        run("SELECT 42 AS answer;");
        assertThat(shell.rows("SHOW TABLES").rowCount()).isZero();
        assertThat(shell.tableNames()).isEmpty();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void underscoreReadsTheResultShownLast() {
        run("SELECT i, i * i AS sq FROM generate_series(1, 4) g(i);");
        assertThat(run("SELECT sum(sq) AS s FROM _ WHERE i > 1;")).isEqualTo("s\n29\n");
        assertThat(run("SELECT s + 1 AS t FROM _;")).isEqualTo("t\n30\n");
        assertThat(run("SELECT u.t FROM _ u JOIN _ v ON u.t = v.t;")).isEqualTo("t\n30\n");
        // DESCRIBE shows the result's columns (and its own output then becomes _)
        assertThat(run("DESCRIBE _;")).contains("t,");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void beforeTheFirstResultUnderscoreSaysWhy() {
        assertThat(shell.run("SELECT * FROM _;", Shell.Source.COMMAND_LINE)).isFalse();
        assertThat(err.toString()).contains("no result yet: _ is the last result");
    }

    @Test
    void underscoreIsReadOnly() {
        run("SELECT 1 AS a;");
        assertThat(shell.run("INSERT INTO _ VALUES (2);", Shell.Source.COMMAND_LINE))
                .isFalse();
        assertThat(err.toString()).contains("read-only");
    }

    @Test
    void theUsersOwnUnderscoreWins() {
        assertThat(shell.run("CREATE TABLE _ (x INTEGER); INSERT INTO _ VALUES (7);", Shell.Source.COMMAND_LINE))
                .as(err.toString())
                .isTrue();
        run("SELECT 'other' AS y;");
        assertThat(run("SELECT * FROM _;")).isEqualTo("x\n7\n");
        assertThat(shell.tableNames()).containsExactly("_");
        assertThat(run(".tables")).isEqualTo("_\n");
        // a CTE shadows both
        assertThat(run("WITH _ AS (SELECT 3 AS z) SELECT * FROM _;")).isEqualTo("z\n3\n");
        // dropped: _ is the last result again
        run("DROP TABLE _;");
        run("SELECT 5 AS five;");
        assertThat(run("SELECT five * 2 AS ten FROM _;")).isEqualTo("ten\n10\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jdbcMetadataOfTheShellsDatabaseDoesNotListUnderscore() throws Exception {
        String name = "last_result_test_" + System.nanoTime();
        try (EngineBackend named = new EngineBackend(Nabla.open(name))) {
            Shell sh = new Shell(named, settings, new PrintWriter(out), new PrintWriter(err));
            sh.run("CREATE TABLE t (a INTEGER); SELECT 1 AS one;", Shell.Source.COMMAND_LINE);
            List<String> tables = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:nabla:mem:" + name);
                    ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
                while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
            }
            assertThat(tables).containsExactly("t");
        } finally {
            Nabla.drop(name);
        }
    }
}
