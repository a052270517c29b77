package dev.nabla.plan.optimize;

import static dev.nabla.plan.PlanTesting.optimized;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.plan.PlanPrinter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.LogicalPlan;
import org.junit.jupiter.api.Test;

/** {@link PushSemiJoinDown}: (A ⋈ B) ⋉ P becomes (A ⋉ P) ⋈ B when the condition reads only A of the left side. */
class PushSemiJoinDownTest {
    private static String run(String sql) {
        return PlanPrinter.explain(optimized(sql));
    }

    private static Join semi(LogicalPlan p) {
        if (p instanceof Join j && (j.type() == JoinType.SEMI || j.type() == JoinType.ANTI)) return j;
        for (LogicalPlan in : p.inputs()) {
            Join j = semi(in);
            if (j != null) return j;
        }
        return null;
    }

    @Test
    void firesOntoTheSideTheConditionReads() {
        String text = run("SELECT ps_suppkey FROM partsupp JOIN supplier ON s_suppkey = ps_suppkey "
                + "WHERE EXISTS (SELECT 1 FROM part WHERE p_partkey = ps_partkey AND p_size = 15)");
        // the SEMI join sits on partsupp, under the join with supplier
        assertThat(text)
                .containsSubsequence("HashJoin INNER (s_suppkey = ps_suppkey)", "HashJoin SEMI", "Scan partsupp");
        assertThat(text.indexOf("HashJoin SEMI")).isGreaterThan(text.indexOf("HashJoin INNER"));
        // NOT EXISTS keeps about 98 % of partsupp (Cardinality): moving it saves too little to pay
        String anti = run("SELECT ps_suppkey FROM partsupp JOIN supplier ON s_suppkey = ps_suppkey "
                + "WHERE NOT EXISTS (SELECT 1 FROM part WHERE p_partkey = ps_partkey AND p_size = 15)");
        assertThat(anti.indexOf("HashJoin ANTI")).isLessThan(anti.indexOf("HashJoin INNER"));
    }

    @Test
    void doesNotFireWhenTheConditionReadsBothSidesOrBelowAnOuterJoin() {
        String sqlBoth = ("SELECT ps_suppkey FROM partsupp JOIN supplier ON s_suppkey = ps_suppkey "
                + "WHERE EXISTS (SELECT 1 FROM part WHERE p_partkey = ps_partkey AND p_size = s_nationkey)");
        String both = run(sqlBoth);
        assertThat(both.indexOf("HashJoin SEMI")).isLessThan(both.indexOf("HashJoin INNER"));
        assertThat(new PushSemiJoinDown().apply(semi(optimized(sqlBoth)))).isEmpty();
        String sqlOuter = ("SELECT ps_suppkey FROM partsupp LEFT JOIN supplier ON s_suppkey = ps_suppkey "
                + "WHERE EXISTS (SELECT 1 FROM part WHERE p_partkey = ps_partkey AND p_size = 15)");
        String outer = run(sqlOuter);
        assertThat(outer.indexOf("HashJoin SEMI")).isLessThan(outer.indexOf("HashJoin LEFT"));
        assertThat(new PushSemiJoinDown().apply(semi(optimized(sqlOuter)))).isEmpty();
    }

    @Test
    void doesNotFireWhenTheSemiJoinKeepsMostRowsBelowASelectiveJoin() {
        // EXISTS over every partsupp key keeps all of partsupp; the join with one nation's suppliers keeps 1/25:
        // the semi join stays above that join (TPC-H q21's shape)
        String sql = "SELECT ps_suppkey FROM partsupp JOIN supplier ON s_suppkey = ps_suppkey WHERE s_nationkey = 3 "
                + "AND EXISTS (SELECT 1 FROM partsupp p2 WHERE p2.ps_partkey = partsupp.ps_partkey)";
        String text = run(sql);
        assertThat(text.indexOf("HashJoin SEMI")).isLessThan(text.indexOf("HashJoin INNER"));
        assertThat(new PushSemiJoinDown().apply(semi(optimized(sql)))).isEmpty();
    }
}
