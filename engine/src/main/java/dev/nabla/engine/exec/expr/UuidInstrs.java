package dev.nabla.engine.exec.expr;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;
import dev.nabla.storage.Uuids;
import java.util.UUID;

/** Instructions over UUID vectors (two longs per row, {@link Uuids}' layout). */
final class UuidInstrs {
    private UuidInstrs() {}

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * gen_random_uuid(): version-4 UUIDs (122 random bits) from a SecureRandom, as PostgreSQL draws
     * them from a strong source: they are often keys shown to users, and setseed() must not make them
     * predictable. One draw fills the whole batch.
     */
    static final class Random extends Instr {
        Random(int out) {
            super(out, DataType.UUID);
        }

        @Override
        void eval(Evaluator ev, Batch in, int n) {
            Vec o = ev.slots[out];
            o.ensure(n);
            o.nulls = null;
            byte[] b = new byte[16 * n];
            RANDOM.nextBytes(b);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
            for (int i = 0; i < n; i++) {
                // version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8 (RFC 9562)
                long msb = (buf.getLong() & ~0xF000L) | 0x4000L;
                long lsb = (buf.getLong() & 0x3FFFFFFFFFFFFFFFL) | Long.MIN_VALUE;
                o.set128(i, msb ^ Long.MIN_VALUE, lsb);
            }
        }
    }

    /**
     * CAST text → UUID (22P02 for text that is not one) and UUID → text (the canonical lower-case form);
     * the binder allows no other cast to or from a UUID. Rows that are NULL or not needed are skipped.
     */
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
            if (type == DataType.UUID && from == DataType.VARCHAR) {
                for (int i = 0; i < n; i++) {
                    if ((nl != null && nl[i]) || !active(ev, mask, i)) {
                        o.set128(i, 0, 0);
                        continue;
                    }
                    UUID u = Uuids.parse(a.s[ao + i]);
                    o.set128(i, Uuids.high(u), Uuids.low(u));
                }
            } else if (type == DataType.UUID && from == DataType.UUID) {
                for (int i = 0; i < n; i++) o.set128(i, a.hi(i), a.lo(i));
            } else if (type == DataType.VARCHAR && from == DataType.UUID) {
                String[] r = o.s;
                for (int i = 0; i < n; i++) r[i] = nl != null && nl[i] ? null : Uuids.format(a.hi(i), a.lo(i));
            } else {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH, "cannot cast " + from.sqlName() + " to " + type.sqlName());
            }
        }
    }
}
