package dev.nabla.engine;

import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.QueryExecutor;
import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.parser.ParsedStatement;
import dev.nabla.parser.Parser;
import dev.nabla.parser.ast.Statement;
import dev.nabla.plan.bind.Binder;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.CatalogReader;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.storage.DataType;
import dev.nabla.storage.Batch;
import java.util.List;
import java.util.function.Consumer;

/** The engine's only calls into the parser, planner and executor modules. */
final class Pipeline {
    private Pipeline() {}

    static Statement parse(String sql) { return Parser.parseStatement(sql); }

    static List<ParsedStatement> parseScript(String sql) { return Parser.parseScript(sql); }

    /** A bound statement with what the binder learnt about its parameters and derivatives. */
    record Bound(BoundStatement statement, List<DataType> parameterTypes, List<BoundStatement.GradReport> gradReports) {}

    static Bound bind(Statement statement, CatalogReader catalog, DerivativeExpander expander) {
        Binder binder = new Binder(catalog, expander);
        BoundStatement b = binder.bind(statement);
        return new Bound(b, binder.parameterTypes(), binder.gradReports());
    }

    static LogicalPlan optimize(LogicalPlan plan) { return plan; }

    static String explain(LogicalPlan plan) {
        StringBuilder sb = new StringBuilder();
        explain(plan, 0, sb);
        return sb.toString();
    }

    private static void explain(LogicalPlan plan, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append(plan.getClass().getSimpleName());
        if (plan instanceof dev.nabla.plan.logical.Scan s) sb.append(' ').append(s.source().name());
        sb.append('\n');
        for (LogicalPlan in : plan.inputs()) explain(in, depth + 1, sb);
    }

    /** Physical planning: the result is immutable and reusable across executions. */
    static PhysicalNode physical(LogicalPlan plan) { return QueryExecutor.prepare(plan); }

    /** Runs a physical plan; each batch is dense and valid only during the call. */
    static void execute(PhysicalNode plan, ExecContext ctx, Consumer<Batch> sink) { QueryExecutor.execute(plan, ctx, sink); }
}
