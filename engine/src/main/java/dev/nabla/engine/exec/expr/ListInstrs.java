package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.fn.ArrayFunction;
import dev.nabla.storage.ArrayType;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import dev.nabla.storage.ListType;
import dev.nabla.storage.ListValue;

/**
 * Instructions over variable-length lists (one {@link ListValue} a row in {@link
 * Vec#lv}): subscripts, lengths, and casts between lists, text and fixed-size arrays. A cast that can
 * fail (text that is not a list, a list of the wrong length for a {@code DOUBLE[n]}) only looks at the
 * rows the mask keeps, so {@code CASE WHEN len(v) = 3 THEN CAST(v AS DOUBLE[3]) END} is safe.
 */
final class ListInstrs {
    private ListInstrs() {}

    /** v[i] (1-based): NULL for a NULL list, a NULL element, or an index outside 1 … len(v) (DuckDB's). */
    static final class Extract extends Instr {
        final int a, b;

        Extract(int out, DataType element, int a, int b) {
            super(out, element);
            this.a = a;
            this.b = b;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec v = ev.slots[a], idx = ev.slots[b], o = ev.slots[out];
            o.ensure(n);
            boolean[] nl = null;
            for (int i = 0; i < n; i++) {
                ListValue l = v.isNull(i) ? null : v.lv[v.off + i];
                long k = idx.isNull(i) ? 0 : idx.l[idx.off + i];
                if (l == null || k < 1 || k > l.length() || l.isNull((int) k - 1)) {
                    if (nl == null) {
                        nl = o.nullScratch(n);
                        java.util.Arrays.fill(nl, 0, n, false);
                    }
                    nl[i] = true;
                } else {
                    // the slot's array is the element type's physical one (INTEGER/BIGINT in l, text in s)
                    switch (l.kind()) {
                        case DOUBLE -> o.d[i] = l.get((int) k - 1);
                        case LONG -> o.l[i] = l.getLong((int) k - 1);
                        case STRING -> o.s[i] = l.getString((int) k - 1);
                    }
                }
            }
            o.nulls = nl;
        }
    }

    /** len(v) / array_length(v): the element count, NULL elements included (NULL for a NULL list). */
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
            for (int i = 0; i < n; i++) o.l[i] = v.isNull(i) ? 0 : v.lv[v.off + i].length();
        }
    }

    /** CAST to or from a list: from text, DOUBLE[n], another list type or NULL; to text or DOUBLE[n]. */
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
            if (from == DataType.NULL) {
                o.fill(null, n);
                return;
            }
            o.nullsFrom(a, n);
            for (int i = 0; i < n; i++) {
                boolean skip = a.isNull(i) || !active(ev, mask, i);
                // the binder allows exactly these targets (TypeRules.castable): a list, a DOUBLE[n], text
                if (type instanceof ListType) o.lv[i] = skip ? null : toList(a, i);
                else if (type instanceof ArrayType t) {
                    if (!skip) System.arraycopy(a.lv[a.off + i].toFixed(t.size()), 0, o.d, i * t.size(), t.size());
                } else o.s[i] = skip ? null : a.lv[a.off + i].toString();
            }
        }

        private ListValue toList(Vec a, int i) {
            DataType e = ((ListType) type).element();
            if (from instanceof ArrayType)
                return ListValue.of(java.util.Arrays.copyOfRange(a.d, (a.off + i) * a.w, (a.off + i + 1) * a.w))
                        .convert(e);
            if (from instanceof ListType) return a.lv[a.off + i].convert(e);
            return ListValue.parse(a.s[a.off + i], e);
        }
    }

    /**
     * A registry array function over lists: the entry's twin on each row (the lists' lengths differ from row
     * to row, so there is no one batch kernel); NULL where an argument is NULL or the twin says so (a zero
     * vector's cosine). Two lists of different lengths, or a NULL element, are a 22023 error naming them.
     */
    static final class Registered extends Instr {
        final ArrayFunction def;
        final int a, b;

        Registered(int out, DataType type, ArrayFunction def, int a, int b) {
            super(out, type);
            this.def = def;
            this.a = a;
            this.b = b;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = b < 0 ? null : ev.slots[b], o = ev.slots[out];
            o.ensure(n);
            boolean[] nl = o.nullScratch(n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                Object r = null;
                if (!x.isNull(i) && (y == null || !y.isNull(i)) && active(ev, mask, i)) {
                    double[] xa = elements(x.lv[x.off + i]);
                    double[] ya = y == null ? null : elements(y.lv[y.off + i]);
                    if (ya != null && ya.length != xa.length) {
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                def.name() + ": the lists differ in length: " + xa.length + " and " + ya.length);
                    }
                    r = def.twin().apply(xa, ya);
                }
                nl[i] = r == null;
                any |= r == null;
                if (type instanceof ListType) o.lv[i] = r == null ? null : ListValue.of((double[]) r);
                else o.d[i] = r == null ? 0 : (Double) r;
            }
            o.nulls = any ? nl : null;
        }

        private double[] elements(ListValue l) {
            if (l.hasNulls()) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        def.name() + ": " + l + " has a NULL element (distances and norms need every element)");
            }
            return l.toArray();
        }
    }
}
