package dev.nabla.engine.catalog;

import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A small relation computed from the catalog when it is scanned: {@code information_schema} views and the
 * catalog functions ({@code duckdb_functions()}, {@code nabla_ddl()}, {@code duckdb_settings()}). Columns are
 * VARCHAR, BIGINT or BOOLEAN; the rows are made by {@code rows} from the scan's context, so a function that reads
 * table data (a dump) reads the statement's snapshot.
 */
public final class RowsSource implements ScannableSource {
    private final String name;
    private final List<String> names;
    private final List<DataType> types;
    private final Function<ExecContext, List<Object[]>> rows;

    public RowsSource(
            String name, List<String> names, List<DataType> types, Function<ExecContext, List<Object[]>> rows) {
        this.name = Objects.requireNonNull(name);
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.rows = Objects.requireNonNull(rows);
        if (names.size() != types.size()) throw new IllegalArgumentException("names and types differ in length");
        for (DataType t : types)
            if (t != DataType.VARCHAR && t != DataType.BIGINT && t != DataType.BOOLEAN)
                throw new IllegalArgumentException("RowsSource column type " + t);
    }

    @Override
    public String name() {
        return name;
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
        return 100;
    }

    @Override
    public Iterator<Batch> scan(
            List<Integer> columns, boolean withRowIds, Expr pushedFilter, List<Column> scanOutput, ExecContext ctx) {
        List<Object[]> all = rows.apply(ctx);
        List<Batch> out = new ArrayList<>();
        for (int start = 0; start < all.size(); start += Batch.CAPACITY) {
            int n = Math.min(Batch.CAPACITY, all.size() - start);
            ColumnVector[] vs = new ColumnVector[columns.size() + (withRowIds ? 1 : 0)];
            for (int c = 0; c < columns.size(); c++) vs[c] = vector(columns.get(c), all, start, n);
            if (withRowIds) {
                long[] ids = new long[n];
                for (int i = 0; i < n; i++) ids[i] = start + i;
                vs[columns.size()] = ColumnVector.ofLongs(DataType.BIGINT, ids, null, 0);
            }
            out.add(new Batch(vs, n));
        }
        return out.iterator();
    }

    private ColumnVector vector(int column, List<Object[]> all, int start, int n) {
        long[] nulls = null;
        DataType type = types.get(column);
        String[] strings = type == DataType.VARCHAR ? new String[n] : null;
        long[] longs = type == DataType.VARCHAR ? null : new long[n];
        for (int i = 0; i < n; i++) {
            Object v = all.get(start + i)[column];
            if (v == null) {
                if (nulls == null) nulls = new long[(n + 63) >>> 6];
                nulls[i >>> 6] |= 1L << i;
            } else if (strings != null) strings[i] = v.toString();
            else longs[i] = dev.nabla.storage.DecimalType.storedLong(v);
        }
        return strings != null
                ? ColumnVector.ofStrings(strings, nulls, 0)
                : ColumnVector.ofLongs(type, longs, nulls, 0);
    }
}
