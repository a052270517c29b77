package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import dev.nabla.storage.Int128;
import dev.nabla.storage.PhysicalType;
import java.math.BigDecimal;
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
            if (Wide.isWide(type) || Wide.isWide(from)) {
                castWide(ev, a, o, n);
                return;
            }
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
                        case ARRAY, LIST, INT128 -> throw notCastable(from, to);
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
                case ARRAY, LIST, INT128 -> throw notCastable(from, type);
            }
        }

        /**
         * A cast to or from a 128-bit DECIMAL: widening a DECIMAL or integer to a scale at least its own
         * is allocation-free; narrowing, rescaling down, text and DOUBLE go through BigDecimal per row.
         */
        private void castWide(Evaluator ev, Vec a, Vec o, int n) {
            boolean[] nl = o.nulls;
            int fromScale = from instanceof DecimalType f ? f.scale() : 0;
            for (int i = 0; i < n; i++) {
                boolean skip = skip(ev, mask, nl, i);
                if (type instanceof DecimalType to) {
                    if (skip) {
                        if (to.isWide()) o.set128(i, 0, 0);
                        else o.l[i] = 0;
                        continue;
                    }
                    if (to.isWide()
                            && from.physical() != PhysicalType.DOUBLE
                            && from.physical() != PhysicalType.STRING
                            && to.scale() >= fromScale) {
                        Wide.widen(a, i, fromScale, to, o);
                        continue;
                    }
                    BigDecimal v = switch (from.physical()) {
                        case LONG, INT128 -> Wide.big(a, i, fromScale);
                        case DOUBLE -> Decimals.fromDouble(a.d[a.off + i], to);
                        case STRING -> Decimals.parse(a.s[a.off + i], to);
                        case ARRAY, LIST -> throw notCastable(from, to);
                    };
                    if (to.isWide()) Wide.store(v, to, o, i);
                    else o.l[i] = Decimals.unscaled(v, to);
                    continue;
                }
                // from a 128-bit DECIMAL to another type
                switch (type.physical()) {
                    case LONG -> {
                        if (skip) {
                            o.l[i] = 0;
                            continue;
                        }
                        long h = Wide.hi(a, i), l = Wide.lo(a, i);
                        if (type == DataType.BOOLEAN) o.l[i] = (h | l) != 0 ? 1 : 0;
                        else {
                            BigDecimal r = Wide.big(a, i, fromScale).setScale(0, RoundingMode.HALF_UP);
                            if (!Decimals.fitsLong(r)
                                    || type == DataType.INTEGER
                                            && r.unscaledValue().bitLength() > 31) {
                                throw new NablaException(ErrorCode.NUMERIC_OVERFLOW, type.sqlName() + " out of range");
                            }
                            o.l[i] = r.longValue();
                        }
                    }
                    case DOUBLE -> o.d[i] = skip ? 0 : Wide.toDouble(Wide.hi(a, i), Wide.lo(a, i), fromScale);
                    case STRING ->
                        o.s[i] = nl != null && nl[i] ? null : Wide.format(Wide.hi(a, i), Wide.lo(a, i), fromScale);
                    case ARRAY, LIST, INT128 -> throw notCastable(from, type);
                }
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
            if (o.w == 2 || x.w == 2 || y.w == 2) {
                evalWide(ev, x, y, o, n);
                return;
            }
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

        /**
         * With a 128-bit operand or result: ADD/SUB rescale both sides up to the result's scale and add
         * with carry; a long × long product whose scale is the result's is one 128-bit multiply; the rest
         * (scale reduction, wide products, DIV, MOD) is exact BigDecimal arithmetic rounded once.
         */
        private void evalWide(Evaluator ev, Vec x, Vec y, Vec o, int n) {
            boolean[] nl = o.nulls;
            DecimalType t = (DecimalType) type;
            long[] tmp = new long[4];
            for (int i = 0; i < n; i++) {
                if (skip(ev, mask, nl, i)) {
                    if (o.w == 2) o.set128(i, 0, 0);
                    else o.l[i] = 0;
                    continue;
                }
                if (o.w == 2 && (fn == Fn.ADD || fn == Fn.SUB) && sx <= t.scale() && sy <= t.scale()) {
                    if (!Int128.multiplyPow10(Wide.hi(x, i), Wide.lo(x, i), t.scale() - sx, tmp, 0)
                            || !Int128.multiplyPow10(Wide.hi(y, i), Wide.lo(y, i), t.scale() - sy, tmp, 2))
                        throw Decimals.overflow(t);
                    boolean ok = fn == Fn.ADD
                            ? Int128.add(tmp[0], tmp[1], tmp[2], tmp[3], o.l, i << 1)
                            : Int128.subtract(tmp[0], tmp[1], tmp[2], tmp[3], o.l, i << 1);
                    if (!ok) throw Decimals.overflow(t);
                    Wide.check(o, i, t);
                    continue;
                }
                if (o.w == 2 && fn == Fn.MUL && x.w == 1 && y.w == 1 && sx + sy == t.scale()) {
                    Int128.multiply(x.l[x.off + i], y.l[y.off + i], o.l, i << 1);
                    Wide.check(o, i, t);
                    continue;
                }
                BigDecimal p = Wide.big(x, i, sx), q = Wide.big(y, i, sy);
                BigDecimal v = switch (fn) {
                    case ADD -> p.add(q);
                    case SUB -> p.subtract(q);
                    case MUL -> p.multiply(q);
                    case DIV -> {
                        if (q.signum() == 0) throw Decimals.divisionByZero();
                        yield p.divide(q, t.scale(), RoundingMode.HALF_UP);
                    }
                    case MOD -> {
                        if (q.signum() == 0) throw Decimals.divisionByZero();
                        yield p.remainder(q);
                    }
                    default -> throw new IllegalStateException(fn.name());
                };
                if (o.w == 2) Wide.store(v, t, o, i);
                else o.l[i] = Decimals.unscaled(v, t);
            }
        }
    }

    /**
     * A comparison of two DECIMALs of different scales without a common type: each side is brought to
     * the larger scale in 128 bits; a side that no longer fits 127 bits there is larger in magnitude
     * than anything the other side can be, so its sign decides. Allocation-free.
     */
    static final class Compare extends Instr {
        final int op, a, b, sa, sb;

        Compare(int out, int op, int a, int b, int sa, int sb) {
            super(out, DataType.BOOLEAN);
            this.op = op;
            this.a = a;
            this.b = b;
            this.sa = sa;
            this.sb = sb;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = ev.slots[b], o = ev.slots[out];
            o.ensure(n);
            o.nullsUnion(x, y, n);
            int s = Math.max(sa, sb);
            long[] tmp = new long[4];
            for (int i = 0; i < n; i++) {
                if (o.nulls != null && o.nulls[i]) {
                    o.l[i] = 0;
                    continue;
                }
                long xh = Wide.hi(x, i), xl = Wide.lo(x, i), yh = Wide.hi(y, i), yl = Wide.lo(y, i);
                boolean xFits = Int128.multiplyPow10(xh, xl, s - sa, tmp, 0);
                boolean yFits = Int128.multiplyPow10(yh, yl, s - sb, tmp, 2);
                int c;
                if (xFits && yFits) c = Int128.compare(tmp[0], tmp[1], tmp[2], tmp[3]);
                else if (!xFits) c = xh < 0 ? -1 : 1;
                else c = yh < 0 ? 1 : -1;
                o.l[i] = switch (op) {
                    case 0 -> c == 0 ? 1 : 0;
                    case 1 -> c != 0 ? 1 : 0;
                    case 2 -> c < 0 ? 1 : 0;
                    case 3 -> c <= 0 ? 1 : 0;
                    case 4 -> c > 0 ? 1 : 0;
                    default -> c >= 0 ? 1 : 0;
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
            if (o.w == 2) {
                // |v| ≤ 10^38 - 1 < 2^127: negating a valid value never overflows
                for (int i = 0; i < n; i++) {
                    long h = a.hi(i), l = a.lo(i);
                    if (abs && h >= 0) o.set128(i, h, l);
                    else Int128.negate(h, l, r, i << 1);
                }
                return;
            }
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
            if (a.w == 2 || o.w == 2) {
                // a 128-bit DECIMAL rounds through BigDecimal (per row; ROUND is not a hot kernel)
                for (int i = 0; i < n; i++) {
                    if (skip(ev, mask, nl, i)) {
                        if (o.w == 2) o.set128(i, 0, 0);
                        else r[i] = 0;
                        continue;
                    }
                    long places = d == null ? 0 : d.l[d.off + i];
                    int keep = (int) Math.max(Math.min(places, scale), -40);
                    BigDecimal v = Wide.big(a, i, scale);
                    BigDecimal rounded = keep >= scale ? v : v.setScale(keep, mode);
                    if (o.w == 2) Wide.store(rounded, t, o, i);
                    else r[i] = Decimals.unscaled(rounded, t);
                }
                return;
            }
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
