package dev.nabla.engine.exec.expr;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;

/** Per-execution instance of an {@link ExprProgram}: its slot vectors are reused from batch to batch. */
public final class Evaluator {
    final ExprProgram program;
    public final Vec[] slots;
    public final ExecState state;
    final Object[] instrState;

    Evaluator(ExprProgram program, ExecState state) {
        this.program = program;
        this.state = state;
        this.slots = new Vec[program.slotTypes.length];
        for (int i = 0; i < slots.length; i++) slots[i] = new Vec(program.slotTypes[i]);
        this.instrState = new Object[program.instrs.length];
    }

    /** Evaluates every expression of the program over the dense batch {@code in}. */
    public void eval(Batch in) {
        int n = in.count;
        Instr[] instrs = program.instrs;
        for (Instr instr : instrs) instr.eval(this, in, n);
    }

    /** The result of root expression {@code i} (valid until the next {@link #eval}). */
    public Vec result(int i) {
        return slots[program.roots[i]];
    }

    /** Root {@code i} as a batch column: the input column itself when the expression is a plain column reference. */
    public ColumnVector column(int i, Batch in) {
        int loaded = program.loadedColumn[i];
        if (loaded >= 0) return in.columns[loaded];
        return result(i).toColumnVector(in.count);
    }

    /** Rows where root {@code i} (a BOOLEAN) is TRUE, written to {@code sel}; returns their count. */
    public int selectTrue(int i, int n, int[] sel) {
        Vec v = result(i);
        long[] a = v.l;
        int o = v.off, k = 0;
        boolean[] nl = v.nulls;
        if (nl == null) {
            for (int r = 0; r < n; r++) {
                sel[k] = r;
                k += a[o + r] != 0 ? 1 : 0;
            }
        } else {
            for (int r = 0; r < n; r++) {
                sel[k] = r;
                k += (a[o + r] != 0 && !nl[r]) ? 1 : 0;
            }
        }
        return k;
    }
}
