package dev.nabla.engine.io;

import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes query results to a file for {@code COPY ... TO 'path' (FORMAT x, ...)}. */
@FunctionalInterface
public interface CopyWriter {
    /** Writes every batch; returns the number of rows written. Throws NablaException(IO, ...) on failure. */
    long write(
            String path,
            List<String> columnNames,
            List<DataType> columnTypes,
            Iterator<Batch> batches,
            Map<String, Object> options);
}
