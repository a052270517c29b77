package dev.nabla.engine.exec.op;

import dev.nabla.engine.exec.expr.Vec;
import dev.nabla.engine.exec.store.ColumnStore;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.vector.sum.ExactSum;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The two-variable aggregates of PostgreSQL and DuckDB (covar_pop, covar_samp, corr and the regr_* family), all
 * over the rows where both y (the first argument) and x are not NULL. They keep n and the exact sums Σx, Σy, Σx²,
 * Σy², Σxy (each product added with its FMA rounding error), so the centred sums of squares and products are
 * exact integers and every result is one rounding of an exact quotient: no cancellation however large the means,
 * and the same bits on every plan path, as {@link Accumulator.Variance} does for one variable.
 */
final class CoMoments extends Accumulator {
    private final AggFn fn;
    private long[] c = new long[0];
    private ExactSum[] sx = new ExactSum[0], sy = new ExactSum[0];
    private ExactSum[] sxx = new ExactSum[0], syy = new ExactSum[0], sxy = new ExactSum[0];

    CoMoments(AggFn fn) {
        this.fn = fn;
    }

    @Override
    long heldBytes() {
        // five exact sums of a few dozen words each once a group is seen
        return 8L * capacity + 5L * 48 * capacity;
    }

    @Override
    void resize(int cap) {
        c = Arrays.copyOf(c, cap);
        sx = grow(sx, cap);
        sy = grow(sy, cap);
        sxx = grow(sxx, cap);
        syy = grow(syy, cap);
        sxy = grow(sxy, cap);
    }

    @Override
    void update(int[] gids, Vec a, Vec b, int n) {
        for (int i = 0; i < n; i++) {
            int g = gids[i];
            if (g < 0 || a.isNull(i) || b.isNull(i)) continue;
            double y = num(a, i), x = num(b, i);
            c[g]++;
            sumOf(sx, g).add(x);
            sumOf(sy, g).add(y);
            sumOf(sxx, g).addSquare(x);
            sumOf(syy, g).addSquare(y);
            sumOf(sxy, g).addProduct(x, y);
        }
    }

    @Override
    void result(int g, ColumnStore out) {
        long n = c[g];
        if (fn == AggFn.REGR_COUNT) {
            out.appendLong(n);
            return;
        }
        Double v = n == 0 || (fn == AggFn.COVAR_SAMP && n < 2) ? null : value(g, n);
        if (v == null) out.appendNull();
        else out.appendDouble(v);
    }

    /** The result for a group of n ≥ 1 pairs; null where PostgreSQL gives NULL (a zero variance divides). */
    private Double value(int g, long n) {
        for (ExactSum s : new ExactSum[] {sx[g], sy[g], sxx[g], syy[g], sxy[g]}) if (s.hasSpecial()) return Double.NaN;
        // sums are integers in units of u = 2^-1074; the centred n·Sxx = n·Σx² − (Σx)² etc. are in units of u²
        BigInteger bn = BigInteger.valueOf(n);
        BigInteger x = sx[g].unscaled(), y = sy[g].unscaled();
        BigInteger xx = sxx[g].unscaled(), yy = syy[g].unscaled(), xy = sxy[g].unscaled();
        BigInteger dxx = bn.multiply(xx).shiftLeft(1074).subtract(x.multiply(x));
        BigInteger dyy = bn.multiply(yy).shiftLeft(1074).subtract(y.multiply(y));
        BigInteger dxy = bn.multiply(xy).shiftLeft(1074).subtract(x.multiply(y));
        return switch (fn) {
            case COVAR_POP -> ExactSum.quotient(dxy, bn.multiply(bn), -2148);
            case COVAR_SAMP -> ExactSum.quotient(dxy, bn.multiply(BigInteger.valueOf(n - 1)), -2148);
            case REGR_SXX -> ExactSum.quotient(dxx, bn, -2148);
            case REGR_SYY -> ExactSum.quotient(dyy, bn, -2148);
            case REGR_SXY -> ExactSum.quotient(dxy, bn, -2148);
            case REGR_AVGX -> ExactSum.quotient(x, bn, -1074);
            case REGR_AVGY -> ExactSum.quotient(y, bn, -1074);
            case REGR_SLOPE -> dxx.signum() == 0 ? null : ExactSum.quotient(dxy, dxx, 0);
            // (Σy·Σx² − Σx·Σxy) / (n·Σx² − (Σx)²): the u² units cancel
            case REGR_INTERCEPT ->
                dxx.signum() == 0 ? null : ExactSum.quotient(y.multiply(xx).subtract(x.multiply(xy)), dxx, 0);
            case REGR_R2 ->
                dxx.signum() == 0
                        ? null
                        : dyy.signum() == 0 ? 1.0 : ExactSum.quotient(dxy.multiply(dxy), dxx.multiply(dyy), 0);
            case CORR -> {
                if (dxx.signum() == 0 || dyy.signum() == 0) yield null;
                // √(r²) of the correctly rounded r² is within an ulp of r; clamped so |r| ≤ 1 always holds
                double r = Math.min(1.0, Math.sqrt(ExactSum.quotient(dxy.multiply(dxy), dxx.multiply(dyy), 0)));
                yield dxy.signum() < 0 ? -r : r;
            }
            default -> throw new IllegalStateException(fn + " is not a two-variable aggregate");
        };
    }
}
