    // ---------------------------------------------------------------- hand-written (template tail)

    static void log2(double[] a, int aOff, double[] out, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, a, aOff + i);
            VectorMask<Double> normal = v.compare(VectorOperators.GE, Double.MIN_NORMAL).and(v.compare(VectorOperators.LT, Double.POSITIVE_INFINITY));
            if (normal.allTrue()) {
                LongVector bits = v.reinterpretAsLongs();
                LongVector e = bits.lanewise(VectorOperators.LSHR, 52).sub(1023L);
                DoubleVector m = bits.and(0x000FFFFFFFFFFFFFL).or(0x3FF0000000000000L).reinterpretAsDoubles();
                VectorMask<Double> big = m.compare(VectorOperators.GT, ScalarKernels.SQRT2);
                m = m.blend(m.mul(0.5), big);
                e = e.add(1L, big.cast(L));
                DoubleVector ed = (DoubleVector) e.convert(VectorOperators.L2D, 0);
                m.lanewise(VectorOperators.LOG).lanewise(VectorOperators.FMA, ScalarKernels.INV_LN2, ed).intoArray(out, i);
            } else {
                // zeros, negatives, subnormals, ±∞, NaN: rare, take the scalar path for this chunk
                for (int j = i; j < i + D.length(); j++) out[j] = ScalarKernels.log2(a[aOff + j]);
            }
        }
        for (; i < n; i++) out[i] = ScalarKernels.log2(a[aOff + i]);
    }

    static void floor(double[] a, int aOff, double[] out, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, a, aOff + i);
            DoubleVector t = (DoubleVector) v.convert(VectorOperators.D2L, 0).convert(VectorOperators.L2D, 0);
            t = t.sub(1.0, t.compare(VectorOperators.GT, v));
            integral(copySign(t, v), v).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = Math.floor(a[aOff + i]);
    }

    static void ceil(double[] a, int aOff, double[] out, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, a, aOff + i);
            DoubleVector t = (DoubleVector) v.convert(VectorOperators.D2L, 0).convert(VectorOperators.L2D, 0);
            t = t.add(1.0, t.compare(VectorOperators.LT, v));
            integral(copySign(t, v), v).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = Math.ceil(a[aOff + i]);
    }

    /** floor and ceil have their argument's sign (floor(-0.0) = -0.0, ceil(-0.5) = -0.0). */
    private static DoubleVector copySign(DoubleVector magnitude, DoubleVector sign) {
        return magnitude.reinterpretAsLongs().and(Long.MAX_VALUE)
                .or(sign.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
    }

    /** From 2^52 on (and for ±∞, NaN) every double is already integral: keep it as is. */
    private static DoubleVector integral(DoubleVector rounded, DoubleVector v) {
        return rounded.blend(v, v.abs().compare(VectorOperators.LT, 0x1p52).not());
    }

    @Override public int negateExact(long[] a, int aOff, long[] out, long[] nulls, int n) {
        LongVector over = LongVector.zero(L);
        int i = 0;
        for (int bound = L.loopBound(n); i < bound; i += L.length()) {
            LongVector x = LongVector.fromArray(L, a, aOff + i);
            LongVector r = x.neg();
            r.intoArray(out, i);
            // x & -x is negative only for Long.MIN_VALUE
            over = over.or(x.and(r));
        }
        long tail = 0;
        for (; i < n; i++) {
            long x = a[aOff + i];
            out[i] = -x;
            tail |= x & -x;
        }
        return over.reduceLanes(VectorOperators.OR) < 0 || tail < 0 ? ScalarKernels.negExact(a, aOff, out, nulls, n) : -1;
    }

    @Override public int absExact(long[] a, int aOff, long[] out, long[] nulls, int n) {
        LongVector over = LongVector.zero(L);
        int i = 0;
        for (int bound = L.loopBound(n); i < bound; i += L.length()) {
            LongVector r = LongVector.fromArray(L, a, aOff + i).abs();
            r.intoArray(out, i);
            over = over.or(r);
        }
        long tail = 0;
        for (; i < n; i++) {
            long r = Math.abs(a[aOff + i]);
            out[i] = r;
            tail |= r;
        }
        return over.reduceLanes(VectorOperators.OR) < 0 || tail < 0 ? ScalarKernels.absExactLoop(a, aOff, out, nulls, n) : -1;
    }

    @Override public int divide(long[] a, int aOff, long[] b, int bOff, long[] out, long[] nulls, int n) { return ScalarKernels.divideVV(a, aOff, b, bOff, out, nulls, n); }

    @Override public int divide(long[] a, int aOff, long b, long[] out, long[] nulls, int n) { return ScalarKernels.divideVS(a, aOff, b, out, nulls, n); }

    @Override public int divide(long a, long[] b, int bOff, long[] out, long[] nulls, int n) { return ScalarKernels.divideSV(a, b, bOff, out, nulls, n); }

    @Override public void remainder(long[] a, int aOff, long[] b, int bOff, long[] out, long[] nulls, int n) { ScalarKernels.remainderVV(a, aOff, b, bOff, out, nulls, n); }

    @Override public void remainder(long[] a, int aOff, long b, long[] out, long[] nulls, int n) { ScalarKernels.remainderVS(a, aOff, b, out, nulls, n); }

    @Override public void remainder(long a, long[] b, int bOff, long[] out, long[] nulls, int n) { ScalarKernels.remainderSV(a, b, bOff, out, nulls, n); }

    @Override public void toDouble(long[] a, int aOff, double[] out, int n) {
        int i = 0;
        for (int bound = L.loopBound(n); i < bound; i += L.length()) {
            ((DoubleVector) LongVector.fromArray(L, a, aOff + i).convert(VectorOperators.L2D, 0)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = (double) a[aOff + i];
    }

    @Override public void gather(double[] a, int aOff, int[] sel, int count, double[] out) {
        int j = 0;
        for (int bound = D.loopBound(count); j < bound; j += D.length()) {
            DoubleVector.fromArray(D, a, aOff, sel, j).intoArray(out, j);
        }
        for (; j < count; j++) out[j] = a[aOff + sel[j]];
    }

    @Override public void gather(long[] a, int aOff, int[] sel, int count, long[] out) {
        int j = 0;
        for (int bound = L.loopBound(count); j < bound; j += L.length()) {
            LongVector.fromArray(L, a, aOff, sel, j).intoArray(out, j);
        }
        for (; j < count; j++) out[j] = a[aOff + sel[j]];
    }

    @Override public int selectTrue(long[] a, int aOff, long[] nulls, int[] sel, int count, int[] selOut) {
        if (sel != null) return ScalarKernels.selectTrueLoop(a, aOff, nulls, sel, count, selOut);
        int k = 0;
        int i = 0;
        for (int bound = L.loopBound(count); i < bound; i += L.length()) {
            long bits = LongVector.fromArray(L, a, aOff + i).compare(VectorOperators.NE, 0L).toLong();
            if (nulls != null) bits &= ~Bitmaps.window(nulls, aOff + i);
            while (bits != 0) {
                selOut[k++] = i + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
        }
        for (; i < count; i++) {
            selOut[k] = i;
            k += a[aOff + i] != 0 && !Bitmaps.get(nulls, aOff + i) ? 1 : 0;
        }
        return k;
    }

    /**
     * Lane-wise Neumaier summation: each lane keeps a running sum and a correction; lanes are folded
     * (and the tail added) with the same compensated step.
     */
    @Override public double sum(double[] a, int off, long[] nulls, int[] sel, int count) {
        // a selection is gathered (hardware gathers pay off here); with NULLs as well, stay scalar
        if (sel != null && nulls != null) return SCALAR.sum(a, off, nulls, sel, count);
        DoubleVector s = DoubleVector.zero(D);
        DoubleVector c = DoubleVector.zero(D);
        int i = 0;
        for (int bound = D.loopBound(count); i < bound; i += D.length()) {
            DoubleVector x = sel == null ? DoubleVector.fromArray(D, a, off + i) : DoubleVector.fromArray(D, a, off, sel, i);
            if (nulls != null) x = x.blend(0.0, VectorMask.fromLong(D, Bitmaps.window(nulls, off + i)));
            DoubleVector t = s.add(x);
            VectorMask<Double> sBigger = s.abs().compare(VectorOperators.GE, x.abs());
            c = c.add(x.sub(t).add(s).blend(s.sub(t).add(x), sBigger));
            s = t;
        }
        double ss = 0.0, cc = 0.0;
        for (int j = 0; j < D.length(); j++) {
            double x = s.lane(j);
            double t = ss + x;
            cc += Math.abs(ss) >= Math.abs(x) ? (ss - t) + x : (x - t) + ss;
            ss = t;
            cc += c.lane(j);
        }
        for (; i < count; i++) {
            int r = sel == null ? i : sel[i];
            if (nulls != null && Bitmaps.get(nulls, off + r)) continue;
            double x = a[off + r];
            double t = ss + x;
            cc += Math.abs(ss) >= Math.abs(x) ? (ss - t) + x : (x - t) + ss;
            ss = t;
        }
        return Double.isFinite(ss) ? ss + cc : ss;
    }

    private static final ScalarKernels SCALAR = new ScalarKernels();

    @Override public long sumExact(long[] a, int off, long[] nulls, int[] sel, int count) {
        if (sel != null && nulls != null) return SCALAR.sumExact(a, off, nulls, sel, count);
        LongVector s = LongVector.zero(L);
        LongVector hi = LongVector.zero(L);
        int i = 0;
        for (int bound = L.loopBound(count); i < bound; i += L.length()) {
            LongVector x = sel == null ? LongVector.fromArray(L, a, off + i) : LongVector.fromArray(L, a, off, sel, i);
            if (nulls != null) x = x.blend(0L, VectorMask.fromLong(L, Bitmaps.window(nulls, off + i)));
            LongVector t = s.add(x);
            VectorMask<Long> wrapped = s.lanewise(VectorOperators.XOR, t).and(x.lanewise(VectorOperators.XOR, t)).compare(VectorOperators.LT, 0L);
            // x >> 63 | 1 is +1 for x >= 0 and -1 for x < 0: the direction of the wrap
            hi = hi.add(x.lanewise(VectorOperators.ASHR, 63).or(1L), wrapped);
            s = t;
        }
        long ss = 0, hh = 0;
        for (int j = 0; j < L.length(); j++) {
            long x = s.lane(j);
            long t = ss + x;
            if (((ss ^ t) & (x ^ t)) < 0) hh += x < 0 ? -1 : 1;
            ss = t;
            hh += hi.lane(j);
        }
        for (; i < count; i++) {
            int r = sel == null ? i : sel[i];
            if (nulls != null && Bitmaps.get(nulls, off + r)) continue;
            long x = a[off + r];
            long t = ss + x;
            if (((ss ^ t) & (x ^ t)) < 0) hh += x < 0 ? -1 : 1;
            ss = t;
        }
        if (hh != 0) throw ScalarKernels.overflow();
        return ss;
    }

    @Override public double min(double[] a, int off, long[] nulls, int[] sel, int count) {
        if (sel != null && nulls != null) return SCALAR.min(a, off, nulls, sel, count);
        DoubleVector m = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY);
        int i = 0;
        for (int bound = D.loopBound(count); i < bound; i += D.length()) {
            DoubleVector x = sel == null ? DoubleVector.fromArray(D, a, off + i) : DoubleVector.fromArray(D, a, off, sel, i);
            if (nulls != null) x = x.blend(Double.POSITIVE_INFINITY, VectorMask.fromLong(D, Bitmaps.window(nulls, off + i)));
            m = m.min(x);
        }
        double r = m.reduceLanes(VectorOperators.MIN);
        for (; i < count; i++) {
            int row = sel == null ? i : sel[i];
            if (nulls == null || !Bitmaps.get(nulls, off + row)) r = Math.min(r, a[off + row]);
        }
        return r;
    }

    @Override public double max(double[] a, int off, long[] nulls, int[] sel, int count) {
        if (sel != null && nulls != null) return SCALAR.max(a, off, nulls, sel, count);
        DoubleVector m = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = D.loopBound(count); i < bound; i += D.length()) {
            DoubleVector x = sel == null ? DoubleVector.fromArray(D, a, off + i) : DoubleVector.fromArray(D, a, off, sel, i);
            if (nulls != null) x = x.blend(Double.NEGATIVE_INFINITY, VectorMask.fromLong(D, Bitmaps.window(nulls, off + i)));
            m = m.max(x);
        }
        double r = m.reduceLanes(VectorOperators.MAX);
        for (; i < count; i++) {
            int row = sel == null ? i : sel[i];
            if (nulls == null || !Bitmaps.get(nulls, off + row)) r = Math.max(r, a[off + row]);
        }
        return r;
    }

    @Override public long min(long[] a, int off, long[] nulls, int[] sel, int count) {
        if (sel != null && nulls != null) return SCALAR.min(a, off, nulls, sel, count);
        LongVector m = LongVector.broadcast(L, Long.MAX_VALUE);
        int i = 0;
        for (int bound = L.loopBound(count); i < bound; i += L.length()) {
            LongVector x = sel == null ? LongVector.fromArray(L, a, off + i) : LongVector.fromArray(L, a, off, sel, i);
            if (nulls != null) x = x.blend(Long.MAX_VALUE, VectorMask.fromLong(L, Bitmaps.window(nulls, off + i)));
            m = m.min(x);
        }
        long r = m.reduceLanes(VectorOperators.MIN);
        for (; i < count; i++) {
            int row = sel == null ? i : sel[i];
            if (nulls == null || !Bitmaps.get(nulls, off + row)) r = Math.min(r, a[off + row]);
        }
        return r;
    }

    @Override public long max(long[] a, int off, long[] nulls, int[] sel, int count) {
        if (sel != null && nulls != null) return SCALAR.max(a, off, nulls, sel, count);
        LongVector m = LongVector.broadcast(L, Long.MIN_VALUE);
        int i = 0;
        for (int bound = L.loopBound(count); i < bound; i += L.length()) {
            LongVector x = sel == null ? LongVector.fromArray(L, a, off + i) : LongVector.fromArray(L, a, off, sel, i);
            if (nulls != null) x = x.blend(Long.MIN_VALUE, VectorMask.fromLong(L, Bitmaps.window(nulls, off + i)));
            m = m.max(x);
        }
        long r = m.reduceLanes(VectorOperators.MAX);
        for (; i < count; i++) {
            int row = sel == null ? i : sel[i];
            if (nulls == null || !Bitmaps.get(nulls, off + row)) r = Math.max(r, a[off + row]);
        }
        return r;
    }

    @Override public int countNonNull(long[] nulls, int off, int[] sel, int count) { return ScalarKernels.countNonNullLoop(nulls, off, sel, count); }
