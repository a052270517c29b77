package dev.nabla.engine.io.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.nabla.engine.io.csv.FieldParsers;
import dev.nabla.storage.ArrayType;
import dev.nabla.storage.DataType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Column names and types of a JSON file, as DuckDB's {@code read_json_auto} decides them: the keys in
 * the order they first appear, each typed by every value it has in the sampled records. Missing keys and
 * {@code null} say nothing about the type. Booleans are BOOLEAN; integers BIGINT, and DOUBLE once a
 * fraction, exponent or an integer beyond BIGINT appears; strings are DATE, TIMESTAMP or (with offsets) TIMESTAMPTZ when every one
 * parses as such, else VARCHAR; arrays of numbers all of one length n are {@code DOUBLE[n]} (Nabla has no
 * variable-length lists yet); anything else (objects, other arrays, mixed kinds, only nulls) is VARCHAR
 * holding the value's JSON text.
 */
final class JsonSchema {
    private JsonSchema() {}

    record Schema(List<String> names, List<DataType> types) {}

    // what a key's values were seen to be, as bits
    private static final int BOOL = 1, INT = 2, FLOAT = 4, STRING = 8, NUM_ARRAY = 16, OTHER = 32;

    private static final class Stats {
        int kinds;
        boolean notDate, notTimestamp, notInstant;
        /** Strings that spell a non-finite double ("NaN", "Infinity", "-Infinity"), as COPY TO json writes them. */
        boolean onlyNonFiniteStrings = true;

        int arrayLength = -1; // -1: none yet; -2: arrays of different lengths
        /** A numeric array with a null element, or an empty one: the column is a DOUBLE[] list, not a DOUBLE[n]. */
        boolean listOnly;
    }

    /** Infers over the first {@code sample} records (all when negative). */
    static Schema infer(JsonRecords in, long sample) {
        Map<String, Stats> keys = new LinkedHashMap<>();
        FieldParsers fp = new FieldParsers();
        JsonParser p = in.parser;
        try {
            for (long n = 0; (sample < 0 || n < sample) && in.next(); n++) {
                for (JsonToken t = in.token(); t != JsonToken.END_OBJECT; t = in.token()) {
                    Stats s = keys.computeIfAbsent(p.currentName(), k -> new Stats());
                    observe(in, p, in.token(), s, fp);
                }
            }
        } catch (IOException e) {
            throw in.failure(e);
        }
        List<String> names = new ArrayList<>(keys.keySet());
        List<DataType> types = new ArrayList<>();
        for (Stats s : keys.values()) types.add(type(s));
        return new Schema(names, types);
    }

    private static void observe(JsonRecords in, JsonParser p, JsonToken t, Stats s, FieldParsers fp)
            throws IOException {
        switch (t) {
            case VALUE_NULL -> {}
            case VALUE_TRUE, VALUE_FALSE -> s.kinds |= BOOL;
            case VALUE_NUMBER_INT -> s.kinds |= p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? FLOAT : INT;
            case VALUE_NUMBER_FLOAT -> s.kinds |= FLOAT;
            case VALUE_STRING -> {
                s.kinds |= STRING;
                char[] b = p.getTextCharacters();
                int off = p.getTextOffset(), len = p.getTextLength();
                if (!s.notDate && !fp.parseDate(b, off, len)) s.notDate = true;
                if (!s.notTimestamp && !fp.parseTimestamp(b, off, len)) s.notTimestamp = true;
                // text with an offset (what COPY TO json writes for a TIMESTAMPTZ) is a TIMESTAMPTZ
                if (s.notTimestamp && !s.notInstant && !fp.parseInstant(b, off, len)) s.notInstant = true;
                if (s.onlyNonFiniteStrings && !nonFinite(p.getText())) s.onlyNonFiniteStrings = false;
            }
            case START_ARRAY -> {
                int n = 0;
                boolean numeric = true, nullElement = false;
                for (JsonToken e = in.token(); e != JsonToken.END_ARRAY; e = in.token()) {
                    n++;
                    if (e == JsonToken.VALUE_NUMBER_INT
                            || e == JsonToken.VALUE_NUMBER_FLOAT
                            || (e == JsonToken.VALUE_STRING && nonFinite(p.getText()))) continue;
                    if (e == JsonToken.VALUE_NULL) {
                        nullElement = true;
                        continue;
                    }
                    numeric = false;
                    in.skipChildren();
                }
                if (numeric) {
                    s.kinds |= NUM_ARRAY;
                    s.listOnly |= nullElement || n == 0;
                    if (s.arrayLength == -1) s.arrayLength = n;
                    else if (s.arrayLength != n) s.arrayLength = -2;
                } else {
                    s.kinds |= OTHER;
                }
            }
            case START_OBJECT -> {
                s.kinds |= OTHER;
                in.skipChildren();
            }
            case END_OBJECT, END_ARRAY, FIELD_NAME, NOT_AVAILABLE, VALUE_EMBEDDED_OBJECT ->
                throw in.error("unexpected " + JsonRecords.describe(t));
        }
    }

    static boolean nonFinite(String s) {
        return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }

    private static DataType type(Stats s) {
        int k = s.kinds;
        if (k == BOOL) return DataType.BOOLEAN;
        if (k == INT) return DataType.BIGINT;
        // numbers with "NaN"/"Infinity" strings among them: a DOUBLE column as COPY TO json writes it
        if ((k & ~STRING) != 0 && (k & ~(INT | FLOAT | STRING)) == 0 && ((k & STRING) == 0 || s.onlyNonFiniteStrings))
            return DataType.DOUBLE;
        if (k == STRING && !s.notDate) return DataType.DATE;
        if (k == STRING && !s.notTimestamp) return DataType.TIMESTAMP;
        if (k == STRING && !s.notInstant) return DataType.TIMESTAMP_TZ;
        if (k == NUM_ARRAY && s.arrayLength > 0 && !s.listOnly) return new ArrayType(DataType.DOUBLE, s.arrayLength);
        // numeric arrays of different lengths, with null elements or empty: DuckDB's list, here a DOUBLE[]
        if (k == NUM_ARRAY) return dev.nabla.storage.ListType.DOUBLE_LIST;
        return DataType.VARCHAR;
    }
}
