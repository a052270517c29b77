package dev.nabla.jdbc;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;

/**
 * A {@link Clob} (also an {@link NClob}) held in memory: what {@code ResultSet.getClob} returns (the value's
 * text) and what {@code Connection.createClob} makes for {@code setClob}. Like {@link NablaBlob} it has no
 * locator and stays usable after the result set closes. Positions are 1-based, in chars.
 */
final class NablaClob implements NClob {
    private StringBuilder text;
    private boolean freed;

    NablaClob(String text) {
        this.text = new StringBuilder(text);
    }

    private void open() throws SQLException {
        if (freed) throw new SQLException("this Clob has been freed", "55000");
    }

    private SQLException badPosition(long pos) {
        return new SQLException("invalid position " + pos + " in a Clob", "22023");
    }

    @Override
    public long length() throws SQLException {
        open();
        return text.length();
    }

    @Override
    public String getSubString(long pos, int len) throws SQLException {
        open();
        if (pos < 1 || pos > text.length() + 1L || len < 0) throw badPosition(pos);
        int from = (int) pos - 1;
        return text.substring(from, from + Math.min(len, text.length() - from));
    }

    @Override
    public Reader getCharacterStream() throws SQLException {
        open();
        return new StringReader(text.toString());
    }

    @Override
    public Reader getCharacterStream(long pos, long len) throws SQLException {
        open();
        if (pos < 1 || len < 0 || pos - 1 + len > text.length()) throw badPosition(pos);
        return new StringReader(text.substring((int) pos - 1, (int) (pos - 1 + len)));
    }

    /** The text as UTF-8 bytes (JDBC says ASCII; UTF-8 is ASCII for ASCII text and loses nothing beyond it). */
    @Override
    public InputStream getAsciiStream() throws SQLException {
        open();
        return new java.io.ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public long position(String search, long start) throws SQLException {
        open();
        if (start < 1) throw badPosition(start);
        if (start > text.length() + 1L) return -1;
        int at = text.indexOf(search, (int) start - 1);
        return at < 0 ? -1 : at + 1;
    }

    @Override
    public long position(Clob search, long start) throws SQLException {
        return position(search.getSubString(1, (int) search.length()), start);
    }

    @Override
    public int setString(long pos, String str) throws SQLException {
        return setString(pos, str, 0, str.length());
    }

    @Override
    public int setString(long pos, String str, int offset, int len) throws SQLException {
        open();
        // writing may start right after the end (appending), as JDBC allows
        if (pos < 1 || pos > text.length() + 1L) throw badPosition(pos);
        if (offset < 0 || len < 0 || offset + len > str.length())
            throw new SQLException("offset " + offset + " and length " + len + " exceed the source", "22023");
        int from = (int) pos - 1;
        text.replace(from, Math.min(text.length(), from + len), str.substring(offset, offset + len));
        return len;
    }

    @Override
    public OutputStream setAsciiStream(long pos) throws SQLException {
        throw JdbcErrors.unsupported("Clob.setAsciiStream (use setCharacterStream or setString)");
    }

    @Override
    public Writer setCharacterStream(long pos) throws SQLException {
        open();
        if (pos < 1 || pos > text.length() + 1L) throw badPosition(pos);
        return new Writer() {
            long at = pos;

            @Override
            public void write(char[] cbuf, int off, int len) throws java.io.IOException {
                try {
                    at += setString(at, new String(cbuf, off, len));
                } catch (SQLException e) {
                    throw new java.io.IOException(e.getMessage(), e);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
    }

    @Override
    public void truncate(long len) throws SQLException {
        open();
        if (len < 0 || len > text.length())
            throw new SQLException("cannot truncate a Clob of " + text.length() + " chars to " + len, "22023");
        text.setLength((int) len);
    }

    @Override
    public void free() {
        freed = true;
        text = new StringBuilder();
    }
}
