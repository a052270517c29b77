package dev.nabla.engine.exec;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.ListValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One temporary file of batches, written once and then read back in order: a sorted run, a partition of a
 * hash aggregate's or a join's input. Values are written exactly (doubles by their bits, strings by their
 * UTF-16 code units), so what is read back is what was written, and an operator that spills gives the
 * same answer as in memory. Close it to delete the file; closing twice does nothing.
 */
public final class SpillFile implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final TempSpace space;
    private final Path path;
    private final long limit;
    private FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    private long written;
    private long rows;
    private boolean closed;

    SpillFile(TempSpace space, Path path, long limit) throws IOException {
        this.space = space;
        this.path = path;
        this.limit = limit;
        this.channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    public Path path() {
        return path;
    }

    /** Bytes written so far. */
    public long bytes() {
        return written + buf.position();
    }

    public long rows() {
        return rows;
    }

    /** Appends the rows of a dense batch (no selection) whose columns have the given types. */
    public void write(Batch b, List<DataType> types) {
        putInt(b.count);
        for (int c = 0; c < types.size(); c++) writeColumn(b.columns[c], b.count, types.get(c));
        rows += b.count;
    }

    private void writeColumn(ColumnVector v, int n, DataType type) {
        boolean anyNull = false;
        for (int i = 0; i < n && !anyNull; i++) anyNull = v.isNull(i);
        putInt(anyNull ? 1 : 0);
        if (anyNull) {
            long[] bits = new long[(n + 63) >>> 6];
            for (int i = 0; i < n; i++) if (v.isNull(i)) bits[i >>> 6] |= 1L << i;
            for (long w : bits) putLong(w);
        }
        if (type == DataType.NULL) return;
        switch (type.physical()) {
            case LONG -> {
                for (int i = 0; i < n; i++) putLong(v.longs[v.constant ? v.offset : v.offset + i]);
            }
            case INT128 -> {
                // a wide DECIMAL: high word, low word a row
                for (int i = 0; i < n; i++) {
                    putLong(v.getHigh(i));
                    putLong(v.getLow(i));
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < n; i++)
                    putLong(Double.doubleToRawLongBits(v.doubles[v.constant ? v.offset : v.offset + i]));
            }
            case ARRAY -> {
                int w = ColumnVector.width(type);
                for (int i = 0; i < n; i++) {
                    int s = v.rowStart(i);
                    for (int k = 0; k < w; k++) putLong(Double.doubleToRawLongBits(v.doubles[s + k]));
                }
            }
            case STRING -> {
                for (int i = 0; i < n; i++) {
                    if (v.isNull(i)) continue;
                    putString(v.strings[v.constant ? v.offset : v.offset + i]);
                }
            }
            case LIST -> {
                for (int i = 0; i < n; i++) {
                    if (v.isNull(i)) continue;
                    ListValue l = v.lists[v.constant ? v.offset : v.offset + i];
                    int len = l.length();
                    putInt(len);
                    putInt((l.hasNulls() ? 1 : 0) | l.kind().ordinal() << 1);
                    for (int k = 0; k < len; k++) {
                        switch (l.kind()) {
                            case DOUBLE -> putLong(Double.doubleToRawLongBits(l.get(k)));
                            case LONG -> putLong(l.getLong(k));
                            case STRING -> putString(l.isNull(k) ? "" : l.getString(k));
                        }
                    }
                    if (l.hasNulls()) {
                        long[] bits = new long[(len + 63) >>> 6];
                        for (int k = 0; k < len; k++) if (l.isNull(k)) bits[k >>> 6] |= 1L << k;
                        for (long w : bits) putLong(w);
                    }
                }
            }
        }
    }

    private void putInt(int x) {
        room(4);
        buf.putInt(x);
    }

    private void putLong(long x) {
        room(8);
        buf.putLong(x);
    }

    private void putString(String s) {
        int len = s.length();
        putInt(len);
        for (int i = 0; i < len; ) {
            room(2);
            // as many UTF-16 units as the buffer takes, without a bounds check per unit
            int m = Math.min(len - i, buf.remaining() >> 1), p = buf.position();
            for (int k = 0; k < m; k++) buf.putChar(p + 2 * k, s.charAt(i + k));
            buf.position(p + 2 * m);
            i += m;
        }
    }

    private void room(int n) {
        if (buf.remaining() < n) flush();
    }

    private void flush() {
        buf.flip();
        int n = buf.remaining();
        if (n == 0) {
            buf.clear();
            return;
        }
        space.charge(n, limit, path.toString());
        try {
            while (buf.hasRemaining()) channel.write(buf);
        } catch (IOException e) {
            space.discharge(n, path);
            throw ioError("writing", e);
        }
        written += n;
        buf.clear();
    }

    private NablaException ioError(String what, IOException e) {
        return new NablaException(
                ErrorCode.IO,
                dev.nabla.common.Span.NONE,
                what + " spill file " + path + " failed: " + e.getMessage() + " (SET temp_directory to another place)",
                e);
    }

    /** Ends writing; the rows can then be read back with {@link #reader}. */
    public void finish() {
        flush();
        try {
            channel.close();
        } catch (IOException e) {
            throw ioError("writing", e);
        }
    }

    /** Reads the batches back in the order written (after {@link #finish}). */
    public Reader reader(List<DataType> types) {
        try {
            return new Reader(FileChannel.open(path, StandardOpenOption.READ), types);
        } catch (IOException e) {
            throw ioError("reading", e);
        }
    }

    /** Deletes the file and gives its bytes back to the spill space's limit. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting the file is what matters
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // the shutdown hook tries again
            space.discharge(written, Path.of(""));
            return;
        }
        space.discharge(written, path);
    }

    /** Reads a spill file's batches back; one buffer, one batch at a time. */
    public final class Reader implements AutoCloseable {
        private final FileChannel in;
        private final List<DataType> types;
        private final ByteBuffer rb = ByteBuffer.allocate(BUFFER);

        Reader(FileChannel in, List<DataType> types) {
            this.in = in;
            this.types = types;
            rb.limit(0);
        }

        /** The next batch, or null at the end of the file. */
        public Batch next() {
            if (!rb.hasRemaining() && !fill(1)) return null;
            int n = getInt();
            ColumnVector[] cols = new ColumnVector[types.size()];
            for (int c = 0; c < cols.length; c++) cols[c] = readColumn(n, types.get(c));
            return new Batch(cols, n);
        }

        private ColumnVector readColumn(int n, DataType type) {
            long[] nulls = null;
            if (getInt() != 0) {
                nulls = new long[(Math.max(n, 1) + 63) >>> 6];
                for (int k = 0; k < ((n + 63) >>> 6); k++) nulls[k] = getLong();
            }
            ColumnVector v = new ColumnVector(type, Math.max(n, 1));
            if (type == DataType.NULL) return v;
            v.nulls = nulls;
            switch (type.physical()) {
                case LONG -> {
                    for (int i = 0; i < n; i++) v.longs[i] = getLong();
                }
                case INT128 -> {
                    for (int i = 0; i < 2 * n; i++) v.longs[i] = getLong();
                }
                case DOUBLE -> {
                    for (int i = 0; i < n; i++) v.doubles[i] = Double.longBitsToDouble(getLong());
                }
                case ARRAY -> {
                    int m = n * ColumnVector.width(type);
                    for (int i = 0; i < m; i++) v.doubles[i] = Double.longBitsToDouble(getLong());
                }
                case STRING -> {
                    for (int i = 0; i < n; i++) if (!v.isNull(i)) v.strings[i] = getString();
                }
                case LIST -> {
                    for (int i = 0; i < n; i++) {
                        if (v.isNull(i)) continue;
                        int len = getInt();
                        int flags = getInt();
                        boolean hasNulls = (flags & 1) != 0;
                        ListValue.Kind kind = ListValue.Kind.values()[flags >>> 1];
                        double[] vals = kind == ListValue.Kind.DOUBLE ? new double[len] : null;
                        long[] longs = kind == ListValue.Kind.LONG ? new long[len] : null;
                        String[] strs = kind == ListValue.Kind.STRING ? new String[len] : null;
                        for (int k = 0; k < len; k++) {
                            switch (kind) {
                                case DOUBLE -> vals[k] = Double.longBitsToDouble(getLong());
                                case LONG -> longs[k] = getLong();
                                case STRING -> strs[k] = getString();
                            }
                        }
                        long[] bits = null;
                        if (hasNulls) {
                            bits = new long[(len + 63) >>> 6];
                            for (int k = 0; k < bits.length; k++) bits[k] = getLong();
                            if (strs != null)
                                for (int k = 0; k < len; k++) if ((bits[k >>> 6] & 1L << k) != 0) strs[k] = null;
                        }
                        v.lists[i] = switch (kind) {
                            case DOUBLE -> ListValue.of(vals, bits);
                            case LONG -> ListValue.ofLongs(longs, bits);
                            case STRING -> ListValue.ofStrings(strs);
                        };
                    }
                }
            }
            return v;
        }

        private int getInt() {
            need(4);
            return rb.getInt();
        }

        private long getLong() {
            need(8);
            return rb.getLong();
        }

        private String getString() {
            int len = getInt();
            char[] cs = new char[len];
            for (int i = 0; i < len; ) {
                need(2);
                int m = Math.min(len - i, rb.remaining() >> 1), p = rb.position();
                for (int k = 0; k < m; k++) cs[i + k] = rb.getChar(p + 2 * k);
                rb.position(p + 2 * m);
                i += m;
            }
            return new String(cs);
        }

        private void need(int n) {
            if (rb.remaining() < n && !fill(n))
                throw ioError("reading", new IOException("the file ends early (" + rows + " rows written)"));
        }

        /** Reads until {@code n} bytes are buffered; false at the end of the file. */
        private boolean fill(int n) {
            rb.compact();
            try {
                while (rb.position() < n) {
                    if (in.read(rb) < 0) break;
                }
            } catch (IOException e) {
                throw ioError("reading", e);
            } finally {
                rb.flip();
            }
            return rb.remaining() >= n;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only channel: nothing was lost
            }
        }
    }
}
