package dev.nabla.vector;

/**
 * Element-wise functions of two longs. ADD, SUB and MUL detect overflow ({@link Math#addExact}
 * semantics): the kernels still write the wrapped result and report the first overflowing row.
 * MIN and MAX cannot overflow.
 */
public enum LongBinaryOp {
    ADD,
    SUB,
    MUL,
    MIN,
    MAX
}
