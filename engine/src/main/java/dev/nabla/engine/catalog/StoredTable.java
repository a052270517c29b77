package dev.nabla.engine.catalog;

import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.plan.expr.Expr;
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

    public StoredTable(Table table, List<Expr> defaults) { this(table, defaults, TableChecks.NONE); }

    public StoredTable(Table table, List<Expr> defaults, TableChecks checks) { this(table, defaults, checks, List.of()); }

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

    public Table table() { return table; }

    public Schema schema() { return table.schema(); }

    @Override public Expr defaultOf(int column) { return defaults.get(column); }

    public List<Expr> defaults() { return defaults; }

    /** The CHECK constraints every stored row must pass. */
    public TableChecks checks() { return checks; }

    @Override public List<String> checkNames() { return checks.checks().stream().map(c -> c.name()).toList(); }

    @Override public List<Expr> checksOver(List<Column> row) { return checks.conditionsOver(row); }

    /** The FOREIGN KEYs of this table (as the child). */
    public List<ForeignKey> foreignKeys() { return foreignKeys; }

    @Override public String name() { return table.name(); }

    @Override public List<String> columnNames() { return names; }

    @Override public List<DataType> columnTypes() { return types; }

    @Override public long estimatedRows() { return table.estimatedRows(); }

    @Override public Iterator<Batch> scan(List<Integer> columns, boolean withRowIds, Expr pushedFilter, List<Column> scanOutput, ExecContext ctx) {
        TableSnapshot snap = ctx instanceof SnapshotProvider p ? p.snapshot(table) : table.snapshot();
        int[] cols = new int[columns.size()];
        for (int i = 0; i < cols.length; i++) cols[i] = columns.get(i);
        return withRowIds ? snap.scanWithRowIds(cols) : snap.scan(cols);
    }

    @Override public String toString() { return table.name(); }

    /** Implemented by the engine's statement context: which state of a table the statement reads. */
    public interface SnapshotProvider {
        TableSnapshot snapshot(Table table);
    }
}
