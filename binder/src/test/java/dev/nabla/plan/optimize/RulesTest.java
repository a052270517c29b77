package dev.nabla.plan.optimize;

import static dev.nabla.plan.PlanTesting.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.NablaException;
import dev.nabla.plan.PlanPrinter;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each rule alone: a case where it fires (with the resulting plan) and one where it does not. */
class RulesTest {
    private static String run(Rule rule, String sql) {
        return PlanPrinter.explain(new Optimizer(List.of(rule), 10).optimize(plan(sql)));
    }

    private static void unchanged(Rule rule, String sql) {
        assertThat(run(rule, sql)).isEqualTo(PlanPrinter.explain(plan(sql)));
    }

    @Test
    void foldConstants() {
        assertThat(run(new FoldConstants(), "SELECT a FROM t WHERE a > 2 * 3 + 1 AND b < sqrt(16.0)"))
                .isEqualTo("""
                Project [a]
                  Filter ((a > 7) AND (b < 4.0))
                    Scan t [a, b, c, d]
                """);
        // division by zero and overflow are left for the runtime; math outside its domain is NULL here as there
        assertThat(run(new FoldConstants(), "SELECT 1 / 0, 9223372036854775807 + 1, ln(-1.0), NULL + 1"))
                .isEqualTo(
                        "Project [(1 / 0) AS \"1 / 0\", (9223372036854775807 + 1) AS \"9223372036854775807 + 1\", NULL AS \"ln(-1.0)\", NULL AS \"NULL + 1\"]\n  SingleRow\n");
        unchanged(new FoldConstants(), "SELECT a + b FROM t");
    }

    @Test
    void simplifyExpressions() {
        assertThat(run(new SimplifyExpressions(), "SELECT b * 1.0 - 0.0, a + 0 FROM t WHERE TRUE AND a > 1"))
                .isEqualTo("""
                Project [b AS "b * 1.0 - 0.0", a AS "a + 0"]
                  Filter (a > 1)
                    Scan t [a, b, c, d]
                """);
        // x * 0 is not 0 for NULL, NaN or ±Infinity; b + 0.0 is not b for b = −0.0
        unchanged(new SimplifyExpressions(), "SELECT a * 2, b * 0.0, b + 0.0, NOT (a > 1) FROM t");
    }

    @Test
    void eliminateEmpty() {
        assertThat(run(new EliminateEmpty(), "SELECT a FROM t WHERE FALSE ORDER BY a"))
                .isEqualTo("""
                Values rows=0 [a]
                """);
        assertThat(run(new EliminateEmpty(), "SELECT count(*) FROM t LIMIT 0")).isEqualTo("Values rows=0 [count(*)]\n");
        // an ungrouped aggregate over nothing still yields one row
        assertThat(run(new EliminateEmpty(), "SELECT count(*) FROM (SELECT a FROM t WHERE FALSE) s"))
                .isEqualTo("""
                Project ["count(*)"]
                  Aggregate keys=[] aggs=[count(*)]
                    Values rows=0 [a]
                """);
        unchanged(new EliminateEmpty(), "SELECT a FROM t WHERE a > 1");
    }

    @Test
    void extractJoinConditions() {
        assertThat(run(new ExtractJoinConditions(), "SELECT * FROM t, u WHERE t.a = u.a AND t.b > 1"))
                .isEqualTo("""
                Project [a, b, c, d, a, x, y]
                  HashJoin INNER ((a = a) AND (b > 1.0))
                    Scan t [a, b, c, d]
                    Scan u [a, x, y]
                """);
        unchanged(new ExtractJoinConditions(), "SELECT * FROM t, u WHERE random() > 0.5");
        unchanged(new ExtractJoinConditions(), "SELECT * FROM t LEFT JOIN u ON t.a = u.a WHERE t.b > u.x");
    }

    @Test
    void pushDownFilter() {
        assertThat(run(
                        new PushDownFilter(),
                        "SELECT * FROM (SELECT a, b * 2 AS bb FROM t) s, u WHERE s.bb > 1 AND u.x < 2"))
                .isEqualTo("""
                Project [a, bb, a, x, y]
                  Join CROSS
                    Project [a, (b * 2.0) AS bb]
                      Filter ((b * 2.0) > 1.0)
                        Scan t [a, b, c, d] filter=((b * 2.0) > 1.0)
                    Filter (x < 2.0)
                      Scan u [a, x, y] filter=(x < 2.0)
                """);
        // not into the null-extended side of an outer join, not through LIMIT
        unchanged(new PushDownFilter(), "SELECT * FROM t LEFT JOIN u ON t.a = u.a WHERE u.x IS NULL");
        unchanged(new PushDownFilter(), "SELECT * FROM (SELECT a FROM t LIMIT 3) s WHERE a > 1");
    }

    @Test
    void pushDownBelowUnnestOnlyForInputColumns() {
        assertThat(run(new PushDownFilter(), "SELECT * FROM t, unnest([1.0, 2.0]) u(x) WHERE t.a > 1 AND u.x > 1"))
                .isEqualTo("""
                Project [a, b, c, d, x]
                  Filter (x > 1.0)
                    Unnest [x := unnest([1.0, 2.0])]
                      Filter (a > 1)
                        Scan t [a, b, c, d] filter=(a > 1)
                """);
        // a condition on the elements stays above
        unchanged(new PushDownFilter(), "SELECT * FROM t, unnest([1.0, 2.0]) u(x) WHERE u.x > t.b");
    }

    @Test
    void pushDownBelowAggregateOnlyForKeys() {
        assertThat(run(new PushDownFilter(), "SELECT c, sum(b) FROM t GROUP BY c HAVING c > 'k' AND sum(b) > 1"))
                .isEqualTo("""
                Project [c, "sum(b)"]
                  Filter ("sum(b)" > 1.0)
                    Aggregate keys=[c] aggs=[sum(b)]
                      Filter (c > 'k')
                        Scan t [a, b, c, d] filter=(c > 'k')
                """);
    }

    @Test
    void pruneColumns() {
        assertThat(run(new PruneColumns(), "SELECT t.a FROM t JOIN u ON t.a = u.a WHERE u.x > 0"))
                .isEqualTo("""
                Project [a]
                  Filter (x > 0.0)
                    HashJoin INNER (a = a)
                      Scan t [a]
                      Scan u [a, x]
                """);
        assertThat(run(new PruneColumns(), "SELECT count(*) FROM t")).contains("Scan t [a]");
        // a SEMI join's right side keeps only the columns its condition reads
        assertThat(PlanPrinter.explain(new Optimizer(List.of(new DecorrelateSubqueries(), new PruneColumns()), 10)
                        .optimize(plan("SELECT a FROM t WHERE EXISTS (SELECT * FROM u WHERE u.a = t.a)"))))
                .isEqualTo("""
                Project [a]
                  HashJoin SEMI (a = a)
                    Scan t [a]
                    Scan u [a]
                """);
        unchanged(new PruneColumns(), "SELECT column1 FROM (VALUES (1, 2)) v");
        unchanged(new PruneColumns(), "SELECT a, b, c, d FROM t");
    }

    @Test
    void decorrelateLateral() {
        assertThat(run(
                        new DecorrelateLateral(),
                        "SELECT * FROM t, LATERAL (SELECT x, a * 2 AS z FROM u WHERE u.a = t.a) s"))
                .isEqualTo("""
                Project [a, b, c, d, x, z]
                  Project [a, b, c, d, x, (a * 2) AS z]
                    HashJoin INNER (a = a)
                      Scan t [a, b, c, d]
                      Scan u [a, x, y]
                """);
        unchanged(new DecorrelateLateral(), "SELECT * FROM t, LATERAL (SELECT max(x) FROM u WHERE u.a = t.a) s");
        unchanged(new DecorrelateLateral(), "SELECT * FROM t, (SELECT x FROM u) s");
    }

    @Test
    void decorrelateSubqueries() {
        assertThat(
                        run(
                                new DecorrelateSubqueries(),
                                "SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a AND u.x > 1) AND a IN (SELECT k1 FROM r1 WHERE r1.v1 = t.a)"))
                .isEqualTo("""
                Project [a]
                  HashJoin SEMI ((v1 = a) AND (a = k1))
                    HashJoin ANTI ((a = a) AND (x > 1.0))
                      Scan t [a, b, c, d]
                      Scan u [a, x, y]
                    Scan r1 [k1, v1]
                """);
        // NOT IN: a null-aware ANTI join (a NULL on either side of the comparison is a match, so it drops the row)
        assertThat(run(
                        new DecorrelateSubqueries(),
                        "SELECT a FROM t WHERE a NOT IN (SELECT k1 FROM r1 WHERE r1.v1 = t.a)"))
                .isEqualTo("""
                Project [a]
                  HashJoin ANTI ((v1 = a) AND (((a = k1) OR (a IS NULL)) OR (k1 IS NULL)))
                    Scan t [a, b, c, d]
                    Scan r1 [k1, v1]
                """);
        // uncorrelated (evaluated once, as a set) and aggregated subqueries stay
        unchanged(new DecorrelateSubqueries(), "SELECT a FROM t WHERE a NOT IN (SELECT k1 FROM r1)");
        unchanged(new DecorrelateSubqueries(), "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.x > 1)");
        unchanged(new DecorrelateSubqueries(), "SELECT a FROM t WHERE EXISTS (SELECT count(*) FROM u WHERE u.a = t.a)");
    }

    @Test
    void mergeProjects() {
        assertThat(run(new MergeProjects(), "SELECT bb FROM (SELECT a, b * 2 AS bb FROM t) s"))
                .isEqualTo("""
                Project [(b * 2.0) AS bb]
                  Scan t [a, b, c, d]
                """);
        unchanged(new MergeProjects(), "SELECT bb + 1 FROM (SELECT b * 2 AS bb FROM t) s");
    }

    @Test
    void removeRedundantProject() {
        assertThat(run(new RemoveRedundantProject(), "SELECT * FROM (SELECT a, b FROM t) s"))
                .isEqualTo("""
                Project [a, b]
                  Scan t [a, b, c, d]
                """);
        unchanged(new RemoveRedundantProject(), "SELECT b, a FROM t");
    }

    @Test
    void optimizerNamesRuleThatChangesOutput() {
        Rule broken = new Rule() {
            @Override
            public String name() {
                return "Broken";
            }

            @Override
            public Optional<LogicalPlan> apply(LogicalPlan node) {
                if (!(node instanceof Project p)) return Optional.empty();
                return Optional.of(new Project(
                        p.input(),
                        p.exprs(),
                        p.output().stream()
                                .map(c -> new Column(c.id() + 1000, c.name(), null, c.type(), true))
                                .toList()));
            }
        };
        assertThatThrownBy(() -> new Optimizer(List.of(broken), 3).optimize(plan("SELECT a FROM t")))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("optimizer rule Broken changed the output columns");
    }

    @Test
    void standardPipelineKeepsRootColumns() {
        LogicalPlan p = plan("SELECT a, b FROM t WHERE a IN (SELECT a FROM u WHERE u.x > t.b) ORDER BY b DESC");
        LogicalPlan o = Optimizer.standard().optimize(p);
        assertThat(o.output())
                .extracting(Column::id)
                .isEqualTo(p.output().stream().map(Column::id).toList());
        assertThat(o.output()).extracting(Column::type).containsExactly(DataType.INTEGER, DataType.DOUBLE);
    }
}
