package dev.nabla.engine.io.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.nabla.common.NablaException;
import dev.nabla.engine.io.csv.CsvBlobs;
import dev.nabla.engine.io.csv.FieldParsers;
import dev.nabla.storage.ArrayType;
import dev.nabla.storage.Batch;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses records into batches of the requested columns: each value straight from the parser's token
 * into the column's primitive array; a key a record lacks, and {@code null}, are NULL.
 */
final class JsonLoader {
    private final JsonRecords in;
    private final JsonParser p;
    private final List<String> names;
    private final boolean ignoreUnknownKeys;
    /** Key → output position, for the requested columns; other keys of the schema map to -1 (skipped). */
    private final Map<String, Integer> positions = new HashMap<>();

    private final DataType[] outTypes;
    private final int[] outColumn;
    private final FieldParsers fp = new FieldParsers();

    private long[][] longs;
    private double[][] doubles;
    private String[][] strings;
    private dev.nabla.storage.ListValue[][] lists;
    private long[][] nulls;
    /** The row each output column last received a value in (the others are NULL in that row). */
    private final int[] filled;

    private int row;

    JsonLoader(JsonRecords in, List<String> names, List<DataType> types, List<Integer> columns, boolean ignoreUnknown) {
        this.in = in;
        this.p = in.parser;
        this.names = names;
        this.ignoreUnknownKeys = ignoreUnknown;
        for (int i = 0; i < names.size(); i++) positions.put(names.get(i), -1);
        outTypes = new DataType[columns.size()];
        outColumn = new int[columns.size()];
        for (int k = 0; k < columns.size(); k++) {
            int c = columns.get(k);
            positions.put(names.get(c), k);
            outTypes[k] = types.get(c);
            outColumn[k] = c;
        }
        filled = new int[outTypes.length];
        allocate();
    }

    private void allocate() {
        int n = outTypes.length;
        longs = new long[n][];
        doubles = new double[n][];
        strings = new String[n][];
        lists = new dev.nabla.storage.ListValue[n][];
        nulls = new long[n][];
        for (int k = 0; k < n; k++) {
            switch (outTypes[k].physical()) {
                case LIST -> lists[k] = new dev.nabla.storage.ListValue[Batch.CAPACITY];
                case LONG -> longs[k] = new long[Batch.CAPACITY];
                case INT128 -> longs[k] = new long[Batch.CAPACITY * 2];
                case DOUBLE -> doubles[k] = new double[Batch.CAPACITY];
                case ARRAY -> doubles[k] = new double[Batch.CAPACITY * ColumnVector.width(outTypes[k])];
                case STRING -> strings[k] = new String[Batch.CAPACITY];
            }
        }
        java.util.Arrays.fill(filled, -1);
        row = 0;
    }

    /** The next batch, or null after the last record. */
    Batch next() {
        while (row < Batch.CAPACITY && in.next()) {
            for (JsonToken t = in.token(); t != JsonToken.END_OBJECT; t = in.token()) {
                String key;
                try {
                    key = p.currentName();
                } catch (IOException e) {
                    throw in.failure(e);
                }
                Integer k = positions.get(key);
                JsonToken v = in.token();
                if (k == null && !ignoreUnknownKeys) {
                    throw in.error("key \"" + key + "\" is not one of the columns " + names
                            + " (the schema came from the first records: raise sample_size, or name the keys with"
                            + " columns => [..])");
                }
                if (k == null || k < 0) {
                    in.skipChildren();
                    continue;
                }
                if (v == JsonToken.VALUE_NULL) continue;
                try {
                    store(k, v);
                } catch (IOException e) {
                    throw in.failure(e);
                }
                filled[k] = row;
            }
            for (int k = 0; k < outTypes.length; k++) if (filled[k] != row) setNull(k);
            row++;
        }
        if (row == 0) return null;
        ColumnVector[] cols = new ColumnVector[outTypes.length];
        for (int k = 0; k < cols.length; k++) {
            DataType t = outTypes[k];
            cols[k] = switch (t.physical()) {
                case LONG, INT128 -> ColumnVector.ofLongs(t, longs[k], nulls[k], 0);
                case DOUBLE -> ColumnVector.ofDoubles(t, doubles[k], nulls[k], 0);
                case ARRAY -> ColumnVector.ofArrays((ArrayType) t, doubles[k], nulls[k], 0);
                case STRING -> ColumnVector.ofStrings(strings[k], nulls[k], 0);
                case LIST -> ColumnVector.ofLists(t, lists[k], nulls[k], 0);
            };
        }
        Batch b = new Batch(cols, row);
        allocate();
        return b;
    }

    private void setNull(int k) {
        if (nulls[k] == null) nulls[k] = new long[(Batch.CAPACITY + 63) >>> 6];
        nulls[k][row >>> 6] |= 1L << row;
    }

    private void store(int k, JsonToken v) throws IOException {
        DataType t = outTypes[k];
        switch (t) {
            case ScalarType.BOOLEAN -> {
                if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                    longs[k][row] = v == JsonToken.VALUE_TRUE ? 1 : 0;
                } else if (v == JsonToken.VALUE_STRING
                        && fp.parseBoolean(chars(), p.getTextOffset(), p.getTextLength())) {
                    longs[k][row] = fp.longValue;
                } else throw bad(k, v);
            }
            case ScalarType.INTEGER, ScalarType.BIGINT -> {
                long x;
                if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    x = p.getLongValue();
                } else if (v == JsonToken.VALUE_STRING && fp.parseLong(chars(), p.getTextOffset(), p.getTextLength())) {
                    x = fp.longValue;
                } else throw bad(k, v);
                if (t == DataType.INTEGER && x != (int) x) throw bad(k, v);
                longs[k][row] = x;
            }
            case ScalarType.REAL, ScalarType.DOUBLE -> doubles[k][row] = number(k, v);
            case ScalarType.DATE, ScalarType.TIMESTAMP, ScalarType.TIME, ScalarType.TIMESTAMP_TZ -> {
                if (v != JsonToken.VALUE_STRING) throw bad(k, v);
                boolean ok = t == DataType.TIMESTAMP_TZ
                        ? fp.parseInstant(chars(), p.getTextOffset(), p.getTextLength())
                        : t == DataType.DATE
                                ? fp.parseDate(chars(), p.getTextOffset(), p.getTextLength())
                                : t == DataType.TIME
                                        ? fp.parseTime(chars(), p.getTextOffset(), p.getTextLength())
                                        : fp.parseTimestamp(chars(), p.getTextOffset(), p.getTextLength());
                if (!ok) throw bad(k, v);
                longs[k][row] = fp.longValue;
            }
            case ScalarType.VARCHAR, ScalarType.NULL -> strings[k][row] = text(v);
            case ScalarType.BLOB -> {
                // hex digits, as COPY TO json writes a BLOB (a leading \x or 0x is accepted too)
                String bytes = v == JsonToken.VALUE_STRING ? Blobs.fromHex(CsvBlobs.digits(p.getText())) : null;
                if (bytes == null) throw bad(k, v);
                strings[k][row] = bytes;
            }
            case ScalarType.UUID -> {
                java.util.UUID u = v == JsonToken.VALUE_STRING ? dev.nabla.storage.Uuids.tryParse(p.getText()) : null;
                if (u == null) throw bad(k, v);
                longs[k][2 * row] = dev.nabla.storage.Uuids.high(u);
                longs[k][2 * row + 1] = dev.nabla.storage.Uuids.low(u);
            }
            case DecimalType d -> {
                BigDecimal x;
                try {
                    x = switch (v) {
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new BigDecimal(p.getText());
                        case VALUE_STRING -> new BigDecimal(p.getText().strip());
                        default -> throw bad(k, v);
                    };
                } catch (NumberFormatException e) {
                    throw bad(k, v);
                }
                java.math.BigInteger u = d.round(x).unscaledValue();
                if (d.isWide()) {
                    longs[k][2 * row] = dev.nabla.storage.Int128.high(u);
                    longs[k][2 * row + 1] = dev.nabla.storage.Int128.low(u);
                } else longs[k][row] = u.longValue();
            }
            case ArrayType a -> {
                if (v != JsonToken.START_ARRAY) throw bad(k, v);
                int n = a.size(), at = row * n, i = 0;
                for (JsonToken e = in.token(); e != JsonToken.END_ARRAY; e = in.token()) {
                    if (i == n)
                        throw in.error("column \"" + names.get(outColumn[k]) + "\" is " + t.sqlName()
                                + ": this array has more than " + n + " elements");
                    doubles[k][at + i++] = number(k, e);
                }
                if (i != n) {
                    throw in.error("column \"" + names.get(outColumn[k]) + "\" is " + t.sqlName() + ": this array has "
                            + i + " element" + (i == 1 ? "" : "s"));
                }
            }
            // a DOUBLE[] list: an array of numbers and nulls, any length
            case dev.nabla.storage.ListType list -> {
                if (!list.isSupported()) throw DataType.unsupported(list);
                if (v != JsonToken.START_ARRAY) throw bad(k, v);
                double[] buf = new double[8];
                long[] bits = null;
                int i = 0;
                for (JsonToken e = in.token(); e != JsonToken.END_ARRAY; e = in.token()) {
                    if (i == buf.length) buf = java.util.Arrays.copyOf(buf, 2 * i);
                    if (e == JsonToken.VALUE_NULL) {
                        if (bits == null) bits = new long[(buf.length + 63) >>> 6];
                        else if (bits.length < (buf.length + 63) >>> 6)
                            bits = java.util.Arrays.copyOf(bits, (buf.length + 63) >>> 6);
                        bits[i >>> 6] |= 1L << i;
                    } else buf[i] = number(k, e);
                    i++;
                }
                lists[k][row] = dev.nabla.storage.ListValue.of(
                        java.util.Arrays.copyOf(buf, i),
                        bits == null ? null : java.util.Arrays.copyOf(bits, (i + 63) >>> 6));
            }
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        }
    }

    private char[] chars() throws IOException {
        return p.getTextCharacters();
    }

    /** A number token, or a string spelling one ("NaN" and "Infinity" as COPY TO json writes non-finite doubles). */
    private double number(int k, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_STRING -> {
                String s = p.getText();
                if (s.equals("NaN")) yield Double.NaN;
                if (s.equals("Infinity")) yield Double.POSITIVE_INFINITY;
                if (s.equals("-Infinity")) yield Double.NEGATIVE_INFINITY;
                if (!fp.parseDouble(chars(), p.getTextOffset(), p.getTextLength())) throw bad(k, v);
                yield fp.doubleValue;
            }
            default -> throw bad(k, v);
        };
    }

    /** A VARCHAR value: a string's text, a number's or boolean's as written, an object's or array's JSON text. */
    private String text(JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case START_OBJECT, START_ARRAY -> {
                StringWriter w = new StringWriter();
                try (JsonGenerator g = JsonRecords.FACTORY.createGenerator(w)) {
                    g.copyCurrentStructure(p);
                }
                yield w.toString();
            }
            default -> throw in.error("unexpected " + JsonRecords.describe(v));
        };
    }

    private NablaException bad(int k, JsonToken v) {
        String what;
        try {
            what = v == JsonToken.VALUE_STRING
                    ? "\"" + abbreviate(p.getText()) + "\""
                    : switch (v) {
                        case START_OBJECT, START_ARRAY -> JsonRecords.describe(v);
                        default -> abbreviate(p.getText());
                    };
        } catch (IOException e) {
            what = JsonRecords.describe(v);
        }
        return in.error("cannot read " + what + " as " + outTypes[k].sqlName() + " (column \"" + names.get(outColumn[k])
                + "\")");
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
