package dev.nabla.engine;

import static dev.nabla.engine.DdlDmlTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code nabla_ddl()} (what {@code .schema}/{@code .dump} print) rebuilds the database exactly: the dump of a
 * database, run in a fresh one, dumps the same text, constraints, indexes, views and awkward values included.
 */
class SchemaDdlTest {
    private final Database db = Nabla.open();
    private final Database copy = Nabla.open();

    @AfterEach
    void close() {
        db.close();
        copy.close();
    }

    private static final String SETUP = """
            CREATE TABLE runs(id INTEGER PRIMARY KEY, name VARCHAR NOT NULL DEFAULT 'run',
                lr DOUBLE DEFAULT 0.1 CHECK (lr > 0), tag VARCHAR UNIQUE, "Mixed Case" BIGINT,
                CONSTRAINT lr_small CHECK (lr < 10));
            CREATE TABLE steps(run INTEGER REFERENCES runs(id), step INTEGER, loss DOUBLE, at TIMESTAMP, d DATE,
                ok BOOLEAN, raw BLOB, PRIMARY KEY (run, step), CONSTRAINT loss_tag UNIQUE (loss, step));
            CREATE TABLE tree(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree(id));
            CREATE INDEX steps_loss ON steps (loss);
            CREATE UNIQUE INDEX runs_name ON runs (name);
            CREATE VIEW best AS SELECT run, min(loss) AS loss FROM steps GROUP BY run;
            CREATE VIEW best2 (r, l) AS SELECT * FROM best WHERE loss < 1;
            INSERT INTO runs VALUES (1, 'it''s', 0.5, NULL, 9223372036854775807), (2, 'b', 1e-300, 'x', -1);
            INSERT INTO steps VALUES (1, 1, CAST('NaN' AS DOUBLE), TIMESTAMP '2026-12-07 10:11:12.345678',
                DATE '1970-01-01', TRUE, X'00ff'), (1, 2, CAST('-Infinity' AS DOUBLE), NULL, NULL, FALSE, NULL),
                (2, 1, -0.0, NULL, DATE '2999-12-31', NULL, X''), (2, 2, 0.1 + 0.2, NULL, NULL, NULL, NULL);
            INSERT INTO tree VALUES (1, NULL), (2, 1), (3, 2);
            """;

    private static List<String> dump(Session s) {
        List<String> out = new ArrayList<>();
        for (List<Object> r : rows(s.execute("SELECT sql FROM nabla_ddl(data => true) ORDER BY seq")))
            out.add((String) r.getFirst());
        return out;
    }

    @Test
    void dumpRebuildsTheDatabaseExactly() {
        Session s = db.connect();
        s.executeScript(SETUP);
        List<String> first = dump(s);
        assertThat(first.getFirst())
                .isEqualTo("CREATE TABLE runs (id INTEGER, name VARCHAR NOT NULL DEFAULT 'run', lr DOUBLE DEFAULT 0.1,"
                        + " tag VARCHAR, \"Mixed Case\" BIGINT, PRIMARY KEY (id), CONSTRAINT runs_tag_key UNIQUE (tag),"
                        + " CONSTRAINT runs_lr_check CHECK ((lr > 0.0)), CONSTRAINT lr_small CHECK ((lr < 10.0)));");
        assertThat(first)
                .contains(
                        "CREATE UNIQUE INDEX runs_name ON runs (name);",
                        "CREATE INDEX steps_loss ON steps (loss);",
                        "CREATE VIEW best AS SELECT run, min(loss) AS loss FROM steps GROUP BY run;",
                        "CREATE VIEW best2 (r, l) AS SELECT * FROM best WHERE loss < 1;");
        // parents first, views last and in dependency order
        assertThat(first.indexOf("CREATE VIEW best AS SELECT run, min(loss) AS loss FROM steps GROUP BY run;"))
                .isLessThan(first.indexOf("CREATE VIEW best2 (r, l) AS SELECT * FROM best WHERE loss < 1;"));
        assertThat(String.join("\n", first))
                .contains("CONSTRAINT steps_run_fkey FOREIGN KEY (run) REFERENCES runs (id)")
                .contains("FOREIGN KEY (parent) REFERENCES tree (id)");

        Session fresh = copy.connect();
        fresh.executeScript(String.join("\n", first));
        assertThat(dump(fresh)).isEqualTo(first);
        // the awkward values are in the text that was reloaded (the second dump printed them from the copy)
        assertThat(String.join("\n", first))
                .contains("CAST('NaN' AS DOUBLE)", "CAST('-Infinity' AS DOUBLE)", "CAST('-0.0' AS DOUBLE)")
                .contains("'it''s'", "9223372036854775807", "1.0E-300", "0.30000000000000004", "X'00FF'")
                .contains("TIMESTAMP '2026-12-07 10:11:12.345678'", "DATE '2999-12-31'");
    }

    @Test
    void schemaWithoutDataHasNoInserts() {
        Session s = db.connect();
        s.executeScript("CREATE TABLE t(a INTEGER); INSERT INTO t VALUES (1);");
        assertThat(rows(s.execute("SELECT kind, name, table_name, sql FROM nabla_ddl()")))
                .containsExactly(List.of("table", "t", "t", "CREATE TABLE t (a INTEGER);"));
        assertThat(rows(s.execute("SELECT kind FROM nabla_ddl(data => true)")))
                .containsExactly(List.of("table"), List.of("data"));
    }
}
