package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A unit of change over any number of tables. Writers are created on first use per table
 * ({@link #writer}); {@link #commit()} publishes every touched table at once, {@link #rollback()}
 * discards everything. {@link #savepoint()}/{@link #rollbackTo} give statement-level atomicity inside
 * a longer transaction. A table can be written by one transaction at a time (the engine serialises
 * writers anyway); readers never block and never see uncommitted data.
 */
public final class StorageTransaction {
    /** Held while publishing, so that {@link Table#snapshots} sees all of a commit or none of it. */
    static final Object COMMIT_LOCK = new Object();

    private enum Status {
        ACTIVE,
        COMMITTED,
        ROLLED_BACK
    }

    private final Map<Table, TableWriter> writers = new LinkedHashMap<>();
    private final List<Savepoint> savepoints = new ArrayList<>();
    private Status status = Status.ACTIVE;

    private StorageTransaction() {}

    public static StorageTransaction begin() {
        return new StorageTransaction();
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    /** This transaction's writer for a table; takes the table's write lock on first use. */
    public TableWriter writer(Table table) {
        checkActive();
        TableWriter w = writers.get(table);
        if (w == null) {
            table.lockFor(this);
            w = new TableWriter(table, this);
            writers.put(table, w);
        }
        return w;
    }

    /** What this transaction sees of a table: its own uncommitted state if it wrote to it, else the committed one. */
    public TableSnapshot snapshot(Table table) {
        TableWriter w = writers.get(table);
        return w != null && isActive() ? w.snapshot() : table.snapshot();
    }

    /** Whether this transaction has a writer for the table. */
    public boolean touches(Table table) {
        return writers.containsKey(table);
    }

    /** Marks the current state; {@link #rollbackTo} returns to it. */
    public Savepoint savepoint() {
        checkActive();
        Map<TableWriter, TableWriter.State> states = new IdentityHashMap<>();
        for (TableWriter w : writers.values()) states.put(w, w.capture());
        Savepoint sp = new Savepoint(this, states);
        savepoints.add(sp);
        return sp;
    }

    /**
     * Undoes everything done since the savepoint, in every table (tables first written after it
     * return to their committed state). The savepoint stays usable; later ones are discarded.
     */
    public void rollbackTo(Savepoint sp) {
        checkActive();
        int at = savepoints.indexOf(sp);
        if (sp.txn != this || at < 0) throw new NablaException(ErrorCode.TRANSACTION, "no such savepoint");
        for (TableWriter w : writers.values()) {
            TableWriter.State st = sp.states.get(w);
            w.restore(st != null ? st : w.baseState());
        }
        savepoints.subList(at + 1, savepoints.size()).clear();
    }

    /** Forgets a savepoint and every later one (RELEASE SAVEPOINT); changes are kept. */
    public void release(Savepoint sp) {
        checkActive();
        int at = savepoints.indexOf(sp);
        if (sp.txn != this || at < 0) throw new NablaException(ErrorCode.TRANSACTION, "no such savepoint");
        savepoints.subList(at, savepoints.size()).clear();
    }

    /** Publishes every touched table atomically and ends the transaction. */
    public void commit() {
        checkActive();
        try {
            // prepare outside the lock, so that concurrent snapshots wait only for the pointer swaps
            for (TableWriter w : writers.values()) {
                w.compactForCommit();
                w.version();
            }
            synchronized (COMMIT_LOCK) {
                for (TableWriter w : writers.values()) {
                    if (w.table().current() != w.base) {
                        throw new NablaException(
                                ErrorCode.TRANSACTION,
                                "could not commit: table " + w.table().name() + " was changed by another transaction");
                    }
                }
                for (TableWriter w : writers.values()) w.table().publish(w.version());
            }
        } catch (NablaException e) {
            rollback();
            throw e;
        }
        for (TableWriter w : writers.values()) {
            w.committed();
            w.table().unlock(this);
        }
        status = Status.COMMITTED;
        savepoints.clear();
    }

    /** Discards every change and ends the transaction; a no-op once it has ended. */
    public void rollback() {
        if (status != Status.ACTIVE) return;
        for (TableWriter w : writers.values()) {
            w.restore(w.baseState());
            w.committed();
            w.table().unlock(this);
        }
        status = Status.ROLLED_BACK;
        savepoints.clear();
    }

    void checkActive() {
        if (status != Status.ACTIVE) throw new NablaException(ErrorCode.TRANSACTION, "transaction has already ended");
    }

    /** A point inside a transaction to roll back to. */
    public static final class Savepoint {
        private final StorageTransaction txn;
        private final Map<TableWriter, TableWriter.State> states;

        private Savepoint(StorageTransaction txn, Map<TableWriter, TableWriter.State> states) {
            this.txn = txn;
            this.states = states;
        }
    }
}
