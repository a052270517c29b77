package dev.nabla.engine.io.csv;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.expr.Casts;
import dev.nabla.engine.io.CopyWriter;
import dev.nabla.storage.Batch;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * {@code COPY ... TO 'f.csv' [(HEADER [false], DELIMITER ',', QUOTE '"', NULL '')]}: RFC 4180 text,
 * header on by default, NULL as an empty unquoted field and the empty string as {@code ""} so that
 * {@code read_csv} reads both back as they were. A {@code .gz} name writes gzip.
 */
public final class CsvCopyWriter implements CopyWriter {
    @Override
    public long write(
            String path,
            List<String> columnNames,
            List<DataType> columnTypes,
            Iterator<Batch> batches,
            Map<String, Object> options) {
        boolean header = true;
        char delim = CsvSource.tabSeparated(path) ? '\t' : ',', quote = '"';
        String nullString = "";
        for (Map.Entry<String, Object> e : options.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "header" ->
                    header = v == null
                            || Boolean.TRUE.equals(v)
                            || "true".equalsIgnoreCase(v.toString())
                            || Long.valueOf(1).equals(v);
                case "delim", "delimiter", "sep" -> delim = oneChar("delimiter", v);
                case "quote" -> quote = oneChar("quote", v);
                case "null", "nullstr" -> nullString = v == null ? "" : v.toString();
                case "format" -> {}
                default ->
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            "COPY TO csv: unknown option '" + e.getKey() + "' (known: header, delimiter, quote, null)");
            }
        }
        int width = columnTypes.size();
        long rows = 0;
        Path p = Path.of(path);
        try (OutputStream raw = Files.newOutputStream(p);
                OutputStream out =
                        path.toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
                CsvWriter w = CsvWriter.builder()
                        .fieldSeparator(delim)
                        .quoteCharacter(quote)
                        .lineDelimiter(LineDelimiter.LF)
                        .quoteStrategy(QuoteStrategies.EMPTY)
                        .bufferSize(1 << 16)
                        .build(out, StandardCharsets.UTF_8)) {
            if (header) w.writeRecord(columnNames);
            String[] fields = new String[width];
            while (batches.hasNext()) {
                Batch b = batches.next();
                for (int i = 0; i < b.count; i++) {
                    int r = b.row(i);
                    for (int j = 0; j < width; j++) fields[j] = text(b.columns[j], columnTypes.get(j), r, nullString);
                    w.writeRecord(fields);
                }
                rows += b.count;
            }
        } catch (IOException | UncheckedIOException e) {
            throw new NablaException(
                    ErrorCode.IO,
                    Span.NONE,
                    "COPY TO: cannot write '" + path + "': " + IoFiles.writeReason(Path.of(path), e),
                    e);
        }
        return rows;
    }

    /** The field text, or null for SQL NULL with the default null string (FastCSV writes null unquoted and empty). */
    private static String text(ColumnVector v, DataType t, int row, String nullString) {
        if (v.isNull(row)) return nullString.isEmpty() ? null : nullString;
        return switch (t.physical()) {
            case LONG -> Casts.formatLong(v.getLong(row), t);
            // REAL is held as a double that need not be a float (docs/sql.md), so it is written with a double's digits
            case DOUBLE -> Casts.formatDouble(v.getDouble(row));
            case STRING -> t == DataType.BLOB ? Blobs.hex(v.getString(row)) : v.getString(row);
            case ARRAY -> dev.nabla.storage.ArrayText.format(v.doubles, v.rowStart(row), ColumnVector.width(t));
            case LIST -> v.getList(row).toString();
            case INT128 ->
                t == DataType.UUID
                        ? dev.nabla.storage.Uuids.format(v.getHigh(row), v.getLow(row))
                        : dev.nabla.engine.exec.expr.Wide.format(
                                v.getHigh(row), v.getLow(row), ((dev.nabla.storage.DecimalType) t).scale());
        };
    }

    private static char oneChar(String what, Object v) {
        String s = v == null ? "" : v.toString();
        if (s.equals("\\t")) return '\t';
        if (s.length() != 1)
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "COPY TO csv: " + what + " must be one character, got '" + s + "'");
        return s.charAt(0);
    }
}
