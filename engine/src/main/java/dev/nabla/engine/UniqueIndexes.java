package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.ForeignKey;
import dev.nabla.engine.catalog.IndexEntry;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.storage.Table;
import dev.nabla.storage.UniqueKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CREATE UNIQUE INDEX and DROP INDEX of one. A unique index is enforced as a UNIQUE key of its table
 * named like the index (so violations name the index, as in PostgreSQL). A table's keys are fixed
 * when the table is made, so both statements build a replacement table with the changed keys and the
 * same rows, as ALTER TABLE does ({@link TableAlteration}): copying the rows into the new keys is what
 * finds duplicates, and a failure or ROLLBACK leaves the old table untouched.
 */
final class UniqueIndexes {
    private UniqueIndexes() {}

    /** The rebuild that adds the index's key; the caller has checked that the name is free. */
    static TableAlteration create(CatalogState state, BoundStatement.CreateIndex c) {
        StoredTable t = state.table(DdlRunner.bareName(c.table()));
        if (t == null) throw new NablaException(ErrorCode.UNKNOWN_TABLE, "table \"" + c.table() + "\" does not exist");
        int[] cols = new int[c.columns().size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = t.schema().indexOf(c.columns().get(i));
            if (cols[i] < 0) {
                throw new NablaException(
                        ErrorCode.UNKNOWN_COLUMN,
                        "column \"" + c.columns().get(i) + "\" does not exist in table " + t.name());
            }
        }
        cols = Arrays.stream(cols).distinct().toArray();
        List<UniqueKey> uniques = new ArrayList<>(t.table().uniqueKeys());
        for (UniqueKey u : uniques) {
            // the constraint's own index has that name in PostgreSQL
            if (u.name().equalsIgnoreCase(c.name()))
                throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "relation \"" + c.name() + "\" already exists");
        }
        uniques.add(new UniqueKey(c.name(), cols));
        List<IndexEntry> indexes = indexesOf(state, t);
        indexes.add(new IndexEntry(c.name(), t.name(), c.columns(), true));
        return rebuild(t, uniques, indexes);
    }

    /** The rebuild that drops a unique index's key; refused while a FOREIGN KEY needs that key. */
    static TableAlteration drop(CatalogState state, IndexEntry index) {
        StoredTable t = state.table(index.table());
        if (t == null)
            throw new NablaException(
                    ErrorCode.INTERNAL, "index " + index.name() + ": table " + index.table() + " is gone");
        List<UniqueKey> uniques = new ArrayList<>(t.table().uniqueKeys());
        UniqueKey key = null;
        for (UniqueKey u : uniques) if (u.name().equalsIgnoreCase(index.name())) key = u;
        if (key == null)
            throw new NablaException(ErrorCode.INTERNAL, "unique index " + index.name() + " has no key in " + t.name());
        uniques.remove(key);
        requireNoForeignKeyNeeds(state, t, key, uniques);
        List<IndexEntry> indexes = indexesOf(state, t);
        indexes.removeIf(i -> i.name().equalsIgnoreCase(index.name()));
        return rebuild(t, uniques, indexes);
    }

    /** A FOREIGN KEY referencing exactly the key's columns needs it unless the primary key or another unique key has them too. */
    private static void requireNoForeignKeyNeeds(
            CatalogState state, StoredTable t, UniqueKey key, List<UniqueKey> others) {
        int[] cols = sorted(key.columns());
        if (t.schema().hasPrimaryKey() && Arrays.equals(sorted(t.schema().primaryKey()), cols)) return;
        for (UniqueKey u : others) if (Arrays.equals(sorted(u.columns()), cols)) return;
        List<StoredTable> children = new ArrayList<>(DdlRunner.referencing(state, t.name()));
        children.add(t);
        for (StoredTable child : children) {
            for (ForeignKey f : child.foreignKeys()) {
                if (f.parent().equalsIgnoreCase(t.name()) && Arrays.equals(sorted(f.parentColumns()), cols)) {
                    throw new NablaException(
                            ErrorCode.FOREIGN_KEY_VIOLATION,
                            "cannot drop index " + key.name() + " because constraint " + f.name() + " on table "
                                    + child.name() + " requires it");
                }
            }
        }
    }

    private static int[] sorted(int[] cols) {
        int[] s = cols.clone();
        Arrays.sort(s);
        return s;
    }

    private static List<IndexEntry> indexesOf(CatalogState state, StoredTable t) {
        List<IndexEntry> out = new ArrayList<>();
        for (IndexEntry i : state.indexes()) if (i.table().equalsIgnoreCase(t.name())) out.add(i);
        return out;
    }

    /** Same name, columns, defaults, CHECKs and FOREIGN KEYs; only the unique keys differ. */
    private static TableAlteration rebuild(StoredTable t, List<UniqueKey> uniques, List<IndexEntry> indexes) {
        StoredTable to =
                new StoredTable(new Table(t.name(), t.schema(), uniques), t.defaults(), t.checks(), t.foreignKeys());
        List<Integer> all = Planner.allColumns(t);
        return new TableAlteration(t, to, all, all, indexes);
    }
}
