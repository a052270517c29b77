package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.Batch;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.DataType;

/** Leaves (columns, constants, parameters, outer references) and casts. */
final class BasicInstrs {
    private BasicInstrs() {}

    /** Aliases input column {@code index} of the batch (no copy). */
    static final class LoadColumn extends Instr {
        final int index;

        LoadColumn(int out, DataType type, int index) {
            super(out, type);
            this.index = index;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            ev.slots[out].load(in.columns[index], n);
        }
    }

    /** A literal: filled once, then left alone (the slot is never written by anything else). */
    static final class Const extends Instr {
        final Object value;

        Const(int out, DataType type, Object value) {
            super(out, type);
            this.value = value;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec o = ev.slots[out];
            Integer filled = (Integer) ev.instrState[index];
            if (filled == null || filled < n) {
                int cap = n;
                o.fill(value, cap);
                ev.instrState[index] = cap;
            }
        }
    }

    /** A value fixed for the whole execution but only known at run time: parameter, outer column, current time. */
    static final class RuntimeConst extends Instr {
        enum Source {
            PARAM,
            OUTER,
            NOW_DATE,
            NOW_TIMESTAMP
        }

        final Source source;
        final int key;

        RuntimeConst(int out, DataType type, Source source, int key) {
            super(out, type);
            this.source = source;
            this.key = key;
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Object v = switch (source) {
                case PARAM -> ev.state.parameter(key, type);
                case OUTER -> {
                    if (!ev.state.outer.containsKey(key)) {
                        throw new NablaException(ErrorCode.INTERNAL, "column #" + key + " is not available here");
                    }
                    yield Casts.castValue(ev.state.outer.get(key), type);
                }
                // the date in the session zone, as PostgreSQL's current_date
                case NOW_DATE ->
                    Math.floorDiv(
                            dev.nabla.storage.Instants.toLocal(ev.state.nowMicros, ev.state.zone), 86_400_000_000L);
                case NOW_TIMESTAMP -> ev.state.nowMicros;
            };
            ev.slots[out].fill(v, n);
        }
    }

    static final class Random extends Instr {
        Random(int out) {
            super(out, DataType.DOUBLE);
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec o = ev.slots[out];
            o.ensure(n);
            o.nulls = null;
            for (int i = 0; i < n; i++) o.d[i] = ev.state.nextRandom();
        }
    }

    /** CAST between any two types. */
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
            boolean[] an = a.nulls;
            if (type == DataType.NULL || from == DataType.NULL) {
                o.fill(null, n);
                return;
            }
            o.nullsFrom(a, n);
            int ao = a.off;
            switch (type.physical()) {
                case LONG -> {
                    long[] r = o.l;
                    switch (from.physical()) {
                        case LONG -> {
                            if (type == DataType.BOOLEAN && from != DataType.BOOLEAN) {
                                for (int i = 0; i < n; i++) r[i] = a.l[ao + i] != 0 ? 1 : 0;
                            } else if (type == DataType.DATE && from == DataType.TIMESTAMP) {
                                for (int i = 0; i < n; i++) r[i] = Math.floorDiv(a.l[ao + i], 86_400_000_000L);
                            } else if (type == DataType.TIMESTAMP && from == DataType.DATE) {
                                for (int i = 0; i < n; i++) r[i] = a.l[ao + i] * 86_400_000_000L;
                            } else if (type == DataType.TIME && from == DataType.TIMESTAMP) {
                                for (int i = 0; i < n; i++) r[i] = Math.floorMod(a.l[ao + i], 86_400_000_000L);
                            } else if (Casts.zoneDependent(from, type)) {
                                java.time.ZoneId zone = ev.state.zone;
                                for (int i = 0; i < n; i++) {
                                    if ((an != null && an[i]) || !active(ev, mask, i)) {
                                        r[i] = 0;
                                        continue;
                                    }
                                    r[i] = ((Number) Casts.castValue(a.l[ao + i], from, type, zone)).longValue();
                                }
                            } else {
                                System.arraycopy(a.l, ao, r, 0, n);
                            }
                        }
                        case DOUBLE -> {
                            double[] x = a.d;
                            if (type == DataType.BOOLEAN) {
                                for (int i = 0; i < n; i++) r[i] = x[ao + i] != 0 ? 1 : 0;
                            } else {
                                for (int i = 0; i < n; i++) {
                                    double v = x[ao + i];
                                    if ((an != null && an[i]) || !active(ev, mask, i)) {
                                        r[i] = 0;
                                        continue;
                                    }
                                    r[i] = Casts.doubleToLong(v);
                                }
                            }
                        }
                        case STRING -> {
                            for (int i = 0; i < n; i++) {
                                if ((an != null && an[i]) || !active(ev, mask, i)) {
                                    r[i] = 0;
                                    continue;
                                }
                                r[i] = type == DataType.TIMESTAMP_TZ
                                        ? Casts.parseInstant(
                                                from == DataType.BLOB ? Casts.blobToText(a.s[ao + i]) : a.s[ao + i],
                                                ev.state.zone)
                                        : Casts.parseLong(a.s[ao + i], type);
                            }
                        }
                    }
                }
                case DOUBLE -> {
                    double[] r = o.d;
                    switch (from.physical()) {
                        case LONG -> Kernels.longToDouble(a.l, ao, r, n);
                        case DOUBLE -> System.arraycopy(a.d, ao, r, 0, n);
                        case STRING -> {
                            for (int i = 0; i < n; i++) {
                                if ((an != null && an[i]) || !active(ev, mask, i)) {
                                    r[i] = 0;
                                    continue;
                                }
                                r[i] = Casts.parseDouble(a.s[ao + i], type);
                            }
                        }
                    }
                }
                case STRING -> {
                    String[] r = o.s;
                    boolean toBlob = type == DataType.BLOB && from != DataType.BLOB;
                    boolean toText = type != DataType.BLOB && from == DataType.BLOB;
                    for (int i = 0; i < n; i++) {
                        if (an != null && an[i]) {
                            r[i] = null;
                            continue;
                        }
                        if (toText && !active(ev, mask, i)) {
                            r[i] = "";
                            continue;
                        }
                        String s = switch (from.physical()) {
                            case LONG -> Casts.formatLong(a.l[ao + i], from, ev.state.zone);
                            case DOUBLE -> Casts.formatDouble(a.d[ao + i]);
                            case STRING -> a.s[ao + i];
                            case ARRAY -> dev.nabla.storage.ArrayText.format(a.d, (ao + i) * a.w, a.w);
                            case LIST -> a.lv[ao + i].toString();
                            // a DECIMAL's casts are DecimalInstrs.Cast's
                            case INT128 -> throw new IllegalStateException("128-bit DECIMAL in BasicInstrs.Cast");
                        };
                        r[i] = toBlob ? Blobs.fromText(s) : toText ? Casts.blobToText(s) : s;
                    }
                }
            }
        }
    }
}
