package dev.nabla.engine.exec.expr;

import dev.nabla.storage.Batch;
import dev.nabla.storage.DataType;

/**
 * One node of a compiled expression program: processes a whole batch in a tight loop over primitive
 * arrays, writing slot {@link #out}. {@link #mask} (a BOOLEAN slot, or -1) marks the rows whose value is
 * actually needed — the others belong to unselected CASE branches, so errors there must not fire.
 */
public abstract class Instr {
    final int out;
    final DataType type;
    int mask = -1;
    /** Position in the program (index into the evaluator's per-instruction state). */
    int index;

    Instr(int out, DataType type) {
        this.out = out;
        this.type = type;
    }

    abstract void eval(Evaluator ev, Batch in, int n);

    /** Whether row i's value is needed: errors are raised only for active, non-null rows. */
    static boolean active(Evaluator ev, int mask, int i) {
        return mask < 0 || ev.slots[mask].l[i] != 0;
    }
}
