package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.functions.TableFunctionRegistry;
import dev.nabla.engine.io.IoRegistry;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.storage.DataType;
import dev.nabla.storage.Table;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory database: the committed catalog, table functions, file formats and the writer lock.
 * Any number of {@link Session}s may read at once and never block; writers take turns (a fair lock,
 * held for one statement, or from a transaction's first write until COMMIT/ROLLBACK).
 */
@NullMarked
public final class Database implements AutoCloseable {
    private final @Nullable String name;
    private final TableFunctionRegistry tableFunctions = TableFunctionRegistry.withBuiltins();
    private final IoRegistry io = new IoRegistry();
    private final dev.nabla.engine.catalog.Sequences sequences = new dev.nabla.engine.catalog.Sequences();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    /** Session-independent: a semaphore, not a ReentrantLock, because a transaction's statements may run on different threads. */
    private final Semaphore writeLock = new Semaphore(1, true);

    /** The memory budget shared by the statements of all sessions ({@code SET memory_limit}). */
    private final dev.nabla.engine.exec.MemoryPool memoryPool = new dev.nabla.engine.exec.MemoryPool();

    private final AtomicLong versions = new AtomicLong();
    private volatile CatalogState committed = CatalogState.empty();
    private volatile DerivativeExpander expander = Engines.defaultExpander();
    private volatile boolean closed;
    /** The database file and its log; null for an in-memory database. */
    private volatile @Nullable DurableStore store;
    /** Open handles of a file database ({@link Nabla#open(java.nio.file.Path)}); it closes when the last one does. */
    private int handles = 1;
    /** Counted down when close() has released the database file, so that a new open of it waits for that. */
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    /** {@code SET checkpoint_threshold}: shared with every session's {@link Settings}. */
    private final java.util.concurrent.atomic.AtomicLong checkpointThreshold =
            new java.util.concurrent.atomic.AtomicLong(Settings.DEFAULT_CHECKPOINT_THRESHOLD);

    Database(@Nullable String name) {
        this.name = name;
        tableFunctions.register(
                "pragma_database_size",
                "pragma_database_size()",
                "the database file's and log's sizes, and the memory limit (PRAGMA database_size)",
                (args, named, span) -> {
                    if (!args.isEmpty() || !named.isEmpty())
                        throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "database_size takes no arguments");
                    return databaseSize();
                });
    }

    /**
     * {@code PRAGMA database_size} ({@code SELECT * FROM pragma_database_size()}): the database file and its log
     * in bytes and as sizes, and the memory budget; a file-less database has no file and sizes 0.
     */
    private dev.nabla.engine.catalog.RowsSource databaseSize() {
        return new dev.nabla.engine.catalog.RowsSource(
                "pragma_database_size()",
                List.of(
                        "database_name",
                        "file",
                        "database_size",
                        "wal_size",
                        "database_bytes",
                        "wal_bytes",
                        "memory_limit",
                        "columns_on_disk",
                        "columns_loaded"),
                List.of(
                        DataType.VARCHAR,
                        DataType.VARCHAR,
                        DataType.VARCHAR,
                        DataType.VARCHAR,
                        DataType.BIGINT,
                        DataType.BIGINT,
                        DataType.VARCHAR,
                        DataType.BIGINT,
                        DataType.VARCHAR),
                ctx -> {
                    java.nio.file.Path f = file();
                    long[] sizes = fileSizes();
                    DurableStore st = store;
                    long[] lazy = st == null ? new long[] {0, 0} : st.lazyColumns();
                    String db = f == null
                            ? (name == null ? "memory" : name)
                            : f.getFileName().toString().replaceFirst("\\.nabla$", "");
                    return List.<Object[]>of(new Object[] {
                        db,
                        f == null ? null : f.toString(),
                        dev.nabla.engine.exec.MemoryPool.format(sizes[0]),
                        dev.nabla.engine.exec.MemoryPool.format(sizes[1]),
                        sizes[0],
                        sizes[1],
                        dev.nabla.engine.exec.MemoryPool.format(memoryPool.limit()),
                        lazy[0],
                        dev.nabla.engine.exec.MemoryPool.format(lazy[1])
                    });
                });
    }

    /** Makes this (new, empty) database the contents of a database file, replaying its log. */
    void openFile(java.nio.file.Path path, boolean readOnly) {
        DurableStore s = readOnly ? DurableStore.openReadOnly(this, path) : DurableStore.open(this, path);
        store = s;
        // read-only: nextval, setval and CREATE SEQUENCE are refused (25006) as the log write they would need
        sequences.attachLog(s::logSequences);
    }

    /** Whether this database was opened from a file with access_mode=read_only: every write is refused (25006). */
    public boolean readOnly() {
        DurableStore s = store;
        return s != null && s.readOnly();
    }

    /** The 25006 error for a write to a read-only database file. */
    NablaException readOnlyError() {
        DurableStore s = store;
        return DurableStore.readOnlyError(s == null ? java.nio.file.Path.of("?") : s.file());
    }

    /** The database file, or null for an in-memory database. */
    public java.nio.file.@Nullable Path file() {
        DurableStore s = store;
        return s == null ? null : s.file();
    }

    /** One more open handle, unless the last close() has begun (then the caller waits and opens afresh). */
    synchronized boolean tryAddHandle() {
        if (closed) return false;
        handles++;
        return true;
    }

    /**
     * Writes a checkpoint: the whole database into a new database file, which replaces the old one atomically, and
     * an empty write-ahead log. Waits for the writer lock (readers go on). Does nothing for an in-memory database.
     */
    public void checkpoint() {
        checkOpen();
        DurableStore s = store;
        if (s == null) return;
        acquireWrite(null, 30_000);
        try {
            checkpoint(s, committed);
        } finally {
            releaseWrite();
        }
    }

    /** Writes a checkpoint holding the sequences' lock, so that no nextval logs into the log being replaced. */
    private void checkpoint(DurableStore s, CatalogState state) {
        synchronized (sequences.lock()) {
            s.checkpoint(state, sequences.savedForCheckpoint());
        }
    }

    /** As {@link #checkpoint()}, for a statement that already holds the writer lock (SQL {@code CHECKPOINT}). */
    void checkpointLocked() {
        DurableStore s = store;
        if (s != null) checkpoint(s, committed);
    }

    /**
     * Writes this database's committed state (tables, views, indexes, sequences) as a new database file at
     * {@code path}, which must not exist (the shell's {@code .save}); this database stays as it is.
     */
    public void saveAs(java.nio.file.Path path) {
        checkOpen();
        // as a checkpoint: the writer lock keeps the tables' current versions those of the committed state
        acquireWrite(null, 30_000);
        try {
            synchronized (sequences.lock()) {
                DurableStore.saveAs(path, committed, sequences.savedForCheckpoint());
            }
        } finally {
            releaseWrite();
        }
    }

    /** The WAL size in bytes above which a commit also writes a checkpoint (negative: never automatically). */
    public void setCheckpointThreshold(long bytes) {
        checkpointThreshold.set(bytes);
    }

    public long checkpointThreshold() {
        return checkpointThreshold.get();
    }

    /** The threshold cell the sessions' settings share. */
    java.util.concurrent.atomic.AtomicLong checkpointThresholdCell() {
        return checkpointThreshold;
    }

    /** Sizes of the database file and its write-ahead log in bytes; {@code {0, 0}} in memory. */
    public long[] fileSizes() {
        DurableStore s = store;
        return s == null ? new long[] {0, 0} : s.sizes();
    }

    /** The name given to {@link Nabla#open(String)}, or null for a private database. */
    public @Nullable String name() {
        return name;
    }

    public Session connect() {
        checkOpen();
        Session s = new Session(this);
        sessions.add(s);
        return s;
    }

    /** The memory accountant shared by all sessions of this database. */
    public dev.nabla.engine.exec.MemoryPool memoryPool() {
        return memoryPool;
    }

    /** Table functions usable in FROM; other modules register theirs here (e.g. read_csv). */
    public TableFunctionRegistry tableFunctions() {
        return tableFunctions;
    }

    /** The sequences (CREATE SEQUENCE, identity and SERIAL columns); not transactional, as in PostgreSQL. */
    public dev.nabla.engine.catalog.Sequences sequences() {
        return sequences;
    }

    /** File formats for COPY and ATTACH; the io module's extension registers csv, parquet and netcdf. */
    public IoRegistry io() {
        return io;
    }

    /** Replaces the derivative expander (the autograd module's by default). */
    public void setDerivativeExpander(DerivativeExpander e) {
        this.expander = Objects.requireNonNull(e);
    }

    public DerivativeExpander derivativeExpander() {
        return expander;
    }

    /**
     * Makes Java arrays a table without copying {@code double[]}, {@code long[]} and {@code String[]}:
     * later changes the caller makes to those arrays are visible to queries (the caller must not
     * change them while a query runs). Replaces any table of that name.
     */
    public void registerTable(String table, List<String> columnNames, List<?> arrays) {
        registerTable(table, columnNames, null, arrays);
    }

    /** As {@link #registerTable(String, List, List)}, with explicit column types (null = inferred from the array). */
    public void registerTable(String table, List<String> columnNames, @Nullable List<DataType> types, List<?> arrays) {
        checkOpen();
        Objects.requireNonNull(table, "table");
        Table t = Table.fromColumns(table, columnNames, types, List.copyOf(arrays));
        acquireWrite(null, 30_000);
        try {
            CatalogState s = committed;
            if (s.view(table) != null) {
                throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "a view named \"" + table + "\" already exists");
            }
            publish(s.withoutTable(nextVersion(), table).withTable(nextVersion(), new StoredTable(t, null)));
        } finally {
            releaseWrite();
        }
    }

    /** Closes every session (rolling back open transactions). A named database is also removed from {@link Nabla}. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed || --handles > 0) return;
            closed = true;
        }
        for (Session s : List.copyOf(sessions)) s.close();
        if (name != null) Nabla.forget(name, this);
        DurableStore st = store;
        if (st != null) {
            try {
                // a clean shutdown leaves no log to replay (as DuckDB does); sessions are closed, so no writer runs
                if (st.walHasRecords() && !st.readOnly()) checkpoint(st, committed);
            } catch (NablaException e) {
                // the log still holds every commit: the next open replays it
            } finally {
                st.close();
                // only now: an open of the same file meanwhile finds this closing database and waits for released
                Nabla.forgetFile(st.file(), this);
            }
        }
        released.countDown();
        committed = CatalogState.empty();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Waits until a closing file database has released its file (returns at once for an open one). */
    void awaitReleased() {
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NablaException(ErrorCode.INTERNAL, "interrupted while waiting for a database file to close");
        }
    }

    // ------------------------------------------------------------------ engine internals

    CatalogState committed() {
        return committed;
    }

    /**
     * Makes a committed transaction's catalog the database's. With a database file, the change is first appended to
     * the write-ahead log and forced to disk (the caller's COMMIT returns only then), and a log grown past the
     * threshold is checkpointed. The caller holds the writer lock.
     */
    void publish(CatalogState state) {
        DurableStore s = store;
        if (s != null) {
            boolean due = s.commit(state, checkpointThreshold.get());
            committed = state;
            if (due) checkpoint(s, state);
            return;
        }
        committed = state;
    }

    long nextVersion() {
        return versions.incrementAndGet();
    }

    void removed(Session s) {
        sessions.remove(s);
    }

    void checkOpen() {
        if (closed)
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "database " + (name == null ? "" : name + " ") + "is closed");
    }

    /**
     * Waits for the writer lock, polling {@code session}'s cancellation so a blocked writer can be
     * cancelled; gives up after {@code timeoutMillis} (0 = wait forever).
     */
    void acquireWrite(@Nullable Session session, long timeoutMillis) {
        long deadline =
                timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : Long.MAX_VALUE;
        try {
            while (!writeLock.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                if (session != null) session.checkCancelled();
                if (System.nanoTime() > deadline) {
                    throw new NablaException(
                            ErrorCode.TRANSACTION,
                            "database is locked by another transaction (waited " + timeoutMillis
                                    + " ms; see SET lock_timeout)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NablaException(ErrorCode.CANCELLED, "statement cancelled");
        }
    }

    void releaseWrite() {
        writeLock.release();
    }
}
