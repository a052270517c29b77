package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.storage.DataType;
import java.util.List;

/**
 * A physical operator. Immutable and reusable: all per-run state lives in locals of {@link #execute}
 * (or in {@link ExecState}), so a recursive CTE or correlated subquery can run the same plan many times
 * without re-planning. Execution is push-based: a node pushes its output batches into a
 * {@link Downstream}; streaming operators (filter, project, limit) wrap the downstream and pass through,
 * pipeline breakers (aggregate, sort, join build, window) consume their input first.
 */
public abstract class PhysicalNode implements Explained {
    /** Output column types by batch position. */
    public final List<DataType> types;
    /**
     * What EXPLAIN prints for this operator (set once by the planner; the class name until then).
     * Rendered only when printed: expressions of derivatives can be DAGs whose text is exponential.
     */
    private java.util.function.Supplier<String> line;

    protected PhysicalNode(List<DataType> types) {
        this.types = List.copyOf(types);
    }

    @Override
    public String explainLine() {
        return line != null ? line.get() : getClass().getSimpleName();
    }

    /** The operators whose output this one consumes, in the order EXPLAIN prints them. */
    @Override
    public List<? extends Explained> explainInputs() {
        return List.of();
    }

    private List<PhysicalNode> subqueries = List.of();

    @Override
    public List<? extends Explained> explainSubqueries() {
        return subqueries;
    }

    /** The plans of the subqueries in this operator's expressions (set by the planner, for EXPLAIN). */
    final void withSubqueries(List<PhysicalNode> plans) {
        if (!plans.isEmpty()) subqueries = List.copyOf(plans);
    }

    /** Sets the EXPLAIN line (the planner renders it from the logical node this operator implements). */
    public final PhysicalNode explainedAs(java.util.function.Supplier<String> text) {
        if (line == null) line = text;
        return this;
    }

    /**
     * Pushes all output batches into {@code out}; a batch is only valid during the call (consumers
     * copy what they keep). Returns false when {@code out} asked to stop (e.g. LIMIT reached).
     */
    public abstract boolean execute(ExecState st, Downstream out);
}
