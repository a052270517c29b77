package dev.nabla.jmh.tpch;

import dev.nabla.engine.Database;
import dev.nabla.storage.DataType;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The eight TPC-H tables of one scale factor, generated once by the pure-Java dbgen port
 * ({@code io.trino.tpch}) into column arrays, and loaded from those same arrays into Nabla and DuckDB, so
 * both engines answer over identical data. Monetary columns are DOUBLE in both (as in the baseline),
 * identifiers BIGINT, dates DATE.
 */
public final class TpchData {
    /** One generated table: its column names, Nabla types, DuckDB types and arrays (long[]/double[]/String[]). */
    public record TableData(
            String name,
            List<String> columns,
            List<DataType> types,
            List<String> duckTypes,
            List<Object> arrays,
            int rows) {}

    private final List<TableData> tables;

    private TpchData(List<TableData> tables) {
        this.tables = List.copyOf(tables);
    }

    public List<TableData> tables() {
        return tables;
    }

    public static TpchData generate(double scaleFactor) {
        List<TableData> out = new ArrayList<>();
        for (TpchTable<?> t : TpchTable.getTables()) out.add(generate(t, scaleFactor));
        return new TpchData(out);
    }

    private static <E extends TpchEntity> TableData generate(TpchTable<E> table, double sf) {
        List<TpchColumn<E>> cols = table.getColumns();
        int w = cols.size();
        List<E> rows = new ArrayList<>();
        for (E e : table.createGenerator(sf, 1, 1)) rows.add(e);
        int n = rows.size();
        List<String> names = new ArrayList<>(w);
        List<DataType> types = new ArrayList<>(w);
        List<String> duck = new ArrayList<>(w);
        List<Object> arrays = new ArrayList<>(w);
        for (TpchColumn<E> c : cols) {
            names.add(c.getColumnName());
            switch (c.getType().getBase()) {
                case IDENTIFIER -> {
                    long[] a = new long[n];
                    for (int r = 0; r < n; r++) a[r] = c.getIdentifier(rows.get(r));
                    types.add(DataType.BIGINT);
                    duck.add("BIGINT");
                    arrays.add(a);
                }
                case INTEGER -> {
                    long[] a = new long[n];
                    for (int r = 0; r < n; r++) a[r] = c.getInteger(rows.get(r));
                    types.add(DataType.INTEGER);
                    duck.add("INTEGER");
                    arrays.add(a);
                }
                case DATE -> {
                    long[] a = new long[n];
                    for (int r = 0; r < n; r++) a[r] = c.getDate(rows.get(r));
                    types.add(DataType.DATE);
                    duck.add("DATE");
                    arrays.add(a);
                }
                case DOUBLE -> {
                    double[] a = new double[n];
                    for (int r = 0; r < n; r++) a[r] = c.getDouble(rows.get(r));
                    types.add(DataType.DOUBLE);
                    duck.add("DOUBLE");
                    arrays.add(a);
                }
                case VARCHAR -> {
                    String[] a = new String[n];
                    for (int r = 0; r < n; r++) a[r] = c.getString(rows.get(r));
                    types.add(DataType.VARCHAR);
                    duck.add("VARCHAR");
                    arrays.add(a);
                }
            }
        }
        return new TableData(table.getTableName(), names, types, duck, arrays, n);
    }

    /** Registers every table in {@code db} (the arrays are shared, not copied). */
    public void loadInto(Database db) {
        for (TableData t : tables) db.registerTable(t.name(), t.columns(), t.types(), t.arrays());
    }

    /** Creates and fills every table in a DuckDB connection through its appender. */
    public void loadInto(Connection duckdb) throws SQLException {
        DuckDBConnection dc = duckdb.unwrap(DuckDBConnection.class);
        for (TableData t : tables) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE " + t.name() + " (");
            for (int c = 0; c < t.columns().size(); c++) {
                if (c > 0) ddl.append(", ");
                ddl.append(t.columns().get(c)).append(' ').append(t.duckTypes().get(c));
            }
            try (Statement s = duckdb.createStatement()) {
                s.execute(ddl.append(')').toString());
            }
            int w = t.columns().size();
            try (DuckDBAppender app = dc.createAppender(DuckDBConnection.DEFAULT_SCHEMA, t.name())) {
                for (int r = 0; r < t.rows(); r++) {
                    app.beginRow();
                    for (int c = 0; c < w; c++) {
                        Object a = t.arrays().get(c);
                        DataType type = t.types().get(c);
                        if (type == DataType.DATE) app.append(LocalDate.ofEpochDay(((long[]) a)[r]));
                        else if (type == DataType.INTEGER) app.append((int) ((long[]) a)[r]);
                        else if (a instanceof long[] l) app.append(l[r]);
                        else if (a instanceof double[] d) app.append(d[r]);
                        else app.append(((String[]) a)[r]);
                    }
                    app.endRow();
                }
            }
        }
    }
}
