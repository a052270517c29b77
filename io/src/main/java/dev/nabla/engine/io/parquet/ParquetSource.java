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
import dev.nabla.storage.ListValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
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
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * {@code read_parquet('file.parquet')}: flat Parquet files, read row group by row group through
 * parquet-java's column readers (only the projected columns are decoded), a batch at a time. The name may be
 * a glob ({@code 'dir/*.parquet'}, {@code 'dir/**'}): the matching files, in name order, are read one after
 * another and must share one schema; files whose name starts with {@code _} or {@code .} (Spark's
 * {@code _SUCCESS}, checksum files) are not data. With {@code hive_partitioning = true} each
 * {@code key=value} directory between the glob's base directory and a file is a column of that file's rows
 * (BIGINT, DOUBLE or VARCHAR, whichever holds every value; {@code __HIVE_DEFAULT_PARTITION__} is NULL), as
 * Spark, Hive and DuckDB write and read such datasets.
 */
public final class ParquetSource implements ScannableSource {
    static final String FUNCTION = "read_parquet";
    /** The directory name Hive and Spark give a partition whose value is NULL. */
    static final String HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";

    private final String file;
    private final List<Path> paths;
    private final List<String> names = new ArrayList<>();
    private final List<DataType> types = new ArrayList<>();
    private final List<ParquetTypes.Read> reads = new ArrayList<>();
    private final List<Integer> scales = new ArrayList<>();
    /** The number of columns the files hold; the partition columns follow them. */
    private final int fileColumns;
    /** Per file, the value of each partition column (Long, Double, String or null). */
    private final List<Object[]> partitionValues;

    private final long rows;
    private final String display;

    private ParquetSource(
            String file,
            List<Path> paths,
            MessageType schema,
            long rows,
            List<String> partitionNames,
            List<DataType> partitionTypes,
            List<Object[]> partitionValues) {
        this.file = file;
        this.paths = paths;
        this.rows = rows;
        this.display = FUNCTION + "('" + file + "')";
        for (Type t : schema.getFields()) {
            ParquetTypes.Read r = ParquetTypes.readKind(file, t);
            names.add(t.getName());
            reads.add(r);
            types.add(ParquetTypes.sqlType(r, r == ParquetTypes.Read.LIST ? null : t.asPrimitiveType()));
            scales.add(
                    t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d
                            ? d.getScale()
                            : 0);
        }
        this.fileColumns = names.size();
        names.addAll(partitionNames);
        types.addAll(partitionTypes);
        this.partitionValues = partitionValues;
    }

    public static ParquetSource resolve(List<Object> args, Map<String, Object> named, Span span) {
        if (args.size() != 1 || !(args.get(0) instanceof String file)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "read_parquet expects one file name or glob pattern: read_parquet('data.parquet'),"
                            + " read_parquet('dir/*.parquet'), read_parquet('dir/**', hive_partitioning = true)");
        }
        boolean hive = false;
        for (Map.Entry<String, Object> e : named.entrySet()) {
            String k = e.getKey();
            if (k.equalsIgnoreCase("hive_partitioning")) hive = bool(k, e.getValue(), span);
            else if (!k.equalsIgnoreCase("format"))
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "read_parquet: unknown option '" + k + "'");
        }
        boolean glob = isGlob(file);
        List<Path> paths = glob ? glob(file, span) : List.of(IoFiles.existing(FUNCTION, file, span));
        Path base = glob ? globBase(file) : paths.get(0).toAbsolutePath().getParent();
        MessageType schema = null;
        long rows = 0;
        for (Path p : paths) {
            String shown = p.toString();
            try (ParquetFileReader r = open(p, shown)) {
                MessageType s = r.getFooter().getFileMetaData().getSchema();
                if (schema == null) schema = s;
                else if (!schema.equals(s)) {
                    throw new NablaException(
                            ErrorCode.IO,
                            span,
                            FUNCTION + ": '" + shown + "' has columns " + describe(s) + ", but '" + paths.get(0)
                                    + "' has " + describe(schema)
                                    + ": the files of one read_parquet must share a schema");
                }
                rows += r.getRecordCount();
            } catch (IOException | RuntimeException e) {
                if (e instanceof NablaException n) throw n;
                throw new NablaException(
                        ErrorCode.IO,
                        span,
                        FUNCTION + ": cannot read '" + shown + "' as Parquet: " + e.getMessage(),
                        e);
            }
        }
        List<String> partNames = new ArrayList<>();
        List<DataType> partTypes = new ArrayList<>();
        List<Object[]> partValues = new ArrayList<>();
        if (hive) hivePartitions(file, base, paths, schema, partNames, partTypes, partValues, span);
        return new ParquetSource(file, paths, schema, rows, partNames, partTypes, partValues);
    }

    private static String describe(MessageType s) {
        List<String> out = new ArrayList<>();
        for (Type t : s.getFields())
            out.add(t.getName() + " " + t.asPrimitiveType().getPrimitiveTypeName());
        return "(" + String.join(", ", out) + ")";
    }

    private static boolean bool(String key, Object v, Span span) {
        if (v == null) return true;
        if (v instanceof Boolean b) return b;
        if (v instanceof Long l && (l == 0 || l == 1)) return l == 1;
        return switch (v.toString().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default ->
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        span,
                        FUNCTION + ": " + key + " must be true or false, got '" + v + "'");
        };
    }

    static boolean isGlob(String file) {
        return file.indexOf('*') >= 0 || file.indexOf('?') >= 0 || file.indexOf('[') >= 0 || file.indexOf('{') >= 0;
    }

    /** The directory part of a glob before its first wildcard: where the walk starts and partition paths begin. */
    static Path globBase(String pattern) {
        int slash = pattern.lastIndexOf('/', firstWild(pattern));
        return Path.of(slash < 0 ? "." : slash == 0 ? "/" : pattern.substring(0, slash))
                .toAbsolutePath()
                .normalize();
    }

    /** The data files matching {@code pattern}, in name order. */
    static List<Path> glob(String pattern, Span span) {
        Path base = globBase(pattern);
        if (!Files.isDirectory(base)) {
            throw new NablaException(
                    ErrorCode.IO, span, FUNCTION + ": directory '" + base + "' of '" + pattern + "' does not exist");
        }
        // the part after the base directory, matched against each file's path relative to it
        int slash = pattern.lastIndexOf('/', firstWild(pattern));
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(slash + 1));
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(base)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> m.matches(base.relativize(p.toAbsolutePath().normalize())))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return !n.startsWith("_") && !n.startsWith(".");
                    })
                    .forEach(out::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new NablaException(
                    ErrorCode.IO, span, FUNCTION + ": cannot list '" + base + "': " + e.getMessage(), e);
        }
        if (out.isEmpty())
            throw new NablaException(ErrorCode.IO, span, FUNCTION + ": no file matches '" + pattern + "'");
        out.sort(java.util.Comparator.comparing(Path::toString));
        return out;
    }

    private static int firstWild(String pattern) {
        int wild = pattern.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int i = pattern.indexOf(c);
            if (i >= 0) wild = Math.min(wild, i);
        }
        return wild;
    }

    /**
     * The {@code key=value} directories of each file below {@code base}: every file must have the same keys in
     * the same order; a key that is also a column of the files is refused (which would be meant is unclear).
     */
    private static void hivePartitions(
            String pattern,
            Path base,
            List<Path> paths,
            MessageType schema,
            List<String> names,
            List<DataType> types,
            List<Object[]> values,
            Span span) {
        List<String[]> raw = new ArrayList<>();
        for (Path p : paths) {
            Path rel = base.relativize(p.toAbsolutePath().normalize());
            List<String> keys = new ArrayList<>(), vals = new ArrayList<>();
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                String dirName = rel.getName(i).toString();
                int eq = dirName.indexOf('=');
                if (eq <= 0) continue;
                keys.add(dirName.substring(0, eq));
                vals.add(unescape(dirName.substring(eq + 1)));
            }
            if (raw.isEmpty()) names.addAll(keys);
            else if (!names.equals(keys)) {
                throw new NablaException(
                        ErrorCode.IO,
                        span,
                        FUNCTION + ": '" + p + "' is partitioned by " + keys + ", other files of '" + pattern + "' by "
                                + names + ": hive_partitioning needs the same key=value directories for every file");
            }
            raw.add(vals.toArray(String[]::new));
        }
        for (String n : names) {
            for (Type t : schema.getFields()) {
                if (t.getName().equalsIgnoreCase(n)) {
                    throw new NablaException(
                            ErrorCode.IO, span, FUNCTION + ": partition key '" + n + "' is also a column of the files");
                }
            }
        }
        for (int k = 0; k < names.size(); k++) {
            boolean allLong = true, allDouble = true;
            for (String[] v : raw) {
                String x = v[k];
                if (x == null) continue;
                allLong &= parses(x, true);
                allDouble &= parses(x, false);
            }
            types.add(allLong ? DataType.BIGINT : allDouble ? DataType.DOUBLE : DataType.VARCHAR);
        }
        for (String[] v : raw) {
            Object[] out = new Object[v.length];
            for (int k = 0; k < v.length; k++) {
                String x = v[k];
                DataType t = types.get(k);
                out[k] = x == null
                        ? null
                        : t == DataType.BIGINT
                                ? (Object) Long.parseLong(x)
                                : t == DataType.DOUBLE ? (Object) Double.parseDouble(x) : x;
            }
            values.add(out);
        }
    }

    private static boolean parses(String s, boolean integral) {
        try {
            if (integral) Long.parseLong(s);
            else {
                double d = Double.parseDouble(s);
                // "NaN", "Infinity", "1e5f" and hex forms parse in Java but are names, not numbers, in a path
                if (!Double.isFinite(d) || !s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) return false;
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A partition directory's value: NULL for Hive's default partition, {@code %XX} escapes decoded (Spark writes them). */
    static String unescape(String v) {
        if (v.equals(HIVE_NULL)) return null;
        if (v.indexOf('%') < 0) return v;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%' && i + 2 < v.length() && isHex(v.charAt(i + 1)) && isHex(v.charAt(i + 2))) {
                out.write(Integer.parseInt(v.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
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
            private int nextFile;
            private ParquetFileReader reader;
            private MessageType schema;
            private ColumnReader[] readers;
            /** Values each reader has consumed in this row group (a list row consumes one per element). */
            private long[] consumed;

            private long left;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (done) return false;
                if (left > 0) return true;
                String shown = file;
                try {
                    while (true) {
                        if (reader == null) {
                            if (nextFile == paths.size()) {
                                finish();
                                return false;
                            }
                            Path p = paths.get(nextFile++);
                            shown = p.toString();
                            reader = open(p, shown);
                            open[0] = reader;
                            schema = reader.getFooter().getFileMetaData().getSchema();
                        }
                        PageReadStore pages;
                        while ((pages = reader.readNextRowGroup()) != null && pages.getRowCount() == 0) {}
                        if (pages == null) {
                            closeReader();
                            continue;
                        }
                        if (ctx != null) ctx.checkCancelled();
                        String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
                        ColumnReadStoreImpl store = new ColumnReadStoreImpl(
                                pages, new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
                        readers = new ColumnReader[columns.size()];
                        consumed = new long[readers.length];
                        List<ColumnDescriptor> descs = schema.getColumns();
                        for (int k = 0; k < readers.length; k++) {
                            int c = columns.get(k);
                            if (c < fileColumns) readers[k] = store.getColumnReader(descs.get(c));
                        }
                        left = pages.getRowCount();
                        return true;
                    }
                } catch (IOException | RuntimeException e) {
                    finish();
                    if (e instanceof NablaException n) throw n;
                    throw new NablaException(
                            ErrorCode.IO, Span.NONE, FUNCTION + ": cannot read '" + shown + "': " + e.getMessage(), e);
                }
            }

            private void closeReader() {
                if (reader != null) {
                    try {
                        reader.close();
                    } catch (IOException ignored) {
                        // nothing more is read from it
                    }
                }
                reader = null;
                open[0] = null;
            }

            private void finish() {
                done = true;
                closeReader();
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int n = (int) Math.min(Batch.CAPACITY, left);
                ColumnVector[] out = new ColumnVector[readers.length];
                for (int k = 0; k < readers.length; k++) {
                    int c = columns.get(k);
                    out[k] = c < fileColumns
                            ? reads.get(c) == ParquetTypes.Read.LIST
                                    ? readList(readers[k], schema, n, consumed, k)
                                    : read(readers[k], reads.get(c), types.get(c), scales.get(c), n)
                            : constant(partitionValues.get(nextFile - 1)[c - fileColumns], types.get(c), n);
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

    /** A partition column's value for every row of a batch. */
    private static ColumnVector constant(Object v, DataType type, int n) {
        long[] nulls = null;
        if (v == null) {
            nulls = new long[(n + 63) >>> 6];
            for (int i = 0; i < n; i++) nulls[i >>> 6] |= 1L << i;
        }
        if (type == DataType.BIGINT) {
            long[] a = new long[n];
            if (v != null) java.util.Arrays.fill(a, (Long) v);
            return ColumnVector.ofLongs(type, a, nulls, 0);
        }
        if (type == DataType.DOUBLE) {
            double[] a = new double[n];
            if (v != null) java.util.Arrays.fill(a, (Double) v);
            return ColumnVector.ofDoubles(type, a, nulls, 0);
        }
        String[] a = new String[n];
        if (v != null) java.util.Arrays.fill(a, (String) v);
        return ColumnVector.ofStrings(a, nulls, 0);
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
                        case TIME_MILLIS -> r.getInteger() * 1000L;
                        case TIME_MICROS -> r.getLong();
                        case TIME_NANOS -> r.getLong() / 1000;
                        // DECIMAL(p ≤ 18, s): the unscaled value as stored
                        case DECIMAL32 -> r.getInteger();
                        case DECIMAL64 -> r.getLong();
                        case DECIMAL_BINARY -> new BigInteger(r.getBinary().getBytes()).longValue();
                        default -> throw new IllegalStateException(kind.name());
                    };
                }
                return ColumnVector.ofLongs(type, a, nulls, 0);
            }
            case INT128 -> {
                // a DECIMAL of 19..38 digits: the big-endian two's-complement bytes (BINARY or
                // FIXED_LEN_BYTE_ARRAY, at most 16 of them) sign-extended into a high and a low word
                long[] a = new long[2 * n];
                for (int i = 0; i < n; i++, r.consume()) {
                    if (r.getCurrentDefinitionLevel() < maxDef) {
                        nulls = setNull(nulls, n, i);
                        continue;
                    }
                    long hi, lo;
                    switch (kind) {
                        case DECIMAL32 -> {
                            lo = r.getInteger();
                            hi = lo >> 63;
                        }
                        case DECIMAL64 -> {
                            lo = r.getLong();
                            hi = lo >> 63;
                        }
                        case UUID -> {
                            byte[] b = r.getBinary().getBytes();
                            if (b.length != 16) throw new IllegalStateException("a UUID of " + b.length + " bytes");
                            long msb = 0, lsb = 0;
                            for (int j = 0; j < 8; j++) {
                                msb = (msb << 8) | (b[j] & 0xFF);
                                lsb = (lsb << 8) | (b[8 + j] & 0xFF);
                            }
                            hi = dev.nabla.storage.Uuids.high(new java.util.UUID(msb, lsb));
                            lo = lsb;
                        }
                        case DECIMAL_BINARY -> {
                            byte[] b = r.getBinary().getBytes();
                            if (b.length > 16) throw new IllegalStateException("a decimal of " + b.length + " bytes");
                            hi = b.length > 0 && b[0] < 0 ? -1 : 0;
                            lo = hi;
                            for (byte x : b) {
                                hi = (hi << 8) | (lo >>> 56);
                                lo = (lo << 8) | (x & 0xFF);
                            }
                        }
                        default -> throw new IllegalStateException(kind.name());
                    }
                    a[2 * i] = hi;
                    a[2 * i + 1] = lo;
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

    /**
     * n rows of a LIST column as DOUBLE[]: a row is the values from one repetition level 0 to the next. Its
     * definition level says what each value is: below the list's own level a NULL list, below the repeated
     * level's an empty list, below the leaf's a NULL element, else an element.
     */
    private static ColumnVector readList(ColumnReader r, MessageType schema, int n, long[] consumed, int k) {
        ColumnDescriptor d = r.getDescriptor();
        String[] path = d.getPath();
        int rep = 1;
        while (rep < path.length
                && !schema.getType(java.util.Arrays.copyOf(path, rep + 1)).isRepetition(Type.Repetition.REPEATED))
            rep++;
        int listLevel = schema.getMaxDefinitionLevel(java.util.Arrays.copyOf(path, rep));
        int entryLevel = schema.getMaxDefinitionLevel(java.util.Arrays.copyOf(path, rep + 1));
        int maxDef = d.getMaxDefinitionLevel();
        PrimitiveType.PrimitiveTypeName leaf = d.getPrimitiveType().getPrimitiveTypeName();
        long total = r.getTotalValueCount();
        ListValue[] out = new ListValue[n];
        long[] nulls = null;
        double[] buf = new double[16];
        long[] bits = new long[1];
        for (int i = 0; i < n; i++) {
            int def = r.getCurrentDefinitionLevel();
            if (def < entryLevel) {
                if (def < listLevel) nulls = setNull(nulls, n, i);
                else out[i] = ListValue.EMPTY;
                r.consume();
                consumed[k]++;
                continue;
            }
            int m = 0;
            boolean anyNull = false;
            java.util.Arrays.fill(bits, 0);
            do {
                if (m == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, m * 2);
                    bits = java.util.Arrays.copyOf(bits, (m * 2 + 63) >>> 6);
                }
                if (r.getCurrentDefinitionLevel() < maxDef) {
                    bits[m >>> 6] |= 1L << m;
                    buf[m] = 0;
                    anyNull = true;
                } else {
                    buf[m] = switch (leaf) {
                        case DOUBLE -> r.getDouble();
                        case FLOAT -> r.getFloat();
                        case INT32 -> r.getInteger();
                        case INT64 -> r.getLong();
                        default -> throw new IllegalStateException(leaf.name());
                    };
                }
                m++;
                r.consume();
                consumed[k]++;
            } while (consumed[k] < total && r.getCurrentRepetitionLevel() > 0);
            out[i] = ListValue.of(
                    java.util.Arrays.copyOf(buf, m), anyNull ? java.util.Arrays.copyOf(bits, (m + 63) >>> 6) : null);
        }
        return ColumnVector.ofLists(dev.nabla.storage.ListType.DOUBLE_LIST, out, nulls, 0);
    }

    private static long[] setNull(long[] bits, int n, int i) {
        if (bits == null) bits = new long[(n + 63) >>> 6];
        bits[i >>> 6] |= 1L << i;
        return bits;
    }
}
