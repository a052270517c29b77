package dev.nabla.cli.output;

import dev.nabla.storage.DataType;
import java.util.List;

/**
 * What the formatters need from a query result: names, types and cell values. The engine's
 * {@code Result} is adapted to this, and tests use {@link SimpleTable}; keeping the formatters on
 * this small view lets them be tested without an engine and reused for {@code .last}.
 */
public interface ResultTable {
    List<String> columnNames();

    List<DataType> columnTypes();

    int rowCount();

    /** Long/Double/String/Boolean/LocalDate/LocalDateTime, or null for SQL NULL. */
    Object get(int row, int col);

    default boolean isNull(int row, int col) {
        return get(row, col) == null;
    }

    default int columnCount() {
        return columnNames().size();
    }
}
