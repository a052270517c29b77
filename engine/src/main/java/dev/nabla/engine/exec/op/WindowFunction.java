package dev.nabla.engine.exec.op;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.store.ColumnStore;
import dev.nabla.plan.expr.WindowCall.WindowFn;
import dev.nabla.storage.PhysicalType;
import dev.nabla.vector.soft.SoftOps;

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
            case SOFTMAX,
                    LOG_SOFTMAX,
                    SOFT_RANK,
                    SOFT_SORT,
                    SOFT_TOPK,
                    SOFTMAX_JVP,
                    LOG_SOFTMAX_JVP,
                    SOFT_RANK_JVP,
                    SOFT_SORT_JVP,
                    SOFT_TOPK_JVP,
                    LOG_SOFTMAX_VJP,
                    SOFT_RANK_VJP,
                    SOFT_SORT_VJP -> new Soft(fn);
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

    /**
     * The soft operators over the whole partition (the frame is ignored, as for rank()) and their exact
     * Jacobian products, by {@link SoftOps}. Rows whose argument is NULL are skipped and get NULL; a
     * Jacobian product is NULL for the whole partition when a counted row's tangent is NULL (the inner
     * products that couple the rows are undefined then).
     */
    record Soft(WindowFn fn) implements WindowFunction {
        @Override
        public void compute(WindowNode.Partition w) {
            int m = w.m;
            ColumnStore xs = w.arg(0);
            boolean product = fn.ordinal() >= WindowFn.SOFTMAX_JVP.ordinal();
            ColumnStore ts = product ? w.arg(w.argCount() - 1) : null;
            int[] rows = new int[m];
            int n = 0;
            boolean tangentNull = false;
            for (int p = 0; p < m; p++) {
                int r = w.row(p);
                if (xs.isNull(r)) {
                    w.res.setNull(r);
                    continue;
                }
                rows[n++] = r;
                if (product && ts.isNull(r)) tangentNull = true;
            }
            if (n == 0) return;
            if (tangentNull) {
                for (int i = 0; i < n; i++) w.res.setNull(rows[i]);
                return;
            }
            double[] x = new double[n], out = new double[n];
            for (int i = 0; i < n; i++) x[i] = value(xs, rows[i]);
            double[] t = null;
            if (product) {
                t = new double[n];
                for (int i = 0; i < n; i++) t[i] = value(ts, rows[i]);
            }
            if ((fn == WindowFn.SOFTMAX
                            || fn == WindowFn.LOG_SOFTMAX
                            || fn == WindowFn.SOFTMAX_JVP
                            || fn == WindowFn.LOG_SOFTMAX_JVP
                            || fn == WindowFn.LOG_SOFTMAX_VJP)
                    && SoftOps.logSumExp(x, n) == Double.NEGATIVE_INFINITY) {
                // every score is −∞: no distribution to normalise, NULL rather than 0/0
                for (int i = 0; i < n; i++) w.res.setNull(rows[i]);
                return;
            }
            switch (fn) {
                case SOFTMAX -> SoftOps.softmax(x, n, out);
                case LOG_SOFTMAX -> SoftOps.logSoftmax(x, n, out);
                case SOFTMAX_JVP, LOG_SOFTMAX_JVP, LOG_SOFTMAX_VJP -> {
                    double[] p = new double[n];
                    SoftOps.softmax(x, n, p);
                    if (fn == WindowFn.SOFTMAX_JVP) SoftOps.softmaxJvp(p, t, n, out);
                    else if (fn == WindowFn.LOG_SOFTMAX_JVP) SoftOps.logSoftmaxJvp(p, t, n, out);
                    else SoftOps.logSoftmaxVjp(p, t, n, out);
                }
                case SOFT_RANK, SOFT_RANK_JVP, SOFT_RANK_VJP, SOFT_SORT, SOFT_SORT_JVP, SOFT_SORT_VJP -> {
                    double eps = value(w.arg(1), rows[0]);
                    // the binder passes a third argument 'kl' for the KL form (the tangent or cotangent comes last)
                    boolean kl = w.argCount() > (product ? 3 : 2);
                    boolean rank =
                            fn == WindowFn.SOFT_RANK || fn == WindowFn.SOFT_RANK_JVP || fn == WindowFn.SOFT_RANK_VJP;
                    boolean vjp = fn == WindowFn.SOFT_RANK_VJP || fn == WindowFn.SOFT_SORT_VJP;
                    SoftOps.Pav pav = new SoftOps.Pav();
                    if (eps == 0) {
                        // the hard operator: piecewise constant ranks (Jacobian 0), identity for sort (Jacobian I)
                        if (fn == WindowFn.SOFT_RANK) SoftOps.hardRank(x, n, out, pav);
                        else if (fn == WindowFn.SOFT_SORT) System.arraycopy(x, 0, out, 0, n);
                        else if (fn == WindowFn.SOFT_SORT_JVP || fn == WindowFn.SOFT_SORT_VJP)
                            System.arraycopy(t, 0, out, 0, n);
                        // SOFT_RANK_JVP/VJP: out stays 0
                    } else if (rank && kl) {
                        SoftOps.softRankKl(x, n, eps, out, pav);
                        if (fn != WindowFn.SOFT_RANK) {
                            double[] r = out.clone();
                            if (vjp) SoftOps.softRankKlVjp(pav, r, t, eps, out);
                            else SoftOps.softRankKlJvp(pav, r, t, eps, out);
                        }
                    } else if (kl) {
                        SoftOps.softSortKl(x, n, eps, out, pav);
                        if (vjp) SoftOps.softSortKlVjp(pav, x, t, out);
                        else if (fn == WindowFn.SOFT_SORT_JVP) SoftOps.softSortKlJvp(pav, x, t, out);
                    } else if (rank) {
                        // the L2 Jacobians are symmetric: the VJP is the JVP
                        SoftOps.softRank(x, n, eps, out, pav);
                        if (fn != WindowFn.SOFT_RANK) SoftOps.softRankJvp(pav, t, eps, out, new double[n]);
                    } else {
                        SoftOps.softSort(x, n, eps, out, pav);
                        if (fn != WindowFn.SOFT_SORT) SoftOps.softSortJvp(pav, t, out, new double[n]);
                    }
                }
                case SOFT_TOPK, SOFT_TOPK_JVP -> {
                    double k = value(w.arg(1), rows[0]);
                    if (k > n)
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                "soft_topk: k = " + fmt(k) + " exceeds the partition's " + n + " non-NULL rows");
                    SoftOps.softTopk(x, n, k, out);
                    if (fn == WindowFn.SOFT_TOPK_JVP) {
                        double[] p = out.clone();
                        SoftOps.softTopkJvp(p, t, n, out);
                    }
                }
                default -> throw new IllegalStateException(fn + " is not a soft operator");
            }
            for (int i = 0; i < n; i++) w.res.setDouble(rows[i], out[i]);
        }

        private static double value(ColumnStore c, int r) {
            return c.type.physical() == PhysicalType.DOUBLE ? c.getDouble(r) : c.getLong(r);
        }

        private static String fmt(double k) {
            return k == Math.rint(k) ? Long.toString((long) k) : Double.toString(k);
        }
    }
}
