package dev.nabla.plan.optimize;

import static dev.nabla.plan.PlanTesting.optimized;
import static dev.nabla.plan.PlanTesting.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.plan.PlanPrinter;
import dev.nabla.plan.logical.Join;
import dev.nabla.plan.logical.JoinType;
import dev.nabla.plan.logical.LogicalPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderJoinsTest {
    private static List<Join> joins(LogicalPlan p) {
        List<Join> out = new ArrayList<>();
        collect(p, out);
        return out;
    }

    private static void collect(LogicalPlan p, List<Join> out) {
        if (p instanceof Join j) out.add(j);
        for (LogicalPlan in : p.inputs()) collect(in, out);
    }

    @Test
    void sixTableChainHasNoCrossProducts() {
        // written in the worst order: every adjacent pair in FROM is unrelated
        String sql = "SELECT count(*) FROM r1, r3, r5, r2, r4, r6 "
                + "WHERE r1.k1 = r2.k2 AND r2.v2 = r3.k3 AND r3.v3 = r4.k4 AND r4.v4 = r5.k5 AND r5.v5 = r6.k6";
        LogicalPlan p = optimized(sql);
        List<Join> js = joins(p);
        assertThat(js).hasSize(5);
        assertThat(js).allSatisfy(j -> {
            assertThat(j.type()).isEqualTo(JoinType.INNER);
            assertThat(PlanPrinter.isHashJoin(j)).as(PlanPrinter.describe(j)).isTrue();
        });
        // starts from the smallest relation (r6, 3 rows)
        assertThat(PlanPrinter.explain(p)).contains("Scan r6 [k6]");
        String text = PlanPrinter.explain(p);
        assertThat(text.substring(text.indexOf("Scan "))).startsWith("Scan r6");
        assertThat(text).isEqualTo("""
                Aggregate keys=[] aggs=[count(*)]
                  Project [k1]
                    HashJoin INNER (k1 = k2)
                      HashJoin INNER (v2 = k3)
                        HashJoin INNER (v3 = k4)
                          HashJoin INNER (v4 = k5)
                            HashJoin INNER (v5 = k6)
                              Scan r6 [k6]
                              Scan r5 [k5, v5]
                            Scan r4 [k4, v4]
                          Scan r3 [k3, v3]
                        Scan r2 [k2, v2]
                      Scan r1 [k1]
                """);
    }

    @Test
    void nullSafeEqualitiesConnectLeavesLikeEqualities() {
        // written in the worst order; IS NOT DISTINCT FROM links r1-r2 and r2-r3, so no cross product is planned
        String sql = "SELECT count(*) FROM r1, r3, r2 WHERE r1.k1 IS NOT DISTINCT FROM r2.k2"
                + " AND r2.v2 IS NOT DISTINCT FROM r3.k3";
        List<Join> js = joins(optimized(sql));
        assertThat(js).hasSize(2);
        assertThat(js).allSatisfy(j -> {
            assertThat(j.type()).isEqualTo(JoinType.INNER);
            assertThat(PlanPrinter.isHashJoin(j)).as(PlanPrinter.describe(j)).isTrue();
        });
        // does not fire as a link for a non-equality: r1 and r3 stay unrelated, one cross product remains
        List<Join> cross = joins(optimized("SELECT count(*) FROM r1, r3, r2 WHERE r1.k1 IS DISTINCT FROM r2.k2"
                + " AND r2.v2 IS NOT DISTINCT FROM r3.k3"));
        assertThat(cross.stream().filter(j -> !PlanPrinter.isHashJoin(j)).count())
                .isEqualTo(1);
    }

    @Test
    void starJoinPrefersConnectedSmallRelations() {
        String sql =
                "SELECT r1.v1 FROM r1, r2, r3, r4 WHERE r1.k1 = r2.k2 AND r1.k1 = r3.k3 AND r1.k1 = r4.k4 AND r2.v2 > 0";
        LogicalPlan p = optimized(sql);
        assertThat(joins(p))
                .allSatisfy(j -> assertThat(PlanPrinter.isHashJoin(j)).isTrue());
    }

    @Test
    void disconnectedRelationsStillJoinOnce() {
        LogicalPlan p = optimized("SELECT * FROM r1, r2, r3 WHERE r1.k1 = r2.k2");
        List<Join> js = joins(p);
        assertThat(js).hasSize(2);
        assertThat(js.stream().filter(j -> j.type() == JoinType.CROSS).count()).isEqualTo(1);
        assertThat(p.output())
                .extracting(dev.nabla.plan.logical.Column::id)
                .isEqualTo(plan("SELECT * FROM r1, r2, r3 WHERE r1.k1 = r2.k2").output().stream()
                        .map(dev.nabla.plan.logical.Column::id)
                        .toList());
    }

    @Test
    void doesNotFireOnTwoRelationsOrOuterJoins() {
        ReorderJoins rule = new ReorderJoins();
        assertThat(new Optimizer(List.of(rule), 5).optimize(plan("SELECT * FROM r1 JOIN r2 ON r1.k1 = r2.k2")))
                .isEqualTo(plan("SELECT * FROM r1 JOIN r2 ON r1.k1 = r2.k2"));
        LogicalPlan outer = plan("SELECT * FROM r1 LEFT JOIN r2 ON r1.k1 = r2.k2 LEFT JOIN r3 ON r2.k2 = r3.k3");
        assertThat(new Optimizer(List.of(rule), 5).optimize(outer)).isEqualTo(outer);
    }

    @Test
    void firesWithExpectedPlan() {
        String text = PlanPrinter.explain(new Optimizer(List.of(new ExtractJoinConditions(), new ReorderJoins()), 10)
                .optimize(plan("SELECT r1.v1 FROM r1, r2, r6 WHERE r1.k1 = r2.k2 AND r2.v2 = r6.k6")));
        assertThat(text).isEqualTo("""
                Project [v1]
                  Project [k1, v1, k2, v2, k6, v6]
                    HashJoin INNER (k1 = k2)
                      HashJoin INNER (v2 = k6)
                        Scan r6 [k6, v6]
                        Scan r2 [k2, v2]
                      Scan r1 [k1, v1]
                """);
    }

    @Test
    void eightTableCommaJoinOptimizesQuickly() {
        dev.nabla.plan.TestCatalog cat = new dev.nabla.plan.TestCatalog();
        for (int i = 1; i <= 8; i++)
            cat.table("s" + i, 10 + i, "a" + i + " INTEGER", "b" + i + " INTEGER", "x" + i + " VARCHAR");
        String sql =
                "SELECT x1, x2, x3, x4, x5, x6, x7, x8 FROM s8, s3, s1, s6, s2, s7, s4, s5 WHERE a1 = b2 AND a2 = b3 AND a3 = b4 "
                        + "AND a4 = b5 AND a5 = b6 AND a6 = b7 AND a7 = b8 AND a8 IN (1, 2, 3) AND b1 < 5 AND x3 <> 'a' AND a2 + a3 > 1";
        long t0 = System.nanoTime();
        LogicalPlan p = null;
        for (int rep = 0; rep < 30; rep++) {
            var st = dev.nabla.parser.Parser.parseStatement(sql);
            var b = (dev.nabla.plan.bound.BoundStatement.Query) dev.nabla.plan.bind.Binder.bind(st, cat, null);
            p = Optimizer.standard().optimize(b.plan());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000 / 30;
        System.out.println("8-table optimize ms: " + ms);
        assertThat(ms).as("ms per statement").isLessThan(200);
        assertThat(joins(p)).hasSize(7).allSatisfy(j -> assertThat(j.type()).isEqualTo(JoinType.INNER));
    }
}
