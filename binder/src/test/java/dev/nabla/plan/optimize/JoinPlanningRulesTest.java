package dev.nabla.plan.optimize;

import static dev.nabla.plan.PlanTesting.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.plan.PlanPrinter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decorrelation and predicate rules for TPC-H: a case where each fires (with the plan) and cases where it must not. */
class JoinPlanningRulesTest {
    private static String run(List<Rule> rules, String sql) {
        return PlanPrinter.explain(new Optimizer(rules, 10).optimize(plan(sql)));
    }

    private static String run(Rule rule, String sql) {
        return run(List.of(rule), sql);
    }

    private static void unchanged(Rule rule, String sql) {
        assertThat(run(rule, sql)).isEqualTo(PlanPrinter.explain(plan(sql)));
    }

    @Test
    void existsOverPushedDownScanFilterDecorrelates() {
        // the subquery's own filter sits in its Scan: those columns are not outer references
        assertThat(run(
                        List.of(new PushDownFilter(), new DecorrelateSubqueries()),
                        "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a AND u.x > 1)"))
                .isEqualTo("""
                Project [a]
                  HashJoin SEMI (a = a)
                    Scan t [a, b, c, d]
                    Filter (x > 1.0)
                      Scan u [a, x, y] filter=(x > 1.0)
                """);
    }

    @Test
    void decorrelateScalarSubqueries() {
        assertThat(run(
                        new DecorrelateScalarSubqueries(),
                        "SELECT a FROM t WHERE b < (SELECT 0.5 * avg(x) FROM u WHERE u.a = t.a AND u.y > 0)"))
                .isEqualTo("""
                Project [a]
                  Project [a, b, c, d]
                    Filter (b < (0.5 * "avg(x)"))
                      HashJoin LEFT (a = a)
                        Scan t [a, b, c, d]
                        Aggregate keys=[a] aggs=[avg(x)]
                          Filter (y > 0.0)
                            Scan u [a, x, y]
                """);
        // count over no rows is 0, not NULL
        assertThat(run(
                        new DecorrelateScalarSubqueries(),
                        "SELECT a FROM t WHERE (SELECT count(*) FROM u WHERE u.a = t.a) = 0"))
                .isEqualTo("""
                Project [a]
                  Project [a, b, c, d]
                    Filter (coalesce("count(*)", 0) = 0)
                      HashJoin LEFT (a = a)
                        Scan t [a, b, c, d]
                        Aggregate keys=[a] aggs=[count(*)]
                          Scan u [a, x, y]
                """);
        // a correlation through a join inside the subquery, as in TPC-H q2
        assertThat(run(
                        List.of(new PushDownFilter(), new DecorrelateScalarSubqueries()),
                        "SELECT a FROM t WHERE b = (SELECT min(x) FROM u, r1 WHERE u.a = r1.k1 AND r1.v1 = t.a)"))
                .isEqualTo("""
                Project [a]
                  Project [a, b, c, d]
                    Filter (b = "min(x)")
                      HashJoin LEFT (a = v1)
                        Scan t [a, b, c, d]
                        Aggregate keys=[v1] aggs=[min(x)]
                          HashJoin SEMI (v1 = a)
                            Filter (a = k1)
                              Join CROSS
                                Scan u [a, x, y]
                                Scan r1 [k1, v1]
                            Scan t [a, b, c, d]
                """);
        // semi-join reduction: only the keys of t's rows with c = 'x' are aggregated (TPC-H q17)
        assertThat(run(
                        new DecorrelateScalarSubqueries(),
                        "SELECT a FROM t WHERE c = 'x' AND b < (SELECT avg(v5) FROM r5 WHERE r5.k5 = t.a)"))
                .isEqualTo("""
                Project [a]
                  Project [a, b, c, d]
                    Filter ((c = 'x') AND (b < "avg(v5)"))
                      HashJoin LEFT (a = k5)
                        Scan t [a, b, c, d]
                        Aggregate keys=[k5] aggs=[avg(v5)]
                          HashJoin SEMI (k5 = a)
                            Scan r5 [k5, v5]
                            Filter (c = 'x')
                              Scan t [a, b, c, d]
                """);
        // the domain's filter is an uncorrelated IN (TPC-H q20): the reduction copies it, subquery and all
        assertThat(
                        run(
                                new DecorrelateScalarSubqueries(),
                                "SELECT a FROM t WHERE c IN (SELECT y FROM u) AND b < (SELECT avg(v5) FROM r5 WHERE r5.k5 = t.a)"))
                .isEqualTo("""
                Project [a]
                  Project [a, b, c, d]
                    Filter (c IN (<subquery>) AND (b < "avg(v5)"))
                      HashJoin LEFT (a = k5)
                        Scan t [a, b, c, d]
                        Aggregate keys=[k5] aggs=[avg(v5)]
                          HashJoin SEMI (k5 = a)
                            Scan r5 [k5, v5]
                            Filter c IN (<subquery>)
                              Scan t [a, b, c, d]
                              Subquery IN
                                Project [CAST(y AS VARCHAR) AS y]
                                  Project [y]
                                    Scan u [a, x, y]
                      Subquery IN
                        Project [CAST(y AS VARCHAR) AS y]
                          Project [y]
                            Scan u [a, x, y]
                """);
        // ... but not one whose rows could differ when run again: the reduction uses all of t
        String random = run(
                new DecorrelateScalarSubqueries(),
                "SELECT a FROM t WHERE c IN (SELECT y FROM u WHERE random() < 0.5) AND b < (SELECT avg(v5) FROM r5 WHERE r5.k5 = t.a)");
        assertThat(random).contains("SEMI (k5 = a)\n            Scan r5 [k5, v5]\n            Scan t [a, b, c, d]\n");
        assertThat(random.split("random\\(\\)", -1)).hasSize(2);
        // not an equality, a grouped subquery, an outer column in the aggregate, a correlated select list
        unchanged(
                new DecorrelateScalarSubqueries(), "SELECT a FROM t WHERE b < (SELECT avg(x) FROM u WHERE u.a > t.a)");
        unchanged(
                new DecorrelateScalarSubqueries(),
                "SELECT a FROM t WHERE b < (SELECT avg(x) FROM u WHERE u.a = t.a GROUP BY u.y)");
        unchanged(
                new DecorrelateScalarSubqueries(),
                "SELECT a FROM t WHERE b < (SELECT sum(x + t.b) FROM u WHERE u.a = t.a)");
        unchanged(new DecorrelateScalarSubqueries(), "SELECT a FROM t WHERE b < (SELECT x FROM u WHERE u.a = t.a)");
        unchanged(new DecorrelateScalarSubqueries(), "SELECT a FROM t WHERE b < (SELECT avg(x) FROM u)");
    }

    @Test
    void factorOrConjuncts() {
        assertThat(run(
                        new FactorOrConjuncts(),
                        "SELECT t.a FROM t, u WHERE (t.a = u.a AND t.b > 1 AND u.x < 2) OR (t.a = u.a AND t.b < 0)"))
                .isEqualTo("""
                Project [a]
                  Filter ((a = a) AND (((b > 1.0) AND (x < 2.0)) OR (b < 0.0)))
                    Join CROSS
                      Scan t [a, b, c, d]
                      Scan u [a, x, y]
                """);
        // absorption: a OR (a AND b) is a
        assertThat(run(new FactorOrConjuncts(), "SELECT a FROM t WHERE a > 1 OR (a > 1 AND b > 2)"))
                .isEqualTo("""
                Project [a]
                  Filter (a > 1)
                    Scan t [a, b, c, d]
                """);
        unchanged(new FactorOrConjuncts(), "SELECT a FROM t WHERE (a > 1 AND b > 2) OR (a > 2 AND b > 1)");
        unchanged(
                new FactorOrConjuncts(),
                "SELECT a FROM t WHERE (random() > 0.5 AND a > 1) OR (random() > 0.5 AND b > 1)");
    }

    @Test
    void deriveOrFilters() {
        assertThat(run(
                        List.of(new ExtractJoinConditions(), new DeriveOrFilters()),
                        "SELECT t.a FROM t JOIN u ON t.a = u.a WHERE (t.b > 1 AND u.x < 2) OR (t.b < 0 AND u.y > 3)"))
                .isEqualTo("""
                Project [a]
                  HashJoin INNER ((((a = a) AND (((b > 1.0) AND (x < 2.0)) OR ((b < 0.0) AND (y > 3.0)))) AND ((b > 1.0) OR (b < 0.0))) AND ((x < 2.0) OR (y > 3.0)))
                    Scan t [a, b, c, d]
                    Scan u [a, x, y]
                """);
        // a disjunct that says nothing about u alone: no filter for u (t still gets one)
        assertThat(run(
                        List.of(new ExtractJoinConditions(), new DeriveOrFilters()),
                        "SELECT t.a FROM t JOIN u ON t.a = u.a WHERE (t.b > 1 AND u.x < 2) OR t.b < 0"))
                .isEqualTo("""
                Project [a]
                  HashJoin INNER (((a = a) AND (((b > 1.0) AND (x < 2.0)) OR (b < 0.0))) AND ((b > 1.0) OR (b < 0.0)))
                    Scan t [a, b, c, d]
                    Scan u [a, x, y]
                """);
        unchanged(new DeriveOrFilters(), "SELECT t.a FROM t JOIN u ON t.a = u.a AND (t.b > u.x OR t.b < u.y)");
        unchanged(new DeriveOrFilters(), "SELECT t.a FROM t LEFT JOIN u ON t.a = u.a AND (t.b > 1 OR u.x < 2)");
    }

    @Test
    void reorderJoinsAvoidsManyToManyEdgeByDistinctCounts() {
        // dimb ⋈ dima on the 5-valued g would give 20 M rows; fact ⋈ dima on its key 1 M, then dimb on its key
        // (fact ⋈ dimb first costs the same)
        assertThat(run(
                        List.of(new ExtractJoinConditions(), new ReorderJoins()),
                        "SELECT count(*) FROM fact, dima, dimb WHERE fa = aid AND fb = bid AND ag = bg"))
                .isEqualTo("""
                Project ["count(*)"]
                  Aggregate keys=[] aggs=[count(*)]
                    HashJoin INNER ((fb = bid) AND (ag = bg))
                      HashJoin INNER (fa = aid)
                        Scan fact [fa, fb]
                        Scan dima [aid, ag]
                      Scan dimb [bid, bg]
                """);
        // without distinct counts every column counts as a key: r2 (10 rows) meets one of its neighbours first
        // (r1 ⋈ r2 and r2 ⋈ r3 both keep 10 rows and cost the same)
        assertThat(run(
                        List.of(new ExtractJoinConditions(), new ReorderJoins()),
                        "SELECT count(*) FROM r1, r2, r3 WHERE r1.k1 = r2.k2 AND r2.v2 = r3.k3 AND r1.v1 = r3.v3"))
                .isEqualTo("""
                Project ["count(*)"]
                  Aggregate keys=[] aggs=[count(*)]
                    Project [k1, v1, k2, v2, k3, v3]
                      HashJoin INNER ((v2 = k3) AND (v1 = v3))
                        Scan r3 [k3, v3]
                        HashJoin INNER (k1 = k2)
                          Scan r1 [k1, v1]
                          Scan r2 [k2, v2]
                """);
    }
}
