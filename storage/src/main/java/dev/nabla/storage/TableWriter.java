package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The changes one {@link StorageTransaction} makes to one table. Nothing here is visible to other
 * readers until the transaction commits; {@link #snapshot()} shows the writer its own changes.
 *
 * <p>Copy-on-write is per segment and column: an UPDATE copies only the column arrays of the
 * segments it touches, a DELETE only their deletion bitmaps, and only once per statement, because
 * arrays this writer copied (and has not handed out in a snapshot or savepoint since) are changed in
 * place. Appends write into spare capacity behind every published row count, growing a segment's
 * arrays geometrically up to {@link Segment#ROWS} rows, so single-row inserts are amortised O(1).
 *
 * <p>Every operation is atomic: when it throws (a constraint failed), the writer is as it was
 * before the call. Row ids come from a scan of this writer's {@link #snapshot()} (or of the
 * committed version it started from) taken after the last truncate.
 */
public final class TableWriter {
    private final Table table;
    private final StorageTransaction txn;
    private final Schema schema;
    private final KeyIndex index;
    /** Every key index to maintain: the primary key's (if any), then one per UNIQUE constraint. */
    private final KeyIndex[] indexes;

    private final boolean[] notNull;
    /** The committed version this writer started from. */
    final TableVersion base;

    private Segment[] segs;
    private int[] counts;
    private int nseg;
    private long live;
    /** Arrays this writer made since its state was last handed out: safe to change in place. */
    private final Set<Object> owned = Collections.newSetFromMap(new IdentityHashMap<>());

    private TableVersion cached;

    TableWriter(Table table, StorageTransaction txn) {
        this.table = table;
        this.txn = txn;
        this.schema = table.schema();
        this.index = table.keyIndex;
        KeyIndex[] all = new KeyIndex[(index == null ? 0 : 1) + table.uniqueIndexes.length];
        int at = 0;
        if (index != null) all[at++] = index;
        for (KeyIndex u : table.uniqueIndexes) all[at++] = u;
        this.indexes = all;
        this.notNull = new boolean[schema.width()];
        for (int c = 0; c < notNull.length; c++) notNull[c] = schema.isNotNull(c);
        this.base = table.current();
        load(new State(base.segments(), base.counts(), base.segmentCount(), base.liveRows(), null));
    }

    public Table table() {
        return table;
    }

    /** Rows visible to this writer. */
    public long rowCount() {
        return live;
    }

    /** This writer's current state, its uncommitted changes included; immutable like any snapshot. */
    public TableSnapshot snapshot() {
        return new TableSnapshot(table, version());
    }

    // ---------------------------------------------------------------- append

    /** Appends the live rows of a batch whose columns match the schema (types already coerced). */
    public void append(Batch batch) {
        txn.checkActive();
        int n = batch.count;
        if (batch.width() != schema.width()) {
            throw new NablaException(
                    ErrorCode.INTERNAL,
                    "append to " + table.name() + ": batch has " + batch.width() + " columns, table has "
                            + schema.width());
        }
        for (int c = 0; c < schema.width(); c++) {
            ColumnVector v = batch.columns[c];
            if (v.type != DataType.NULL
                    && (v.type.physical() != schema.type(c).physical()
                            || v.type.physical() == PhysicalType.ARRAY && !v.type.equals(schema.type(c)))) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        "cannot store " + v.type.sqlName() + " in " + table.name() + "." + schema.name(c) + " ("
                                + schema.type(c).sqlName() + ")");
            }
            if (notNull[c] && (anyNull(v, n, batch.selection) || anyNullReference(v, 0, n, batch.selection)))
                throw notNullViolation(c);
        }
        if (n == 0) return;
        Mark mark = mark();
        try {
            int done = 0;
            while (done < n) {
                int s = tailWithRoom(n - done);
                int at = counts[s];
                int k = Math.min(segs[s].capacity - at, n - done);
                for (int c = 0; c < schema.width(); c++)
                    writeColumn(s, c, batch.columns[c], batch.selection, done, k, at);
                counts[s] = at + k;
                live += k;
                for (KeyIndex ix : indexes) for (int r = at; r < at + k; r++) ix.add(segs[s], r, rowId(s, r));
                done += k;
            }
        } catch (RuntimeException e) {
            reset(mark);
            throw e;
        }
        cached = null;
    }

    /**
     * Appends one row of boxed values (Long/Integer/..., Double, String, Boolean or null), already
     * coerced to the column types. The slow path for VALUES lists and the embedded API.
     */
    public void appendRow(Object... values) {
        txn.checkActive();
        if (values.length != schema.width()) {
            throw new NablaException(
                    ErrorCode.INTERNAL,
                    "append to " + table.name() + ": row has " + values.length + " values, table has "
                            + schema.width());
        }
        for (int c = 0; c < values.length; c++) if (notNull[c] && values[c] == null) throw notNullViolation(c);
        Mark mark = mark();
        try {
            int s = tailWithRoom(1);
            int at = counts[s];
            for (int c = 0; c < values.length; c++) writeValue(s, c, at, values[c]);
            counts[s] = at + 1;
            live++;
            for (KeyIndex ix : indexes) ix.add(segs[s], at, rowId(s, at));
        } catch (RuntimeException e) {
            reset(mark);
            throw e;
        }
        cached = null;
    }

    private void writeValue(int s, int c, int at, Object v) {
        Segment seg = segs[s];
        int i = seg.base[c] + at;
        if (v == null) {
            setNullBit(s, c, i, true);
            return;
        }
        switch (schema.type(c).physical()) {
            case LONG -> {
                long x;
                if (v instanceof Boolean b) x = b ? 1 : 0;
                // a DECIMAL column stores the unscaled value at its scale (never a BigDecimal's integer part)
                else if (schema.type(c) instanceof DecimalType d) {
                    java.math.BigDecimal exact;
                    if (v instanceof java.math.BigDecimal bd) exact = bd;
                    else if (v instanceof Long || v instanceof Integer)
                        exact = java.math.BigDecimal.valueOf(((Number) v).longValue());
                    else throw typeMismatch(c, v);
                    x = d.round(exact).unscaledValue().longValue();
                } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)
                    x = ((Number) v).longValue();
                else if (v instanceof Number num
                        && num.doubleValue() == Math.rint(num.doubleValue())
                        && Math.abs(num.doubleValue()) < 0x1p63) x = num.longValue();
                else throw typeMismatch(c, v);
                seg.longs(c)[i] = x;
            }
            case INT128 -> {
                if (v instanceof java.util.UUID id) {
                    if (schema.type(c) != DataType.UUID) throw typeMismatch(c, v);
                    seg.longs(c)[2 * i] = Uuids.high(id);
                    seg.longs(c)[2 * i + 1] = Uuids.low(id);
                } else {
                    if (!(schema.type(c) instanceof DecimalType d)) throw typeMismatch(c, v);
                    java.math.BigDecimal exact;
                    if (v instanceof java.math.BigDecimal bd) exact = bd;
                    else if (v instanceof Long || v instanceof Integer)
                        exact = java.math.BigDecimal.valueOf(((Number) v).longValue());
                    else throw typeMismatch(c, v);
                    java.math.BigInteger u = d.round(exact).unscaledValue();
                    seg.longs(c)[2 * i] = Int128.high(u);
                    seg.longs(c)[2 * i + 1] = Int128.low(u);
                }
            }
            case DOUBLE -> {
                if (!(v instanceof Number num)) throw typeMismatch(c, v);
                seg.doubles(c)[i] = num.doubleValue();
            }
            case STRING -> {
                if (!(v instanceof CharSequence cs)) throw typeMismatch(c, v);
                seg.strings(c)[i] = cs.toString();
            }
            case LIST -> {
                if (!(v instanceof ListValue l)) throw typeMismatch(c, v);
                seg.lists(c)[i] = l;
            }
            case ARRAY -> {
                int width = seg.width(c);
                if (!(v instanceof double[] a) || a.length != width) throw typeMismatch(c, v);
                System.arraycopy(a, 0, seg.doubles(c), i * width, width);
            }
        }
        setNullBit(s, c, i, false);
    }

    /** Sets or clears a null bit at array index {@code i} in spare capacity (allocating a bitmap for the first NULL). */
    private void setNullBit(int s, int c, int i, boolean isNull) {
        long[] bits = segs[s].nullBits(c);
        if (bits == null) {
            if (!isNull) return;
            bits = new long[Segment.words(rowSlots(segs[s], c))];
            owned.add(bits);
            segs[s] = segs[s].withNulls(c, bits);
        }
        if (isNull) bits[i >>> 6] |= 1L << i;
        else bits[i >>> 6] &= ~(1L << i);
    }

    private void writeColumn(int s, int c, ColumnVector v, int[] sel, int from, int k, int at) {
        Segment seg = segs[s];
        int dst = seg.base[c] + at;
        boolean allNull = v.type == DataType.NULL;
        if (!allNull) {
            int src = v.offset;
            switch (schema.type(c).physical()) {
                case LONG -> {
                    long[] d = seg.longs(c);
                    if (v.constant) Arrays.fill(d, dst, dst + k, v.longs[src]);
                    else if (sel == null) System.arraycopy(v.longs, src + from, d, dst, k);
                    else for (int i = 0; i < k; i++) d[dst + i] = v.longs[src + sel[from + i]];
                }
                case DOUBLE -> {
                    double[] d = seg.doubles(c);
                    if (v.constant) Arrays.fill(d, dst, dst + k, v.doubles[src]);
                    else if (sel == null) System.arraycopy(v.doubles, src + from, d, dst, k);
                    else for (int i = 0; i < k; i++) d[dst + i] = v.doubles[src + sel[from + i]];
                }
                case STRING -> {
                    String[] d = seg.strings(c);
                    if (v.constant) Arrays.fill(d, dst, dst + k, v.strings[src]);
                    else if (sel == null) System.arraycopy(v.strings, src + from, d, dst, k);
                    else for (int i = 0; i < k; i++) d[dst + i] = v.strings[src + sel[from + i]];
                }
                case LIST -> {
                    ListValue[] d = seg.lists(c);
                    if (v.constant) Arrays.fill(d, dst, dst + k, v.lists[src]);
                    else if (sel == null) System.arraycopy(v.lists, src + from, d, dst, k);
                    else for (int i = 0; i < k; i++) d[dst + i] = v.lists[src + sel[from + i]];
                }
                case ARRAY -> {
                    int w = seg.width(c);
                    double[] d = seg.doubles(c);
                    for (int i = 0; i < k; i++) {
                        int row = v.constant ? 0 : sel == null ? from + i : sel[from + i];
                        System.arraycopy(v.doubles, (src + row) * w, d, (dst + i) * w, w);
                    }
                }
                case INT128 -> {
                    long[] d = seg.longs(c);
                    if (sel == null && !v.constant) System.arraycopy(v.longs, 2 * (src + from), d, 2 * dst, 2 * k);
                    else
                        for (int i = 0; i < k; i++) {
                            int row = v.constant ? 0 : sel == null ? from + i : sel[from + i];
                            d[2 * (dst + i)] = v.longs[2 * (src + row)];
                            d[2 * (dst + i) + 1] = v.longs[2 * (src + row) + 1];
                        }
                }
            }
        }
        writeNullBits(s, c, v, sel, from, k, dst, allNull);
        if (!allNull && schema.type(c).physical() == PhysicalType.STRING) {
            // a null reference is a NULL even when the producer did not flag it
            String[] d = segs[s].strings(c);
            for (int i = 0; i < k; i++) if (d[dst + i] == null) setNullBit(s, c, dst + i, true);
        }
        if (!allNull && schema.type(c).physical() == PhysicalType.LIST) {
            ListValue[] d = segs[s].lists(c);
            for (int i = 0; i < k; i++) if (d[dst + i] == null) setNullBit(s, c, dst + i, true);
        }
    }

    private void writeNullBits(int s, int c, ColumnVector v, int[] sel, int from, int k, int dst, boolean allNull) {
        if (!allNull && v.nulls == null) {
            long[] bits = segs[s].nullBits(c);
            if (bits != null) clearBits(bits, dst, dst + k);
            return;
        }
        if (segs[s].nullBits(c) == null && !allNull && !anyNull(v, from, from + k, sel)) return;
        for (int i = 0; i < k; i++) {
            int row = sel == null ? from + i : sel[from + i];
            setNullBit(s, c, dst + i, allNull || v.isNull(row));
        }
    }

    /** The index of a tail segment with spare capacity, growing it or starting a new one. */
    private int tailWithRoom(int wanted) {
        if (nseg > 0) {
            int s = nseg - 1;
            Segment seg = segs[s];
            if (counts[s] < seg.capacity) return s;
            if (seg.capacity < Segment.ROWS) {
                int cap = Math.min(Segment.ROWS, Math.max(seg.capacity * 2, ceilPow2(counts[s] + wanted)));
                Segment grown = seg.grow(cap, counts[s]);
                own(grown);
                segs[s] = grown;
                return s;
            }
        }
        int cap = Math.min(Segment.ROWS, Math.max(Segment.INITIAL_CAPACITY, ceilPow2(wanted)));
        if (nseg == segs.length) {
            segs = Arrays.copyOf(segs, Math.max(4, nseg * 2));
            counts = Arrays.copyOf(counts, segs.length);
        }
        Segment seg = Segment.allocate(schema, cap);
        own(seg);
        segs[nseg] = seg;
        counts[nseg] = 0;
        return nseg++;
    }

    private void own(Segment seg) {
        for (int c = 0; c < seg.data.length; c++) {
            owned.add(seg.column(c));
            if (seg.nullBits(c) != null) owned.add(seg.nullBits(c));
        }
    }

    // ---------------------------------------------------------------- primary-key lookup

    /**
     * The row id of the live row whose primary key equals {@code key} (one value per key column, in
     * primary-key order, as Long/Double/String/Boolean), in this writer's current state; -1 when
     * there is none or the table has no primary key. O(1): for INSERT OR REPLACE and upserts.
     */
    public long findByKey(Object... key) {
        txn.checkActive();
        return index == null ? -1 : index.lookup(key);
    }

    /** How many keys the table has: the primary key first (when it has one), then its UNIQUE constraints in order. */
    public int keyCount() {
        return indexes.length;
    }

    /** The column indexes of key {@code k} (see {@link #keyCount}). */
    public int[] keyColumns(int k) {
        return indexes[k].columns();
    }

    /**
     * The row id of the live row whose key {@code k} equals {@code key} (boxed values in key-column
     * order), in this writer's current state; -1 when there is none or a key part is NULL. O(1).
     */
    public long lookupKey(int k, Object... key) {
        txn.checkActive();
        return indexes[k].lookup(key);
    }

    // ---------------------------------------------------------------- update / delete / truncate

    /**
     * Sets {@code column} of the rows {@code rowIds[0..n)} to rows {@code 0..n-1} of {@code values}
     * (a constant vector applies to all). Rows already deleted are skipped.
     */
    public void update(long[] rowIds, int n, int column, ColumnVector values) {
        txn.checkActive();
        if (column < 0 || column >= schema.width())
            throw new NablaException(ErrorCode.INTERNAL, "column index out of range: " + column);
        boolean allNull = values.type == DataType.NULL;
        if (!allNull
                && (values.type.physical() != schema.type(column).physical()
                        || values.type.physical() == PhysicalType.ARRAY && !values.type.equals(schema.type(column)))) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    "cannot store " + values.type.sqlName() + " in " + table.name() + "." + schema.name(column) + " ("
                            + schema.type(column).sqlName() + ")");
        }
        if (n == 0) return;
        for (int i = 0; i < n; i++) checkRowId(rowIds[i]);
        if (notNull[column] && (allNull || anyNull(values, 0, n, null) || anyNullReference(values, 0, n, null)))
            throw notNullViolation(column);
        int[] marks = indexMarks();
        try {
            for (KeyIndex ix : indexes) {
                if (!ix.covers(column)) continue;
                for (int i = 0; i < n; i++) {
                    int s = seg(rowIds[i]), r = row(rowIds[i]);
                    if (!segs[s].isDeleted(r)) ix.remove(segs[s], r);
                }
                for (int i = 0; i < n; i++) {
                    int s = seg(rowIds[i]), r = row(rowIds[i]);
                    if (!segs[s].isDeleted(r)) ix.addReplacing(segs[s], r, rowIds[i], column, values, i);
                }
            }
        } catch (RuntimeException e) {
            undoIndexes(marks);
            throw e;
        }
        PhysicalType p = schema.type(column).physical();
        int lastSeg = -1;
        Segment seg = null;
        for (int i = 0; i < n; i++) {
            int s = seg(rowIds[i]), r = row(rowIds[i]);
            if (s != lastSeg) {
                seg = ownColumn(s, column);
                lastSeg = s;
            }
            if (seg.isDeleted(r)) continue;
            int at = seg.base[column] + r;
            boolean isNull = allNull
                    || values.isNull(i)
                    || (p == PhysicalType.STRING && values.getString(i) == null)
                    || (p == PhysicalType.LIST && values.getList(i) == null);
            if (!isNull) {
                switch (p) {
                    case LONG -> seg.longs(column)[at] = values.getLong(i);
                    case DOUBLE -> seg.doubles(column)[at] = values.getDouble(i);
                    case STRING -> seg.strings(column)[at] = values.getString(i);
                    case LIST -> seg.lists(column)[at] = values.getList(i);
                    case INT128 -> {
                        seg.longs(column)[2 * at] = values.getHigh(i);
                        seg.longs(column)[2 * at + 1] = values.getLow(i);
                    }
                    case ARRAY -> {
                        int w = seg.width(column);
                        System.arraycopy(values.doubles, values.rowStart(i), seg.doubles(column), at * w, w);
                    }
                }
            }
            if (isNull || seg.nullBits(column) != null) {
                seg = ownNulls(s, column);
                long[] bits = seg.nullBits(column);
                if (isNull) bits[at >>> 6] |= 1L << at;
                else bits[at >>> 6] &= ~(1L << at);
            }
        }
        cached = null;
    }

    /** Marks the rows {@code rowIds[0..n)} deleted (already deleted ones are ignored). */
    public void delete(long[] rowIds, int n) {
        txn.checkActive();
        for (int i = 0; i < n; i++) checkRowId(rowIds[i]);
        int lastSeg = -1;
        long[] del = null;
        for (int i = 0; i < n; i++) {
            int s = seg(rowIds[i]), r = row(rowIds[i]);
            if (s != lastSeg) {
                del = ownDeleted(s);
                lastSeg = s;
            }
            long bit = 1L << r;
            if ((del[r >>> 6] & bit) != 0) continue;
            del[r >>> 6] |= bit;
            live--;
            for (KeyIndex ix : indexes) ix.remove(segs[s], r);
        }
        if (n > 0) cached = null;
    }

    /** Removes every row. */
    public void truncate() {
        txn.checkActive();
        for (KeyIndex ix : indexes) ix.clear();
        segs = new Segment[4];
        counts = new int[4];
        nseg = 0;
        live = 0;
        cached = null;
    }

    /** The segment with column {@code c}'s data (and null bitmap, if any) private to this writer. */
    private Segment ownColumn(int s, int c) {
        Segment seg = segs[s];
        Object data = seg.column(c);
        long[] bits = seg.nullBits(c);
        if (owned.contains(data) && (bits == null || owned.contains(bits))) return seg;
        Object d = owned.contains(data)
                ? data
                : Segment.copyColumn(data, seg.base[c], counts[s], seg.capacity, seg.width(c));
        int newBase = d == data ? seg.base[c] : 0;
        long[] nb = bits == null
                ? null
                : d == data
                        ? bits.clone()
                        : Segment.copyNulls(bits, seg.base[c], counts[s], arrayLength(d) / seg.width(c));
        owned.add(d);
        if (nb != null) owned.add(nb);
        segs[s] = seg.withColumn(c, d, nb, newBase);
        return segs[s];
    }

    /** The segment with column {@code c} owned and carrying a private null bitmap. */
    private Segment ownNulls(int s, int c) {
        Segment seg = ownColumn(s, c);
        if (seg.nullBits(c) != null) return seg;
        long[] bits = new long[Segment.words(rowSlots(seg, c))];
        owned.add(bits);
        segs[s] = seg.withNulls(c, bits);
        return segs[s];
    }

    private long[] ownDeleted(int s) {
        Segment seg = segs[s];
        if (seg.deleted != null && owned.contains(seg.deleted)) return seg.deleted;
        long[] del = seg.deleted == null ? new long[Segment.ROWS >>> 6] : seg.deleted.clone();
        owned.add(del);
        segs[s] = seg.withDeleted(del);
        return del;
    }

    // ---------------------------------------------------------------- state

    record State(Segment[] segs, int[] counts, int nseg, long live, int[] indexMarks) {}

    private record Mark(int nseg, Segment tail, int tailCount, long live, int[] indexMarks) {}

    private Mark mark() {
        return new Mark(nseg, nseg > 0 ? segs[nseg - 1] : null, nseg > 0 ? counts[nseg - 1] : 0, live, indexMarks());
    }

    private static final int[] NO_MARKS = new int[0];

    /** The undo-log position of every key index (shared empty array when there are none: no allocation). */
    private int[] indexMarks() {
        if (indexes.length == 0) return NO_MARKS;
        int[] m = new int[indexes.length];
        for (int i = 0; i < m.length; i++) m[i] = indexes[i].mark();
        return m;
    }

    /** Undoes every key-index change since {@code marks}; null (the base state) undoes all of them. */
    private void undoIndexes(int[] marks) {
        for (int i = 0; i < indexes.length; i++) indexes[i].undoTo(marks == null ? 0 : marks[i]);
    }

    private void reset(Mark m) {
        undoIndexes(m.indexMarks());
        for (int s = m.nseg(); s < nseg; s++) segs[s] = null;
        nseg = m.nseg();
        if (nseg > 0) {
            segs[nseg - 1] = m.tail();
            counts[nseg - 1] = m.tailCount();
        }
        live = m.live();
    }

    /** Captures the current state for a savepoint; from now on it is shared, so later changes copy. */
    State capture() {
        owned.clear();
        return new State(Arrays.copyOf(segs, nseg), Arrays.copyOf(counts, nseg), nseg, live, indexMarks());
    }

    /** Returns to a captured state (or the base state), undoing primary-key changes made since. */
    void restore(State st) {
        undoIndexes(st.indexMarks());
        load(st);
    }

    State baseState() {
        return new State(base.segments(), base.counts(), base.segmentCount(), base.liveRows(), null);
    }

    private void load(State st) {
        segs = Arrays.copyOf(st.segs(), Math.max(4, st.nseg()));
        counts = Arrays.copyOf(st.counts(), segs.length);
        nseg = st.nseg();
        live = st.live();
        owned.clear();
        cached = null;
    }

    /** The writer's state as an immutable version; hands the state out, so later changes copy. */
    TableVersion version() {
        if (cached == null) {
            owned.clear();
            cached = new TableVersion(Arrays.copyOf(segs, nseg), Arrays.copyOf(counts, nseg), live);
        }
        return cached;
    }

    /**
     * Drops storage nobody can see any more once this state is published: a table whose rows are
     * all deleted becomes empty, and a fully deleted segment (other than the tail) keeps its place,
     * so row ids of other segments stay valid, but holds no rows. Called only at commit, when no
     * statement of this transaction holds row ids.
     */
    void compactForCommit() {
        if (nseg == 0) return;
        if (live == 0) {
            segs = new Segment[4];
            counts = new int[4];
            nseg = 0;
            cached = null;
            return;
        }
        for (int s = 0; s < nseg - 1; s++) {
            Segment seg = segs[s];
            if (seg.deleted == null || counts[s] == 0 || Segment.liveRows(seg.deleted, counts[s]) != 0) continue;
            segs[s] = Segment.allocate(schema, 0);
            counts[s] = 0;
            cached = null;
        }
    }

    void committed() {
        for (KeyIndex ix : indexes) ix.forget();
        owned.clear();
    }

    // ---------------------------------------------------------------- helpers

    private void checkRowId(long id) {
        int s = seg(id), r = row(id);
        if (id < 0 || s >= nseg || r >= counts[s])
            throw new NablaException(ErrorCode.INTERNAL, "row id out of range for " + table.name() + ": " + id);
    }

    private static long rowId(int segment, int row) {
        return ((long) segment << Segment.ROW_BITS) | row;
    }

    private static int seg(long id) {
        return (int) (id >>> Segment.ROW_BITS);
    }

    private static int row(long id) {
        return (int) (id & (Segment.ROWS - 1));
    }

    private static boolean anyNull(ColumnVector v, int n, int[] sel) {
        if (v.type == DataType.NULL) return n > 0;
        return anyNull(v, 0, n, sel);
    }

    /** Whether any of the live rows {@code from..to} (through {@code sel} when non-null) is NULL. */
    private static boolean anyNull(ColumnVector v, int from, int to, int[] sel) {
        if (v.nulls == null || from >= to) return false;
        if (v.constant) return v.isNull(0);
        for (int i = from; i < to; i++) if (v.isNull(sel == null ? i : sel[i])) return true;
        return false;
    }

    /** Whether a string vector holds a null reference among the live rows {@code from..to}. */
    private static boolean anyNullReference(ColumnVector v, int from, int to, int[] sel) {
        if (v.strings == null || v.type == DataType.NULL) return false;
        if (v.constant) return to > from && v.strings[v.offset] == null;
        for (int i = from; i < to; i++) if (v.strings[v.offset + (sel == null ? i : sel[i])] == null) return true;
        return false;
    }

    private static void clearBits(long[] bits, int from, int to) {
        int limit = Math.min(to, bits.length << 6);
        for (int i = from; i < limit; ) {
            if ((i & 63) == 0 && i + 64 <= limit) {
                bits[i >>> 6] = 0;
                i += 64;
            } else {
                bits[i >>> 6] &= ~(1L << i);
                i++;
            }
        }
    }

    /** Rows a column's array has room for (a {@code DOUBLE[n]} column holds n doubles a row). */
    private static int rowSlots(Segment seg, int c) {
        return arrayLength(seg.column(c)) / seg.width(c);
    }

    private static int arrayLength(Object array) {
        return switch (array) {
            case long[] a -> a.length;
            case double[] a -> a.length;
            case String[] a -> a.length;
            case ListValue[] a -> a.length;
            default -> throw new IllegalStateException();
        };
    }

    private static int ceilPow2(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    private NablaException notNullViolation(int c) {
        return new NablaException(
                ErrorCode.NOT_NULL_VIOLATION, "NOT NULL constraint failed: " + table.name() + "." + schema.name(c));
    }

    private NablaException typeMismatch(int c, Object v) {
        return new NablaException(
                ErrorCode.TYPE_MISMATCH,
                "cannot store " + v.getClass().getSimpleName() + " value in " + table.name() + "." + schema.name(c)
                        + " (" + schema.type(c).sqlName() + ")");
    }
}
