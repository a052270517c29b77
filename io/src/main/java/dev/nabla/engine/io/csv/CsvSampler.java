package dev.nabla.engine.io.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the first rows of a CSV file to decide its columns: the header (given or detected) and
 * each column's type (the narrowest of BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP, TIME that every sampled
 * value fits, else VARCHAR; explicit {@code types} win).
 */
final class CsvSampler {
    /** Column names and types, and whether the first record is a header. */
    record Schema(List<String> names, List<DataType> types, boolean header) {}

    private static final DataType[] CANDIDATES = {
        DataType.BOOLEAN,
        DataType.BIGINT,
        DataType.DOUBLE,
        DataType.DATE,
        DataType.TIMESTAMP,
        // text with an offset or zone name (2024-01-01 12:00:00+01), as DuckDB infers it
        DataType.TIMESTAMP_TZ,
        DataType.TIME
    };

    private CsvSampler() {}

    static CsvReader.CsvReaderBuilder builder(CsvOptions o) {
        return CsvReader.builder()
                .fieldSeparator(o.delimiter())
                .quoteCharacter(o.quote())
                .skipEmptyLines(true)
                .detectBomHeader(true)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE);
    }

    static Schema sample(String function, String file, CsvOptions o, Span span) {
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        int limit = o.sampleSize() == Integer.MAX_VALUE ? Integer.MAX_VALUE : o.sampleSize() + 1;
        SampleHandler handler = new SampleHandler(o.nullString());
        try (InputStream in = IoFiles.open(function, file, span);
                CsvReader<String[]> r = builder(o).build(handler, in, StandardCharsets.UTF_8)) {
            var it = skip(r, o.skip()) ? r.iterator() : java.util.Collections.<String[]>emptyIterator();
            while (rows.size() < limit && it.hasNext()) {
                rows.add(it.next());
                lines.add(handler.line);
            }
        } catch (CsvParseException e) {
            throw CsvSource.unwrap(function, file, e);
        } catch (UncheckedIOException e) {
            throw IoFiles.failure(function, file, e.getCause());
        } catch (IOException e) {
            throw IoFiles.failure(function, file, e);
        }
        if (rows.isEmpty()) {
            if (o.columns() == null) {
                throw new NablaException(
                        ErrorCode.IO,
                        span,
                        function + ": " + file + " has no rows to take columns from (give columns => [...])");
            }
            List<DataType> types = o.types() != null
                    ? o.types()
                    : o.columns().stream().map(c -> DataType.VARCHAR).toList();
            return new Schema(o.columns(), named(function, file, o, o.columns(), types, span), false);
        }
        int width = rows.get(0).length;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).length != width) {
                throw CsvSource.ragged(function, file, lines.get(i), width, rows.get(i).length);
            }
        }
        boolean header;
        if (o.header() != null) header = o.header();
        else header = detectHeader(rows, width);
        int first = header ? 1 : 0;
        List<DataType> types;
        if (o.types() != null) {
            if (o.types().size() != width) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        span,
                        function + ": types has " + o.types().size() + " entries but " + file + " has " + width
                                + " columns");
            }
            types = o.types();
        } else {
            types = infer(rows, first, width);
        }
        List<String> names;
        if (o.columns() != null) {
            if (o.columns().size() != width) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        span,
                        function + ": columns has " + o.columns().size() + " names but " + file + " has " + width
                                + " columns");
            }
            names = o.columns();
        } else {
            names = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < width; j++) {
                String n = header && rows.get(0)[j] != null && !rows.get(0)[j].isBlank()
                        ? rows.get(0)[j].trim()
                        : "column" + j;
                String unique = n;
                for (int k = 1; !seen.add(unique.toLowerCase(java.util.Locale.ROOT)); k++) unique = n + "_" + k;
                names.add(unique);
            }
        }
        return new Schema(List.copyOf(names), named(function, file, o, names, types, span), header);
    }

    /**
     * {@code types} with the columns that {@code types => {'name': 'TYPE'}} names replaced by those types
     * (names matched case-insensitively, as SQL names are); a name the file does not have is an error.
     */
    private static List<DataType> named(
            String function, String file, CsvOptions o, List<String> names, List<DataType> types, Span span) {
        if (o.namedTypes() == null) return List.copyOf(types);
        List<DataType> out = new ArrayList<>(types);
        for (Map.Entry<String, DataType> e : o.namedTypes().entrySet()) {
            int at = -1;
            for (int j = 0; j < names.size() && at < 0; j++) if (names.get(j).equalsIgnoreCase(e.getKey())) at = j;
            if (at < 0) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        span,
                        function + ": types names column '" + e.getKey() + "', which " + file + " does not have"
                                + " (columns: " + String.join(", ", names) + ")");
            }
            out.set(at, e.getValue());
        }
        return List.copyOf(out);
    }

    /** Skips {@code n} physical lines; false when the file has fewer (then there is nothing to read). */
    static boolean skip(CsvReader<?> r, int n) {
        if (n == 0) return true;
        try {
            r.skipLines(n);
            return true;
        } catch (CsvParseException e) {
            // "Not enough lines to skip" (caused by an EOFException): the file is shorter than skip
            if (e.getCause() instanceof java.io.EOFException
                    || String.valueOf(e.getMessage()).startsWith("Not enough lines")) return false;
            throw e;
        }
    }

    private static List<DataType> infer(List<String[]> rows, int first, int width) {
        FieldParsers p = new FieldParsers();
        List<DataType> types = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            int mask = (1 << CANDIDATES.length) - 1;
            for (int i = first; i < rows.size() && mask != 0; i++) {
                String v = rows.get(i)[j];
                if (v == null || v.isEmpty()) continue;
                for (int k = 0; k < CANDIDATES.length; k++) {
                    if ((mask & (1 << k)) != 0 && !ColumnKind.fits(p, v, CANDIDATES[k])) mask &= ~(1 << k);
                }
            }
            DataType t = DataType.VARCHAR;
            boolean anyValue = false;
            for (int i = first; i < rows.size() && !anyValue; i++)
                anyValue = rows.get(i)[j] != null && !rows.get(i)[j].isEmpty();
            if (anyValue) {
                for (int k = 0; k < CANDIDATES.length; k++) {
                    if ((mask & (1 << k)) != 0) {
                        t = CANDIDATES[k];
                        break;
                    }
                }
            }
            types.add(t);
        }
        return types;
    }

    /**
     * The first record is a header when some column whose other values all have a non-text type holds
     * a value of another type there ("price" above numbers); with only text columns, when its values are
     * non-empty and distinct.
     */
    private static boolean detectHeader(List<String[]> rows, int width) {
        String[] top = rows.get(0);
        List<DataType> rest = infer(rows, 1, width);
        FieldParsers p = new FieldParsers();
        boolean typed = false;
        for (int j = 0; j < width; j++) {
            DataType t = rest.get(j);
            if (rows.size() == 1 || t == DataType.VARCHAR) continue;
            typed = true;
            if (top[j] != null && !top[j].isEmpty() && !ColumnKind.fits(p, top[j], t)) return true;
        }
        if (typed) return false;
        Set<String> seen = new HashSet<>();
        List<DataType> own = infer(rows.subList(0, 1), 0, width);
        for (int j = 0; j < width; j++) {
            if (top[j] == null || top[j].isEmpty() || own.get(j) != DataType.VARCHAR || !seen.add(top[j])) return false;
        }
        return true;
    }

    /** Collects a record's fields as strings; an unquoted field equal to the null string becomes null. */
    static final class SampleHandler extends AbstractBaseCsvCallbackHandler<String[]> {
        private final String nullString;
        private final List<String> fields = new ArrayList<>();
        long line;

        SampleHandler(String nullString) {
            this.nullString = nullString;
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            fields.clear();
            line = startingLineNumber;
        }

        @Override
        protected void handleField(int fieldIdx, char[] buf, int offset, int len, boolean quoted) {
            String s = new String(buf, offset, len);
            fields.add(!quoted && s.equals(nullString) ? null : s);
        }

        @Override
        protected String[] buildRecord() {
            return fields.toArray(new String[0]);
        }
    }
}
