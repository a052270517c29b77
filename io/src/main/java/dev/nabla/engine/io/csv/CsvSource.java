package dev.nabla.engine.io.csv;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code read_csv('file' [, header => .., delim => .., quote => .., nullstr => .., columns => [..],
 * types => [..], sample_size => n, skip => n])}: the schema is decided when the call is bound (from a
 * sample), the rows are parsed when scanned, one batch of primitive arrays at a time.
 */
public final class CsvSource implements ScannableSource {
    static final String FUNCTION = "read_csv";

    private final String file;
    private final CsvOptions options;
    private final CsvSampler.Schema schema;
    private final String display;

    private CsvSource(String file, CsvOptions options, CsvSampler.Schema schema) {
        this.file = file;
        this.options = options;
        this.schema = schema;
        this.display = FUNCTION + "('" + file + "')";
    }

    /** The table function: {@code read_csv(path, named options...)}. */
    public static CsvSource resolve(List<Object> args, Map<String, Object> named, Span span) {
        if (args.size() != 1 || !(args.get(0) instanceof String file)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "read_csv expects one file name: read_csv('data.csv' [, header => true, ...])");
        }
        CsvOptions o = CsvOptions.parse(FUNCTION, named, span, tabSeparated(file) ? '\t' : ',');
        return new CsvSource(file, o, CsvSampler.sample(FUNCTION, file, o, span));
    }

    /** {@code .tsv} and {@code .tab} files (also gzipped) default to tab-separated fields. */
    static boolean tabSeparated(String file) {
        String f = file.toLowerCase(java.util.Locale.ROOT);
        if (f.endsWith(".gz")) f = f.substring(0, f.length() - 3);
        return f.endsWith(".tsv") || f.endsWith(".tab");
    }

    @Override
    public String name() {
        return display;
    }

    @Override
    public List<String> columnNames() {
        return schema.names();
    }

    @Override
    public List<DataType> columnTypes() {
        return schema.types();
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
        int width = schema.names().size();
        int[] kinds = new int[width];
        int[] outPos = new int[width];
        java.util.Arrays.fill(kinds, ColumnKind.SKIP);
        DataType[] outTypes = new DataType[columns.size()];
        boolean duplicate = false;
        for (int k = 0; k < columns.size(); k++) {
            int c = columns.get(k);
            if (c < 0 || c >= width) throw new NablaException(ErrorCode.INTERNAL, display + " has no column " + c);
            if (kinds[c] != ColumnKind.SKIP) duplicate = true;
            kinds[c] = ColumnKind.of(schema.types().get(c));
            outPos[c] = k;
            outTypes[k] = schema.types().get(c);
        }
        if (duplicate) {
            // rare (the planner dedups columns); read each once and alias the vectors after
            return new DuplicatingIterator(
                    scan(columns.stream().distinct().toList(), false, pushedFilter, scanOutput, ctx),
                    columns.stream().distinct().toList(),
                    columns);
        }
        InputStream in = IoFiles.open(FUNCTION, file, Span.NONE);
        BatchLoader loader = new BatchLoader(
                file,
                schema.names(),
                kinds,
                outPos,
                outTypes,
                options.nullString(),
                options.forceNotNullMask(schema.names()),
                schema.header());
        CsvReader<Batch> reader = CsvSampler.builder(options).build(loader, in, StandardCharsets.UTF_8);
        try {
            if (!CsvSampler.skip(reader, options.skip())) {
                close(reader);
                return java.util.Collections.emptyIterator();
            }
        } catch (CsvParseException e) {
            close(reader);
            throw unwrap(FUNCTION, file, e);
        } catch (UncheckedIOException e) {
            close(reader);
            throw IoFiles.failure(FUNCTION, file, e.getCause());
        }
        CloseableIterator<Batch> it = reader.iterator();
        Iterator<Batch> batches = new Iterator<>() {
            private Batch next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) return true;
                if (done) return false;
                if (ctx != null) ctx.checkCancelled();
                try {
                    if (it.hasNext()) next = it.next();
                    else {
                        done = true;
                        close(reader);
                        next = loader.flush();
                    }
                } catch (CsvParseException e) {
                    close(reader);
                    throw unwrap(FUNCTION, file, e);
                } catch (UncheckedIOException e) {
                    close(reader);
                    throw IoFiles.failure(FUNCTION, file, e.getCause());
                } catch (RuntimeException e) {
                    close(reader);
                    throw e;
                }
                return next != null;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                Batch b = next;
                next = null;
                return b;
            }
        };
        IoFiles.CLEANER.register(batches, () -> close(reader));
        return batches;
    }

    private static void close(CsvReader<?> r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // reading already finished or failed; the close error adds nothing
        }
    }

    /** The NablaException a handler threw inside FastCSV (which wraps it), or an IO error for a malformed file. */
    static NablaException unwrap(String function, String file, CsvParseException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NablaException n) return n;
            if (t instanceof IOException io) return IoFiles.failure(function, file, io);
        }
        String m = e.getMessage();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null) m = m + ": " + c.getMessage();
        return new NablaException(ErrorCode.IO, Span.NONE, function + ": " + file + ": " + m, e);
    }

    static NablaException ragged(String function, String file, long line, int expected, int found) {
        return new NablaException(
                ErrorCode.IO,
                Span.NONE,
                function + ": " + file + " line " + line + ": expected " + expected + " fields, found " + found);
    }

    /** Re-exposes a scan of distinct columns as the requested list with repeats. */
    private static final class DuplicatingIterator implements Iterator<Batch> {
        private final Iterator<Batch> in;
        private final int[] from;

        DuplicatingIterator(Iterator<Batch> in, List<Integer> distinct, List<Integer> wanted) {
            this.in = in;
            this.from = wanted.stream().mapToInt(distinct::indexOf).toArray();
        }

        @Override
        public boolean hasNext() {
            return in.hasNext();
        }

        @Override
        public Batch next() {
            Batch b = in.next();
            var cols = new dev.nabla.storage.ColumnVector[from.length];
            for (int i = 0; i < from.length; i++) cols[i] = b.columns[from[i]];
            return new Batch(cols, b.count);
        }
    }
}
