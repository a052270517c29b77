package dev.nabla.vector;

/**
 * The numeric inner loops of the executor, over primitive arrays. Two implementations with the
 * same semantics: {@code ScalarKernels} (plain loops, the reference) and {@code PanamaKernels}
 * (SIMD through {@code jdk.incubator.vector}); {@link VectorizationProvider#get()} picks one.
 *
 * <p>Conventions, shared by every method:
 * <ul>
 *   <li>Inputs are {@code (array, offset)}: row {@code i} is {@code array[offset + i]}, exactly as in a
 *       {@code ColumnVector}. Outputs are dense: row {@code i} goes to {@code out[i]}, for
 *       {@code i < n}. Outputs may alias an input only when that input's offset is 0.</li>
 *   <li>Null bitmaps are {@code long[]} with bit {@code k} of word {@code k >>> 6} set for NULL;
 *       an input bitmap is addressed like its data ({@code nulls} bit {@code offset + i}); a
 *       {@code null} bitmap means no NULLs. Element-wise kernels ignore NULLs (NULL rows hold
 *       arbitrary values and produce arbitrary values; combine the bitmaps with {@link Bitmaps}).</li>
 *   <li>A selection vector {@code sel} with {@code count} entries names the rows to use
 *       ({@code sel[j]}, ascending); {@code sel == null} means rows {@code 0 .. count-1}.</li>
 *   <li>Kernels never allocate: callers pass output arrays of sufficient length.</li>
 * </ul>
 */
public interface VectorKernels {

    /** "panama" or "scalar". */
    String name();

    /** A one-line description, e.g. "panama: 4 x 64-bit lanes". */
    String describe();

    // ------------------------------------------------------------------ double arithmetic and math

    /** {@code out[i] = op(a[aOff+i])}. */
    void apply(DoubleUnaryOp op, double[] a, int aOff, double[] out, int n);

    /** {@code out[i] = a[aOff+i] op b[bOff+i]}. */
    void apply(DoubleBinaryOp op, double[] a, int aOff, double[] b, int bOff, double[] out, int n);

    /** {@code out[i] = a[aOff+i] op b}. */
    void apply(DoubleBinaryOp op, double[] a, int aOff, double b, double[] out, int n);

    /** {@code out[i] = a op b[bOff+i]}. */
    void apply(DoubleBinaryOp op, double a, double[] b, int bOff, double[] out, int n);

    // ------------------------------------------------------------------ long arithmetic

    /**
     * {@code out[i] = a[aOff+i] op b[bOff+i]}, wrapping on overflow. Returns the first row that
     * overflowed and is not NULL in {@code nulls} (dense: bit {@code i} for row {@code i}; may be
     * null), or -1. The engine turns a non-negative result into "integer overflow".
     */
    int apply(LongBinaryOp op, long[] a, int aOff, long[] b, int bOff, long[] out, long[] nulls, int n);

    /** {@code out[i] = a[aOff+i] op b}; overflow reported as above. */
    int apply(LongBinaryOp op, long[] a, int aOff, long b, long[] out, long[] nulls, int n);

    /** {@code out[i] = a op b[bOff+i]}; overflow reported as above. */
    int apply(LongBinaryOp op, long a, long[] b, int bOff, long[] out, long[] nulls, int n);

    /** {@code out[i] = -a[aOff+i]}; returns the first non-NULL row holding Long.MIN_VALUE, or -1. */
    int negateExact(long[] a, int aOff, long[] out, long[] nulls, int n);

    /** {@code out[i] = |a[aOff+i]|}; returns the first non-NULL row holding Long.MIN_VALUE, or -1. */
    int absExact(long[] a, int aOff, long[] out, long[] nulls, int n);

    /**
     * SQL integer division, truncating toward zero. A zero divisor sets the row's bit in
     * {@code nulls} (dense, bit {@code i}; read and written, must be non-null) and writes 0; rows
     * already NULL there are skipped. Returns the first non-NULL row computing
     * {@code Long.MIN_VALUE / -1} (which overflows), or -1.
     */
    int divide(long[] a, int aOff, long[] b, int bOff, long[] out, long[] nulls, int n);

    /** {@link #divide(long[], int, long[], int, long[], long[], int)} by a scalar divisor. */
    int divide(long[] a, int aOff, long b, long[] out, long[] nulls, int n);

    /** {@link #divide(long[], int, long[], int, long[], long[], int)} of a scalar dividend. */
    int divide(long a, long[] b, int bOff, long[] out, long[] nulls, int n);

    /** SQL remainder (sign of the dividend, Java's {@code %}); zero divisors become NULL as in {@link #divide}. */
    void remainder(long[] a, int aOff, long[] b, int bOff, long[] out, long[] nulls, int n);

    void remainder(long[] a, int aOff, long b, long[] out, long[] nulls, int n);

    void remainder(long a, long[] b, int bOff, long[] out, long[] nulls, int n);

    /** {@code out[i] = (double) a[aOff+i]} (round to nearest, as Java's cast). */
    void toDouble(long[] a, int aOff, double[] out, int n);

    /** {@code out[j] = a[aOff + sel[j]]} for {@code j < count}: materialises a filtered vector densely. */
    void gather(double[] a, int aOff, int[] sel, int count, double[] out);

    /** {@code out[j] = a[aOff + sel[j]]} for {@code j < count}. */
    void gather(long[] a, int aOff, int[] sel, int count, long[] out);

    // ------------------------------------------------------------------ comparisons

    /** {@code out[i] = a[aOff+i] op b[bOff+i] ? 1 : 0}. */
    void compare(Comparison op, double[] a, int aOff, double[] b, int bOff, long[] out, int n);

    /** {@code out[i] = a[aOff+i] op b ? 1 : 0}; for {@code scalar op array} use {@code op.flip()}. */
    void compare(Comparison op, double[] a, int aOff, double b, long[] out, int n);

    void compare(Comparison op, long[] a, int aOff, long[] b, int bOff, long[] out, int n);

    void compare(Comparison op, long[] a, int aOff, long b, long[] out, int n);

    /** Writes the rows {@code i < n} where {@code a[aOff+i] op b[bOff+i]} to {@code selOut}, ascending; returns how many. */
    int select(Comparison op, double[] a, int aOff, double[] b, int bOff, int n, int[] selOut);

    int select(Comparison op, double[] a, int aOff, double b, int n, int[] selOut);

    int select(Comparison op, long[] a, int aOff, long[] b, int bOff, int n, int[] selOut);

    int select(Comparison op, long[] a, int aOff, long b, int n, int[] selOut);

    /**
     * Keeps the rows {@code sel[j]} ({@code j < count}) where {@code a[aOff+sel[j]] op b[bOff+sel[j]]};
     * writes them to {@code selOut} (which may be {@code sel} itself) and returns how many.
     */
    int filter(Comparison op, double[] a, int aOff, double[] b, int bOff, int[] sel, int count, int[] selOut);

    int filter(Comparison op, double[] a, int aOff, double b, int[] sel, int count, int[] selOut);

    int filter(Comparison op, long[] a, int aOff, long[] b, int bOff, int[] sel, int count, int[] selOut);

    int filter(Comparison op, long[] a, int aOff, long b, int[] sel, int count, int[] selOut);

    /**
     * The rows of a BOOLEAN vector (0/1 longs) that are true and not NULL — a WHERE clause's verdict.
     * {@code sel}/{@code count} as usual; {@code nulls} addressed like {@code a}. Returns how many.
     */
    int selectTrue(long[] a, int aOff, long[] nulls, int[] sel, int count, int[] selOut);

    // ------------------------------------------------------------------ reductions (NULL rows skipped)

    /**
     * Sum of the non-NULL rows, compensated (Neumaier), so it is accurate to a few ulp of the
     * result regardless of cancellation. ±∞ and NaN propagate as in plain addition. The twins may
     * differ in the last bits (they group terms differently) but are each deterministic.
     */
    double sum(double[] a, int off, long[] nulls, int[] sel, int count);

    /** Exact sum of the non-NULL rows; throws {@code NablaException(NUMERIC_OVERFLOW, "integer overflow")} when it does not fit a long. */
    long sumExact(long[] a, int off, long[] nulls, int[] sel, int count);

    /** Smallest non-NULL value ({@link Math#min} semantics: NaN wins); +∞ when there is none. */
    double min(double[] a, int off, long[] nulls, int[] sel, int count);

    /** Largest non-NULL value ({@link Math#max} semantics: NaN wins); −∞ when there is none. */
    double max(double[] a, int off, long[] nulls, int[] sel, int count);

    /** Smallest non-NULL value; Long.MAX_VALUE when there is none. */
    long min(long[] a, int off, long[] nulls, int[] sel, int count);

    /** Largest non-NULL value; Long.MIN_VALUE when there is none. */
    long max(long[] a, int off, long[] nulls, int[] sel, int count);

    /** How many of the rows are not NULL ({@code nulls} addressed with {@code off}). */
    int countNonNull(long[] nulls, int off, int[] sel, int count);
}
