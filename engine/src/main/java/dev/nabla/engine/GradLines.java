package dev.nabla.engine;

import dev.nabla.autograd.DerivativePrinter;
import dev.nabla.plan.bound.BoundStatement.GradReport;
import dev.nabla.plan.expr.Exprs;
import java.util.ArrayList;
import java.util.List;

/** The text EXPLAIN GRAD shows for the binder's derivative expansions. */
final class GradLines {
    private GradLines() {}

    /**
     * Each expansion (the derivative, its result, DAG sizes), then {@code boundPlan}: the plan before the
     * Differentiate stage, with its {@code grad(…)} nodes where the binder left them.
     */
    static List<String> of(List<GradReport> reports, List<String> boundPlan) {
        List<String> out = of(reports);
        if (!reports.isEmpty() && !boundPlan.isEmpty()) {
            out.add("bound plan (before the Differentiate stage):");
            out.addAll(boundPlan);
        }
        return out;
    }

    static List<String> of(List<GradReport> reports) {
        List<String> out = new ArrayList<>();
        if (reports.isEmpty()) {
            out.add("(no grad/jvp/vjp in this statement)");
            return out;
        }
        for (GradReport r : reports) {
            // only the parentheses precedence needs: sigmoid(a * x), not sigmoid((a * x))
            out.add(Exprs.boundedSql(r.derivative(), DerivativePrinter::print));
            out.add("  = " + Exprs.boundedSql(r.result(), DerivativePrinter::print));
            out.add("  DAG nodes: " + r.nodesBeforeSimplify() + " before simplification, " + r.nodesAfterSimplify()
                    + " after");
        }
        return out;
    }
}
