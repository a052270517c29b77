package dev.nabla.jdbc;

import dev.nabla.engine.Result;
import dev.nabla.storage.DataType;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A cursor over a materialised result (forward-only, or scroll-insensitive when asked). Besides the JDBC getters it
 * offers whole-column access: {@code rs.unwrap(NablaResultSet.class).column("x")} gives the column as a
 * {@code double[]} (NULL as NaN) without a per-row loop.
 */
public final class NablaResultSet extends ReadOnlyResultSet {
    private final RowSource rows;
    private final @Nullable NablaStatement statement;
    private final int type;
    private final long limit;
    private long row = -1;
    private boolean wasNull;
    private boolean closed;
    private int fetchSize;
    private @Nullable Map<String, Integer> labels;

    NablaResultSet(RowSource rows, @Nullable NablaStatement statement, int type, long maxRows) {
        this.rows = rows;
        this.statement = statement;
        this.type = type;
        this.limit = maxRows > 0 ? Math.min(maxRows, rows.rowCount()) : rows.rowCount();
    }

    // ---- whole-column access ----

    /** The named column as doubles (NULL as NaN); honours setMaxRows. */
    public double[] column(String label) throws SQLException {
        return column(findColumn(label));
    }

    /** The column (1-based) as doubles (NULL as NaN); honours setMaxRows. */
    public double[] column(int columnIndex) throws SQLException {
        checkOpen();
        checkColumn(columnIndex);
        if (rows instanceof RowSource.Engine(Result result) && limit == result.rowCount()) {
            try {
                return result.doubleColumn(columnIndex - 1);
            } catch (RuntimeException e) {
                throw JdbcErrors.of(e, null);
            }
        }
        double[] out = new double[(int) limit];
        for (int r = 0; r < limit; r++) {
            Object v = rows.get(r, columnIndex - 1);
            out[r] = v == null ? Double.NaN : Values.toDouble(v);
        }
        return out;
    }

    /** The named column as longs (NULL as 0; doubles truncated); honours setMaxRows. */
    public long[] longColumn(String label) throws SQLException {
        int columnIndex = findColumn(label);
        checkOpen();
        if (rows instanceof RowSource.Engine(Result result) && limit == result.rowCount()) {
            try {
                return result.longColumn(columnIndex - 1);
            } catch (RuntimeException e) {
                throw JdbcErrors.of(e, null);
            }
        }
        long[] out = new long[(int) limit];
        for (int r = 0; r < limit; r++) {
            Object v = rows.get(r, columnIndex - 1);
            out[r] = v == null ? 0 : Values.toLong(v);
        }
        return out;
    }

    /** Rows in this result set (after setMaxRows). */
    public long rowCount() {
        return limit;
    }

    // ---- cursor ----

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (row < limit) row++;
        return row < limit;
    }

    @Override
    public void close() throws SQLException {
        if (closed) return;
        closed = true;
        if (statement != null) statement.resultSetClosed(this);
    }

    /** Closed by its statement moving on to another result: no close-on-completion. */
    void closeQuietlyForReuse() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return row < 0 && limit > 0;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return row >= limit && limit > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return row == 0 && limit > 0;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return row == limit - 1 && limit > 0;
    }

    @Override
    public void beforeFirst() throws SQLException {
        checkScrollable();
        row = -1;
    }

    @Override
    public void afterLast() throws SQLException {
        checkScrollable();
        row = limit;
    }

    @Override
    public boolean first() throws SQLException {
        checkScrollable();
        row = 0;
        return limit > 0;
    }

    @Override
    public boolean last() throws SQLException {
        checkScrollable();
        row = limit - 1;
        return limit > 0;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return row >= 0 && row < limit ? (int) row + 1 : 0;
    }

    @Override
    public boolean absolute(int r) throws SQLException {
        checkScrollable();
        return moveTo(r > 0 ? r - 1 : limit + r);
    }

    @Override
    public boolean relative(int delta) throws SQLException {
        checkScrollable();
        return moveTo(row + delta);
    }

    /** A target past either end parks the cursor before the first or after the last row, as JDBC asks. */
    private boolean moveTo(long target) {
        if (target < 0) {
            row = -1;
            return false;
        }
        if (target >= limit) {
            row = limit;
            return false;
        }
        row = target;
        return true;
    }

    @Override
    public boolean previous() throws SQLException {
        checkScrollable();
        if (row >= 0) row--;
        return row >= 0;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD && type == TYPE_FORWARD_ONLY)
            throw new SQLException("result set is forward-only", "24000");
    }

    @Override
    public int getFetchDirection() {
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) {
        fetchSize = Math.max(0, rows);
    }

    @Override
    public int getFetchSize() {
        return fetchSize;
    }

    @Override
    public int getType() {
        return type;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() {
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public @Nullable Statement getStatement() {
        return statement;
    }

    @Override
    public @Nullable SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {}

    @Override
    public @Nullable String getCursorName() throws SQLException {
        throw JdbcErrors.unsupported("named cursors");
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new NablaResultSetMetaData(rows);
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        if (labels == null) {
            Map<String, Integer> m = new HashMap<>();
            // the first of duplicate labels wins, as JDBC asks
            for (int c = rows.columnCount() - 1; c >= 0; c--)
                m.put(rows.columnName(c).toLowerCase(Locale.ROOT), c + 1);
            labels = m;
        }
        Integer i = label == null ? null : labels.get(label.toLowerCase(Locale.ROOT));
        if (i == null) throw new SQLException("no column named '" + label + "' in the result", "42703");
        return i;
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    // ---- typed getters ----

    /** The engine value at the cursor; sets wasNull. */
    private @Nullable Object value(int columnIndex) throws SQLException {
        checkOpen();
        checkColumn(columnIndex);
        if (row < 0 || row >= limit) throw new SQLException("the cursor is not on a row (call next() first)", "24000");
        Object v;
        try {
            v = rows.get((int) row, columnIndex - 1);
        } catch (RuntimeException e) {
            throw JdbcErrors.of(e, null);
        }
        wasNull = v == null;
        return v;
    }

    @Override
    public @Nullable String getString(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : Values.toText(v);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v != null && Values.toBoolean(v);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? 0 : (byte) inRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE, "TINYINT");
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? 0 : (short) inRange(v, Short.MIN_VALUE, Short.MAX_VALUE, "SMALLINT");
    }

    /** A narrowing getter fails rather than wrap a value its type cannot hold. */
    private static int inRange(Object v, int min, int max, String sqlType) throws SQLException {
        int i = Values.toInt(v);
        if (i < min || i > max) throw JdbcErrors.conversion(v, sqlType);
        return i;
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? 0 : Values.toInt(v);
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? 0 : Values.toLong(v);
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? 0 : (float) Values.toDouble(v);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? 0 : Values.toDouble(v);
    }

    @Override
    public @Nullable BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : Values.toBigDecimal(v);
    }

    @Override
    @SuppressWarnings("deprecation")
    public @Nullable BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(columnIndex);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte @Nullable [] getBytes(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : Values.toBytes(v);
    }

    @Override
    public @Nullable Date getDate(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : Date.valueOf(Values.toLocalDate(v));
    }

    @Override
    public @Nullable Time getTime(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : Values.sqlTime(Values.toLocalTime(v));
    }

    @Override
    public @Nullable Timestamp getTimestamp(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : Values.toTimestamp(v);
    }

    @Override
    public @Nullable Date getDate(int columnIndex, Calendar cal) throws SQLException {
        return getDate(columnIndex);
    }

    @Override
    public @Nullable Time getTime(int columnIndex, Calendar cal) throws SQLException {
        return getTime(columnIndex);
    }

    @Override
    public @Nullable Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        return getTimestamp(columnIndex);
    }

    @Override
    public @Nullable Object getObject(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return Values.jdbcObject(v, rows.columnType(columnIndex - 1));
    }

    @Override
    public <T> @Nullable T getObject(int columnIndex, Class<T> type) throws SQLException {
        return Values.as(value(columnIndex), type);
    }

    @Override
    public @Nullable Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        return getObject(columnIndex);
    }

    @Override
    public @Nullable Reader getCharacterStream(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public @Nullable Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public @Nullable String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public @Nullable InputStream getAsciiStream(int columnIndex) throws SQLException {
        byte[] b = getBytes(columnIndex);
        return b == null ? null : new java.io.ByteArrayInputStream(b);
    }

    @Override
    @SuppressWarnings("deprecation")
    public @Nullable InputStream getUnicodeStream(int columnIndex) throws SQLException {
        return getAsciiStream(columnIndex);
    }

    @Override
    public @Nullable InputStream getBinaryStream(int columnIndex) throws SQLException {
        return getAsciiStream(columnIndex);
    }

    @Override
    public @Nullable Ref getRef(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("REF values");
    }

    @Override
    public @Nullable Blob getBlob(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        // a copy: writing to the Blob must not change the row this result set holds
        return v == null ? null : new NablaBlob(Values.toBytes(v).clone());
    }

    @Override
    public @Nullable Clob getClob(int columnIndex) throws SQLException {
        return getNClob(columnIndex);
    }

    @Override
    public @Nullable NClob getNClob(int columnIndex) throws SQLException {
        Object v = value(columnIndex);
        return v == null ? null : new NablaClob(Values.toText(v));
    }

    @Override
    public @Nullable Array getArray(int columnIndex) throws SQLException {
        Object o = getObject(columnIndex);
        if (o == null || o instanceof Array) return (Array) o;
        throw new SQLException("column " + columnIndex + " is not an array column", "42804");
    }

    @Override
    public @Nullable SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("XML values");
    }

    @Override
    public @Nullable RowId getRowId(int columnIndex) throws SQLException {
        throw JdbcErrors.unsupported("ROWID values");
    }

    @Override
    public @Nullable URL getURL(int columnIndex) throws SQLException {
        String s = getString(columnIndex);
        if (s == null) return null;
        try {
            return java.net.URI.create(s).toURL();
        } catch (IllegalArgumentException | java.net.MalformedURLException e) {
            throw JdbcErrors.conversion(s, "URL");
        }
    }

    // ---- by label ----

    @Override
    public @Nullable String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public @Nullable BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    @SuppressWarnings("deprecation")
    public @Nullable BigDecimal getBigDecimal(String label, int scale) throws SQLException {
        return getBigDecimal(findColumn(label), scale);
    }

    @Override
    public byte @Nullable [] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public @Nullable Date getDate(String label) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public @Nullable Time getTime(String label) throws SQLException {
        return getTime(findColumn(label));
    }

    @Override
    public @Nullable Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public @Nullable Date getDate(String label, Calendar cal) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public @Nullable Time getTime(String label, Calendar cal) throws SQLException {
        return getTime(findColumn(label));
    }

    @Override
    public @Nullable Timestamp getTimestamp(String label, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public @Nullable InputStream getAsciiStream(String label) throws SQLException {
        return getAsciiStream(findColumn(label));
    }

    @Override
    @SuppressWarnings("deprecation")
    public @Nullable InputStream getUnicodeStream(String label) throws SQLException {
        return getUnicodeStream(findColumn(label));
    }

    @Override
    public @Nullable InputStream getBinaryStream(String label) throws SQLException {
        return getBinaryStream(findColumn(label));
    }

    @Override
    public @Nullable Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public <T> @Nullable T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumn(label), type);
    }

    @Override
    public @Nullable Object getObject(String label, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public @Nullable Reader getCharacterStream(String label) throws SQLException {
        return getCharacterStream(findColumn(label));
    }

    @Override
    public @Nullable Reader getNCharacterStream(String label) throws SQLException {
        return getNCharacterStream(findColumn(label));
    }

    @Override
    public @Nullable String getNString(String label) throws SQLException {
        return getNString(findColumn(label));
    }

    @Override
    public @Nullable Ref getRef(String label) throws SQLException {
        return getRef(findColumn(label));
    }

    @Override
    public @Nullable Blob getBlob(String label) throws SQLException {
        return getBlob(findColumn(label));
    }

    @Override
    public @Nullable Clob getClob(String label) throws SQLException {
        return getClob(findColumn(label));
    }

    @Override
    public @Nullable NClob getNClob(String label) throws SQLException {
        return getNClob(findColumn(label));
    }

    @Override
    public @Nullable Array getArray(String label) throws SQLException {
        return getArray(findColumn(label));
    }

    @Override
    public @Nullable SQLXML getSQLXML(String label) throws SQLException {
        return getSQLXML(findColumn(label));
    }

    @Override
    public @Nullable RowId getRowId(String label) throws SQLException {
        return getRowId(findColumn(label));
    }

    @Override
    public @Nullable URL getURL(String label) throws SQLException {
        return getURL(findColumn(label));
    }

    // ---- wrapper ----

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        if (iface == Result.class && rows instanceof RowSource.Engine(Result result)) return iface.cast(result);
        throw new SQLException("not a wrapper for " + iface.getName(), "22023");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || (iface == Result.class && rows instanceof RowSource.Engine);
    }

    // ---- checks ----

    DataType columnType(int columnIndex) {
        return rows.columnType(columnIndex - 1);
    }

    private void checkOpen() throws SQLException {
        if (closed) throw JdbcErrors.closed("result set");
    }

    private void checkScrollable() throws SQLException {
        checkOpen();
        if (type == TYPE_FORWARD_ONLY)
            throw new SQLException(
                    "result set is forward-only (create the statement with TYPE_SCROLL_INSENSITIVE)", "24000");
    }

    private void checkColumn(int columnIndex) throws SQLException {
        if (columnIndex < 1 || columnIndex > rows.columnCount()) {
            throw new SQLException("column index " + columnIndex + " out of range 1.." + rows.columnCount(), "07009");
        }
    }
}
