package dev.nabla.engine;

import dev.nabla.plan.bound.BoundStatement.GradReport;
import java.util.ArrayList;
import java.util.List;

/** The text EXPLAIN GRAD shows for the binder's derivative expansions. */
final class GradLines {
    private GradLines() {}

    static List<String> of(List<GradReport> reports) {
        List<String> out = new ArrayList<>();
        if (reports.isEmpty()) {
            out.add("(no grad/jvp/vjp in this statement)");
            return out;
        }
        for (GradReport r : reports) {
            out.add(r.derivative());
            out.add("  = " + r.result());
            out.add("  DAG nodes: " + r.nodesBeforeSimplify() + " before simplification, " + r.nodesAfterSimplify()
                    + " after");
        }
        return out;
    }
}
