package dev.nabla.engine.exec.store;

import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.List;

/** Materialised rows, column by column: what pipeline breakers (sort, join build, window, CTE) collect. */
public final class RowStore {
    public final ColumnStore[] cols;
    private int size;

    public RowStore(List<DataType> types) {
        cols = new ColumnStore[types.size()];
        for (int i = 0; i < cols.length; i++) cols[i] = new ColumnStore(types.get(i), 64);
    }

    public int size() {
        return size;
    }

    public int width() {
        return cols.length;
    }

    public ColumnStore col(int i) {
        return cols[i];
    }

    /** Appends a batch (its selection, if any, is honoured). */
    public void append(Batch b) {
        Batch dense = Batches.dense(b);
        for (int c = 0; c < cols.length; c++) cols[c].append(dense.columns[c], dense.count);
        size += dense.count;
    }

    public void appendRow(RowStore src, int row) {
        for (int c = 0; c < cols.length; c++) cols[c].appendFrom(src.cols[c], row);
        size++;
    }

    /** Call after appending to the columns directly. */
    public void syncSize() {
        size = cols.length == 0 ? size : cols[0].size();
    }

    public void addEmptyRows(int n) {
        size += n;
    }

    /** Fresh batch of rows[from .. from+n). */
    public Batch gather(int[] rows, int from, int n) {
        ColumnVector[] out = new ColumnVector[cols.length];
        for (int c = 0; c < cols.length; c++) out[c] = cols[c].gather(rows, from, n);
        return new Batch(out, n);
    }

    /** Zero-copy batch over rows from .. from+n (valid until the store grows). */
    public Batch slice(int from, int n) {
        ColumnVector[] out = new ColumnVector[cols.length];
        for (int c = 0; c < cols.length; c++) out[c] = cols[c].view(from);
        return new Batch(out, n);
    }

    /** Fresh batch copy of rows from .. from+n. */
    public Batch copy(int from, int n) {
        ColumnVector[] out = new ColumnVector[cols.length];
        for (int c = 0; c < cols.length; c++) out[c] = cols[c].copy(from, n);
        return new Batch(out, n);
    }
}
