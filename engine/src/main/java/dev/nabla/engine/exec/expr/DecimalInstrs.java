package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import java.math.RoundingMode;

/**
 * Instructions over DECIMAL(p, s) vectors (unscaled longs, {@link DecimalType}); the arithmetic is
 * {@link Decimals}'. Rows that are NULL or not needed ({@link Instr#active}) are skipped, so an
 * overflow or a zero divisor in an unselected CASE branch raises nothing.
 */
final class DecimalInstrs {
    private DecimalInstrs() {}

    private static boolean skip(Evaluator ev, int mask, boolean[] nulls, int i) {
        return (nulls != null && nulls[i]) || !Instr.active(ev, mask, i);
    }

    /** A cast where the source or the target (or both) is a DECIMAL. */
    static final class Cast extends Instr {
        final int arg;
        final DataType from;

        Cast(int out, DataType to, int arg, DataType from) {
            super(out, to);
            this.arg = arg;
            this.from = from;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec a = ev.slots[arg], o = ev.slots[out];
            o.ensure(n);
            o.nullsFrom(a, n);
            boolean[] nl = o.nulls;
            int ao = a.off;
            if (type instanceof DecimalType to) {
                long[] r = o.l;
                for (int i = 0; i < n; i++) {
                    if (skip(ev, mask, nl, i)) {
                        r[i] = 0;
                        continue;
                    }
                    // from a DECIMAL: its scale; from an integer or BOOLEAN (the other LONG types): scale 0
                    int fromScale = from instanceof DecimalType f ? f.scale() : 0;
                    r[i] = switch (from.physical()) {
                        case LONG -> Decimals.checked(Decimals.rescale(a.l[ao + i], fromScale, to.scale(), to), to);
                        case DOUBLE -> Decimals.unscaled(Decimals.fromDouble(a.d[ao + i], to), to);
                        case STRING -> Decimals.unscaled(Decimals.parse(a.s[ao + i], to), to);
                        case ARRAY, LIST -> throw notCastable(from, to);
                    };
                }
                return;
            }
            int s = ((DecimalType) from).scale();
            long[] x = a.l;
            switch (type.physical()) {
                case LONG -> {
                    long[] r = o.l;
                    boolean bool = type == DataType.BOOLEAN;
                    for (int i = 0; i < n; i++) {
                        long u = x[ao + i];
                        r[i] = bool ? (u != 0 ? 1 : 0) : Decimals.toLong(u, s);
                    }
                }
                case DOUBLE -> {
                    double[] r = o.d;
                    for (int i = 0; i < n; i++) r[i] = Decimals.toDouble(x[ao + i], s);
                }
                case STRING -> {
                    String[] r = o.s;
                    for (int i = 0; i < n; i++) r[i] = nl != null && nl[i] ? null : Decimals.format(x[ao + i], s);
                }
                case ARRAY, LIST -> throw notCastable(from, type);
            }
        }
    }

    static NablaException notCastable(DataType from, DataType to) {
        return new NablaException(ErrorCode.TYPE_MISMATCH, "cannot cast " + from.sqlName() + " to " + to.sqlName());
    }

    /** ADD, SUB, MUL, DIV, MOD of two DECIMALs (integers arrive cast to DECIMAL(p, 0)) into {@link #type}. */
    static final class Arith extends BinaryFnInstr {
        final int sx, sy;

        Arith(int out, DecimalType type, Fn fn, int a, int b, int sx, int sy) {
            super(out, type, fn, a, b);
            this.sx = sx;
            this.sy = sy;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = ev.slots[b], o = output(ev, n);
            long[] xa = x.l, ya = y.l, r = o.l;
            int xo = x.off, yo = y.off;
            boolean[] nl = o.nulls;
            DecimalType t = (DecimalType) type;
            for (int i = 0; i < n; i++) {
                if (skip(ev, mask, nl, i)) {
                    r[i] = 0;
                    continue;
                }
                long p = xa[xo + i], q = ya[yo + i];
                r[i] = switch (fn) {
                    case ADD -> Decimals.add(p, sx, q, sy, false, t);
                    case SUB -> Decimals.add(p, sx, q, sy, true, t);
                    case MUL -> Decimals.multiply(p, sx, q, sy, t);
                    case DIV -> Decimals.divide(p, sx, q, sy, t);
                    case MOD -> Decimals.mod(p, sx, q, sy, t);
                    default -> throw new IllegalStateException(fn.name());
                };
            }
        }
    }

    /** NEG and ABS of a DECIMAL (the type is the argument's: negating never adds a digit). */
    static final class Unary extends Instr {
        final int arg;
        final boolean abs;

        Unary(int out, DataType type, int arg, boolean abs) {
            super(out, type);
            this.arg = arg;
            this.abs = abs;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec a = ev.slots[arg], o = ev.slots[out];
            o.ensure(n);
            o.nullsFrom(a, n);
            long[] x = a.l, r = o.l;
            int ao = a.off;
            for (int i = 0; i < n; i++) {
                long v = x[ao + i];
                r[i] = abs && v >= 0 ? v : -v;
            }
        }
    }

    /**
     * ROUND(x[, d]), TRUNC(x[, d]), FLOOR(x), CEIL(x) of a DECIMAL: rounded at d decimals (0 without
     * d) in {@code mode} and stored at the result type's scale.
     */
    static final class Round extends Instr {
        final int arg, digits, scale;
        final RoundingMode mode;
        final DecimalType argType;

        Round(int out, DecimalType type, int arg, DecimalType argType, int digits, RoundingMode mode) {
            super(out, type);
            this.arg = arg;
            this.argType = argType;
            this.digits = digits;
            this.scale = argType.scale();
            this.mode = mode;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec a = ev.slots[arg], o = ev.slots[out];
            o.ensure(n);
            Vec d = digits < 0 ? null : ev.slots[digits];
            if (d == null) o.nullsFrom(a, n);
            else o.nullsUnion(a, d, n);
            boolean[] nl = o.nulls;
            long[] x = a.l, r = o.l;
            int ao = a.off;
            DecimalType t = (DecimalType) type;
            for (int i = 0; i < n; i++) {
                if (skip(ev, mask, nl, i)) {
                    r[i] = 0;
                    continue;
                }
                long places = d == null ? 0 : d.l[d.off + i];
                long rounded = Decimals.round(x[ao + i], scale, places, mode, argType);
                // the result's scale may be smaller than the argument's (ROUND(x) has scale 0)
                r[i] = Decimals.checked(Decimals.rescale(rounded, scale, t.scale(), t), t);
            }
        }
    }
}
