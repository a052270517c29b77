package dev.nabla.cli.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldModifier;
import de.siegmar.fastcsv.reader.StringArrayHandler;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.nabla.cli.output.Cells;
import dev.nabla.cli.output.ResultTable;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.storage.DataType;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CSV reading (with header detection and type inference) and writing, over FastCSV. Empty
 * unquoted fields are NULL; a quoted empty field ({@code ""}) is the empty string. Errors are
 * {@link NablaException}s with {@link ErrorCode#IO}.
 */
public final class CsvFiles {
    /**
     * Marks an empty unquoted field. FastCSV hands every field over as a String, so NULL is told
     * apart from a quoted "" by identity with this one instance.
     */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String NULL_MARK = new String("");

    private CsvFiles() {}

    public static CsvData read(Path file, CsvOptions options) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, options);
        } catch (NoSuchFileException e) {
            throw new NablaException(ErrorCode.IO, "no such file: " + file);
        } catch (IOException e) {
            throw new NablaException(ErrorCode.IO, Span.NONE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static CsvData read(Reader in, CsvOptions options) {
        FieldModifier marker = new FieldModifier() {
            @Override public String modify(long line, int idx, boolean quoted, String field) {
                return !quoted && field.isEmpty() ? NULL_MARK : field;
            }
        };
        StringArrayHandler handler = StringArrayHandler.of(b -> b.fieldModifier(marker));
        List<String[]> records = new ArrayList<>();
        int width = 0;
        try (CsvReader<String[]> reader = CsvReader.builder()
                .fieldSeparator(options.separator())
                .skipEmptyLines(true)
                .allowMissingFields(true)
                .allowExtraFields(true)
                .detectBomHeader(true)
                .build(handler, in)) {
            for (String[] rec : reader) {
                for (int i = 0; i < rec.length; i++) if (rec[i] == NULL_MARK) rec[i] = null;
                records.add(rec);
                width = Math.max(width, rec.length);
            }
        } catch (CsvParseException e) {
            throw new NablaException(ErrorCode.IO, Span.NONE, "bad CSV: " + e.getMessage(), e);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new NablaException(ErrorCode.IO, Span.NONE, "cannot read CSV: " + e.getMessage(), e);
        }
        if (records.isEmpty()) throw new NablaException(ErrorCode.IO, "the CSV input is empty");

        boolean header = options.header() != null ? options.header() : detectHeader(records, width);
        List<String[]> data = header ? records.subList(1, records.size()) : records;
        List<DataType> types = new ArrayList<>(width);
        for (int c = 0; c < width; c++) types.add(inferColumn(data, c));
        List<String> names = new ArrayList<>(width);
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < width; c++) {
            String n = header && c < records.get(0).length && records.get(0)[c] != null && !records.get(0)[c].isBlank()
                    ? records.get(0)[c].trim() : "column" + c;
            String unique = n;
            for (int k = 1; !seen.add(unique.toLowerCase(java.util.Locale.ROOT)); k++) unique = n + "_" + k;
            names.add(unique);
        }
        return new CsvData(names, types, new ArrayList<>(data), header);
    }

    private static DataType inferColumn(List<String[]> rows, int c) {
        int bits = CsvTypes.ALL;
        boolean saw = false;
        for (String[] r : rows) {
            if (c >= r.length || r[c] == null) continue;
            int cand = CsvTypes.candidates(r[c]);
            bits &= cand;
            saw = true;
            if (bits == 0) break;
        }
        return CsvTypes.typeOf(bits, saw);
    }

    /**
     * The first record is a header when some column is typed (not VARCHAR) below it and its own
     * field there does not fit that type; or when every column is text and its fields are all
     * present and distinct (a data row of text duplicates or leaves blanks more often than a header).
     */
    static boolean detectHeader(List<String[]> records, int width) {
        String[] first = records.get(0);
        if (records.size() == 1) {
            for (String f : first) if (f == null || CsvTypes.candidates(f) != 0) return false;
            return true;
        }
        List<String[]> rest = records.subList(1, records.size());
        boolean allText = true;
        for (int c = 0; c < width; c++) {
            DataType t = inferColumn(rest, c);
            if (t == DataType.VARCHAR) continue;
            allText = false;
            String f = c < first.length ? first[c] : null;
            if (f != null && (CsvTypes.candidates(f) & bitFor(t)) == 0) return true;
        }
        if (!allText) return false;
        Set<String> distinct = new HashSet<>();
        for (String f : first) if (f == null || f.isBlank() || !distinct.add(f)) return false;
        return true;
    }

    private static int bitFor(DataType t) {
        return switch (t) {
            case BIGINT -> CsvTypes.BIGINT;
            case DOUBLE -> CsvTypes.DOUBLE;
            case BOOLEAN -> CsvTypes.BOOLEAN;
            case DATE -> CsvTypes.DATE;
            case TIMESTAMP -> CsvTypes.TIMESTAMP_BIT;
            default -> 0;
        };
    }

    /** Writes the table (header unless {@code options.header() == FALSE}); NULL becomes an empty field, the empty string {@code ""}. */
    public static long write(ResultTable table, Path file, CsvOptions options) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return write(table, w, options);
        } catch (IOException e) {
            throw new NablaException(ErrorCode.IO, Span.NONE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static long write(ResultTable table, Writer out, CsvOptions options) {
        CsvWriter w = CsvWriter.builder().fieldSeparator(options.separator()).lineDelimiter(LineDelimiter.LF)
                .quoteStrategy(de.siegmar.fastcsv.writer.QuoteStrategies.EMPTY).build(out);
        int cols = table.columnCount();
        if (!Boolean.FALSE.equals(options.header())) w.writeRecord(table.columnNames());
        String[] rec = new String[cols];
        for (int r = 0; r < table.rowCount(); r++) {
            for (int c = 0; c < cols; c++) {
                Object v = table.get(r, c);
                // QuoteStrategies.EMPTY quotes "" but not null: so NULL round-trips as an empty field
                rec[c] = v == null ? null : Cells.text(v);
            }
            w.writeRecord(rec);
        }
        try {
            w.flush();
        } catch (IOException e) {
            throw new NablaException(ErrorCode.IO, Span.NONE, "cannot write CSV: " + e.getMessage(), e);
        }
        return table.rowCount();
    }
}
