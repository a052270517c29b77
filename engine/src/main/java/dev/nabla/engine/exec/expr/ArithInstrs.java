package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;

/**
 * Arithmetic, bit operations and comparisons. Integer + - * are exact (overflow is an error on rows
 * that matter); division and modulo by zero give NULL (SQLite/DuckDB behaviour), also for doubles.
 */
final class ArithInstrs {
    private ArithInstrs() {}

    static NablaException overflow() {
        return new NablaException(ErrorCode.NUMERIC_OVERFLOW, "integer overflow");
    }

    static final class LongBinary extends BinaryFnInstr {
        LongBinary(int out, DataType type, Fn fn, int a, int b) {
            super(out, type, fn, a, b);
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = ev.slots[b], o = output(ev, n);
            long[] xa = x.l, ya = y.l, r = o.l;
            int xo = x.off, yo = y.off;
            switch (fn) {
                case ADD -> {
                    if (Kernels.addLong(xa, xo, ya, yo, r, n)) check(ev, o, 0, xa, xo, ya, yo, n);
                }
                case SUB -> {
                    if (Kernels.subLong(xa, xo, ya, yo, r, n)) check(ev, o, 1, xa, xo, ya, yo, n);
                }
                case MUL -> {
                    if (Kernels.mulLong(xa, xo, ya, yo, r, n)) check(ev, o, 2, xa, xo, ya, yo, n);
                }
                case DIV, MOD -> {
                    boolean[] nl = null;
                    boolean div = fn == Fn.DIV;
                    for (int i = 0; i < n; i++) {
                        long p = xa[xo + i], q = ya[yo + i];
                        if (q == 0) {
                            if (nl == null) nl = ensureNulls(o, n);
                            nl[i] = true;
                            r[i] = 0;
                        } else if (q == -1) {
                            if (div && p == Long.MIN_VALUE && !o.isNull(i) && active(ev, mask, i)) throw overflow();
                            r[i] = div ? -p : 0;
                        } else {
                            r[i] = div ? p / q : p % q;
                        }
                    }
                }
                case BIT_AND -> {
                    for (int i = 0; i < n; i++) r[i] = xa[xo + i] & ya[yo + i];
                }
                case BIT_OR -> {
                    for (int i = 0; i < n; i++) r[i] = xa[xo + i] | ya[yo + i];
                }
                case SHIFT_LEFT -> {
                    for (int i = 0; i < n; i++) {
                        long s = ya[yo + i];
                        r[i] = s >= 64 || s <= -64 ? 0 : s >= 0 ? xa[xo + i] << s : xa[xo + i] >> -s;
                    }
                }
                case SHIFT_RIGHT -> {
                    for (int i = 0; i < n; i++) {
                        long s = ya[yo + i];
                        long v = xa[xo + i];
                        r[i] = s >= 64 ? (v < 0 ? -1 : 0) : s <= -64 ? 0 : s >= 0 ? v >> s : v << -s;
                    }
                }
                default -> throw new IllegalStateException(fn.name());
            }
        }

        private void check(Evaluator ev, Vec o, int op, long[] xa, int xo, long[] ya, int yo, int n) {
            for (int i = 0; i < n; i++) {
                if (!o.isNull(i) && active(ev, mask, i) && Kernels.overflowed(op, xa[xo + i], ya[yo + i]))
                    throw overflow();
            }
        }
    }

    /** Makes o.nulls a private, writable buffer holding its current flags. */
    static boolean[] ensureNulls(Vec o, int n) {
        boolean[] buf = o.nullScratch(n);
        if (o.nulls == null) java.util.Arrays.fill(buf, 0, n, false);
        else if (o.nulls != buf) System.arraycopy(o.nulls, 0, buf, 0, n);
        o.nulls = buf;
        return buf;
    }

    static final class DoubleBinary extends BinaryFnInstr {
        DoubleBinary(int out, DataType type, Fn fn, int a, int b) {
            super(out, type, fn, a, b);
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = ev.slots[b], o = output(ev, n);
            double[] xa = x.d, ya = y.d, r = o.d;
            int xo = x.off, yo = y.off;
            switch (fn) {
                case ADD -> Kernels.addDouble(xa, xo, ya, yo, r, n);
                case SUB -> Kernels.subDouble(xa, xo, ya, yo, r, n);
                case MUL -> Kernels.mulDouble(xa, xo, ya, yo, r, n);
                case DIV, MOD -> {
                    if (fn == Fn.DIV) Kernels.divDouble(xa, xo, ya, yo, r, n);
                    else for (int i = 0; i < n; i++) r[i] = xa[xo + i] % ya[yo + i];
                    boolean[] nl = null;
                    for (int i = 0; i < n; i++) {
                        if (ya[yo + i] == 0) {
                            if (nl == null) nl = ensureNulls(o, n);
                            nl[i] = true;
                        }
                    }
                }
                default -> throw new IllegalStateException(fn.name());
            }
        }
    }

    static final class Neg extends Instr {
        final int a;
        final boolean bitNot;

        Neg(int out, DataType type, int a, boolean bitNot) {
            super(out, type);
            this.a = a;
            this.bitNot = bitNot;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], o = ev.slots[out];
            o.ensure(n);
            o.nullsFrom(x, n);
            int xo = x.off;
            if (type.physical() == dev.nabla.storage.PhysicalType.DOUBLE) {
                for (int i = 0; i < n; i++) o.d[i] = -x.d[xo + i];
            } else if (bitNot) {
                for (int i = 0; i < n; i++) o.l[i] = ~x.l[xo + i];
            } else {
                boolean ovf = false;
                for (int i = 0; i < n; i++) {
                    long v = x.l[xo + i];
                    ovf |= v == Long.MIN_VALUE;
                    o.l[i] = -v;
                }
                if (ovf)
                    for (int i = 0; i < n; i++)
                        if (x.l[xo + i] == Long.MIN_VALUE && !o.isNull(i) && active(ev, mask, i)) throw overflow();
            }
        }
    }

    /** = <> < <= > >= with NULL propagation; operands already share a physical type. */
    static final class Compare extends Instr {
        final int op;
        final int a, b;

        Compare(int out, int op, int a, int b) {
            super(out, DataType.BOOLEAN);
            this.op = op;
            this.a = a;
            this.b = b;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = ev.slots[b], o = ev.slots[out];
            o.ensure(n);
            o.nullsUnion(x, y, n);
            switch (x.type.physical()) {
                case LONG -> Kernels.cmpLong(op, x.l, x.off, y.l, y.off, o.l, n);
                case DOUBLE -> Kernels.cmpDouble(op, x.d, x.off, y.d, y.off, o.l, n);
                case STRING -> Kernels.cmpString(op, x.s, x.off, y.s, y.off, o.nulls, o.l, n);
                case INT128 -> Kernels.cmp128(op, x.l, x.off, y.l, y.off, o.l, n);
                case LIST -> {
                    // a list per row: DuckDB's total order (ListValue.compareTo), no kernel
                    for (int i = 0; i < n; i++) {
                        if (x.isNull(i) || y.isNull(i)) continue;
                        int c = x.lv[x.off + i].compareTo(y.lv[y.off + i]);
                        boolean r = switch (op) {
                            case 0 -> c == 0;
                            case 1 -> c != 0;
                            case 2 -> c < 0;
                            case 3 -> c <= 0;
                            case 4 -> c > 0;
                            default -> c >= 0;
                        };
                        o.l[i] = r ? 1 : 0;
                    }
                }
                case ARRAY -> throw dev.nabla.storage.ArrayType.notComparable(x.type);
            }
        }
    }

    /** IS [NOT] DISTINCT FROM: never NULL. */
    static final class Distinct extends Instr {
        final boolean distinct;
        final int a, b;

        Distinct(int out, boolean distinct, int a, int b) {
            super(out, DataType.BOOLEAN);
            this.distinct = distinct;
            this.a = a;
            this.b = b;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = ev.slots[b], o = ev.slots[out];
            o.ensure(n);
            o.nulls = null;
            for (int i = 0; i < n; i++) {
                boolean xn = x.isNull(i), yn = y.isNull(i);
                boolean same;
                if (xn || yn) same = xn == yn;
                else
                    same = switch (x.type.physical()) {
                        case LONG -> x.l[x.off + i] == y.l[y.off + i];
                        case DOUBLE -> x.d[x.off + i] == y.d[y.off + i];
                        case STRING -> x.s[x.off + i].equals(y.s[y.off + i]);
                        case INT128 -> x.hi(i) == y.hi(i) && x.lo(i) == y.lo(i);
                        case LIST -> x.lv[x.off + i].compareTo(y.lv[y.off + i]) == 0;
                        case ARRAY -> throw dev.nabla.storage.ArrayType.notComparable(x.type);
                    };
                o.l[i] = same != distinct ? 1 : 0;
            }
        }
    }
}
