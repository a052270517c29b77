package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.io.IoRegistry;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Scan;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COPY table FROM a file (through the format's table function, inserted like INSERT … SELECT) and
 * COPY (query) TO a file (streamed to the format's writer on a second thread).
 */
final class CopyRunner {
    private final Session session;
    private final StatementRunner exec;
    private final DmlRunner dml;

    CopyRunner(Session session, StatementRunner exec, DmlRunner dml) {
        this.session = session;
        this.exec = exec;
        this.dml = dml;
    }

    Result copyFrom(BoundStatement.CopyFrom c) {
        StoredTable t = (StoredTable) c.target();
        String format = IoRegistry.formatOf(c.path(), c.options(), Span.NONE);
        String function = "read_" + format;
        if (!session.database().tableFunctions().contains(function)) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    "COPY FROM format " + format + " is not supported (no " + function + " table function)");
        }
        Map<String, Object> options = new LinkedHashMap<>(c.options());
        options.keySet().removeIf(k -> k.equalsIgnoreCase("format"));
        List<Integer> targets = c.targetColumns().isEmpty() ? Planner.allColumns(t) : c.targetColumns();
        // CSV fields are read as the table's column types, not inferred ones: an inferred BIGINT would turn a
        // VARCHAR '007' into '7', and a BLOB field holds hex digits (as COPY TO writes them), not text to encode
        if (format.equals("csv")
                && options.keySet().stream()
                        .noneMatch(k -> k.equalsIgnoreCase("types") || k.equalsIgnoreCase("column_types"))) {
            options.put(
                    "types",
                    targets.stream().map(i -> t.columnTypes().get(i).sqlName()).toList());
        }
        // JSON values are read by key, as the table's columns and types: an inferred VARCHAR would turn a BLOB's hex
        // digits into their text, and a DECIMAL would pass through a double
        if (format.equals("json")
                && options.keySet().stream()
                        .noneMatch(k -> k.equalsIgnoreCase("types")
                                || k.equalsIgnoreCase("column_types")
                                || k.equalsIgnoreCase("columns"))) {
            options.put(
                    "columns", targets.stream().map(i -> t.columnNames().get(i)).toList());
            options.put(
                    "types",
                    targets.stream().map(i -> t.columnTypes().get(i).sqlName()).toList());
        }
        ScannableSource src =
                session.database().tableFunctions().resolve(function, List.of(c.path()), options, Span.NONE);
        int width = src.columnNames().size();
        if (width != targets.size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "COPY " + t.name() + " FROM '" + c.path() + "': the file has " + width + " columns, the table "
                            + targets.size());
        }
        List<Integer> idx = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            idx.add(i);
            out.add(new Column(
                    i + 1, src.columnNames().get(i), null, src.columnTypes().get(i), true));
        }
        LogicalPlan scan = new Scan(src, idx, out, null, null);
        long n = dml.insert(
                t, Pipeline.optimize(Planner.withChecks(t, Planner.insertRows(t, targets, scan))), false, null);
        return Result.count(n, "COPY");
    }

    Result copyTo(BoundStatement.CopyTo c) {
        String format = IoRegistry.formatOf(c.path(), c.options(), Span.NONE);
        var writer = session.database().io().writer(format, Span.NONE);
        List<Column> out = c.source().output();
        List<DataType> types = out.stream().map(Column::type).toList();
        List<String> names = c.columnNames().size() == types.size()
                ? c.columnNames()
                : out.stream().map(Column::name).toList();
        // streamed, not materialised: the query runs on this thread (its cancel checks and snapshots
        // stay here) and hands copies of its batches to the writer on another through a short queue, so
        // COPY holds a few batches whatever the result's size, and a cancel stops both at the next batch
        CopyStream q = new CopyStream();
        java.nio.file.Path file = localFile(c.path());
        boolean existed = file != null && java.nio.file.Files.exists(file);
        Thread w = Thread.ofPlatform()
                .name("nabla-copy-writer")
                .start(() -> q.run(() -> writer.write(c.path(), names, types, q, c.options())));
        try {
            exec.stream(c.source(), b -> q.put(Batches.copy(b), session::checkCancelled));
            q.put(CopyStream.END, session::checkCancelled);
            long n = q.await(session::checkCancelled);
            joinQuietly(w);
            return Result.count(n, "COPY");
        } catch (RuntimeException | Error e) {
            q.abort(e);
            joinQuietly(w);
            // a failed COPY leaves no partial file behind that was not there before
            if (file != null && !existed) {
                try {
                    java.nio.file.Files.deleteIfExists(file);
                } catch (java.io.IOException | RuntimeException ignored) {
                    // best effort: the statement's own error is the one to report
                }
            }
            throw e;
        }
    }

    private static java.nio.file.@org.jspecify.annotations.Nullable Path localFile(String path) {
        try {
            return path.contains("://") ? null : java.nio.file.Path.of(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * The hand-over between a COPY's query (this statement's thread) and its writer thread: a bounded
     * queue of batch copies that the writer reads as its Iterator. Either side's failure reaches the other
     * within one poll (50 ms): the query stops when the writer failed, the writer when the query failed.
     */
    private static final class CopyStream implements java.util.Iterator<Batch> {
        static final Batch END = new Batch(new dev.nabla.storage.ColumnVector[0], 0);
        private final java.util.concurrent.ArrayBlockingQueue<Batch> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(4);
        private volatile Throwable queryFailed;
        private volatile Throwable writerFailed;
        private volatile boolean writerDone;
        private volatile long written;
        private Batch next;

        void run(java.util.function.LongSupplier write) {
            try {
                written = write.getAsLong();
            } catch (Throwable t) {
                writerFailed = t;
            } finally {
                writerDone = true;
            }
        }

        void put(Batch b, Runnable cancelCheck) {
            try {
                while (!queue.offer(b, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    cancelCheck.run();
                    rethrowWriterFailure();
                    if (writerDone) return; // the writer stopped reading (it wrote all it wanted)
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NablaException(ErrorCode.CANCELLED, "statement cancelled");
            }
            rethrowWriterFailure();
        }

        void abort(Throwable cause) {
            queryFailed = cause;
        }

        long await(Runnable cancelCheck) {
            while (!writerDone) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    queryFailed = new NablaException(ErrorCode.CANCELLED, "statement cancelled");
                    throw (NablaException) queryFailed;
                }
                try {
                    cancelCheck.run();
                } catch (RuntimeException e) {
                    queryFailed = e;
                    throw e;
                }
            }
            rethrowWriterFailure();
            return written;
        }

        private void rethrowWriterFailure() {
            Throwable t = writerFailed;
            if (t == null) return;
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            throw new NablaException(ErrorCode.IO, Span.NONE, "COPY failed: " + t, t);
        }

        @Override
        public boolean hasNext() {
            if (queryFailed != null) throw new NablaException(ErrorCode.CANCELLED, "COPY's query failed");
            if (next == null) {
                try {
                    Batch b;
                    while ((b = queue.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
                        if (queryFailed != null) throw new NablaException(ErrorCode.CANCELLED, "COPY's query failed");
                    }
                    next = b;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NablaException(ErrorCode.CANCELLED, "statement cancelled");
                }
            }
            return next != END;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            Batch b = next;
            next = null;
            return b;
        }
    }
}
