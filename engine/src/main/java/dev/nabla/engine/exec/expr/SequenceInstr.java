package dev.nabla.engine.exec.expr;

import dev.nabla.engine.exec.SequenceCalls;
import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;

/**
 * nextval, currval and setval, one call per active row (a sequence function has a side effect, so a row a CASE
 * branch skips draws no value). A NULL sequence name or value gives NULL, as in PostgreSQL.
 */
final class SequenceInstr extends Instr {
    private final Fn fn;
    private final int[] args;

    SequenceInstr(int out, Fn fn, int[] args) {
        super(out, DataType.BIGINT);
        this.fn = fn;
        this.args = args;
    }

    @Override
    void eval(Evaluator ev, Batch in, int n) {
        Vec o = ev.slots[out];
        o.ensure(n);
        boolean[] nulls = new boolean[n];
        boolean any = false;
        SequenceCalls calls = ev.state.ctx.sequences();
        Vec name = ev.slots[args[0]];
        for (int i = 0; i < n; i++) {
            boolean skip = !active(ev, mask, i) || name.isNull(i);
            for (int a = 1; a < args.length && !skip; a++) skip = ev.slots[args[a]].isNull(i);
            if (skip) {
                nulls[i] = true;
                any = true;
                continue;
            }
            String sequence = name.s[name.off + i];
            o.l[i] = switch (fn) {
                case CURRVAL -> calls.currval(sequence);
                case SETVAL -> {
                    Vec value = ev.slots[args[1]];
                    boolean called = args.length < 3 || ev.slots[args[2]].l[ev.slots[args[2]].off + i] != 0;
                    yield calls.setval(sequence, value.l[value.off + i], called);
                }
                default -> calls.nextval(sequence);
            };
        }
        o.nulls = any ? nulls : null;
    }
}
