package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A subquery used as a value. Uncorrelated: run once per execution and cached. Correlated: run once
 * per distinct tuple of outer values (memoised), with the outer values bound in {@link ExecState#outer}
 * where the subplan's outer column references read them.
 */
final class SubqueryInstr extends Instr {
    private static final Object NULL_RESULT = new Object();
    final SubqueryExpr.Kind kind;
    final PhysicalNode plan;
    final int[] corrIds;
    final int[] corrSlots;
    final int lhs;
    final DataType setType;

    SubqueryInstr(
            int out,
            DataType type,
            SubqueryExpr.Kind kind,
            PhysicalNode plan,
            int[] corrIds,
            int[] corrSlots,
            int lhs,
            DataType setType) {
        super(out, type);
        this.kind = kind;
        this.plan = plan;
        this.corrIds = corrIds;
        this.corrSlots = corrSlots;
        this.lhs = lhs;
        this.setType = setType;
    }

    @Override
    void eval(Evaluator ev, Batch in, int n) {
        Vec o = ev.slots[out];
        o.ensure(n);
        if (corrIds.length == 0) {
            Object r = ev.state.caches.computeIfAbsent(this, k -> box(run(ev.state)));
            if (kind == SubqueryExpr.Kind.IN) {
                LogicInstrs.InSet.apply(ev.slots[lhs], (ValueSet) r, o, n);
            } else {
                o.fill(r == NULL_RESULT ? null : r, n);
            }
            return;
        }
        @SuppressWarnings("unchecked")
        Map<List<Object>, Object> memo =
                (Map<List<Object>, Object>) ev.state.caches.computeIfAbsent(this, k -> new HashMap<>());
        boolean[] nl = o.nullScratch(n);
        boolean any = false;
        Vec[] corr = new Vec[corrSlots.length];
        for (int k = 0; k < corr.length; k++) corr[k] = ev.slots[corrSlots[k]];
        Vec lhsVec = lhs >= 0 ? ev.slots[lhs] : null;
        Vec one = lhsVec == null ? null : new Vec(lhsVec.type);
        for (int i = 0; i < n; i++) {
            if (!active(ev, mask, i)) {
                nl[i] = true;
                any = true;
                continue;
            }
            Object[] key = new Object[corr.length];
            for (int k = 0; k < corr.length; k++) key[k] = corr[k].get(i);
            List<Object> keyList = Arrays.asList(key);
            Object r = memo.get(keyList);
            if (r == null) {
                r = box(runBound(ev.state, key));
                // the cache lives as long as the statement: so does its reservation
                long bytes = 80 + 8L * key.length + valueBytes(r);
                for (Object k : key) bytes += valueBytes(k);
                ev.state.ctx.memory().reserve("correlated subquery cache", bytes, ev.state.ctx::checkCancelled);
                memo.put(keyList, r);
            }
            boolean isNull;
            if (kind == SubqueryExpr.Kind.IN) {
                one.ensure(1);
                one.nulls = null;
                one.fill(lhsVec.get(i), 1);
                Vec res = new Vec(DataType.BOOLEAN);
                LogicInstrs.InSet.apply(one, (ValueSet) r, res, 1);
                isNull = res.isNull(0);
                o.l[i] = res.l[0];
            } else {
                isNull = r == NULL_RESULT;
                if (!isNull) store(o, i, r);
            }
            nl[i] = isNull;
            any |= isNull;
        }
        o.nulls = any ? nl : null;
    }

    /** A cached value's heap size, roughly: a boxed number, or a string's header, array and Latin-1 characters. */
    private static long valueBytes(Object v) {
        return v instanceof String s ? 40 + s.length() : 24;
    }

    private static Object box(Object r) {
        return r == null ? NULL_RESULT : r;
    }

    private static void store(Vec o, int i, Object v) {
        switch (o.type.physical()) {
            case LONG -> o.l[i] = dev.nabla.storage.DecimalType.storedLong(v);
            case DOUBLE -> o.d[i] = ((Number) v).doubleValue();
            case ARRAY -> System.arraycopy((double[]) v, 0, o.d, i * o.w, o.w);
            case STRING -> o.s[i] = v.toString();
            case LIST -> o.lv[i] = (dev.nabla.storage.ListValue) v;
            case INT128 -> o.setWide(i, v);
        }
    }

    private Object runBound(ExecState st, Object[] key) {
        Object[] saved = new Object[corrIds.length];
        boolean[] had = new boolean[corrIds.length];
        for (int k = 0; k < corrIds.length; k++) {
            had[k] = st.outer.containsKey(corrIds[k]);
            saved[k] = st.outer.put(corrIds[k], key[k]);
        }
        try {
            return run(st);
        } finally {
            for (int k = 0; k < corrIds.length; k++) {
                if (had[k]) st.outer.put(corrIds[k], saved[k]);
                else st.outer.remove(corrIds[k]);
            }
        }
    }

    /** Runs the subplan: the scalar value (null for no row), a Boolean for EXISTS, a ValueSet for IN. */
    private Object run(ExecState st) {
        st.ctx.checkCancelled();
        switch (kind) {
            case EXISTS -> {
                boolean[] found = {false};
                plan.execute(st, b -> {
                    if (b.count > 0) {
                        found[0] = true;
                        return false;
                    }
                    return true;
                });
                return found[0];
            }
            case SCALAR -> {
                Object[] value = {null};
                int[] rows = {0};
                plan.execute(st, b -> {
                    if (b.count == 0) return true;
                    rows[0] += b.count;
                    if (rows[0] > 1)
                        throw new NablaException(ErrorCode.CARDINALITY, "scalar subquery returned more than one row");
                    value[0] = b.columns[0].getObject(b.row(0));
                    return true;
                });
                return Casts.castValue(value[0], type);
            }
            default -> {
                List<Object> values = new ArrayList<>();
                plan.execute(st, b -> {
                    // boxed values, then the set built from them, kept (cached) until the statement ends
                    st.ctx
                            .memory()
                            .reserve(
                                    "IN subquery values",
                                    dev.nabla.engine.exec.store.Batches.bytes(b) + 24L * b.count,
                                    st.ctx::checkCancelled);
                    for (int i = 0; i < b.count; i++)
                        values.add(Casts.castValue(b.columns[0].getObject(b.row(i)), setType));
                    return true;
                });
                return new ValueSet(setType, values);
            }
        }
    }
}
