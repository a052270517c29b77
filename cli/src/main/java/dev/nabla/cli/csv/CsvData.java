package dev.nabla.cli.csv;

import dev.nabla.cli.output.ResultTable;
import dev.nabla.storage.DataType;

import java.util.List;
import java.util.Objects;

/**
 * A CSV file read into memory with inferred column types. Values come back typed through
 * {@link #get(int, int)} (Long, Double, Boolean, LocalDate, LocalDateTime, String; null for an
 * empty unquoted field), so it is itself a {@link ResultTable} and can be shown or loaded as one.
 */
public final class CsvData implements ResultTable {
    private final List<String> names;
    private final List<DataType> types;
    private final List<String[]> rows;
    private final boolean hadHeader;

    CsvData(List<String> names, List<DataType> types, List<String[]> rows, boolean hadHeader) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.rows = Objects.requireNonNull(rows);
        this.hadHeader = hadHeader;
    }

    @Override public List<String> columnNames() { return names; }

    @Override public List<DataType> columnTypes() { return types; }

    @Override public int rowCount() { return rows.size(); }

    /** Whether the first record was taken as column names. */
    public boolean hadHeader() { return hadHeader; }

    /** The raw field text; null for NULL. */
    public String raw(int row, int col) {
        String[] r = rows.get(row);
        return col < r.length ? r[col] : null;
    }

    @Override public Object get(int row, int col) {
        String s = raw(row, col);
        return s == null ? null : CsvTypes.parse(s, types.get(col));
    }
}
