package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When ShareCtes computes a CTE once (MaterializedCte + CteScan in the plan) and when it leaves the references
 * inline. Answers of the same queries: sql/cte/materialized.test.
 */
class SharedCteTest {
    private final Database db = Nabla.open();
    private final Session s = db.connect();

    @BeforeEach
    void tables() {
        s.execute("CREATE TABLE t(i INTEGER, x DOUBLE)");
        s.execute("INSERT INTO t VALUES (1, 0.5), (2, 1.5), (3, -2.0), (4, 4.0)");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> plan(String sql) {
        Result r = s.execute("EXPLAIN " + sql);
        return IntStream.range(0, (int) r.rowCount())
                .mapToObj(i -> r.getString(i, 0).strip())
                .toList();
    }

    private long count(List<String> plan, String prefix) {
        // EXPLAIN prints the physical plan, then the logical one: count in the logical one
        int from = plan.indexOf("logical plan:");
        return plan.subList(from, plan.size()).stream()
                .filter(l -> l.startsWith(prefix))
                .count();
    }

    @Test
    void aCteReadTwiceIsComputedOnce() {
        List<String> p = plan("WITH c AS (SELECT i, x * 2 AS y FROM t) SELECT a.i, b.y FROM c a JOIN c b ON a.i = b.i");
        assertThat(count(p, "MaterializedCte c")).isEqualTo(1);
        assertThat(count(p, "CteScan c")).isEqualTo(2);
        assertThat(count(p, "Scan t")).isEqualTo(1);
    }

    @Test
    void materializedHintSharesEvenOneReference() {
        List<String> p = plan("WITH c AS MATERIALIZED (SELECT i FROM t) SELECT i FROM c");
        assertThat(count(p, "MaterializedCte c")).isEqualTo(1);
        assertThat(count(p, "CteScan c")).isEqualTo(1);
    }

    @Test
    void oneReferenceAndNotMaterializedStayInline() {
        assertThat(count(plan("WITH c AS (SELECT i FROM t) SELECT i FROM c"), "MaterializedCte"))
                .isZero();
        List<String> p = plan("WITH c AS NOT MATERIALIZED (SELECT i FROM t) SELECT a.i FROM c a JOIN c b ON a.i = b.i");
        assertThat(count(p, "MaterializedCte")).isZero();
        assertThat(count(p, "Scan t")).isEqualTo(2);
    }

    @Test
    void aCorrelatedCteStaysInline() {
        List<String> p = plan(
                "SELECT i, (WITH c AS (SELECT t2.i FROM t t2 WHERE t2.i <= t.i) SELECT count(*) FROM c c1, c c2) FROM t");
        assertThat(p).noneSatisfy(l -> assertThat(l).startsWith("MaterializedCte"));
    }

    @Test
    void aCteReadingAnOuterWorkingTableStaysInline() {
        List<String> p = plan("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL (WITH w AS MATERIALIZED (SELECT n FROM r)"
                + " SELECT n + 1 FROM w WHERE n < 4)) SELECT n FROM r");
        assertThat(count(p, "MaterializedCte")).isZero();
    }

    @Test
    void aCopyAGradientDifferentiatesThroughStaysInlineAndTheOtherCopiesShare() {
        // grad(b.y, b.x) = cos(e) * exp(x) reads e, an intermediate value inside copy b: b is rebuilt to pass it up
        // and stays inline; copies a and d still share
        String q = "WITH c AS (SELECT i, x, sin(e) AS y FROM (SELECT i, x, exp(x) AS e FROM t) q)"
                + " SELECT a.i, grad(b.y, b.x) - cos(exp(b.x)) * exp(b.x), d.x FROM c a JOIN c b ON a.i = b.i"
                + " JOIN c d ON d.i = a.i ORDER BY 1";
        List<String> p = plan(q);
        assertThat(count(p, "MaterializedCte c")).isEqualTo(1);
        assertThat(count(p, "CteScan c")).isEqualTo(2);
        Result r = s.execute(q);
        assertThat(r.rowCount()).isEqualTo(4);
        for (int i = 0; i < 4; i++) assertThat(r.getDouble(i, 1)).isEqualTo(0.0);
    }

    @Test
    void aGradientThatReadsOnlyTheCopysColumnsKeepsItShared() {
        String q = "WITH c AS (SELECT i, x, x * x * x AS y FROM t)"
                + " SELECT a.i, grad(b.y, b.x) FROM c a JOIN c b ON a.i = b.i ORDER BY 1";
        assertThat(count(plan(q), "CteScan c")).isEqualTo(2);
        assertThat(s.execute(q).getDouble(3, 1)).isEqualTo(48.0);
    }

    @Test
    void theBackwardPlanOfGradientReadsEachLevelsRowsOnce() {
        s.execute("CREATE TABLE p(k INTEGER, w DOUBLE)");
        s.execute("INSERT INTO p VALUES (1, 0.5), (2, -1.0)");
        List<String> plan = plan("SELECT * FROM GRADIENT(SELECT AVG(s * s) FROM (SELECT t.i, SUM(p.w * t.x) AS s"
                + " FROM t JOIN p ON p.k = t.i % 2 + 1 GROUP BY t.i) q) WITH RESPECT TO p");
        // the AVG level's rows are read by its group statistics and its contributions: computed once
        assertThat(count(plan, "MaterializedCte __l0_rows")).isEqualTo(1);
        // the SUM level reads nothing of its groups: no grp, so its rows are read once, in place
        assertThat(String.join("\n", plan)).doesNotContain("__l1_grp");
        assertThat(count(plan, "MaterializedCte __l1_rows")).isZero();
        assertThat(count(plan, "MaterializedCte __gt")).isEqualTo(1);
    }
}
