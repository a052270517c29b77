package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.fn.ArrayFunction;
import dev.nabla.plan.fn.Functions;
import dev.nabla.storage.ArrayText;
import dev.nabla.storage.ArrayType;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import dev.nabla.vector.ArrayKernels;
import dev.nabla.vector.VectorizationProvider;

/**
 * Instructions over fixed-size arrays ({@code DOUBLE[w]}, row-major in {@link Vec#d}, {@code w}
 * doubles a row): construction, subscripts, casts to and from text, element-wise arithmetic and the
 * distance functions, whose per-row reductions run in the {@link ArrayKernels} (SIMD with a scalar
 * twin). A right operand that is a literal ({@code bConst}) is read at row 0 for every row, so a
 * query vector stays in cache.
 */
final class ArrayInstrs {
    private ArrayInstrs() {}

    static final ArrayKernels KERNELS = VectorizationProvider.arrays();

    /** array_value(e1, …, en): NULL elements are an error (a DOUBLE[n] holds none). */
    static final class Value extends Instr {
        final int[] args;

        Value(int out, DataType type, int[] args) {
            super(out, type);
            this.args = args;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec o = ev.slots[out];
            o.ensure(n);
            o.nulls = null;
            int w = args.length;
            for (int k = 0; k < w; k++) {
                Vec x = ev.slots[args[k]];
                double[] d = x.d;
                int xo = x.off;
                for (int i = 0; i < n; i++) o.d[i * w + k] = d[xo + i];
                if (x.nulls != null) {
                    for (int i = 0; i < n; i++) {
                        if (x.nulls[i] && active(ev, mask, i)) {
                            throw new NablaException(
                                    ErrorCode.INVALID_ARGUMENT,
                                    "array_value: element " + (k + 1)
                                            + " is NULL, and a DOUBLE[n] holds no NULL elements");
                        }
                    }
                }
            }
        }
    }

    /** v[i] (1-based): NULL for a NULL array or index, or an index outside 1..w. */
    static final class Extract extends Instr {
        final int a, b;

        Extract(int out, int a, int b) {
            super(out, DataType.DOUBLE);
            this.a = a;
            this.b = b;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec v = ev.slots[a], idx = ev.slots[b], o = ev.slots[out];
            o.ensure(n);
            int w = v.w;
            boolean[] nl = null;
            for (int i = 0; i < n; i++) {
                long k = idx.l[idx.off + i];
                if (v.isNull(i) || idx.isNull(i) || k < 1 || k > w) {
                    if (nl == null) nl = clearedNulls(o, n);
                    nl[i] = true;
                    o.d[i] = 0;
                } else {
                    o.d[i] = v.d[(v.off + i) * w + (int) k - 1];
                }
            }
            o.nulls = nl;
        }
    }

    /** array_length(v): the size w (NULL for a NULL array). */
    static final class Length extends Instr {
        final int a;

        Length(int out, int a) {
            super(out, DataType.BIGINT);
            this.a = a;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec v = ev.slots[a], o = ev.slots[out];
            o.ensure(n);
            o.nullsFrom(v, n);
            java.util.Arrays.fill(o.l, 0, n, v.w);
        }
    }

    /**
     * A registry array function ({@link Functions#array}): the entry's batch kernel over the SIMD {@link
     * ArrayKernels}, then NULL where an argument is NULL or the kernel says so (a zero vector's cosine).
     */
    static final class Registered extends Instr {
        final ArrayFunction def;
        final int a, b;
        final boolean bConst;
        private double[] scratch = new double[0];
        private boolean[] own = new boolean[0];

        /** {@code b} is -1 for one-array functions; {@code bConst}: {@code b} is a literal, read at its row 0. */
        Registered(int out, DataType type, ArrayFunction def, int a, int b, boolean bConst) {
            super(out, type);
            this.def = def;
            this.a = a;
            this.b = b;
            this.bConst = bConst;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], o = ev.slots[out];
            o.ensure(n);
            Vec y = b < 0 ? null : ev.slots[b];
            if (y == null || bConst) o.nullsFrom(x, n);
            else o.nullsUnion(x, y, n);
            if (scratch.length < n) {
                scratch = new double[Math.max(n, 64)];
                own = new boolean[Math.max(n, 64)];
            }
            boolean any = def.kernel()
                    .apply(
                            KERNELS,
                            x.d,
                            x.off,
                            y == null ? null : y.d,
                            y == null ? 0 : y.off,
                            bConst,
                            x.w,
                            o.d,
                            scratch,
                            own,
                            n);
            if (!any) return;
            boolean[] nl = ArithInstrs.ensureNulls(o, n);
            for (int i = 0; i < n; i++) {
                if (own[i]) {
                    nl[i] = true;
                    own[i] = false;
                }
            }
        }
    }

    /**
     * Element-wise {@code + − *} of two arrays, {@code * /} by a double ({@code scalar}), unary minus
     * ({@code b} = -1). IEEE arithmetic element by element (x/0 is ±Infinity or NaN in an element, as
     * in DuckDB's array arithmetic; there is no per-element NULL).
     */
    static final class Arith extends Instr {
        final Fn fn;
        final int a, b;
        final boolean scalar;

        Arith(int out, DataType type, Fn fn, int a, int b, boolean scalar) {
            super(out, type);
            this.fn = fn;
            this.a = a;
            this.b = b;
            this.scalar = scalar;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], o = ev.slots[out];
            o.ensure(n);
            int w = x.w;
            double[] p = x.d, r = o.d;
            int xo = x.off * w, m = n * w;
            if (b < 0) {
                o.nullsFrom(x, n);
                for (int k = 0; k < m; k++) r[k] = -p[xo + k];
                return;
            }
            Vec y = ev.slots[b];
            o.nullsUnion(x, y, n);
            double[] q = y.d;
            if (scalar) {
                for (int i = 0; i < n; i++) {
                    double s = q[y.off + i];
                    int base = i * w;
                    if (fn == Fn.MUL) for (int k = 0; k < w; k++) r[base + k] = p[xo + base + k] * s;
                    else for (int k = 0; k < w; k++) r[base + k] = p[xo + base + k] / s;
                }
                return;
            }
            int yo = y.off * w;
            switch (fn) {
                case ADD -> {
                    for (int k = 0; k < m; k++) r[k] = p[xo + k] + q[yo + k];
                }
                case SUB -> {
                    for (int k = 0; k < m; k++) r[k] = p[xo + k] - q[yo + k];
                }
                case MUL -> {
                    for (int k = 0; k < m; k++) r[k] = p[xo + k] * q[yo + k];
                }
                default -> throw new IllegalStateException(fn.name());
            }
        }
    }

    /** CAST between text and DOUBLE[n]. */
    static final class CastArray extends Instr {
        final int arg;
        final DataType from;

        CastArray(int out, DataType to, int arg, DataType from) {
            super(out, to);
            this.arg = arg;
            this.from = from;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec a = ev.slots[arg], o = ev.slots[out];
            o.ensure(n);
            if (from == DataType.NULL) {
                o.fill(null, n);
                return;
            }
            o.nullsFrom(a, n);
            if (type instanceof ArrayType t) {
                int w = t.size();
                for (int i = 0; i < n; i++) {
                    if (a.isNull(i) || !active(ev, mask, i)) continue;
                    double[] v = ArrayText.parse(a.s[a.off + i], w);
                    System.arraycopy(v, 0, o.d, i * w, w);
                }
            } else {
                int w = a.w;
                for (int i = 0; i < n; i++) o.s[i] = a.isNull(i) ? null : ArrayText.format(a.d, (a.off + i) * w, w);
            }
        }
    }

    private static boolean[] clearedNulls(Vec o, int n) {
        boolean[] nl = o.nullScratch(n);
        java.util.Arrays.fill(nl, 0, n, false);
        return nl;
    }
}
