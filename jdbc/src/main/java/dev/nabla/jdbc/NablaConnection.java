package dev.nabla.jdbc;

import dev.nabla.engine.Database;
import dev.nabla.engine.PreparedQuery;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One {@link Session} on a Nabla {@link Database}. Autocommit (the default) runs each statement as its own
 * transaction; with autocommit off the driver opens a transaction before the first statement and {@link #commit()}
 * / {@link #rollback()} end it. A private database ({@code jdbc:nabla:}) is closed with the connection.
 */
public final class NablaConnection implements Connection {
    static final String CATALOG = "nabla";
    static final String DEFAULT_SCHEMA = "main";
    /** What DatabaseMetaData.getUserName reports when no {@code user} property was given (there are no accounts). */
    static final String DEFAULT_USER = "nabla";

    private final String user;

    private final Database database;
    private final boolean ownsDatabase;
    private final Session session;
    private final String url;
    private final Object lock = new Object();
    private final Set<NablaStatement> statements = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private boolean autoCommit = true;
    private int savepointIds;
    private boolean readOnly;
    private int networkTimeoutMillis;
    private final Properties clientInfo = new Properties();

    NablaConnection(Database database, boolean ownsDatabase, String url) throws SQLException {
        this(database, ownsDatabase, url, null);
    }

    NablaConnection(Database database, boolean ownsDatabase, String url, @Nullable String user) throws SQLException {
        this.user = user == null || user.isEmpty() ? DEFAULT_USER : user;
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.url = url;
        try {
            this.session = database.connect();
        } catch (RuntimeException e) {
            if (ownsDatabase) database.close();
            throw JdbcErrors.of(e, null);
        }
        CLEANER.register(this, new Abandoned(session, ownsDatabase ? database : null));
    }

    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    /**
     * Closes the session of a connection the application dropped without closing: its open transaction is
     * rolled back and the writer lock it held is released, instead of blocking every other writer forever.
     * Holds no reference to the connection itself (that would keep it reachable).
     */
    private record Abandoned(Session session, @Nullable Database ownedDatabase) implements Runnable {
        @Override
        public void run() {
            try {
                session.close();
            } catch (RuntimeException ignored) {
                // best effort: the connection is already gone
            }
            if (ownedDatabase != null) {
                try {
                    ownedDatabase.close();
                } catch (RuntimeException ignored) {
                    // nothing else holds a private database
                }
            }
        }
    }

    /** The embedded session behind this connection (for callers that want the native API). */
    public Session session() {
        return session;
    }

    /** The database behind this connection. */
    public Database database() {
        return database;
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    // ---- execution (every engine call funnels through here) ----

    List<Result> executeScript(String sql, int timeoutSeconds) throws SQLException {
        return underLock(sql, () -> {
            beginIfNeeded();
            session.setTimeoutMillis(timeoutSeconds * 1000L);
            return session.executeScript(sql);
        });
    }

    Result executePrepared(PreparedQuery query, @Nullable Object[] params, String sql, int timeoutSeconds)
            throws SQLException {
        return underLock(sql, () -> {
            beginIfNeeded();
            session.setTimeoutMillis(timeoutSeconds * 1000L);
            return query.execute(params);
        });
    }

    PreparedQuery prepare(String sql) throws SQLException {
        return underLock(sql, () -> session.prepare(sql));
    }

    /** Internal single-statement query (metadata); runs outside any user transaction handling. */
    Result query(String sql) throws SQLException {
        return underLock(sql, () -> {
            session.setTimeoutMillis(0);
            return session.execute(sql);
        });
    }

    /** One session call at a time per connection; engine failures come out as SQLExceptions naming {@code sql}. */
    private <T> T underLock(String sql, Supplier<T> engineCall) throws SQLException {
        synchronized (lock) {
            checkOpen();
            try {
                return engineCall.get();
            } catch (RuntimeException e) {
                throw JdbcErrors.of(e, sql);
            }
        }
    }

    void cancelRunning() throws SQLException {
        try {
            session.cancel();
        } catch (RuntimeException e) {
            throw JdbcErrors.of(e, null);
        }
    }

    private void beginIfNeeded() {
        if (!autoCommit && !session.inTransaction()) session.execute("BEGIN");
    }

    // ---- statements ----

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkOpen();
        checkResultSetKind(resultSetType, resultSetConcurrency);
        NablaStatement s = new NablaStatement(this, resultSetType(resultSetType));
        statements.add(s);
        return s;
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        checkOpen();
        checkResultSetKind(resultSetType, resultSetConcurrency);
        NablaPreparedStatement s = new NablaPreparedStatement(this, resultSetType(resultSetType), sql);
        statements.add(s);
        return s;
    }

    @Override
    public PreparedStatement prepareStatement(
            String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        return prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        if (autoGeneratedKeys == Statement.NO_GENERATED_KEYS) return prepareStatement(sql);
        if (autoGeneratedKeys != Statement.RETURN_GENERATED_KEYS)
            throw new SQLException("autoGeneratedKeys must be RETURN_GENERATED_KEYS or NO_GENERATED_KEYS", "HY092");
        return prepareForKeys(sql, GeneratedKeys.Request.AUTO);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepareForKeys(sql, new GeneratedKeys.Request(columnIndexes.clone(), null));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepareForKeys(sql, new GeneratedKeys.Request(null, columnNames.clone()));
    }

    private PreparedStatement prepareForKeys(String sql, GeneratedKeys.Request keys) throws SQLException {
        checkOpen();
        NablaPreparedStatement s = new NablaPreparedStatement(this, ResultSet.TYPE_FORWARD_ONLY, sql, keys);
        statements.add(s);
        return s;
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw JdbcErrors.unsupported("stored procedures (prepareCall)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int a, int b) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int a, int b, int c) throws SQLException {
        return prepareCall(sql);
    }

    private static int normalise(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY ? type : ResultSet.TYPE_SCROLL_INSENSITIVE;
    }

    private static void checkResultSetKind(int type, int concurrency) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY
                && type != ResultSet.TYPE_SCROLL_INSENSITIVE
                && type != ResultSet.TYPE_SCROLL_SENSITIVE) {
            throw new SQLException("unknown result set type " + type, "22023");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) throw JdbcErrors.unsupported("updatable result sets");
    }

    void statementClosed(NablaStatement s) {
        statements.remove(s);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return JdbcEscapes.translate(sql);
    }

    // ---- transactions ----

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        synchronized (lock) {
            checkOpen();
            if (on == autoCommit) return;
            // JDBC: switching autocommit on commits the open transaction
            if (on && session.inTransaction()) endTransaction("COMMIT");
            autoCommit = on;
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        endExplicitly("COMMIT", "commit()");
    }

    @Override
    public void rollback() throws SQLException {
        endExplicitly("ROLLBACK", "rollback()");
    }

    /** JDBC forbids commit()/rollback() under autocommit; with no statement run yet there is nothing to end. */
    private void endExplicitly(String sql, String method) throws SQLException {
        synchronized (lock) {
            checkOpen();
            if (autoCommit) throw new SQLException(method + " with autocommit on", "25000");
            if (session.inTransaction()) endTransaction(sql);
        }
    }

    private void endTransaction(String sql) throws SQLException {
        try {
            session.execute(sql);
        } catch (RuntimeException e) {
            throw JdbcErrors.of(e, sql);
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return newSavepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        if (name == null) throw new SQLException("savepoint name is null", "22004");
        return newSavepoint(name);
    }

    /** JDBC: savepoints need autocommit off; the first one opens the transaction like any statement would. */
    private Savepoint newSavepoint(@Nullable String name) throws SQLException {
        synchronized (lock) {
            checkOpen();
            if (autoCommit) throw new SQLException("setSavepoint() with autocommit on", "25000");
            NablaSavepoint sp = new NablaSavepoint(++savepointIds, name, this);
            String sql = "SAVEPOINT " + sp.sqlName();
            underLock(sql, () -> {
                beginIfNeeded();
                return session.execute(sql);
            });
            return sp;
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        onSavepoint("ROLLBACK TO SAVEPOINT ", savepoint, "rollback(Savepoint)");
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        onSavepoint("RELEASE SAVEPOINT ", savepoint, "releaseSavepoint()");
    }

    private void onSavepoint(String command, Savepoint savepoint, String method) throws SQLException {
        synchronized (lock) {
            checkOpen();
            if (autoCommit) throw new SQLException(method + " with autocommit on", "25000");
            if (!(savepoint instanceof NablaSavepoint sp) || sp.connection() != this) {
                throw new SQLException("savepoint " + savepoint + " does not belong to this connection", "3B001");
            }
            String sql = command + sp.sqlName();
            underLock(sql, () -> session.execute(sql));
        }
    }

    /**
     * Two levels (docs/sql.md, Transactions and isolation): READ COMMITTED (READ UNCOMMITTED is taken as it,
     * as PostgreSQL does) and SERIALIZABLE, the default (REPEATABLE READ is taken as it: a stronger level
     * than asked for, as JDBC allows). Applies from the next transaction.
     */
    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        session.setIsolation(
                switch (level) {
                    case TRANSACTION_READ_UNCOMMITTED, TRANSACTION_READ_COMMITTED -> Session.Isolation.READ_COMMITTED;
                    case TRANSACTION_REPEATABLE_READ, TRANSACTION_SERIALIZABLE -> Session.Isolation.SERIALIZABLE;
                    default -> throw JdbcErrors.unsupported("transaction isolation level " + level);
                });
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return switch (session.isolation()) {
            case READ_COMMITTED -> TRANSACTION_READ_COMMITTED;
            case SERIALIZABLE -> TRANSACTION_SERIALIZABLE;
        };
    }

    // ---- lifecycle ----

    @Override
    public void close() throws SQLException {
        if (closed) return;
        // a statement running on another thread holds the lock: cancel it first, so closing does not wait it out
        try {
            session.cancel();
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        synchronized (lock) {
            if (closed) return;
            closed = true;
            for (NablaStatement s : List.copyOf(statements)) {
                try {
                    s.close();
                } catch (SQLException ignored) {
                    // the connection is going away; the statement is unusable either way
                }
            }
            statements.clear();
            try {
                session.close();
            } catch (RuntimeException e) {
                throw JdbcErrors.of(e, null);
            } finally {
                if (ownsDatabase) {
                    try {
                        database.close();
                    } catch (RuntimeException ignored) {
                        // nothing else holds the private database
                    }
                }
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isValid(int timeoutSeconds) throws SQLException {
        if (timeoutSeconds < 0) throw new SQLException("timeout must be >= 0", "22023");
        return !closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (closed) return;
        try {
            session.cancel();
        } catch (RuntimeException ignored) {
            // aborting anyway
        }
        close();
    }

    void checkOpen() throws SQLException {
        if (closed) throw JdbcErrors.closed("connection");
    }

    // ---- metadata and settings ----

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new NablaDatabaseMetaData(this);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    /** There is one catalog; selecting it is a no-op. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return CATALOG;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return DEFAULT_SCHEMA;
    }

    @Override
    public @Nullable SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings = null;
    }

    private @Nullable SQLWarning warnings;

    /** A TYPE_SCROLL_SENSITIVE request gets TYPE_SCROLL_INSENSITIVE and, as JDBC asks, a warning saying so. */
    private int resultSetType(int type) {
        if (type == ResultSet.TYPE_SCROLL_SENSITIVE) {
            SQLWarning w = new SQLWarning(
                    "TYPE_SCROLL_SENSITIVE is not supported: the result set is TYPE_SCROLL_INSENSITIVE", "01000");
            if (warnings == null) warnings = w;
            else warnings.setNextWarning(w);
        }
        return normalise(type);
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return Collections.emptyMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) clientInfo.remove(name);
        else clientInfo.setProperty(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo.clear();
        if (properties != null) clientInfo.putAll(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    @Override
    public Clob createClob() throws SQLException {
        checkOpen();
        return new NablaClob("");
    }

    @Override
    public Blob createBlob() throws SQLException {
        checkOpen();
        return new NablaBlob(new byte[0]);
    }

    @Override
    public NClob createNClob() throws SQLException {
        checkOpen();
        return new NablaClob("");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw JdbcErrors.unsupported("XML values");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        // a list of numbers (any numeric type name: DOUBLE[], or BIGINT[]/INTEGER[] for integers) or of text
        dev.nabla.storage.DataType t = dev.nabla.storage.DataType.parse(typeName);
        dev.nabla.storage.DataType element = t == null
                ? null
                : t == dev.nabla.storage.DataType.VARCHAR
                        ? t
                        : t == dev.nabla.storage.DataType.INTEGER || t == dev.nabla.storage.DataType.BIGINT
                                ? t
                                : t.isNumeric() ? dev.nabla.storage.DataType.DOUBLE : null;
        if (element == null)
            throw JdbcErrors.unsupported(
                    "ARRAY values of type " + typeName + " (numbers as DOUBLE[], BIGINT[] or INTEGER[], or VARCHAR[])");
        dev.nabla.storage.ListValue.Kind kind = dev.nabla.storage.ListValue.Kind.of(element);
        java.util.List<Object> values = new java.util.ArrayList<>(elements.length);
        for (Object e : elements) {
            if (e == null) values.add(null);
            else if (kind == dev.nabla.storage.ListValue.Kind.STRING) values.add(e.toString());
            else if (!(e instanceof Number num))
                throw new SQLException("array element " + e + " is not a number", "22023");
            else if (kind == dev.nabla.storage.ListValue.Kind.LONG) {
                if (num instanceof Double || num instanceof Float || num instanceof java.math.BigDecimal)
                    throw new SQLException("array element " + e + " is not an integer", "22023");
                values.add(num.longValue());
            } else values.add(num.doubleValue());
        }
        return new NablaArray(dev.nabla.storage.ListValue.ofObjects(values, kind), element);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw JdbcErrors.unsupported("STRUCT values");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        if (iface.isInstance(session)) return iface.cast(session);
        if (iface.isInstance(database)) return iface.cast(database);
        throw new SQLException("not a wrapper for " + iface.getName(), "22023");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(session) || iface.isInstance(database);
    }
}
