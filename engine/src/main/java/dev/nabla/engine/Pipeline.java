package dev.nabla.engine;

import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.QueryExecutor;
import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.engine.exec.op.PhysicalPlanner;
import dev.nabla.parser.ParsedStatement;
import dev.nabla.parser.Parser;
import dev.nabla.parser.ast.Statement;
import dev.nabla.plan.PlanPrinter;
import dev.nabla.plan.bind.Binder;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.CatalogReader;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.differentiate.Differentiate;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.optimize.Optimizer;
import dev.nabla.plan.optimize.ShareCtes;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.function.Consumer;

/** The engine's only calls into the parser, planner and executor modules. */
final class Pipeline {
    private Pipeline() {}

    static Statement parse(String sql) {
        return Parser.parseStatement(sql);
    }

    static List<ParsedStatement> parseScript(String sql) {
        return Parser.parseScript(sql);
    }

    /** A bound statement with what the binder learnt about its parameters and derivatives. */
    record Bound(
            BoundStatement statement,
            List<DataType> parameterTypes,
            java.util.Set<Integer> freeParameters,
            java.util.Set<Integer> decimalParameters,
            List<BoundStatement.GradReport> gradReports,
            List<String> boundPlan) {}

    /**
     * Binds; parameters that no context types ({@code SELECT ?}, {@code CASE … THEN ? ELSE ? END}) are bound
     * again with the type in {@code hints} (the bound value's), or VARCHAR, so nothing around them is typed NULL.
     */
    static Bound bind(
            Statement statement,
            CatalogReader catalog,
            DerivativeExpander expander,
            java.util.Map<Integer, DataType> hints) {
        Binder binder = new Binder(catalog, withText(expander));
        BoundStatement b = binder.bind(statement);
        java.util.Set<Integer> decimal = binder.decimalContextParameters();
        if (!binder.freeParameters().isEmpty()) {
            java.util.Map<Integer, DataType> typed = new java.util.HashMap<>();
            for (int i : binder.freeParameters()) {
                // a parameter beside a DECIMAL keeps the DECIMAL's type when no value hints another
                DataType hint = hints.get(i);
                if (hint != null || !decimal.contains(i)) typed.put(i, hint == null ? DataType.VARCHAR : hint);
            }
            binder = new Binder(catalog, withText(expander)).hintParameters(typed);
            b = binder.bind(statement);
        }
        // EXPLAIN GRAD also shows the bound plan as the Differentiate stage receives it, Derivative nodes in place
        List<String> boundPlan = List.of();
        if (b instanceof BoundStatement.Explain e
                && e.grad()
                && !e.inner().plans().isEmpty())
            boundPlan = List.of(explain(e.inner().plans().get(0)).split("\n"));
        Differentiate.Result d = differentiate(b, withText(expander));
        // after Differentiate, which sees through every copy of a CTE; before the optimizer, which would rewrite the
        // copies differently
        BoundStatement shared = ShareCtes.apply(d.statement(), binder.cteCopies(), d.rebuilt());
        return new Bound(shared, binder.parameterTypes(), binder.freeParameters(), decimal, d.reports(), boundPlan);
    }

    /**
     * The Differentiate stage, once per statement between binding and optimisation: the bound plans'
     * {@code Derivative} nodes (EXPLAIN GRAD prints the plan that holds them) become ordinary expressions, and
     * {@code derivative('e', 'x')} its text ({@code expander} must fold texts: see {@link #withText}).
     */
    static Differentiate.Result differentiate(BoundStatement bound, DerivativeExpander expander) {
        return Differentiate.run(bound, expander);
    }

    static Bound bind(Statement statement, CatalogReader catalog, DerivativeExpander expander) {
        return bind(statement, catalog, expander, java.util.Map.of());
    }

    /** {@code expander} that also folds {@code derivative('e', 'x')} (which needs the parser and binder). */
    private static DerivativeExpander withText(DerivativeExpander expander) {
        return dev.nabla.autograd.DerivativeSql.withText(expander);
    }

    private static final Optimizer OPTIMIZER = Optimizer.standard();

    static LogicalPlan optimize(LogicalPlan plan) {
        return OPTIMIZER.optimize(plan);
    }

    /** Every plan the statement holds, optimized. */
    static BoundStatement optimize(BoundStatement b) {
        return OPTIMIZER.optimize(b);
    }

    static String explain(LogicalPlan plan) {
        return PlanPrinter.explain(plan);
    }

    static String explain(LogicalPlan plan, java.util.function.Function<LogicalPlan, String> annotate) {
        return PlanPrinter.explain(plan, annotate);
    }

    /** Physical planning: the result is immutable and reusable across executions. */
    static PhysicalNode physical(LogicalPlan plan, PhysicalPlanner.Options options) {
        return QueryExecutor.prepare(plan, options);
    }

    /** Physical planning for EXPLAIN ANALYZE: every operator records its rows and time in {@code profile}. */
    static PhysicalNode profiled(
            LogicalPlan plan,
            java.util.Map<LogicalPlan, dev.nabla.engine.exec.op.OperatorStats> profile,
            PhysicalPlanner.Options options) {
        return QueryExecutor.prepare(plan, profile, options);
    }

    /** Runs a physical plan; each batch is dense and valid only during the call. */
    static void execute(PhysicalNode plan, ExecContext ctx, Consumer<Batch> sink) {
        QueryExecutor.execute(plan, ctx, sink);
    }
}
