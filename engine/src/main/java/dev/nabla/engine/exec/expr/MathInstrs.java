package dev.nabla.engine.exec.expr;

import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;

/**
 * Math functions with Java {@link Math} semantics, except that arguments outside a function's domain
 * (sqrt/ln/log of negatives, ln/log of 0, asin of 2, ...) give NULL, like SQLite.
 */
final class MathInstrs {
    private MathInstrs() {}

    static final class DoubleUnary extends UnaryFnInstr {
        DoubleUnary(int out, DataType type, Fn fn, int a) { super(out, type, fn, a); }

        @Override void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], o = output(ev, n);
            double[] v = x.d, r = o.d;
            int xo = x.off;
            var op = Kernels.unaryOp(fn);
            if (op != null) {
                Kernels.unary(op, v, xo, r, n);
                // logarithms of non-positive arguments are outside the domain (NULL), not -Infinity
                switch (fn) {
                    case LN, LOG10, LOG2 -> { for (int i = 0; i < n; i++) if (v[xo + i] <= 0) r[i] = Double.NaN; }
                    case LOG1P -> { for (int i = 0; i < n; i++) if (v[xo + i] <= -1) r[i] = Double.NaN; }
                    default -> { }
                }
            } else switch (fn) {
                case ROUND -> { for (int i = 0; i < n; i++) r[i] = roundHalfAway(v[xo + i]); }
                case TRUNC -> { for (int i = 0; i < n; i++) { double d = v[xo + i]; r[i] = d < 0 ? Math.ceil(d) : Math.floor(d); } }
                case ASINH -> { for (int i = 0; i < n; i++) { double d = v[xo + i]; r[i] = Math.copySign(Math.log(Math.abs(d) + Math.sqrt(d * d + 1)), d); } }
                case ACOSH -> { for (int i = 0; i < n; i++) { double d = v[xo + i]; r[i] = d >= 1 ? Math.log(d + Math.sqrt(d * d - 1)) : Double.NaN; } }
                case ATANH -> { for (int i = 0; i < n; i++) { double d = v[xo + i]; r[i] = Math.abs(d) < 1 ? 0.5 * Math.log1p(2 * d / (1 - d)) : Double.NaN; } }
                default -> throw new IllegalStateException(fn.name());
            }
            nullOnDomainError(v, xo, o, n);
        }
    }

    /** NaN produced from a non-NaN argument marks a domain error: the result is NULL. */
    static void nullOnDomainError(double[] v, int xo, Vec o, int n) {
        boolean[] nl = null;
        double[] r = o.d;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(r[i]) && !Double.isNaN(v[xo + i])) {
                if (nl == null) nl = ArithInstrs.ensureNulls(o, n);
                nl[i] = true;
            }
        }
    }

    static double roundHalfAway(double d) {
        if (!Double.isFinite(d) || Math.abs(d) >= 4.5e15) return d;
        return Math.copySign(Math.floor(Math.abs(d) + 0.5), d);
    }

    static final class LongUnary extends UnaryFnInstr {
        LongUnary(int out, DataType type, Fn fn, int a) { super(out, type, fn, a); }

        @Override void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], o = output(ev, n);
            long[] v = x.l, r = o.l;
            int xo = x.off;
            switch (fn) {
                case ABS -> {
                    for (int i = 0; i < n; i++) {
                        long q = v[xo + i];
                        if (q == Long.MIN_VALUE && !o.isNull(i) && active(ev, mask, i)) throw ArithInstrs.overflow();
                        r[i] = Math.abs(q);
                    }
                }
                case SIGN -> { for (int i = 0; i < n; i++) r[i] = Long.signum(v[xo + i]); }
                case RELU -> { for (int i = 0; i < n; i++) r[i] = Math.max(v[xo + i], 0); }
                default -> System.arraycopy(v, xo, r, 0, n);   // floor/ceil/round/trunc of an integer
            }
        }
    }

    /** power, atan2, log(b, x), round(x, digits) over doubles. */
    static final class DoubleBinaryFn extends BinaryFnInstr {
        DoubleBinaryFn(int out, DataType type, Fn fn, int a, int b) { super(out, type, fn, a, b); }

        @Override void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = ev.slots[b], o = output(ev, n);
            double[] p = x.d, q = y.d, r = o.d;
            int xo = x.off, yo = y.off;
            switch (fn) {
                case POWER -> Kernels.powDouble(p, xo, q, yo, r, n);
                case ATAN2 -> Kernels.atan2Double(p, xo, q, yo, r, n);
                case LOG -> {
                    for (int i = 0; i < n; i++) {
                        double base = p[xo + i], v = q[yo + i];
                        r[i] = base > 0 && base != 1 && v > 0 ? Math.log(v) / Math.log(base) : Double.NaN;
                    }
                }
                case ROUND -> {
                    for (int i = 0; i < n; i++) {
                        double v = p[xo + i];
                        double digits = q[yo + i];
                        double scale = Math.pow(10, digits);
                        double scaled = v * scale;
                        r[i] = Double.isFinite(scaled) ? roundHalfAway(scaled) / scale : v;
                    }
                }
                default -> throw new IllegalStateException(fn.name());
            }
            boolean[] nl = null;
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(r[i]) && !Double.isNaN(p[xo + i]) && !Double.isNaN(q[yo + i])) {
                    if (nl == null) nl = ArithInstrs.ensureNulls(o, n);
                    nl[i] = true;
                }
            }
        }
    }

    /** GREATEST / LEAST: NULL when any argument is NULL (SQLite's multi-argument max/min). */
    static final class Extreme extends Instr {
        final boolean greatest;
        final int[] args;

        Extreme(int out, DataType type, boolean greatest, int[] args) {
            super(out, type);
            this.greatest = greatest;
            this.args = args;
        }

        @Override void eval(Evaluator ev, Batch in, int n) {
            Vec o = ev.slots[out];
            o.ensure(n);
            Vec first = ev.slots[args[0]];
            o.nullsFrom(first, n);
            for (int i = 0; i < n; i++) LogicInstrs.copy(first, i, o, i);
            for (int k = 1; k < args.length; k++) {
                Vec x = ev.slots[args[k]];
                if (x.nulls != null) {
                    boolean[] nl = ArithInstrs.ensureNulls(o, n);
                    for (int i = 0; i < n; i++) nl[i] |= x.nulls[i];
                }
                int xo = x.off;
                switch (type.physical()) {
                    case LONG -> { for (int i = 0; i < n; i++) { long v = x.l[xo + i]; if (greatest ? v > o.l[i] : v < o.l[i]) o.l[i] = v; } }
                    case DOUBLE -> { for (int i = 0; i < n; i++) { double v = x.d[xo + i]; if (greatest ? v > o.d[i] : v < o.d[i]) o.d[i] = v; } }
                    case STRING -> {
                        for (int i = 0; i < n; i++) {
                            String v = x.s[xo + i];
                            if (v == null || o.s[i] == null) continue;
                            int c = v.compareTo(o.s[i]);
                            if (greatest ? c > 0 : c < 0) o.s[i] = v;
                        }
                    }
                }
            }
        }
    }
}
