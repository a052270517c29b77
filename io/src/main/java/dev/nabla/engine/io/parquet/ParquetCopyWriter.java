package dev.nabla.engine.io.parquet;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.io.CopyWriter;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * {@code COPY ... TO 'f.parquet' (FORMAT parquet [, COMPRESSION snappy|gzip|uncompressed])}: every
 * column OPTIONAL (NULL = absent value), types mapped by {@link ParquetTypes#writeType}. Rows are
 * pushed to parquet-java's record consumer straight from the batch vectors (no row objects).
 */
public final class ParquetCopyWriter implements CopyWriter {
    @Override
    public long write(
            String path,
            List<String> columnNames,
            List<DataType> columnTypes,
            Iterator<Batch> batches,
            Map<String, Object> options) {
        CompressionCodecName codec = CompressionCodecName.SNAPPY;
        for (Map.Entry<String, Object> e : options.entrySet()) {
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "format" -> {}
                case "compression", "codec" -> {
                    String c = String.valueOf(e.getValue()).toUpperCase(Locale.ROOT);
                    codec = switch (c) {
                        case "SNAPPY" -> CompressionCodecName.SNAPPY;
                        case "GZIP" -> CompressionCodecName.GZIP;
                        case "UNCOMPRESSED", "NONE" -> CompressionCodecName.UNCOMPRESSED;
                        default ->
                            throw new NablaException(
                                    ErrorCode.INVALID_ARGUMENT,
                                    "COPY TO parquet: compression " + c
                                            + " is not supported (snappy, gzip, uncompressed)");
                    };
                }
                default ->
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            "COPY TO parquet: unknown option '" + e.getKey() + "' (known: compression)");
            }
        }
        List<Batch> all = new ArrayList<>();
        batches.forEachRemaining(all::add);
        List<DataType> written = writtenTypes(columnTypes, all);
        List<Type> fields = new ArrayList<>();
        for (int j = 0; j < written.size(); j++) fields.add(ParquetTypes.writeType(columnNames.get(j), written.get(j)));
        MessageType schema = new MessageType("nabla", fields);
        RowCursor cursor = new RowCursor();
        long rows = 0;
        try {
            Path p = Path.of(path);
            Files.deleteIfExists(p);
            try (ParquetWriter<RowCursor> w = new Builder(new LocalOutputFile(p), schema, written)
                    .withConf(new PlainParquetConfiguration())
                    .withCodecFactory(new HeapCodecs(path))
                    .withCompressionCodec(codec)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build()) {
                for (Batch b : all) {
                    cursor.batch = b;
                    for (int i = 0; i < b.count; i++) {
                        cursor.row = b.row(i);
                        w.write(cursor);
                    }
                    rows += b.count;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof NablaException n) throw n;
            throw new NablaException(
                    ErrorCode.IO,
                    Span.NONE,
                    "COPY TO: cannot write '" + path + "': "
                            + dev.nabla.engine.io.csv.IoFiles.writeReason(Path.of(path), e),
                    e);
        }
        return rows;
    }

    /**
     * A REAL column is written as Parquet FLOAT only when every value is exactly a float: Nabla's REAL
     * holds a double (SQLite's REAL semantics, docs/sql.md), and narrowing one that is not a float would
     * lose digits, so such a column is written as DOUBLE.
     */
    private static List<DataType> writtenTypes(List<DataType> types, List<Batch> batches) {
        List<DataType> out = new ArrayList<>(types);
        for (int j = 0; j < out.size(); j++) {
            if (out.get(j) != DataType.REAL) continue;
            scan:
            for (Batch b : batches) {
                ColumnVector v = b.columns[j];
                for (int i = 0; i < b.count; i++) {
                    int r = b.row(i);
                    if (v.isNull(r)) continue;
                    double d = v.getDouble(r);
                    if ((double) (float) d != d && !Double.isNaN(d)) {
                        out.set(j, DataType.DOUBLE);
                        break scan;
                    }
                }
            }
        }
        return out;
    }

    /** The row being written: a position in a batch (reused, so writing allocates nothing per row). */
    static final class RowCursor {
        Batch batch;
        int row;
    }

    private static final class Builder extends ParquetWriter.Builder<RowCursor, Builder> {
        private final MessageType schema;
        private final List<DataType> types;

        Builder(OutputFile file, MessageType schema, List<DataType> types) {
            super(file);
            this.schema = schema;
            this.types = types;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<RowCursor> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new Support(schema, types);
        }

        @Override
        protected WriteSupport<RowCursor> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
            return new Support(schema, types);
        }
    }

    private static final class Support extends WriteSupport<RowCursor> {
        private final MessageType schema;
        private final DataType[] types;
        private RecordConsumer out;

        Support(MessageType schema, List<DataType> types) {
            this.schema = schema;
            this.types = types.toArray(new DataType[0]);
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public WriteContext init(org.apache.parquet.conf.ParquetConfiguration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(RowCursor c) {
            out.startMessage();
            ColumnVector[] cols = c.batch.columns;
            for (int j = 0; j < types.length; j++) {
                ColumnVector v = cols[j];
                if (v.isNull(c.row)) continue;
                String name = schema.getFieldName(j);
                out.startField(name, j);
                switch (types[j]) {
                    case ScalarType.BOOLEAN -> out.addBoolean(v.getLong(c.row) != 0);
                    case ScalarType.INTEGER, ScalarType.DATE -> out.addInteger((int) v.getLong(c.row));
                    case ScalarType.BIGINT,
                            ScalarType.TIMESTAMP,
                            ScalarType.TIME,
                            ScalarType.TIMESTAMP_TZ,
                            ScalarType.NULL -> out.addLong(v.getLong(c.row));
                    case ScalarType.REAL -> out.addFloat((float) v.getDouble(c.row));
                    case ScalarType.DOUBLE -> out.addDouble(v.getDouble(c.row));
                    case ScalarType.VARCHAR -> out.addBinary(Binary.fromString(v.getString(c.row)));
                    case ScalarType.BLOB ->
                        out.addBinary(Binary.fromConstantByteArray(dev.nabla.storage.Blobs.bytes(v.getString(c.row))));
                    // the UUID's own 16 bytes (the stored high word has its top bit flipped back)
                    case ScalarType.UUID ->
                        out.addBinary(Binary.fromConstantByteArray(
                                bigEndian(v.getHigh(c.row) ^ Long.MIN_VALUE, v.getLow(c.row))));
                    case dev.nabla.storage.ArrayType arr -> writeArray(v.doubles, v.rowStart(c.row), arr.size());
                    case dev.nabla.storage.ListType l -> writeList(v.getList(c.row));
                    case dev.nabla.storage.DecimalType d
                    when d.isWide() ->
                        out.addBinary(Binary.fromConstantByteArray(bigEndian(v.getHigh(c.row), v.getLow(c.row))));
                    case dev.nabla.storage.DecimalType d -> out.addLong(v.getLong(c.row));
                    case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
                }
                out.endField(name, j);
            }
            out.endMessage();
        }

        /** A 128-bit value as 16 big-endian bytes (Parquet's two's-complement FIXED_LEN_BYTE_ARRAY decimal). */
        private static byte[] bigEndian(long hi, long lo) {
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hi >>> (56 - 8 * i));
                b[8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
            return b;
        }

        /** A DOUBLE[] as one LIST value; a NULL element is a {@code list} group without its {@code element}. */
        private void writeList(dev.nabla.storage.ListValue list) {
            out.startGroup();
            if (list.length() > 0) {
                out.startField("list", 0);
                for (int i = 0; i < list.length(); i++) {
                    out.startGroup();
                    if (!list.isNull(i)) element(list.get(i));
                    out.endGroup();
                }
                out.endField("list", 0);
            }
            out.endGroup();
        }

        /** A DOUBLE[n] row, {@code flat[from … from + n)}, as one LIST value of n elements. */
        private void writeArray(double[] flat, int from, int n) {
            out.startGroup();
            out.startField("list", 0);
            for (int i = 0; i < n; i++) {
                out.startGroup();
                element(flat[from + i]);
                out.endGroup();
            }
            out.endField("list", 0);
            out.endGroup();
        }

        private void element(double d) {
            out.startField("element", 0);
            out.addDouble(d);
            out.endField("element", 0);
        }
    }
}
