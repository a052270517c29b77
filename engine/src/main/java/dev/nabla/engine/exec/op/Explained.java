package dev.nabla.engine.exec.op;

import java.util.List;

/**
 * A node of the physical plan as EXPLAIN prints it: an operator, or a part of a fused operator that
 * does the work of one (the morsel scan of a {@code FusedAggregate}). {@link #stats} carries EXPLAIN
 * ANALYZE figures when the plan was built for profiling.
 */
public interface Explained {
    /** The node's line without indentation. */
    String explainLine();

    /** The nodes printed below this one. */
    List<? extends Explained> explainInputs();

    /** Plans of subqueries in the node's expressions, printed after its inputs. */
    default List<? extends Explained> explainSubqueries() {
        return List.of();
    }

    /** Rows and time recorded for this node, or null when the plan is not profiled. */
    default OperatorStats stats() {
        return null;
    }
}
