package dev.nabla.engine;

import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.FunctionHooks;
import dev.nabla.storage.StorageTransaction;
import dev.nabla.storage.Table;
import dev.nabla.storage.TableSnapshot;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one running statement hands the executor: its parameters, its session's cancellation and
 * settings, and the table states it reads. Each table is read at one state for the whole statement:
 * outside a writing transaction every table of the catalog is snapshotted together on first use
 * (so a statement never mixes before and after of another session's commit); inside one, the
 * transaction's own view (its uncommitted writes included) as of the statement's first read.
 */
final class StatementContext implements ExecContext, StoredTable.SnapshotProvider {
    private final Session session;
    private final Object[] parameters;
    private final CatalogState catalog;
    private final StorageTransaction txn;
    private final Map<Table, TableSnapshot> snapshots = new IdentityHashMap<>();
    private boolean committedTaken;

    StatementContext(Session session, Object[] parameters, CatalogState catalog, StorageTransaction txn) {
        this.session = session;
        this.parameters = parameters;
        this.catalog = catalog;
        this.txn = txn;
    }

    @Override
    public Object[] parameters() {
        return parameters;
    }

    @Override
    public void checkCancelled() {
        session.checkCancelled();
    }

    @Override
    public dev.nabla.engine.exec.MemoryReservation memory() {
        return session.memory();
    }

    @Override
    public Object setting(String name) {
        return session.settings().get(name);
    }

    @Override
    public void rowsScanned(int rows) {
        session.addRowsScanned(rows);
    }

    @Override
    public void recursionIteration(long n) {
        session.setIteration(n);
    }

    @Override
    public FunctionHooks functionHooks() {
        return (expr, variable) -> dev.nabla.autograd.DerivativeSql.derivative(
                expr, variable, session.database().derivativeExpander());
    }

    @Override
    public dev.nabla.engine.exec.SequenceCalls sequences() {
        return session.sequenceCalls();
    }

    @Override
    public synchronized TableSnapshot snapshot(Table table) {
        // asked on every read, not only the first: the transaction's record of what it read must see each one
        TableSnapshot fixed = txn == null ? session.transactionSnapshot(table) : null;
        TableSnapshot s = snapshots.get(table);
        if (s != null) return s;
        if (txn != null) {
            s = txn.snapshot(table);
        } else if (fixed != null) {
            // a SERIALIZABLE transaction reads its own snapshot until its first write
            s = fixed;
        } else {
            if (!committedTaken) {
                committedTaken = true;
                List<Table> all = new ArrayList<>();
                for (StoredTable t : catalog.tables()) all.add(t.table());
                if (!all.contains(table)) all.add(table);
                List<TableSnapshot> taken = Table.snapshots(all);
                for (int i = 0; i < all.size(); i++) snapshots.put(all.get(i), taken.get(i));
                s = snapshots.get(table);
            } else {
                s = table.snapshot();
            }
        }
        snapshots.put(table, s);
        return s;
    }

    /** A SERIALIZABLE transaction before its first write records a read of one row; otherwise {@link #snapshot}. */
    @Override
    public synchronized TableSnapshot keyedSnapshot(Table table, int column, Object key) {
        TableSnapshot fixed = txn == null ? session.transactionSnapshot(table, column, key) : null;
        if (fixed == null) return snapshot(table);
        TableSnapshot s = snapshots.get(table);
        if (s != null) return s;
        snapshots.put(table, fixed);
        return fixed;
    }

    /**
     * The key indexes are the writer's: usable only while this session holds the database's write lock
     * (no one else changes them), and only for a snapshot of the very state they index (this transaction's
     * writer state, else the committed one; a statement that has since written reads a newer state).
     */
    @Override
    public long lookupKey(Table table, TableSnapshot snap, int column, Object key) {
        if (!session.holdsWriteLock()) return -2;
        TableSnapshot current = txn != null ? txn.snapshot(table) : table.snapshot();
        if (current.version() != snap.version()) return -2;
        return table.lookupUniqueColumn(column, key);
    }

    /** Forgets the state read so far: the next read sees this transaction's latest writes (after a write step). */
    synchronized void refresh() {
        snapshots.clear();
        committedTaken = false;
    }
}
