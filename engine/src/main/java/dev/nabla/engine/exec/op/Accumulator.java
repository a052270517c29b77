package dev.nabla.engine.exec.op;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.StringLimit;
import dev.nabla.engine.exec.expr.Decimals;
import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.engine.exec.store.ColumnStore;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import dev.nabla.storage.ListValue;
import dev.nabla.storage.PhysicalType;
import dev.nabla.vector.sum.ExactSum;
import java.util.Arrays;

/**
 * State of one aggregate function for many groups (arrays indexed by group id). {@link #update}
 * folds a batch in one loop per call; rows whose group id is negative (filtered out by FILTER or
 * DISTINCT) are skipped. NULL arguments are ignored, as SQL aggregates do.
 */
abstract class Accumulator {
    int capacity;

    /** Makes room for group ids below {@code groups}. */
    final void grow(int groups) {
        if (groups <= capacity) return;
        int cap = Math.max(groups, Math.max(16, capacity * 2));
        resize(cap);
        capacity = cap;
    }

    abstract void resize(int cap);

    /** An estimate of the bytes this accumulator keeps, for the memory accountant: its per-group state by default. */
    long heldBytes() {
        return 16L * capacity;
    }

    abstract void update(int[] gids, Vec a, Vec b, int n);

    static final dev.nabla.vector.VectorKernels K = dev.nabla.vector.VectorizationProvider.get();

    /** Folds n rows into group 0 ({@code zeros} holds n zeros); reductions use the SIMD kernels where they can. */
    void updateAll(Vec a, Vec b, int n, int[] zeros) {
        update(zeros, a, b, n);
    }

    /** Adds row i to group g (window frames). */
    void add(int g, Vec a, Vec b, int i) {
        int[] one = {g};
        update(one, shift(a, i), shift(b, i), 1);
    }

    private static Vec shift(Vec v, int i) {
        if (v == null) return null;
        Vec s = new Vec(v.type);
        s.l = v.l;
        s.d = v.d;
        s.s = v.s;
        s.lv = v.lv;
        s.off = v.off + i;
        s.nulls = v.isNull(i) ? new boolean[] {true} : null;
        return s;
    }

    /** Appends group g's result to out. */
    abstract void result(int g, ColumnStore out);

    /** The accumulator of an aggregate call over arguments of type argType (window frames and GROUP BY alike). */
    static Accumulator create(dev.nabla.plan.expr.AggCall call, DataType argType) {
        if ((call.fn() == AggFn.MIN_BY || call.fn() == AggFn.MAX_BY)
                && call.args().size() == 3) {
            // the binder makes k a BIGINT literal ≥ 1
            long k = ((Number) ((dev.nabla.plan.expr.Literal) call.args().get(2)).value()).longValue();
            return new MinByK(call.fn() == AggFn.MAX_BY, (int) Math.min(k, Integer.MAX_VALUE - 8));
        }
        return create(call.fn(), argType, call.type());
    }

    static Accumulator create(AggFn fn, DataType argType, DataType resultType) {
        PhysicalType p = argType == null ? PhysicalType.LONG : argType.physical();
        if (p == PhysicalType.ARRAY && (fn == AggFn.SUM || fn == AggFn.AVG))
            return new ArraySum(fn == AggFn.AVG, dev.nabla.storage.ColumnVector.width(argType));
        if (argType instanceof DecimalType d && resultType instanceof DecimalType r) {
            if (fn == AggFn.SUM) return new SumDecimal(r);
            if (fn == AggFn.AVG) return new AvgDecimal(d, r);
        }
        if (p == PhysicalType.ARRAY && fn == AggFn.SOFTMAX_SUM)
            return new ArraySoftmaxSum(dev.nabla.storage.ColumnVector.width(argType));
        return switch (fn) {
            case COUNT_STAR -> new Count(true);
            case COUNT -> new Count(false);
            case SUM ->
                p == PhysicalType.LONG && resultType.physical() == PhysicalType.LONG
                        ? new SumLong()
                        : new SumDouble(false);
            case TOTAL -> new SumDouble(true);
            case AVG -> new Avg();
            case MIN -> new MinMax(false);
            case MAX -> new MinMax(true);
            case VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP -> new Variance(fn);
            case STRING_AGG -> new StringAgg();
            case BOOL_AND -> new Bool(true);
            case BOOL_OR -> new Bool(false);
            case GROUPING -> throw new IllegalStateException("GROUPING is bound to constants, never aggregated");
            case PERCENTILE_CONT, PERCENTILE_DISC, MODE ->
                throw new IllegalStateException("ordered-set aggregates are built as OrderedSet");
            case LOGSUMEXP -> new LogSumExp();
            case SOFTMAX_SUM -> new SoftmaxSum();
            case MIN_BY -> new MinBy(false);
            case MAX_BY -> new MinBy(true);
            case ARRAY_AGG -> new ArrayAgg();
            case COVAR_POP,
                    COVAR_SAMP,
                    CORR,
                    REGR_COUNT,
                    REGR_AVGX,
                    REGR_AVGY,
                    REGR_SXX,
                    REGR_SYY,
                    REGR_SXY,
                    REGR_SLOPE,
                    REGR_INTERCEPT,
                    REGR_R2 -> new CoMoments(fn);
        };
    }

    static double num(Vec a, int i) {
        return a.type.physical() == PhysicalType.DOUBLE ? a.d[a.off + i] : a.l[a.off + i];
    }

    static final class Count extends Accumulator {
        final boolean star;
        long[] c = new long[0];

        Count(boolean star) {
            this.star = star;
        }

        @Override
        void resize(int cap) {
            c = Arrays.copyOf(c, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            if (star || a.nulls == null) {
                for (int i = 0; i < n; i++) {
                    int g = gids[i];
                    if (g >= 0) c[g]++;
                }
            } else {
                boolean[] nl = a.nulls;
                for (int i = 0; i < n; i++) {
                    int g = gids[i];
                    if (g >= 0 && !nl[i]) c[g]++;
                }
            }
        }

        @Override
        void updateAll(Vec a, Vec b, int n, int[] zeros) {
            if (star || a.nulls == null) c[0] += n;
            else update(zeros, a, b, n);
        }

        @Override
        void result(int g, ColumnStore out) {
            out.appendLong(c[g]);
        }
    }

    static class SumLong extends Accumulator {
        long[] s = new long[0];
        boolean[] seen = new boolean[0];

        @Override
        void resize(int cap) {
            s = Arrays.copyOf(s, cap);
            seen = Arrays.copyOf(seen, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            long[] v = a.l;
            int o = a.off;
            boolean[] nl = a.nulls;
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || (nl != null && nl[i])) continue;
                long x = s[g], y = v[o + i], r = x + y;
                if (((x ^ r) & (y ^ r)) < 0) throw new NablaException(ErrorCode.NUMERIC_OVERFLOW, "integer overflow");
                s[g] = r;
                seen[g] = true;
            }
        }

        @Override
        void updateAll(Vec a, Vec b, int n, int[] zeros) {
            if (a.nulls != null || n == 0) {
                update(zeros, a, b, n);
                return;
            }
            long x = s[0], y = K.sumExact(a.l, a.off, null, null, n), r = x + y;
            if (((x ^ r) & (y ^ r)) < 0) throw new NablaException(ErrorCode.NUMERIC_OVERFLOW, "integer overflow");
            s[0] = r;
            seen[0] = true;
        }

        @Override
        void result(int g, ColumnStore out) {
            if (seen[g]) out.appendLong(s[g]);
            else out.appendNull();
        }
    }

    /**
     * SUM of a DECIMAL (either width) into DECIMAL(38, s): the unscaled values summed exactly in 128 bits
     * per group (a high and a low word; a narrow value is sign-extended, one add with carry a row, no
     * allocation), the total checked against the result's 38 digits.
     */
    static class SumDecimal extends Accumulator {
        final DecimalType type;
        long[] hi = new long[0], lo = new long[0];
        long[] count = new long[0];

        SumDecimal(DecimalType type) {
            this.type = type;
        }

        @Override
        void resize(int cap) {
            hi = Arrays.copyOf(hi, cap);
            lo = Arrays.copyOf(lo, cap);
            count = Arrays.copyOf(count, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            boolean[] nl = a.nulls;
            long[] v = a.l;
            int o = a.off;
            if (a.w == 1) {
                for (int i = 0; i < n; i++) {
                    int g = gids[i];
                    if (g < 0 || (nl != null && nl[i])) continue;
                    long y = v[o + i], x = lo[g], r = x + y;
                    // carry out of the low word, plus the sign extension of y into the high word
                    hi[g] += (y >> 63) + (Long.compareUnsigned(r, x) < 0 ? 1 : 0);
                    lo[g] = r;
                    count[g]++;
                }
                return;
            }
            long[] tmp = new long[2];
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || (nl != null && nl[i])) continue;
                if (!dev.nabla.storage.Int128.add(hi[g], lo[g], a.hi(i), a.lo(i), tmp, 0))
                    throw Decimals.overflow(type);
                hi[g] = tmp[0];
                lo[g] = tmp[1];
                count[g]++;
            }
        }

        @Override
        void updateAll(Vec a, Vec b, int n, int[] zeros) {
            if (a.w != 1 || a.nulls != null) {
                update(zeros, a, b, n);
                return;
            }
            long h = hi[0], l = lo[0];
            long[] v = a.l;
            long y;
            try {
                // the SIMD exact sum of the batch (as BIGINT's SUM), added to the 128-bit total once
                y = K.sumExact(v, a.off, null, null, n);
            } catch (NablaException e) {
                // the batch's own sum passed a long (values near 10^18): add with carry, row by row
                for (int i = a.off, end = a.off + n; i < end; i++) {
                    long x = v[i], r = l + x;
                    h += (x >> 63) + (Long.compareUnsigned(r, l) < 0 ? 1 : 0);
                    l = r;
                }
                hi[0] = h;
                lo[0] = l;
                count[0] += n;
                return;
            }
            long r = l + y;
            hi[0] = h + (y >> 63) + (Long.compareUnsigned(r, l) < 0 ? 1 : 0);
            lo[0] = r;
            count[0] += n;
        }

        @Override
        void result(int g, ColumnStore out) {
            if (count[g] == 0) {
                out.appendNull();
                return;
            }
            // a narrow sum cannot wrap 128 bits before 2^64 rows; a wide one was checked per add
            if (!dev.nabla.storage.Int128.withinDigits(hi[g], lo[g], type.precision())) throw Decimals.overflow(type);
            out.appendWide(hi[g], lo[g]);
        }
    }

    /**
     * AVG of a DECIMAL: the exact 128-bit sum ({@link SumDecimal}) and the count, divided once at the end
     * and rounded half away from zero to the result's scale.
     */
    static final class AvgDecimal extends SumDecimal {
        final DecimalType arg;

        AvgDecimal(DecimalType arg, DecimalType type) {
            super(new DecimalType(DecimalType.MAX_STORED_PRECISION, arg.scale()));
            this.arg = arg;
            this.result = type;
        }

        final DecimalType result;

        @Override
        void result(int g, ColumnStore out) {
            if (count[g] == 0) {
                out.appendNull();
                return;
            }
            java.math.BigDecimal sum = arg.box(hi[g], lo[g]);
            java.math.BigDecimal mean =
                    sum.divide(java.math.BigDecimal.valueOf(count[g]), result.scale(), java.math.RoundingMode.HALF_UP);
            out.appendValue(result.round(mean));
        }
    }

    /**
     * Per-group exact sums ({@link ExactSum}, created at a group's first value): every SUM/AVG/VARIANCE
     * path folds into the same exact state, so plan path, grouping, thread count and SIMD width
     * cannot change the bits of a result.
     */
    static ExactSum[] grow(ExactSum[] a, int cap) {
        return Arrays.copyOf(a, cap);
    }

    static ExactSum sumOf(ExactSum[] a, int g) {
        ExactSum s = a[g];
        if (s == null) s = a[g] = new ExactSum();
        return s;
    }

    static final class SumDouble extends Accumulator {
        final boolean total;
        ExactSum[] s = new ExactSum[0];
        boolean[] seen = new boolean[0];

        SumDouble(boolean total) {
            this.total = total;
        }

        @Override
        void resize(int cap) {
            s = grow(s, cap);
            seen = Arrays.copyOf(seen, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            boolean[] nl = a.nulls;
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || (nl != null && nl[i])) continue;
                sumOf(s, g).add(num(a, i));
                seen[g] = true;
            }
        }

        @Override
        void updateAll(Vec a, Vec b, int n, int[] zeros) {
            if (a.nulls != null || n == 0 || a.type.physical() != PhysicalType.DOUBLE) {
                update(zeros, a, b, n);
                return;
            }
            sumOf(s, 0).addAll(a.d, a.off, n);
            seen[0] = true;
        }

        @Override
        void result(int g, ColumnStore out) {
            if (seen[g] || total) out.appendDouble(s[g] == null ? 0.0 : s[g].round());
            else out.appendNull();
        }
    }

    /**
     * log Σ exp(z) in one online pass (Milakov and Gimelshein 2018): per group the running maximum m and
     * d = Σ exp(z − m), rescaled by exp(m − m') when the maximum grows, so nothing overflows. −∞ values
     * count as rows that add nothing; no row gives NULL.
     */
    static final class LogSumExp extends Accumulator {
        double[] m = new double[0], d = new double[0];
        boolean[] seen = new boolean[0];

        @Override
        void resize(int cap) {
            int old = m.length;
            m = Arrays.copyOf(m, cap);
            d = Arrays.copyOf(d, cap);
            seen = Arrays.copyOf(seen, cap);
            Arrays.fill(m, old, cap, Double.NEGATIVE_INFINITY);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || a.isNull(i)) continue;
                seen[g] = true;
                addTo(m, d, null, g, num(a, i), 0);
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            if (!seen[g]) out.appendNull();
            else out.appendDouble(d[g] == 0 ? Double.NEGATIVE_INFINITY : m[g] + Math.log(d[g]));
        }
    }

    /**
     * One online step of the (m, d[, s]) state: z enters with weight exp(z − m), rescaling the sums when z
     * is a new maximum; s (when not null) accumulates exp(z − m)·v.
     */
    static void addTo(double[] m, double[] d, double[] s, int g, double z, double v) {
        if (z == Double.NEGATIVE_INFINITY) return;
        double mg = m[g];
        if (z > mg) {
            double scale = Math.exp(mg - z); // 0 when mg = −∞
            d[g] = d[g] * scale + 1;
            if (s != null) s[g] = s[g] * scale + v;
            m[g] = z;
        } else {
            // z = mg = +∞ weighs 1 like the maximum itself (exp(∞ − ∞) would be NaN)
            double w = z == mg ? 1.0 : Math.exp(z - mg);
            d[g] += w;
            if (s != null) s[g] += w * v;
        }
    }

    /**
     * Σ softmax(z)·v in one online pass (attention as one GROUP BY): the running maximum m, d = Σ exp(z − m)
     * and s = Σ exp(z − m)·v; the result is s/d. Rows with a NULL value or score are skipped; NULL when none
     * is left (or every score is −∞).
     */
    static final class SoftmaxSum extends Accumulator {
        double[] m = new double[0], d = new double[0], s = new double[0];

        @Override
        void resize(int cap) {
            int old = m.length;
            m = Arrays.copyOf(m, cap);
            d = Arrays.copyOf(d, cap);
            s = Arrays.copyOf(s, cap);
            Arrays.fill(m, old, cap, Double.NEGATIVE_INFINITY);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || a.isNull(i) || b.isNull(i)) continue;
                addTo(m, d, s, g, num(b, i), num(a, i));
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            if (d[g] == 0) out.appendNull();
            else out.appendDouble(s[g] / d[g]);
        }
    }

    /**
     * {@link SoftmaxSum} of {@code DOUBLE[w]} values: Σ softmax(z)·v element by element, one running maximum
     * and one denominator per group, {@code w} rescaled sums per group (row-major in {@link #s}), so attention
     * over vector values is one GROUP BY pass with no per-row allocation. Rows with a NULL value or score are
     * skipped; NULL when none is left (or every score is −∞).
     */
    static final class ArraySoftmaxSum extends Accumulator {
        final int w;
        double[] m = new double[0], d = new double[0], s = new double[0];

        ArraySoftmaxSum(int w) {
            this.w = w;
        }

        @Override
        void resize(int cap) {
            int old = m.length;
            m = Arrays.copyOf(m, cap);
            d = Arrays.copyOf(d, cap);
            s = Arrays.copyOf(s, cap * w);
            Arrays.fill(m, old, cap, Double.NEGATIVE_INFINITY);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            double[] v = a.d;
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || a.isNull(i) || b.isNull(i)) continue;
                double z = num(b, i);
                if (z == Double.NEGATIVE_INFINITY) continue;
                int at = (a.off + i) * w, sg = g * w;
                double mg = m[g];
                if (z > mg) {
                    // a new maximum: rescale what is summed so far to it (the scale is 0 when mg = −∞)
                    double scale = Math.exp(mg - z);
                    d[g] = d[g] * scale + 1;
                    for (int k = 0; k < w; k++) s[sg + k] = s[sg + k] * scale + v[at + k];
                    m[g] = z;
                } else {
                    // z = mg = +∞ weighs 1 like the maximum itself (exp(∞ − ∞) would be NaN)
                    double e = z == mg ? 1.0 : Math.exp(z - mg);
                    d[g] += e;
                    for (int k = 0; k < w; k++) s[sg + k] += e * v[at + k];
                }
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            if (d[g] == 0) {
                out.appendNull();
                return;
            }
            double[] r = new double[w];
            for (int k = 0; k < w; k++) r[k] = s[g * w + k] / d[g];
            out.appendValue(r);
        }
    }

    /**
     * min_by(x, key) / max_by(x, key): x of the row with the best key. Keys compare as min()/max() compare them
     * (by physical type); a row with a NULL key is skipped, a NULL x is a value (the result is then NULL); the
     * first row wins on ties. x is kept by physical type (an array row is copied when it becomes the best).
     */
    static final class MinBy extends Accumulator {
        final boolean max;
        long[] kl = new long[0], xl = new long[0];
        /** High words of 128-bit DECIMAL keys and values ({@code kl}, {@code xl} hold the low words). */
        long[] kh = new long[0], xh = new long[0];

        double[] kd = new double[0], xd = new double[0];
        String[] ks = new String[0], xs = new String[0];
        double[][] xa = new double[0][];
        dev.nabla.storage.ListValue[] xlv = new dev.nabla.storage.ListValue[0];
        boolean[] seen = new boolean[0], xNull = new boolean[0];
        PhysicalType xType = PhysicalType.LONG;

        MinBy(boolean max) {
            this.max = max;
        }

        @Override
        void resize(int cap) {
            kl = Arrays.copyOf(kl, cap);
            kh = Arrays.copyOf(kh, cap);
            xh = Arrays.copyOf(xh, cap);
            kd = Arrays.copyOf(kd, cap);
            ks = Arrays.copyOf(ks, cap);
            xl = Arrays.copyOf(xl, cap);
            xd = Arrays.copyOf(xd, cap);
            xs = Arrays.copyOf(xs, cap);
            xa = Arrays.copyOf(xa, cap);
            xlv = Arrays.copyOf(xlv, cap);
            seen = Arrays.copyOf(seen, cap);
            xNull = Arrays.copyOf(xNull, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            xType = a.type.physical();
            boolean[] nl = b.nulls;
            int o = b.off;
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || (nl != null && nl[i])) continue;
                boolean better = switch (b.type.physical()) {
                    case LONG -> {
                        long v = b.l[o + i];
                        boolean w = !seen[g] || (max ? v > kl[g] : v < kl[g]);
                        if (w) kl[g] = v;
                        yield w;
                    }
                    case DOUBLE -> {
                        double v = b.d[o + i];
                        boolean w = !seen[g] || (max ? v > kd[g] : v < kd[g]);
                        if (w) kd[g] = v;
                        yield w;
                    }
                    case STRING -> {
                        String v = b.s[o + i];
                        boolean w = !seen[g] || (max ? v.compareTo(ks[g]) > 0 : v.compareTo(ks[g]) < 0);
                        if (w) ks[g] = v;
                        yield w;
                    }
                    case INT128 -> {
                        long vh = b.hi(i), vl = b.lo(i);
                        int c = seen[g] ? dev.nabla.storage.Int128.compare(vh, vl, kh[g], kl[g]) : 0;
                        boolean w = !seen[g] || (max ? c > 0 : c < 0);
                        if (w) {
                            kh[g] = vh;
                            kl[g] = vl;
                        }
                        yield w;
                    }
                    case ARRAY, LIST -> throw new IllegalStateException("the binder rejects array keys");
                };
                if (!better) continue;
                seen[g] = true;
                xNull[g] = a.isNull(i);
                if (xNull[g]) continue;
                switch (xType) {
                    case LONG -> xl[g] = a.l[a.off + i];
                    case DOUBLE -> xd[g] = a.d[a.off + i];
                    case STRING -> xs[g] = a.s[a.off + i];
                    case ARRAY -> {
                        int w = a.w;
                        xa[g] = Arrays.copyOfRange(a.d, (a.off + i) * w, (a.off + i + 1) * w);
                    }
                    case LIST -> xlv[g] = a.lv[a.off + i];
                    case INT128 -> {
                        xh[g] = a.hi(i);
                        xl[g] = a.lo(i);
                    }
                }
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            if (!seen[g] || xNull[g]) {
                out.appendNull();
                return;
            }
            switch (xType) {
                case LONG -> out.appendLong(xl[g]);
                case DOUBLE -> out.appendDouble(xd[g]);
                case STRING -> out.appendValue(xs[g]);
                case ARRAY -> out.appendValue(xa[g]);
                case LIST -> out.appendValue(xlv[g]);
                case INT128 -> out.appendWide(xh[g], xl[g]);
            }
        }
    }

    /** The correctly rounded exact sum divided by the count. */
    static final class Avg extends Accumulator {
        ExactSum[] s = new ExactSum[0];
        long[] c = new long[0];

        @Override
        void resize(int cap) {
            s = grow(s, cap);
            c = Arrays.copyOf(c, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            boolean[] nl = a.nulls;
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || (nl != null && nl[i])) continue;
                sumOf(s, g).add(num(a, i));
                c[g]++;
            }
        }

        @Override
        void updateAll(Vec a, Vec b, int n, int[] zeros) {
            if (a.nulls != null || n == 0 || a.type.physical() != PhysicalType.DOUBLE) {
                update(zeros, a, b, n);
                return;
            }
            sumOf(s, 0).addAll(a.d, a.off, n);
            c[0] += n;
        }

        @Override
        void result(int g, ColumnStore out) {
            if (c[g] > 0) out.appendDouble(s[g].round() / c[g]);
            else out.appendNull();
        }
    }

    /**
     * SUM/AVG of {@code DOUBLE[w]} values, element by element: one exact sum per element and group
     * (the one summation, so an element's sum is the same bits as SUM over that element as a column).
     * NULL arrays are skipped; a group with none gives NULL.
     */
    static final class ArraySum extends Accumulator {
        final boolean avg;
        final int w;
        ExactSum[][] s = new ExactSum[0][];
        long[] c = new long[0];

        ArraySum(boolean avg, int w) {
            this.avg = avg;
            this.w = w;
        }

        @Override
        void resize(int cap) {
            s = Arrays.copyOf(s, cap);
            c = Arrays.copyOf(c, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            boolean[] nl = a.nulls;
            double[] d = a.d;
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || (nl != null && nl[i])) continue;
                ExactSum[] gs = s[g];
                if (gs == null) {
                    gs = s[g] = new ExactSum[w];
                    for (int k = 0; k < w; k++) gs[k] = new ExactSum();
                }
                int at = (a.off + i) * w;
                for (int k = 0; k < w; k++) gs[k].add(d[at + k]);
                c[g]++;
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            if (c[g] == 0) {
                out.appendNull();
                return;
            }
            double[] r = new double[w];
            for (int k = 0; k < w; k++) r[k] = avg ? s[g][k].round() / c[g] : s[g][k].round();
            out.appendValue(r);
        }
    }

    static final class MinMax extends Accumulator {
        final boolean max;
        long[] l = new long[0];
        /** The high words of a 128-bit DECIMAL's extremes ({@code l} holds their low words). */
        long[] h = new long[0];

        double[] d = new double[0];
        String[] s = new String[0];
        boolean[] seen = new boolean[0];
        PhysicalType argType = PhysicalType.LONG;

        MinMax(boolean max) {
            this.max = max;
        }

        @Override
        void resize(int cap) {
            l = Arrays.copyOf(l, cap);
            h = Arrays.copyOf(h, cap);
            d = Arrays.copyOf(d, cap);
            s = Arrays.copyOf(s, cap);
            seen = Arrays.copyOf(seen, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            boolean[] nl = a.nulls;
            int o = a.off;
            argType = a.type.physical();
            switch (argType) {
                case LONG -> {
                    for (int i = 0; i < n; i++) {
                        int g = gids[i];
                        if (g < 0 || (nl != null && nl[i])) continue;
                        long v = a.l[o + i];
                        if (!seen[g] || (max ? v > l[g] : v < l[g])) {
                            l[g] = v;
                            seen[g] = true;
                        }
                    }
                }
                case DOUBLE -> {
                    for (int i = 0; i < n; i++) {
                        int g = gids[i];
                        if (g < 0 || (nl != null && nl[i])) continue;
                        double v = a.d[o + i];
                        if (!seen[g] || (max ? v > d[g] : v < d[g])) {
                            d[g] = v;
                            seen[g] = true;
                        }
                    }
                }
                case STRING -> {
                    for (int i = 0; i < n; i++) {
                        int g = gids[i];
                        if (g < 0 || (nl != null && nl[i])) continue;
                        String v = a.s[o + i];
                        if (!seen[g] || (max ? v.compareTo(s[g]) > 0 : v.compareTo(s[g]) < 0)) {
                            s[g] = v;
                            seen[g] = true;
                        }
                    }
                }
                case INT128 -> {
                    for (int i = 0; i < n; i++) {
                        int g = gids[i];
                        if (g < 0 || (nl != null && nl[i])) continue;
                        long vh = a.hi(i), vl = a.lo(i);
                        int c = seen[g] ? dev.nabla.storage.Int128.compare(vh, vl, h[g], l[g]) : 0;
                        if (!seen[g] || (max ? c > 0 : c < 0)) {
                            h[g] = vh;
                            l[g] = vl;
                            seen[g] = true;
                        }
                    }
                }
                case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(a.type);
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            if (!seen[g]) {
                out.appendNull();
                return;
            }
            switch (argType) {
                case LONG -> out.appendLong(l[g]);
                case DOUBLE -> out.appendDouble(d[g]);
                case STRING -> out.appendValue(s[g]);
                case INT128 -> out.appendWide(h[g], l[g]);
                case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(out.type);
            }
        }
    }

    /**
     * Exact Σx and Σx² (each square added with its FMA rounding error), so the variance
     * (n·Σx² − (Σx)²) / (n(n−1)) is computed exactly and rounded once ({@link ExactSum#variance});
     * STDDEV is its square root.
     */
    static final class Variance extends Accumulator {
        final AggFn fn;
        long[] c = new long[0];
        ExactSum[] s1 = new ExactSum[0], s2 = new ExactSum[0];

        Variance(AggFn fn) {
            this.fn = fn;
        }

        @Override
        void resize(int cap) {
            c = Arrays.copyOf(c, cap);
            s1 = grow(s1, cap);
            s2 = grow(s2, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            boolean[] nl = a.nulls;
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || (nl != null && nl[i])) continue;
                double x = num(a, i);
                c[g]++;
                sumOf(s1, g).add(x);
                sumOf(s2, g).addSquare(x);
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            boolean sample = fn == AggFn.VAR_SAMP || fn == AggFn.STDDEV_SAMP;
            long k = c[g];
            if (k == 0 || (sample && k < 2)) {
                out.appendNull();
                return;
            }
            double var = ExactSum.variance(s1[g], s2[g], k, sample);
            out.appendDouble(fn == AggFn.STDDEV_SAMP || fn == AggFn.STDDEV_POP ? Math.sqrt(var) : var);
        }
    }

    static final class StringAgg extends Accumulator {
        StringBuilder[] sb = new StringBuilder[0];
        /** Characters appended so far (the builders' size, for the memory accountant). */
        private long chars;

        @Override
        long heldBytes() {
            // a builder holds up to twice its length while it grows, plus its header
            return 48L * capacity + 2 * chars;
        }

        @Override
        void resize(int cap) {
            sb = Arrays.copyOf(sb, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || a.isNull(i)) continue;
                String v = a.type.physical() == PhysicalType.STRING ? a.s[a.off + i] : String.valueOf(a.get(i));
                if (sb[g] == null) {
                    sb[g] = new StringBuilder(v);
                    chars += v.length();
                } else {
                    String sep = b == null ? "," : b.isNull(i) ? "" : b.s[b.off + i];
                    StringLimit.checkSum(sb[g].length(), sep.length() + v.length(), "string_agg()");
                    sb[g].append(sep).append(v);
                    chars += sep.length() + v.length();
                }
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            out.appendValue(sb[g] == null ? null : sb[g].toString());
        }
    }

    /**
     * An aggregate whose result depends on the order of its rows ({@code string_agg}, {@code array_agg} with
     * ORDER BY): it buffers each row's group id and ORDER BY keys and, at the first result, sorts the rows
     * by group then keys (stable, so ties keep input order). {@link #keys} holds the batch's ORDER BY key
     * vectors while {@link #update} runs.
     */
    abstract static class Ordered extends Accumulator {
        final Vec[] keys;
        final ColumnStore gids = new ColumnStore(DataType.BIGINT, 16);
        private final ColumnStore[] keyStore;
        private final boolean[] ascending, nullsFirst;

        Ordered(DataType[] keyTypes, boolean[] ascending, boolean[] nullsFirst) {
            keys = new Vec[keyTypes.length];
            keyStore = new ColumnStore[keyTypes.length];
            for (int k = 0; k < keyTypes.length; k++) keyStore[k] = new ColumnStore(keyTypes[k], 16);
            this.ascending = ascending;
            this.nullsFirst = nullsFirst;
        }

        @Override
        void resize(int cap) {}

        /** Buffers row i's group and keys (the caller buffers its value at the same position). */
        final void buffer(int g, int i) {
            gids.appendLong(g);
            for (int k = 0; k < keys.length; k++) keyStore[k].appendRow(keys[k], i);
        }

        /** The buffered positions sorted by group, then by the ORDER BY keys, ties in input order. */
        final int[] sortedRows() {
            int n = gids.size();
            ColumnStore[] order = new ColumnStore[keyStore.length + 1];
            boolean[] asc = new boolean[order.length], nf = new boolean[order.length];
            order[0] = gids;
            asc[0] = true;
            for (int k = 0; k < keyStore.length; k++) {
                order[k + 1] = keyStore[k];
                asc[k + 1] = ascending[k];
                nf[k + 1] = nullsFirst[k];
            }
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = i;
            new RowOrder(order, asc, nf).sort(idx, n);
            return idx;
        }
    }

    /**
     * array_agg(x): the group's values in arrival order, NULLs included (as PostgreSQL and DuckDB), as a
     * {@code DOUBLE[]}; a group without rows gives NULL. Each group grows its own array by doubling.
     */
    static final class ArrayAgg extends Accumulator {
        double[][] vals = new double[0][];
        long[][] nullBits = new long[0][];
        int[] len = new int[0];
        private long elements;

        @Override
        void resize(int cap) {
            vals = Arrays.copyOf(vals, cap);
            nullBits = Arrays.copyOf(nullBits, cap);
            len = Arrays.copyOf(len, cap);
        }

        @Override
        long heldBytes() {
            // arrays grow by doubling: up to twice the elements, plus per-group headers
            return 48L * capacity + 16 * elements;
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g >= 0) append(g, a.isNull(i), a.isNull(i) ? 0 : num(a, i));
            }
        }

        void append(int g, boolean isNull, double v) {
            int k = len[g];
            if (vals[g] == null) vals[g] = new double[4];
            else if (k == vals[g].length) vals[g] = Arrays.copyOf(vals[g], k * 2);
            vals[g][k] = v;
            if (isNull) {
                int word = k >>> 6;
                if (nullBits[g] == null) nullBits[g] = new long[word + 1];
                else if (nullBits[g].length <= word)
                    nullBits[g] = Arrays.copyOf(nullBits[g], Math.max(word + 1, nullBits[g].length * 2));
                nullBits[g][word] |= 1L << k;
            }
            len[g] = k + 1;
            elements++;
        }

        @Override
        void result(int g, ColumnStore out) {
            if (vals[g] == null) {
                out.appendNull();
                return;
            }
            int k = len[g];
            // a copy: a window's cumulative frame keeps appending to the same group after this result
            long[] nb = nullBits[g] == null ? null : Arrays.copyOf(nullBits[g], (k + 63) >>> 6);
            out.appendValue(ListValue.of(Arrays.copyOf(vals[g], k), nb));
        }
    }

    /** array_agg(x ORDER BY k …): buffers (group, x, keys), sorts once at the first result, then builds the lists. */
    static final class OrderedArrayAgg extends Ordered {
        private final ColumnStore values = new ColumnStore(DataType.DOUBLE, 16);
        private ArrayAgg built;

        OrderedArrayAgg(DataType[] keyTypes, boolean[] ascending, boolean[] nullsFirst) {
            super(keyTypes, ascending, nullsFirst);
        }

        @Override
        long heldBytes() {
            return 40L * gids.size();
        }

        @Override
        void update(int[] g, Vec a, Vec b, int n) {
            for (int i = 0; i < n; i++) {
                if (g[i] < 0) continue;
                buffer(g[i], i);
                if (a.isNull(i)) values.appendNull();
                else values.appendDouble(num(a, i));
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            if (built == null) {
                built = new ArrayAgg();
                built.grow(capacity);
                for (int r : sortedRows()) {
                    int group = (int) gids.getLong(r);
                    built.grow(group + 1);
                    built.append(group, values.isNull(r), values.isNull(r) ? 0 : values.getDouble(r));
                }
            }
            if (g < built.capacity) built.result(g, out);
            else out.appendNull();
        }
    }

    /**
     * min_by(x, key, k) / max_by(x, key, k) (DuckDB's): the x of the k rows with the smallest (largest) keys,
     * best first, as a {@code DOUBLE[]}; rows with a NULL key are skipped, a NULL x is a NULL element, ties
     * keep the earlier row; fewer than k rows give a shorter list, none gives NULL. Each group keeps its k
     * best in a bounded binary heap whose root is the worst kept row, so a row costs O(log k).
     */
    static final class MinByK extends Accumulator {
        final boolean max;
        final int k;
        double[][] keyHeap = new double[0][];
        double[][] xHeap = new double[0][];
        long[][] seqHeap = new long[0][];
        boolean[][] xNullHeap = new boolean[0][];
        int[] size = new int[0];
        private long seq;

        MinByK(boolean max, int k) {
            this.max = max;
            this.k = k;
        }

        @Override
        void resize(int cap) {
            keyHeap = Arrays.copyOf(keyHeap, cap);
            xHeap = Arrays.copyOf(xHeap, cap);
            seqHeap = Arrays.copyOf(seqHeap, cap);
            xNullHeap = Arrays.copyOf(xNullHeap, cap);
            size = Arrays.copyOf(size, cap);
        }

        @Override
        long heldBytes() {
            return 64L * capacity + 25L * Math.min(k, 1 << 16) * capacity;
        }

        /** Whether (ka, sa) ranks after (kb, sb): a worse key, or an equal key seen later. */
        private boolean worse(double ka, long sa, double kb, long sb) {
            int c = Double.compare(ka, kb);
            if (max) c = -c;
            return c > 0 || c == 0 && sa > sb;
        }

        @Override
        void update(int[] gids, Vec x, Vec key, int n) {
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || key.isNull(i)) {
                    seq++;
                    continue;
                }
                double kv = num(key, i);
                long s = seq++;
                boolean xn = x.isNull(i);
                double xv = xn ? 0 : num(x, i);
                if (keyHeap[g] == null) {
                    int c0 = Math.min(k, 16);
                    keyHeap[g] = new double[c0];
                    xHeap[g] = new double[c0];
                    seqHeap[g] = new long[c0];
                    xNullHeap[g] = new boolean[c0];
                }
                int m = size[g];
                if (m < k) {
                    if (m == keyHeap[g].length) {
                        int c1 = (int) Math.min(k, 2L * m);
                        keyHeap[g] = Arrays.copyOf(keyHeap[g], c1);
                        xHeap[g] = Arrays.copyOf(xHeap[g], c1);
                        seqHeap[g] = Arrays.copyOf(seqHeap[g], c1);
                        xNullHeap[g] = Arrays.copyOf(xNullHeap[g], c1);
                    }
                    size[g] = m + 1;
                    siftUp(g, m, kv, s, xv, xn);
                } else if (worse(keyHeap[g][0], seqHeap[g][0], kv, s)) {
                    siftDown(g, m, kv, s, xv, xn);
                }
            }
        }

        /** Places (kv, s, xv, xn) at hole {@code at} and restores the worst-at-root order upwards. */
        private void siftUp(int g, int at, double kv, long s, double xv, boolean xn) {
            double[] kh = keyHeap[g];
            long[] sh = seqHeap[g];
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!worse(kv, s, kh[parent], sh[parent])) break;
                move(g, parent, at);
                at = parent;
            }
            put(g, at, kv, s, xv, xn);
        }

        /** Replaces the root by (kv, s, xv, xn) and restores the order downwards over m entries. */
        private void siftDown(int g, int m, double kv, long s, double xv, boolean xn) {
            double[] kh = keyHeap[g];
            long[] sh = seqHeap[g];
            int at = 0;
            while (true) {
                int c = 2 * at + 1;
                if (c >= m) break;
                if (c + 1 < m && worse(kh[c + 1], sh[c + 1], kh[c], sh[c])) c++;
                if (!worse(kh[c], sh[c], kv, s)) break;
                move(g, c, at);
                at = c;
            }
            put(g, at, kv, s, xv, xn);
        }

        private void move(int g, int from, int to) {
            keyHeap[g][to] = keyHeap[g][from];
            seqHeap[g][to] = seqHeap[g][from];
            xHeap[g][to] = xHeap[g][from];
            xNullHeap[g][to] = xNullHeap[g][from];
        }

        private void put(int g, int at, double kv, long s, double xv, boolean xn) {
            keyHeap[g][at] = kv;
            seqHeap[g][at] = s;
            xHeap[g][at] = xv;
            xNullHeap[g][at] = xn;
        }

        @Override
        void result(int g, ColumnStore out) {
            int m = size[g];
            if (m == 0) {
                out.appendNull();
                return;
            }
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) order[i] = i;
            double[] kh = keyHeap[g];
            long[] sh = seqHeap[g];
            Arrays.sort(
                    order,
                    (p, q) -> worse(kh[p], sh[p], kh[q], sh[q]) ? 1 : worse(kh[q], sh[q], kh[p], sh[p]) ? -1 : 0);
            double[] v = new double[m];
            long[] nb = null;
            for (int i = 0; i < m; i++) {
                int p = order[i];
                v[i] = xHeap[g][p];
                if (xNullHeap[g][p]) {
                    if (nb == null) nb = new long[(m + 63) >>> 6];
                    nb[i >>> 6] |= 1L << i;
                }
            }
            out.appendValue(ListValue.of(v, nb));
        }
    }

    /**
     * string_agg(x, sep ORDER BY ..): buffers (group, value, separator, keys) and, at the first result,
     * sorts the rows by group then keys (stable, so ties keep input order) and joins each group's values.
     * {@link #keys} holds the batch's ORDER BY key vectors while {@link #update} runs.
     */
    static final class OrderedStringAgg extends Ordered {
        private final ColumnStore values = new ColumnStore(DataType.VARCHAR, 16);
        private final ColumnStore seps = new ColumnStore(DataType.VARCHAR, 16);
        private String[] joined;

        OrderedStringAgg(DataType[] keyTypes, boolean[] ascending, boolean[] nullsFirst) {
            super(keyTypes, ascending, nullsFirst);
        }

        @Override
        long heldBytes() {
            // per buffered value: group id, references and the strings themselves (sampled as 48 bytes each)
            return 80L * gids.size();
        }

        @Override
        void update(int[] g, Vec a, Vec b, int n) {
            for (int i = 0; i < n; i++) {
                if (g[i] < 0 || a.isNull(i)) continue;
                buffer(g[i], i);
                values.appendValue(
                        a.type.physical() == PhysicalType.STRING ? a.s[a.off + i] : String.valueOf(a.get(i)));
                seps.appendValue(b == null ? "," : b.isNull(i) ? "" : b.s[b.off + i]);
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            if (joined == null) join();
            out.appendValue(g < joined.length ? joined[g] : null);
        }

        private void join() {
            int n = gids.size();
            int[] idx = sortedRows();
            joined = new String[capacity];
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; ) {
                int g = (int) gids.getLong(idx[i]);
                sb.setLength(0);
                sb.append(values.getString(idx[i]));
                int j = i + 1;
                for (; j < n && gids.getLong(idx[j]) == g; j++) {
                    String sep = seps.getString(idx[j]), v = values.getString(idx[j]);
                    StringLimit.checkSum(sb.length(), sep.length() + v.length(), "string_agg()");
                    sb.append(sep).append(v);
                }
                if (g >= joined.length) joined = Arrays.copyOf(joined, g + 1);
                joined[g] = sb.toString();
                i = j;
            }
        }
    }

    /**
     * percentile_cont / percentile_disc / mode WITHIN GROUP (ORDER BY x): buffers (group, x) for non-NULL x
     * and, at the first result, sorts by group then x in the requested direction (PostgreSQL semantics:
     * percentile_cont interpolates at position f*(n-1), percentile_disc takes the first value whose
     * position reaches f, mode the most frequent value, the first in sort order on ties).
     */
    static final class OrderedSet extends Accumulator {
        private final AggFn fn;
        private final double fraction;
        private final boolean ascending, nullsFirst;
        private final ColumnStore gids = new ColumnStore(DataType.BIGINT, 16);
        private final ColumnStore values;
        private final boolean strings;
        /** The characters of the string values kept (for {@link #heldBytes}). */
        private long chars;

        private int[] idx, start, end;

        OrderedSet(AggFn fn, double fraction, DataType valueType, boolean ascending, boolean nullsFirst) {
            this.fn = fn;
            this.fraction = fraction;
            this.ascending = ascending;
            this.nullsFirst = nullsFirst;
            values = new ColumnStore(valueType, 16);
            strings = valueType.physical() == dev.nabla.storage.PhysicalType.STRING;
        }

        @Override
        void resize(int cap) {}

        /**
         * Every value is kept until the end (with its group id; stores grow by copying, so up to twice that),
         * then sorted through an index: the accountant sees all of it, so a percentile over more values than
         * the limit holds fails with 53200 instead of exhausting the heap.
         */
        @Override
        long heldBytes() {
            long n = gids.size();
            return 16L * capacity + 2L * 16L * n + 4L * n + (strings ? 40L * n + 2L * chars : 0);
        }

        @Override
        void update(int[] g, Vec a, Vec b, int n) {
            for (int i = 0; i < n; i++) {
                if (g[i] < 0 || a.isNull(i)) continue;
                gids.appendLong(g[i]);
                values.appendRow(a, i);
                if (strings) chars += a.s[a.off + i].length();
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            if (idx == null) sort();
            if (g >= start.length || start[g] == end[g]) {
                out.appendNull();
                return;
            }
            int s = start[g], n = end[g] - s;
            switch (fn) {
                case PERCENTILE_CONT -> {
                    double pos = fraction * (n - 1);
                    int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
                    double a = values.getDouble(idx[s + lo]), b = values.getDouble(idx[s + hi]);
                    out.appendDouble(lo == hi ? a : a + (pos - lo) * (b - a));
                }
                case PERCENTILE_DISC -> out.appendFrom(values, idx[s + Math.max(0, (int) Math.ceil(fraction * n) - 1)]);
                default -> {
                    RowOrder eq = new RowOrder(new ColumnStore[] {values}, new boolean[] {true}, new boolean[] {true});
                    int best = s, bestLen = 0;
                    for (int i = s; i < s + n; ) {
                        int j = i + 1;
                        while (j < s + n && eq.compare(idx[i], idx[j]) == 0) j++;
                        if (j - i > bestLen) {
                            best = i;
                            bestLen = j - i;
                        }
                        i = j;
                    }
                    out.appendFrom(values, idx[best]);
                }
            }
        }

        private void sort() {
            int n = gids.size();
            idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = i;
            new RowOrder(new ColumnStore[] {gids, values}, new boolean[] {true, ascending}, new boolean[] {
                        false, nullsFirst
                    })
                    .sort(idx, n);
            start = new int[capacity];
            end = new int[capacity];
            for (int i = 0; i < n; ) {
                int g = (int) gids.getLong(idx[i]);
                int j = i + 1;
                while (j < n && gids.getLong(idx[j]) == g) j++;
                if (g >= start.length) {
                    start = Arrays.copyOf(start, g + 1);
                    end = Arrays.copyOf(end, g + 1);
                }
                start[g] = i;
                end[g] = j;
                i = j;
            }
        }
    }

    static final class Bool extends Accumulator {
        final boolean and;
        long[] v = new long[0];
        boolean[] seen = new boolean[0];

        Bool(boolean and) {
            this.and = and;
        }

        @Override
        void resize(int cap) {
            v = Arrays.copyOf(v, cap);
            seen = Arrays.copyOf(seen, cap);
        }

        @Override
        void update(int[] gids, Vec a, Vec b, int n) {
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || a.isNull(i)) continue;
                long x = a.l[a.off + i] != 0 ? 1 : 0;
                if (!seen[g]) {
                    v[g] = x;
                    seen[g] = true;
                } else v[g] = and ? v[g] & x : v[g] | x;
            }
        }

        @Override
        void result(int g, ColumnStore out) {
            if (seen[g]) out.appendLong(v[g]);
            else out.appendNull();
        }
    }
}
