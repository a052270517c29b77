package dev.nabla.plan.fn;

import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.fn.ArrayFunction.Kernel;
import dev.nabla.plan.fn.ArrayFunction.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * The array functions' definitions ({@code DOUBLE[n]} arguments, DuckDB's names), read once by
 * {@link Functions}'s initializer. Each twin is written independently of its kernel (plain loops in
 * argument order), so the registry test compares two implementations, not one with itself.
 *
 * <p>Conventions: a zero vector has no direction, so its cosine (similarity or distance) and its
 * {@code l2_normalize} are NULL (DuckDB: NULL; pgvector: NaN). The cosine is clamped to [−1, 1]: rounding
 * can push it a little past, and a distance must stay in [0, 2].
 */
final class ArrayFunctions {
    private ArrayFunctions() {}

    static List<ArrayFunction> definitions() {
        List<ArrayFunction> out = new ArrayList<>();
        out.add(new ArrayFunction(
                Fn.ARRAY_INNER_PRODUCT,
                List.of("array_dot_product"),
                "inner product Σ aᵢ·bᵢ",
                2,
                Result.DOUBLE,
                "",
                (a, b) -> dot(a, b),
                (k, a, ar, b, br, bc, w, r, s, nl, n) -> {
                    k.dot(a, ar, b, br, bc, w, r, n);
                    return false;
                }));
        out.add(new ArrayFunction(
                Fn.ARRAY_NEGATIVE_INNER_PRODUCT,
                List.of("array_negative_dot_product"),
                "−Σ aᵢ·bᵢ (pgvector's `a <#> b`: smaller is more similar)",
                2,
                Result.DOUBLE,
                "",
                (a, b) -> -dot(a, b),
                (k, a, ar, b, br, bc, w, r, s, nl, n) -> {
                    k.dot(a, ar, b, br, bc, w, r, n);
                    for (int i = 0; i < n; i++) r[i] = -r[i];
                    return false;
                }));
        out.add(new ArrayFunction(
                Fn.ARRAY_DISTANCE,
                List.of(),
                "Euclidean (L2) distance √Σ (aᵢ − bᵢ)² (pgvector's `a <-> b`)",
                2,
                Result.DOUBLE,
                "",
                (a, b) -> {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
                    return Math.sqrt(s);
                },
                (k, a, ar, b, br, bc, w, r, s, nl, n) -> {
                    k.squaredDistance(a, ar, b, br, bc, w, r, n);
                    for (int i = 0; i < n; i++) r[i] = Math.sqrt(r[i]);
                    return false;
                }));
        out.add(new ArrayFunction(
                Fn.ARRAY_COSINE_SIMILARITY,
                List.of(),
                "a·b / (‖a‖‖b‖), clamped to [−1, 1]",
                2,
                Result.DOUBLE,
                "a zero vector",
                (a, b) -> cosine(a, b, false),
                cosineKernel(false)));
        out.add(new ArrayFunction(
                Fn.ARRAY_COSINE_DISTANCE,
                List.of(),
                "1 − cosine similarity, in [0, 2] (pgvector's `a <=> b`)",
                2,
                Result.DOUBLE,
                "a zero vector",
                (a, b) -> cosine(a, b, true),
                cosineKernel(true)));
        out.add(new ArrayFunction(
                Fn.ARRAY_NORM,
                List.of(),
                "L2 norm √Σ aᵢ²",
                1,
                Result.DOUBLE,
                "",
                (a, b) -> Math.sqrt(dot(a, a)),
                (k, a, ar, b, br, bc, w, r, s, nl, n) -> {
                    k.squaredNorm(a, ar, w, r, n);
                    for (int i = 0; i < n; i++) r[i] = Math.sqrt(r[i]);
                    return false;
                }));
        out.add(new ArrayFunction(
                Fn.L2_NORMALIZE,
                List.of(),
                "a / ‖a‖ (each element divided, so [3, 4] gives exactly [0.6, 0.8])",
                1,
                Result.SAME_ARRAY,
                "a zero vector",
                (a, b) -> {
                    double norm = Math.sqrt(dot(a, a));
                    if (norm == 0) return null;
                    double[] r = new double[a.length];
                    for (int i = 0; i < a.length; i++) r[i] = a[i] / norm;
                    return r;
                },
                (k, a, ar, b, br, bc, w, r, s, nl, n) -> {
                    k.squaredNorm(a, ar, w, s, n);
                    boolean any = false;
                    for (int i = 0; i < n; i++) {
                        int ao = (ar + i) * w, oo = i * w;
                        if (s[i] == 0) {
                            nl[i] = true;
                            any = true;
                            java.util.Arrays.fill(r, oo, oo + w, 0);
                            continue;
                        }
                        // divide rather than multiply by 1/‖a‖: each element is then correctly rounded
                        double norm = Math.sqrt(s[i]);
                        for (int j = 0; j < w; j++) r[oo + j] = a[ao + j] / norm;
                    }
                    return any;
                }));
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static Double cosine(double[] a, double[] b, boolean distance) {
        double ab = dot(a, b), aa = dot(a, a), bb = dot(b, b);
        // the kernel tests the product of the squared norms, so a vector whose norms' product underflows
        // counts as zero on both paths
        if (aa * bb == 0) return null;
        double c = Math.max(-1.0, Math.min(1.0, ab / Math.sqrt(aa * bb)));
        return distance ? 1.0 - c : c;
    }

    private static Kernel cosineKernel(boolean distance) {
        return (k, a, ar, b, br, bc, w, r, s, nl, n) -> {
            k.cosineParts(a, ar, b, br, bc, w, r, s, n);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (s[i] == 0) {
                    nl[i] = true;
                    any = true;
                    r[i] = 0;
                    continue;
                }
                double c = Math.max(-1.0, Math.min(1.0, r[i] / Math.sqrt(s[i])));
                r[i] = distance ? 1.0 - c : c;
            }
            return any;
        };
    }
}
