package dev.nabla.engine.exec.expr;

import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;

/** Three-valued logic, NULL tests, CASE masks and blending, COALESCE/NULLIF, IN over constant sets. */
final class LogicInstrs {
    private LogicInstrs() {}

    /** AND / OR with SQL three-valued logic (FALSE AND NULL = FALSE, TRUE OR NULL = TRUE). */
    static final class AndOr extends Instr {
        final boolean and;
        final int a, b;

        AndOr(int out, boolean and, int a, int b) {
            super(out, DataType.BOOLEAN);
            this.and = and;
            this.a = a;
            this.b = b;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = ev.slots[b], o = ev.slots[out];
            o.ensure(n);
            long[] xa = x.l, ya = y.l, r = o.l;
            int xo = x.off, yo = y.off;
            boolean[] xn = x.nulls, yn = y.nulls;
            if (xn == null && yn == null) {
                o.nulls = null;
                if (and) for (int i = 0; i < n; i++) r[i] = xa[xo + i] & ya[yo + i];
                else for (int i = 0; i < n; i++) r[i] = xa[xo + i] | ya[yo + i];
                return;
            }
            boolean[] nl = o.nullScratch(n);
            boolean any = false;
            long dominant = and ? 0 : 1;
            for (int i = 0; i < n; i++) {
                boolean pn = xn != null && xn[i], qn = yn != null && yn[i];
                long p = xa[xo + i], q = ya[yo + i];
                boolean decided = (!pn && p == dominant) || (!qn && q == dominant);
                if (decided) {
                    r[i] = dominant;
                    nl[i] = false;
                } else if (pn || qn) {
                    r[i] = 0;
                    nl[i] = true;
                    any = true;
                } else {
                    r[i] = 1 - dominant;
                    nl[i] = false;
                }
            }
            o.nulls = any ? nl : null;
        }
    }

    static final class Not extends Instr {
        final int a;

        Not(int out, int a) {
            super(out, DataType.BOOLEAN);
            this.a = a;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], o = ev.slots[out];
            o.ensure(n);
            o.nullsFrom(x, n);
            for (int i = 0; i < n; i++) o.l[i] = x.l[x.off + i] == 0 ? 1 : 0;
        }
    }

    static final class IsNull extends Instr {
        final boolean negate;
        final int a;

        IsNull(int out, boolean negate, int a) {
            super(out, DataType.BOOLEAN);
            this.negate = negate;
            this.a = a;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], o = ev.slots[out];
            o.ensure(n);
            o.nulls = null;
            boolean[] xn = x.nulls;
            long hit = negate ? 0 : 1;
            if (xn == null) java.util.Arrays.fill(o.l, 0, n, 1 - hit);
            else for (int i = 0; i < n; i++) o.l[i] = xn[i] ? hit : 1 - hit;
        }
    }

    /**
     * Row mask for lazy CASE evaluation: {@code parent AND (cond IS TRUE)} or, negated,
     * {@code parent AND NOT (cond IS TRUE)}. Never NULL.
     */
    static final class MaskAnd extends Instr {
        final int parent, cond;
        final boolean negate;

        MaskAnd(int out, int parent, int cond, boolean negate) {
            super(out, DataType.BOOLEAN);
            this.parent = parent;
            this.cond = cond;
            this.negate = negate;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec c = ev.slots[cond], o = ev.slots[out];
            o.ensure(n);
            o.nulls = null;
            long[] p = parent < 0 ? null : ev.slots[parent].l;
            for (int i = 0; i < n; i++) {
                boolean t = c.l[c.off + i] != 0 && !c.isNull(i);
                boolean keep = (p == null || p[i] != 0) && (t != negate);
                o.l[i] = keep ? 1 : 0;
            }
        }
    }

    /** CASE: takes, per row, the result of the first branch whose mask is set, else the ELSE value. */
    static final class CaseBlend extends Instr {
        final int[] masks, results;
        final int otherwise;

        CaseBlend(int out, DataType type, int[] masks, int[] results, int otherwise) {
            super(out, type);
            this.masks = masks;
            this.results = results;
            this.otherwise = otherwise;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec o = ev.slots[out];
            o.ensure(n);
            boolean[] nl = o.nullScratch(n);
            boolean any = false;
            int k = masks.length;
            for (int i = 0; i < n; i++) {
                int src = otherwise;
                for (int j = 0; j < k; j++)
                    if (ev.slots[masks[j]].l[i] != 0) {
                        src = results[j];
                        break;
                    }
                Vec v = ev.slots[src];
                boolean isNull = v.isNull(i);
                nl[i] = isNull;
                any |= isNull;
                copy(v, i, o, i);
            }
            o.nulls = any ? nl : null;
        }
    }

    static void copy(Vec from, int i, Vec to, int j) {
        switch (to.type.physical()) {
            case LONG -> to.l[j] = from.l[from.off + i];
            case DOUBLE -> to.d[j] = from.d[from.off + i];
            case ARRAY -> System.arraycopy(from.d, (from.off + i) * from.w, to.d, j * to.w, to.w);
            case STRING -> to.s[j] = from.s[from.off + i];
            case LIST -> to.lv[j] = from.lv[from.off + i];
            case INT128 -> to.set128(j, from.hi(i), from.lo(i));
        }
    }

    /** COALESCE / IFNULL: the first non-NULL argument. */
    static final class Coalesce extends Instr {
        final int[] args;

        Coalesce(int out, DataType type, int[] args) {
            super(out, type);
            this.args = args;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec o = ev.slots[out];
            o.ensure(n);
            boolean[] nl = o.nullScratch(n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                boolean found = false;
                for (int a : args) {
                    Vec v = ev.slots[a];
                    if (!v.isNull(i)) {
                        copy(v, i, o, i);
                        found = true;
                        break;
                    }
                }
                nl[i] = !found;
                any |= !found;
            }
            o.nulls = any ? nl : null;
        }
    }

    /** NULLIF(a, b): NULL when a = b, else a. */
    static final class NullIf extends Instr {
        final int a, b;

        NullIf(int out, DataType type, int a, int b) {
            super(out, type);
            this.a = a;
            this.b = b;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec x = ev.slots[a], y = ev.slots[b], o = ev.slots[out];
            o.ensure(n);
            boolean[] nl = o.nullScratch(n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                boolean eq = !x.isNull(i)
                        && !y.isNull(i)
                        && switch (x.type.physical()) {
                            case LONG -> x.l[x.off + i] == y.l[y.off + i];
                            case DOUBLE -> x.d[x.off + i] == y.d[y.off + i];
                            case STRING -> x.s[x.off + i].equals(y.s[y.off + i]);
                            case INT128 -> x.hi(i) == y.hi(i) && x.lo(i) == y.lo(i);
                            case ARRAY, LIST -> throw dev.nabla.storage.ArrayType.notComparable(x.type);
                        };
                boolean isNull = eq || x.isNull(i);
                nl[i] = isNull;
                any |= isNull;
                copy(x, i, o, i);
            }
            o.nulls = any ? nl : null;
        }
    }

    /** {@code x IN (set)} with SQL NULL semantics: NULL when there is no match and x or a set member is NULL. */
    static final class InSet extends Instr {
        final int a;
        final ValueSet set;

        InSet(int out, int a, ValueSet set) {
            super(out, DataType.BOOLEAN);
            this.a = a;
            this.set = set;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            apply(ev.slots[a], set, ev.slots[out], n);
        }

        static void apply(Vec x, ValueSet set, Vec o, int n) {
            o.ensure(n);
            boolean[] nl = o.nullScratch(n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                int r = set.isEmpty() ? 0 : x.isNull(i) ? -1 : set.contains(x, i) ? 1 : set.hasNull() ? -1 : 0;
                o.l[i] = r == 1 ? 1 : 0;
                nl[i] = r < 0;
                any |= r < 0;
            }
            o.nulls = any ? nl : null;
        }
    }
}
