package dev.nabla.engine.functions;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code generate_series(start, stop[, step])} (stop included) and {@code range(stop)} /
 * {@code range(start, stop[, step])} (stop excluded): one column named after the function, BIGINT when
 * every argument is an integer, else DOUBLE. Batches are produced one at a time, so a series of any
 * length costs one batch of memory.
 */
public final class SeriesSource implements ScannableSource {
    private final String function;
    private final boolean floating;
    private final long lstart, lstep, lcount;
    private final double dstart, dstep;
    private final String display;

    private SeriesSource(
            String function,
            boolean floating,
            long lstart,
            long lstep,
            double dstart,
            double dstep,
            long count,
            String display) {
        this.function = function;
        this.floating = floating;
        this.lstart = lstart;
        this.lstep = lstep;
        this.dstart = dstart;
        this.dstep = dstep;
        this.lcount = count;
        this.display = display;
    }

    static SeriesSource of(
            String function, List<Object> args, Map<String, Object> named, Span span, boolean inclusive) {
        if (!named.isEmpty())
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, function + " takes no named arguments");
        int n = args.size();
        if (n < (inclusive ? 2 : 1) || n > 3) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    inclusive
                            ? "generate_series expects (start, stop[, step])"
                            : "range expects (stop) or (start, stop[, step])");
        }
        boolean floating = false;
        for (Object a : args) {
            if (a == null)
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, function + " arguments must not be NULL");
            if (a instanceof Double) floating = true;
            else if (!(a instanceof Long || a instanceof Integer)) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH, span, function + " arguments must be numbers, got '" + a + "'");
            }
        }
        Object start = n == 1 ? 0L : args.get(0);
        Object stop = n == 1 ? args.get(0) : args.get(1);
        Object step = n == 3 ? args.get(2) : 1L;
        StringBuilder text = new StringBuilder(function).append('(');
        for (int i = 0; i < n; i++) text.append(i == 0 ? "" : ", ").append(args.get(i));
        text.append(')');
        if (!floating) {
            long a = ((Number) start).longValue(), b = ((Number) stop).longValue(), s = ((Number) step).longValue();
            if (s == 0) throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, function + " step must not be zero");
            long count;
            if (s > 0 ? a > b : a < b) count = 0;
            else {
                // the distance may overflow a long for extreme bounds: compute in unsigned arithmetic
                long dist = s > 0 ? b - a : a - b;
                long abs = s > 0 ? s : -s;
                count = Long.divideUnsigned(dist, abs) + 1;
                if (!inclusive && Long.remainderUnsigned(dist, abs) == 0) count--;
                if (count < 0) throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, function + " is too long");
            }
            return new SeriesSource(function, false, a, s, 0, 0, count, text.toString());
        }
        double a = ((Number) start).doubleValue(), b = ((Number) stop).doubleValue(), s = ((Number) step).doubleValue();
        if (s == 0
                || Double.isNaN(s)
                || Double.isNaN(a)
                || Double.isNaN(b)
                || Double.isInfinite(a)
                || Double.isInfinite(b)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, span, function + " needs finite bounds and a non-zero step");
        }
        long count;
        if (s > 0 ? a > b : a < b) count = 0;
        else {
            double q = (b - a) / s;
            // tolerate rounding so that generate_series(0, 1, 0.1) includes 1.0
            double eps = 1e-9 * Math.max(1, Math.abs(q));
            long whole = (long) Math.floor(q + eps);
            count = whole + 1;
            if (!inclusive && Math.abs(q - Math.rint(q)) <= eps) count = (long) Math.rint(q);
        }
        return new SeriesSource(function, true, 0, 0, a, s, count, text.toString());
    }

    @Override
    public String name() {
        return display;
    }

    @Override
    public List<String> columnNames() {
        return List.of(function);
    }

    @Override
    public List<DataType> columnTypes() {
        return List.of(floating ? DataType.DOUBLE : DataType.BIGINT);
    }

    @Override
    public long estimatedRows() {
        return lcount;
    }

    @Override
    public Iterator<Batch> scan(
            List<Integer> columns, boolean withRowIds, Expr pushedFilter, List<Column> scanOutput, ExecContext ctx) {
        if (withRowIds) throw new NablaException(ErrorCode.UNSUPPORTED, "cannot modify the result of " + display);
        for (int c : columns) if (c != 0) throw new NablaException(ErrorCode.INTERNAL, display + " has no column " + c);
        int width = columns.size();
        return new Iterator<>() {
            private long produced;

            @Override
            public boolean hasNext() {
                return produced < lcount;
            }

            @Override
            public Batch next() {
                if (produced >= lcount) throw new NoSuchElementException();
                if (ctx != null) ctx.checkCancelled();
                int n = (int) Math.min(Batch.CAPACITY, lcount - produced);
                ColumnVector v = null;
                if (width > 0) {
                    if (floating) {
                        double[] d = new double[n];
                        for (int i = 0; i < n; i++) d[i] = dstart + (produced + i) * dstep;
                        v = ColumnVector.ofDoubles(DataType.DOUBLE, d, null, 0);
                    } else {
                        long[] l = new long[n];
                        long first = lstart + produced * lstep;
                        for (int i = 0; i < n; i++) l[i] = first + i * lstep;
                        v = ColumnVector.ofLongs(DataType.BIGINT, l, null, 0);
                    }
                }
                ColumnVector[] cols = new ColumnVector[width];
                for (int j = 0; j < width; j++) cols[j] = v;
                produced += n;
                return new Batch(cols, n);
            }
        };
    }

    @Override
    public String toString() {
        return display;
    }
}
