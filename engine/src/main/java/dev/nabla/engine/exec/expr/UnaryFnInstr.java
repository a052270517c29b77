package dev.nabla.engine.exec.expr;

import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.DataType;

/** An instruction computing {@link #fn} of argument slot {@link #a}: NULL where the argument is NULL. */
abstract class UnaryFnInstr extends Instr {
    final Fn fn;
    final int a;

    UnaryFnInstr(int out, DataType type, Fn fn, int a) {
        super(out, type);
        this.fn = fn;
        this.a = a;
    }

    /** The output slot, sized for {@code n} rows and carrying the argument's NULLs. */
    final Vec output(Evaluator ev, int n) {
        Vec o = ev.slots[out];
        o.ensure(n);
        o.nullsFrom(ev.slots[a], n);
        return o;
    }
}
