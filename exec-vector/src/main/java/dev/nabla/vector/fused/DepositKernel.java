package dev.nabla.vector.fused;

/**
 * A vectorized {@link FusedKernel} that can also sum its outputs inside its own loop: each output vector
 * is deposited on a fixed grid as it is computed (binned summation, as {@code ExactSum}'s bulk kernel
 * does over a buffer), so a summing caller needs no output buffer, no second pass and no call per
 * output per chunk. The kernel only computes; whether a chunk's deposit is exact (every value finite and
 * inside the grid's range) is decided afterwards by {@code ExactSum.commitDeposit}, which takes or refuses
 * the chunk's lane sums; a refused chunk is evaluated again with {@link #eval} and added the ordinary way.
 * So the result is the same exact sum on both routes, and scalar-only kernels (the scalar twin) simply
 * do not extend this class.
 */
public abstract class DepositKernel extends FusedKernel {
    protected DepositKernel() {}

    /**
     * L, the lanes of the kernels' vectors ({@code DoubleVector.SPECIES_PREFERRED.length()}); only
     * called where vector kernels exist, so that the incubator module is touched only there.
     */
    public static int lanes() {
        return jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
    }

    /**
     * Deposits the rows [0, bound) of every output, where bound is n rounded down to twice the vector
     * length L ({@code DoubleVector.SPECIES_PREFERRED}: two vectors per iteration, into two accumulator
     * sets), and writes the other rows as {@link #eval} does.
     *
     * <p>For output k: each accumulator lane S starts at {@code grids[k]} (the grid's deposit base M from
     * {@code ExactSum.depositBase}) and adds the lane's values, while a second lane sum adds each
     * addition's rounding error; {@code lanes[2kL .. 2kL+L)} receives the first as S − M (of both sets
     * added), {@code lanes[2kL+L .. 2kL+2L)} the second. {@code range[2k]} receives the largest |x| as bits (NaN and
     * ∞ above every finite value), {@code range[2k+1]} the smallest nonzero |x| as bits minus one,
     * wrapped so that zero is the largest signed long. {@code outs[k][i]} receives output k of row i for
     * bound ≤ i &lt; n.
     */
    public abstract void evalDeposit(
            double[][] cols,
            int[] offs,
            double[] scalars,
            int n,
            double[] grids,
            double[] lanes,
            long[] range,
            double[][] outs);
}
