package dev.nabla.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SIMD twin of the array kernels against the scalar reference, and both against a direct
 * formula, over widths around the lane count, row offsets and a constant right operand. The twins
 * add in a different order, so they agree to a few ulps of the sum of magnitudes, not bit for bit.
 */
class ArrayKernelsTest {
    static final ArrayKernels S = new ScalarArrayKernels();
    static final ArrayKernels P = new PanamaArrayKernels();
    static final int[] WIDTHS = {1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 64, 128, 129};

    @Test
    void simdMatchesTheScalarTwin() {
        Random rnd = new Random(42);
        for (int w : WIDTHS) {
            for (boolean bConst : new boolean[] {false, true}) {
                int rows = 37, aRow = 3, bRow = 5;
                double[] a = random(rnd, (rows + aRow) * w), b = random(rnd, (rows + bRow) * w);
                double[] s = new double[rows], p = new double[rows], s2 = new double[rows], p2 = new double[rows];
                S.dot(a, aRow, b, bRow, bConst, w, s, rows);
                P.dot(a, aRow, b, bRow, bConst, w, p, rows);
                for (int i = 0; i < rows; i++) {
                    double direct = 0, mag = 0;
                    for (int k = 0; k < w; k++) {
                        double x = a[(aRow + i) * w + k], y = b[(bConst ? bRow : bRow + i) * w + k];
                        direct += x * y;
                        mag += Math.abs(x * y);
                    }
                    assertThat(s[i]).as("scalar dot w=%d", w).isEqualTo(direct);
                    assertThat(p[i]).as("simd dot w=%d", w).isCloseTo(direct, within(1e-14 * mag + 1e-300));
                }
                S.squaredDistance(a, aRow, b, bRow, bConst, w, s, rows);
                P.squaredDistance(a, aRow, b, bRow, bConst, w, p, rows);
                for (int i = 0; i < rows; i++) assertThat(p[i]).isCloseTo(s[i], within(1e-14 * s[i] + 1e-300));
                S.cosineParts(a, aRow, b, bRow, bConst, w, s, s2, rows);
                P.cosineParts(a, aRow, b, bRow, bConst, w, p, p2, rows);
                for (int i = 0; i < rows; i++) {
                    assertThat(p2[i]).isCloseTo(s2[i], within(1e-13 * s2[i]));
                    assertThat(p[i] / Math.sqrt(p2[i])).isCloseTo(s[i] / Math.sqrt(s2[i]), within(1e-12));
                }
                S.squaredNorm(a, aRow, w, s, rows);
                P.squaredNorm(a, aRow, w, p, rows);
                for (int i = 0; i < rows; i++) assertThat(p[i]).isCloseTo(s[i], within(1e-14 * s[i]));
            }
        }
    }

    @Test
    void specialValuesPropagate() {
        double[] a = {1, Double.NaN, 3, 4, 5}, b = {1, 1, 1, 1, 1};
        double[] out = new double[1];
        for (ArrayKernels k : new ArrayKernels[] {S, P}) {
            k.dot(a, 0, b, 0, true, 5, out, 1);
            assertThat(out[0]).isNaN();
            k.squaredDistance(new double[] {Double.POSITIVE_INFINITY, 0}, 0, new double[] {0, 0}, 0, true, 2, out, 1);
            assertThat(out[0]).isInfinite();
        }
    }

    @Test
    void theProviderPicksATwin() {
        assertThat(VectorizationProvider.arrays()).isNotNull();
    }

    private static double[] random(Random rnd, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3);
        return d;
    }
}
