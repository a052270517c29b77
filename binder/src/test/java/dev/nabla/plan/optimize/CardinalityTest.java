package dev.nabla.plan.optimize;

import static dev.nabla.plan.PlanTesting.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Scan;
import org.junit.jupiter.api.Test;

/** Cardinality estimates from column statistics (TestCatalog's part / partsupp / supplier carry them). */
class CardinalityTest {
    /** Rows of the (unoptimized) plan's first Filter, Join or Scan from the top. */
    private static double rows(String sql) {
        LogicalPlan p = plan(sql);
        while (!(p instanceof Filter || p instanceof Join || p instanceof Scan))
            p = p.inputs().get(0);
        return Cardinality.rows(p);
    }

    @Test
    void equalityUsesDistinctCounts() {
        // 200 000 parts, 50 sizes
        assertThat(rows("SELECT * FROM part WHERE p_size = 15")).isCloseTo(4000, within(1.0));
        assertThat(rows("SELECT * FROM part WHERE p_size IN (1, 2, 3)")).isCloseTo(12_000, within(1.0));
        assertThat(rows("SELECT * FROM part WHERE p_size <> 15")).isCloseTo(196_000, within(1.0));
        // a constant outside [min, max] is all but empty
        assertThat(rows("SELECT * FROM part WHERE p_size = 99")).isLessThan(500);
    }

    @Test
    void rangesUseMinAndMax() {
        // s_nationkey in [0, 24]: < 6 keeps a quarter
        assertThat(rows("SELECT * FROM supplier WHERE s_nationkey < 6")).isCloseTo(2500, within(1.0));
        // the two bounds of BETWEEN intersect (10 / 49 of [1, 50]) instead of multiplying (~0.8 · 0.4)
        assertThat(rows("SELECT * FROM part WHERE p_size BETWEEN 21 AND 31"))
                .isCloseTo(200_000 * 10.0 / 49, within(1.0));
        assertThat(rows("SELECT * FROM part WHERE p_size > 100")).isEqualTo(1);
        assertThat(rows("SELECT * FROM part WHERE p_size >= 1")).isCloseTo(200_000, within(1.0));
    }

    @Test
    void nullFractionAndPatterns() {
        assertThat(rows("SELECT * FROM supplier WHERE s_comment IS NULL")).isCloseTo(5000, within(1.0));
        assertThat(rows("SELECT * FROM supplier WHERE s_comment IS NOT NULL")).isCloseTo(5000, within(1.0));
        assertThat(rows("SELECT * FROM supplier WHERE s_comment LIKE '%Customer%'"))
                .isCloseTo(1000, within(1.0));
        assertThat(rows("SELECT * FROM supplier WHERE s_comment = 'x' OR s_nationkey = 3"))
                .isCloseTo(10_000 * (0.5 / 9000 + 1.0 / 25 - 0.5 / 9000 / 25), within(1.0));
        // no statistics: the fixed quarter
        assertThat(rows("SELECT * FROM t WHERE a = 3")).isCloseTo(25, within(0.01));
    }

    @Test
    void joinSizeDividesByTheLargerDistinctCountCappedByRows() {
        // a foreign key into the filtered part keeps part's fraction of partsupp: 4000 · 800 000 / 200 000
        assertThat(
                        rows(
                                "SELECT * FROM partsupp JOIN (SELECT * FROM part WHERE p_size = 15) p ON ps_partkey = p_partkey"))
                .isCloseTo(16_000, within(1.0));
        assertThat(rows("SELECT * FROM partsupp JOIN supplier ON ps_suppkey = s_suppkey"))
                .isCloseTo(800_000, within(1.0));
    }

    @Test
    void groupsAreTheProductOfKeyDistinctCountsCappedByRows() {
        LogicalPlan p = plan("SELECT s_nationkey, count(*) FROM supplier GROUP BY s_nationkey");
        while (!(p instanceof dev.nabla.plan.logical.Aggregate)) p = p.inputs().get(0);
        assertThat(Cardinality.rows(p)).isEqualTo(25);
        p = plan("SELECT ps_partkey, ps_suppkey FROM partsupp GROUP BY ps_partkey, ps_suppkey");
        while (!(p instanceof dev.nabla.plan.logical.Aggregate)) p = p.inputs().get(0);
        assertThat(Cardinality.rows(p)).isEqualTo(800_000);
    }
}
