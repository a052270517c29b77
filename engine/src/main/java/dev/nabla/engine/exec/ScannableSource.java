package dev.nabla.engine.exec;

import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.storage.Batch;
import java.util.Iterator;
import java.util.List;

/**
 * A {@link TableSource} the executor can read. Stored tables read the snapshot of the statement's
 * transaction; table functions and attached files produce batches on the fly.
 */
public interface ScannableSource extends TableSource {
    /**
     * Batches holding the given source columns, in that order, plus (when {@code withRowIds}) a BIGINT
     * row-id column last. {@code pushedFilter} (may be null) references the source's columns by their
     * Scan output ids; a source may use it to skip data but need not apply it exactly (the executor
     * still filters). Returned batches may be views of storage: operators must not write into them.
     */
    Iterator<Batch> scan(
            List<Integer> columns,
            boolean withRowIds,
            Expr pushedFilter,
            List<dev.nabla.plan.logical.Column> scanOutput,
            ExecContext ctx);
}
