package dev.nabla.plan.differentiate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.plan.FakeExpander;
import dev.nabla.plan.PlanPrinter;
import dev.nabla.plan.PlanTesting;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.logical.Cardinality;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.PlanExprs;
import org.junit.jupiter.api.Test;

/** The Differentiate stage over bound plans (with the binder tests' small stand-in for autograd). */
class DifferentiateTest {
    private static LogicalPlan bound(String sql, FakeExpander expander) {
        return ((BoundStatement.Query) PlanTesting.bound(sql, expander)).plan();
    }

    private static Differentiate.Result run(String sql, FakeExpander expander) {
        return Differentiate.run(PlanTesting.bound(sql, expander), expander);
    }

    private static boolean hasDerivative(LogicalPlan p) {
        boolean[] found = {false};
        PlanExprs.forEachDeep(p, x -> found[0] |= x instanceof Derivative);
        return found[0];
    }

    @Test
    void aStatementWithoutDerivativesComesBackUnchanged() {
        FakeExpander fake = new FakeExpander();
        BoundStatement b = PlanTesting.bound("SELECT sum(x) FROM pts GROUP BY g", fake);
        Differentiate.Result r = Differentiate.run(b, fake);
        assertThat(r.statement()).isSameAs(b);
        assertThat(r.reports()).isEmpty();
        assertThat(fake.seen).isEmpty();
    }

    @Test
    void everyDerivativeIsExpandedAndReportedOnce() {
        FakeExpander fake = new FakeExpander();
        String sql = "SELECT g, grad(sum(w * x), w), sum(grad(w * x, w)) FROM pts GROUP BY g"
                + " HAVING grad(sum(w * w), w) > 0 ORDER BY grad(sum(x), x)";
        assertThat(hasDerivative(bound(sql, new FakeExpander()))).isTrue();
        Differentiate.Result r = run(sql, fake);
        LogicalPlan p = ((BoundStatement.Query) r.statement()).plan();
        assertThat(hasDerivative(p)).isFalse();
        assertThat(r.reports()).hasSize(4);
        assertThat(fake.seen).hasSize(4);
    }

    @Test
    void newAggregatesGoToTheLevelsAggregateOnceEach() {
        FakeExpander fake = new FakeExpander();
        // the same derivative twice: one new aggregate, read twice
        LogicalPlan p = ((BoundStatement.Query) run("SELECT grad(sum(w * x), w), grad(sum(w * x), w) FROM pts", fake)
                        .statement())
                .plan();
        String explained = PlanPrinter.explain(p);
        assertThat(explained).contains("aggs=[sum((w * x)), sum(((1.0 * x) + (w * 0.0)))]");
    }

    @Test
    void underGroupingSetsEveryBranchAggregateGetsTheNewAggregate() {
        FakeExpander fake = new FakeExpander();
        String sql = "SELECT g, grad(sum(w * x), w) FROM pts GROUP BY ROLLUP (g) HAVING grad(sum(w * x), w) > 0";
        Differentiate.Result r = run(sql, fake);
        LogicalPlan p = ((BoundStatement.Query) r.statement()).plan();
        assertThat(hasDerivative(p)).isFalse();
        assertThat(r.reports()).hasSize(2);
        String explained = PlanPrinter.explain(p);
        // one new aggregate per branch (HAVING and the select list share it), passed up by each union
        assertThat(explained.split(
                        "aggs=\\[sum\\(\\(w \\* x\\)\\), sum\\(\\(\\(1.0 \\* x\\) \\+ \\(w \\* 0.0\\)\\)\\)\\]", -1))
                .hasSize(3);
    }

    private static dev.nabla.plan.logical.SetOp firstUnion(LogicalPlan p) {
        if (p instanceof dev.nabla.plan.logical.SetOp s) return s;
        for (LogicalPlan in : p.inputs()) {
            dev.nabla.plan.logical.SetOp s = firstUnion(in);
            if (s != null) return s;
        }
        return null;
    }

    @Test
    void aUnionOfAggregatesAUserWroteIsNotAGroupingSetsLevel() {
        FakeExpander fake = new FakeExpander();
        Grouping rollup =
                Grouping.ofUnion(firstUnion(bound("SELECT g, sum(w * x) FROM pts GROUP BY ROLLUP (g)", fake)));
        assertThat(rollup).isNotNull();
        assertThat(rollup.keys()).hasSize(1);
        assertThat(rollup.aggregates()).hasSize(1);
        // each branch binds its own input (column ids of its own): a set operation, not one level's aggregation
        assertThat(Grouping.ofUnion(firstUnion(bound(
                        "SELECT g, sum(w * x) FROM pts GROUP BY g UNION ALL SELECT NULL, sum(w * x) FROM pts", fake))))
                .isNull();
    }

    @Test
    void theDerivativesVariableIsExemptFromTheGroupByCheckButNothingElse() {
        assertThat(hasDerivative(bound("SELECT g, grad(sum(x * w), w) FROM pts GROUP BY g", new FakeExpander())))
                .isTrue();
        assertThat(PlanTesting.bindError("SELECT g, grad(sum(x) * w, x) FROM pts GROUP BY g")
                        .getMessage())
                .contains("must appear in the GROUP BY clause");
    }

    @Test
    void theStageExpandsACheckConditionAndChecksAViewsQuery() {
        FakeExpander fake = new FakeExpander();
        BoundStatement.CreateTable t = (BoundStatement.CreateTable)
                PlanTesting.bound("CREATE TABLE c(x DOUBLE CHECK (grad(x * x, x) >= 0))", fake);
        // the binder leaves the Derivative node; the stage expands it over the row
        assertThat(Exprs.any(t.checks().get(0).condition(), x -> x instanceof Derivative))
                .isTrue();
        BoundStatement.CreateTable done =
                (BoundStatement.CreateTable) Differentiate.run(t, fake).statement();
        assertThat(Exprs.any(done.checks().get(0).condition(), x -> x instanceof Derivative))
                .isFalse();
        assertThat(fake.seen).hasSize(1);

        BoundStatement.CreateView v = (BoundStatement.CreateView)
                PlanTesting.bound("CREATE VIEW v AS SELECT grad(sum(w * x), w) FROM pts", fake);
        assertThat(hasDerivative(v.checked())).isTrue();
        BoundStatement.CreateView checked =
                (BoundStatement.CreateView) Differentiate.run(v, fake).statement();
        assertThat(checked.checked()).isNull();
        assertThat(fake.seen).hasSize(2);
    }

    @Test
    void oneRowRelations() {
        assertThat(Cardinality.maxOneRow(PlanTesting.plan("SELECT 1"))).isTrue();
        assertThat(Cardinality.maxOneRow(PlanTesting.plan("SELECT sum(x) FROM pts")))
                .isTrue();
        assertThat(Cardinality.maxOneRow(PlanTesting.plan("SELECT x FROM pts LIMIT 1")))
                .isTrue();
        assertThat(Cardinality.maxOneRow(PlanTesting.plan("SELECT sum(x) FROM pts GROUP BY g")))
                .isFalse();
        assertThat(Cardinality.maxOneRow(PlanTesting.plan("SELECT x FROM pts"))).isFalse();
        assertThat(Cardinality.maxOneRow(PlanTesting.plan("SELECT x FROM pts LIMIT 2")))
                .isFalse();
    }
}
