package dev.nabla.engine.io.parquet;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.engine.io.csv.IoFiles;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * {@code read_parquet('file.parquet')}: flat Parquet files, read row group by row group through
 * parquet-java's column readers (only the projected columns are decoded), a batch at a time.
 */
public final class ParquetSource implements ScannableSource {
    static final String FUNCTION = "read_parquet";

    private final String file;
    private final Path path;
    private final List<String> names = new ArrayList<>();
    private final List<DataType> types = new ArrayList<>();
    private final List<ParquetTypes.Read> reads = new ArrayList<>();
    private final List<Integer> scales = new ArrayList<>();
    private final long rows;
    private final String display;

    private ParquetSource(String file, Path path, MessageType schema, long rows) {
        this.file = file;
        this.path = path;
        this.rows = rows;
        this.display = FUNCTION + "('" + file + "')";
        for (Type t : schema.getFields()) {
            ParquetTypes.Read r = ParquetTypes.readKind(file, t);
            names.add(t.getName());
            reads.add(r);
            types.add(ParquetTypes.sqlType(r, t.asPrimitiveType()));
            scales.add(
                    t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d
                            ? d.getScale()
                            : 0);
        }
    }

    public static ParquetSource resolve(List<Object> args, Map<String, Object> named, Span span) {
        if (args.size() != 1 || !(args.get(0) instanceof String file)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "read_parquet expects one file name: read_parquet('data.parquet')");
        }
        for (String k : named.keySet()) {
            if (!k.equalsIgnoreCase("format"))
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "read_parquet: unknown option '" + k + "'");
        }
        Path p = IoFiles.existing(FUNCTION, file, span);
        try (ParquetFileReader r = open(p, file)) {
            return new ParquetSource(file, p, r.getFooter().getFileMetaData().getSchema(), r.getRecordCount());
        } catch (IOException | RuntimeException e) {
            if (e instanceof NablaException n) throw n;
            throw new NablaException(
                    ErrorCode.IO, span, FUNCTION + ": cannot read '" + file + "' as Parquet: " + e.getMessage(), e);
        }
    }

    private static ParquetFileReader open(Path p, String file) throws IOException {
        return ParquetFileReader.open(
                new LocalInputFile(p),
                ParquetReadOptions.builder(new PlainParquetConfiguration())
                        .withCodecFactory(new HeapCodecs(file))
                        .build());
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
        return rows;
    }

    @Override
    public String toString() {
        return display;
    }

    @Override
    public Iterator<Batch> scan(
            List<Integer> columns, boolean withRowIds, Expr pushedFilter, List<Column> scanOutput, ExecContext ctx) {
        if (withRowIds) throw new NablaException(ErrorCode.UNSUPPORTED, "cannot modify the result of " + display);
        // the reader opens lazily inside the iterator; the holder lets the cleaner close it without reaching the
        // iterator
        ParquetFileReader[] open = new ParquetFileReader[1];
        Iterator<Batch> batches = new Iterator<>() {
            private ParquetFileReader reader;
            private MessageType schema;
            private ColumnReader[] readers;
            private long left;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (done) return false;
                if (left > 0) return true;
                try {
                    if (reader == null) {
                        reader = open(path, file);
                        open[0] = reader;
                        schema = reader.getFooter().getFileMetaData().getSchema();
                    }
                    PageReadStore pages;
                    while ((pages = reader.readNextRowGroup()) != null && pages.getRowCount() == 0) {}
                    if (pages == null) {
                        finish();
                        return false;
                    }
                    if (ctx != null) ctx.checkCancelled();
                    String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
                    ColumnReadStoreImpl store = new ColumnReadStoreImpl(
                            pages, new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
                    readers = new ColumnReader[columns.size()];
                    List<ColumnDescriptor> descs = schema.getColumns();
                    for (int k = 0; k < readers.length; k++)
                        readers[k] = store.getColumnReader(descs.get(columns.get(k)));
                    left = pages.getRowCount();
                    return true;
                } catch (IOException | RuntimeException e) {
                    finish();
                    if (e instanceof NablaException n) throw n;
                    throw new NablaException(
                            ErrorCode.IO, Span.NONE, FUNCTION + ": cannot read '" + file + "': " + e.getMessage(), e);
                }
            }

            private void finish() {
                done = true;
                if (reader != null) {
                    try {
                        reader.close();
                    } catch (IOException ignored) {
                        // nothing more is read from it
                    }
                }
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int n = (int) Math.min(Batch.CAPACITY, left);
                ColumnVector[] out = new ColumnVector[readers.length];
                for (int k = 0; k < readers.length; k++) {
                    int c = columns.get(k);
                    out[k] = read(readers[k], reads.get(c), types.get(c), scales.get(c), n);
                }
                left -= n;
                return new Batch(out, n);
            }
        };
        IoFiles.CLEANER.register(batches, () -> {
            try {
                if (open[0] != null) open[0].close();
            } catch (IOException ignored) {
                // abandoned scan: nothing to report to
            }
        });
        return batches;
    }

    private static ColumnVector read(ColumnReader r, ParquetTypes.Read kind, DataType type, int scale, int n) {
        int maxDef = r.getDescriptor().getMaxDefinitionLevel();
        long[] nulls = null;
        switch (type.physical()) {
            case LONG -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++, r.consume()) {
                    if (r.getCurrentDefinitionLevel() < maxDef) {
                        nulls = setNull(nulls, n, i);
                        continue;
                    }
                    a[i] = switch (kind) {
                        case BOOLEAN -> r.getBoolean() ? 1 : 0;
                        case INT32, DATE ->
                            type == DataType.BIGINT ? Integer.toUnsignedLong(r.getInteger()) : r.getInteger();
                        case INT64, TS_MICROS -> r.getLong();
                        case TS_MILLIS -> r.getLong() * 1000;
                        case TS_NANOS -> Math.floorDiv(r.getLong(), 1000);
                        // DECIMAL(p ≤ 18, s): the unscaled value as stored
                        case DECIMAL32 -> r.getInteger();
                        case DECIMAL64 -> r.getLong();
                        case DECIMAL_BINARY -> new BigInteger(r.getBinary().getBytes()).longValue();
                        default -> throw new IllegalStateException(kind.name());
                    };
                }
                return ColumnVector.ofLongs(type, a, nulls, 0);
            }
            case DOUBLE -> {
                double[] a = new double[n];
                double div = Math.pow(10, scale);
                for (int i = 0; i < n; i++, r.consume()) {
                    if (r.getCurrentDefinitionLevel() < maxDef) {
                        nulls = setNull(nulls, n, i);
                        continue;
                    }
                    a[i] = switch (kind) {
                        case FLOAT -> r.getFloat();
                        case DOUBLE -> r.getDouble();
                        case DECIMAL32 -> r.getInteger() / div;
                        case DECIMAL64 -> r.getLong() / div;
                        case DECIMAL_BINARY ->
                            new BigDecimal(new BigInteger(r.getBinary().getBytes()), scale).doubleValue();
                        default -> throw new IllegalStateException(kind.name());
                    };
                }
                return ColumnVector.ofDoubles(type, a, nulls, 0);
            }
            case STRING -> {
                String[] a = new String[n];
                boolean bytes = kind == ParquetTypes.Read.BYTES;
                for (int i = 0; i < n; i++, r.consume()) {
                    if (r.getCurrentDefinitionLevel() < maxDef) nulls = setNull(nulls, n, i);
                    else
                        a[i] = bytes
                                ? Blobs.of(r.getBinary().getBytes())
                                : r.getBinary().toStringUsingUTF8();
                }
                return ColumnVector.ofStrings(a, nulls, 0);
            }
            default -> throw new IllegalStateException();
        }
    }

    private static long[] setNull(long[] bits, int n, int i) {
        if (bits == null) bits = new long[(n + 63) >>> 6];
        bits[i >>> 6] |= 1L << i;
        return bits;
    }
}
