package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table as of one {@link TableVersion}: whatever commits afterwards, this snapshot keeps showing
 * the same rows. Cheap to create; hold one for the duration of a statement.
 */
public final class TableSnapshot {
    private final Table table;
    private final TableVersion version;

    TableSnapshot(Table table, TableVersion version) {
        this.table = table;
        this.version = version;
    }

    public Table table() {
        return table;
    }

    public String name() {
        return table.name();
    }

    public Schema schema() {
        return table.schema();
    }

    public TableVersion version() {
        return version;
    }

    /** Rows visible in this snapshot (deleted rows excluded). */
    public long rowCount() {
        return version.liveRows();
    }

    public long estimatedRows() {
        return version.liveRows();
    }

    public int segmentCount() {
        return version.segmentCount();
    }

    /** All visible rows, projected to {@code columns}. */
    public TableScan scan(int[] columns) {
        return new TableScan(schema(), version, check(columns), false, 0, version.segmentCount());
    }

    /** Like {@link #scan}, plus a trailing BIGINT column of row ids for {@link TableWriter#update}/{@link TableWriter#delete}. */
    public TableScan scanWithRowIds(int[] columns) {
        return new TableScan(schema(), version, check(columns), true, 0, version.segmentCount());
    }

    /**
     * The rows of segments {@code [fromSegment, toSegment)}, for morsel-parallel scans, in batches of up
     * to {@code maxBatchRows} rows (at most a whole segment): a consumer whose per-batch work is one tight
     * loop asks for long batches, which cut the fixed cost per batch.
     */
    public TableScan scan(int[] columns, int fromSegment, int toSegment, int maxBatchRows) {
        if (fromSegment < 0 || toSegment > version.segmentCount() || fromSegment > toSegment || maxBatchRows < 1) {
            throw new NablaException(
                    ErrorCode.INTERNAL,
                    "bad morsel scan: segments " + fromSegment + ".." + toSegment + ", batch " + maxBatchRows);
        }
        return new TableScan(schema(), version, check(columns), false, fromSegment, toSegment, maxBatchRows);
    }

    /** Every column index of the schema, in order. */
    public int[] allColumns() {
        int[] all = new int[schema().width()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return all;
    }

    private int[] check(int[] columns) {
        for (int c : columns) check(c);
        return columns;
    }

    private int check(int column) {
        if (column < 0 || column >= schema().width())
            throw new NablaException(ErrorCode.INTERNAL, "column index out of range: " + column);
        return column;
    }

    /** A column's visible values as a new array, widened from integers if needed; NULL reads as NaN. */
    public double[] readDoubles(int column) {
        double[] out = new double[checkedSize()];
        PhysicalType p = schema().type(check(column)).physical();
        if (p == PhysicalType.STRING || p == PhysicalType.ARRAY || p == PhysicalType.LIST || p == PhysicalType.INT128)
            throw new NablaException(ErrorCode.TYPE_MISMATCH, "column " + schema().name(column) + " is not numeric");
        int k = 0;
        for (int s = 0; s < version.segmentCount(); s++) {
            Segment seg = version.segment(s);
            int n = version.count(s);
            int b = seg.base[column];
            long[] nulls = seg.nullBits(column);
            if (p == PhysicalType.DOUBLE) {
                double[] d = (double[]) seg.column(column);
                if (seg.deleted == null) {
                    System.arraycopy(d, b, out, k, n);
                    if (nulls != null) for (int r = 0; r < n; r++) if (bit(nulls, b + r)) out[k + r] = Double.NaN;
                    k += n;
                } else {
                    for (int r = 0; r < n; r++)
                        if (!bit(seg.deleted, r)) out[k++] = nulls != null && bit(nulls, b + r) ? Double.NaN : d[b + r];
                }
            } else {
                long[] l = (long[]) seg.column(column);
                for (int r = 0; r < n; r++) {
                    if (seg.deleted != null && bit(seg.deleted, r)) continue;
                    out[k++] = nulls != null && bit(nulls, b + r) ? Double.NaN : (double) l[b + r];
                }
            }
        }
        return out;
    }

    /** A column's visible values as a new array; NULL reads as 0 (see {@link #readNulls}). */
    public long[] readLongs(int column) {
        long[] out = new long[checkedSize()];
        if (schema().type(check(column)).physical() != PhysicalType.LONG) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH, "column " + schema().name(column) + " is not an integer column");
        }
        int k = 0;
        for (int s = 0; s < version.segmentCount(); s++) {
            Segment seg = version.segment(s);
            int n = version.count(s);
            int b = seg.base[column];
            long[] nulls = seg.nullBits(column);
            long[] l = (long[]) seg.column(column);
            for (int r = 0; r < n; r++) {
                if (seg.deleted != null && bit(seg.deleted, r)) continue;
                out[k++] = nulls != null && bit(nulls, b + r) ? 0L : l[b + r];
            }
        }
        return out;
    }

    /** A column's visible values as a new array; NULL reads as null. */
    public String[] readStrings(int column) {
        String[] out = new String[checkedSize()];
        DataType type = schema().type(check(column));
        int k = 0;
        for (int s = 0; s < version.segmentCount(); s++) {
            Segment seg = version.segment(s);
            int n = version.count(s);
            for (int r = 0; r < n; r++) {
                if (seg.isDeleted(r)) continue;
                Object v = seg.value(type, column, r);
                out[k++] = v == null ? null : v.toString();
            }
        }
        return out;
    }

    /** Null flags of a column's visible rows, aligned with {@link #readDoubles}/{@link #readLongs}. */
    public boolean[] readNulls(int column) {
        boolean[] out = new boolean[checkedSize()];
        check(column);
        int k = 0;
        for (int s = 0; s < version.segmentCount(); s++) {
            Segment seg = version.segment(s);
            int n = version.count(s);
            for (int r = 0; r < n; r++) {
                if (seg.isDeleted(r)) continue;
                out[k++] = seg.isNull(column, r);
            }
        }
        return out;
    }

    /**
     * The one row {@code rowId} as a batch of {@code columns} (plus its row id last when {@code withRowId}),
     * viewing storage as a scan does; null when the row is not visible in this snapshot (out of range or
     * deleted). For point lookups by key.
     */
    public Batch rowBatch(long rowId, int[] columns, boolean withRowId) {
        if (rowId < 0) return null;
        int s = (int) (rowId >>> Segment.ROW_BITS);
        int r = (int) (rowId & (Segment.ROWS - 1));
        if (s >= version.segmentCount()
                || r >= version.count(s)
                || version.segment(s).isDeleted(r)) return null;
        return TableScan.oneRow(schema(), version.segment(s), columns, r, withRowId ? rowId : -1);
    }

    /** Whether row {@code rowId} exists in this snapshot and is not deleted in it. */
    public boolean isVisible(long rowId) {
        if (rowId < 0) return false;
        int s = (int) (rowId >>> Segment.ROW_BITS);
        int r = (int) (rowId & (Segment.ROWS - 1));
        return s < version.segmentCount()
                && r < version.count(s)
                && !version.segment(s).isDeleted(r);
    }

    /** One value by row id (slow path): Long, Double, String, Boolean or null. */
    public Object get(long rowId, int column) {
        int s = (int) (rowId >>> Segment.ROW_BITS);
        int r = (int) (rowId & (Segment.ROWS - 1));
        if (rowId < 0 || s >= version.segmentCount() || r >= version.count(s)) {
            throw new NablaException(ErrorCode.INTERNAL, "row id out of range: " + rowId);
        }
        return version.segment(s).value(schema().type(column), column, r);
    }

    /** Every visible row as boxed values (slow path for tests, printing and small results). */
    public List<Object[]> rows() {
        List<Object[]> out = new ArrayList<>();
        int w = schema().width();
        for (int s = 0; s < version.segmentCount(); s++) {
            Segment seg = version.segment(s);
            int n = version.count(s);
            for (int r = 0; r < n; r++) {
                if (seg.isDeleted(r)) continue;
                Object[] row = new Object[w];
                for (int c = 0; c < w; c++) row[c] = seg.value(schema().type(c), c, r);
                out.add(row);
            }
        }
        return out;
    }

    private int checkedSize() {
        long n = version.liveRows();
        if (n > Integer.MAX_VALUE - 8)
            throw new NablaException(ErrorCode.UNSUPPORTED, "table " + name() + " has too many rows for one array");
        return (int) n;
    }

    private static boolean bit(long[] bits, int i) {
        return (bits[i >>> 6] & (1L << i)) != 0;
    }
}
