package dev.nabla.engine.io.json;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.engine.io.csv.IoFiles;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code read_json('f.json' [, format => 'auto'|'array'|'newline_delimited', columns => [..], types => [..],
 * sample_size => n])} (also {@code read_json_auto}, {@code read_ndjson}, and {@code FROM 'f.json'|'f.ndjson'|'f.jsonl'}):
 * one row per JSON object. The schema is decided when the call is bound ({@link JsonSchema}, over the whole
 * file unless {@code sample_size} says otherwise), the rows are parsed when scanned, a batch at a time.
 * {@code columns} names the keys to read (others are ignored; a key no record has is all NULL) and
 * {@code types} their types, in order; COPY FROM passes the target table's.
 */
public final class JsonSource implements ScannableSource {
    static final String FUNCTION = "read_json";

    private final String function;
    private final String file;
    private final JsonRecords.Format format;
    private final List<String> names;
    private final List<DataType> types;
    /** Whether {@code columns} chose the keys (others are ignored); else a key outside the schema is an error. */
    private final boolean keysChosen;

    private final String display;

    private JsonSource(
            String function,
            String file,
            JsonRecords.Format format,
            List<String> names,
            List<DataType> types,
            boolean keysChosen) {
        this.function = function;
        this.file = file;
        this.format = format;
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.keysChosen = keysChosen;
        this.display = function + "('" + file + "')";
    }

    public static JsonSource resolve(List<Object> args, Map<String, Object> named, Span span) {
        return resolve(FUNCTION, JsonRecords.Format.AUTO, args, named, span);
    }

    /** {@code read_ndjson}: DuckDB's name for newline-delimited records. */
    public static JsonSource resolveLines(List<Object> args, Map<String, Object> named, Span span) {
        return resolve("read_ndjson", JsonRecords.Format.LINES, args, named, span);
    }

    private static JsonSource resolve(
            String function, JsonRecords.Format format, List<Object> args, Map<String, Object> named, Span span) {
        if (args.size() != 1 || !(args.get(0) instanceof String file)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    function + " expects one file name: " + function + "('data.json' [, format => 'array', ...])");
        }
        List<String> columns = null;
        List<DataType> types = null;
        long sample = -1;
        for (Map.Entry<String, Object> e : named.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            Object v = e.getValue();
            switch (key) {
                case "format" -> format = format(function, v, span);
                case "columns", "names", "column_names" -> columns = strings(function, key, v, span);
                case "types", "column_types" -> {
                    types = new ArrayList<>();
                    for (String t : strings(function, key, v, span)) types.add(type(function, key, t, span));
                }
                case "sample_size" -> {
                    if (!(v instanceof Number n) || n.longValue() < -1 || n.longValue() == 0) {
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                span,
                                function + ": sample_size must be a positive number of records, or -1 for all");
                    }
                    sample = n.longValue();
                }
                case "records" -> {
                    if (!Boolean.TRUE.equals(v) && !"true".equalsIgnoreCase(String.valueOf(v))) {
                        throw new NablaException(
                                ErrorCode.UNSUPPORTED,
                                span,
                                function + ": only records => true is supported (each object is a row)");
                    }
                }
                default ->
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            span,
                            function + ": unknown option '" + e.getKey()
                                    + "' (known: format, columns, types, sample_size, records)");
            }
        }
        IoFiles.existing(function, file, span);
        if (columns != null) {
            if (types != null && types.size() != columns.size()) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        span,
                        function + ": columns has " + columns.size() + " names but types has " + types.size());
            }
            if (types == null) {
                // the named keys, typed by inference over the file
                JsonSchema.Schema inferred;
                try (JsonRecords in = new JsonRecords(function, file, format, span)) {
                    inferred = JsonSchema.infer(in, sample);
                }
                types = new ArrayList<>();
                for (String c : columns) {
                    int i = inferred.names().indexOf(c);
                    types.add(i < 0 ? DataType.VARCHAR : inferred.types().get(i));
                }
            }
            return new JsonSource(function, file, format, columns, types, true);
        }
        JsonSchema.Schema inferred;
        try (JsonRecords in = new JsonRecords(function, file, format, span)) {
            inferred = JsonSchema.infer(in, sample);
        }
        if (inferred.names().isEmpty()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, span, function + ": " + file + " has no records with keys to read");
        }
        if (types != null && types.size() != inferred.names().size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    function + ": " + file + " has " + inferred.names().size() + " keys " + inferred.names()
                            + " but types has " + types.size());
        }
        return new JsonSource(
                function, file, format, inferred.names(), types != null ? types : inferred.types(), false);
    }

    private static JsonRecords.Format format(String function, Object v, Span span) {
        String f = String.valueOf(v).toLowerCase(Locale.ROOT);
        return switch (f) {
            case "auto" -> JsonRecords.Format.AUTO;
            case "array" -> JsonRecords.Format.ARRAY;
            case "newline_delimited", "nd", "ndjson", "jsonl", "lines" -> JsonRecords.Format.LINES;
            default ->
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        span,
                        function + ": format must be 'auto', 'array' or 'newline_delimited', not '" + v + "'");
        };
    }

    private static List<String> strings(String function, String key, Object v, Span span) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT, span, function + ": " + key + " must be a list of strings");
                }
                out.add(s);
            }
        } else if (v instanceof String s) {
            for (String part : s.split(",")) out.add(part.strip());
        } else {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, span, function + ": " + key + " must be a list of strings");
        }
        return out;
    }

    private static DataType type(String function, String key, String name, Span span) {
        DataType dt;
        try {
            dt = DataType.fromSqlName(name);
        } catch (NablaException bad) {
            throw new NablaException(bad.code(), span, function + ": " + bad.getMessage() + " in " + key);
        }
        if (dt == null || dt == DataType.NULL) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, span, function + ": unknown type '" + name + "' in " + key);
        }
        if (!dt.isSupported()) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    span,
                    function + ": type " + dt.sqlName() + " is not supported yet in " + key);
        }
        return dt;
    }

    @Override
    public String name() {
        return display;
    }

    @Override
    public List<String> columnNames() {
        return names;
    }

    @Override
    public List<DataType> columnTypes() {
        return types;
    }

    @Override
    public long estimatedRows() {
        return -1;
    }

    @Override
    public String toString() {
        return display;
    }

    @Override
    public Iterator<Batch> scan(
            List<Integer> columns, boolean withRowIds, Expr pushedFilter, List<Column> scanOutput, ExecContext ctx) {
        if (withRowIds) throw new NablaException(ErrorCode.UNSUPPORTED, "cannot modify the result of " + display);
        List<Integer> distinct = columns.stream().distinct().toList();
        for (int c : distinct) {
            if (c < 0 || c >= names.size())
                throw new NablaException(ErrorCode.INTERNAL, display + " has no column " + c);
        }
        JsonRecords in = new JsonRecords(function, file, format, Span.NONE);
        // a key outside the schema (past sample_size, or a file changed since binding) is an error, as its values
        // would be lost; with columns => [..] the other keys are chosen away
        JsonLoader loader = new JsonLoader(in, names, types, distinct, keysChosen);
        int[] from = columns.stream().mapToInt(distinct::indexOf).toArray();
        boolean aliased = distinct.size() != columns.size();
        Iterator<Batch> batches = new Iterator<>() {
            private Batch next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) return true;
                if (done) return false;
                if (ctx != null) ctx.checkCancelled();
                try {
                    next = loader.next();
                } catch (RuntimeException e) {
                    in.close();
                    throw e;
                }
                if (next == null) {
                    done = true;
                    in.close();
                    return false;
                }
                if (aliased) {
                    // rare (the planner dedups columns): read each once and alias the vectors
                    ColumnVector[] cols = new ColumnVector[from.length];
                    for (int i = 0; i < from.length; i++) cols[i] = next.columns[from[i]];
                    next = new Batch(cols, next.count);
                }
                return true;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                Batch b = next;
                next = null;
                return b;
            }
        };
        IoFiles.CLEANER.register(batches, in::close);
        return batches;
    }
}
