package dev.nabla.engine.exec.op;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.engine.exec.store.ColumnStore;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.storage.DataType;
import dev.nabla.storage.PhysicalType;
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

    abstract void update(int[] gids, Vec a, Vec b, int n);

    static final dev.nabla.vector.VectorKernels K = dev.nabla.vector.VectorizationProvider.get();

    /** Folds n rows into group 0 ({@code zeros} holds n zeros); reductions use the SIMD kernels where they can. */
    void updateAll(Vec a, Vec b, int n, int[] zeros) { update(zeros, a, b, n); }

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
        s.off = v.off + i;
        s.nulls = v.isNull(i) ? new boolean[] {true} : null;
        return s;
    }

    /** Appends group g's result to out. */
    abstract void result(int g, ColumnStore out);

    static Accumulator create(AggFn fn, DataType argType, DataType resultType) {
        PhysicalType p = argType == null ? PhysicalType.LONG : argType.physical();
        return switch (fn) {
            case COUNT_STAR -> new Count(true);
            case COUNT -> new Count(false);
            case SUM -> p == PhysicalType.LONG && resultType.physical() == PhysicalType.LONG ? new SumLong() : new SumDouble(false);
            case TOTAL -> new SumDouble(true);
            case AVG -> new Avg();
            case MIN -> new MinMax(false);
            case MAX -> new MinMax(true);
            case VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP -> new Variance(fn);
            case STRING_AGG -> new StringAgg();
            case BOOL_AND -> new Bool(true);
            case BOOL_OR -> new Bool(false);
            case GROUPING -> throw new IllegalStateException("GROUPING is bound to constants, never aggregated");
        };
    }

    static double num(Vec a, int i) { return a.type.physical() == PhysicalType.DOUBLE ? a.d[a.off + i] : a.l[a.off + i]; }

    static final class Count extends Accumulator {
        final boolean star;
        long[] c = new long[0];

        Count(boolean star) { this.star = star; }

        @Override void resize(int cap) { c = Arrays.copyOf(c, cap); }

        @Override void update(int[] gids, Vec a, Vec b, int n) {
            if (star || a.nulls == null) {
                for (int i = 0; i < n; i++) { int g = gids[i]; if (g >= 0) c[g]++; }
            } else {
                boolean[] nl = a.nulls;
                for (int i = 0; i < n; i++) { int g = gids[i]; if (g >= 0 && !nl[i]) c[g]++; }
            }
        }

        @Override void updateAll(Vec a, Vec b, int n, int[] zeros) {
            if (star || a.nulls == null) c[0] += n;
            else update(zeros, a, b, n);
        }

        @Override void result(int g, ColumnStore out) { out.appendLong(c[g]); }
    }

    static final class SumLong extends Accumulator {
        long[] s = new long[0];
        boolean[] seen = new boolean[0];

        @Override void resize(int cap) {
            s = Arrays.copyOf(s, cap);
            seen = Arrays.copyOf(seen, cap);
        }

        @Override void update(int[] gids, Vec a, Vec b, int n) {
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

        @Override void updateAll(Vec a, Vec b, int n, int[] zeros) {
            if (a.nulls != null || n == 0) { update(zeros, a, b, n); return; }
            long x = s[0], y = K.sumExact(a.l, a.off, null, null, n), r = x + y;
            if (((x ^ r) & (y ^ r)) < 0) throw new NablaException(ErrorCode.NUMERIC_OVERFLOW, "integer overflow");
            s[0] = r;
            seen[0] = true;
        }

        @Override void result(int g, ColumnStore out) {
            if (seen[g]) out.appendLong(s[g]);
            else out.appendNull();
        }
    }

    static final class SumDouble extends Accumulator {
        final boolean total;
        double[] s = new double[0];
        boolean[] seen = new boolean[0];

        SumDouble(boolean total) { this.total = total; }

        @Override void resize(int cap) {
            s = Arrays.copyOf(s, cap);
            seen = Arrays.copyOf(seen, cap);
        }

        @Override void update(int[] gids, Vec a, Vec b, int n) {
            boolean[] nl = a.nulls;
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || (nl != null && nl[i])) continue;
                s[g] += num(a, i);
                seen[g] = true;
            }
        }

        @Override void updateAll(Vec a, Vec b, int n, int[] zeros) {
            if (a.nulls != null || n == 0 || a.type.physical() != PhysicalType.DOUBLE) { update(zeros, a, b, n); return; }
            s[0] += K.sum(a.d, a.off, null, null, n);
            seen[0] = true;
        }

        @Override void result(int g, ColumnStore out) {
            if (seen[g] || total) out.appendDouble(s[g]);
            else out.appendNull();
        }
    }

    static final class Avg extends Accumulator {
        double[] s = new double[0];
        long[] c = new long[0];

        @Override void resize(int cap) {
            s = Arrays.copyOf(s, cap);
            c = Arrays.copyOf(c, cap);
        }

        @Override void update(int[] gids, Vec a, Vec b, int n) {
            boolean[] nl = a.nulls;
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || (nl != null && nl[i])) continue;
                s[g] += num(a, i);
                c[g]++;
            }
        }

        @Override void result(int g, ColumnStore out) {
            if (c[g] > 0) out.appendDouble(s[g] / c[g]);
            else out.appendNull();
        }
    }

    static final class MinMax extends Accumulator {
        final boolean max;
        long[] l = new long[0];
        double[] d = new double[0];
        String[] s = new String[0];
        boolean[] seen = new boolean[0];
        PhysicalType argType = PhysicalType.LONG;

        MinMax(boolean max) { this.max = max; }

        @Override void resize(int cap) {
            l = Arrays.copyOf(l, cap);
            d = Arrays.copyOf(d, cap);
            s = Arrays.copyOf(s, cap);
            seen = Arrays.copyOf(seen, cap);
        }

        @Override void update(int[] gids, Vec a, Vec b, int n) {
            boolean[] nl = a.nulls;
            int o = a.off;
            argType = a.type.physical();
            switch (argType) {
                case LONG -> {
                    for (int i = 0; i < n; i++) {
                        int g = gids[i];
                        if (g < 0 || (nl != null && nl[i])) continue;
                        long v = a.l[o + i];
                        if (!seen[g] || (max ? v > l[g] : v < l[g])) { l[g] = v; seen[g] = true; }
                    }
                }
                case DOUBLE -> {
                    for (int i = 0; i < n; i++) {
                        int g = gids[i];
                        if (g < 0 || (nl != null && nl[i])) continue;
                        double v = a.d[o + i];
                        if (!seen[g] || (max ? v > d[g] : v < d[g])) { d[g] = v; seen[g] = true; }
                    }
                }
                case STRING -> {
                    for (int i = 0; i < n; i++) {
                        int g = gids[i];
                        if (g < 0 || (nl != null && nl[i])) continue;
                        String v = a.s[o + i];
                        if (!seen[g] || (max ? v.compareTo(s[g]) > 0 : v.compareTo(s[g]) < 0)) { s[g] = v; seen[g] = true; }
                    }
                }
            }
        }

        @Override void result(int g, ColumnStore out) {
            if (!seen[g]) { out.appendNull(); return; }
            switch (argType) {
                case LONG -> out.appendLong(l[g]);
                case DOUBLE -> out.appendDouble(d[g]);
                case STRING -> out.appendValue(s[g]);
            }
        }
    }

    /** Welford's online algorithm: numerically stable single-pass variance. */
    static final class Variance extends Accumulator {
        final AggFn fn;
        long[] c = new long[0];
        double[] mean = new double[0];
        double[] m2 = new double[0];

        Variance(AggFn fn) { this.fn = fn; }

        @Override void resize(int cap) {
            c = Arrays.copyOf(c, cap);
            mean = Arrays.copyOf(mean, cap);
            m2 = Arrays.copyOf(m2, cap);
        }

        @Override void update(int[] gids, Vec a, Vec b, int n) {
            boolean[] nl = a.nulls;
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || (nl != null && nl[i])) continue;
                double x = num(a, i);
                long k = ++c[g];
                double delta = x - mean[g];
                mean[g] += delta / k;
                m2[g] += delta * (x - mean[g]);
            }
        }

        @Override void result(int g, ColumnStore out) {
            boolean sample = fn == AggFn.VAR_SAMP || fn == AggFn.STDDEV_SAMP;
            long k = c[g];
            if (k == 0 || (sample && k < 2)) { out.appendNull(); return; }
            double var = m2[g] / (sample ? k - 1 : k);
            out.appendDouble(fn == AggFn.STDDEV_SAMP || fn == AggFn.STDDEV_POP ? Math.sqrt(var) : var);
        }
    }

    static final class StringAgg extends Accumulator {
        StringBuilder[] sb = new StringBuilder[0];

        @Override void resize(int cap) { sb = Arrays.copyOf(sb, cap); }

        @Override void update(int[] gids, Vec a, Vec b, int n) {
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || a.isNull(i)) continue;
                String v = a.type.physical() == PhysicalType.STRING ? a.s[a.off + i] : String.valueOf(a.get(i));
                if (sb[g] == null) sb[g] = new StringBuilder(v);
                else {
                    String sep = b == null ? "," : b.isNull(i) ? "" : b.s[b.off + i];
                    sb[g].append(sep).append(v);
                }
            }
        }

        @Override void result(int g, ColumnStore out) { out.appendValue(sb[g] == null ? null : sb[g].toString()); }
    }

    static final class Bool extends Accumulator {
        final boolean and;
        long[] v = new long[0];
        boolean[] seen = new boolean[0];

        Bool(boolean and) { this.and = and; }

        @Override void resize(int cap) {
            v = Arrays.copyOf(v, cap);
            seen = Arrays.copyOf(seen, cap);
        }

        @Override void update(int[] gids, Vec a, Vec b, int n) {
            for (int i = 0; i < n; i++) {
                int g = gids[i];
                if (g < 0 || a.isNull(i)) continue;
                long x = a.l[a.off + i] != 0 ? 1 : 0;
                if (!seen[g]) { v[g] = x; seen[g] = true; }
                else v[g] = and ? v[g] & x : v[g] | x;
            }
        }

        @Override void result(int g, ColumnStore out) {
            if (seen[g]) out.appendLong(v[g]);
            else out.appendNull();
        }
    }
}
