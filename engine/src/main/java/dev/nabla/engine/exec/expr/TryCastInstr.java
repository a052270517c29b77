package dev.nabla.engine.exec.expr;

import dev.nabla.common.NablaException;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;

/**
 * {@code TRY_CAST(x AS type)}: the batch runs through the ordinary cast; only when some row fails does the batch
 * run again row by row through the cast's scalar twin ({@link Casts#castValue}), a failing row giving NULL. Data
 * that converts cleanly pays nothing for the TRY.
 */
final class TryCastInstr extends Instr {
    private final Instr cast;
    private final int arg;
    private final DataType from;

    TryCastInstr(int out, DataType to, int arg, DataType from, Instr cast) {
        super(out, to);
        this.arg = arg;
        this.from = from;
        this.cast = cast;
    }

    @Override
    void eval(Evaluator ev, Batch in, int n) {
        cast.mask = mask;
        try {
            cast.eval(ev, in, n);
            return;
        } catch (NablaException e) {
            // some row does not convert: redo the batch row by row
        }
        Vec a = ev.slots[arg], o = ev.slots[out];
        o.ensure(n);
        boolean[] nulls = o.nullScratch(n);
        boolean any = false;
        for (int i = 0; i < n; i++) {
            Object v = a.isNull(i) || !active(ev, mask, i) ? null : convert(a.get(i), ev.state.zone);
            nulls[i] = v == null;
            any |= v == null;
            if (v == null) continue;
            switch (type.physical()) {
                case LONG ->
                    o.l[i] = v instanceof Boolean b ? (b ? 1 : 0) : dev.nabla.storage.DecimalType.storedLong(v);
                case DOUBLE -> o.d[i] = ((Number) v).doubleValue();
                case ARRAY -> System.arraycopy((double[]) v, 0, o.d, i * o.w, o.w);
                case STRING -> o.s[i] = v.toString();
                case LIST -> o.lv[i] = (dev.nabla.storage.ListValue) v;
                case INT128 -> o.setWide(i, v);
            }
        }
        o.nulls = any ? nulls : null;
    }

    private Object convert(Object v, java.time.ZoneId zone) {
        try {
            return Casts.castValue(v, from, type, zone);
        } catch (NablaException | ArithmeticException | IllegalArgumentException e) {
            return null;
        }
    }
}
