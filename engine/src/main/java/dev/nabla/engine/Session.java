package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.catalog.Catalog;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.ImplicitTables;
import dev.nabla.parser.ParsedStatement;
import dev.nabla.parser.ast.Statement;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.storage.DataType;
import dev.nabla.storage.StorageTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A connection to a {@link Database}: runs statements one at a time and holds the transaction state
 * and settings. Every statement is atomic: it runs in its own storage transaction (or in a savepoint
 * of the session's BEGIN ... COMMIT transaction), and any failure — error, cancel, timeout — undoes
 * exactly its changes, DDL included. Statements see committed data as of their start (snapshot per
 * statement; inside a transaction, its own writes too).
 *
 * <p>Only {@link #cancel()} may be called from another thread while a statement runs; other calls
 * from several threads are serialised.
 */
@NullMarked
public final class Session implements AutoCloseable {
    private final Database db;
    private final Settings settings;
    private final ReentrantLock busy = new ReentrantLock();

    // transaction state (guarded by busy)
    private volatile boolean inTransaction;
    private boolean holdsWriteLock;
    private @Nullable StorageTransaction txn;
    private @Nullable CatalogState working;
    private final List<NamedSavepoint> savepoints = new ArrayList<>();

    /** Isolation of explicit transactions (autocommit statements are serializable either way). */
    public enum Isolation {
        /** Each statement reads the data committed when it starts. */
        READ_COMMITTED,
        /**
         * The transaction reads one snapshot, taken at its first statement; at its first write it fails with
         * 40001 when a table it read was changed by a transaction that committed since (first committer wins).
         */
        SERIALIZABLE;

        /** PostgreSQL's name of the level, as SHOW transaction_isolation prints it. */
        public String sqlName() {
            return switch (this) {
                case READ_COMMITTED -> "read committed";
                case SERIALIZABLE -> "serializable";
            };
        }

        /** The level a PostgreSQL name asks for, as it runs (READ UNCOMMITTED and REPEATABLE READ map upwards). */
        static Isolation of(String name) {
            return Settings.isolationLevel(Settings.TRANSACTION_ISOLATION, name).equals("serializable")
                    ? SERIALIZABLE
                    : READ_COMMITTED;
        }
    }

    // the open transaction's modes (guarded by busy): the session's defaults at BEGIN, or BEGIN's own modes, or
    // SET TRANSACTION's before the transaction's first query; txnQueried: a statement that reads data has run
    private volatile Isolation txnIsolation = Isolation.SERIALIZABLE;
    private volatile boolean txnReadOnly;
    private boolean txnQueried;
    // a SERIALIZABLE transaction's snapshot until its first write (guarded by busy): the catalog, each table's
    // state at the first statement, and the tables its statements read
    private @Nullable CatalogState txnCatalog;
    private java.util.@Nullable Map<dev.nabla.storage.Table, dev.nabla.storage.TableSnapshot> txnSnapshots;
    private final java.util.Set<dev.nabla.storage.Table> txnReads =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    // tables only read by single-column unique key (guarded by txnReads' monitor): table -> column -> keys read
    private final Map<dev.nabla.storage.Table, Map<Integer, java.util.Set<Object>>> txnKeyReads =
            new java.util.IdentityHashMap<>();
    /** Keys remembered per table before the transaction counts as having read the whole table. */
    static final int MAX_KEY_READS = 4096;

    // cancellation
    private volatile boolean running;
    private volatile boolean cancelRequested;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile long timeoutMillis;
    private volatile boolean closed;

    // progress of the running statement, polled by other threads; morsel-parallel scans add from several threads
    private volatile long progressStart;
    private final java.util.concurrent.atomic.AtomicLong rowsScanned = new java.util.concurrent.atomic.AtomicLong();
    private volatile long iteration;

    /** The running statement's share of the database's memory budget; NONE between statements. */
    private volatile dev.nabla.engine.exec.MemoryReservation memory = dev.nabla.engine.exec.MemoryReservation.NONE;

    private volatile ImplicitTables implicitTables = ImplicitTables.NONE;

    /** Read-write ATTACHed database files (lower-case name -> a session of that file's database); guarded by busy. */
    private final Map<String, Session> attached = new java.util.LinkedHashMap<>();
    /** {@code USE o}: the attached database every statement goes to; null for this session's own. */
    private volatile @Nullable String using;
    /** For a session of an attached database: the session that attached it, and the name it is attached as. */
    private @Nullable Session parent;

    private @Nullable String alias;
    /**
     * While a statement that addresses this attached database by name runs here: unqualified names are the parent
     * session's tables and views (read-only); {@code viewOfOwn}: a CREATE VIEW, which may read only its own.
     */
    private volatile boolean addressed;

    private volatile boolean viewOfOwn;

    Session(Database db) {
        this.db = db;
        this.settings = new Settings(db.memoryPool(), db.checkpointThresholdCell(), db::readOnly);
        settings.bindTransaction(new Settings.TransactionModes() {
            @Override
            public @Nullable Object current(String key) {
                if (!inTransaction) return null;
                return key.equals(Settings.TRANSACTION_ISOLATION) ? txnIsolation.sqlName() : txnReadOnly ? 1L : 0L;
            }

            @Override
            public void set(@Nullable String isolation, @Nullable Boolean readOnly) {
                setTransactionModes(isolation, readOnly);
            }
        });
    }

    public Database database() {
        return db;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The isolation of this session's explicit transactions ({@code default_transaction_isolation}); a change
     * applies from the next transaction.
     */
    public Isolation isolation() {
        return Isolation.of(String.valueOf(settings.get(Settings.DEFAULT_TRANSACTION_ISOLATION)));
    }

    public void setIsolation(Isolation level) {
        settings.set(Settings.DEFAULT_TRANSACTION_ISOLATION, level.sqlName(), dev.nabla.common.Span.NONE);
    }

    private boolean defaultReadOnly() {
        return settings.getLong(Settings.DEFAULT_TRANSACTION_READ_ONLY) != 0;
    }

    /**
     * PostgreSQL's SET TRANSACTION (null: unchanged). Outside a transaction block it has no effect, as there
     * (PostgreSQL adds a warning). The isolation level may change only before the transaction's first query and
     * outside a savepoint; READ ONLY may be set at any time, READ WRITE only before the first query.
     */
    private void setTransactionModes(@Nullable String isolation, @Nullable Boolean readOnly) {
        if (!inTransaction) return;
        Isolation level = isolation == null ? txnIsolation : Isolation.of(isolation);
        if (level != txnIsolation) {
            if (txnQueried)
                throw new NablaException(
                        ErrorCode.ACTIVE_SQL_TRANSACTION,
                        "SET TRANSACTION ISOLATION LEVEL must be called before any query");
            if (!savepoints.isEmpty())
                throw new NablaException(
                        ErrorCode.ACTIVE_SQL_TRANSACTION,
                        "SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction");
        }
        if (readOnly != null && !readOnly && txnReadOnly) {
            if (!savepoints.isEmpty())
                throw new NablaException(
                        ErrorCode.ACTIVE_SQL_TRANSACTION,
                        "cannot set transaction read-write mode inside a read-only transaction");
            if (txnQueried)
                throw new NablaException(
                        ErrorCode.ACTIVE_SQL_TRANSACTION, "transaction read-write mode must be set before any query");
        }
        txnIsolation = level;
        if (readOnly != null) txnReadOnly = readOnly;
    }

    /** Unlisted, read-only relations this session's statements may name (the shell's {@code _}); see ImplicitTables. */
    public void setImplicitTables(ImplicitTables tables) {
        this.implicitTables = java.util.Objects.requireNonNull(tables);
    }

    /**
     * Runs one statement (a trailing ';' is fine). Text holding several statements is run as by
     * {@link #executeScript} and the last statement's result returned.
     */
    public Result execute(String sql) {
        checkOpen();
        try {
            // parsed inside run, so that the statement's timeout and cancel cover parsing too
            return run(() -> new PlanHolder(Pipeline.parse(sql)), new Object[0], System.nanoTime());
        } catch (NablaException single) {
            if (single.code() != ErrorCode.SYNTAX) throw single;
            List<ParsedStatement> script;
            try {
                script = Pipeline.parseScript(sql);
            } catch (NablaException e) {
                throw single;
            }
            if (script.size() < 2) throw single;
            for (ParsedStatement p : script.subList(0, script.size() - 1))
                run(new PlanHolder(p.statement()), new Object[0]);
            return run(new PlanHolder(script.getLast().statement()), new Object[0]);
        }
    }

    /** Runs one statement with {@code ?} parameter values (planned for this one execution). */
    public Result execute(String sql, Object... params) {
        if (params == null || params.length == 0) return execute(sql);
        checkOpen();
        return run(() -> new PlanHolder(Pipeline.parse(sql)), params, System.nanoTime());
    }

    /** Runs every statement of a script, stopping at (and throwing) the first error. */
    public List<Result> executeScript(String sql) {
        checkOpen();
        // the first statement's timeout also covers parsing the script
        long start = System.nanoTime();
        List<ParsedStatement> statements = underClock(start, () -> Pipeline.parseScript(sql));
        List<Result> results = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            PlanHolder h = new PlanHolder(statements.get(i).statement());
            results.add(run(() -> h, new Object[0], i == 0 ? start : System.nanoTime()));
        }
        return results;
    }

    /**
     * {@code script} with every derivative call written as plain SQL of {@code dialect} (what {@code ./nabla
     * --expand-derivatives} prints). Its statements other than queries run in a transaction that is rolled
     * back, so nothing of them is kept; see {@link PortableDerivatives}.
     */
    public String expandDerivatives(String script, dev.nabla.autograd.SqlDialect dialect) {
        checkOpen();
        return PortableDerivatives.expand(this, script, dialect);
    }

    /** Parses, binds, expands derivatives and optimizes once; the result re-executes with new parameter values. */
    public PreparedQuery prepare(String sql) {
        int[] routedParameters = {-1};
        PlanHolder h = underClock(System.nanoTime(), () -> {
            PlanHolder p = new PlanHolder(Pipeline.parse(sql));
            // a statement for an attached database is planned there at each execution (dispatch routes it), so
            // only its parameter count is known now
            if (routeTarget(p.ast) != null) routedParameters[0] = AttachNames.parameterCount(p.ast);
            else plan(p, visibleCatalog());
            return p;
        });
        return new PreparedQuery(this, sql, h, routedParameters[0]);
    }

    /** Stops the running statement (from any thread): it fails with ErrorCode.CANCELLED and changes nothing. */
    public void cancel() {
        if (running) cancelRequested = true;
    }

    /** Limit for each statement's run time; 0 = none. Expiry behaves like {@link #cancel()}. */
    public void setTimeoutMillis(long millis) {
        if (millis < 0) throw new NablaException(ErrorCode.INVALID_ARGUMENT, "timeout must be >= 0");
        timeoutMillis = millis;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * What the running statement (or, when none runs, the last one) has done so far; cheap and safe
     * to call from any thread, e.g. to draw a progress line while {@link #execute} runs on another.
     */
    public Progress progress() {
        return new Progress(running, progressStart, rowsScanned.get(), iteration);
    }

    /** Called by the executing thread(s) once per scanned batch. */
    void addRowsScanned(long rows) {
        rowsScanned.addAndGet(rows);
    }

    /** Called by the executing thread at each recursive-CTE iteration. */
    void setIteration(long n) {
        iteration = n;
    }

    /** Whether a BEGIN ... COMMIT/ROLLBACK transaction is open. */
    public boolean inTransaction() {
        return inTransaction;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Rolls back an open transaction and releases the session; idempotent. */
    @Override
    public void close() {
        if (closed) return;
        cancel();
        busy.lock();
        try {
            if (closed) return;
            closed = true;
            endTransaction(false);
            AttachedFiles.detachAll(this);
        } finally {
            busy.unlock();
            db.removed(this);
        }
    }

    // ------------------------------------------------------------------ execution

    /** A parsed statement and its current plan (re-planned when the catalog changes). */
    static final class PlanHolder {
        final Statement ast;
        volatile @Nullable Planned planned;
        /** Types of the parameters no context types, taken from the values of the last execution. */
        volatile Map<Integer, DataType> hints = Map.of();
        /** {@link Settings#version()} when {@link #planned} was made. */
        volatile long settingsVersion;

        PlanHolder(Statement ast) {
            this.ast = ast;
        }
    }

    /** Plans {@code h} against {@code state}, remembering the settings it was planned under. */
    private Planned plan(PlanHolder h, CatalogState state) {
        long version = settings.version();
        Planned p = Planner.plan(h.ast, catalog(state), db.derivativeExpander(), h.hints);
        h.settingsVersion = version;
        h.planned = p;
        return p;
    }

    private boolean stale(PlanHolder h, Planned p, CatalogState state) {
        return p.catalogVersion() != state.version() || h.settingsVersion != settings.version();
    }

    Result run(PlanHolder h, @Nullable Object[] params) {
        return run(() -> h, params, System.nanoTime());
    }

    /**
     * Runs the statement {@code parse} yields, parsing it under the statement's clock: the timeout runs
     * from {@code startNanos} (taken before the text is read), and {@link dev.nabla.common.CancelCheck#poll()} in the parser,
     * binder and expression compiler lets a cancel or an expired timeout stop a statement that is still
     * being parsed or planned.
     */
    private Result run(java.util.function.Supplier<PlanHolder> parse, @Nullable Object[] params, long startNanos) {
        return underClock(startNanos, () -> {
            PlanHolder h = parse.get();
            try {
                return dispatch(h, params);
            } catch (NablaException e) {
                throw ErrorSpans.locate(e, h.ast);
            }
        });
    }

    /**
     * Runs one statement's work with the session marked running: cancel and the timeout (counted from
     * {@code startNanos}) apply, a stack overflow is "statement too complex" (54001), running out of heap OUT_OF_MEMORY (53200), and any other Java
     * exception an internal error; {@link NablaException}s pass through.
     */
    private <T> T underClock(long startNanos, java.util.function.Supplier<T> work) {
        checkOpen();
        busy.lock();
        try {
            checkOpen();
            cancelRequested = false;
            rowsScanned.set(0);
            iteration = 0;
            progressStart = startNanos;
            long t = timeoutMillis;
            deadlineNanos = t > 0 ? startNanos + TimeUnit.MILLISECONDS.toNanos(t) : Long.MAX_VALUE;
            running = true;
            Runnable previousCheck = dev.nabla.common.CancelCheck.install(this::checkCancelled);
            dev.nabla.engine.exec.MemoryReservation outerMemory = memory;
            memory = db.memoryPool().open();
            try {
                return work.get();
            } catch (NablaException e) {
                throw e;
            } catch (StackOverflowError e) {
                throw new NablaException(
                        ErrorCode.RECURSION_LIMIT, "statement too complex: nested too deeply for the thread's stack");
            } catch (OutOfMemoryError e) {
                // the statement's own data is unreachable once its frames are gone: it alone fails, rolled back
                throw new NablaException(
                        ErrorCode.OUT_OF_MEMORY,
                        dev.nabla.common.Span.NONE,
                        "out of memory: the statement needed more than the "
                                + (Runtime.getRuntime().maxMemory() >> 20)
                                + " MB heap allows (it was rolled back; run Java with a larger -Xmx"
                                + " or process less at once)",
                        e);
            } catch (RuntimeException e) {
                throw new NablaException(ErrorCode.INTERNAL, dev.nabla.common.Span.NONE, "internal error: " + e, e);
            } finally {
                // the statement's reservations go back whatever its outcome (success, error, cancel)
                memory.close();
                memory = outerMemory;
                dev.nabla.common.CancelCheck.restore(previousCheck);
                running = false;
                cancelRequested = false;
            }
        } finally {
            busy.unlock();
        }
    }

    /**
     * One statement of a statement that runs others (EXPORT/IMPORT DATABASE): under the outer statement's clock,
     * so its timeout and cancel cover the whole series.
     */
    Result runNested(Statement ast) {
        // the outer statement chose its database: its parts run there, whatever USE says
        nested++;
        try {
            return dispatch(new PlanHolder(ast), new Object[0]);
        } finally {
            nested--;
        }
    }

    /** Depth of {@link #runNested} (guarded by busy). */
    private int nested;

    Result runNested(String sql) {
        return runNested(Pipeline.parse(sql));
    }

    private Result dispatch(PlanHolder h, @Nullable Object[] params) {
        // TIMESTAMPTZ values read back in the zone the session has once the statement ran (SET TimeZone included)
        return dispatchInZone(h, params).inZone(settings.zone());
    }

    private Result dispatchInZone(PlanHolder h, @Nullable Object[] params) {
        if (h.ast instanceof Statement.Use u) return use(u);
        Session target = routeTarget(h.ast);
        if (target != null) return routed(target, h.ast, params);
        if (inTransaction && readsData(h.ast)) {
            txnQueried = true;
            if (txn == null && txnCatalog == null && txnIsolation == Isolation.SERIALIZABLE) takeTransactionSnapshot();
        }
        Planned p = h.planned;
        if (p == null || stale(h, p, visibleCatalog())) p = plan(h, visibleCatalog());
        if (!p.freeParameters().isEmpty()) {
            // parameters no context types take the type of the value bound now: re-plan when it changed
            Map<Integer, DataType> want = Parameters.hints(p.freeParameters(), p.decimalParameters(), params);
            if (!want.equals(h.hints)) {
                h.hints = want;
                p = plan(h, visibleCatalog());
            }
        }
        BoundStatement b = p.bound();
        if (b instanceof BoundStatement.TransactionControl tc) return transactionControlWithAttached(tc);
        if (b instanceof BoundStatement.Attach a && AttachedFiles.readWrite(a)) return AttachedFiles.attach(this, a);
        if (b instanceof BoundStatement.Detach d && attached.containsKey(CatalogState.key(d.name())))
            return AttachedFiles.detach(this, d.name());
        if (b instanceof BoundStatement.ExportDatabase e) return DatabaseTransfer.export(this, e);
        if (b instanceof BoundStatement.ImportDatabase i) return DatabaseTransfer.importFrom(this, i);
        Object[] values = Parameters.convert(params, p.parameterTypes(), settings.zone());
        if (!StatementRunner.isWrite(b)) {
            StatementContext ctx = new StatementContext(this, values, visibleCatalog(), txn);
            return new StatementRunner(this, ctx, p).run();
        }
        return runWrite(h, values);
    }

    /**
     * Whether the statement is a query in PostgreSQL's sense, the first of which fixes a transaction's snapshot
     * and modes: not transaction control, SET or SHOW of a setting.
     */
    private static boolean readsData(Statement ast) {
        return !(ast instanceof Statement.Begin
                || ast instanceof Statement.Commit
                || ast instanceof Statement.Rollback
                || ast instanceof Statement.Savepoint
                || ast instanceof Statement.RollbackToSavepoint
                || ast instanceof Statement.ReleaseSavepoint
                || ast instanceof Statement.SetTransaction
                || ast instanceof Statement.SetOption
                || ast instanceof Statement.ShowSetting);
    }

    private Result transactionControl(BoundStatement.TransactionControl tc) {
        switch (tc) {
            case BoundStatement.Begin x -> {
                if (inTransaction)
                    throw new NablaException(ErrorCode.TRANSACTION, "a transaction is already in progress");
                txnIsolation = x.isolation() != null ? Isolation.of(x.isolation()) : isolation();
                txnReadOnly = x.readOnly() != null ? x.readOnly() : defaultReadOnly();
                txnQueried = false;
                inTransaction = true;
                return Result.ok("BEGIN");
            }
            case BoundStatement.SetTransaction x -> {
                if (x.session()) {
                    if (x.isolation() != null)
                        settings.set(Settings.DEFAULT_TRANSACTION_ISOLATION, x.isolation(), dev.nabla.common.Span.NONE);
                    if (x.readOnly() != null)
                        settings.set(
                                Settings.DEFAULT_TRANSACTION_READ_ONLY,
                                x.readOnly() ? "on" : "off",
                                dev.nabla.common.Span.NONE);
                } else {
                    setTransactionModes(x.isolation(), x.readOnly());
                }
                return Result.ok("SET");
            }
            case BoundStatement.Commit x -> {
                if (!inTransaction) throw new NablaException(ErrorCode.TRANSACTION, "no transaction in progress");
                endTransaction(true);
                return Result.ok("COMMIT");
            }
            case BoundStatement.Rollback x -> {
                if (!inTransaction) throw new NablaException(ErrorCode.TRANSACTION, "no transaction in progress");
                endTransaction(false);
                return Result.ok("ROLLBACK");
            }
            case BoundStatement.Savepoint x -> {
                if (!inTransaction)
                    throw new NablaException(ErrorCode.TRANSACTION, "SAVEPOINT can only be used in transaction blocks");
                // before the transaction's first write there is nothing to mark: rolling back then undoes every write
                savepoints.add(new NamedSavepoint(x.name(), txn != null ? txn.savepoint() : null, working));
                return Result.ok("SAVEPOINT");
            }
            case BoundStatement.RollbackToSavepoint x -> {
                if (!inTransaction)
                    throw new NablaException(
                            ErrorCode.TRANSACTION, "ROLLBACK TO SAVEPOINT can only be used in transaction blocks");
                rollbackToSavepoint(findSavepoint(x.name()));
                return Result.ok("ROLLBACK");
            }
            case BoundStatement.ReleaseSavepoint x -> {
                if (!inTransaction)
                    throw new NablaException(
                            ErrorCode.TRANSACTION, "RELEASE SAVEPOINT can only be used in transaction blocks");
                releaseSavepoint(findSavepoint(x.name()));
                return Result.ok("RELEASE");
            }
        }
    }

    /** The SERIALIZABLE transaction's snapshot: every table's committed state, taken together, and the catalog. */
    private void takeTransactionSnapshot() {
        CatalogState c = db.committed();
        List<dev.nabla.storage.Table> all = new ArrayList<>();
        for (dev.nabla.engine.catalog.StoredTable t : c.tables()) all.add(t.table());
        List<dev.nabla.storage.TableSnapshot> taken = dev.nabla.storage.Table.snapshots(all);
        java.util.Map<dev.nabla.storage.Table, dev.nabla.storage.TableSnapshot> m = new java.util.IdentityHashMap<>();
        for (int i = 0; i < all.size(); i++) m.put(all.get(i), taken.get(i));
        txnSnapshots = m;
        txnCatalog = c;
        synchronized (txnReads) {
            txnReads.clear();
            txnKeyReads.clear();
        }
    }

    /** The state a read of {@code table} sees in a SERIALIZABLE transaction before its first write; null otherwise. */
    dev.nabla.storage.@Nullable TableSnapshot transactionSnapshot(dev.nabla.storage.Table table) {
        java.util.Map<dev.nabla.storage.Table, dev.nabla.storage.TableSnapshot> m = txnSnapshots;
        if (m == null || txn != null) return null;
        synchronized (txnReads) {
            txnReads.add(table);
            txnKeyReads.remove(table);
            return m.computeIfAbsent(table, dev.nabla.storage.Table::snapshot);
        }
    }

    /**
     * {@link #transactionSnapshot(dev.nabla.storage.Table)} for a read of the at most one row whose single-column
     * unique key {@code column} holds {@code key}: only that row is remembered, so that a commit to other rows
     * of the table does not make this transaction fail (row-level first committer wins).
     */
    dev.nabla.storage.@Nullable TableSnapshot transactionSnapshot(
            dev.nabla.storage.Table table, int column, Object key) {
        java.util.Map<dev.nabla.storage.Table, dev.nabla.storage.TableSnapshot> m = txnSnapshots;
        if (m == null || txn != null) return null;
        synchronized (txnReads) {
            if (!txnReads.contains(table)) {
                Map<Integer, java.util.Set<Object>> byColumn =
                        txnKeyReads.computeIfAbsent(table, t -> new java.util.HashMap<>());
                java.util.Set<Object> keys = byColumn.computeIfAbsent(column, c -> new java.util.HashSet<>());
                keys.add(key);
                int n = 0;
                for (java.util.Set<Object> k : byColumn.values()) n += k.size();
                if (n > MAX_KEY_READS) {
                    // past the cap the rows read are forgotten and the table counts as read whole
                    txnKeyReads.remove(table);
                    txnReads.add(table);
                }
            }
            return m.computeIfAbsent(table, dev.nabla.storage.Table::snapshot);
        }
    }

    /**
     * First committer wins: at a SERIALIZABLE transaction's first write (the write lock just taken, so no
     * one commits until it ends), everything it read must still be as it read it: every table it scanned in
     * the state it read, and every row it read by single-column unique key with the same values in the same
     * place (a read of such a row returns the same now, so the transaction is as if run now). Otherwise its
     * reads are stale (a lost update or write skew in the making) and it fails with 40001.
     */
    private void checkSerializable() {
        java.util.Map<dev.nabla.storage.Table, dev.nabla.storage.TableSnapshot> m = txnSnapshots;
        if (m == null) return;
        synchronized (txnReads) {
            for (dev.nabla.storage.Table t : txnReads) {
                dev.nabla.storage.TableSnapshot read = m.get(t);
                if (read != null && t.snapshot().version() != read.version()) {
                    throw new NablaException(
                            ErrorCode.SERIALIZATION_FAILURE,
                            "could not serialize access: table " + t.name()
                                    + " was changed by a transaction that committed after this transaction read it"
                                    + " (ROLLBACK and retry the transaction)");
                }
            }
            for (Map.Entry<dev.nabla.storage.Table, Map<Integer, java.util.Set<Object>>> e : txnKeyReads.entrySet()) {
                dev.nabla.storage.Table t = e.getKey();
                dev.nabla.storage.TableSnapshot read = m.get(t);
                if (read == null) continue;
                dev.nabla.storage.TableSnapshot now = t.snapshot();
                if (now.version() == read.version()) continue;
                for (Map.Entry<Integer, java.util.Set<Object>> byColumn :
                        e.getValue().entrySet()) {
                    int column = byColumn.getKey();
                    for (Object key : byColumn.getValue()) {
                        if (!sameRow(t, read, now, column, key)) {
                            throw new NablaException(
                                    ErrorCode.SERIALIZATION_FAILURE,
                                    "could not serialize access: the row of table " + t.name() + " with "
                                            + read.schema().name(column) + " = " + key
                                            + " was changed by a transaction that committed after this transaction"
                                            + " read it (ROLLBACK and retry the transaction)");
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether a read of the row holding {@code key} in the unique column gives the same now as in {@code read}:
     * the key index (the committed state's: the write lock is held and nothing written yet) finds the row now,
     * and the same row id is visible in {@code read} with the same value in every column. Uniqueness in both
     * states makes it the only row either read can return. A row that is gone now, or moved, counts as
     * changed (a conflict PostgreSQL might not report; never the reverse).
     */
    private static boolean sameRow(
            dev.nabla.storage.Table t,
            dev.nabla.storage.TableSnapshot read,
            dev.nabla.storage.TableSnapshot now,
            int column,
            Object key) {
        long row = t.lookupUniqueColumn(column, key);
        if (row < 0 || !now.isVisible(row) || !read.isVisible(row)) return false;
        if (!key.equals(read.get(row, column))) return false;
        int width = read.schema().width();
        if (now.schema().width() != width) return false;
        for (int c = 0; c < width; c++) if (!java.util.Objects.equals(read.get(row, c), now.get(row, c))) return false;
        return true;
    }

    private Result runWrite(PlanHolder h, @Nullable Object[] values) {
        boolean autocommit = !inTransaction;
        if (db.readOnly())
            throw new NablaException(
                    ErrorCode.READ_ONLY,
                    "cannot execute " + verb(h.ast) + ": " + db.readOnlyError().getMessage());
        if (autocommit ? defaultReadOnly() : txnReadOnly)
            throw new NablaException(
                    ErrorCode.READ_ONLY, "cannot execute " + verb(h.ast) + " in a read-only transaction");
        if (!holdsWriteLock) {
            AttachedFiles.checkOneWrittenDatabase(this);
            db.acquireWrite(this, settings.getLong("lock_timeout"));
            holdsWriteLock = true;
            try {
                checkSerializable();
            } catch (NablaException e) {
                holdsWriteLock = false;
                db.releaseWrite();
                throw e;
            }
            txn = StorageTransaction.begin();
            working = db.committed();
        }
        try {
            // another session may have changed the catalog while this one waited for the lock
            Planned p = h.planned;
            StorageTransaction t = writeTxn();
            CatalogState before = writing();
            if (p == null || stale(h, p, before)) p = plan(h, before);
            if (autocommit) {
                Result r = new StatementRunner(this, new StatementContext(this, values, before, t), p).run();
                checkCancelled();
                t.commit();
                db.publish(writing());
                return r;
            }
            StorageTransaction.Savepoint sp = t.savepoint();
            try {
                Result r = new StatementRunner(this, new StatementContext(this, values, before, t), p).run();
                checkCancelled();
                t.release(sp);
                return r;
            } catch (RuntimeException | Error e) {
                t.rollbackTo(sp);
                t.release(sp);
                working = before;
                throw e;
            }
        } finally {
            if (autocommit) endTransaction(false);
        }
    }

    /** The statement's kind as PostgreSQL names it in errors: INSERT, UPDATE, CREATE TABLE, … */
    private static String verb(Statement ast) {
        String[] words = ast.toSql().trim().split("\\s+", 3);
        boolean two = words.length > 1
                && (words[0].equalsIgnoreCase("CREATE")
                        || words[0].equalsIgnoreCase("DROP")
                        || words[0].equalsIgnoreCase("ALTER"));
        return (two ? words[0] + " " + words[1] : words[0]).toUpperCase(java.util.Locale.ROOT);
    }

    /** A SAVEPOINT: the storage mark (null when taken before the transaction's first write) and the catalog then. */
    private record NamedSavepoint(
            String name,
            StorageTransaction.@Nullable Savepoint mark,
            @Nullable CatalogState working) {}

    /** The most recent savepoint of that name (PostgreSQL allows reusing a name; the newest one hides older ones). */
    private int findSavepoint(String name) {
        for (int i = savepoints.size() - 1; i >= 0; i--)
            if (savepoints.get(i).name().equals(name)) return i;
        throw new NablaException(ErrorCode.TRANSACTION, "savepoint \"" + name + "\" does not exist");
    }

    /** Undoes data changes and DDL made since the savepoint; it stays defined, later ones are destroyed. */
    private void rollbackToSavepoint(int at) {
        NamedSavepoint sp = savepoints.get(at);
        savepoints.subList(at + 1, savepoints.size()).clear();
        StorageTransaction.Savepoint mark = sp.mark();
        if (mark != null) {
            writeTxn().rollbackTo(mark);
            working = sp.working();
        } else if (txn != null) {
            // taken before the first write: back to no writes at all, as if the transaction had only read so far
            try {
                txn.rollback();
            } finally {
                txn = null;
                working = null;
                if (holdsWriteLock) {
                    holdsWriteLock = false;
                    db.releaseWrite();
                }
            }
        }
    }

    /** Forgets the savepoint and every later one; their changes stay part of the transaction. */
    private void releaseSavepoint(int at) {
        List<NamedSavepoint> gone = savepoints.subList(at, savepoints.size());
        for (NamedSavepoint sp : gone) {
            StorageTransaction.Savepoint mark = sp.mark();
            if (mark != null) {
                writeTxn().release(mark);
                break;
            }
        }
        gone.clear();
    }

    /** Commits or rolls back the session's transaction (if any) and releases the writer lock. */
    private void endTransaction(boolean commit) {
        try {
            StorageTransaction t = txn;
            if (t != null) {
                if (commit) {
                    t.commit();
                    db.publish(writing());
                } else {
                    t.rollback();
                }
            }
        } finally {
            txn = null;
            working = null;
            txnCatalog = null;
            txnSnapshots = null;
            synchronized (txnReads) {
                txnReads.clear();
                txnKeyReads.clear();
            }
            savepoints.clear();
            inTransaction = false;
            txnQueried = false;
            if (holdsWriteLock) {
                holdsWriteLock = false;
                db.releaseWrite();
            }
        }
    }

    /** What currval reports: the value nextval last returned in this session, by sequence (lower-case name). */
    private final java.util.Map<String, Long> lastSequenceValues = new java.util.concurrent.ConcurrentHashMap<>();

    private final dev.nabla.engine.exec.SequenceCalls sequenceCalls = new dev.nabla.engine.exec.SequenceCalls() {
        @Override
        public long nextval(String sequence) {
            refuseInReadOnlyTransaction("nextval()");
            long v = db.sequences().require(ownName(sequence)).next();
            lastSequenceValues.put(CatalogState.key(sequence), v);
            return v;
        }

        @Override
        public long currval(String sequence) {
            db.sequences().require(ownName(sequence));
            Long v = lastSequenceValues.get(CatalogState.key(sequence));
            if (v == null) {
                throw new NablaException(
                        ErrorCode.NOT_IN_PREREQUISITE_STATE,
                        "currval of sequence \"" + sequence + "\" is not yet defined in this session");
            }
            return v;
        }

        @Override
        public long setval(String sequence, long value, boolean called) {
            refuseInReadOnlyTransaction("setval()");
            long v = db.sequences().require(ownName(sequence)).set(value, called);
            if (called) lastSequenceValues.put(CatalogState.key(sequence), v);
            return v;
        }
    };

    /** A sequence call changes the database outside the transaction's snapshot, so PostgreSQL refuses it here. */
    private void refuseInReadOnlyTransaction(String what) {
        if (inTransaction ? txnReadOnly : defaultReadOnly())
            throw new NablaException(ErrorCode.READ_ONLY, "cannot execute " + what + " in a read-only transaction");
    }

    dev.nabla.engine.exec.SequenceCalls sequenceCalls() {
        return sequenceCalls;
    }

    /**
     * The catalog this session sees now, for tools that describe it (JDBC DatabaseMetaData): tables with their
     * keys, defaults and foreign keys, views with their SQL text, indexes and attached schemas. Read-only.
     */
    public CatalogState catalogState() {
        return visibleCatalog();
    }

    /** The catalog this session sees now: its transaction's own once it has written, else the committed one. */
    CatalogState visibleCatalog() {
        if (working != null) return working;
        CatalogState snapshot = txnCatalog;
        return snapshot != null && txn == null ? snapshot : db.committed();
    }

    /** The indexes this session sees (their names, tables and columns), for the shell's {@code .indexes}. */
    public java.util.List<dev.nabla.engine.catalog.IndexEntry> indexes() {
        return visibleCatalog().indexes();
    }

    /** The writing transaction's catalog; only during a write statement. */
    @Nullable
    CatalogState working() {
        return working;
    }

    /** The writing transaction's catalog, which exists whenever this session holds the writer lock. */
    private CatalogState writing() {
        return Objects.requireNonNull(working, "no write transaction");
    }

    /** The storage transaction, which exists whenever this session holds the writer lock. */
    private StorageTransaction writeTxn() {
        return Objects.requireNonNull(txn, "no write transaction");
    }

    void setWorking(CatalogState state) {
        working = state;
    }

    @Nullable
    StorageTransaction transaction() {
        return txn;
    }

    /** Whether this session holds the database's write lock (from its first write until its transaction ends). */
    boolean holdsWriteLock() {
        return holdsWriteLock;
    }

    // Catalog (plan module, not null-marked) takes a lookup that answers null for an unknown setting
    @SuppressWarnings("NullAway")
    Catalog catalog(CatalogState state) {
        Catalog c = new Catalog(state, db.tableFunctions(), settings::get, implicitTables, db.sequences());
        Session p = parent;
        if (p != null && addressed) c = c.withOuter(AttachedFiles.outerTables(p, alias, viewOfOwn));
        return p == null ? c.withDatabases(() -> AttachedFiles.databases(this)) : c;
    }

    /** The running statement's memory reservation (NONE between statements). */
    dev.nabla.engine.exec.MemoryReservation memory() {
        return memory;
    }

    void checkCancelled() {
        memory.checkEvicted();
        if (cancelRequested) throw new NablaException(ErrorCode.CANCELLED, "statement cancelled");
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw new NablaException(
                    ErrorCode.CANCELLED, "statement cancelled: timeout of " + timeoutMillis + " ms expired");
        }
    }

    private void checkOpen() {
        if (closed) throw new NablaException(ErrorCode.INVALID_ARGUMENT, "session is closed");
        db.checkOpen();
    }

    // ------------------------------------------------------------------ read-write ATTACH (see AttachedFiles)

    Map<String, Session> attachedSessions() {
        return attached;
    }

    @Nullable
    Session parentSession() {
        return parent;
    }

    void makeAttached(Session parent, String alias) {
        this.parent = parent;
        this.alias = alias;
    }

    @Nullable
    String alias() {
        return alias;
    }

    @Nullable
    String using() {
        return using;
    }

    void setUsing(@Nullable String name) {
        using = name;
    }

    /** Whether a SAVEPOINT is open (a transaction that also uses an attached database refuses them). */
    boolean hasSavepoints() {
        return !savepoints.isEmpty();
    }

    /** A sequence name as this database knows it: {@code o.s} or {@code main.s} in an attached database is {@code s}. */
    private String ownName(String sequence) {
        String a = alias;
        int dot = sequence.indexOf('.');
        if (dot < 0) return sequence;
        String first = sequence.substring(0, dot);
        if ((a != null && first.equalsIgnoreCase(a)) || first.equalsIgnoreCase(Catalog.MAIN))
            return sequence.substring(dot + 1);
        return sequence;
    }

    private Result use(Statement.Use u) {
        return AttachedFiles.use(this, u);
    }

    /** The attached database's session a statement goes to, or null to run it here. */
    private @Nullable Session routeTarget(Statement ast) {
        if (parent != null || attached.isEmpty() || nested > 0) return null;
        if (ast instanceof Statement.Attach
                || ast instanceof Statement.Detach
                || ast instanceof Statement.Begin
                || ast instanceof Statement.Commit
                || ast instanceof Statement.Rollback
                || ast instanceof Statement.SetTransaction
                || ast instanceof Statement.Savepoint
                || ast instanceof Statement.RollbackToSavepoint
                || ast instanceof Statement.ReleaseSavepoint
                || ast instanceof Statement.SetOption
                || ast instanceof Statement.ShowSetting
                || ast instanceof Statement.ShowAll
                || ast instanceof Statement.ExportDatabase
                || ast instanceof Statement.ImportDatabase
                || isDatabasesQuery(ast)) return null;
        String u = using;
        if (u != null) return attached.get(u);
        java.util.Set<String> names = AttachNames.addressed(ast, attached.keySet());
        if (names.isEmpty()) return null;
        if (names.size() > 1)
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    "a statement can address one attached database at a time (it names " + String.join(" and ", names)
                            + ")");
        return attached.get(names.iterator().next());
    }

    /** SHOW DATABASES and duckdb_databases() list this session's databases, wherever USE points. */
    private static boolean isDatabasesQuery(Statement ast) {
        return ast instanceof Statement.QueryStatement q
                && q.toSql().toLowerCase(java.util.Locale.ROOT).contains("duckdb_databases(");
    }

    private Result routed(Session target, Statement ast, @Nullable Object[] params) {
        return AttachedFiles.routed(this, target, ast, params, using == null);
    }

    /** COMMIT and ROLLBACK end the transaction in every attached database too (at most one of them wrote). */
    private Result transactionControlWithAttached(BoundStatement.TransactionControl tc) {
        if (attached.isEmpty() || parent != null) return transactionControl(tc);
        return AttachedFiles.transactionControl(this, tc, () -> transactionControl(tc));
    }

    /** Runs a statement here on behalf of the parent session (its clock is the parent's). */
    Result runAddressed(Statement ast, @Nullable Object[] params, boolean byName, boolean viewOnly) {
        addressed = byName;
        viewOfOwn = viewOnly;
        try {
            return run(() -> new PlanHolder(ast), params == null ? new Object[0] : params, System.nanoTime());
        } finally {
            addressed = false;
            viewOfOwn = false;
        }
    }
}
