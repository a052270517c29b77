package dev.nabla.plan.fn;

/**
 * The interpreter's kernel of a one-argument function over a batch: {@code out[i] = f(a[aOff + i])}
 * for {@code i < n}, IEEE values only (the caller applies the domain and NULLs). Each entry's kernel is
 * its own class, so the loop inside is monomorphic; the interpreter makes one call per batch.
 */
@FunctionalInterface
public interface ArrayKernel {
    void apply(double[] a, int aOff, double[] out, int n);

    /** The two-argument form: {@code out[i] = f(a[aOff + i], b[bOff + i])}. */
    @FunctionalInterface
    interface Binary {
        void apply(double[] a, int aOff, double[] b, int bOff, double[] out, int n);
    }
}
