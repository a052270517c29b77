package dev.nabla.vector.fused;

import static dev.nabla.vector.fused.FusedExpr.binary;
import static dev.nabla.vector.fused.FusedExpr.input;
import static dev.nabla.vector.fused.FusedExpr.scalar;
import static dev.nabla.vector.fused.FusedExpr.unary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.vector.fused.FusedExpr.BinaryOp;
import dev.nabla.vector.fused.FusedExpr.UnaryOp;
import dev.nabla.vector.sum.ExactSum;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The in-kernel deposit ({@link DepositKernel}) against one exact addition per value: over many chunk
 * sequences (smooth, growing, shrinking, tiny, zero, cancelling, NaN and ∞ values) the deposit route
 * with its refusals and redo leaves every sum in the same exact state as adding the interpreted outputs
 * one by one, and the smooth sequences really take the deposit route.
 */
class DepositKernelTest {
    /** x, the gradient-like (0.5·x + 0.1 − y)·x, and exp(x)·y (another magnitude). */
    static List<FusedExpr> outputs() {
        FusedExpr x = input(0), y = input(1);
        FusedExpr grad = binary(
                BinaryOp.MUL,
                binary(BinaryOp.SUB, binary(BinaryOp.ADD, binary(BinaryOp.MUL, scalar(0), x), scalar(1)), y),
                x);
        return List.of(x, grad, binary(BinaryOp.MUL, unary(UnaryOp.EXP, x), y));
    }

    /** Folds rows [0, n) in chunks as FusedAggregateNode does; returns the number of committed deposits. */
    static int depositRoute(DepositKernel k, double[][] cols, double[] sc, int n, int chunk, ExactSum[] sums) {
        int outs = sums.length, lanes = DepositKernel.lanes(), commits = 0;
        double[] grids = new double[outs], lane = new double[2 * outs * lanes];
        long[] range = new long[2 * outs];
        double[][] out = new double[outs][chunk];
        int[] offs = new int[cols.length];
        for (int start = 0; start < n; start += chunk) {
            int len = Math.min(chunk, n - start), bound = len - len % (2 * lanes), vectors = bound / lanes;
            for (int j = 0; j < offs.length; j++) offs[j] = start;
            for (int o = 0; o < outs; o++) grids[o] = sums[o].depositBase(vectors);
            k.evalDeposit(cols, offs, sc, len, grids, lane, range, out);
            boolean[] failed = new boolean[outs];
            boolean redo = false;
            for (int o = 0; o < outs; o++) {
                failed[o] = !sums[o].commitDeposit(
                        grids[o], lane, 2 * o * lanes, range[2 * o], range[2 * o + 1], vectors, out[o], bound, len);
                if (failed[o]) redo = true;
                else commits++;
            }
            if (!redo) continue;
            k.eval(cols, offs, sc, len, out);
            for (int o = 0; o < outs; o++) {
                if (failed[o] && !sums[o].addAllFinite(out[o], 0, len))
                    for (int i = 0; i < len; i++) sums[o].add(out[o][i]); // NaN/∞ are counted, not added
            }
        }
        return commits;
    }

    static ExactSum[] oneByOne(List<FusedExpr> outs, double[][] cols, double[] sc, int n) {
        FusedInterpreter ref = new FusedInterpreter(outs);
        double[][] out = new double[outs.size()][n];
        ref.eval(cols, new int[cols.length], sc, n, out);
        ExactSum[] sums = new ExactSum[outs.size()];
        for (int o = 0; o < sums.length; o++) {
            sums[o] = new ExactSum();
            for (int i = 0; i < n; i++) sums[o].add(out[o][i]);
        }
        return sums;
    }

    static void check(
            String what, IntToDoubleFunction xs, IntToDoubleFunction ys, int n, int chunk, boolean expectDeposits) {
        List<FusedExpr> outs = outputs();
        DepositKernel k = (DepositKernel) FusedCompiler.generate(outs, true);
        double[][] cols = new double[2][n];
        for (int i = 0; i < n; i++) {
            cols[0][i] = xs.applyAsDouble(i);
            cols[1][i] = ys.applyAsDouble(i);
        }
        double[] sc = {0.5, 0.1};
        ExactSum[] dep = new ExactSum[outs.size()];
        for (int o = 0; o < dep.length; o++) dep[o] = new ExactSum();
        int commits = depositRoute(k, cols, sc, n, chunk, dep);
        ExactSum[] ref = oneByOne(outs, cols, sc, n);
        for (int o = 0; o < dep.length; o++) {
            double a = dep[o].round(), b = ref[o].round();
            assertThat(Double.doubleToRawLongBits(a))
                    .as("%s output %d chunk %d: %s vs %s", what, o, chunk, a, b)
                    .isEqualTo(Double.doubleToRawLongBits(b));
            if (!dep[o].hasSpecial())
                assertThat(dep[o].unscaled()).as("%s output %d", what, o).isEqualTo(ref[o].unscaled());
        }
        if (expectDeposits) assertThat(commits).as(what + ": deposits taken").isGreaterThan(0);
    }

    @Test
    void depositRouteGivesTheExactSumOfEveryValue() {
        if (!FusedCompiler.vectorized()) return; // the scalar twin has no deposit route
        int[] chunks = {2048, 512, 67, 8};
        for (int chunk : chunks) {
            check("smooth", i -> Math.sin(0.001 * i), i -> Math.cos(0.0007 * i), 50_000, chunk, true);
            check("integers", i -> i % 1000, i -> (i * 7) % 13, 30_000, chunk, true);
            // grows past the grid every so often: refused chunks start a new grid
            check(
                    "growing",
                    i -> Math.scalb(1.0 + (i % 17) / 16.0, i / 1000),
                    i -> 1.0 / (1 + i % 5),
                    40_000,
                    chunk,
                    chunk <= 512);
            check("shrinking", i -> Math.scalb(1.0 + (i % 17) / 16.0, -i / 1000), i -> 3.0, 40_000, chunk, true);
            // a tiny value below the grid's second level now and then, exact zeros, signed zeros
            check(
                    "tiny and zero",
                    i -> i % 997 == 0 ? 1e-30 : i % 101 == 0 ? 0.0 : i % 103 == 0 ? -0.0 : Math.sin(i),
                    i -> 1.25,
                    30_000,
                    chunk,
                    true);
            // cancelling huge pairs and half-unit ties of the grid
            check(
                    "cancelling",
                    i -> (i % 2 == 0 ? 1 : -1) * (1e15 + i) + Math.scalb(1.0, -40),
                    i -> 0.5,
                    20_000,
                    chunk,
                    true);
            check("NaN", i -> i == 12_345 ? Double.NaN : Math.cos(i), i -> 2.0, 20_000, chunk, true);
            check("infinity", i -> i == 7_777 ? Double.POSITIVE_INFINITY : Math.cos(i), i -> 2.0, 20_000, chunk, true);
            check("overflowing exp", i -> i % 5000 == 4999 ? 800.0 : Math.cos(i), i -> 2.0, 20_000, chunk, true);
            Random r = new Random(chunk);
            double[] rx = new double[30_000], ry = new double[30_000];
            for (int i = 0; i < rx.length; i++) {
                rx[i] = r.nextGaussian() * Math.scalb(1.0, r.nextInt(40) - 20);
                ry[i] = r.nextDouble() - 0.5;
            }
            check("random magnitudes", i -> rx[i], i -> ry[i], rx.length, chunk, false);
        }
    }

    @Test
    void kernelsThatCallVectorMathGetNoDepositMethod() {
        if (!FusedCompiler.vectorized()) return;
        FusedExpr x = input(0), y = input(1);
        // arithmetic, sqrt and selects only: the deposit route
        assertThat(FusedCompiler.compile(List.of(binary(BinaryOp.MUL, unary(UnaryOp.SQRT, x), y))))
                .isInstanceOf(DepositKernel.class);
        // exp (and pow) call out of line: their kernels evaluate into a buffer
        assertThat(FusedCompiler.compile(List.of(binary(BinaryOp.MUL, unary(UnaryOp.EXP, x), y))))
                .isNotInstanceOf(DepositKernel.class);
        assertThat(FusedCompiler.compile(List.of(binary(BinaryOp.POW, x, y)))).isNotInstanceOf(DepositKernel.class);
    }

    @Test
    void aDepositOutsideTheGridIsRefusedAndChangesNothing() {
        if (!FusedCompiler.vectorized()) return;
        ExactSum s = new ExactSum();
        double[] first = new double[512];
        java.util.Arrays.fill(first, 0.75); // grid g = −1: values below 2^0
        assertThat(s.addAllFinite(first, 0, first.length)).isTrue();
        int lanes = DepositKernel.lanes(), vectors = 4;
        double m = s.depositBase(vectors);
        assertThat(m).isEqualTo(1.5 * Math.scalb(1.0, 12));
        double[] lane = new double[2 * lanes];
        java.util.Arrays.fill(lane, 0, lanes, 4 * 0.75); // S − M of four vectors of 0.75
        long max = Double.doubleToRawLongBits(1.0), min = Double.doubleToRawLongBits(0.75) + Long.MAX_VALUE;
        // 1.0 is not below 2^(g+1) = 1: refused
        assertThat(s.commitDeposit(m, lane, 0, max, min, vectors, new double[0], 0, 0))
                .isFalse();
        // a nonzero value below 2^(g−27): refused
        long tiny = Double.doubleToRawLongBits(1e-12) + Long.MAX_VALUE;
        assertThat(s.commitDeposit(m, lane, 0, Double.doubleToRawLongBits(0.75), tiny, vectors, new double[0], 0, 0))
                .isFalse();
        // a NaN in the scalar tail: refused
        assertThat(s.commitDeposit(
                        m, lane, 0, Double.doubleToRawLongBits(0.75), min, vectors, new double[] {Double.NaN}, 0, 1))
                .isFalse();
        // in range: taken (round() would settle the lanes and drop the grid, so it comes last: the
        // refused deposits above added nothing)
        assertThat(s.commitDeposit(
                        m, lane, 0, Double.doubleToRawLongBits(0.75), min, vectors, new double[] {0.5}, 0, 1))
                .isTrue();
        assertThat(s.round()).isEqualTo(512 * 0.75 + lanes * 4 * 0.75 + 0.5);
    }
}
