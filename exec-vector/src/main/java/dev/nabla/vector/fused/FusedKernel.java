package dev.nabla.vector.fused;

/**
 * A compiled fused expression list (see {@link FusedCompiler}). Column {@code c} of row {@code i} is
 * {@code cols[c][offs[c] + i]}; {@code scalars} holds the values of the DAG's {@link FusedExpr.Scalar}s.
 * Implementations are stateless and thread-safe.
 */
public abstract class FusedKernel {
    protected FusedKernel() {}

    /**
     * {@code sums[k] = Σ_{i<n} output_k(row i)} (overwritten, not accumulated). The summation order
     * depends only on {@code n}, so equal inputs give bit-identical sums.
     */
    public abstract void sum(double[][] cols, int[] offs, double[] scalars, int n, double[] sums);

    /** {@code outs[k][i] = output_k(row i)} for {@code i < n}. */
    public abstract void eval(double[][] cols, int[] offs, double[] scalars, int n, double[][] outs);
}
