package dev.nabla.engine;

import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.Iterator;
import java.util.List;

/** Batches a statement built itself (dense, every column present), read back through a Scan. */
final class BatchSource implements ScannableSource {
    private final List<String> names;
    private final List<DataType> types;
    private final List<Batch> batches;

    BatchSource(List<String> names, List<DataType> types, List<Batch> batches) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.batches = List.copyOf(batches);
    }

    @Override
    public String name() {
        return "excluded";
    }

    @Override
    public List<String> columnNames() {
        return names;
    }

    @Override
    public List<DataType> columnTypes() {
        return types;
    }

    @Override
    public long estimatedRows() {
        long n = 0;
        for (Batch b : batches) n += b.count;
        return n;
    }

    @Override
    public Iterator<Batch> scan(
            List<Integer> columns, boolean withRowIds, Expr pushedFilter, List<Column> scanOutput, ExecContext ctx) {
        return batches.stream()
                .map(b -> {
                    ColumnVector[] cols = new ColumnVector[columns.size()];
                    for (int i = 0; i < cols.length; i++) cols[i] = b.columns[columns.get(i)];
                    return new Batch(cols, b.count);
                })
                .iterator();
    }
}
