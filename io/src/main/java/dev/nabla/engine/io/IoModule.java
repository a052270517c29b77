package dev.nabla.engine.io;

import dev.nabla.engine.Database;
import dev.nabla.engine.Extension;
import dev.nabla.engine.functions.TableFunctionRegistry;
import dev.nabla.engine.io.chart.ChartCopyWriter;
import dev.nabla.engine.io.csv.CsvCopyWriter;
import dev.nabla.engine.io.csv.CsvSource;
import dev.nabla.engine.io.json.JsonCopyWriter;
import dev.nabla.engine.io.json.JsonSource;
import dev.nabla.engine.io.netcdf.NetcdfReader;
import dev.nabla.engine.io.parquet.ParquetCopyWriter;
import dev.nabla.engine.io.parquet.ParquetSource;

/**
 * The one place that plugs the file formats into a database: table functions {@code read_csv},
 * {@code read_parquet}, {@code read_json}, {@code read_netcdf}; COPY TO writers for csv, parquet, json and charts
 * (svg/png); ATTACH of netcdf.
 * Installed into every new database as an {@link Extension} (listed in
 * {@code META-INF/services/dev.nabla.engine.Extension}).
 */
public final class IoModule implements Extension {
    /** For {@link java.util.ServiceLoader}. */
    public IoModule() {}

    @Override
    public void install(Database db) {
        registerAll(db.tableFunctions(), db.io());
    }

    public static void registerAll(TableFunctionRegistry functions, IoRegistry io) {
        functions.register(
                "read_csv",
                "read_csv('file' [, header => .., delim => .., types => [..], ...])",
                "the rows of a CSV/TSV file (gzip too), types inferred",
                CsvSource::resolve);
        functions.register(
                "read_csv_auto", "read_csv_auto('file' [, ...])", "read_csv, as DuckDB names it", CsvSource::resolve);
        io.registerWriter("csv", new CsvCopyWriter());
        functions.register(
                "read_parquet",
                "read_parquet('file or glob' [, hive_partitioning => true])",
                "the rows of Parquet files",
                ParquetSource::resolve);
        io.registerWriter("parquet", new ParquetCopyWriter());
        // a chart is a file a query's rows can go to: FORMAT chart, or just a .svg/.png file name
        ChartCopyWriter chart = new ChartCopyWriter();
        io.registerWriter("chart", chart);
        io.registerWriter("svg", chart);
        io.registerWriter("png", chart);
        // JSON: an object per row, newline-delimited or one array (the format comes from .json, .ndjson, .jsonl)
        functions.register(
                "read_json",
                "read_json('file' [, format => .., columns => [..], types => [..]])",
                "one row per JSON object (newline-delimited or an array), keys as columns",
                JsonSource::resolve);
        functions.register(
                "read_json_auto",
                "read_json_auto('file' [, ...])",
                "read_json, as DuckDB names it",
                JsonSource::resolve);
        functions.register(
                "read_ndjson",
                "read_ndjson('file' [, ...])",
                "read_json of newline-delimited objects",
                JsonSource::resolveLines);
        functions.register(
                "read_ndjson_auto",
                "read_ndjson_auto('file' [, ...])",
                "read_ndjson, as DuckDB names it",
                JsonSource::resolveLines);
        io.registerWriter("json", new JsonCopyWriter());
        functions.register(
                "read_netcdf",
                "read_netcdf('file.nc' [, variables => [..]])",
                "the variables of a NetCDF-4/HDF5 group as a table, one row per grid cell",
                NetcdfReader::resolve);
        NetcdfReader netcdf = new NetcdfReader();
        io.registerAttacher("netcdf", netcdf);
        // NetCDF-4 files are HDF5 files: plain HDF5 datasets attach the same way
        io.registerAttacher("hdf5", netcdf);
        io.registerAttacher("h5", netcdf);
    }
}
