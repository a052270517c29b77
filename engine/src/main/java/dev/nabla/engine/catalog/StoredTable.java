package dev.nabla.engine.catalog;

import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.WritableTable;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import dev.nabla.storage.Schema;
import dev.nabla.storage.Table;
import dev.nabla.storage.TableSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A catalog table: the storage {@link Table} plus what storage does not keep (column defaults, CHECK constraints).
 * A scan reads the snapshot the running statement chose for this table (see {@link SnapshotProvider}),
 * so every scan of one statement sees the same state, its own transaction's writes included.
 */
public final class StoredTable implements ScannableSource, WritableTable {
    private final Table table;
    private final List<Expr> defaults;
    private final List<String> names;
    private final List<DataType> types;
    private final TableChecks checks;
    private final List<ForeignKey> foreignKeys;
    private final DistinctCounts distinct = new DistinctCounts();

    public StoredTable(Table table, List<Expr> defaults) {
        this(table, defaults, TableChecks.NONE);
    }

    public StoredTable(Table table, List<Expr> defaults, TableChecks checks) {
        this(table, defaults, checks, List.of());
    }

    public StoredTable(Table table, List<Expr> defaults, TableChecks checks, List<ForeignKey> foreignKeys) {
        this.table = Objects.requireNonNull(table);
        this.checks = Objects.requireNonNull(checks);
        this.foreignKeys = List.copyOf(foreignKeys);
        Schema s = table.schema();
        List<Expr> d = new ArrayList<>(Collections.nCopies(s.width(), (Expr) null));
        if (defaults != null) for (int i = 0; i < Math.min(defaults.size(), d.size()); i++) d.set(i, defaults.get(i));
        this.defaults = Collections.unmodifiableList(d);
        this.names = s.names();
        List<DataType> t = new ArrayList<>(s.width());
        for (int i = 0; i < s.width(); i++) t.add(s.type(i));
        this.types = List.copyOf(t);
    }

    public Table table() {
        return table;
    }

    public Schema schema() {
        return table.schema();
    }

    @Override
    public Expr defaultOf(int column) {
        return defaults.get(column);
    }

    public List<Expr> defaults() {
        return defaults;
    }

    /** The CHECK constraints every stored row must pass. */
    public TableChecks checks() {
        return checks;
    }

    @Override
    public List<String> checkNames() {
        return checks.checks().stream().map(c -> c.name()).toList();
    }

    @Override
    public List<Expr> checksOver(List<Column> row) {
        return checks.conditionsOver(row);
    }

    /** The FOREIGN KEYs of this table (as the child). */
    public List<ForeignKey> foreignKeys() {
        return foreignKeys;
    }

    @Override
    public String name() {
        return table.name();
    }

    @Override
    public List<String> columnNames() {
        return names;
    }

    @Override
    public List<DataType> columnTypes() {
        return types;
    }

    @Override
    public long estimatedRows() {
        return table.estimatedRows();
    }

    @Override
    public long distinctValues(int column) {
        return columnStats(column).distinct();
    }

    @Override
    public dev.nabla.plan.logical.ColumnStats columnStats(int column) {
        if (column < 0 || column >= types.size()) return dev.nabla.plan.logical.ColumnStats.UNKNOWN;
        return distinct.of(table.snapshot(), column);
    }

    @Override
    public Iterator<Batch> scan(
            List<Integer> columns, boolean withRowIds, Expr pushedFilter, List<Column> scanOutput, ExecContext ctx) {
        TableSnapshot snap = ctx instanceof SnapshotProvider p
                ? readSnapshot(p, pushedFilter, scanOutput, columns, ctx.parameters())
                : table.snapshot();
        int[] cols = new int[columns.size()];
        for (int i = 0; i < cols.length; i++) cols[i] = columns.get(i);
        if (pushedFilter != null && ctx instanceof SnapshotProvider p) {
            Iterator<Batch> keyed =
                    keyLookup(p, snap, pushedFilter, scanOutput, columns, cols, withRowIds, ctx.parameters());
            if (keyed != null) return keyed;
        }
        return withRowIds ? snap.scanWithRowIds(cols) : snap.scan(cols);
    }

    /**
     * A point lookup instead of a scan: when a conjunct of the filter is {@code column = constant} (or
     * {@code = ?}) on a single-column PRIMARY KEY or UNIQUE key and the statement may read the key index
     * (see {@link SnapshotProvider#lookupKey}), the at most one matching row is found in O(1). The executor
     * still applies the whole filter to it. Null when no lookup applies: then the table is scanned.
     */
    private Iterator<Batch> keyLookup(
            SnapshotProvider p,
            TableSnapshot snap,
            Expr filter,
            List<Column> scanOutput,
            List<Integer> columns,
            int[] cols,
            boolean withRowIds,
            Object[] params) {
        for (PinnedKey k : pinnedKeys(filter, scanOutput, columns, params)) {
            if (k.key() == null) return Collections.emptyIterator();
            if (!keyMatchesColumnType(k.key(), types.get(k.column()))) continue;
            long rowId = p.lookupKey(table, snap, k.column(), k.key());
            if (rowId == -2) continue;
            Batch row = rowId < 0 ? null : snap.rowBatch(rowId, cols, withRowIds);
            return row == null ? Collections.emptyIterator() : List.of(row).iterator();
        }
        return null;
    }

    /**
     * The snapshot a scan reads. When the filter pins a single-column unique key to one value, the rows it can
     * return are at most the one row holding that value, and the provider is told so (a SERIALIZABLE transaction
     * then records a row read rather than a whole-table read, see {@link SnapshotProvider#keyedSnapshot}).
     */
    private TableSnapshot readSnapshot(
            SnapshotProvider p, Expr filter, List<Column> scanOutput, List<Integer> columns, Object[] params) {
        if (filter != null) {
            for (PinnedKey k : pinnedKeys(filter, scanOutput, columns, params)) {
                if (k.key() == null || !table.isUniqueColumn(k.column())) continue;
                if (!keyMatchesColumnType(k.key(), types.get(k.column()))) continue;
                return p.keyedSnapshot(table, k.column(), k.key() instanceof Integer i ? (Object) (long) i : k.key());
            }
        }
        return p.snapshot(table);
    }

    /** A conjunct {@code column = constant} or {@code = ?} of a pushed filter: the table column and the value. */
    private record PinnedKey(int column, @Nullable Object key) {}

    /** The conjuncts that pin a table column to one value, in the filter's order (a NULL value included). */
    private static List<PinnedKey> pinnedKeys(
            Expr filter, List<Column> scanOutput, List<Integer> columns, Object[] params) {
        List<PinnedKey> out = new ArrayList<>();
        for (Expr conjunct : conjuncts(filter)) {
            if (!(conjunct instanceof Call c) || c.fn() != Fn.EQ) continue;
            for (int side = 0; side < 2; side++) {
                if (!(c.args().get(side) instanceof ColumnRef ref)) continue;
                Expr other = c.args().get(1 - side);
                Object key;
                if (other instanceof Literal lit) key = lit.value();
                else if (other instanceof Param par && params != null && par.index() < params.length)
                    key = params[par.index()];
                else continue;
                int column = sourceColumn(ref, scanOutput, columns);
                if (column >= 0) out.add(new PinnedKey(column, key));
            }
        }
        return out;
    }

    private static List<Expr> conjuncts(Expr e) {
        if (e instanceof Call c && c.fn() == Fn.AND) {
            List<Expr> out = new ArrayList<>(conjuncts(c.args().get(0)));
            out.addAll(conjuncts(c.args().get(1)));
            return out;
        }
        return List.of(e);
    }

    /** The table column a scan output reference reads, or -1. */
    private static int sourceColumn(ColumnRef ref, List<Column> scanOutput, List<Integer> columns) {
        for (int i = 0; i < scanOutput.size() && i < columns.size(); i++)
            if (scanOutput.get(i).id() == ref.id()) return columns.get(i);
        return -1;
    }

    /**
     * Only integer and VARCHAR keys with a value of the column's own kind are looked up, where the index's
     * equality is SQL's; floating-point keys (-0.0 = 0.0, REAL rounding) and anything else scan.
     */
    private static boolean keyMatchesColumnType(Object key, DataType type) {
        return switch (type.physical()) {
            case LONG ->
                !type.isTemporal() && type != DataType.BOOLEAN && (key instanceof Long || key instanceof Integer);
            case DOUBLE, ARRAY, LIST -> false;
            case STRING -> type == DataType.VARCHAR && key instanceof String;
        };
    }

    @Override
    public String toString() {
        return table.name();
    }

    /** Implemented by the engine's statement context: which state of a table the statement reads. */
    public interface SnapshotProvider {
        TableSnapshot snapshot(Table table);

        /**
         * The row id holding {@code key} in the single-column unique key on {@code column}, from the key
         * index, when this statement may use it for {@code snap} (it holds the database's write lock, so the
         * index is its own, and {@code snap} is the index's state); -1 when no row holds the key, -2 when the
         * index cannot be used (then the table is scanned).
         */
        default long lookupKey(Table table, TableSnapshot snap, int column, Object key) {
            return -2;
        }

        /**
         * {@link #snapshot}, for a scan that returns only rows whose single-column unique key {@code column} holds
         * {@code key} (a Long or a String): what the statement reads of the table depends on that row alone.
         */
        default TableSnapshot keyedSnapshot(Table table, int column, Object key) {
            return snapshot(table);
        }
    }
}
