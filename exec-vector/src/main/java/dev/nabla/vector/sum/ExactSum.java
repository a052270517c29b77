package dev.nabla.vector.sum;

import java.math.BigInteger;

/**
 * The exact sum of a multiset of doubles: a superaccumulator in the style of Radford Neal's xsum
 * ("small" variant). Every finite double is an integer multiple of 2<sup>-1074</sup>; chunk {@code k}
 * holds a signed 64-bit count of units 2<sup>32k-1074</sup>, so a double's 53-bit significand lands
 * in two adjacent chunks and adding it is exact. Carries are propagated every
 * {@link #PROPAGATE_EVERY} additions, before any chunk can overflow. Because the state is the exact
 * value, the order, grouping, thread count and SIMD width of the additions cannot change it, and
 * {@link #round()} is the correctly rounded (round-half-even) sum: every SUM/AVG/VARIANCE path in
 * the engine folds into this type and so returns the same bits.
 *
 * <p>±∞ and NaN are counted, not added, so that {@link #remove} (sliding window frames) can take
 * them out again: the sum is NaN if a NaN or both infinities are present, else ±∞ if one is.
 *
 * <p>Only the chunks a sum has touched are allocated ({@code lo} is the index of {@code c[0]}):
 * values of similar magnitude use three or four chunks, which keeps per-group state small.
 */
public final class ExactSum {
    /** Chunks 0..66 cover 2<sup>-1074</sup> up to beyond 2<sup>1024</sup> times any realistic count. */
    static final int CHUNKS = 67;
    /** The high part of an addition is below 2<sup>52</sup>: 2<sup>10</sup> of them fit a chunk with room to spare. */
    static final int PROPAGATE_EVERY = 1 << 10;

    private static final long M32 = 0xFFFF_FFFFL;
    private static final long FRAC = (1L << 52) - 1;
    private static final long HIDDEN = 1L << 52;
    private static final long[] NONE = new long[0];

    private long[] c = NONE;
    private int lo;
    private int budget = PROPAGATE_EVERY;
    private long nan, posInf, negInf;

    /**
     * The SIMD bulk kernel's lane sums ({@link PanamaBulkAdd}), carried from one call to the next
     * while the values stay on the same grid: level-0 lanes then level-1 lanes, exact multiples of
     * the grid units. {@link #settle} adds them to the chunks. {@code pendingExp} is the grid's
     * exponent ({@link Integer#MIN_VALUE}: none), {@code pendingAdds} the additions per lane since.
     */
    double[] pending;

    int pendingExp = Integer.MIN_VALUE, pendingAdds;
    /** Scratch of the bulk kernel: vectors with bits below the lowest grid. */
    int[] hits;

    public ExactSum() {}

    /**
     * The scalar grid (the same binned extraction as the SIMD kernel, one value at a time): values
     * below {@code gridLimit} (bits of |x|) split exactly into a multiple of 2<sup>b</sup> added to
     * {@code grid0} and one of 2<sup>b−40</sup> added to {@code grid1} (both stay exact for
     * {@link #GRID_ADDS} additions), and the rare rest goes to the chunks. A few flops instead of the
     * chunk arithmetic: grouped aggregation adds one value per row this way.
     */
    private double grid0, grid1, gridM0, gridM1;

    private long gridLimit = -1;
    private int gridAdds;
    private static final int GRID_ADDS = 1 << 12;

    /** Adds the scalar grid's and the bulk kernel's pending sums to the chunks. */
    void settle() {
        settleGrid();
        settlePending();
    }

    private void settleGrid() {
        if (gridLimit < 0) return;
        double g0 = grid0, g1 = grid1;
        gridLimit = -1;
        grid0 = grid1 = 0;
        gridAdds = 0;
        if (g0 != 0) addBits(Double.doubleToRawLongBits(g0), 1);
        if (g1 != 0) addBits(Double.doubleToRawLongBits(g1), 1);
    }

    /** Adds a finite value straight to the chunks (the bulk kernel's tails and remainders). */
    void addToChunks(double x) {
        addBits(Double.doubleToRawLongBits(x), 1);
    }

    void settlePending() {
        if (pendingExp == Integer.MIN_VALUE) return;
        pendingExp = Integer.MIN_VALUE;
        pendingAdds = 0;
        double[] p = pending;
        for (int i = 0; i < p.length; i++) {
            double v = p[i];
            p[i] = 0;
            // straight to the chunks: add() could start a new scalar grid that nothing settles
            if (v != 0) addBits(Double.doubleToRawLongBits(v), 1);
        }
    }

    /** Adds x exactly. */
    public void add(double x) {
        long bits = Double.doubleToRawLongBits(x);
        if ((bits & Long.MAX_VALUE) < gridLimit && gridAdds < GRID_ADDS) {
            // (x + M) − M is x on the grid 2^b, exactly; x − q and the second level likewise
            double m0 = gridM0, m1 = gridM1, q = (x + m0) - m0, r = x - q, q1 = (r + m1) - m1;
            grid0 += q;
            grid1 += q1;
            gridAdds++;
            double rest = r - q1;
            if (rest != 0) addBits(Double.doubleToRawLongBits(rest), 1);
            return;
        }
        addSlow(bits);
    }

    /**
     * x is above the scalar grid, the grid is full, or there is none: ±∞, NaN, zero and subnormals go
     * to the chunks; a normal value settles the grid and starts a new one just above it.
     */
    private void addSlow(long bits) {
        int e = (int) (bits >>> 52) & 0x7FF;
        int exp = e - 1023 + 2; // room for values up to 4× this one
        if (e == 0x7FF || e == 0 || exp > 1000 || exp < -960) {
            addBits(bits, 1);
            return;
        }
        settleGrid();
        gridLimit = Double.doubleToRawLongBits(Math.scalb(1.0, exp + 1));
        gridM0 = Math.scalb(1.5, exp + 53 - 40);
        gridM1 = Math.scalb(1.5, exp + 53 - 80);
        add(Double.longBitsToDouble(bits));
    }

    /** Removes x exactly (an earlier {@link #add} of the same value); sliding window frames use it. */
    public void remove(double x) {
        if (Double.isFinite(x)) add(-x);
        else addBits(Double.doubleToRawLongBits(x), -1);
    }

    /** Adds x·x exactly (its rounded product and the product's rounding error, by FMA), for variances. */
    public void addSquare(double x) {
        double p = x * x;
        add(p);
        if (Double.isFinite(p)) add(Math.fma(x, x, -p));
    }

    /** Adds x·y exactly (its rounded product and the product's rounding error, by FMA), for covariances. */
    public void addProduct(double x, double y) {
        double p = x * y;
        add(p);
        if (Double.isFinite(p)) add(Math.fma(x, y, -p));
    }

    /** Removes x·x as {@link #addSquare} added it. */
    public void removeSquare(double x) {
        double p = x * x;
        remove(p);
        if (Double.isFinite(p)) remove(Math.fma(x, x, -p));
    }

    private void addBits(long bits, int sign) {
        int e = (int) (bits >>> 52) & 0x7FF;
        long m = bits & FRAC;
        if (e == 0x7FF) {
            if (m != 0) nan += sign;
            else if (bits < 0) negInf += sign;
            else posInf += sign;
            return;
        }
        if (e == 0) {
            if (m == 0) return;
        } else {
            m |= HIDDEN;
            e--;
        }
        // value = m · 2^e units of 2^-1074
        int idx = e >>> 5, s = e & 31;
        long low = (m << s) & M32, high = m >>> (32 - s);
        if ((bits < 0) == (sign > 0)) {
            low = -low;
            high = -high;
        }
        if (idx < lo || idx + 2 >= lo + c.length) ensure(idx, idx + 2);
        c[idx - lo] += low;
        c[idx + 1 - lo] += high;
        if (--budget == 0) propagate();
    }

    /** Adds every value of another sum (which is left unchanged in value). */
    public void add(ExactSum o) {
        o.settle();
        settle();
        nan += o.nan;
        posInf += o.posInf;
        negInf += o.negInf;
        if (o.c.length == 0) return;
        o.propagate();
        propagate();
        ensure(o.lo, o.lo + o.c.length);
        for (int i = 0; i < o.c.length; i++) c[o.lo + i - lo] += o.c[i];
        propagate();
    }

    /**
     * Adds a[off..off+n) exactly, through the SIMD kernel when the JVM has one ({@link BulkAdd}); the
     * result is the same exact state as adding the values one by one.
     */
    public void addAll(double[] a, int off, int n) {
        if (!BulkAdd.INSTANCE.addAllFinite(this, a, off, n)) for (int i = 0; i < n; i++) add(a[off + i]);
    }

    /**
     * Adds a[off..off+n) exactly and returns true when every value is finite; otherwise adds nothing
     * and returns false (the fused aggregates then take the batch to the exact SQL path).
     */
    public boolean addAllFinite(double[] a, int off, int n) {
        return BulkAdd.INSTANCE.addAllFinite(this, a, off, n);
    }

    /**
     * The deposit base M for a {@code DepositKernel} call that adds {@code vectors} vectors per lane on
     * this sum's current grid (see {@link PanamaBulkAdd#depositBase}); NaN when this sum cannot take an
     * in-kernel deposit now (no grid yet, no SIMD bulk kernel, too many vectors): the caller then adds
     * the chunk with {@link #addAllFinite}.
     */
    public double depositBase(int vectors) {
        return BulkAdd.INSTANCE instanceof PanamaBulkAdd ? PanamaBulkAdd.depositBase(this, vectors) : Double.NaN;
    }

    /**
     * Adds a {@code DepositKernel}'s deposit of one output made on base m (from {@link #depositBase}) and
     * the tail rows tail[from..to) when it is exact (every value finite and inside the grid's range) and
     * returns true; otherwise returns false and the value is unchanged (the caller re-adds the chunk's
     * values with {@link #addAllFinite} or the exact SQL path). Either way the exact value is the same.
     */
    public boolean commitDeposit(
            double m, double[] lanes, int at, long max, long min, int vectors, double[] tail, int from, int to) {
        return !Double.isNaN(m)
                && BulkAdd.INSTANCE instanceof PanamaBulkAdd
                && PanamaBulkAdd.commitDeposit(this, m, lanes, at, max, min, vectors, tail, from, to);
    }

    /** Resets to the empty sum (keeps the allocated chunks). */
    public void clear() {
        gridLimit = -1;
        grid0 = grid1 = 0;
        gridAdds = 0;
        if (pending != null) java.util.Arrays.fill(pending, 0);
        pendingExp = Integer.MIN_VALUE;
        pendingAdds = 0;
        java.util.Arrays.fill(c, 0);
        budget = PROPAGATE_EVERY;
        nan = posInf = negInf = 0;
    }

    /** Whether the sum holds a NaN or an infinity. */
    public boolean hasSpecial() {
        return nan != 0 || posInf != 0 || negInf != 0;
    }

    /** Makes chunk indexes first..last (inclusive, clamped to the range) addressable. */
    private void ensure(int first, int last) {
        last = Math.min(last, CHUNKS - 1);
        if (c.length == 0) {
            lo = first;
            c = new long[last - first + 1];
            return;
        }
        int nlo = Math.min(lo, first), nhi = Math.max(lo + c.length - 1, last);
        if (nlo == lo && nhi == lo + c.length - 1) return;
        long[] n = new long[nhi - nlo + 1];
        System.arraycopy(c, 0, n, lo - nlo, c.length);
        c = n;
        lo = nlo;
    }

    /** Carries: every chunk but the top one into [0, 2^32), the top one into [-2^32, 2^32) (growing the range if needed). */
    private void propagate() {
        budget = PROPAGATE_EVERY;
        long[] a = c;
        int n = a.length;
        if (n == 0) return;
        for (int i = 0; i < n - 1; i++) {
            long v = a[i], carry = v >> 32;
            a[i] = v & M32;
            a[i + 1] += carry;
        }
        long top = a[n - 1], carry = top >> 32;
        if ((carry != 0 && carry != -1) && lo + n - 1 < CHUNKS - 1) {
            ensure(lo, lo + n);
            propagate();
        }
    }

    /** The sum rounded to the nearest double (ties to even); 0.0 for the empty sum. */
    public double round() {
        if (nan != 0 || posInf != 0 && negInf != 0) return Double.NaN;
        if (posInf != 0) return Double.POSITIVE_INFINITY;
        if (negInf != 0) return Double.NEGATIVE_INFINITY;
        settle();
        if (c.length == 0) return 0.0;
        propagate();
        long[] a = c.clone();
        boolean neg = a[a.length - 1] < 0;
        if (neg) {
            for (int i = 0; i < a.length; i++) a[i] = -a[i];
            for (int i = 0; i < a.length - 1; i++) {
                long v = a[i], carry = v >> 32;
                a[i] = v & M32;
                a[i + 1] += carry;
            }
        }
        int h = a.length - 1;
        while (h >= 0 && a[h] == 0) h--;
        if (h < 0) return 0.0;
        // bit length of the magnitude, in units of 2^-1074 relative to chunk lo
        int len = 32 * h + 64 - Long.numberOfLeadingZeros(a[h]);
        int shift = Math.max(0, len - 62);
        long q = bits(a, shift, len - shift);
        boolean sticky = anyBits(a, shift);
        double r = roundScaled(q, sticky, shift + 32 * lo - 1074);
        return neg ? -r : r;
    }

    /** Bits [from, from+count) of the magnitude in chunks a (count ≤ 63). */
    private static long bits(long[] a, int from, int count) {
        long v = 0;
        for (int b = 0; b < count; ) {
            int pos = from + b, k = pos >>> 5, off = pos & 31;
            int take = Math.min(32 - off, count - b);
            long part = k < a.length ? (a[k] >>> off) & ((1L << take) - 1) : 0;
            v |= part << b;
            b += take;
        }
        return v;
    }

    /** Whether any bit below {@code below} is set. */
    private static boolean anyBits(long[] a, int below) {
        int k = below >>> 5;
        for (int i = 0; i < Math.min(k, a.length); i++) if (a[i] != 0) return true;
        int off = below & 31;
        return off != 0 && k < a.length && (a[k] & ((1L << off) - 1)) != 0;
    }

    /**
     * (q + δ)·2<sup>exp</sup> rounded to the nearest double (ties to even), where 0 ≤ δ < 1 and δ &gt; 0
     * exactly when {@code sticky}; handles subnormal and overflowing results. q ≥ 0, below 2<sup>63</sup>.
     */
    static double roundScaled(long q, boolean sticky, int exp) {
        if (q == 0) return 0.0;
        int len = 64 - Long.numberOfLeadingZeros(q);
        int lead = len - 1 + exp; // exponent of the leading bit
        int keep = lead >= -1022 ? 53 : 53 - (-1022 - lead);
        if (keep <= 0) {
            // below half the smallest subnormal, or exactly half without sticky bits: rounds to 0 (or to it)
            if (keep == 0) {
                boolean above = (q & ((1L << (len - 1)) - 1)) != 0 || sticky;
                return above ? Double.MIN_VALUE : 0.0;
            }
            return 0.0;
        }
        int drop = len - keep;
        if (drop <= 0) return Math.scalb((double) q, exp); // exact
        long kept = q >>> drop;
        long rest = q & ((1L << drop) - 1), half = 1L << (drop - 1);
        if (rest > half || rest == half && (sticky || (kept & 1) != 0)) kept++;
        return Math.scalb((double) kept, exp + drop);
    }

    /** The exact value as an integer count of 2<sup>-1074</sup> (finite sums only). */
    public BigInteger unscaled() {
        settle();
        propagate();
        BigInteger v = BigInteger.ZERO;
        for (int i = c.length - 1; i >= 0; i--) v = v.shiftLeft(32).add(BigInteger.valueOf(c[i]));
        return v.shiftLeft(32 * lo);
    }

    /**
     * The variance of n values with exact sums s1 = Σx and s2 = Σx², correctly rounded:
     * (n·s2 − s1²) / (n·(n−1)) for the sample variance, / n² for the population variance. NaN when a
     * value is not finite, +∞ when a square overflowed; never negative (0 when the computed Σx² was not exact, values below ~1e-154).
     */
    public static double variance(ExactSum s1, ExactSum s2, long n, boolean sample) {
        if (s1.hasSpecial()) return Double.NaN;
        if (s2.hasSpecial()) return Double.POSITIVE_INFINITY; // x² overflowed
        BigInteger a = s1.unscaled(), b = s2.unscaled(), bn = BigInteger.valueOf(n);
        // s1 = a·2^-1074, s2 = b·2^-1074: n·s2 − s1² = (n·b·2^1074 − a²)·2^-2148
        BigInteger num = bn.multiply(b).shiftLeft(1074).subtract(a.multiply(a));
        if (num.signum() <= 0) return 0.0;
        BigInteger den = sample ? bn.multiply(BigInteger.valueOf(n - 1)) : bn.multiply(bn);
        return ratio(num, den, -2148);
    }

    /** num/den·2<sup>exp</sup> correctly rounded, for any signs (den not zero). */
    public static double quotient(BigInteger num, BigInteger den, int exp) {
        if (num.signum() == 0) return 0.0;
        double q = ratio(num.abs(), den.abs(), exp);
        return num.signum() * den.signum() < 0 ? -q : q;
    }

    /** num/den·2<sup>exp</sup>, num and den positive, correctly rounded. */
    static double ratio(BigInteger num, BigInteger den, int exp) {
        int k = 62 - (num.bitLength() - den.bitLength()); // quotient of 62 or 63 bits
        BigInteger n2 = k >= 0 ? num.shiftLeft(k) : num, d2 = k >= 0 ? den : den.shiftLeft(-k);
        BigInteger[] qr = n2.divideAndRemainder(d2);
        long q = qr[0].longValueExact();
        return roundScaled(q, qr[1].signum() != 0, exp - k);
    }

    @Override
    public String toString() {
        return "ExactSum[" + round() + "]";
    }
}
