package dev.nabla.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A {@link Blob} held in memory: what {@code ResultSet.getBlob} returns (a copy of the value's bytes) and what
 * {@code Connection.createBlob} makes for {@code setBlob}. Nabla's values are in memory already, so there is no
 * locator to keep valid: the object stays usable after the result set or transaction ends. Positions are 1-based.
 */
final class NablaBlob implements Blob {
    private byte[] bytes;
    private int length;
    private boolean freed;

    NablaBlob(byte[] bytes) {
        this.bytes = bytes;
        this.length = bytes.length;
    }

    private void open() throws SQLException {
        if (freed) throw new SQLException("this Blob has been freed", "55000");
    }

    private static SQLException badPosition(long pos) {
        return new SQLException("invalid position " + pos + " in a Blob", "22023");
    }

    @Override
    public long length() throws SQLException {
        open();
        return length;
    }

    @Override
    public byte[] getBytes(long pos, int len) throws SQLException {
        open();
        if (pos < 1 || pos > length + 1L || len < 0) throw badPosition(pos);
        int from = (int) pos - 1;
        return Arrays.copyOfRange(bytes, from, from + Math.min(len, length - from));
    }

    @Override
    public InputStream getBinaryStream() throws SQLException {
        open();
        return new ByteArrayInputStream(bytes, 0, length);
    }

    @Override
    public InputStream getBinaryStream(long pos, long len) throws SQLException {
        open();
        if (pos < 1 || pos > length + 1L || len < 0 || pos - 1 + len > length) throw badPosition(pos);
        return new ByteArrayInputStream(bytes, (int) pos - 1, (int) len);
    }

    @Override
    public long position(byte[] pattern, long start) throws SQLException {
        open();
        if (start < 1) throw badPosition(start);
        outer:
        for (long i = start - 1; i + pattern.length <= length; i++) {
            for (int k = 0; k < pattern.length; k++) if (bytes[(int) i + k] != pattern[k]) continue outer;
            return i + 1;
        }
        return -1;
    }

    @Override
    public long position(Blob pattern, long start) throws SQLException {
        return position(pattern.getBytes(1, (int) pattern.length()), start);
    }

    @Override
    public int setBytes(long pos, byte[] src) throws SQLException {
        return setBytes(pos, src, 0, src.length);
    }

    @Override
    public int setBytes(long pos, byte[] src, int offset, int len) throws SQLException {
        open();
        // writing may start right after the end (appending), as JDBC allows
        if (pos < 1 || pos > length + 1L) throw badPosition(pos);
        if (offset < 0 || len < 0 || offset + len > src.length)
            throw new SQLException("offset " + offset + " and length " + len + " exceed the source", "22023");
        long end = pos - 1 + len;
        if (end > Integer.MAX_VALUE - 8) throw new SQLException("a Blob holds at most 2^31 bytes", "54000");
        if (end > bytes.length)
            bytes = Arrays.copyOf(bytes, (int) Math.max(end, Math.min(bytes.length * 2L, Integer.MAX_VALUE - 8)));
        System.arraycopy(src, offset, bytes, (int) pos - 1, len);
        length = (int) Math.max(length, end);
        return len;
    }

    @Override
    public OutputStream setBinaryStream(long pos) throws SQLException {
        open();
        if (pos < 1 || pos > length + 1L) throw badPosition(pos);
        return new OutputStream() {
            long at = pos;

            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                try {
                    at += setBytes(at, b, off, len);
                } catch (SQLException e) {
                    throw new java.io.IOException(e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public void truncate(long len) throws SQLException {
        open();
        if (len < 0 || len > length)
            throw new SQLException("cannot truncate a Blob of " + length + " bytes to " + len, "22023");
        length = (int) len;
    }

    @Override
    public void free() {
        freed = true;
        bytes = new byte[0];
        length = 0;
    }
}
