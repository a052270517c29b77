package dev.nabla.vector.fused;

import static dev.nabla.vector.fused.FusedExpr.binary;
import static dev.nabla.vector.fused.FusedExpr.input;
import static dev.nabla.vector.fused.FusedExpr.scalar;
import static dev.nabla.vector.fused.FusedExpr.unary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.vector.fused.FusedExpr.BinaryOp;
import dev.nabla.vector.fused.FusedExpr.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FusedCompilerTest {
    static final int[] SIZES = {0, 1, 7, 8, 15, 16, 17, 1023, 1024, 1025, 4099};

    /** cos(x)*y - 2*x*exp(-x*x), the derivative of Q1 written out, plus a*x + b and every unary op. */
    static List<FusedExpr> outputs() {
        FusedExpr x = input(0), y = input(1);
        FusedExpr xx = binary(BinaryOp.MUL, x, x);
        List<FusedExpr> outs = new ArrayList<>();
        outs.add(binary(
                BinaryOp.SUB,
                binary(BinaryOp.MUL, unary(UnaryOp.COS, x), y),
                binary(BinaryOp.MUL, binary(BinaryOp.MUL, scalar(0), x), unary(UnaryOp.EXP, unary(UnaryOp.NEG, xx)))));
        outs.add(binary(BinaryOp.ADD, binary(BinaryOp.MUL, scalar(1), x), scalar(2)));
        for (UnaryOp op : UnaryOp.values()) outs.add(unary(op, binary(BinaryOp.MUL, y, scalar(3))));
        for (BinaryOp op : BinaryOp.values()) outs.add(binary(op, x, binary(BinaryOp.ADD, y, scalar(2))));
        for (FusedExpr.CompareOp op : FusedExpr.CompareOp.values())
            outs.add(FusedExpr.select(FusedExpr.compare(op, x, y), xx, y));
        // x > y AND sqrt(y) < 0.7 (NaN for y < 0: the condition is false there), OR x = 0.5
        FusedExpr.Cond c = new FusedExpr.Cond.Or(
                new FusedExpr.Cond.And(
                        FusedExpr.compare(FusedExpr.CompareOp.GT, x, y),
                        FusedExpr.compare(FusedExpr.CompareOp.LT, unary(UnaryOp.SQRT, y), scalar(3))),
                FusedExpr.compare(FusedExpr.CompareOp.EQ, x, scalar(1)));
        outs.add(FusedExpr.select(c, unary(UnaryOp.SIN, x), unary(UnaryOp.LN, y)));
        return outs;
    }

    static boolean close(double expected, double actual, double scale) {
        if (Double.isNaN(expected)) return Double.isNaN(actual);
        if (expected == actual) return true;
        return Math.abs(expected - actual) <= 8 * Math.ulp(Math.max(Math.abs(expected), scale));
    }

    @Test
    void fusedMatchesScalarTwinOverAwkwardSizes() {
        List<FusedExpr> outs = outputs();
        FusedKernel vec = FusedCompiler.generate(outs, true);
        FusedKernel scal = FusedCompiler.generate(outs, false);
        FusedKernel ref = new FusedInterpreter(outs);
        double[] scalars = {2.0, 0.5, 0.1, 0.7};
        Random r = new Random(42);
        for (int n : SIZES) {
            int off = 3;
            double[] x = new double[n + off + 5], y = new double[n + 1];
            for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() * 4 - 2;
            for (int i = 0; i < y.length; i++) y[i] = r.nextDouble() * 2 - 1;
            double[][] cols = {x, y};
            int[] offs = {off, 1};
            n = Math.max(0, Math.min(n, y.length - 1));
            int k = outs.size();
            double[][] a = new double[k][n], b = new double[k][n], c = new double[k][n];
            vec.eval(cols, offs, scalars, n, a);
            scal.eval(cols, offs, scalars, n, b);
            ref.eval(cols, offs, scalars, n, c);
            for (int o = 0; o < k; o++) {
                for (int i = 0; i < n; i++) {
                    assertThat(close(c[o][i], a[o][i], 0))
                            .as("vector output %d row %d of %d: %s vs %s", o, i, n, a[o][i], c[o][i])
                            .isTrue();
                    assertThat(Double.compare(b[o][i], c[o][i]))
                            .as("scalar output %d row %d", o, i)
                            .isZero();
                }
            }
        }
    }

    @Test
    void sharedSubexpressionsAndShapeCache() {
        FusedExpr x = input(0);
        FusedExpr e = unary(UnaryOp.SIN, x);
        FusedExpr shared = binary(BinaryOp.ADD, e, binary(BinaryOp.MUL, e, e));
        FusedKernel k1 = FusedCompiler.compile(List.of(shared));
        FusedKernel k2 = FusedCompiler.compile(List.of(binary(
                BinaryOp.ADD,
                unary(UnaryOp.SIN, input(0)),
                binary(BinaryOp.MUL, unary(UnaryOp.SIN, input(0)), unary(UnaryOp.SIN, input(0))))));
        assertThat(k2).isSameAs(k1);
        double[] xs = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1};
        double[][] out = new double[1][xs.length];
        k1.eval(new double[][] {xs}, new int[] {0}, new double[0], xs.length, out);
        for (int i = 0; i < xs.length; i++) {
            double v = xs[i];
            assertThat(out[0][i])
                    .isCloseTo(Math.sin(v) + Math.sin(v) * Math.sin(v), org.assertj.core.data.Offset.offset(1e-15));
        }
    }

    /** {@code e} where {@code arg > bound}, NaN elsewhere: the shape of the registry's domain guard. */
    private static FusedExpr guard(FusedExpr arg, FusedExpr bound, FusedExpr e) {
        return FusedExpr.select(FusedExpr.compare(FusedExpr.CompareOp.GT, arg, bound), e, scalar(3));
    }

    /**
     * SQL domain rules as the registry builds them (a Select guard around the IEEE operation): NaN, not
     * ±Infinity, at ln(0), log10(0), log1p(-1) and x/0, in every lane and in the tail.
     */
    @Test
    void sqlDomainErrorsAreNaNNotInfinity() {
        FusedExpr x = input(0), y = input(1);
        FusedExpr xm1 = binary(BinaryOp.SUB, x, scalar(1));
        List<FusedExpr> outs = List.of(
                unary(UnaryOp.EXP, guard(x, scalar(0), unary(UnaryOp.LN, x))), // exp(-Inf) would be an innocent 0
                binary(BinaryOp.DIV_OR_NAN, scalar(0), guard(x, scalar(0), unary(UnaryOp.LOG10, x))),
                guard(xm1, scalar(4), unary(UnaryOp.LOG1P, xm1)),
                binary(BinaryOp.DIV_OR_NAN, scalar(0), binary(BinaryOp.DIV_OR_NAN, y, x)),
                binary(BinaryOp.POW, x, scalar(2)));
        double[] scalars = {0.0, 1.0, 2.5, Double.NaN, -1.0};
        for (boolean vector : new boolean[] {true, false}) {
            FusedKernel k = FusedCompiler.generate(outs, vector);
            for (int n : SIZES) {
                double[] xs = new double[n], ys = new double[n];
                for (int i = 0; i < n; i++) {
                    xs[i] = i % 5 == 0
                            ? (i % 2 == 0 ? 0.0 : -0.0)
                            : 0.3 * i + 0.01; // never 1: log10(1) = 0 is a divisor
                    ys[i] = 1 + i;
                }
                double[][] got = new double[outs.size()][n];
                k.eval(new double[][] {xs, ys}, new int[] {0, 0}, scalars, n, got);
                for (int i = 0; i < n; i++) {
                    boolean zero = i % 5 == 0;
                    for (int o = 0; o < 4; o++) {
                        assertThat(Double.isNaN(got[o][i]))
                                .as("vector=%s output %d row %d of %d: %s", vector, o, i, n, got[o][i])
                                .isEqualTo(zero);
                    }
                    assertThat(close(Math.pow(xs[i], 2.5), got[4][i], 0))
                            .as("pow row %d", i)
                            .isTrue();
                }
            }
        }
    }
}
