package dev.nabla.engine.exec.op;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.storage.DataType;
import java.util.List;

/**
 * A CTE computed once for all its readers: runs the definition into a stored table (counted against the memory
 * limit), then the query, whose {@link Scan}s of the CTE read that table; the table is dropped when the query is
 * done. Each execution of this node computes the definition again (a correlated subquery or recursive step that
 * contains the node sees fresh rows).
 */
final class MaterializedCteNode extends PhysicalNode {
    final int cteId;
    final String name;
    final PhysicalNode definition, body;

    MaterializedCteNode(List<DataType> types, int cteId, String name, PhysicalNode definition, PhysicalNode body) {
        super(types);
        this.cteId = cteId;
        this.name = name;
        this.definition = definition;
        this.body = body;
    }

    @Override
    public List<? extends Explained> explainInputs() {
        return List.of(definition, body);
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        RowStore rows = new RowStore(definition.types);
        try (MemoryLease held = st.lease("CTE \"" + name + "\" (computed once)")) {
            definition.execute(st, b -> {
                held.grow(Batches.storedBytes(b));
                rows.append(b);
                return true;
            });
            RowStore saved = st.workingTables.put(cteId, rows);
            try {
                return body.execute(st, out);
            } finally {
                if (saved == null) st.workingTables.remove(cteId);
                else st.workingTables.put(cteId, saved);
            }
        }
    }

    /** Reads the rows the enclosing {@link MaterializedCteNode} with the same id stored. */
    static final class Scan extends PhysicalNode {
        final int cteId;
        final String name;

        Scan(List<DataType> types, int cteId, String name) {
            super(types);
            this.cteId = cteId;
            this.name = name;
        }

        @Override
        public boolean execute(ExecState st, Downstream out) {
            RowStore rows = st.workingTables.get(cteId);
            if (rows == null)
                throw new NablaException(ErrorCode.INTERNAL, "the rows of CTE \"" + name + "\" are not available");
            st.ctx.rowsScanned(rows.size());
            return Emit.slices(rows, out, st);
        }
    }
}
