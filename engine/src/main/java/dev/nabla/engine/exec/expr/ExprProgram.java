package dev.nabla.engine.exec.expr;

import dev.nabla.engine.exec.ExecState;
import dev.nabla.storage.DataType;

/**
 * A list of expressions compiled once into instructions over batch slots. Common subexpressions of
 * all roots are shared (computed once per batch). Immutable; {@link #newEvaluator} gives the mutable
 * per-execution instance.
 */
public final class ExprProgram {
    final Instr[] instrs;
    final int[] roots;
    final DataType[] slotTypes;
    /** Per root: the input column index when the root is a plain column reference, else -1. */
    final int[] loadedColumn;

    ExprProgram(Instr[] instrs, int[] roots, DataType[] slotTypes, int[] loadedColumn) {
        this.instrs = instrs;
        this.roots = roots;
        this.slotTypes = slotTypes;
        this.loadedColumn = loadedColumn;
    }

    public Evaluator newEvaluator(ExecState state) {
        return new Evaluator(this, state);
    }

    public int rootCount() {
        return roots.length;
    }

    public DataType rootType(int i) {
        return slotTypes[roots[i]];
    }

    /** The input column index when root i is a plain column reference, else -1. */
    public int loadedColumn(int i) {
        return loadedColumn[i];
    }

    /** Number of instructions (tests use it to check common-subexpression sharing). */
    public int instructionCount() {
        return instrs.length;
    }
}
