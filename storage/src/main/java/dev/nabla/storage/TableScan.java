package dev.nabla.storage;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Batches of one {@link TableVersion}, in row order, each within a single segment and at most
 * {@link Batch#CAPACITY} rows (or the larger limit a morsel scan asks for). Column vectors are zero-copy views of segment arrays (never write
 * into them); deleted rows are left out through {@link Batch#selection}. Every batch is a fresh
 * object, so consumers may keep them. With row ids, the batch carries one more BIGINT column whose
 * row {@code i} is the row id ({@code segment * Segment.ROWS + row}) of physical row {@code i}.
 */
public final class TableScan implements Iterator<Batch> {
    private final Schema schema;
    private final TableVersion version;
    private final int[] columns;
    private final boolean rowIds;
    private final int endSegment;
    private final int maxRows;
    private int segment;
    private int position;
    private Batch pending;

    TableScan(Schema schema, TableVersion version, int[] columns, boolean rowIds, int fromSegment, int toSegment) {
        this(schema, version, columns, rowIds, fromSegment, toSegment, Batch.CAPACITY);
    }

    TableScan(
            Schema schema,
            TableVersion version,
            int[] columns,
            boolean rowIds,
            int fromSegment,
            int toSegment,
            int maxRows) {
        this.maxRows = maxRows;
        this.schema = schema;
        this.version = version;
        this.columns = columns.clone();
        this.rowIds = rowIds;
        this.segment = fromSegment;
        this.endSegment = toSegment;
    }

    @Override
    public boolean hasNext() {
        if (pending == null) pending = advance();
        return pending != null;
    }

    @Override
    public Batch next() {
        if (!hasNext()) throw new NoSuchElementException();
        Batch b = pending;
        pending = null;
        return b;
    }

    /** The next batch, or null at the end (the allocation-light alternative to hasNext/next). */
    public Batch nextOrNull() {
        return hasNext() ? next() : null;
    }

    private Batch advance() {
        while (segment < endSegment) {
            int count = version.count(segment);
            if (position >= count) {
                segment++;
                position = 0;
                continue;
            }
            Segment seg = version.segment(segment);
            int start = position;
            int n = Math.min(maxRows, count - start);
            position += n;
            int[] selection = null;
            int live = n;
            if (seg.deleted != null && anyDeleted(seg.deleted, start, start + n)) {
                selection = new int[n];
                live = 0;
                long[] del = seg.deleted;
                for (int i = 0; i < n; i++) {
                    int r = start + i;
                    if ((del[r >>> 6] & (1L << r)) == 0) selection[live++] = i;
                }
                if (live == 0) continue;
                if (live == n) selection = null;
            }
            ColumnVector[] vectors = new ColumnVector[columns.length + (rowIds ? 1 : 0)];
            for (int j = 0; j < columns.length; j++) vectors[j] = view(seg, columns[j], start);
            if (rowIds) {
                long[] ids = new long[n];
                long first = ((long) segment << Segment.ROW_BITS) + start;
                for (int i = 0; i < n; i++) ids[i] = first + i;
                vectors[columns.length] = ColumnVector.ofLongs(DataType.BIGINT, ids, null, 0);
            }
            Batch b = new Batch(vectors, live);
            b.selection = selection;
            return b;
        }
        return null;
    }

    private static boolean anyDeleted(long[] del, int from, int to) {
        int last = (to - 1) >>> 6;
        for (int w = from >>> 6; w <= last; w++) {
            long bits = del[w];
            if (w == from >>> 6) bits &= -1L << from;
            if (w == last && (to & 63) != 0) bits &= (1L << to) - 1;
            if (bits != 0) return true;
        }
        return false;
    }

    /** Row {@code row} of {@code seg} as a one-row batch of views; its row id last unless {@code rowId} is negative. */
    static Batch oneRow(Schema schema, Segment seg, int[] columns, int row, long rowId) {
        ColumnVector[] vectors = new ColumnVector[columns.length + (rowId >= 0 ? 1 : 0)];
        for (int j = 0; j < columns.length; j++) vectors[j] = view(schema, seg, columns[j], row);
        if (rowId >= 0) vectors[columns.length] = ColumnVector.ofLongs(DataType.BIGINT, new long[] {rowId}, null, 0);
        return new Batch(vectors, 1);
    }

    private ColumnVector view(Segment seg, int c, int start) {
        return view(schema, seg, c, start);
    }

    private static ColumnVector view(Schema schema, Segment seg, int c, int start) {
        DataType type = schema.type(c);
        int offset = seg.base[c] + start;
        return switch (type.physical()) {
            case LONG, INT128 -> ColumnVector.ofLongs(type, (long[]) seg.column(c), seg.nullBits(c), offset);
            case DOUBLE, ARRAY -> ColumnVector.ofDoubles(type, (double[]) seg.column(c), seg.nullBits(c), offset);
            case STRING -> ColumnVector.ofStrings((String[]) seg.column(c), seg.nullBits(c), offset);
            case LIST -> ColumnVector.ofLists(type, (ListValue[]) seg.column(c), seg.nullBits(c), offset);
        };
    }
}
