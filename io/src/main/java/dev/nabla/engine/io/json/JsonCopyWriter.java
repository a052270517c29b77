package dev.nabla.engine.io.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.expr.Casts;
import dev.nabla.engine.io.CopyWriter;
import dev.nabla.engine.io.csv.IoFiles;
import dev.nabla.storage.ArrayType;
import dev.nabla.storage.Batch;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * {@code COPY … TO 'f.json' [(FORMAT json, ARRAY true)]}: one object per row, newline-delimited by default
 * (as DuckDB), or one array of objects with {@code ARRAY true}. Written so that {@code read_json} reads every
 * value back as it was: NULL as {@code null}; numbers with all their digits (a DECIMAL's exact text, a double's
 * shortest round-trip form); non-finite doubles as the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"} (JSON has no such numbers); DATE and TIMESTAMP as their SQL text; BLOB as hex digits
 * (as CSV); {@code DOUBLE[n]} as an array. Repeated column names get {@code _1}, {@code _2} … so no value is
 * lost to a duplicate key. A {@code .gz} name writes gzip.
 */
public final class JsonCopyWriter implements CopyWriter {
    /** No separator between root values: newlines and the array's brackets and commas are written as raw text. */
    private static final JsonFactory FACTORY =
            new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    @Override
    public long write(
            String path,
            List<String> columnNames,
            List<DataType> columnTypes,
            Iterator<Batch> batches,
            Map<String, Object> options) {
        boolean array = false;
        for (Map.Entry<String, Object> e : options.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "array" -> array = v == null || Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(v.toString());
                case "format" -> {}
                default ->
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            "COPY TO json: unknown option '" + e.getKey() + "' (known: format, array)");
            }
        }
        int width = columnTypes.size();
        String[] keys = new String[width];
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < width; c++) {
            String name = columnNames.get(c), key = name;
            for (int k = 1; !seen.add(key); k++) key = name + "_" + k;
            keys[c] = key;
        }
        long rows = 0;
        Path p = Path.of(path);
        try (OutputStream raw = Files.newOutputStream(p);
                OutputStream out =
                        path.toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
                JsonGenerator g = FACTORY.createGenerator(out)) {
            if (array) g.writeRaw('[');
            while (batches.hasNext()) {
                Batch b = batches.next();
                for (int i = 0; i < b.count; i++) {
                    int r = b.row(i);
                    if (array) g.writeRaw(rows == 0 ? "\n" : ",\n");
                    g.writeStartObject();
                    for (int c = 0; c < width; c++) {
                        g.writeFieldName(keys[c]);
                        value(g, b.columns[c], columnTypes.get(c), r);
                    }
                    g.writeEndObject();
                    if (!array) g.writeRaw('\n');
                    rows++;
                }
            }
            if (array) g.writeRaw(rows == 0 ? "]\n" : "\n]\n");
        } catch (IOException | UncheckedIOException e) {
            throw new NablaException(
                    ErrorCode.IO, Span.NONE, "COPY TO: cannot write '" + path + "': " + IoFiles.writeReason(p, e), e);
        }
        return rows;
    }

    private static void value(JsonGenerator g, ColumnVector v, DataType t, int row) throws IOException {
        if (v.isNull(row)) {
            g.writeNull();
            return;
        }
        switch (t) {
            case ScalarType.BOOLEAN -> g.writeBoolean(v.getLong(row) != 0);
            case ScalarType.INTEGER, ScalarType.BIGINT -> g.writeNumber(v.getLong(row));
            case ScalarType.REAL, ScalarType.DOUBLE -> number(g, v.getDouble(row));
            // a TIMESTAMPTZ as its UTC text with the offset (+00): the same instant whatever zone reads it
            case ScalarType.DATE, ScalarType.TIMESTAMP, ScalarType.TIME, ScalarType.TIMESTAMP_TZ ->
                g.writeString(Casts.formatLong(v.getLong(row), t));
            case ScalarType.VARCHAR -> g.writeString(v.getString(row));
            case ScalarType.BLOB -> g.writeString(Blobs.hex(v.getString(row)));
            case ScalarType.UUID -> g.writeString(dev.nabla.storage.Uuids.format(v.getHigh(row), v.getLow(row)));
            case ScalarType.NULL -> g.writeNull();
            // the exact decimal text as a JSON number (no double rounding on the way out)
            case DecimalType d ->
                g.writeNumber(
                        d.isWide()
                                ? dev.nabla.engine.exec.expr.Wide.format(v.getHigh(row), v.getLow(row), d.scale())
                                : Casts.formatLong(v.getLong(row), d));
            case ArrayType a -> {
                int at = v.rowStart(row), n = a.size();
                g.writeStartArray();
                for (int i = 0; i < n; i++) number(g, v.doubles[at + i]);
                g.writeEndArray();
            }
            // a DOUBLE[] list as a JSON array, NULL elements as null (read_json reads it back as a DOUBLE[])
            case dev.nabla.storage.ListType list -> {
                dev.nabla.storage.ListValue l = v.getList(row);
                g.writeStartArray();
                for (int i = 0; i < l.length(); i++) {
                    if (l.isNull(i)) g.writeNull();
                    else number(g, l.get(i));
                }
                g.writeEndArray();
            }
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        }
    }

    private static void number(JsonGenerator g, double d) throws IOException {
        if (Double.isNaN(d)) g.writeString("NaN");
        else if (Double.isInfinite(d)) g.writeString(d > 0 ? "Infinity" : "-Infinity");
        else g.writeNumber(d);
    }
}
