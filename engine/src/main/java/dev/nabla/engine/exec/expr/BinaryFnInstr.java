package dev.nabla.engine.exec.expr;

import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.DataType;

/** An instruction computing {@link #fn} of argument slots {@link #a} and {@link #b}: NULL where either is NULL. */
abstract class BinaryFnInstr extends Instr {
    final Fn fn;
    final int a, b;

    BinaryFnInstr(int out, DataType type, Fn fn, int a, int b) {
        super(out, type);
        this.fn = fn;
        this.a = a;
        this.b = b;
    }

    /** The output slot, sized for {@code n} rows and carrying the union of the arguments' NULLs. */
    final Vec output(Evaluator ev, int n) {
        Vec o = ev.slots[out];
        o.ensure(n);
        o.nullsUnion(ev.slots[a], ev.slots[b], n);
        return o;
    }
}
