package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.ForeignKey;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.StorageTransaction;
import dev.nabla.storage.TableScan;
import dev.nabla.storage.TableSnapshot;
import dev.nabla.storage.TableWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * FOREIGN KEY enforcement (NO ACTION) through the parents' key indexes: a child row written must
 * find its key in the parent (unless a key column is NULL), and once a statement has removed or
 * changed keys of a parent, every child row must still find its key. Runs only for tables that have
 * or are referenced by foreign keys; a violation fails the statement, which the session undoes.
 */
final class ForeignKeyChecks {
    private final StorageTransaction txn;
    private final CatalogState state;

    ForeignKeyChecks(StorageTransaction txn, CatalogState state) {
        this.txn = txn;
        this.state = state;
    }

    /** The live rows of {@code b} (its first columns are {@code child}'s, in table order) must each match a parent row. */
    void checkChildRows(StoredTable child, Batch b) {
        for (ForeignKey f : child.foreignKeys()) {
            Lookup l = lookup(f);
            for (int i = 0; i < b.count; i++) {
                int r = b.row(i);
                Object[] key = l.key(b.columns, r);
                if (key != null && l.parent.lookupKey(l.index, key) < 0) throw missingParent(child, f, key, l);
            }
        }
    }

    /** As {@link #checkChildRows} for the stored rows {@code ids[0..n)} of {@code child} (after an UPDATE). */
    void checkChildRowIds(StoredTable child, long[] ids, int n, int[] changedColumns) {
        TableSnapshot snap = txn.writer(child.table()).snapshot();
        for (ForeignKey f : child.foreignKeys()) {
            if (Arrays.stream(f.columns())
                    .noneMatch(c -> Arrays.stream(changedColumns).anyMatch(x -> x == c))) continue;
            Lookup l = lookup(f);
            int[] cols = f.columns();
            for (int i = 0; i < n; i++) {
                Object[] key = new Object[cols.length];
                boolean hasNull = false;
                for (int j = 0; j < cols.length; j++) {
                    Object v = snap.get(ids[i], cols[l.order[j]]);
                    hasNull |= v == null;
                    key[j] = v;
                }
                if (!hasNull && l.parent.lookupKey(l.index, key) < 0) throw missingParent(child, f, key, l);
            }
        }
    }

    /** Whether a statement that changes {@code columns} of {@code parent} (null: removes rows) must re-check references. */
    boolean isReferenced(StoredTable parent, int[] columns) {
        for (StoredTable c : children(parent)) {
            for (ForeignKey f : c.foreignKeys()) {
                if (!f.parent().equalsIgnoreCase(parent.name())) continue;
                if (columns == null) return true;
                for (int pc : f.parentColumns()) for (int x : columns) if (pc == x) return true;
            }
        }
        return false;
    }

    /** After {@code parent} lost or changed keys: every child row referencing it must still find its key. */
    void checkReferences(StoredTable parent) {
        for (StoredTable child : children(parent)) {
            for (ForeignKey f : child.foreignKeys()) {
                if (!f.parent().equalsIgnoreCase(parent.name())) continue;
                Lookup l = lookup(f);
                TableScan scan = txn.snapshot(child.table()).scan(f.columns());
                while (scan.hasNext()) {
                    Batch b = scan.next();
                    for (int i = 0; i < b.count; i++) {
                        int r = b.row(i);
                        Object[] key = l.keyOfScan(b.columns, r);
                        if (key != null && l.parent.lookupKey(l.index, key) < 0) {
                            throw new NablaException(
                                    ErrorCode.FOREIGN_KEY_VIOLATION,
                                    "update or delete on table \"" + parent.name()
                                            + "\" violates foreign key constraint \"" + f.name() + "\" on table \""
                                            + child.name() + "\": Key ("
                                            + names(parent, l.parentKey) + ")=(" + values(key)
                                            + ") is still referenced from table \"" + child.name() + "\"");
                        }
                    }
                }
            }
        }
    }

    /** Tables with a foreign key to {@code parent}, itself included when it references itself. */
    private List<StoredTable> children(StoredTable parent) {
        List<StoredTable> out = new ArrayList<>(DdlRunner.referencing(state, parent.name()));
        for (ForeignKey f : parent.foreignKeys()) {
            if (f.parent().equalsIgnoreCase(parent.name())) {
                out.add(parent);
                break;
            }
        }
        return out;
    }

    private Lookup lookup(ForeignKey f) {
        StoredTable p = state.table(f.parent());
        if (p == null)
            throw new NablaException(
                    ErrorCode.INTERNAL, "foreign key " + f.name() + ": table " + f.parent() + " is gone");
        TableWriter w = txn.writer(p.table());
        int[] pc = f.parentColumns();
        for (int k = 0; k < w.keyCount(); k++) {
            int[] kc = w.keyColumns(k);
            if (kc.length != pc.length) continue;
            // order[j]: the foreign-key position holding key column j
            int[] order = new int[kc.length];
            boolean all = true;
            for (int j = 0; j < kc.length && all; j++) {
                order[j] = -1;
                for (int i = 0; i < pc.length; i++) if (pc[i] == kc[j]) order[j] = i;
                all = order[j] >= 0;
            }
            if (all) return new Lookup(w, k, f.columns(), order, kc);
        }
        throw new NablaException(
                ErrorCode.INTERNAL, "foreign key " + f.name() + ": no key of " + f.parent() + " matches");
    }

    private static NablaException missingParent(StoredTable child, ForeignKey f, Object[] key, Lookup l) {
        int[] cols = f.columns();
        StringBuilder names = new StringBuilder();
        for (int j = 0; j < l.order.length; j++)
            names.append(j > 0 ? ", " : "").append(child.columnNames().get(cols[l.order[j]]));
        return new NablaException(
                ErrorCode.FOREIGN_KEY_VIOLATION,
                "insert or update on table \"" + child.name() + "\" violates foreign key constraint \"" + f.name()
                        + "\": Key (" + names + ")=(" + values(key) + ") is not present in table \"" + f.parent()
                        + "\"");
    }

    private static String names(StoredTable t, int[] cols) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < cols.length; j++)
            sb.append(j > 0 ? ", " : "").append(t.columnNames().get(cols[j]));
        return sb.toString();
    }

    private static String values(Object[] key) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < key.length; j++) sb.append(j > 0 ? ", " : "").append(key[j]);
        return sb.toString();
    }

    /** How to look a child key up in the parent's key {@code index}: key column j comes from child column {@code columns[order[j]]}. */
    private record Lookup(TableWriter parent, int index, int[] columns, int[] order, int[] parentKey) {
        /** The key of row r of a batch whose columns are the child table's; null when a part is NULL. */
        Object[] key(ColumnVector[] cols, int r) {
            Object[] k = new Object[order.length];
            for (int j = 0; j < order.length; j++) {
                ColumnVector v = cols[columns[order[j]]];
                if (v.isNull(r) || v.type == dev.nabla.storage.DataType.NULL) return null;
                k[j] = v.getObject(r);
                if (k[j] == null) return null;
            }
            return k;
        }

        /** As {@link #key} for a scan of just the foreign-key columns, in foreign-key order. */
        Object[] keyOfScan(ColumnVector[] cols, int r) {
            Object[] k = new Object[order.length];
            for (int j = 0; j < order.length; j++) {
                ColumnVector v = cols[order[j]];
                if (v.isNull(r) || v.type == dev.nabla.storage.DataType.NULL) return null;
                k[j] = v.getObject(r);
                if (k[j] == null) return null;
            }
            return k;
        }
    }
}
