package dev.nabla.engine.io.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.storage.Batch;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.List;

/**
 * FastCSV callback that converts each field in place from the parser's char buffer into the column
 * arrays of the batch being filled (no String per numeric field, no per-row objects). {@link #buildRecord}
 * returns null until a batch is full, so FastCSV's iterator only surfaces whole batches; {@link #flush}
 * hands over the last partial one. Fresh arrays per batch: downstream may keep them (CREATE TABLE AS
 * stores them zero-copy).
 */
final class BatchLoader extends AbstractBaseCsvCallbackHandler<Batch> {
    private final String file;
    private final List<String> names;
    private final int[] kinds;
    private final int[] outPos;
    private final DataType[] outTypes;
    private final char[] nullChars;
    private final int width;
    private final FieldParsers p = new FieldParsers();
    private boolean skipNextRecord;

    /** Per output column: recently seen short strings, so repeated labels share one String. */
    private final StringCache[] caches;

    private long[][] longs;
    private double[][] doubles;
    private String[][] strings;
    private dev.nabla.storage.ListValue[][] lists;
    private long[][] nulls;
    private int row;
    /** Per file column: FORCE_NOT_NULL, an unquoted field equal to the null string is that text, not NULL. */
    private final boolean[] forceNotNull;

    BatchLoader(
            String file,
            List<String> names,
            int[] kinds,
            int[] outPos,
            DataType[] outTypes,
            String nullString,
            boolean[] forceNotNull,
            boolean header) {
        this.file = file;
        this.names = names;
        this.kinds = kinds;
        this.outPos = outPos;
        this.outTypes = outTypes;
        this.nullChars = nullString.toCharArray();
        this.forceNotNull = forceNotNull;
        this.width = kinds.length;
        this.skipNextRecord = header;
        this.caches = new StringCache[outTypes.length];
        for (int k = 0; k < outTypes.length; k++) if (outTypes[k] == DataType.VARCHAR) caches[k] = new StringCache();
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
                case LONG -> longs[k] = new long[Batch.CAPACITY];
                case INT128 -> longs[k] = new long[Batch.CAPACITY * 2];
                case DOUBLE -> doubles[k] = new double[Batch.CAPACITY];
                case STRING -> strings[k] = new String[Batch.CAPACITY];
                case ARRAY -> doubles[k] = new double[Batch.CAPACITY * ColumnVector.width(outTypes[k])];
                case LIST -> lists[k] = new dev.nabla.storage.ListValue[Batch.CAPACITY];
            }
        }
        row = 0;
    }

    @Override
    protected void handleField(int idx, char[] buf, int off, int len, boolean quoted) {
        if (skipNextRecord || idx >= width) return;
        int kind = kinds[idx];
        if (kind == ColumnKind.SKIP) return;
        int k = outPos[idx];
        if (quoted
                ? len == 0 && kind != ColumnKind.VARCHAR && kind != ColumnKind.BLOB
                : !forceNotNull[idx] && isNullString(buf, off, len)) {
            setNull(k);
            return;
        }
        switch (kind) {
            case ColumnKind.DOUBLE -> {
                if (!p.parseDouble(buf, off, len)) throw bad(idx, buf, off, len);
                doubles[k][row] = p.doubleValue;
            }
            case ColumnKind.BIGINT -> {
                if (!p.parseLong(buf, off, len)) throw bad(idx, buf, off, len);
                longs[k][row] = p.longValue;
            }
            case ColumnKind.INTEGER -> {
                if (!p.parseLong(buf, off, len) || p.longValue != (int) p.longValue) throw bad(idx, buf, off, len);
                longs[k][row] = p.longValue;
            }
            case ColumnKind.VARCHAR ->
                strings[k][row] =
                        len <= StringCache.MAX_LENGTH ? caches[k].get(buf, off, len) : new String(buf, off, len);
            case ColumnKind.BLOB -> {
                String bytes = Blobs.fromHex(CsvBlobs.digits(java.nio.CharBuffer.wrap(buf, off, len)));
                if (bytes == null) throw bad(idx, buf, off, len);
                strings[k][row] = bytes;
            }
            case ColumnKind.BOOLEAN -> {
                if (!p.parseBoolean(buf, off, len)) throw bad(idx, buf, off, len);
                longs[k][row] = p.longValue;
            }
            case ColumnKind.DATE -> {
                if (!p.parseDate(buf, off, len)) throw bad(idx, buf, off, len);
                longs[k][row] = p.longValue;
            }
            case ColumnKind.TIMESTAMP -> {
                if (!p.parseTimestamp(buf, off, len)) throw bad(idx, buf, off, len);
                longs[k][row] = p.longValue;
            }
            case ColumnKind.TIME -> {
                if (!p.parseTime(buf, off, len)) throw bad(idx, buf, off, len);
                longs[k][row] = p.longValue;
            }
            case ColumnKind.TIMESTAMP_TZ -> {
                if (!p.parseInstant(buf, off, len)) throw bad(idx, buf, off, len);
                longs[k][row] = p.longValue;
            }
            case ColumnKind.DECIMAL -> {
                // exact: the text's decimal, rounded half away from zero to the column's scale (22003 past its
                // precision)
                java.math.BigDecimal d;
                try {
                    d = new java.math.BigDecimal(new String(buf, off, len).trim());
                } catch (NumberFormatException e) {
                    throw bad(idx, buf, off, len);
                }
                dev.nabla.storage.DecimalType dt = (dev.nabla.storage.DecimalType) outTypes[k];
                java.math.BigInteger u = dt.round(d).unscaledValue();
                if (dt.isWide()) {
                    longs[k][2 * row] = dev.nabla.storage.Int128.high(u);
                    longs[k][2 * row + 1] = dev.nabla.storage.Int128.low(u);
                } else longs[k][row] = u.longValue();
            }
            case ColumnKind.UUID -> {
                java.util.UUID u = dev.nabla.storage.Uuids.tryParse(new String(buf, off, len));
                if (u == null) throw bad(idx, buf, off, len);
                longs[k][2 * row] = dev.nabla.storage.Uuids.high(u);
                longs[k][2 * row + 1] = dev.nabla.storage.Uuids.low(u);
            }
            case ColumnKind.ARRAY -> {
                // the text COPY TO writes ([1.0, 2.5]); a per-row String is fine here, arrays are read rarely
                int n = ColumnVector.width(outTypes[k]);
                double[] values;
                try {
                    values = dev.nabla.storage.ArrayText.parse(new String(buf, off, len), n);
                } catch (NablaException e) {
                    throw bad(idx, buf, off, len);
                }
                System.arraycopy(values, 0, doubles[k], row * n, n);
            }
            case ColumnKind.LIST -> {
                // DuckDB's list text ([1.0, NULL, 2.5], [] for the empty list), as COPY TO writes it
                try {
                    lists[k][row] = dev.nabla.storage.ListValue.parse(new String(buf, off, len));
                } catch (NablaException e) {
                    throw bad(idx, buf, off, len);
                }
            }
            default -> throw new IllegalStateException("column kind " + kind);
        }
    }

    private boolean isNullString(char[] buf, int off, int len) {
        if (len != nullChars.length) return false;
        for (int i = 0; i < len; i++) if (buf[off + i] != nullChars[i]) return false;
        return true;
    }

    private void setNull(int k) {
        long[] bits = nulls[k];
        if (bits == null) nulls[k] = bits = new long[(Batch.CAPACITY + 63) >>> 6];
        bits[row >>> 6] |= 1L << row;
    }

    private NablaException bad(int idx, char[] buf, int off, int len) {
        String v = new String(buf, off, Math.min(len, 100));
        return new NablaException(
                ErrorCode.INVALID_CAST,
                Span.NONE,
                CsvSource.FUNCTION + ": " + file + " line " + line() + ", column \"" + names.get(idx)
                        + "\": cannot parse '" + v + "' as " + outTypes[outPos[idx]].sqlName());
    }

    /** FastCSV's physical line of the record's start (skipped lines included). */
    private long line() {
        return getStartingLineNumber();
    }

    @Override
    protected Batch buildRecord() {
        if (getRecordType() == RecordType.EMPTY) {
            // A one-column file writes its NULL as an empty line (as PostgreSQL's and DuckDB's COPY do), so an
            // empty line is that NULL there; in wider files it carries no fields and is skipped.
            if (width != 1 || skipNextRecord) return null;
            if (kinds[0] != ColumnKind.SKIP) setNull(outPos[0]);
        } else if (getFieldCount() != width) {
            throw CsvSource.ragged(CsvSource.FUNCTION, file, line(), width, getFieldCount());
        }
        if (skipNextRecord) {
            skipNextRecord = false;
            return null;
        }
        if (++row < Batch.CAPACITY) return null;
        return take();
    }

    /** The rows collected since the last full batch, or null when there are none. */
    Batch flush() {
        return row == 0 ? null : take();
    }

    private Batch take() {
        ColumnVector[] cols = new ColumnVector[outTypes.length];
        for (int k = 0; k < cols.length; k++) {
            DataType t = outTypes[k];
            cols[k] = switch (t.physical()) {
                case LONG, INT128 -> ColumnVector.ofLongs(t, longs[k], nulls[k], 0);
                case DOUBLE -> ColumnVector.ofDoubles(t, doubles[k], nulls[k], 0);
                case STRING -> ColumnVector.ofStrings(strings[k], nulls[k], 0);
                case ARRAY -> ColumnVector.ofArrays((dev.nabla.storage.ArrayType) t, doubles[k], nulls[k], 0);
                case LIST -> ColumnVector.ofLists(t, lists[k], nulls[k], 0);
            };
        }
        Batch b = new Batch(cols, row);
        allocate();
        return b;
    }
}
