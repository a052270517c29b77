package dev.nabla.cli.output;

import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A materialised {@link ResultTable} held as rows of objects: for tests, dot-command output and slices. */
public record SimpleTable(List<String> columnNames, List<DataType> columnTypes, List<List<Object>> rows)
        implements ResultTable {
    public SimpleTable {
        columnNames = List.copyOf(columnNames);
        columnTypes = List.copyOf(columnTypes);
        Objects.requireNonNull(rows);
        if (columnNames.size() != columnTypes.size())
            throw new IllegalArgumentException("names and types differ in length");
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        rows = java.util.Collections.unmodifiableList(copy);
    }

    @Override
    public int rowCount() {
        return rows.size();
    }

    @Override
    public Object get(int row, int col) {
        return rows.get(row).get(col);
    }

    /** A one-column VARCHAR table, e.g. for .tables. */
    public static SimpleTable ofStrings(String column, List<String> values) {
        List<List<Object>> rows = new ArrayList<>();
        for (String v : values) rows.add(java.util.Arrays.asList(v));
        return new SimpleTable(List.of(column), List.of(DataType.VARCHAR), rows);
    }
}
