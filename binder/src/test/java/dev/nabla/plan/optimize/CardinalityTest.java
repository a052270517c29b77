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

    @Test
    void dateWidenedToTimestampComparesTheConstantInDays() {
        // fires: the binder compares CAST(sh_date AS TIMESTAMP) with the constant's microseconds; the statistics
        // count days, so the constant is converted (it was compared as microseconds: above max, every row kept)
        assertThat(rows("SELECT * FROM shipments WHERE sh_date < TIMESTAMP '1995-01-01 00:00:00'"))
                .isCloseTo(6e6 * (9131 - 8036) / 2525.0, within(1.0));
        assertThat(rows("SELECT * FROM shipments WHERE sh_date >= TIMESTAMP '1995-01-01 12:00:00'"))
                .isCloseTo(6e6 * (10561 - 9131.5) / 2525.0, within(1.0));
        // an equality outside the range matches (all but) nothing, inside it one day's share
        assertThat(rows("SELECT * FROM shipments WHERE sh_date = TIMESTAMP '2030-01-01 00:00:00'"))
                .isLessThan(500);
        assertThat(rows("SELECT * FROM shipments WHERE sh_date = TIMESTAMP '1995-01-01 00:00:00'"))
                .isCloseTo(6e6 / 2526, within(1.0));
        // the DATE itself compares in days as before
        assertThat(rows("SELECT * FROM shipments WHERE sh_date < DATE '1995-01-01'"))
                .isCloseTo(6e6 * (9131 - 8036) / 2525.0, within(1.0));
    }

    @Test
    void castsThatChangeNumbersAreNotLookedThrough() {
        // does not fire: a DATE as text has no numeric range (a third, as any range without min/max)
        assertThat(rows("SELECT * FROM shipments WHERE CAST(sh_date AS VARCHAR) < '1995-01-01'"))
                .isCloseTo(2_000_000, within(1.0));
        // integer widening and integer to DOUBLE keep the numbers: the range of p_size still applies
        assertThat(rows("SELECT * FROM part WHERE CAST(p_size AS BIGINT) <= 25"))
                .isCloseTo(200_000 * 24.0 / 49, within(1.0));
        assertThat(rows("SELECT * FROM part WHERE CAST(p_size AS DOUBLE) <= 25.0"))
                .isCloseTo(200_000 * 24.0 / 49, within(1.0));
    }

    /** The first join of {@code sql}'s plan with its type replaced (SEMI / ANTI output the left side's columns). */
    private static double rowsAs(String sql, dev.nabla.plan.logical.JoinType type) {
        LogicalPlan p = plan(sql);
        while (!(p instanceof Join)) p = p.inputs().get(0);
        Join j = (Join) p;
        return Cardinality.rows(
                new Join(j.left(), j.right(), type, j.condition(), j.left().output()));
    }

    @Test
    void antiJoinKeepsTheRowsTheSemiJoinDoesNot() {
        // 4 000 partsupp rows (parts 1..1000) name at most 4 000 of the 10 000 suppliers: SEMI 4 000, ANTI 6 000
        String sql = "SELECT * FROM supplier JOIN (SELECT * FROM partsupp WHERE ps_partkey <= 1000) ps"
                + " ON s_suppkey = ps_suppkey";
        double all = 800_000 * (999 / 199_999.0);
        double share = all / 10_000;
        assertThat(rowsAs(sql, dev.nabla.plan.logical.JoinType.SEMI)).isCloseTo(10_000 * share, within(1.0));
        assertThat(rowsAs(sql, dev.nabla.plan.logical.JoinType.ANTI)).isCloseTo(10_000 * (1 - share), within(1.0));
        // another conjunct thins the matches: fewer rows for SEMI (s_nationkey < 6: a quarter); ANTI then keeps
        // the left rows (its complement is unreliable with a residual, as q21's l_suppkey <> l_suppkey)
        String residual = "SELECT * FROM supplier JOIN (SELECT * FROM partsupp WHERE ps_partkey <= 1000) ps"
                + " ON s_suppkey = ps_suppkey AND s_nationkey < 6";
        assertThat(rowsAs(residual, dev.nabla.plan.logical.JoinType.SEMI))
                .isCloseTo(10_000 * share * 0.25, within(1.0));
        assertThat(rowsAs(residual, dev.nabla.plan.logical.JoinType.ANTI)).isCloseTo(10_000, within(1.0));
    }

    @Test
    void antiJoinWithoutAColumnEqualityKeepsTheLeftRows() {
        // does not fire: nothing is known about which rows match
        String sql = "SELECT * FROM supplier JOIN partsupp ON s_nationkey < ps_suppkey";
        assertThat(rowsAs(sql, dev.nabla.plan.logical.JoinType.ANTI)).isCloseTo(10_000, within(1.0));
    }
}
