package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SEMI/ANTI join hashes its smaller side: the outer rows when the subquery's side is the larger one
 * (EXPLAIN says {@code build=left}), the subquery's rows otherwise. Answers: sql/core/decorrelation.test.
 */
class SemiJoinBuildSideTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @BeforeEach
    void tables() {
        s.execute("CREATE TABLE small AS SELECT range AS id FROM range(10)");
        s.execute("CREATE TABLE big AS SELECT range % 500 AS pid, range AS w FROM range(20000)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> plan(String sql) {
        Result r = s.execute("EXPLAIN " + sql);
        return IntStream.range(0, (int) r.rowCount())
                .mapToObj(i -> r.getString(i, 0))
                .toList();
    }

    @Test
    void smallOuterSideIsHashed() {
        List<String> p = plan("SELECT id FROM small WHERE EXISTS (SELECT 1 FROM big WHERE big.pid = small.id)");
        assertThat(p.get(0)).matches("HashJoin SEMI \\(pid = id\\) build=left est=\\d+");
        // printed in the logical order all the same: the outer side first
        assertThat(p.get(1)).isEqualTo("  Scan small [id]");
        assertThat(plan("SELECT id FROM small WHERE NOT EXISTS (SELECT 1 FROM big WHERE big.pid = small.id AND w < id)")
                        .get(0))
                .matches("HashJoin ANTI \\(\\(pid = id\\) AND \\(w < id\\)\\) build=left est=\\d+");
        Result r = s.execute("SELECT count(*) FROM small WHERE EXISTS (SELECT 1 FROM big WHERE big.pid = small.id)");
        assertThat(r.getLong(0, 0)).isEqualTo(10);
    }

    @Test
    void largeOuterSideStreams() {
        List<String> p = plan("SELECT pid FROM big WHERE NOT EXISTS (SELECT 1 FROM small WHERE big.pid = small.id)");
        assertThat(p.get(0)).matches("HashJoin ANTI \\(pid = id\\) est=\\d+");
        // the rows the SEMI join would not keep: 20 000 · (1 − 10 / ~500 distinct pids), 19 600 in fact
        long est = Long.parseLong(p.get(0).substring(p.get(0).indexOf("est=") + 4));
        assertThat(est).isBetween(19_400L, 19_800L);
        Result r =
                s.execute("SELECT count(*) FROM big WHERE NOT EXISTS (SELECT 1 FROM small WHERE big.pid = small.id)");
        assertThat(r.getLong(0, 0)).isEqualTo(20000 - 400);
    }
}
