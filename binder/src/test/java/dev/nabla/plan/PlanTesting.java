package dev.nabla.plan;

import dev.nabla.common.NablaException;
import dev.nabla.parser.Parser;
import dev.nabla.plan.bind.Binder;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.optimize.Optimizer;
import org.assertj.core.api.Assertions;

/** Helpers: parse + bind (+ optimize) SQL against {@link TestCatalog#standard()}. */
public final class PlanTesting {
    public static final TestCatalog CATALOG = TestCatalog.standard();

    private PlanTesting() {}

    /** Bound and differentiated, as the statement pipeline hands it to the optimizer. */
    public static BoundStatement bind(String sql) {
        FakeExpander expander = new FakeExpander();
        return dev.nabla.plan.differentiate.Differentiate.run(bound(sql, expander), expander)
                .statement();
    }

    /** What the binder alone gives: derivatives still {@code Derivative} nodes. */
    public static BoundStatement bound(String sql, dev.nabla.plan.bound.DerivativeExpander expander) {
        return Binder.bind(Parser.parseStatement(sql), CATALOG, expander);
    }

    public static LogicalPlan plan(String sql) {
        return ((BoundStatement.Query) bind(sql)).plan();
    }

    public static String explain(String sql) {
        return PlanPrinter.explain(plan(sql));
    }

    public static LogicalPlan optimized(String sql) {
        return Optimizer.standard().optimize(plan(sql));
    }

    public static String explainOptimized(String sql) {
        return PlanPrinter.explain(optimized(sql));
    }

    public static NablaException bindError(String sql) {
        Throwable t = Assertions.catchThrowable(() -> bind(sql));
        Assertions.assertThat(t).as("binding should fail: " + sql).isInstanceOf(NablaException.class);
        return (NablaException) t;
    }
}
