package dev.nabla.engine.io;

import dev.nabla.engine.functions.TableFunctionRegistry;
import dev.nabla.engine.io.csv.CsvCopyWriter;
import dev.nabla.engine.io.csv.CsvSource;
import dev.nabla.engine.io.netcdf.NetcdfReader;
import dev.nabla.engine.io.parquet.ParquetCopyWriter;
import dev.nabla.engine.io.parquet.ParquetSource;

/**
 * The one place that plugs the file formats into a database: table functions {@code read_csv},
 * {@code read_parquet}, {@code read_netcdf}; COPY TO writers for csv and parquet; ATTACH of netcdf.
 */
public final class IoModule {
    private IoModule() {}

    public static void registerAll(TableFunctionRegistry functions, IoRegistry io) {
        functions.register("read_csv", CsvSource::resolve);
        functions.register("read_csv_auto", CsvSource::resolve);
        io.registerWriter("csv", new CsvCopyWriter());
        functions.register("read_parquet", ParquetSource::resolve);
        io.registerWriter("parquet", new ParquetCopyWriter());
        functions.register("read_netcdf", NetcdfReader::resolve);
        io.registerAttacher("netcdf", new NetcdfReader());
    }
}
