package dev.nabla.storage;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The storage half of a database file: a table's committed state written as per-segment column blocks, the
 * difference between two committed states of one table (appended rows, changed deletion bitmaps, replaced
 * segments), and {@link Builder}, which replays those blocks into a new {@link TableVersion}. The framing
 * (records, checksums, headers) and the catalog live in the engine's {@code DurableStore}; see docs/storage.md.
 *
 * <p>Strings are written losslessly: all-ASCII strings as bytes, any other string as UTF-16 code units (a
 * BLOB is a string of chars below 256 and an unpaired surrogate must survive too).
 */
public final class TableImages {
    /** Entry tags; the engine writes its own tags below 16. */
    public static final byte SEG_FULL = 16;

    public static final byte SEG_APPEND = 17;
    public static final byte SEG_DELETES = 18;
    /**
     * As {@link #SEG_FULL} and {@link #SEG_APPEND}, with compressed columns (format version 3): an integer column is
     * frame-of-reference bit-packed (its minimum, then each value minus it in as few bits as the largest needs), a
     * string column is a dictionary of its distinct values and bit-packed codes when at most half its values are
     * distinct. Files of earlier versions hold the plain tags, which are still read.
     */
    public static final byte SEG_FULL_PACKED = 19;

    public static final byte SEG_APPEND_PACKED = 20;
    /**
     * A checkpoint's segment in format version 4: {@link #SEG_HEAD} (segment, row count, deletion bitmap) in one
     * record, then one {@link #SEG_COLUMN} record per column (segment, column, row count, then the column as
     * {@link #writeColumn}, packed), so that opening a file reads only the heads and each column's block is read
     * when first used ({@link ColumnSource}).
     */
    public static final byte SEG_HEAD = 21;

    public static final byte SEG_COLUMN = 22;

    private TableImages() {}

    /** A table's current committed state, for the log's diff and for checkpoints. */
    public static TableVersion current(Table t) {
        return t.current();
    }

    /** Reads every column of a state's lazy segments into memory (before the file they come from is closed). */
    public static void loadAll(TableVersion v) {
        for (int i = 0; i < v.segmentCount(); i++) v.segment(i).loadAll();
    }

    /** Number of segments of a state. */
    public static int segments(TableVersion v) {
        return v.segmentCount();
    }

    /** Writes segment {@code i} of {@code v} entirely (entry tag {@link #SEG_FULL_PACKED} is the caller's). */
    public static void writeFull(DataOutput out, Schema schema, TableVersion v, int i) throws IOException {
        Segment s = v.segment(i);
        int count = v.count(i);
        out.writeInt(i);
        out.writeInt(count);
        writeDeleted(out, s.deleted, count);
        writeRows(out, schema, s, 0, count, true);
    }

    /**
     * Appends to {@code out} the entries (tag, table {@code id}, body) that turn {@code old} into {@code now}, two
     * committed states of one table; returns how many entries were written.
     */
    public static int writeDelta(DataOutput out, Schema schema, TableVersion old, TableVersion now, long id)
            throws IOException {
        int n = 0;
        for (int i = 0; i < now.segmentCount(); i++) {
            Segment ns = now.segment(i);
            int nc = now.count(i);
            if (old != null && i < old.segmentCount()) {
                Segment os = old.segment(i);
                int oc = old.count(i);
                if (ns == os && nc == oc) continue;
                // appends in place share the arrays: only the new rows (and a new deletion bitmap) need writing
                if (sameArrays(ns, os) && nc >= oc) {
                    if (nc > oc) {
                        out.writeByte(SEG_APPEND_PACKED);
                        out.writeLong(id);
                        out.writeInt(i);
                        out.writeInt(oc);
                        out.writeInt(nc);
                        writeRows(out, schema, ns, oc, nc, true);
                        n++;
                    }
                    if (ns.deleted != os.deleted) {
                        out.writeByte(SEG_DELETES);
                        out.writeLong(id);
                        out.writeInt(i);
                        out.writeInt(nc);
                        writeDeleted(out, ns.deleted, nc);
                        n++;
                    }
                    continue;
                }
            }
            out.writeByte(SEG_FULL_PACKED);
            out.writeLong(id);
            writeFull(out, schema, now, i);
            n++;
        }
        return n;
    }

    private static boolean sameArrays(Segment a, Segment b) {
        if (a.data.length != b.data.length) return false;
        for (int c = 0; c < a.data.length; c++)
            if (a.data[c] != b.data[c] || a.nulls[c] != b.nulls[c] || a.base[c] != b.base[c]) return false;
        return true;
    }

    private static void writeDeleted(DataOutput out, long[] deleted, int count) throws IOException {
        if (deleted == null) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        int words = Segment.words(count);
        for (int w = 0; w < words; w++) out.writeLong(w < deleted.length ? deleted[w] : 0);
    }

    private static void writeRows(DataOutput out, Schema schema, Segment s, int from, int to, boolean packed)
            throws IOException {
        for (int c = 0; c < schema.width(); c++) writeColumn(out, schema, s, c, from, to, packed);
    }

    /** Writes a segment's head for a {@link #SEG_HEAD} entry (after the caller's tag and table id). */
    public static void writeHead(DataOutput out, TableVersion v, int i) throws IOException {
        out.writeInt(i);
        out.writeInt(v.count(i));
        writeDeleted(out, v.segment(i).deleted, v.count(i));
    }

    /** Reads a {@link #SEG_HEAD} body: {segment, count} and the deletion bitmap into {@code deleted[0]}. */
    public static int[] readHead(DataInput in, long[][] deleted) throws IOException {
        int i = in.readInt();
        int count = in.readInt();
        Builder.checkCount(count);
        deleted[0] = Builder.readDeleted(in, count);
        return new int[] {i, count};
    }

    /** Rows {@code [from, to)} of column {@code c}: whether any is NULL, their null bits, then the values. */
    public static void writeColumn(DataOutput out, Schema schema, Segment s, int c, int from, int to, boolean packed)
            throws IOException {
        Object data = s.column(c);
        long[] nulls = s.nulls[c];
        int base = s.base[c];
        boolean any = false;
        if (nulls != null)
            for (int r = from; r < to && !any; r++) any = (nulls[(base + r) >>> 6] & (1L << (base + r))) != 0;
        out.writeBoolean(any);
        if (any) {
            // one bit per row of [from, to), packed into longs
            long word = 0;
            for (int r = from; r < to; r++) {
                int bit = base + r;
                if ((nulls[bit >>> 6] & (1L << bit)) != 0) word |= 1L << ((r - from) & 63);
                if (((r - from) & 63) == 63) {
                    out.writeLong(word);
                    word = 0;
                }
            }
            if (((to - from) & 63) != 0) out.writeLong(word);
        }
        switch (schema.type(c).physical()) {
            case LONG -> {
                long[] a = (long[]) data;
                if (packed) writePacked(out, a, base + from, base + to);
                else for (int r = from; r < to; r++) out.writeLong(a[base + r]);
            }
            case DOUBLE -> {
                double[] a = (double[]) data;
                writeDoubles(out, a, base + from, base + to);
            }
            case STRING -> {
                String[] a = (String[]) data;
                if (packed) writeStrings(out, a, base + from, base + to);
                else for (int r = from; r < to; r++) writeString(out, a[base + r]);
            }
            case LIST -> {
                ListValue[] a = (ListValue[]) data;
                for (int r = from; r < to; r++) writeList(out, a[base + r]);
            }
            case ARRAY -> {
                // DOUBLE[n]: a row's n elements, row-major as the segment holds them
                double[] a = (double[]) data;
                int w = s.width(c);
                writeDoubles(out, a, (base + from) * w, (base + to) * w);
            }
            case INT128 -> {
                // a wide DECIMAL: high word, low word per row, as the segment holds them
                long[] a = (long[]) data;
                for (int i = (base + from) * 2, end = (base + to) * 2; i < end; i++) out.writeLong(a[i]);
            }
        }
    }

    /** Raw IEEE bits, big-endian, as {@link DataOutput#writeLong} of each (one bulk write instead of one call a value). */
    private static void writeDoubles(DataOutput out, double[] a, int from, int to) throws IOException {
        byte[] buf = new byte[Math.min(to - from, 4096) * 8];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf);
        for (int r = from; r < to; ) {
            int n = Math.min(to - r, buf.length / 8);
            b.clear();
            b.asDoubleBuffer().put(a, r, n);
            out.write(buf, 0, n * 8);
            r += n;
        }
    }

    /** Reads {@link #writeDoubles}'s values into {@code a[from, to)}. */
    private static void readDoubles(DataInput in, double[] a, int from, int to) throws IOException {
        byte[] buf = new byte[Math.min(to - from, 4096) * 8];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf);
        for (int r = from; r < to; ) {
            int n = Math.min(to - r, buf.length / 8);
            in.readFully(buf, 0, n * 8);
            b.clear();
            b.asDoubleBuffer().get(a, r, n);
            r += n;
        }
    }

    /** Bytes an array of a column takes in memory (elements only; strings and lists counted by their references). */
    static long arrayBytes(Object a) {
        return switch (a) {
            case long[] x -> 8L * x.length;
            case double[] x -> 8L * x.length;
            case Object[] x -> 4L * x.length;
            default -> 0;
        };
    }

    /**
     * {@code a[from, to)} frame-of-reference bit-packed: the width in bits (0: every value is the minimum; 64: raw),
     * the minimum, then the values minus it, {@code width} bits each, in little-endian order within longs.
     */
    static void writePacked(DataOutput out, long[] a, int from, int to) throws IOException {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int r = from; r < to; r++) {
            long v = a[r];
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (from == to) min = max = 0;
        // max - min as unsigned: a range over 2^63 wraps negative and takes 64 bits
        int width = max == min ? 0 : 64 - Long.numberOfLeadingZeros(max - min);
        out.writeByte(width);
        out.writeLong(min);
        if (width == 0) return;
        if (width == 64) {
            for (int r = from; r < to; r++) out.writeLong(a[r]);
            return;
        }
        long word = 0;
        int bit = 0;
        for (int r = from; r < to; r++) {
            long v = a[r] - min;
            word |= v << bit;
            bit += width;
            if (bit >= 64) {
                out.writeLong(word);
                bit -= 64;
                // the value's bits that did not fit (none when it ended exactly at the word's end)
                word = bit == 0 ? 0 : v >>> (width - bit);
            }
        }
        if (bit > 0) out.writeLong(word);
    }

    /** Reads {@link #writePacked}'s values into {@code a[from, to)}. */
    static void readPacked(DataInput in, long[] a, int from, int to) throws IOException {
        int width = in.readUnsignedByte();
        long min = in.readLong();
        if (width > 64) throw new IOException("bad packed width " + width);
        if (width == 0) {
            Arrays.fill(a, from, to, min);
            return;
        }
        if (width == 64) {
            for (int r = from; r < to; r++) a[r] = in.readLong();
            return;
        }
        long mask = (1L << width) - 1;
        long word = 0;
        int bit = 64;
        for (int r = from; r < to; r++) {
            long v;
            if (bit == 64) {
                word = in.readLong();
                bit = 0;
            }
            if (bit + width <= 64) {
                v = (word >>> bit) & mask;
                bit += width;
            } else {
                // the value straddles two words
                int low = 64 - bit;
                v = word >>> bit;
                word = in.readLong();
                v |= (word << low) & mask;
                bit = width - low;
            }
            a[r] = v + min;
        }
    }

    /**
     * A string column: 0 and each value as {@link #writeString}; or, when at most half the values are distinct,
     * 1, the dictionary (its size, then its strings, null among them as a value) and the codes bit-packed.
     */
    static void writeStrings(DataOutput out, String[] a, int from, int to) throws IOException {
        java.util.HashMap<String, Integer> codes = new java.util.HashMap<>();
        List<String> dict = new java.util.ArrayList<>();
        long[] code = new long[to - from];
        int limit = (to - from) / 2;
        boolean dictionary = true;
        for (int r = from; r < to && dictionary; r++) {
            String v = a[r];
            Integer k = codes.get(v);
            if (k == null) {
                if (dict.size() >= limit) dictionary = false;
                k = dict.size();
                codes.put(v, k);
                dict.add(v);
            }
            code[r - from] = k;
        }
        if (!dictionary) {
            out.writeByte(0);
            for (int r = from; r < to; r++) writeString(out, a[r]);
            return;
        }
        out.writeByte(1);
        out.writeInt(dict.size());
        for (String v : dict) writeString(out, v);
        writePacked(out, code, 0, code.length);
    }

    static void readStrings(DataInput in, String[] a, int from, int to) throws IOException {
        int kind = in.readUnsignedByte();
        if (kind == 0) {
            for (int r = from; r < to; r++) a[r] = readString(in);
            return;
        }
        if (kind != 1) throw new IOException("bad string column encoding " + kind);
        int n = in.readInt();
        if (n < 0 || n > Segment.ROWS) throw new IOException("bad dictionary size " + n);
        String[] dict = new String[n];
        for (int k = 0; k < n; k++) dict[k] = readString(in);
        long[] code = new long[to - from];
        readPacked(in, code, 0, code.length);
        for (int r = from; r < to; r++) {
            long k = code[r - from];
            if (k < 0 || k >= n) throw new IOException("dictionary code " + k + " out of range");
            a[r] = dict[(int) k];
        }
    }

    /** A {@code DOUBLE[]} value or null: its length (-1 for null), its elements' bits, then its NULL-element bitmap words. */
    public static void writeList(DataOutput out, ListValue v) throws IOException {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        int n = v.length();
        out.writeInt(n);
        for (int i = 0; i < n; i++) out.writeLong(Double.doubleToRawLongBits(v.get(i)));
        out.writeBoolean(v.hasNulls());
        if (v.hasNulls()) {
            for (int w = 0; w < (n + 63) >>> 6; w++) {
                long bits = 0;
                for (int b = 0; b < 64 && w * 64 + b < n; b++) if (v.isNull(w * 64 + b)) bits |= 1L << b;
                out.writeLong(bits);
            }
        }
    }

    public static ListValue readList(DataInput in) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        if (n < 0) throw new IOException("bad list length " + n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Double.longBitsToDouble(in.readLong());
        long[] nulls = null;
        if (in.readBoolean()) {
            nulls = new long[(n + 63) >>> 6];
            for (int w = 0; w < nulls.length; w++) nulls[w] = in.readLong();
        }
        return ListValue.of(v, nulls);
    }

    /** A string or null, losslessly (see the class comment). */
    public static void writeString(DataOutput out, String v) throws IOException {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        int len = v.length();
        boolean ascii = true;
        for (int i = 0; i < len && ascii; i++) ascii = v.charAt(i) < 0x80;
        out.writeInt(len << 1 | (ascii ? 0 : 1));
        if (ascii) out.writeBytes(v);
        else out.writeChars(v);
    }

    public static String readString(DataInput in) throws IOException {
        int h = in.readInt();
        if (h == -1) return null;
        if (h < 0) throw new IOException("bad string length " + h);
        int len = h >>> 1;
        if ((h & 1) == 0) {
            byte[] b = new byte[len];
            in.readFully(b);
            return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        char[] c = new char[len];
        for (int i = 0; i < len; i++) c[i] = in.readChar();
        return new String(c);
    }

    /** Installs a recovered state as a table's committed state and rebuilds its key indexes from it. */
    public static void install(Table t, TableVersion v) {
        KeyIndex[] all = new KeyIndex[(t.keyIndex == null ? 0 : 1) + t.uniqueIndexes.length];
        int at = 0;
        if (t.keyIndex != null) all[at++] = t.keyIndex;
        for (KeyIndex u : t.uniqueIndexes) all[at++] = u;
        for (KeyIndex ix : all) ix.clear();
        for (int s = 0; s < v.segmentCount(); s++) {
            Segment seg = v.segment(s);
            for (int r = 0; r < v.count(s); r++) {
                if (seg.isDeleted(r)) continue;
                long rowId = ((long) s << Segment.ROW_BITS) | r;
                for (KeyIndex ix : all) ix.add(seg, r, rowId);
            }
        }
        for (KeyIndex ix : all) ix.forget();
        t.publish(v);
    }

    /**
     * Reads {@link #writeColumn}'s rows {@code [from, to)} into {@code d[c]} (and null bits into {@code n[c]},
     * allocated for {@code cap} rows at the first NULL).
     */
    static void readColumn(
            DataInput in,
            PhysicalType type,
            int width,
            Object[] d,
            long[][] n,
            int c,
            int from,
            int to,
            int cap,
            boolean packed)
            throws IOException {
        if (in.readBoolean()) {
            if (n[c] == null) n[c] = new long[Segment.words(Math.max(cap, 1))];
            long word = 0;
            for (int r = from; r < to; r++) {
                if (((r - from) & 63) == 0) word = in.readLong();
                if ((word & (1L << ((r - from) & 63))) != 0) n[c][r >>> 6] |= 1L << r;
            }
        }
        switch (type) {
            case LONG -> {
                long[] a = (long[]) d[c];
                if (packed) readPacked(in, a, from, to);
                else for (int r = from; r < to; r++) a[r] = in.readLong();
            }
            case DOUBLE -> readDoubles(in, (double[]) d[c], from, to);
            case STRING -> {
                String[] a = (String[]) d[c];
                if (packed) readStrings(in, a, from, to);
                else for (int r = from; r < to; r++) a[r] = readString(in);
            }
            case LIST -> {
                ListValue[] a = (ListValue[]) d[c];
                for (int r = from; r < to; r++) a[r] = readList(in);
            }
            case ARRAY -> readDoubles(in, (double[]) d[c], from * width, to * width);
            case INT128 -> {
                long[] a = (long[]) d[c];
                for (int k = from * 2, end = to * 2; k < end; k++) a[k] = in.readLong();
            }
        }
    }

    /** Replays segment entries of one table into a new state. */
    public static final class Builder {
        private final PhysicalType[] types;
        /** Doubles per row of each column: n for {@code DOUBLE[n]}, else 1 (as {@link Segment#widths}). */
        private final int[] widths;

        private final List<Object[]> data = new ArrayList<>();
        private final List<long[][]> nulls = new ArrayList<>();
        private final List<long[]> deleted = new ArrayList<>();
        /** Per segment: where its columns are read from when it was opened lazily (its data entries are then null). */
        private final List<ColumnSource> sources = new ArrayList<>();

        private int[] counts = new int[4];
        private int nseg;

        public Builder(PhysicalType[] types, int[] widths) {
            if (types.length != widths.length) throw new IllegalArgumentException("one width per column");
            this.types = types.clone();
            this.widths = widths.clone();
        }

        public PhysicalType[] types() {
            return types.clone();
        }

        public int[] widths() {
            return widths.clone();
        }

        /** Keeps the first {@code segments} segments (a table that was emptied has none). */
        public void truncate(int segments) {
            while (nseg > segments) {
                nseg--;
                data.remove(nseg);
                nulls.remove(nseg);
                deleted.remove(nseg);
                sources.remove(nseg);
            }
        }

        private void ensure(int i) throws IOException {
            if (i < 0 || i > nseg) throw new IOException("segment " + i + " out of order (table has " + nseg + ")");
            if (i == nseg) {
                int w = types.length;
                Object[] d = new Object[w];
                for (int c = 0; c < w; c++) d[c] = Segment.newArray(types[c], 0);
                data.add(d);
                nulls.add(new long[w][]);
                deleted.add(null);
                sources.add(null);
                if (nseg == counts.length) counts = Arrays.copyOf(counts, nseg * 2);
                counts[nseg++] = 0;
            }
        }

        /** Reads a {@link #SEG_FULL} entry's body. */
        public void readFull(DataInput in) throws IOException {
            readFull(in, false);
        }

        /** Reads a {@link #SEG_FULL} ({@code packed} false) or {@link #SEG_FULL_PACKED} entry's body. */
        public void readFull(DataInput in, boolean packed) throws IOException {
            int i = in.readInt();
            int count = in.readInt();
            checkCount(count);
            ensure(i);
            Object[] d = data.get(i);
            long[][] n = nulls.get(i);
            for (int c = 0; c < d.length; c++) {
                d[c] = Segment.newArray(types[c], count * widths[c]);
                n[c] = null;
            }
            counts[i] = 0;
            sources.set(i, null);
            deleted.set(i, readDeleted(in, count));
            readRows(in, i, 0, count, packed);
            counts[i] = count;
        }

        /**
         * Segment {@code i} (a {@link #SEG_HEAD} entry) with {@code count} rows whose columns stay in the file until
         * used: {@code source} reads them.
         */
        public void lazy(int i, long[] del, ColumnSource source) throws IOException {
            ensure(i);
            Object[] d = data.get(i);
            long[][] n = nulls.get(i);
            Arrays.fill(d, null);
            Arrays.fill(n, null);
            deleted.set(i, del);
            sources.set(i, source);
            counts[i] = source.count();
        }

        /** Reads a lazy segment's columns into the builder (a log record appends to it). */
        private void materialize(int i) {
            ColumnSource src = sources.get(i);
            if (src == null) return;
            Object[] d = data.get(i);
            long[][] n = nulls.get(i);
            for (int c = 0; c < d.length; c++) {
                Object[] one = {null};
                long[][] bits = {null};
                src.load(c, one, bits);
                d[c] = one[0];
                n[c] = bits[0];
            }
            sources.set(i, null);
        }

        /** Reads a {@link #SEG_APPEND} entry's body (after the table id). */
        public void readAppend(DataInput in) throws IOException {
            readAppend(in, false);
        }

        /** Reads a {@link #SEG_APPEND} ({@code packed} false) or {@link #SEG_APPEND_PACKED} entry's body. */
        public void readAppend(DataInput in, boolean packed) throws IOException {
            int i = in.readInt();
            int from = in.readInt();
            int to = in.readInt();
            checkCount(to);
            if (i < 0 || i >= nseg || from != counts[i] || to < from)
                throw new IOException("append to segment " + i + " at row " + from + " does not follow its state");
            materialize(i);
            Object[] d = data.get(i);
            long[][] n = nulls.get(i);
            int cap = capacity(i);
            if (to > cap) {
                int newCap = Math.min(Segment.ROWS, Math.max(to, Math.max(16, cap * 2)));
                for (int c = 0; c < d.length; c++) {
                    d[c] = Segment.copyColumn(d[c], 0, from, newCap, widths[c]);
                    if (n[c] != null) n[c] = Arrays.copyOf(n[c], Segment.words(newCap));
                }
                long[] del = deleted.get(i);
                if (del != null) deleted.set(i, Arrays.copyOf(del, Segment.words(newCap)));
            }
            readRows(in, i, from, to, packed);
            counts[i] = to;
        }

        /** Reads a {@link #SEG_DELETES} entry's body (after the table id). */
        public void readDeletes(DataInput in) throws IOException {
            int i = in.readInt();
            int count = in.readInt();
            if (i < 0 || i >= nseg || count != counts[i])
                throw new IOException("deletions for segment " + i + " do not match its state");
            long[] del = readDeleted(in, count);
            if (del != null && del.length < Segment.words(capacity(i)))
                del = Arrays.copyOf(del, Segment.words(capacity(i)));
            deleted.set(i, del);
        }

        static void checkCount(int count) throws IOException {
            if (count < 0 || count > Segment.ROWS) throw new IOException("bad row count " + count);
        }

        private int capacity(int i) {
            // a lazy segment's arrays will hold exactly its rows
            if (sources.get(i) != null) return counts[i];
            Object[] d = data.get(i);
            if (d.length == 0) return Segment.ROWS;
            return switch (d[0]) {
                case long[] a -> a.length / widths[0];
                case double[] a -> a.length / widths[0];
                case String[] a -> a.length;
                case ListValue[] a -> a.length;
                default -> 0;
            };
        }

        static long[] readDeleted(DataInput in, int count) throws IOException {
            if (!in.readBoolean()) return null;
            long[] d = new long[Segment.words(Math.max(count, 1))];
            for (int w = 0; w < Segment.words(count); w++) d[w] = in.readLong();
            return d;
        }

        private void readRows(DataInput in, int i, int from, int to, boolean packed) throws IOException {
            Object[] d = data.get(i);
            long[][] n = nulls.get(i);
            int cap = capacity(i);
            for (int c = 0; c < types.length; c++) readColumn(in, types[c], widths[c], d, n, c, from, to, cap, packed);
        }

        /** The replayed state. */
        public TableVersion build() {
            Segment[] segs = new Segment[nseg];
            boolean strided = false;
            for (int w : widths) strided |= w != 1;
            long live = 0;
            for (int i = 0; i < nseg; i++) {
                Object[] d = data.get(i);
                long[] del = deleted.get(i);
                segs[i] = new Segment(
                        d.clone(),
                        nulls.get(i).clone(),
                        new int[d.length],
                        del,
                        capacity(i),
                        strided ? widths.clone() : null,
                        sources.get(i));
                live += del == null ? counts[i] : Segment.liveRows(del, counts[i]);
            }
            return new TableVersion(segs, Arrays.copyOf(counts, nseg), live);
        }
    }
}
