package dev.nabla.engine.exec;

import dev.nabla.engine.exec.store.ColumnStore;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** In-memory ScannableSource test double: batches of {@code batchSize} rows; rows in {@code deleted} are hidden by a selection vector. */
class TestTable implements ScannableSource {
    final String name;
    final List<String> names;
    final List<DataType> types;
    final List<Object[]> rows = new ArrayList<>();
    int batchSize = Batch.CAPACITY;
    java.util.Set<Integer> deleted = new java.util.HashSet<>();
    int scans;

    TestTable(String name, List<String> names, List<DataType> types) {
        this.name = name;
        this.names = names;
        this.types = types;
    }

    TestTable row(Object... values) {
        rows.add(values);
        return this;
    }

    @Override
    public String name() {
        return name;
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
        return rows.size();
    }

    @Override
    public Iterator<Batch> scan(
            List<Integer> columns, boolean withRowIds, Expr pushedFilter, List<Column> scanOutput, ExecContext ctx) {
        scans++;
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += batchSize) {
            int n = Math.min(batchSize, rows.size() - from);
            int w = columns.size() + (withRowIds ? 1 : 0);
            ColumnVector[] cols = new ColumnVector[w];
            for (int c = 0; c < columns.size(); c++) {
                int src = columns.get(c);
                ColumnStore cs = new ColumnStore(types.get(src), n + 3);
                // put the data at an offset to exercise offset handling
                for (int k = 0; k < 3; k++) cs.appendNull();
                for (int i = 0; i < n; i++) cs.appendValue(rows.get(from + i)[src]);
                cols[c] = cs.view(3);
            }
            if (withRowIds) {
                ColumnVector ids = new ColumnVector(DataType.BIGINT, n);
                for (int i = 0; i < n; i++) ids.longs[i] = from + i;
                cols[w - 1] = ids;
            }
            Batch b = new Batch(cols, n);
            List<Integer> live = new ArrayList<>();
            for (int i = 0; i < n; i++) if (!deleted.contains(from + i)) live.add(i);
            if (live.size() != n) {
                b.selection = live.stream().mapToInt(Integer::intValue).toArray();
                b.count = live.size();
            }
            out.add(b);
        }
        return out.iterator();
    }
}
