package dev.nabla.engine.exec.op;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.MemoryLease;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.exec.store.GroupHashTable;
import dev.nabla.engine.exec.store.RowStore;
import dev.nabla.storage.DataType;
import java.util.List;

/**
 * WITH RECURSIVE with working-table semantics: each iteration runs the (already planned) recursive
 * term against only the previous iteration's rows; UNION drops rows already produced; the loop ends
 * when an iteration yields no rows. Rows stream downstream as they are produced, so a LIMIT above can
 * stop an unbounded recursion.
 */
final class RecursiveCteNode extends PhysicalNode {
    final int cteId;
    final String name;
    final PhysicalNode anchor, recursive;
    final boolean unionAll;

    RecursiveCteNode(
            List<DataType> types,
            int cteId,
            String name,
            PhysicalNode anchor,
            PhysicalNode recursive,
            boolean unionAll) {
        super(types);
        this.cteId = cteId;
        this.name = name;
        this.anchor = anchor;
        this.recursive = recursive;
        this.unionAll = unionAll;
    }

    @Override
    public java.util.List<? extends Explained> explainInputs() {
        return java.util.List.of(anchor, recursive);
    }

    @Override
    public boolean execute(ExecState st, Downstream out) {
        long max = st.maxRecursion();
        GroupHashTable seen = unionAll ? null : new GroupHashTable(types);
        RowStore[] next = {new RowStore(types)};
        // the working table of the step being built, and the one the step reads (given back when replaced)
        MemoryLease building = st.lease("recursive CTE \"" + name + "\" working table");
        MemoryLease reading = st.lease("recursive CTE \"" + name + "\" working table");
        MemoryLease distinctRows = st.lease("recursive CTE \"" + name + "\" UNION");
        Downstream collect = b -> {
            building.grow(Batches.storedBytes(b));
            next[0].append(b);
            if (seen != null) distinctRows.growTo(seen.heldBytes());
            return out.accept(b);
        };
        Downstream sink = seen == null ? collect : new SetOpNode.DistinctSink(types, seen, collect);
        RowStore saved = st.workingTables.get(cteId);
        try {
            if (!anchor.execute(st, sink)) return false;
            long iteration = 0;
            while (next[0].size() > 0) {
                st.ctx.checkCancelled();
                if (++iteration > max) {
                    throw new NablaException(
                            ErrorCode.RECURSION_LIMIT,
                            "recursive CTE \"" + name + "\" exceeded max_recursion = " + max
                                    + " iterations (SET max_recursion = ... to raise it)");
                }
                st.ctx.recursionIteration(iteration);
                st.workingTables.put(cteId, next[0]);
                // subquery results computed from the previous working table are stale now
                st.caches.clear();
                next[0] = new RowStore(types);
                // the table just built becomes the one read: move its reservation (give back first, so the
                // move itself cannot fail), and the previous one read is given back
                long built = building.held();
                building.close();
                reading.close();
                reading.grow(built);
                if (!recursive.execute(st, sink)) return false;
            }
            return true;
        } finally {
            building.close();
            reading.close();
            distinctRows.close();
            if (saved == null) st.workingTables.remove(cteId);
            else st.workingTables.put(cteId, saved);
        }
    }
}
