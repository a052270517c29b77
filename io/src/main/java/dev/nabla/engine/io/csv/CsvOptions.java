package dev.nabla.engine.io.csv;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Options of {@code read_csv} (named arguments) and of {@code COPY ... (HEADER, DELIMITER ',')}.
 * {@code header} is null when it should be detected; {@code columns}/{@code types} are null when not given.
 * {@code namedTypes} (DuckDB's {@code types => {'col': 'TYPE'}}) overrides the types of the columns it
 * names, matched to the file's column names case-insensitively once they are known; null when not given.
 */
record CsvOptions(
        Boolean header,
        char delimiter,
        char quote,
        String nullString,
        List<String> columns,
        List<DataType> types,
        Map<String, DataType> namedTypes,
        int sampleSize,
        int skip,
        List<String> forceNotNull) {
    static final int DEFAULT_SAMPLE = 20_480;

    static CsvOptions parse(String function, Map<String, Object> named, Span span, char defaultDelimiter) {
        Boolean header = null;
        char delim = defaultDelimiter, quote = '"';
        String nullStr = "";
        List<String> columns = null;
        List<DataType> types = null;
        Map<String, DataType> namedTypes = null;
        boolean columnsStruct = false;
        int sample = DEFAULT_SAMPLE, skip = 0;
        List<String> forceNotNull = List.of();
        for (Map.Entry<String, Object> e : named.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            Object v = e.getValue();
            switch (key) {
                case "header" -> header = bool(function, key, v, span);
                case "delim", "delimiter", "sep", "separator" -> delim = oneChar(function, key, v, span);
                case "quote" -> quote = oneChar(function, key, v, span);
                case "nullstr", "null", "null_string" -> nullStr = v == null ? "" : v.toString();
                case "columns", "names", "column_names" -> {
                    if (v instanceof Map<?, ?> struct) {
                        // DuckDB's columns => {'name': 'TYPE', …}: every column's name and type, in file order
                        columnsStruct = true;
                        columns = new ArrayList<>();
                        types = new ArrayList<>();
                        for (Map.Entry<?, ?> f : struct.entrySet()) {
                            columns.add(f.getKey().toString());
                            types.add(type(function, key, f.getValue(), span));
                        }
                    } else {
                        columns = strings(function, key, v, span);
                    }
                }
                case "types", "column_types", "dtypes" -> {
                    if (v instanceof Map<?, ?> struct) {
                        namedTypes = new LinkedHashMap<>();
                        for (Map.Entry<?, ?> f : struct.entrySet())
                            namedTypes.put(f.getKey().toString(), type(function, key, f.getValue(), span));
                    } else {
                        types = new ArrayList<>();
                        for (String t : strings(function, key, v, span)) types.add(type(function, key, t, span));
                    }
                }
                // DuckDB's EXPORT DATABASE writes it for NOT NULL columns: their unquoted empty fields are '' not NULL
                case "force_not_null" -> forceNotNull = strings(function, key, v, span);
                case "sample_size" -> sample = nonNegative(function, key, v, span);
                case "skip" -> skip = nonNegative(function, key, v, span);
                case "format" -> {
                    /* COPY's own option: the format was already chosen */
                }
                default ->
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            span,
                            function + ": unknown option '" + key
                                    + "' (known: header, delim, quote, nullstr, columns, types, sample_size, skip,"
                                    + " force_not_null)");
            }
        }
        if (columnsStruct && (namedTypes != null || types.size() != columns.size())) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    function + ": columns => {…} gives every column's type; give types only with columns => [...]");
        }
        if (delim == quote)
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, function + ": delimiter and quote must differ");
        if (columns != null && types != null && columns.size() != types.size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    function + ": columns has " + columns.size() + " names but types has " + types.size());
        }
        return new CsvOptions(
                header,
                delim,
                quote,
                nullStr,
                columns == null ? null : List.copyOf(columns),
                types == null ? null : List.copyOf(types),
                namedTypes == null ? null : java.util.Collections.unmodifiableMap(namedTypes),
                sample == 0 ? Integer.MAX_VALUE : sample,
                skip,
                List.copyOf(forceNotNull));
    }

    /** Per file column (of {@code names}), whether FORCE_NOT_NULL names it (case-insensitively). */
    boolean[] forceNotNullMask(List<String> names) {
        boolean[] mask = new boolean[names.size()];
        for (String f : forceNotNull) {
            boolean found = false;
            for (int i = 0; i < names.size(); i++) if (names.get(i).equalsIgnoreCase(f)) mask[i] = found = true;
            if (!found)
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        "force_not_null names column \"" + f + "\", which the file does not have");
        }
        return mask;
    }

    /** A column type named in {@code key}: a type name the engine can store. */
    private static DataType type(String function, String key, Object name, Span span) {
        if (name == null)
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, span, function + ": " + key + " must not contain NULL");
        String t = name.toString();
        DataType dt;
        try {
            dt = DataType.fromSqlName(t);
        } catch (NablaException bad) {
            throw new NablaException(bad.code(), span, function + ": " + bad.getMessage() + " in " + key);
        }
        if (dt == null || dt == DataType.NULL) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, span, function + ": unknown type '" + t + "' in " + key);
        }
        if (!dt.isSupported()) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    span,
                    function + ": type " + dt.sqlName() + " is not supported yet in " + key);
        }
        return dt;
    }

    private static Boolean bool(String f, String key, Object v, Span span) {
        if (v == null || v instanceof Boolean) return v == null ? Boolean.TRUE : (Boolean) v;
        if (v instanceof Long l && (l == 0 || l == 1)) return l == 1;
        String s = v.toString().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "on", "yes", "1" -> Boolean.TRUE;
            case "false", "off", "no", "0" -> Boolean.FALSE;
            default ->
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT, span, f + ": " + key + " must be true or false, got '" + v + "'");
        };
    }

    private static char oneChar(String f, String key, Object v, Span span) {
        String s = v == null ? "" : v.toString();
        if (s.equals("\\t")) return '\t';
        if (s.length() != 1)
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, span, f + ": " + key + " must be one character, got '" + s + "'");
        return s.charAt(0);
    }

    private static int nonNegative(String f, String key, Object v, Span span) {
        if (v instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) return (int) (long) l;
        throw new NablaException(
                ErrorCode.INVALID_ARGUMENT, span, f + ": " + key + " must be a non-negative integer, got '" + v + "'");
    }

    private static List<String> strings(String f, String key, Object v, Span span) {
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (o == null)
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT, span, f + ": " + key + " must not contain NULL");
                out.add(o.toString());
            }
            return out;
        }
        if (v instanceof String s) {
            List<String> out = new ArrayList<>();
            for (String p : s.split(",")) out.add(p.trim());
            return out;
        }
        throw new NablaException(
                ErrorCode.INVALID_ARGUMENT, span, f + ": " + key + " must be a list of strings like ['a', 'b']");
    }
}
