package dev.nabla.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.common.NablaException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SIMD twin against the scalar reference, over awkward sizes, offsets and special values. */
class KernelEquivalenceTest {
    static final int[] SIZES = {0, 1, 7, 8, 15, 16, 17, 1023, 1024, 1025, 4099};
    static final int[] OFFSETS = {0, 3};
    static final VectorKernels S = new ScalarKernels();
    static final VectorKernels P = new PanamaKernels();
    static final double[] SPECIAL = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        0.0,
        -0.0,
        1.0,
        -1.0,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MIN_NORMAL,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        0.5,
        -0.5,
        2.5,
        -2.5,
        1e300,
        -1e300,
        4503599627370497.0,
        -4503599627370497.0,
        0x1p52,
        1 - 0x1p-53,
        8.0,
        0.1,
        Math.PI
    };
    static final long[] SPECIAL_L = {
        0,
        1,
        -1,
        2,
        -2,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        Long.MIN_VALUE + 1,
        Long.MAX_VALUE - 1,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        1L << 32,
        -(1L << 32),
        3037000499L,
        3037000500L,
        -3037000500L
    };
    /** Operations whose SIMD twin must match bit for bit. */
    static final Set<DoubleUnaryOp> EXACT_UNARY = EnumSet.of(
            DoubleUnaryOp.NEG,
            DoubleUnaryOp.ABS,
            DoubleUnaryOp.SQRT,
            DoubleUnaryOp.FLOOR,
            DoubleUnaryOp.CEIL,
            DoubleUnaryOp.SIGN,
            DoubleUnaryOp.RELU);

    static final Set<DoubleBinaryOp> EXACT_BINARY = EnumSet.of(
            DoubleBinaryOp.ADD,
            DoubleBinaryOp.SUB,
            DoubleBinaryOp.MUL,
            DoubleBinaryOp.DIV,
            DoubleBinaryOp.MIN,
            DoubleBinaryOp.MAX);

    final Random rnd = new Random(42);

    double[] doubles(int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = switch (rnd.nextInt(6)) {
                case 0 -> SPECIAL[rnd.nextInt(SPECIAL.length)];
                case 1 -> rnd.nextGaussian() * 1e6;
                case 2 -> Math.scalb(rnd.nextDouble() - 0.5, rnd.nextInt(200) - 100);
                case 3 -> rnd.nextInt(21) - 10 + (rnd.nextBoolean() ? 0.5 : 0.0);
                default -> rnd.nextDouble() * 4 - 2;
            };
        }
        return a;
    }

    /** Finite, moderate values (for sums: no ±∞/NaN, no overflow). */
    double[] finiteDoubles(int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++)
            a[i] = rnd.nextBoolean()
                    ? rnd.nextGaussian() * 1e3
                    : Math.scalb(rnd.nextDouble() - 0.5, rnd.nextInt(60) - 30);
        return a;
    }

    long[] longs(int len) {
        long[] a = new long[len];
        for (int i = 0; i < len; i++) {
            a[i] = switch (rnd.nextInt(5)) {
                case 0 -> SPECIAL_L[rnd.nextInt(SPECIAL_L.length)];
                case 1 -> rnd.nextLong();
                case 2 -> rnd.nextInt(2001) - 1000;
                default -> rnd.nextInt();
            };
        }
        return a;
    }

    long[] smallLongs(int len) {
        long[] a = new long[len];
        for (int i = 0; i < len; i++) a[i] = rnd.nextInt(2_000_001) - 1_000_000;
        return a;
    }

    long[] nulls(int bits, double rate) {
        if (rate == 0) return null;
        long[] b = new long[Bitmaps.words(bits) + 1];
        for (int i = 0; i < bits; i++) if (rnd.nextDouble() < rate) Bitmaps.set(b, i);
        return b;
    }

    int[] selection(int n) {
        int[] sel = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) if (rnd.nextInt(3) != 0) sel[k++] = i;
        return Arrays.copyOf(sel, k);
    }

    static long ulps(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) && Double.isNaN(b) ? 0 : Long.MAX_VALUE;
        long ia = Double.doubleToLongBits(a), ib = Double.doubleToLongBits(b);
        if (ia < 0) ia = Long.MIN_VALUE - ia;
        if (ib < 0) ib = Long.MIN_VALUE - ib;
        return Math.abs(ia - ib);
    }

    static void assertClose(String what, double[] expected, double[] actual, int n, long maxUlps) {
        for (int i = 0; i < n; i++) {
            if (maxUlps == 0) {
                if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                    fail(what + " row " + i + ": expected " + expected[i] + " but was " + actual[i]);
                }
            } else if (ulps(expected[i], actual[i]) > maxUlps) {
                fail(what + " row " + i + ": expected " + expected[i] + " but was " + actual[i] + " ("
                        + ulps(expected[i], actual[i]) + " ulp)");
            }
        }
    }

    static long tolerance(DoubleUnaryOp op) {
        if (EXACT_UNARY.contains(op)) return 0;
        // composites of two intrinsics accumulate their last-ulp differences
        return op == DoubleUnaryOp.SOFTPLUS || op == DoubleUnaryOp.SIGMOID || op == DoubleUnaryOp.LOG2 ? 4 : 2;
    }

    @Test
    void providerUsesSimdUnderTest() {
        VectorKernels k = VectorizationProvider.get();
        assertThat(k.name()).isEqualTo("panama");
        assertThat(k.describe()).contains("lanes");
        assertThat(P.describe()).startsWith("panama");
        String old = System.getProperty("nabla.simd");
        try {
            System.setProperty("nabla.simd", "scalar");
            assertThat(VectorizationProvider.create().name()).isEqualTo("scalar");
        } finally {
            if (old == null) System.clearProperty("nabla.simd");
            else System.setProperty("nabla.simd", old);
        }
    }

    @Test
    void unaryDoubles() {
        for (DoubleUnaryOp op : DoubleUnaryOp.values()) {
            for (int n : SIZES) {
                for (int off : OFFSETS) {
                    double[] a = doubles(n + off);
                    double[] e = new double[n], p = new double[n], m = new double[n];
                    S.apply(op, a, off, e, n);
                    P.apply(op, a, off, p, n);
                    assertClose(op + " n=" + n + " off=" + off, e, p, n, tolerance(op));
                }
            }
        }
    }

    @Test
    void unaryMatchesMath() {
        double[] a = doubles(2000);
        double[] out = new double[a.length];
        S.apply(DoubleUnaryOp.LN, a, 0, out, a.length);
        for (int i = 0; i < a.length; i++)
            assertEquals(Double.doubleToLongBits(Math.log(a[i])), Double.doubleToLongBits(out[i]));
        S.apply(DoubleUnaryOp.FLOOR, a, 0, out, a.length);
        for (int i = 0; i < a.length; i++)
            assertEquals(Double.doubleToLongBits(Math.floor(a[i])), Double.doubleToLongBits(out[i]));
        double[] pow2 = {1, 2, 4, 8, 1024, 0x1p-20, 0x1p1000, 0.5};
        double[] l2 = new double[pow2.length];
        P.apply(DoubleUnaryOp.LOG2, pow2, 0, l2, pow2.length);
        assertThat(l2).containsExactly(0, 1, 2, 3, 10, -20, 1000, -1);
        S.apply(DoubleUnaryOp.LOG2, pow2, 0, l2, pow2.length);
        assertThat(l2).containsExactly(0, 1, 2, 3, 10, -20, 1000, -1);
        double[] sp = {-1000, 1000, 0, Double.NaN};
        double[] r = new double[4];
        for (VectorKernels k : new VectorKernels[] {S, P}) {
            k.apply(DoubleUnaryOp.SIGMOID, sp, 0, r, 4);
            assertThat(r[0]).isEqualTo(0.0);
            assertThat(r[1]).isEqualTo(1.0);
            assertThat(r[2]).isEqualTo(0.5);
            assertThat(r[3]).isNaN();
            k.apply(DoubleUnaryOp.SOFTPLUS, sp, 0, r, 4);
            assertThat(r[0]).isEqualTo(0.0);
            assertThat(r[1]).isEqualTo(1000.0);
            assertThat(r[2]).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-15));
        }
    }

    @Test
    void binaryDoubles() {
        for (DoubleBinaryOp op : DoubleBinaryOp.values()) {
            long tol = EXACT_BINARY.contains(op) ? 0 : 2;
            for (int n : SIZES) {
                for (int off : OFFSETS) {
                    double[] a = doubles(n + off), b = doubles(n + off + 1);
                    double s = SPECIAL[rnd.nextInt(SPECIAL.length)];
                    double[] e = new double[n], p = new double[n];
                    S.apply(op, a, off, b, off + 1, e, n);
                    P.apply(op, a, off, b, off + 1, p, n);
                    assertClose(op + " VV n=" + n, e, p, n, tol);
                    S.apply(op, a, off, s, e, n);
                    P.apply(op, a, off, s, p, n);
                    assertClose(op + " VS n=" + n + " s=" + s, e, p, n, tol);
                    S.apply(op, s, b, off, e, n);
                    P.apply(op, s, b, off, p, n);
                    assertClose(op + " SV n=" + n + " s=" + s, e, p, n, tol);
                }
            }
        }
    }

    /**
     * pow's special cases once C2 has compiled the kernel: its intrinsic follows C99 (pow(1, NaN) = 1,
     * pow(-1, ±Inf) = 1) where Math.pow gives NaN; the kernel must agree with its twin either way.
     */
    @Test
    void powSpecialCasesAfterWarmUp() {
        double[][] cases = {
            {1, Double.NaN},
            {-1, Double.POSITIVE_INFINITY},
            {1, Double.NEGATIVE_INFINITY},
            {-1, Double.NEGATIVE_INFINITY},
            {Double.NaN, 0},
            {1, 0.5},
            {-8, 1.0 / 3},
            {0, -1},
            {-0.0, -3},
            {2, 10}
        };
        // each special case alone among ordinary lanes (the intrinsic may take another path when every lane is
        // ordinary)
        int n = 4096;
        double[] a = new double[n], b = new double[n], p = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 1.5 + (i % 7) * 0.25;
            b[i] = 0.5 + (i % 5) * 0.75;
        }
        for (int k = 0; k < cases.length; k++) {
            a[97 * k + 13] = cases[k][0];
            b[97 * k + 13] = cases[k][1];
        }
        for (int round = 0; round < 1500; round++) P.apply(DoubleBinaryOp.POW, a, 0, b, 0, p, n);
        for (int i = 0; i < n; i++) {
            assertThat(Double.doubleToLongBits(p[i]))
                    .as("pow(%s, %s) = %s", a[i], b[i], p[i])
                    .isEqualTo(Double.doubleToLongBits(Math.pow(a[i], b[i])));
        }
    }

    @Test
    void longArithmetic() {
        for (LongBinaryOp op : LongBinaryOp.values()) {
            for (int n : SIZES) {
                for (int off : OFFSETS) {
                    for (boolean small : new boolean[] {true, false}) {
                        long[] a = small ? smallLongs(n + off) : longs(n + off),
                                b = small ? smallLongs(n + 2) : longs(n + 2);
                        long s = small ? rnd.nextInt(1000) - 500 : SPECIAL_L[rnd.nextInt(SPECIAL_L.length)];
                        long[] nulls = nulls(n, rnd.nextBoolean() ? 0 : 0.3);
                        long[] e = new long[n], p = new long[n];
                        String what = op + " n=" + n + " off=" + off + " small=" + small;
                        assertEquals(
                                S.apply(op, a, off, b, 2, e, nulls, n),
                                P.apply(op, a, off, b, 2, p, nulls, n),
                                what + " VV");
                        assertThat(p).as(what).containsExactly(e);
                        assertEquals(
                                S.apply(op, a, off, s, e, nulls, n), P.apply(op, a, off, s, p, nulls, n), what + " VS");
                        assertThat(p).as(what).containsExactly(e);
                        assertEquals(
                                S.apply(op, s, b, 2, e, nulls, n), P.apply(op, s, b, 2, p, nulls, n), what + " SV");
                        assertThat(p).as(what).containsExactly(e);
                        // the reference itself agrees with Math.*Exact
                        int first = S.apply(op, a, off, b, 2, e, null, n);
                        int expected = -1;
                        for (int i = 0; i < n && expected < 0; i++) {
                            try {
                                switch (op) {
                                    case ADD -> Math.addExact(a[off + i], b[2 + i]);
                                    case SUB -> Math.subtractExact(a[off + i], b[2 + i]);
                                    case MUL -> Math.multiplyExact(a[off + i], b[2 + i]);
                                    default -> {}
                                }
                            } catch (ArithmeticException ex) {
                                expected = i;
                            }
                        }
                        assertEquals(expected, first, what);
                    }
                }
            }
        }
    }

    @Test
    void overflowInNullRowsIsIgnored() {
        long[] a = {1, Long.MAX_VALUE, 3, Long.MAX_VALUE, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
        long[] out = new long[a.length];
        long[] nulls = new long[1];
        Bitmaps.set(nulls, 1);
        for (VectorKernels k : new VectorKernels[] {S, P}) {
            assertThat(k.apply(LongBinaryOp.ADD, a, 0, 1L, out, null, a.length)).isEqualTo(1);
            assertThat(k.apply(LongBinaryOp.ADD, a, 0, 1L, out, nulls, a.length))
                    .isEqualTo(3);
            assertThat(k.apply(LongBinaryOp.ADD, a, 4, 1L, out, nulls, a.length - 4))
                    .isEqualTo(-1);
        }
    }

    @Test
    void longUnaryDivisionAndConversion() {
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                long[] a = longs(n + off), b = longs(n + off);
                for (int i = 0; i < b.length; i += 5) b[i] = rnd.nextBoolean() ? 0 : -1;
                long[] nulls = nulls(n, rnd.nextBoolean() ? 0 : 0.2);
                long[] e = new long[n], p = new long[n];
                assertEquals(S.negateExact(a, off, e, nulls, n), P.negateExact(a, off, p, nulls, n));
                assertThat(p).containsExactly(e);
                assertEquals(S.absExact(a, off, e, nulls, n), P.absExact(a, off, p, nulls, n));
                assertThat(p).containsExactly(e);
                long[] zs = new long[Bitmaps.words(n) + 1], zp = new long[Bitmaps.words(n) + 1];
                if (nulls != null) {
                    System.arraycopy(nulls, 0, zs, 0, zs.length);
                    System.arraycopy(nulls, 0, zp, 0, zp.length);
                }
                assertEquals(S.divide(a, off, b, off, e, zs, n), P.divide(a, off, b, off, p, zp, n));
                assertThat(p).containsExactly(e);
                assertThat(zp).containsExactly(zs);
                for (int i = 0; i < n; i++) {
                    long y = b[off + i];
                    if (y == 0) assertTrue(Bitmaps.get(zs, i));
                    else assertEquals(a[off + i] / y, e[i]);
                }
                S.remainder(a, off, b, off, e, zs, n);
                P.remainder(a, off, b, off, p, zp, n);
                assertThat(p).containsExactly(e);
                double[] de = new double[n], dp = new double[n];
                S.toDouble(a, off, de, n);
                P.toDouble(a, off, dp, n);
                assertClose("toDouble", de, dp, n, 0);
                for (int i = 0; i < n; i++) assertEquals((double) a[off + i], de[i]);
            }
        }
        long[] out = new long[3];
        long[] z = new long[1];
        assertThat(S.divide(new long[] {Long.MIN_VALUE, 7, -7}, 0, -1L, out, z, 3))
                .isEqualTo(0);
        assertThat(S.divide(new long[] {7, -7, 6}, 0, 2L, out, z, 3)).isEqualTo(-1);
        assertThat(out).containsExactly(3, -3, 3);
        S.remainder(new long[] {7, -7, 6}, 0, 0L, out, z, 3);
        assertThat(z[0]).isEqualTo(7L);
    }

    @Test
    void comparisons() {
        for (Comparison op : Comparison.values()) {
            for (int n : SIZES) {
                for (int off : OFFSETS) {
                    double[] a = doubles(n + off), b = doubles(n + off);
                    for (int i = 0; i < b.length; i += 3) b[i] = a[i];
                    double s = SPECIAL[rnd.nextInt(SPECIAL.length)];
                    long[] la = longs(n + off), lb = longs(n + off);
                    for (int i = 0; i < lb.length; i += 3) lb[i] = la[i];
                    long ls = la.length > 0 ? la[rnd.nextInt(la.length)] : 0;
                    checkCompare(op, n, off, a, b, s, la, lb, ls);
                }
            }
        }
    }

    private void checkCompare(
            Comparison op, int n, int off, double[] a, double[] b, double s, long[] la, long[] lb, long ls) {
        long[] e = new long[n], p = new long[n];
        int[] se = new int[n], sp = new int[n];
        String what = op + " n=" + n + " off=" + off;
        S.compare(op, a, off, b, off, e, n);
        P.compare(op, a, off, b, off, p, n);
        assertThat(p).as(what).containsExactly(e);
        for (int i = 0; i < n; i++) assertEquals(op.test(a[off + i], b[off + i]) ? 1L : 0L, e[i]);
        S.compare(op, a, off, s, e, n);
        P.compare(op, a, off, s, p, n);
        assertThat(p).as(what).containsExactly(e);
        S.compare(op, la, off, lb, off, e, n);
        P.compare(op, la, off, lb, off, p, n);
        assertThat(p).as(what).containsExactly(e);
        S.compare(op, la, off, ls, e, n);
        P.compare(op, la, off, ls, p, n);
        assertThat(p).as(what).containsExactly(e);

        int ke = S.select(op, a, off, b, off, n, se), kp = P.select(op, a, off, b, off, n, sp);
        assertThat(Arrays.copyOf(sp, kp)).as(what).containsExactly(Arrays.copyOf(se, ke));
        ke = S.select(op, a, off, s, n, se);
        kp = P.select(op, a, off, s, n, sp);
        assertThat(Arrays.copyOf(sp, kp)).as(what).containsExactly(Arrays.copyOf(se, ke));
        ke = S.select(op, la, off, lb, off, n, se);
        kp = P.select(op, la, off, lb, off, n, sp);
        assertThat(Arrays.copyOf(sp, kp)).as(what).containsExactly(Arrays.copyOf(se, ke));
        ke = S.select(op, la, off, ls, n, se);
        kp = P.select(op, la, off, ls, n, sp);
        assertThat(Arrays.copyOf(sp, kp)).as(what).containsExactly(Arrays.copyOf(se, ke));
        for (int j = 0; j < ke; j++) assertTrue(op.test(la[off + se[j]], ls));

        int[] sel = selection(n);
        int[] fp = sel.clone();
        ke = S.filter(op, a, off, b, off, sel, sel.length, se);
        kp = P.filter(op, a, off, b, off, fp, fp.length, fp);
        assertThat(Arrays.copyOf(fp, kp)).as(what).containsExactly(Arrays.copyOf(se, ke));
        for (int j = 0; j < ke; j++) assertTrue(op.test(a[off + se[j]], b[off + se[j]]));
        ke = S.filter(op, a, off, s, sel, sel.length, se);
        kp = P.filter(op, a, off, s, sel, sel.length, sp);
        assertThat(Arrays.copyOf(sp, kp)).as(what).containsExactly(Arrays.copyOf(se, ke));
        ke = S.filter(op, la, off, lb, off, sel, sel.length, se);
        kp = P.filter(op, la, off, lb, off, sel, sel.length, sp);
        assertThat(Arrays.copyOf(sp, kp)).as(what).containsExactly(Arrays.copyOf(se, ke));
        ke = S.filter(op, la, off, ls, sel, sel.length, se);
        kp = P.filter(op, la, off, ls, sel, sel.length, sp);
        assertThat(Arrays.copyOf(sp, kp)).as(what).containsExactly(Arrays.copyOf(se, ke));
    }

    @Test
    void gather() {
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                double[] a = doubles(n + off);
                long[] l = longs(n + off);
                int[] sel = selection(n);
                double[] de = new double[sel.length], dp = new double[sel.length];
                S.gather(a, off, sel, sel.length, de);
                P.gather(a, off, sel, sel.length, dp);
                assertClose("gather", de, dp, sel.length, 0);
                for (int j = 0; j < sel.length; j++)
                    assertEquals(Double.doubleToLongBits(a[off + sel[j]]), Double.doubleToLongBits(de[j]));
                long[] le = new long[sel.length], lp = new long[sel.length];
                S.gather(l, off, sel, sel.length, le);
                P.gather(l, off, sel, sel.length, lp);
                assertThat(lp).containsExactly(le);
            }
        }
    }

    @Test
    void selectTrue() {
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                long[] a = new long[n + off];
                for (int i = 0; i < a.length; i++) a[i] = rnd.nextInt(2);
                long[] nulls = nulls(n + off, rnd.nextBoolean() ? 0 : 0.25);
                int[] se = new int[n], sp = new int[n];
                int ke = S.selectTrue(a, off, nulls, null, n, se), kp = P.selectTrue(a, off, nulls, null, n, sp);
                assertThat(Arrays.copyOf(sp, kp)).containsExactly(Arrays.copyOf(se, ke));
                for (int j = 0; j < ke; j++) assertTrue(a[off + se[j]] == 1 && !Bitmaps.get(nulls, off + se[j]));
                int[] sel = selection(n);
                ke = S.selectTrue(a, off, nulls, sel, sel.length, se);
                kp = P.selectTrue(a, off, nulls, sel, sel.length, sp);
                assertThat(Arrays.copyOf(sp, kp)).containsExactly(Arrays.copyOf(se, ke));
            }
        }
    }

    @Test
    void reductions() {
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                for (double nullRate : new double[] {0, 0.3}) {
                    long[] nulls = nulls(n + off, nullRate);
                    int[] sel = rnd.nextBoolean() ? null : selection(n);
                    int count = sel == null ? n : sel.length;
                    String what = "n=" + n + " off=" + off + " nulls=" + nullRate + " sel=" + (sel != null);

                    double[] f = finiteDoubles(n + off);
                    double se = S.sum(f, off, nulls, sel, count), sp = P.sum(f, off, nulls, sel, count);
                    double abs = 0;
                    for (int j = 0; j < count; j++) {
                        int r = sel == null ? j : sel[j];
                        if (!Bitmaps.get(nulls, off + r)) abs += Math.abs(f[off + r]);
                    }
                    assertThat(Math.abs(se - sp)).as(what).isLessThanOrEqualTo(Math.max(1, n) * Math.ulp(abs));

                    double[] d = doubles(n + off);
                    se = S.sum(d, off, nulls, sel, count);
                    sp = P.sum(d, off, nulls, sel, count);
                    if (!Double.isFinite(se) || !Double.isFinite(sp))
                        assertThat(Double.valueOf(sp)).as(what).isEqualTo(Double.valueOf(se));
                    assertThat(Double.doubleToLongBits(P.min(d, off, nulls, sel, count)))
                            .as(what + " min")
                            .isEqualTo(Double.doubleToLongBits(S.min(d, off, nulls, sel, count)));
                    assertThat(Double.doubleToLongBits(P.max(d, off, nulls, sel, count)))
                            .as(what + " max")
                            .isEqualTo(Double.doubleToLongBits(S.max(d, off, nulls, sel, count)));
                    double[] nonan = finiteDoubles(n + off);
                    for (int i = 0; i < nonan.length; i += 7) nonan[i] = rnd.nextBoolean() ? 0.0 : -0.0;
                    assertThat(Double.doubleToLongBits(P.min(nonan, off, nulls, sel, count)))
                            .isEqualTo(Double.doubleToLongBits(S.min(nonan, off, nulls, sel, count)));
                    assertThat(Double.doubleToLongBits(P.max(nonan, off, nulls, sel, count)))
                            .isEqualTo(Double.doubleToLongBits(S.max(nonan, off, nulls, sel, count)));

                    long[] l = rnd.nextBoolean() ? smallLongs(n + off) : longs(n + off);
                    Object le = exactSum(S, l, off, nulls, sel, count), lp = exactSum(P, l, off, nulls, sel, count);
                    assertThat(lp).as(what + " sumExact").isEqualTo(le);
                    assertThat(P.min(l, off, nulls, sel, count)).isEqualTo(S.min(l, off, nulls, sel, count));
                    assertThat(P.max(l, off, nulls, sel, count)).isEqualTo(S.max(l, off, nulls, sel, count));
                    assertThat(P.countNonNull(nulls, off, sel, count))
                            .isEqualTo(S.countNonNull(nulls, off, sel, count));
                    int nonNull = 0;
                    for (int j = 0; j < count; j++)
                        if (!Bitmaps.get(nulls, off + (sel == null ? j : sel[j]))) nonNull++;
                    assertThat(S.countNonNull(nulls, off, sel, count)).isEqualTo(nonNull);
                }
            }
        }
    }

    private static Object exactSum(VectorKernels k, long[] a, int off, long[] nulls, int[] sel, int count) {
        try {
            return k.sumExact(a, off, nulls, sel, count);
        } catch (NablaException e) {
            return e.getMessage();
        }
    }

    @Test
    void sumExactIsOrderIndependent() {
        long[] a = {Long.MAX_VALUE, 1, -2, 5, 6, 7, 8, 9, 10, -44};
        for (VectorKernels k : new VectorKernels[] {S, P}) {
            assertThat(k.sumExact(a, 0, null, null, a.length)).isEqualTo(Long.MAX_VALUE);
            long[] big = new long[100];
            Arrays.fill(big, Long.MAX_VALUE / 50);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> k.sumExact(big, 0, null, null, big.length))
                    .isInstanceOf(NablaException.class)
                    .hasMessage("integer overflow");
        }
    }

    @Test
    void compensatedSumIsAccurate() {
        double[] a = new double[10_001];
        a[0] = 1e16;
        Arrays.fill(a, 1, 10_000, 1.0);
        a[10_000] = -1e16;
        for (VectorKernels k : new VectorKernels[] {S, P}) {
            assertThat(k.sum(a, 0, null, null, a.length)).isEqualTo(9999.0);
            assertThat(k.sum(new double[] {1, Double.POSITIVE_INFINITY, 2}, 0, null, null, 3))
                    .isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(k.sum(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, 0, null, null, 2))
                    .isNaN();
            assertThat(k.min(new double[0], 0, null, null, 0)).isEqualTo(Double.POSITIVE_INFINITY);
        }
    }

    /**
     * Until C2 compiles them, Vector API transcendentals run lane by lane through Math and agree
     * exactly; compiled (after several hundred calls), they use the platform's SIMD intrinsics, which
     * may differ in the last ulp. Warm a few representative ones up so the tolerance check also covers
     * compiled code (the others share the same intrinsic machinery).
     */
    @Test
    void transcendentalsWhenCompiled() {
        int n = 2048;
        double[] a = doubles(n), b = doubles(n);
        double[] e = new double[n], p = new double[n];
        for (DoubleUnaryOp op : new DoubleUnaryOp[] {DoubleUnaryOp.EXP, DoubleUnaryOp.SIN}) {
            for (int rep = 0; rep < 1000; rep++) P.apply(op, a, 0, p, n);
            S.apply(op, a, 0, e, n);
            P.apply(op, a, 0, p, n);
            assertClose(op + " compiled", e, p, n, tolerance(op));
        }
        for (int rep = 0; rep < 1000; rep++) P.apply(DoubleBinaryOp.POW, a, 0, b, 0, p, n);
        S.apply(DoubleBinaryOp.POW, a, 0, b, 0, e, n);
        P.apply(DoubleBinaryOp.POW, a, 0, b, 0, p, n);
        assertClose("POW compiled", e, p, n, 2);
    }
}
