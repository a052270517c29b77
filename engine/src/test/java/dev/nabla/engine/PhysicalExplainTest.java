package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EXPLAIN prints the physical plan (then the logical one); the fused-aggregate planner rule fires
 * and does not fire as documented ({@code FusedAggregateRule}), and {@code SET fused = off} keeps it
 * from firing; EXPLAIN ANALYZE shows the operators that ran, the morsel scan of a fused aggregate included.
 */
class PhysicalExplainTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @BeforeEach
    void tables() {
        s.execute(
                "CREATE TABLE t AS SELECT range AS i, range * 0.5 AS x, range * 0.25 AS y, range % 3 AS g FROM range(1000)");
        s.execute("CREATE TABLE params AS SELECT 0.5 AS a, 0.1 AS b");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> lines(String sql) {
        Result r = s.execute(sql);
        return IntStream.range(0, (int) r.rowCount())
                .mapToObj(i -> r.getString(i, 0))
                .toList();
    }

    /** The physical section: the lines before the blank line. */
    private List<String> physical(String sql) {
        List<String> l = lines(sql);
        int blank = l.indexOf("");
        return blank < 0 ? l : l.subList(0, blank);
    }

    @Test
    void joinLinesShowEstimatedRowsFromStatistics() {
        // t.g has 3 values: 1000 rows of t joined with the 3 rows of u on their key keep 1000; the filter
        // i < 100 keeps a tenth of t by its [0, 999] range; EXPLAIN ANALYZE prints the real rows beside
        s.execute("CREATE TABLE u AS SELECT range AS k FROM range(3)");
        assertThat(physical("EXPLAIN SELECT count(*) FROM t JOIN u ON g = k"))
                .anyMatch(l -> l.strip().equals("HashJoin INNER (g = k) est=1000"));
        assertThat(physical("EXPLAIN SELECT count(*) FROM t JOIN u ON g = k WHERE i < 100"))
                .anyMatch(l -> l.strip().equals("HashJoin INNER (g = k) est=100"));
        assertThat(physical("EXPLAIN ANALYZE SELECT count(*) FROM t JOIN u ON g = k WHERE i < 100"))
                .anyMatch(l -> l.strip().startsWith("HashJoin INNER (g = k) est=100  (rows=100,"));
    }

    @Test
    void fusedAggregateOverTheScansThatRun() {
        List<String> p = physical("EXPLAIN SELECT AVG(grad(power(a*x+b-y, 2), a)) FROM t, params");
        assertThat(p.get(0)).startsWith("FusedAggregate keys=[] aggs=[avg(");
        assertThat(p.get(0)).endsWith("kernel outputs=1 one-row side as kernel scalars");
        assertThat(p.get(1)).isEqualTo("  MorselScan t [x, y]");
        assertThat(p.get(2)).isEqualTo("  Scan params [a, b]");
        assertThat(p).hasSize(3); // no cross join: it never runs
        // the logical plan follows
        List<String> all = lines("EXPLAIN SELECT AVG(grad(power(a*x+b-y, 2), a)) FROM t, params");
        assertThat(all.subList(p.size(), all.size()))
                .contains("logical plan:")
                .anyMatch(l -> l.strip().startsWith("Join CROSS"));
    }

    @Test
    void joinOnTrueIsFusedToo() {
        assertThat(physical("EXPLAIN SELECT SUM(x * a) FROM t JOIN params ON true")
                        .get(0))
                .startsWith("FusedAggregate");
    }

    @Test
    void groupedRuleFires() {
        List<String> p = physical("EXPLAIN SELECT g, SUM(x * y) FROM t WHERE x > 1 GROUP BY g");
        assertThat(p.get(0)).startsWith("FusedAggregate keys=[g] aggs=[sum(");
        assertThat(p.get(1)).startsWith("  MorselScan t [").contains("where=");
    }

    @Test
    void ruleDoesNotFire() {
        // VARIANCE, DISTINCT, FILTER, a string key and two keys are not fused
        for (String q : List.of(
                "SELECT VAR_SAMP(x) FROM t",
                "SELECT SUM(DISTINCT x) FROM t",
                "SELECT SUM(x) FILTER (WHERE g = 1) FROM t",
                "SELECT g, i, SUM(x) FROM t GROUP BY g, i",
                "SELECT COUNT(*) FROM t")) {
            assertThat(physical("EXPLAIN " + q)).as(q).noneMatch(l -> l.contains("Fused"));
        }
    }

    @Test
    void setFusedOffKeepsTheRuleFromFiring() {
        String q = "SELECT SUM(x * a) FROM t, params";
        assertThat(physical("EXPLAIN " + q).get(0)).startsWith("FusedAggregate");
        s.execute("SET fused = off");
        List<String> p = physical("EXPLAIN " + q);
        assertThat(p.get(0)).startsWith("Aggregate");
        assertThat(p).anyMatch(l -> l.strip().startsWith("Join CROSS"));
        // a prepared statement is planned again when the setting changes
        PreparedQuery pq = s.prepare(q);
        double off = (Double) pq.execute().get(0, 0);
        s.execute("SET fused = on");
        assertThat((Double) pq.execute().get(0, 0)).isEqualTo(off);
        assertThat(lines("EXPLAIN ANALYZE " + q).get(0)).startsWith("FusedAggregate");
    }

    @Test
    void settingValues() {
        s.execute("SET fused = false");
        assertThat(s.settings().fused()).isFalse();
        s.execute("SET fused TO on");
        assertThat(s.settings().fused()).isTrue();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> s.execute("SET fused = 7")))
                .hasMessageContaining("expects on or off");
    }

    @Test
    void analyzeShowsTheMorselScan() {
        List<String> l = lines("EXPLAIN ANALYZE SELECT SUM(x), AVG(y) FROM t");
        assertThat(l.get(0)).startsWith("FusedAggregate").matches(".*\\(rows=1, \\d+\\.\\d{3} ms\\)$");
        assertThat(l.get(1)).startsWith("  MorselScan t [x, y]").matches(".*\\(rows=1000, \\d+\\.\\d{3} ms\\)$");
        List<String> g = lines("EXPLAIN ANALYZE SELECT g, SUM(x) FROM t GROUP BY g");
        assertThat(g.get(0)).startsWith("FusedAggregate").contains("(rows=3, ");
        assertThat(g.get(1)).contains("(rows=1000, ");
    }
}
