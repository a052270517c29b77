    // ---------------------------------------------------------------- hand-written (template tail)

    /** log2 via exponent and a mantissa in [√½, √2): exact for powers of two, accurate near 1. */
    public static double log2(double x) {
        if (x >= Double.MIN_NORMAL && x < Double.POSITIVE_INFINITY) {
            long bits = Double.doubleToRawLongBits(x);
            long e = (bits >>> 52) - 1023;
            double m = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
            if (m > SQRT2) {
                m *= 0.5;
                e++;
            }
            return Math.fma(Math.log(m), INV_LN2, (double) e);
        }
        return Math.log(x) * INV_LN2;
    }

    @Override public int negateExact(long[] a, int aOff, long[] out, long[] nulls, int n) { return negExact(a, aOff, out, nulls, n); }

    static int negExact(long[] a, int aOff, long[] out, long[] nulls, int n) {
        int first = -1;
        for (int i = 0; i < n; i++) {
            long x = a[aOff + i];
            out[i] = -x;
            if (x == Long.MIN_VALUE && first < 0 && !Bitmaps.get(nulls, i)) first = i;
        }
        return first;
    }

    @Override public int absExact(long[] a, int aOff, long[] out, long[] nulls, int n) { return absExactLoop(a, aOff, out, nulls, n); }

    static int absExactLoop(long[] a, int aOff, long[] out, long[] nulls, int n) {
        int first = -1;
        for (int i = 0; i < n; i++) {
            long x = a[aOff + i];
            out[i] = Math.abs(x);
            if (x == Long.MIN_VALUE && first < 0 && !Bitmaps.get(nulls, i)) first = i;
        }
        return first;
    }

    @Override public int divide(long[] a, int aOff, long[] b, int bOff, long[] out, long[] nulls, int n) { return divideVV(a, aOff, b, bOff, out, nulls, n); }

    @Override public int divide(long[] a, int aOff, long b, long[] out, long[] nulls, int n) { return divideVS(a, aOff, b, out, nulls, n); }

    @Override public int divide(long a, long[] b, int bOff, long[] out, long[] nulls, int n) { return divideSV(a, b, bOff, out, nulls, n); }

    @Override public void remainder(long[] a, int aOff, long[] b, int bOff, long[] out, long[] nulls, int n) { remainderVV(a, aOff, b, bOff, out, nulls, n); }

    @Override public void remainder(long[] a, int aOff, long b, long[] out, long[] nulls, int n) { remainderVS(a, aOff, b, out, nulls, n); }

    @Override public void remainder(long a, long[] b, int bOff, long[] out, long[] nulls, int n) { remainderSV(a, b, bOff, out, nulls, n); }

    static int divideVV(long[] a, int aOff, long[] b, int bOff, long[] out, long[] nulls, int n) {
        int first = -1;
        for (int i = 0; i < n; i++) {
            long x = a[aOff + i], y = b[bOff + i];
            if (y == 0) {
                out[i] = 0;
                nulls[i >>> 6] |= 1L << i;
            } else if (y == -1) {
                out[i] = -x;
                if (x == Long.MIN_VALUE && first < 0 && !Bitmaps.get(nulls, i)) first = i;
            } else {
                out[i] = x / y;
            }
        }
        return first;
    }

    static int divideVS(long[] a, int aOff, long y, long[] out, long[] nulls, int n) {
        if (y == 0) {
            java.util.Arrays.fill(out, 0, n, 0L);
            setAll(nulls, n);
            return -1;
        }
        int first = -1;
        if (y == -1) {
            for (int i = 0; i < n; i++) {
                long x = a[aOff + i];
                out[i] = -x;
                if (x == Long.MIN_VALUE && first < 0 && !Bitmaps.get(nulls, i)) first = i;
            }
            return first;
        }
        for (int i = 0; i < n; i++) out[i] = a[aOff + i] / y;
        return -1;
    }

    static int divideSV(long x, long[] b, int bOff, long[] out, long[] nulls, int n) {
        int first = -1;
        for (int i = 0; i < n; i++) {
            long y = b[bOff + i];
            if (y == 0) {
                out[i] = 0;
                nulls[i >>> 6] |= 1L << i;
            } else if (y == -1) {
                out[i] = -x;
                if (x == Long.MIN_VALUE && first < 0 && !Bitmaps.get(nulls, i)) first = i;
            } else {
                out[i] = x / y;
            }
        }
        return first;
    }

    static void remainderVV(long[] a, int aOff, long[] b, int bOff, long[] out, long[] nulls, int n) {
        for (int i = 0; i < n; i++) {
            long y = b[bOff + i];
            if (y == 0) {
                out[i] = 0;
                nulls[i >>> 6] |= 1L << i;
            } else {
                out[i] = a[aOff + i] % y;
            }
        }
    }

    static void remainderVS(long[] a, int aOff, long y, long[] out, long[] nulls, int n) {
        if (y == 0) {
            java.util.Arrays.fill(out, 0, n, 0L);
            setAll(nulls, n);
            return;
        }
        for (int i = 0; i < n; i++) out[i] = a[aOff + i] % y;
    }

    static void remainderSV(long x, long[] b, int bOff, long[] out, long[] nulls, int n) {
        for (int i = 0; i < n; i++) {
            long y = b[bOff + i];
            if (y == 0) {
                out[i] = 0;
                nulls[i >>> 6] |= 1L << i;
            } else {
                out[i] = x % y;
            }
        }
    }

    private static void setAll(long[] bits, int n) {
        int full = n >>> 6;
        java.util.Arrays.fill(bits, 0, full, -1L);
        if ((n & 63) != 0) bits[full] |= (1L << n) - 1;
    }

    @Override public void toDouble(long[] a, int aOff, double[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = (double) a[aOff + i];
    }

    @Override public void gather(double[] a, int aOff, int[] sel, int count, double[] out) {
        for (int j = 0; j < count; j++) out[j] = a[aOff + sel[j]];
    }

    @Override public void gather(long[] a, int aOff, int[] sel, int count, long[] out) {
        for (int j = 0; j < count; j++) out[j] = a[aOff + sel[j]];
    }

    @Override public int selectTrue(long[] a, int aOff, long[] nulls, int[] sel, int count, int[] selOut) {
        return selectTrueLoop(a, aOff, nulls, sel, count, selOut);
    }

    static int selectTrueLoop(long[] a, int aOff, long[] nulls, int[] sel, int count, int[] selOut) {
        int k = 0;
        for (int j = 0; j < count; j++) {
            int r = sel == null ? j : sel[j];
            selOut[k] = r;
            k += a[aOff + r] != 0 && !Bitmaps.get(nulls, aOff + r) ? 1 : 0;
        }
        return k;
    }

    @Override public double sum(double[] a, int off, long[] nulls, int[] sel, int count) {
        double s = 0.0, c = 0.0;
        for (int j = 0; j < count; j++) {
            int r = sel == null ? j : sel[j];
            if (nulls != null && Bitmaps.get(nulls, off + r)) continue;
            double x = a[off + r];
            double t = s + x;
            // Neumaier: recover the low-order bits lost by whichever operand was smaller
            c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
            s = t;
        }
        // s is the plain running sum: keep its ±∞/NaN, which the correction term would only garble
        return Double.isFinite(s) ? s + c : s;
    }

    @Override public long sumExact(long[] a, int off, long[] nulls, int[] sel, int count) {
        long s = 0, hi = 0;
        for (int j = 0; j < count; j++) {
            int r = sel == null ? j : sel[j];
            if (nulls != null && Bitmaps.get(nulls, off + r)) continue;
            long x = a[off + r];
            long t = s + x;
            // count wrap-arounds so that only the final sum has to fit (order does not matter)
            if (((s ^ t) & (x ^ t)) < 0) hi += x < 0 ? -1 : 1;
            s = t;
        }
        if (hi != 0) throw overflow();
        return s;
    }

    static NablaException overflow() { return new NablaException(ErrorCode.NUMERIC_OVERFLOW, "integer overflow"); }

    @Override public double min(double[] a, int off, long[] nulls, int[] sel, int count) {
        double m = Double.POSITIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            int r = sel == null ? j : sel[j];
            if (nulls == null || !Bitmaps.get(nulls, off + r)) m = Math.min(m, a[off + r]);
        }
        return m;
    }

    @Override public double max(double[] a, int off, long[] nulls, int[] sel, int count) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            int r = sel == null ? j : sel[j];
            if (nulls == null || !Bitmaps.get(nulls, off + r)) m = Math.max(m, a[off + r]);
        }
        return m;
    }

    @Override public long min(long[] a, int off, long[] nulls, int[] sel, int count) {
        long m = Long.MAX_VALUE;
        for (int j = 0; j < count; j++) {
            int r = sel == null ? j : sel[j];
            if (nulls == null || !Bitmaps.get(nulls, off + r)) m = Math.min(m, a[off + r]);
        }
        return m;
    }

    @Override public long max(long[] a, int off, long[] nulls, int[] sel, int count) {
        long m = Long.MIN_VALUE;
        for (int j = 0; j < count; j++) {
            int r = sel == null ? j : sel[j];
            if (nulls == null || !Bitmaps.get(nulls, off + r)) m = Math.max(m, a[off + r]);
        }
        return m;
    }

    @Override public int countNonNull(long[] nulls, int off, int[] sel, int count) { return countNonNullLoop(nulls, off, sel, count); }

    static int countNonNullLoop(long[] nulls, int off, int[] sel, int count) {
        if (nulls == null) return count;
        if (sel == null) return count - Bitmaps.count(nulls, off, count);
        int k = 0;
        for (int j = 0; j < count; j++) k += Bitmaps.get(nulls, off + sel[j]) ? 0 : 1;
        return k;
    }
