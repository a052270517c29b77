package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.IndexEntry;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.catalog.TableChecks;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.BoundStatement.AlterAction;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Scan;
import dev.nabla.storage.ColumnDef;
import dev.nabla.storage.Schema;
import dev.nabla.storage.Table;
import dev.nabla.storage.UniqueKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What one ALTER TABLE does to the catalog. Every form builds a new table (new schema, the old
 * rows copied column by column) and swaps it in for the old one in a new catalog state, like CREATE
 * TABLE AS followed by DROP TABLE: the old table object is never changed, so a failing ALTER, a
 * ROLLBACK, and readers still on the old catalog state all keep seeing the old table intact.
 * Statements bound against the old state (prepared statements, plans of views) are re-bound because
 * the catalog version changes, and they bind by name: a dropped or renamed column or table is then
 * an unknown-name error, never a read of another column.
 *
 * @param from the table as it is now
 * @param to the replacement (empty; the caller copies the rows)
 * @param sourceColumns the old table's columns copied, in order
 * @param targetColumns where each of them goes in the new table
 * @param indexes the replacement's index entries
 */
record TableAlteration(
        StoredTable from,
        StoredTable to,
        List<Integer> sourceColumns,
        List<Integer> targetColumns,
        List<IndexEntry> indexes) {

    /** The alteration, or null when IF [NOT] EXISTS makes the statement a no-op. */
    static TableAlteration plan(CatalogState state, BoundStatement.AlterTable a) {
        String name = DdlRunner.bareName(a.table());
        StoredTable t = state.table(name);
        if (t == null) {
            if (state.view(name) != null)
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        a.tableSpan(),
                        "\"" + name + "\" is a view: ALTER TABLE changes tables only");
            if (a.ifExists()) return null;
            throw new NablaException(ErrorCode.UNKNOWN_TABLE, a.tableSpan(), "table \"" + name + "\" does not exist");
        }
        if (!t.foreignKeys().isEmpty()
                || !DdlRunner.referencing(state, t.name()).isEmpty()) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    a.tableSpan(),
                    "ALTER TABLE of a table that has or is referenced by a FOREIGN KEY is not supported");
        }
        Schema s = t.schema();
        List<ColumnDef> cols = new ArrayList<>(s.columns());
        List<Expr> defaults = new ArrayList<>(t.defaults());
        List<Integer> all = Planner.allColumns(t);
        List<IndexEntry> indexes = new ArrayList<>();
        for (IndexEntry i : state.indexes()) if (i.table().equalsIgnoreCase(t.name())) indexes.add(i);
        String newName = t.name();
        int[] pk = s.primaryKey();
        TableChecks checks = t.checks();
        List<UniqueKey> uniques = new ArrayList<>(t.table().uniqueKeys());
        List<Integer> source = all, target = all;
        switch (a.action()) {
            case AlterAction.AddColumn add -> {
                BoundStatement.ColumnSpec c = add.column();
                if (s.indexOf(c.name()) >= 0) {
                    if (add.ifNotExists()) return null;
                    throw new NablaException(
                            ErrorCode.DUPLICATE_OBJECT,
                            "column \"" + c.name() + "\" of table \"" + t.name() + "\" already exists");
                }
                cols.add(new ColumnDef(c.name(), c.type(), c.notNull(), false, c.limit()));
                defaults.add(c.defaultValue());
                checks = checks.withColumn(c.name(), c.type());
            }
            case AlterAction.DropColumn d -> {
                int k = s.indexOf(d.column());
                if (k < 0) {
                    if (d.ifExists()) return null;
                    throw unknownColumn(d.column(), t);
                }
                if (s.isPrimaryKeyColumn(k)) {
                    throw new NablaException(
                            ErrorCode.UNSUPPORTED,
                            "cannot drop column \"" + s.name(k) + "\": it is part of the primary key of \"" + t.name()
                                    + "\"");
                }
                if (s.width() == 1) {
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            "cannot drop column \"" + s.name(k) + "\": it is the only column of \"" + t.name() + "\"");
                }
                cols.remove(k);
                defaults.remove(k);
                source = new ArrayList<>(all);
                source.remove(k);
                target = Planner.allColumns(t).subList(0, s.width() - 1);
                for (int i = 0; i < pk.length; i++) if (pk[i] > k) pk[i]--;
                checks = checks.withoutColumn(k, s.name(k), t.name());
                // as in PostgreSQL, a unique index on the dropped column goes with it (a constraint does not)
                uniques.removeIf(u -> Arrays.stream(u.columns()).anyMatch(c -> c == k) && isUniqueIndex(indexes, u));
                for (int u = 0; u < uniques.size(); u++) {
                    int[] uc = uniques.get(u).columns();
                    for (int i = 0; i < uc.length; i++) {
                        if (uc[i] == k) {
                            throw new NablaException(
                                    ErrorCode.UNSUPPORTED,
                                    "cannot drop column \"" + s.name(k) + "\": unique constraint \""
                                            + uniques.get(u).name() + "\" of \"" + t.name() + "\" uses it");
                        }
                        if (uc[i] > k) uc[i]--;
                    }
                    uniques.set(u, new UniqueKey(uniques.get(u).name(), uc));
                }
                // as in PostgreSQL, an index on the dropped column goes with it
                String dropped = s.name(k);
                indexes.removeIf(i -> i.columns().stream().anyMatch(c -> c.equalsIgnoreCase(dropped)));
            }
            case AlterAction.RenameColumn r -> {
                int k = s.indexOf(r.from());
                if (k < 0) throw unknownColumn(r.from(), t);
                int clash = s.indexOf(r.to());
                if (clash >= 0 && clash != k) {
                    throw new NablaException(
                            ErrorCode.DUPLICATE_OBJECT,
                            "column \"" + r.to() + "\" of table \"" + t.name() + "\" already exists");
                }
                ColumnDef c = cols.get(k);
                cols.set(k, new ColumnDef(r.to(), c.type(), c.notNull(), c.primaryKey(), c.limit()));
                String old = s.name(k);
                indexes.replaceAll(i -> new IndexEntry(
                        i.name(),
                        i.table(),
                        i.columns().stream()
                                .map(n -> n.equalsIgnoreCase(old) ? r.to() : n)
                                .toList(),
                        i.unique()));
            }
            case AlterAction.RenameTable r -> {
                newName = r.to();
                if (!newName.equalsIgnoreCase(t.name())
                        && (state.table(newName) != null || state.view(newName) != null)) {
                    throw new NablaException(
                            ErrorCode.DUPLICATE_OBJECT,
                            a.tableSpan(),
                            (state.view(newName) != null ? "view" : "table") + " \"" + newName + "\" already exists");
                }
                String renamed = newName;
                indexes.replaceAll(i -> new IndexEntry(i.name(), renamed, i.columns(), i.unique()));
            }
        }
        StoredTable to = new StoredTable(new Table(newName, new Schema(cols, pk), uniques), defaults, checks);
        return new TableAlteration(t, to, source, target, indexes);
    }

    /** The catalog state with the old table (and its indexes) replaced. */
    CatalogState apply(CatalogState state, LongSupplier versions) {
        CatalogState next =
                state.withoutTable(versions.getAsLong(), from.name()).withTable(versions.getAsLong(), to);
        for (IndexEntry i : indexes) next = next.withIndex(versions.getAsLong(), i);
        return next;
    }

    /** The old rows, reduced to the copied columns. */
    LogicalPlan scanOld() {
        List<Column> out = new ArrayList<>();
        for (int k = 0; k < sourceColumns.size(); k++) {
            int c = sourceColumns.get(k);
            out.add(new Column(
                    k + 1, from.columnNames().get(c), null, from.columnTypes().get(c), true));
        }
        return new Scan(from, sourceColumns, out, null, null);
    }

    private static boolean isUniqueIndex(List<IndexEntry> indexes, UniqueKey u) {
        for (IndexEntry i : indexes) if (i.unique() && i.name().equalsIgnoreCase(u.name())) return true;
        return false;
    }

    private static NablaException unknownColumn(String column, StoredTable t) {
        return new NablaException(
                ErrorCode.UNKNOWN_COLUMN, "column \"" + column + "\" of table \"" + t.name() + "\" does not exist");
    }
}
