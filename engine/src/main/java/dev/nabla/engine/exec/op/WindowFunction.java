package dev.nabla.engine.exec.op;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.expr.WindowCall.WindowFn;

/**
 * How one window function is computed over one partition (what {@link Accumulator} is to
 * aggregates): it reads the partition's rows in sort order through {@link WindowNode.Partition}
 * (positions, peer groups, frames, arguments) and sets every row's result. {@link WindowNode} picks
 * one per call at plan time.
 */
sealed interface WindowFunction {
    void compute(WindowNode.Partition p);

    static WindowFunction of(WindowFn fn) {
        return switch (fn) {
            case ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE -> new Ranking(fn);
            case LAG, LEAD -> new Offset(fn == WindowFn.LAG);
            case FIRST_VALUE, LAST_VALUE, NTH_VALUE -> new FrameValue(fn);
            case AGGREGATE -> new FrameAggregate();
        };
    }

    /** Position and peer-group functions: row_number, rank, dense_rank, percent_rank, cume_dist, ntile. */
    record Ranking(WindowFn fn) implements WindowFunction {
        @Override
        public void compute(WindowNode.Partition w) {
            int m = w.m;
            switch (fn) {
                case ROW_NUMBER -> {
                    for (int p = 0; p < m; p++) w.res.setLong(w.row(p), p + 1);
                }
                case RANK -> {
                    for (int p = 0; p < m; p++) w.res.setLong(w.row(p), w.peerStart[p] + 1);
                }
                case DENSE_RANK -> {
                    long rank = 0;
                    for (int p = 0; p < m; p++) {
                        if (w.peerStart[p] == p) rank++;
                        w.res.setLong(w.row(p), rank);
                    }
                }
                case PERCENT_RANK -> {
                    for (int p = 0; p < m; p++)
                        w.res.setDouble(w.row(p), m > 1 ? (double) w.peerStart[p] / (m - 1) : 0.0);
                }
                case CUME_DIST -> {
                    for (int p = 0; p < m; p++) w.res.setDouble(w.row(p), (double) (w.peerEnd[p] + 1) / m);
                }
                case NTILE -> {
                    for (int p = 0; p < m; p++) {
                        long k = w.longArg(0, p, 1);
                        if (k <= 0)
                            throw new NablaException(ErrorCode.INVALID_ARGUMENT, "ntile() argument must be positive");
                        long q = m / k, r = m % k;
                        long bucket = p < r * (q + 1) ? p / (q + 1) + 1 : (p - r * (q + 1)) / Math.max(q, 1) + r + 1;
                        w.res.setLong(w.row(p), bucket);
                    }
                }
                default -> throw new IllegalStateException(fn + " is not a ranking function");
            }
        }
    }

    /** lag / lead: the argument {@code offset} rows before or after, else the default (third argument) or NULL. */
    record Offset(boolean lag) implements WindowFunction {
        @Override
        public void compute(WindowNode.Partition w) {
            int m = w.m;
            for (int p = 0; p < m; p++) {
                long off = w.longArg(1, p, 1);
                long t = lag ? p - off : p + off;
                if (t >= 0 && t < m) w.set(p, w.arg(0), w.row((int) t));
                else if (w.argCount() > 2) w.set(p, w.arg(2), w.row(p));
                else w.res.setNull(w.row(p));
            }
        }
    }

    /** first_value / last_value / nth_value of the row's frame. */
    record FrameValue(WindowFn fn) implements WindowFunction {
        @Override
        public void compute(WindowNode.Partition w) {
            int m = w.m;
            int[] fs = new int[m], fe = new int[m];
            w.frames(fs, fe);
            for (int p = 0; p < m; p++) {
                int t = switch (fn) {
                    case FIRST_VALUE -> fs[p];
                    case LAST_VALUE -> fe[p];
                    default -> {
                        long k = w.longArg(1, p, 1);
                        if (k <= 0)
                            throw new NablaException(
                                    ErrorCode.INVALID_ARGUMENT, "nth_value() argument must be positive");
                        yield k - 1 > fe[p] - fs[p] ? -1 : (int) (fs[p] + k - 1);
                    }
                };
                if (fs[p] > fe[p] || t < 0) w.res.setNull(w.row(p));
                else w.set(p, w.arg(0), w.row(t));
            }
        }
    }

    /**
     * An aggregate over each row's frame: COUNT/SUM/AVG/TOTAL by prefix counts and a sliding exact
     * sum, MIN/MAX by a monotonic deque, the rest incrementally or per row through {@link Accumulator}.
     */
    record FrameAggregate() implements WindowFunction {
        @Override
        public void compute(WindowNode.Partition w) {
            w.aggregate();
        }
    }
}
