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
public abstract class PhysicalNode {
    /** Output column types by batch position. */
    public final List<DataType> types;

    protected PhysicalNode(List<DataType> types) { this.types = List.copyOf(types); }

    /**
     * Pushes all output batches into {@code out}; a batch is only valid during the call (consumers
     * copy what they keep). Returns false when {@code out} asked to stop (e.g. LIMIT reached).
     */
    public abstract boolean execute(ExecState st, Downstream out);
}
