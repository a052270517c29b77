package dev.nabla.jdbc;

import dev.nabla.common.NablaException;
import dev.nabla.engine.PreparedQuery;
import dev.nabla.engine.Result;
import dev.nabla.storage.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A statement parsed, bound and planned once ({@code Session.prepare}) and re-executed with {@code ?} parameters.
 * Batches of a plain {@code INSERT ... VALUES (?, ..., ?)} take a fast path: rows are sent in chunks as one
 * multi-row INSERT each, prepared once per chunk size, instead of one statement per row.
 */
public final class NablaPreparedStatement extends NablaStatement implements PreparedStatement {
    private static final Pattern SIMPLE_INSERT = Pattern.compile(
            "(?is)^\\s*(insert\\s+into\\s+.+?\\s+values)\\s*(\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\))\\s*;?\\s*$");
    static final int BATCH_CHUNK = 256;

    private final String sql;
    /** Null when the engine cannot prepare this statement kind and it has no parameters: then it runs as text. */
    private final @Nullable PreparedQuery prepared;

    private final int parameterCount;
    private final @Nullable Object[] params;
    private final boolean[] bound;
    private final List<Object[]> batchRows = new ArrayList<>();
    /** Prepared with a RETURNING clause for getGeneratedKeys. */
    private final boolean forKeys;

    private final Map<Integer, @Nullable PreparedQuery> chunkQueries = new HashMap<>();
    private @Nullable ResultSetMetaData lastMetaData;

    NablaPreparedStatement(NablaConnection connection, int resultSetType, String sql) throws SQLException {
        this(connection, resultSetType, sql, null);
    }

    /** With {@code keys}: an INSERT, UPDATE or DELETE whose generated keys getGeneratedKeys returns (see GeneratedKeys). */
    NablaPreparedStatement(
            NablaConnection connection, int resultSetType, String sql, GeneratedKeys.@Nullable Request keys)
            throws SQLException {
        super(connection, resultSetType);
        // a prepared statement's escapes are translated once, here (setEscapeProcessing cannot undo that)
        sql = JdbcEscapes.translate(sql);
        String rewritten = keys == null ? null : GeneratedKeys.rewrite(connection, sql, keys);
        this.forKeys = rewritten != null;
        sql = rewritten != null ? rewritten : sql;
        this.sql = sql;
        PreparedQuery p;
        try {
            p = connection.prepare(sql);
        } catch (SQLException e) {
            // DDL and session statements may not be preparable; without parameters they can still run as text
            if (sql.indexOf('?') >= 0) throw e;
            p = null;
        }
        this.prepared = p;
        this.parameterCount = p == null ? 0 : p.parameterCount();
        this.params = new Object[parameterCount];
        this.bound = new boolean[parameterCount];
    }

    // ---- execution ----

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        clearResults();
        keysMode = forKeys;
        if (prepared == null) {
            show(running(() -> connection.executeScript(sql, queryTimeoutSeconds())));
        } else {
            checkAllBound();
            @Nullable Object[] args = params.clone();
            Result r = running(() -> connection.executePrepared(prepared, args, sql, queryTimeoutSeconds()));
            show(List.of(r));
        }
        ResultSet rs = getResultSet();
        if (rs != null) lastMetaData = rs.getMetaData();
        return rs != null;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        execute();
        return requireResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        execute();
        return updateCount();
    }

    private void checkAllBound() throws SQLException {
        for (int i = 0; i < parameterCount; i++) {
            if (!bound[i]) throw new SQLException("parameter " + (i + 1) + " is not set", "07001");
        }
    }

    // ---- batches ----

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        checkAllBound();
        batchRows.add(params.clone());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batchRows.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        clearResults();
        List<Object[]> rows = List.copyOf(batchRows);
        batchRows.clear();
        long[] counts = new long[rows.size()];
        if (rows.isEmpty()) return counts;
        Matcher m = prepared == null ? null : SIMPLE_INSERT.matcher(sql);
        int done = 0;
        if (m != null && m.matches() && rows.size() > 1) {
            String head = m.group(1);
            String tuple = m.group(2);
            while (rows.size() - done > 1) {
                int n = Math.min(BATCH_CHUNK, rows.size() - done);
                PreparedQuery chunk = chunkQuery(head, tuple, n);
                if (chunk == null) break;
                Object[] args = new Object[n * parameterCount];
                for (int r = 0; r < n; r++)
                    System.arraycopy(rows.get(done + r), 0, args, r * parameterCount, parameterCount);
                Result res;
                try {
                    res = running(() -> connection.executePrepared(chunk, args, sql, queryTimeoutSeconds()));
                } catch (SQLException e) {
                    throw batchFailure(e, Arrays.copyOf(counts, done));
                }
                long perRow = res.kind() == Result.Kind.COUNT && res.updateCount() == n ? 1 : SUCCESS_NO_INFO;
                Arrays.fill(counts, done, done + n, perRow);
                done += n;
            }
        }
        for (int i = done; i < rows.size(); i++) {
            Object[] args = rows.get(i);
            try {
                Result r = prepared == null
                        ? running(() -> connection.executeScript(sql, queryTimeoutSeconds()))
                                .getLast()
                        : running(() -> connection.executePrepared(prepared, args, sql, queryTimeoutSeconds()));
                counts[i] = switch (r.kind()) {
                    case COUNT -> Math.max(0, r.updateCount());
                    case OK -> 0;
                    case ROWS -> SUCCESS_NO_INFO;
                };
            } catch (SQLException | RuntimeException e) {
                SQLException s = e instanceof SQLException se ? se : JdbcErrors.of((RuntimeException) e, sql);
                throw batchFailure(s, Arrays.copyOf(counts, i));
            }
        }
        return counts;
    }

    /** The multi-row form for n rows, prepared once; null if the engine cannot prepare it (then rows go one by one). */
    private @Nullable PreparedQuery chunkQuery(String head, String tuple, int n) {
        if (chunkQueries.containsKey(n)) return chunkQueries.get(n);
        StringBuilder sb = new StringBuilder(head.length() + n * (tuple.length() + 2))
                .append(head)
                .append(' ');
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(tuple);
        }
        PreparedQuery q;
        try {
            q = connection.prepare(sb.toString());
            if (q.parameterCount() != n * parameterCount) q = null;
        } catch (SQLException | NablaException e) {
            q = null;
        }
        chunkQueries.put(n, q);
        return q;
    }

    @Override
    public void close() throws SQLException {
        if (isClosed()) {
            super.close();
            return;
        }
        super.close();
        if (prepared != null) prepared.close();
        for (PreparedQuery q : chunkQueries.values()) if (q != null) q.close();
        chunkQueries.clear();
    }

    // ---- statement-text methods are not for prepared statements ----

    private SQLException notWithText() {
        return new SQLException(
                "this is a PreparedStatement: call execute()/executeQuery()/executeUpdate() without SQL text", "07000");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notWithText();
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notWithText();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw notWithText();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw notWithText();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notWithText();
    }

    // ---- metadata ----

    /** The result's metadata once the statement has run (the engine does not describe results before execution). */
    @Override
    public @Nullable ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (lastMetaData != null || prepared == null) return lastMetaData;
        // before the first execution: the query's columns as planned (tools ask this to show a result's shape)
        List<String> names = prepared.columnNames();
        List<dev.nabla.storage.DataType> types = prepared.columnTypes();
        if (names == null || types == null || names.size() != types.size()) return null;
        return new NablaResultSetMetaData(new RowSource.Listed(names, types, List.of()));
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        List<DataType> types = prepared == null ? List.of() : prepared.parameterTypes();
        return new NablaParameterMetaData(types);
    }

    // ---- setters ----

    private void set(int index, @Nullable Object engineValue) throws SQLException {
        checkOpen();
        if (index < 1 || index > parameterCount) {
            throw new SQLException("parameter index " + index + " out of range 1.." + parameterCount, "07009");
        }
        params[index - 1] = engineValue;
        bound[index - 1] = true;
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(params, null);
        Arrays.fill(bound, false);
    }

    @Override
    public void setNull(int index, int sqlType) throws SQLException {
        set(index, null);
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) throws SQLException {
        set(index, null);
    }

    @Override
    public void setBoolean(int index, boolean x) throws SQLException {
        set(index, x);
    }

    @Override
    public void setByte(int index, byte x) throws SQLException {
        set(index, (long) x);
    }

    @Override
    public void setShort(int index, short x) throws SQLException {
        set(index, (long) x);
    }

    @Override
    public void setInt(int index, int x) throws SQLException {
        set(index, (long) x);
    }

    @Override
    public void setLong(int index, long x) throws SQLException {
        set(index, x);
    }

    @Override
    public void setFloat(int index, float x) throws SQLException {
        set(index, (double) x);
    }

    @Override
    public void setDouble(int index, double x) throws SQLException {
        set(index, x);
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) throws SQLException {
        set(index, Values.toEngine(x));
    }

    @Override
    public void setString(int index, String x) throws SQLException {
        set(index, x);
    }

    @Override
    public void setNString(int index, String x) throws SQLException {
        set(index, x);
    }

    @Override
    public void setDate(int index, Date x) throws SQLException {
        set(index, Values.toEngine(x));
    }

    @Override
    public void setDate(int index, Date x, Calendar cal) throws SQLException {
        set(index, Values.toEngine(x));
    }

    @Override
    public void setTime(int index, Time x) throws SQLException {
        set(index, Values.toEngine(x));
    }

    @Override
    public void setTime(int index, Time x, Calendar cal) throws SQLException {
        set(index, Values.toEngine(x));
    }

    @Override
    public void setTimestamp(int index, Timestamp x) throws SQLException {
        set(index, Values.toEngine(x));
    }

    @Override
    public void setTimestamp(int index, Timestamp x, Calendar cal) throws SQLException {
        set(index, Values.toEngine(x));
    }

    @Override
    public void setObject(int index, Object x) throws SQLException {
        set(index, Values.toEngine(x));
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType) throws SQLException {
        set(index, Values.toEngine(x, targetSqlType));
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        set(index, Values.toEngine(x, targetSqlType));
    }

    @Override
    public void setURL(int index, URL x) throws SQLException {
        set(index, x == null ? null : x.toString());
    }

    @Override
    public void setCharacterStream(int index, Reader reader, int length) throws SQLException {
        set(index, read(reader));
    }

    @Override
    public void setCharacterStream(int index, Reader reader, long length) throws SQLException {
        set(index, read(reader));
    }

    @Override
    public void setCharacterStream(int index, Reader reader) throws SQLException {
        set(index, read(reader));
    }

    @Override
    public void setNCharacterStream(int index, Reader reader, long length) throws SQLException {
        set(index, read(reader));
    }

    @Override
    public void setNCharacterStream(int index, Reader reader) throws SQLException {
        set(index, read(reader));
    }

    @Override
    public void setClob(int index, Reader reader, long length) throws SQLException {
        set(index, read(reader));
    }

    @Override
    public void setClob(int index, Reader reader) throws SQLException {
        set(index, read(reader));
    }

    @Override
    public void setNClob(int index, Reader reader, long length) throws SQLException {
        set(index, read(reader));
    }

    @Override
    public void setNClob(int index, Reader reader) throws SQLException {
        set(index, read(reader));
    }

    @Override
    public void setAsciiStream(int index, InputStream x, int length) throws SQLException {
        set(index, read(x));
    }

    @Override
    public void setAsciiStream(int index, InputStream x, long length) throws SQLException {
        set(index, read(x));
    }

    @Override
    public void setAsciiStream(int index, InputStream x) throws SQLException {
        set(index, read(x));
    }

    @Override
    @SuppressWarnings("deprecation")
    public void setUnicodeStream(int index, InputStream x, int length) throws SQLException {
        set(index, read(x));
    }

    @Override
    public void setBytes(int index, byte[] x) throws SQLException {
        set(index, x == null ? null : x.clone());
    }

    @Override
    public void setBinaryStream(int index, InputStream x, int length) throws SQLException {
        set(index, readBytes(x));
    }

    @Override
    public void setBinaryStream(int index, InputStream x, long length) throws SQLException {
        set(index, readBytes(x));
    }

    @Override
    public void setBinaryStream(int index, InputStream x) throws SQLException {
        set(index, readBytes(x));
    }

    @Override
    public void setBlob(int index, Blob x) throws SQLException {
        set(index, x == null ? null : x.getBytes(1, (int) x.length()));
    }

    @Override
    public void setBlob(int index, InputStream x, long length) throws SQLException {
        set(index, readBytes(x));
    }

    @Override
    public void setBlob(int index, InputStream x) throws SQLException {
        set(index, readBytes(x));
    }

    @Override
    public void setClob(int index, Clob x) throws SQLException {
        set(index, x == null ? null : x.getSubString(1, (int) x.length()));
    }

    @Override
    public void setNClob(int index, NClob x) throws SQLException {
        set(index, x == null ? null : x.getSubString(1, (int) x.length()));
    }

    @Override
    public void setRef(int index, Ref x) throws SQLException {
        throw JdbcErrors.unsupported("REF values");
    }

    @Override
    public void setArray(int index, Array x) throws SQLException {
        set(index, Values.toEngine(x));
    }

    @Override
    public void setRowId(int index, RowId x) throws SQLException {
        throw JdbcErrors.unsupported("ROWID values");
    }

    @Override
    public void setSQLXML(int index, SQLXML x) throws SQLException {
        throw JdbcErrors.unsupported("XML values");
    }

    private static @Nullable String read(Reader reader) throws SQLException {
        if (reader == null) return null;
        try {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            int n;
            while ((n = reader.read(buf)) > 0) sb.append(buf, 0, n);
            return sb.toString();
        } catch (IOException e) {
            throw new SQLException("cannot read parameter stream: " + e.getMessage(), "58030", e);
        }
    }

    private static byte @Nullable [] readBytes(InputStream in) throws SQLException {
        if (in == null) return null;
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SQLException("cannot read parameter stream: " + e.getMessage(), "58030", e);
        }
    }

    private static @Nullable String read(InputStream in) throws SQLException {
        if (in == null) return null;
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read parameter stream: " + e.getMessage(), "58030", e);
        }
    }
}
