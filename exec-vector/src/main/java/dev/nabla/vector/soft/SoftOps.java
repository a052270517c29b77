package dev.nabla.vector.soft;

/**
 * The soft (relaxed) operators over one window partition, and their exact Jacobian-vector products.
 * Every method works on the first {@code n} entries of primitive arrays and allocates only per
 * partition, never per row. Knows nothing of SQL: NULL rows are removed by the caller.
 *
 * <ul>
 *   <li>softmax / log_softmax / logsumexp: max-shifted, so {@code [1000, 1000]} gives 0.5/0.5 and
 *       no overflow; the JVP of softmax is {@code p⊙(ṫ − ⟨p, ṫ⟩)}, of log_softmax {@code ṫ − ⟨p, ṫ⟩}.
 *   <li>soft rank and soft sort: Blondel et al., "Fast Differentiable Sorting and Ranking" (ICML
 *       2020), the L2 projection onto the permutahedron by pool-adjacent-violators after one
 *       O(n log n) sort. The PAV blocks are recorded while pooling ({@link Pav#blockStart}), never
 *       recovered from the solution with a tolerance, and the Jacobian products average the tangent
 *       over each block.
 *   <li>soft top-k: {@code p = σ(z − t)} with {@code t} found by bisection so that {@code Σp = k};
 *       its Jacobian is {@code D − ddᵀ/Σd} with {@code d = p(1 − p)}.
 * </ul>
 */
public final class SoftOps {
    private SoftOps() {}

    // ---- softmax family ----------------------------------------------------------------------

    /** log Σ exp(z_i), max-shifted; −∞ for n = 0 or when every z is −∞. */
    public static double logSumExp(double[] z, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) if (z[i] > m) m = z[i];
        if (m == Double.NEGATIVE_INFINITY || Double.isNaN(m)) return m;
        if (m == Double.POSITIVE_INFINITY) return m;
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.exp(z[i] - m);
        return m + Math.log(s);
    }

    /**
     * p = softmax(z) into {@code out} as exp(z_i − max)/Σ exp(z_j − max): every term is at most 1 and the
     * sum at least 1, so nothing overflows and equal inputs give exactly equal shares. Returns log Σ exp(z).
     */
    public static double softmax(double[] z, int n, double[] out) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) if (z[i] > m) m = z[i];
        if (m == Double.NEGATIVE_INFINITY || Double.isNaN(m) || m == Double.POSITIVE_INFINITY) {
            for (int i = 0; i < n; i++) out[i] = Double.NaN;
            return m == Double.POSITIVE_INFINITY ? m : Double.isNaN(m) ? m : Double.NEGATIVE_INFINITY;
        }
        double s = 0;
        for (int i = 0; i < n; i++) s += out[i] = Math.exp(z[i] - m);
        for (int i = 0; i < n; i++) out[i] /= s;
        return m + Math.log(s);
    }

    /** log_softmax(z) = z − lse(z) into {@code out} (never log of a softmax, which is −∞ where it underflows). */
    public static void logSoftmax(double[] z, int n, double[] out) {
        double lse = logSumExp(z, n);
        for (int i = 0; i < n; i++) out[i] = z[i] - lse;
    }

    /** JVP of softmax at p: out = p⊙(t − ⟨p, t⟩). The Jacobian is symmetric, so this is also the VJP. */
    public static void softmaxJvp(double[] p, double[] t, int n, double[] out) {
        double dot = dot(p, t, n);
        for (int i = 0; i < n; i++) out[i] = p[i] * (t[i] - dot);
    }

    /** JVP of log_softmax at p (= softmax): out = t − ⟨p, t⟩. */
    public static void logSoftmaxJvp(double[] p, double[] t, int n, double[] out) {
        double dot = dot(p, t, n);
        for (int i = 0; i < n; i++) out[i] = t[i] - dot;
    }

    /** VJP of log_softmax at p: out = c − p·Σc (the transpose of I − 1pᵀ). */
    public static void logSoftmaxVjp(double[] p, double[] c, int n, double[] out) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += c[i];
        for (int i = 0; i < n; i++) out[i] = c[i] - p[i] * sum;
    }

    private static double dot(double[] a, double[] b, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * b[i];
        return s;
    }

    // ---- permutahedron projection --------------------------------------------------------------

    /**
     * The result of one L2 projection: {@code order} sorts the input, {@code blockStart[b]} is the
     * first sorted position of PAV block b ({@code blocks} of them, {@code blockStart[blocks] = n}).
     */
    public static final class Pav {
        public int n, blocks;
        public int[] order = new int[0], blockStart = new int[1], tmp = new int[0];
        public double[] y = new double[0], sums = new double[0], w = new double[0], lseW = new double[0];

        void ensure(int m) {
            if (order.length < m) {
                order = new int[m];
                tmp = new int[m];
                y = new double[m];
                sums = new double[m];
                w = new double[m];
                lseW = new double[m];
                blockStart = new int[m + 1];
            }
            n = m;
        }

        /** Averages {@code t} (indexed by sorted position) over each block, into {@code out} (same indexing). */
        void blockMeans(double[] t, double[] out) {
            for (int b = 0; b < blocks; b++) {
                int s = blockStart[b], e = blockStart[b + 1];
                double sum = 0;
                for (int i = s; i < e; i++) sum += t[i];
                double mean = sum / (e - s);
                for (int i = s; i < e; i++) out[i] = mean;
            }
        }
    }

    /**
     * Stable sort of positions 0..n-1 by key, descending ({@code descending}) or ascending, into
     * {@code pav.order}: a merge sort on primitive ints (no boxing), O(n log n).
     */
    static void sortOrder(double[] key, int n, boolean descending, Pav pav) {
        int[] a = pav.order, b = pav.tmp;
        for (int i = 0; i < n; i++) a[i] = i;
        // bottom-up merge sort; small runs by insertion
        final int run = 16;
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(lo + run, n);
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= lo && before(key, v, a[j], descending)) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
        }
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) b[k++] = before(key, a[j], a[i], descending) ? a[j++] : a[i++];
                while (i < mid) b[k++] = a[i++];
                while (j < hi) b[k++] = a[j++];
            }
            int[] t = a;
            a = b;
            b = t;
        }
        if (a != pav.order) {
            System.arraycopy(a, 0, pav.order, 0, n);
            pav.tmp = a;
        }
    }

    /** Whether position u sorts strictly before position v (ties keep input order). */
    private static boolean before(double[] key, int u, int v, boolean descending) {
        return descending ? key[u] > key[v] : key[u] < key[v];
    }

    /**
     * Non-increasing isotonic regression of {@code pav.y[0..n)} (L2) by pool-adjacent-violators, in place:
     * y becomes the block means; the blocks are recorded in {@code pav.blockStart}. O(n).
     */
    static void isotonicDecreasing(Pav pav) {
        int n = pav.n;
        double[] y = pav.y, sums = pav.sums;
        int[] start = pav.blockStart;
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            start[blocks] = i;
            sums[blocks] = y[i];
            blocks++;
            // pool while the previous block's mean is below the last one's (a violation of v1 ≥ v2 ≥ …)
            while (blocks > 1) {
                int b = blocks - 1;
                int lenPrev = start[b] - start[b - 1], lenLast = i + 1 - start[b];
                if (sums[b - 1] * lenLast >= sums[b] * lenPrev) break;
                sums[b - 1] += sums[b];
                blocks--;
            }
        }
        start[blocks] = n;
        pav.blocks = blocks;
        for (int b = 0; b < blocks; b++) {
            double mean = sums[b] / (start[b + 1] - start[b]);
            for (int i = start[b]; i < start[b + 1]; i++) y[i] = mean;
        }
    }

    /** log(e^a + e^b) without overflow; −∞ when both are. */
    static double logAddExp(double a, double b) {
        double m = Math.max(a, b);
        if (m == Double.NEGATIVE_INFINITY) return m;
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /**
     * The KL form of the non-increasing isotonic regression (Blondel et al., §5; fast-soft-sort's
     * {@code isotonic_kl}): {@code argmin_{v₁ ≥ … ≥ vₙ} ⟨e^{y − v}, 1⟩ + ⟨e^w, v⟩} for {@code pav.y} and
     * {@code pav.w} by pool-adjacent-violators; a block's value is {@code lse(y_B) − lse(w_B)}, pooled
     * with {@link #logAddExp} so nothing overflows. {@code pav.y} becomes the block values, the blocks
     * are recorded in {@code pav.blockStart}. O(n).
     */
    static void isotonicDecreasingKl(Pav pav) {
        int n = pav.n;
        double[] y = pav.y, lseY = pav.sums, w = pav.w, lseW = pav.lseW;
        int[] start = pav.blockStart;
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            start[blocks] = i;
            lseY[blocks] = y[i];
            lseW[blocks] = w[i];
            blocks++;
            // pool while the previous block's value is below the last one's (as the L2 form: equal values stay apart)
            while (blocks > 1) {
                int b = blocks - 1;
                if (lseY[b - 1] - lseW[b - 1] >= lseY[b] - lseW[b]) break;
                lseY[b - 1] = logAddExp(lseY[b - 1], lseY[b]);
                lseW[b - 1] = logAddExp(lseW[b - 1], lseW[b]);
                blocks--;
            }
        }
        start[blocks] = n;
        pav.blocks = blocks;
        for (int b = 0; b < blocks; b++) {
            double v = lseY[b] - lseW[b];
            for (int i = start[b]; i < start[b + 1]; i++) y[i] = v;
        }
    }

    /**
     * KL soft rank (ascending, from 1) of x with regularisation eps > 0: {@code exp(P_E(x/ε, log ρ))}, ρ =
     * (n, …, 1). On a PAV block B the rank is {@code softmax(x_B/ε)ᵢ · Σ_B ρ}, so ranks are positive and
     * sum to n(n+1)/2. {@code pav} keeps the sort and the blocks for the Jacobian products.
     */
    public static void softRankKl(double[] x, int n, double eps, double[] out, Pav pav) {
        pav.ensure(n);
        sortOrder(x, n, true, pav);
        int[] o = pav.order;
        double[] y = pav.y, w = pav.w;
        for (int i = 0; i < n; i++) {
            y[i] = x[o[i]] / eps;
            w[i] = Math.log(n - i);
        }
        isotonicDecreasingKl(pav);
        for (int i = 0; i < n; i++) out[o[i]] = Math.exp(x[o[i]] / eps - y[i]);
    }

    /**
     * JVP of the KL soft rank at its value r (rows in input order) and the blocks in {@code pav}: on each
     * block, {@code rᵢ (ṫᵢ − Σ_B r ṫ / Σ_B r) / ε}. Not symmetric: see {@link #softRankKlVjp}.
     */
    public static void softRankKlJvp(Pav pav, double[] r, double[] t, double eps, double[] out) {
        int[] o = pav.order;
        for (int b = 0; b < pav.blocks; b++) {
            int s = pav.blockStart[b], e = pav.blockStart[b + 1];
            double rt = 0, rs = 0;
            for (int i = s; i < e; i++) {
                rt += r[o[i]] * t[o[i]];
                rs += r[o[i]];
            }
            double mean = rt / rs;
            for (int i = s; i < e; i++) out[o[i]] = r[o[i]] * (t[o[i]] - mean) / eps;
        }
    }

    /** VJP of the KL soft rank (the transpose of {@link #softRankKlJvp}): {@code rⱼ (cⱼ − Σ_B r c / Σ_B r) / ε}. */
    public static void softRankKlVjp(Pav pav, double[] r, double[] c, double eps, double[] out) {
        int[] o = pav.order;
        for (int b = 0; b < pav.blocks; b++) {
            int s = pav.blockStart[b], e = pav.blockStart[b + 1];
            double rc = 0, rs = 0;
            for (int i = s; i < e; i++) {
                rc += r[o[i]] * c[o[i]];
                rs += r[o[i]];
            }
            double mean = rc / rs;
            for (int i = s; i < e; i++) out[o[i]] = r[o[i]] * (c[o[i]] - mean) / eps;
        }
    }

    /**
     * L2 soft rank (ascending, from 1) of x with regularisation eps > 0 into out: the projection of
     * x/ε onto the permutahedron of (n, …, 1). {@code pav} keeps the sort and the blocks for the JVP.
     */
    public static void softRank(double[] x, int n, double eps, double[] out, Pav pav) {
        pav.ensure(n);
        sortOrder(x, n, true, pav);
        int[] o = pav.order;
        double[] y = pav.y;
        for (int i = 0; i < n; i++) y[i] = x[o[i]] / eps - (n - i);
        isotonicDecreasing(pav);
        for (int i = 0; i < n; i++) out[o[i]] = x[o[i]] / eps - y[i];
    }

    /** Hard rank (ε = 0): 1 … n ascending, tied values share the mean of their positions (the limit ε → 0). */
    public static void hardRank(double[] x, int n, double[] out, Pav pav) {
        pav.ensure(n);
        sortOrder(x, n, false, pav);
        int[] o = pav.order;
        int s = 0;
        pav.blocks = 0;
        while (s < n) {
            int e = s + 1;
            while (e < n && x[o[e]] == x[o[s]]) e++;
            double r = (s + 1 + e) / 2.0;
            for (int i = s; i < e; i++) out[o[i]] = r;
            s = e;
        }
    }

    /** JVP of the L2 soft rank at the projection in {@code pav}: (1/ε)(t − block means of t). Symmetric, so also the VJP. */
    public static void softRankJvp(Pav pav, double[] t, double eps, double[] out, double[] scratch) {
        int n = pav.n;
        int[] o = pav.order;
        for (int i = 0; i < n; i++) scratch[i] = t[o[i]];
        pav.blockMeans(scratch, scratch);
        for (int i = 0; i < n; i++) out[o[i]] = (t[o[i]] - scratch[i]) / eps;
    }

    /**
     * L2 soft sort, ascending, with eps > 0: row i (whose hard ascending rank is k, ties in input order)
     * gets the k-th soft-sorted value. Computed as −P(ρ/ε, sort_desc(−x)).
     */
    public static void softSort(double[] x, int n, double eps, double[] out, Pav pav) {
        pav.ensure(n);
        sortOrder(x, n, false, pav);
        int[] o = pav.order;
        double[] y = pav.y;
        // s = ρ/ε (already descending), w = the values of −x in descending order = −x ascending
        for (int k = 0; k < n; k++) y[k] = (n - k) / eps + x[o[k]];
        isotonicDecreasing(pav);
        for (int k = 0; k < n; k++) out[o[k]] = y[k] - (n - k) / eps;
    }

    /** JVP of the L2 soft sort in {@code pav}: each row gets the mean tangent of its block. Symmetric, so also the VJP. */
    public static void softSortJvp(Pav pav, double[] t, double[] out, double[] scratch) {
        int n = pav.n;
        int[] o = pav.order;
        for (int k = 0; k < n; k++) scratch[k] = t[o[k]];
        pav.blockMeans(scratch, scratch);
        for (int k = 0; k < n; k++) out[o[k]] = scratch[k];
    }

    /**
     * KL soft sort, ascending, with eps > 0: row i (hard ascending rank k) gets the k-th value of
     * {@code −P_E(ρ/ε, sort_desc(−x))}; on a PAV block B (sorted positions) that is {@code lse(−x_B)·(−1)}
     * shifted: {@code lse(ρ_B/ε) − lse(−x_B) − ρ_k/ε}. As ε → 0 the blocks are single rows and the value is
     * x itself.
     */
    public static void softSortKl(double[] x, int n, double eps, double[] out, Pav pav) {
        pav.ensure(n);
        sortOrder(x, n, false, pav);
        int[] o = pav.order;
        double[] y = pav.y, w = pav.w;
        for (int k = 0; k < n; k++) {
            y[k] = (n - k) / eps;
            w[k] = -x[o[k]];
        }
        isotonicDecreasingKl(pav);
        for (int k = 0; k < n; k++) out[o[k]] = y[k] - (n - k) / eps;
    }

    /**
     * JVP of the KL soft sort: every row of block B gets {@code ⟨q_B, ṫ_B⟩} with {@code q_B = softmax(−x_B)}
     * (max-shifted). Not symmetric: see {@link #softSortKlVjp}.
     */
    public static void softSortKlJvp(Pav pav, double[] x, double[] t, double[] out) {
        int[] o = pav.order;
        for (int b = 0; b < pav.blocks; b++) {
            int s = pav.blockStart[b], e = pav.blockStart[b + 1];
            // ascending order: the block's smallest x (largest −x) comes first
            double top = -x[o[s]], z = 0, qt = 0;
            for (int k = s; k < e; k++) {
                double q = Math.exp(-x[o[k]] - top);
                z += q;
                qt += q * t[o[k]];
            }
            double v = qt / z;
            for (int k = s; k < e; k++) out[o[k]] = v;
        }
    }

    /** VJP of the KL soft sort (the transpose of {@link #softSortKlJvp}): {@code q_j · Σ_B c}. */
    public static void softSortKlVjp(Pav pav, double[] x, double[] c, double[] out) {
        int[] o = pav.order;
        for (int b = 0; b < pav.blocks; b++) {
            int s = pav.blockStart[b], e = pav.blockStart[b + 1];
            double top = -x[o[s]], z = 0, sum = 0;
            for (int k = s; k < e; k++) {
                z += Math.exp(-x[o[k]] - top);
                sum += c[o[k]];
            }
            for (int k = s; k < e; k++) out[o[k]] = Math.exp(-x[o[k]] - top) / z * sum;
        }
    }

    // ---- soft top-k ----------------------------------------------------------------------------

    /**
     * p_i = σ(z_i − t) with Σp = k (0 ≤ k ≤ n), t by bisection then one Newton step; k = 0 gives all 0
     * and k = n all 1. Returns t (±∞ at the ends).
     */
    public static double softTopk(double[] z, int n, double k, double[] out) {
        if (k <= 0) {
            java.util.Arrays.fill(out, 0, n, 0.0);
            return Double.POSITIVE_INFINITY;
        }
        if (k >= n) {
            java.util.Arrays.fill(out, 0, n, 1.0);
            return Double.NEGATIVE_INFINITY;
        }
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, z[i]);
            max = Math.max(max, z[i]);
        }
        // at t = min − L every p ≥ 1 − e^−L·… so Σp > k; at t = max + L, Σp < k (L = 40 + ln n is ample)
        double slack = 40 + Math.log(n);
        double lo = min - slack, hi = max + slack;
        for (int it = 0; it < 200 && hi - lo > Math.ulp(Math.max(Math.abs(lo), Math.abs(hi))) * 4; it++) {
            double mid = 0.5 * (lo + hi);
            if (sumSigmoid(z, n, mid) > k) lo = mid;
            else hi = mid;
        }
        double t = 0.5 * (lo + hi);
        double s = 0, sd = 0;
        for (int i = 0; i < n; i++) {
            double p = sigmoid(z[i] - t);
            s += p;
            sd += p * (1 - p);
        }
        if (sd > 0) t += (s - k) / sd;
        for (int i = 0; i < n; i++) out[i] = sigmoid(z[i] - t);
        return t;
    }

    private static double sumSigmoid(double[] z, int n, double t) {
        double s = 0;
        for (int i = 0; i < n; i++) s += sigmoid(z[i] - t);
        return s;
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** JVP of soft top-k at p: out = d⊙(t − ⟨d, t⟩/Σd), d = p(1 − p). Symmetric, so also the VJP. */
    public static void softTopkJvp(double[] p, double[] t, int n, double[] out) {
        double sd = 0, dt = 0;
        for (int i = 0; i < n; i++) {
            double d = p[i] * (1 - p[i]);
            sd += d;
            dt += d * t[i];
        }
        double shift = sd > 0 ? dt / sd : 0;
        for (int i = 0; i < n; i++) out[i] = p[i] * (1 - p[i]) * (t[i] - shift);
    }
}
