package dev.nabla.tests.loops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vector examples: examples/digits_knn.sql classifies the UCI digits by 1-NN over DOUBLE[64].
 * The data lives outside the repository ({@code ../shared/data/digits.csv.gz} next to the checkout);
 * without it the test is skipped, not failed.
 */
class VectorExamplesTest {
    Database db;
    Session s;

    @BeforeEach
    void open() {
        db = Nabla.open();
        s = db.connect();
    }

    @AfterEach
    void close() {
        s.close();
        db.close();
    }

    /** shared/data/digits.csv.gz next to the checkout (or next to a folder of worktrees), or null. */
    static Path digits() {
        Path dir = LoopsPaths.example("digits_knn.sql").getParent().getParent();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("data").resolve("digits.csv.gz");
            if (Files.isRegularFile(candidate)) return candidate;
        }
        return null;
    }

    @Test
    void digitsNearestNeighbour() {
        Path data = digits();
        assumeTrue(data != null, "../shared/data/digits.csv.gz is not present");
        String script = LoopsPaths.exampleSql("digits_knn.sql")
                .replace("'../shared/data/digits.csv.gz'", "'" + data.toString().replace("'", "''") + "'");
        s.executeScript(script);
        Result r = s.execute("SELECT count(*), avg(CASE WHEN predicted = label THEN 1.0 ELSE 0.0 END) FROM knn");
        assertThat(r.getLong(0, 0)).isEqualTo(359);
        // 356 of 359: the same as a brute-force 1-NN in Python over the same split
        assertThat(r.getDouble(0, 1)).isCloseTo(356.0 / 359.0, within(1e-12));
        Result types = s.execute("SELECT typeof(px), array_length(px) FROM digits LIMIT 1");
        assertThat(types.getString(0, 0)).isEqualTo("DOUBLE[64]");
        assertThat(types.getLong(0, 1)).isEqualTo(64);
    }

    /** A k-nearest-neighbour join as LATERAL ORDER BY distance LIMIT k plans the bounded-heap top-N sort per query row. */
    @Test
    void lateralKnnJoinPlansTheTopNSort() {
        s.execute("CREATE TABLE docs AS SELECT i AS id, array_value(cos(i * 1.1), sin(i * 1.7)) AS e"
                + " FROM generate_series(1, 200) g(i)");
        s.execute(
                "CREATE TABLE qs AS SELECT j AS qid, array_value(sin(j), cos(j)) AS e FROM generate_series(1, 20) g(j)");
        String q = "SELECT q.qid, n.id FROM qs q, LATERAL (SELECT d.id FROM docs d ORDER BY d.e <-> q.e LIMIT 5) n";
        Result plan = s.execute("EXPLAIN " + q);
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < plan.rowCount(); r++)
            text.append(plan.getString(r, 0)).append('\n');
        assertThat(text.toString()).contains("top-N").contains("array_distance");
        assertThat(s.execute(q).rowCount()).isEqualTo(100);
    }
}
