package dev.nabla.jdbc;

import dev.nabla.engine.Result;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a {@link NablaResultSet} reads: an engine {@link Result}, or rows the driver built (metadata listings). */
sealed interface RowSource permits RowSource.Engine, RowSource.Listed {

    int columnCount();

    String columnName(int col);

    DataType columnType(int col);

    long rowCount();

    /** The stored table column that result column {@code col} reads unchanged, or null (computed, or a listing). */
    default Result.@Nullable ColumnOrigin origin(int col) {
        return null;
    }

    /** Engine value (Long, Double, String, Boolean, LocalDate, LocalDateTime) or null. */
    @Nullable
    Object get(int row, int col);

    record Engine(Result result) implements RowSource {
        public Engine {
            Objects.requireNonNull(result);
        }

        @Override
        public int columnCount() {
            return result.columnNames().size();
        }

        @Override
        public String columnName(int col) {
            return result.columnNames().get(col);
        }

        @Override
        public DataType columnType(int col) {
            return result.columnTypes().get(col);
        }

        @Override
        public long rowCount() {
            return result.rowCount();
        }

        @Override
        public Result.@Nullable ColumnOrigin origin(int col) {
            return result.origin(col);
        }

        @Override
        public @Nullable Object get(int row, int col) {
            return result.get(row, col);
        }
    }

    /** Rows held as arrays of engine values; used for DatabaseMetaData results. */
    record Listed(List<String> names, List<DataType> types, List<Object[]> rows) implements RowSource {
        public Listed {
            names = List.copyOf(names);
            types = List.copyOf(types);
            rows = List.copyOf(rows);
            if (names.size() != types.size()) throw new IllegalArgumentException("names and types differ in length");
        }

        @Override
        public int columnCount() {
            return names.size();
        }

        @Override
        public String columnName(int col) {
            return names.get(col);
        }

        @Override
        public DataType columnType(int col) {
            return types.get(col);
        }

        @Override
        public long rowCount() {
            return rows.size();
        }

        @Override
        public @Nullable Object get(int row, int col) {
            return rows.get(row)[col];
        }
    }
}
