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
        // NOT EXISTS too
        String anti = run("SELECT ps_suppkey FROM partsupp JOIN supplier ON s_suppkey = ps_suppkey "
                + "WHERE NOT EXISTS (SELECT 1 FROM part WHERE p_partkey = ps_partkey AND p_size = 15)");
        assertThat(anti.indexOf("HashJoin ANTI")).isGreaterThan(anti.indexOf("HashJoin INNER"));
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
}
