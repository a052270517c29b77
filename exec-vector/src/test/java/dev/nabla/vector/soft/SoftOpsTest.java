package dev.nabla.vector.soft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The soft operators' kernels against published values, their invariants, and their Jacobian products
 * against central finite differences (the oracle list of ../shared/docs/soft-operators.md).
 */
class SoftOpsTest {
    private static final double[] SIZES_EPS = {0.1, 1, 10};

    private static double[] rank(double[] x, double eps) {
        double[] out = new double[x.length];
        SoftOps.softRank(x, x.length, eps, out, new SoftOps.Pav());
        return out;
    }

    private static double[] sort(double[] x, double eps) {
        double[] out = new double[x.length];
        SoftOps.softSort(x, x.length, eps, out, new SoftOps.Pav());
        return out;
    }

    @Test
    void publishedValues() {
        assertThat(rank(new double[] {5, 1, 2}, 2)).containsExactly(new double[] {3, 1.25, 1.75}, within(1e-12));
        assertThat(rank(new double[] {5, 1, 2}, 1)).containsExactly(new double[] {3, 1, 2}, within(1e-12));
        assertThat(sort(new double[] {5, 1, 2}, 1))
                .containsExactly(new double[] {11.0 / 3, 5.0 / 3, 8.0 / 3}, within(1e-12));
        assertThat(rank(new double[] {1, -2, 2, 3, 0.5, -1}, 1))
                .containsExactly(new double[] {3.875, 1, 4.875, 5.875, 3.375, 2}, within(1e-12));
    }

    @Test
    void sumsLimitsAndInvariances() {
        Random r = new Random(14);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + r.nextInt(60);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = r.nextGaussian() * 3;
            double sx = 0;
            for (double v : x) sx += v;
            for (double eps : new double[] {1e-3, 0.3, 1, 7, 1e6}) {
                double[] rk = rank(x, eps), st = sort(x, eps);
                double sr = 0, ss = 0;
                for (int i = 0; i < n; i++) {
                    sr += rk[i];
                    ss += st[i];
                }
                assertThat(sr).isCloseTo(n * (n + 1) / 2.0, within(1e-9 * n * n));
                assertThat(ss).isCloseTo(sx, within(1e-9 * Math.max(1, Math.abs(sx)) * n));
                // order: x_i > x_j ⇒ r_i ≥ r_j
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        if (x[i] > x[j]) assertThat(rk[i]).isGreaterThanOrEqualTo(rk[j] - 1e-12);
                // shift invariance and scale: soft_rank(a·x, ε) = soft_rank(x, ε/a)
                double[] shifted = x.clone(), scaled = x.clone();
                for (int i = 0; i < n; i++) {
                    shifted[i] += 100;
                    scaled[i] *= 2;
                }
                assertThat(rank(shifted, eps)).containsExactly(rk, within(1e-9));
                assertThat(rank(scaled, eps * 2)).containsExactly(rk, within(1e-9));
            }
            // large ε: ranks → (n+1)/2, sorted values → mean
            double[] far = rank(x, 1e9), flat = sort(x, 1e9);
            for (int i = 0; i < n; i++) {
                assertThat(far[i]).isCloseTo((n + 1) / 2.0, within(1e-5 * n));
                assertThat(flat[i]).isCloseTo(sx / n, within(1e-6 * n));
            }
        }
    }

    @Test
    void rankIsExactAtOrBelowTheSmallestGap() {
        double[] x = {0.3, 1, 0.1, 0.75};
        assertThat(rank(x, 0.2)).containsExactly(new double[] {2, 4, 1, 3}, within(1e-12));
        double[] off = rank(x, 0.202);
        assertThat(Math.abs(off[0] - 2) + Math.abs(off[2] - 1)).isGreaterThan(1e-4);
        // soft_sort is exact iff ε ≤ 1/(largest gap): [5, 1, 2] has largest gap 3
        assertThat(sort(new double[] {5, 1, 2}, 0.333)).containsExactly(new double[] {5, 1, 2}, within(1e-12));
        assertThat(Math.abs(sort(new double[] {5, 1, 2}, 0.383)[0] - 5)).isGreaterThan(1e-4);
        double[] h = new double[3];
        SoftOps.hardRank(new double[] {1, 1, 1}, 3, h, new SoftOps.Pav());
        assertThat(h).containsExactly(2, 2, 2);
        assertThat(rank(new double[] {1, 1, 1}, 0.1)).containsExactly(new double[] {2, 2, 2}, within(1e-12));
    }

    /** J from JVPs of the unit vectors. */
    private interface Jvp {
        void apply(double[] x, double[] t, double[] out);
    }

    private interface Forward {
        double[] apply(double[] x);
    }

    private static double[][] jacobian(double[] x, Jvp jvp) {
        int n = x.length;
        double[][] j = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] e = new double[n], col = new double[n];
            e[c] = 1;
            jvp.apply(x, e, col);
            for (int r = 0; r < n; r++) j[r][c] = col[r];
        }
        return j;
    }

    private static void checkAgainstFiniteDifferences(double[] x, Forward f, Jvp jvp, double tol) {
        int n = x.length;
        double h = 1e-7;
        double[][] j = jacobian(x, jvp);
        for (int c = 0; c < n; c++) {
            double[] up = x.clone(), down = x.clone();
            up[c] += h;
            down[c] -= h;
            double[] fu = f.apply(up), fd = f.apply(down);
            for (int r = 0; r < n; r++) assertThat(j[r][c]).isCloseTo((fu[r] - fd[r]) / (2 * h), within(tol));
        }
    }

    @Test
    void softRankJacobian() {
        Random r = new Random(7);
        for (double eps : SIZES_EPS) {
            double[] x = new double[9];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
            int n = x.length;
            Jvp jvp = (p, t, out) -> {
                SoftOps.Pav pav = new SoftOps.Pav();
                SoftOps.softRank(p, n, eps, new double[n], pav);
                SoftOps.softRankJvp(pav, t, eps, out, new double[n]);
            };
            checkAgainstFiniteDifferences(x, p -> rank(p, eps), jvp, 1e-6);
            double[][] j = jacobian(x, jvp);
            for (int a = 0; a < n; a++) {
                double row = 0;
                for (int b = 0; b < n; b++) {
                    row += j[a][b];
                    assertThat(j[a][b]).isCloseTo(j[b][a], within(1e-10));
                    // εJ is idempotent
                    double sq = 0;
                    for (int k = 0; k < n; k++) sq += eps * j[a][k] * eps * j[k][b];
                    assertThat(sq).isCloseTo(eps * j[a][b], within(1e-9));
                }
                assertThat(row).isCloseTo(0, within(1e-10));
            }
        }
    }

    @Test
    void softSortJacobian() {
        Random r = new Random(8);
        for (double eps : SIZES_EPS) {
            double[] x = new double[8];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() * 2;
            int n = x.length;
            Jvp jvp = (p, t, out) -> {
                SoftOps.Pav pav = new SoftOps.Pav();
                SoftOps.softSort(p, n, eps, new double[n], pav);
                SoftOps.softSortJvp(pav, t, out, new double[n]);
            };
            checkAgainstFiniteDifferences(x, p -> sort(p, eps), jvp, 1e-6);
            double[][] j = jacobian(x, jvp);
            for (int a = 0; a < n; a++) {
                double row = 0, col = 0;
                for (int b = 0; b < n; b++) {
                    assertThat(j[a][b]).isGreaterThanOrEqualTo(0);
                    row += j[a][b];
                    col += j[b][a];
                }
                assertThat(row).isCloseTo(1, within(1e-10));
                assertThat(col).isCloseTo(1, within(1e-10));
            }
        }
    }

    @Test
    void softmaxFamily() {
        double[] p = new double[2];
        SoftOps.softmax(new double[] {1000, 1000}, 2, p);
        assertThat(p).containsExactly(0.5, 0.5);
        assertThat(SoftOps.logSumExp(new double[] {1000, 1000}, 2)).isCloseTo(1000 + Math.log(2), within(1e-12));
        double[] ls = new double[2];
        SoftOps.logSoftmax(new double[] {-1000, 0}, 2, ls);
        assertThat(ls[0]).isEqualTo(-1000.0);
        Random r = new Random(9);
        double[] x = new double[7];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() * 2;
        int n = x.length;
        Forward sm = v -> {
            double[] o = new double[n];
            SoftOps.softmax(v, n, o);
            return o;
        };
        checkAgainstFiniteDifferences(
                x,
                sm,
                (v, t, out) -> {
                    double[] q = sm.apply(v);
                    SoftOps.softmaxJvp(q, t, n, out);
                },
                1e-7);
        Forward lsm = v -> {
            double[] o = new double[n];
            SoftOps.logSoftmax(v, n, o);
            return o;
        };
        checkAgainstFiniteDifferences(
                x,
                lsm,
                (v, t, out) -> {
                    double[] q = sm.apply(v);
                    SoftOps.logSoftmaxJvp(q, t, n, out);
                },
                1e-7);
        // adjoint identity for log_softmax's VJP: ⟨c, J t⟩ = ⟨Jᵀc, t⟩
        double[] q = sm.apply(x), t = new double[n], c = new double[n], jt = new double[n], jc = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextGaussian();
            c[i] = r.nextGaussian();
        }
        SoftOps.logSoftmaxJvp(q, t, n, jt);
        SoftOps.logSoftmaxVjp(q, c, n, jc);
        double a = 0, b = 0;
        for (int i = 0; i < n; i++) {
            a += c[i] * jt[i];
            b += jc[i] * t[i];
        }
        assertThat(a).isCloseTo(b, within(1e-12));
    }

    @Test
    void softTopk() {
        Random r = new Random(10);
        double[] z = new double[12];
        for (int i = 0; i < z.length; i++) z[i] = r.nextGaussian();
        int n = z.length;
        for (double k : new double[] {0, 1, 2.5, 5, 11, 12}) {
            double[] p = new double[n];
            SoftOps.softTopk(z, n, k, p);
            double s = 0;
            for (double v : p) {
                assertThat(v).isBetween(0.0, 1.0);
                s += v;
            }
            assertThat(s).isCloseTo(k, within(1e-9));
        }
        Forward f = v -> {
            double[] o = new double[n];
            SoftOps.softTopk(v, n, 3, o);
            return o;
        };
        checkAgainstFiniteDifferences(
                z,
                f,
                (v, t, out) -> {
                    double[] p = f.apply(v);
                    SoftOps.softTopkJvp(p, t, n, out);
                },
                1e-6);
        // τ → 0 (z scaled up) with a clear gap gives the hard top-k mask
        double[] big = {0.1 / 1e-3, 0.5 / 1e-3, 0.3 / 1e-3, 0.9 / 1e-3};
        double[] mask = new double[4];
        SoftOps.softTopk(big, 4, 2, mask);
        assertThat(mask).containsExactly(new double[] {0, 1, 0, 1}, within(1e-6));
    }

    @Test
    void largePartitionsSortInNLogN() {
        int n = 200_000;
        double[] x = new double[n], out = new double[n];
        Random r = new Random(11);
        for (int i = 0; i < n; i++) x[i] = r.nextDouble();
        SoftOps.softRank(x, n, 1e-7, out, new SoftOps.Pav());
        double s = 0;
        for (double v : out) s += v;
        assertThat(s).isCloseTo((double) n * (n + 1) / 2.0, within(1e-9 * n * (double) n));
    }

    // ---- the KL form ---------------------------------------------------------------------------------

    private static double[] rankKl(double[] x, double eps) {
        double[] out = new double[x.length];
        SoftOps.softRankKl(x, x.length, eps, out, new SoftOps.Pav());
        return out;
    }

    private static double[] sortKl(double[] x, double eps) {
        double[] out = new double[x.length];
        SoftOps.softSortKl(x, x.length, eps, out, new SoftOps.Pav());
        return out;
    }

    /**
     * Reference values of a direct port of fast-soft-sort's {@code isotonic_kl} and {@code Projection}
     * (numpy, float64), which agree with an independent solver of {@code log argmin_{μ ∈ P(e^w)} KL(μ, e^z)}
     * (scipy SLSQP over every subset constraint of the permutahedron) to 1e-7, the solver's tolerance. On a
     * pooled block the rank is closed-form: [5, 1, 2] at ε = 2 pools {1, 2}, so the rank of 2 is 3·σ(0.5).
     */
    @Test
    void klReferenceValues() {
        assertThat(rankKl(new double[] {5, 1, 2}, 1)).containsExactly(new double[] {3, 1, 2}, within(1e-12));
        assertThat(rankKl(new double[] {5, 1, 2}, 2))
                .containsExactly(new double[] {3, 1.132622006394436, 1.8673779936055634}, within(1e-12));
        assertThat(rankKl(new double[] {5, 1, 2}, 2)[2]).isCloseTo(3 / (1 + Math.exp(-0.5)), within(1e-15));
        assertThat(rankKl(new double[] {1, -2, 2, 3, 0.5, -1}, 1))
                .containsExactly(new double[] {4, 1, 5, 6, 3, 2}, within(1e-12));
        assertThat(rankKl(new double[] {0.3, 1, 0.1, 0.75}, 0.5))
                .containsExactly(new double[] {1.7960629803373558, 4, 1.203937019662644, 3}, within(1e-12));
        assertThat(sortKl(new double[] {5, 1, 2}, 1))
                .containsExactly(
                        new double[] {3.0810433231769103, 1.0810433231769103, 2.0810433231769103}, within(1e-12));
        assertThat(sortKl(new double[] {5, 1, 2}, 0.5))
                .containsExactly(new double[] {4.07834065946923, 1, 2.07834065946923}, within(1e-12));
        assertThat(sortKl(new double[] {1, -2, 2, 3, 0.5, -1}, 1))
                .containsExactly(
                        new double[] {1, -1.963933067408302, 2, 3, 0.03606693259169802, -0.963933067408302},
                        within(1e-12));
    }

    @Test
    void klSumsLimitsAndNoNaN() {
        Random r = new Random(11);
        for (double eps : new double[] {1e-4, 1e-2, 0.1, 1, 10, 1e4}) {
            for (int n : new int[] {1, 2, 5, 40}) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) x[i] = (r.nextDouble() * 2 - 1) * 1e3;
                double[] rk = rankKl(x, eps), st = sortKl(x, eps);
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    assertThat(Double.isFinite(rk[i]) && Double.isFinite(st[i])).isTrue();
                    assertThat(rk[i]).isPositive();
                    sum += rk[i];
                }
                // the ranks lie in the permutahedron of (1, …, n): they sum to n(n+1)/2
                assertThat(sum).isCloseTo(n * (n + 1) / 2.0, within(1e-9 * n * n));
                // Jacobian products stay finite too (torchsort#63: NaN gradients at ε = 1e-4)
                double[] t = new double[n], out = new double[n];
                java.util.Arrays.fill(t, 1);
                SoftOps.Pav pav = new SoftOps.Pav();
                SoftOps.softRankKl(x, n, eps, new double[n], pav);
                SoftOps.softRankKlJvp(pav, rk, t, eps, out);
                for (double v : out) assertThat(Double.isFinite(v)).isTrue();
                SoftOps.softSortKl(x, n, eps, new double[n], pav);
                SoftOps.softSortKlVjp(pav, x, t, out);
                for (double v : out) assertThat(Double.isFinite(v)).isTrue();
            }
        }
        // small ε: the hard rank and the values themselves; ties share
        double[] x = {0.3, 1, 0.1, 0.75};
        assertThat(rankKl(x, 1e-3)).containsExactly(new double[] {2, 4, 1, 3}, within(1e-12));
        assertThat(sortKl(x, 1e-3)).containsExactly(x, within(1e-12));
        assertThat(rankKl(new double[] {1, 1, 1}, 0.5)).containsExactly(new double[] {2, 2, 2}, within(1e-12));
        // order: a larger value never gets a smaller rank; DESC is ASC of −x (the binder's rewrite)
        double[] y = {0.2, -1, 3, 0.21, 2};
        double[] ry = rankKl(y, 0.7);
        for (int a = 0; a < y.length; a++)
            for (int b = 0; b < y.length; b++)
                if (y[a] > y[b]) assertThat(ry[a]).isGreaterThanOrEqualTo(ry[b] - 1e-12);
    }

    @Test
    void klJacobiansMatchFiniteDifferencesAndAreAdjoint() {
        Random r = new Random(12);
        for (double eps : SIZES_EPS) {
            double[] x = new double[9];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() * 2;
            int n = x.length;
            Jvp rankJvp = (p, t, out) -> {
                SoftOps.Pav pav = new SoftOps.Pav();
                double[] v = new double[n];
                SoftOps.softRankKl(p, n, eps, v, pav);
                SoftOps.softRankKlJvp(pav, v, t, eps, out);
            };
            Jvp rankVjp = (p, c, out) -> {
                SoftOps.Pav pav = new SoftOps.Pav();
                double[] v = new double[n];
                SoftOps.softRankKl(p, n, eps, v, pav);
                SoftOps.softRankKlVjp(pav, v, c, eps, out);
            };
            Jvp sortJvp = (p, t, out) -> {
                SoftOps.Pav pav = new SoftOps.Pav();
                SoftOps.softSortKl(p, n, eps, new double[n], pav);
                SoftOps.softSortKlJvp(pav, p, t, out);
            };
            Jvp sortVjp = (p, c, out) -> {
                SoftOps.Pav pav = new SoftOps.Pav();
                SoftOps.softSortKl(p, n, eps, new double[n], pav);
                SoftOps.softSortKlVjp(pav, p, c, out);
            };
            checkAgainstFiniteDifferences(x, p -> rankKl(p, eps), rankJvp, 1e-6);
            checkAgainstFiniteDifferences(x, p -> sortKl(p, eps), sortJvp, 1e-6);
            // the VJP is the transpose of the JVP: ⟨c, J t⟩ = ⟨Jᵀ c, t⟩, and J is not symmetric in general
            double[][] jr = jacobian(x, rankJvp), jrT = jacobian(x, rankVjp);
            double[][] js = jacobian(x, sortJvp), jsT = jacobian(x, sortVjp);
            boolean asymmetric = false;
            for (int a = 0; a < n; a++) {
                double rowSum = 0;
                for (int b = 0; b < n; b++) {
                    assertThat(jrT[a][b]).isCloseTo(jr[b][a], within(1e-12));
                    assertThat(jsT[a][b]).isCloseTo(js[b][a], within(1e-12));
                    asymmetric |= Math.abs(jr[a][b] - jr[b][a]) > 1e-6 || Math.abs(js[a][b] - js[b][a]) > 1e-6;
                    rowSum += jr[b][a];
                }
                // the ranks' sum is constant: every column of J sums to 0
                assertThat(rowSum).isCloseTo(0, within(1e-10));
            }
            if (eps >= 1)
                assertThat(asymmetric).as("some block pools at ε = " + eps).isTrue();
        }
    }
}
