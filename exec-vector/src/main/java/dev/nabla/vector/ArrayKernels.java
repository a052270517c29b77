package dev.nabla.vector;

/**
 * Row-by-row reductions over fixed-size arrays ({@code DOUBLE[w]}) stored row-major: row {@code r}
 * of {@code a} is {@code a[r·w … (r + 1)·w)}. Each method handles {@code n} rows: row {@code i}
 * of the left operand is row {@code aRow + i}, of the right operand row {@code bRow + i}, or row
 * {@code bRow} for every {@code i} when {@code bConst} (a query vector against a column). Results
 * are dense ({@code out[i]}). Two twins with the same semantics: {@link ScalarArrayKernels} (plain
 * loops, the reference) and {@code PanamaArrayKernels} (SIMD); {@link VectorizationProvider#arrays()}
 * picks one. They may differ in the last bits, as the SIMD twin adds in lane order.
 */
public interface ArrayKernels {
    /** {@code out[i] = Σ_k a_k·b_k}. */
    void dot(double[] a, int aRow, double[] b, int bRow, boolean bConst, int w, double[] out, int n);

    /** {@code out[i] = Σ_k (a_k − b_k)²} (the squared L2 distance). */
    void squaredDistance(double[] a, int aRow, double[] b, int bRow, boolean bConst, int w, double[] out, int n);

    /** {@code dot[i] = Σ a_k·b_k} and {@code norms[i] = (Σ a_k²)·(Σ b_k²)} in one pass (cosine similarity). */
    void cosineParts(
            double[] a, int aRow, double[] b, int bRow, boolean bConst, int w, double[] dot, double[] norms, int n);

    /** {@code out[i] = Σ_k a_k²}. */
    void squaredNorm(double[] a, int aRow, int w, double[] out, int n);
}
