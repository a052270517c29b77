package dev.nabla.engine.exec.expr;

import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.fn.ArrayKernel;
import dev.nabla.plan.fn.Domain;
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.fn.ScalarFunction;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;

/**
 * Math functions: each double function runs its registry entry's batch kernel ({@link Functions}) and
 * then the entry's domain rule — arguments outside the domain (sqrt/ln/log of negatives, ln/log of 0,
 * asin of 2, …) give NULL, like SQLite. Integer forms of abs/sign/relu/floor… are here too.
 */
final class MathInstrs {
    private MathInstrs() {}

    /** A registry function of one double: the entry's batch kernel, then its domain (outside: NULL). */
    static final class DoubleUnary extends UnaryFnInstr {
        final ArrayKernel kernel;
        final Domain domain;

        DoubleUnary(int out, DataType type, Fn fn, int a) {
            super(out, type, fn, a);
            ScalarFunction def = Functions.of(fn);
            this.kernel = def.kernel();
            this.domain = def.domain();
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], o = output(ev, n);
            kernel.apply(x.d, x.off, o.d, n);
            if (domain instanceof Domain.Interval d) nullOutside(d, x.d, x.off, o, n);
        }
    }

    /** NULL where the argument is outside the function's domain (NaN arguments are inside). */
    static void nullOutside(Domain.Interval d, double[] v, int xo, Vec o, int n) {
        boolean[] nl = null;
        for (int i = 0; i < n; i++) {
            if (!d.contains(v[xo + i])) {
                if (nl == null) nl = ArithInstrs.ensureNulls(o, n);
                nl[i] = true;
            }
        }
    }

    static final class LongUnary extends UnaryFnInstr {
        LongUnary(int out, DataType type, Fn fn, int a) {
            super(out, type, fn, a);
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
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
                case SIGN -> {
                    for (int i = 0; i < n; i++) r[i] = Long.signum(v[xo + i]);
                }
                case RELU -> {
                    for (int i = 0; i < n; i++) r[i] = Math.max(v[xo + i], 0);
                }
                default -> System.arraycopy(v, xo, r, 0, n); // floor/ceil/round/trunc of an integer
            }
        }
    }

    /** A registry function of two doubles (power, atan2, log(b, x), round(x, digits)): its kernel, then its domain. */
    static final class DoubleBinaryFn extends BinaryFnInstr {
        final ArrayKernel.Binary kernel;
        final Domain domain;

        DoubleBinaryFn(int out, DataType type, Fn fn, int a, int b) {
            super(out, type, fn, a, b);
            ScalarFunction def = Functions.of(fn);
            this.kernel = def.kernel2();
            this.domain = def.domain();
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = ev.slots[b], o = output(ev, n);
            double[] p = x.d, q = y.d;
            int xo = x.off, yo = y.off;
            kernel.apply(p, xo, q, yo, o.d, n);
            if (domain.unrestricted()) return;
            boolean[] nl = null;
            for (int i = 0; i < n; i++) {
                if (!domain.contains2(p[xo + i], q[yo + i])) {
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

        @Override
        void eval(Evaluator ev, Batch in, int n) {
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
                    case LONG -> {
                        for (int i = 0; i < n; i++) {
                            long v = x.l[xo + i];
                            if (greatest ? v > o.l[i] : v < o.l[i]) o.l[i] = v;
                        }
                    }
                    case DOUBLE -> {
                        for (int i = 0; i < n; i++) {
                            double v = x.d[xo + i];
                            if (greatest ? v > o.d[i] : v < o.d[i]) o.d[i] = v;
                        }
                    }
                    case STRING -> {
                        for (int i = 0; i < n; i++) {
                            String v = x.s[xo + i];
                            if (v == null || o.s[i] == null) continue;
                            int c = v.compareTo(o.s[i]);
                            if (greatest ? c > 0 : c < 0) o.s[i] = v;
                        }
                    }
                    case INT128 -> {
                        for (int i = 0; i < n; i++) {
                            long h = x.hi(i), l = x.lo(i);
                            int c = dev.nabla.storage.Int128.compare(h, l, o.hi(i), o.lo(i));
                            if (greatest ? c > 0 : c < 0) o.set128(i, h, l);
                        }
                    }
                    case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(type);
                }
            }
        }
    }
}
