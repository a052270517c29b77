package dev.nabla.engine;

import dev.nabla.engine.exec.QueryExecutor;
import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.engine.exec.op.PhysicalPlanPrinter;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.logical.LogicalPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * EXPLAIN [ANALYZE | GRAD] of a statement: the physical plan with the logical plan it came from, the
 * profiled plans that ran, or the derivative expansions.
 */
final class ExplainRunner {
    private final StatementRunner exec;

    ExplainRunner(StatementRunner exec) {
        this.exec = exec;
    }

    /**
     * EXPLAIN: the physical plan (the operators that run, fused ones included), then the optimized
     * logical plan it was made from. EXPLAIN ANALYZE runs the statement and prints the physical plans
     * that ran, each operator with its rows and time; EXPLAIN GRAD the derivatives.
     */
    Result explain(BoundStatement.Explain e) {
        List<String> lines = new ArrayList<>();
        if (e.grad()) {
            lines.addAll(exec.gradReport());
            return Vectors.textResult("plan", lines);
        }
        if (e.analyze()) {
            StatementRunner.Profiled p = exec.runProfiled(e.inner());
            Result r = p.result();
            List<PhysicalNode> ran = p.ran();
            double ms = p.millis();
            long rows = r.kind() == Result.Kind.ROWS ? r.rowCount() : Math.max(0, r.updateCount());
            for (PhysicalNode root : ran)
                lines.addAll(List.of(PhysicalPlanPrinter.explain(root).split("\n")));
            if (ran.isEmpty()) lines.addAll(logicalLines(e.inner()));
            lines.add("");
            lines.add("rows: " + rows + ", time: " + String.format(Locale.ROOT, "%.3f ms", ms));
            return Vectors.textResult("plan", lines);
        }
        LogicalPlan plan = explainedPlan(e.inner());
        if (plan == null) return Vectors.textResult("plan", logicalLines(e.inner()));
        lines.addAll(
                List.of(PhysicalPlanPrinter.explain(Pipeline.physical(plan, QueryExecutor.optionsOf(exec.context())))
                        .split("\n")));
        lines.add("");
        lines.add("logical plan:");
        lines.addAll(logicalLines(e.inner()));
        return Vectors.textResult("plan", lines);
    }

    private static LogicalPlan explainedPlan(BoundStatement inner) {
        return planOf(inner);
    }

    private static List<String> logicalLines(BoundStatement inner) {
        LogicalPlan plan = explainedPlan(inner);
        if (plan != null) return List.of(Pipeline.explain(plan).split("\n"));
        return List.of(inner.getClass()
                .getSimpleName()
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toUpperCase(Locale.ROOT));
    }

    /** The statement's main plan (the first it holds), null when it holds none. */
    private static LogicalPlan planOf(BoundStatement b) {
        List<LogicalPlan> plans = b.plans();
        return plans.isEmpty() ? null : plans.get(0);
    }
}
