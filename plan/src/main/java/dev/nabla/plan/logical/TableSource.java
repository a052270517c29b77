package dev.nabla.plan.logical;

import dev.nabla.storage.DataType;
import java.util.List;

/**
 * Something a {@link Scan} reads: a stored table, an attached NetCDF variable group, or a table
 * function call such as {@code read_csv('f.csv')} or {@code generate_series(1, 10)} with its constant
 * arguments already evaluated. The plan module only needs names, types and a size estimate; the
 * engine supplies implementations and knows how to scan them.
 */
public interface TableSource {
    /** Display name, e.g. {@code t}, {@code era5.time_latitude_longitude}, {@code read_csv('f.csv')}. */
    String name();

    List<String> columnNames();

    List<DataType> columnTypes();

    /** Rough row count for join ordering; -1 when unknown. */
    long estimatedRows();

    /** Estimated number of distinct non-NULL values of column {@code column}, for join ordering; -1 when unknown. */
    default long distinctValues(int column) {
        return -1;
    }

    /**
     * Statistics of column {@code column} for cardinality estimates ({@code dev.nabla.plan.optimize.Cardinality}):
     * by default only the distinct count of {@link #distinctValues}.
     */
    default ColumnStats columnStats(int column) {
        long d = distinctValues(column);
        return d < 0 ? ColumnStats.UNKNOWN : new ColumnStats(d, 0, Double.NaN, Double.NaN);
    }
}
