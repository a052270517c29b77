package dev.nabla.engine.exec;

import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import java.util.List;
import java.util.Objects;

/**
 * A materialised query result: dense batches (no selection vectors) of fresh arrays that alias
 * neither table storage nor executor scratch space.
 */
public record QueryResult(List<Column> columns, List<Batch> batches, long rowCount) {
    public QueryResult {
        columns = List.copyOf(columns);
        batches = List.copyOf(batches);
        Objects.requireNonNull(columns);
    }
}
