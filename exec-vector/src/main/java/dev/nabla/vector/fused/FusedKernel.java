package dev.nabla.vector.fused;

/**
 * A compiled fused expression list (see {@link FusedCompiler}). Column {@code c} of row {@code i} is
 * {@code cols[c][offs[c] + i]}; {@code scalars} holds the values of the DAG's {@link FusedExpr.Scalar}s.
 * Implementations are stateless and thread-safe. {@link #eval} does not sum: aggregates add the outputs
 * with {@code dev.nabla.vector.sum.ExactSum}, and vector kernels ({@link DepositKernel}) deposit them
 * on ExactSum's grid in their own loop, which ExactSum checks and takes; so a sum has the same bits on
 * the fused and the ordinary path.
 */
public abstract class FusedKernel {
    protected FusedKernel() {}

    /** {@code outs[k][i] = output_k(row i)} for {@code i < n}. */
    public abstract void eval(double[][] cols, int[] offs, double[] scalars, int n, double[][] outs);
}
