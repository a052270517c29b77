package dev.nabla.vector.sum;

import java.util.Locale;

/**
 * Adds an array of doubles to an {@link ExactSum}: {@link PanamaBulkAdd} (SIMD) or its scalar twin
 * {@link Scalar}. Both leave the accumulator in the same exact state, so which one runs (and the
 * vector width) cannot change a result. Picked once per JVM like {@code VectorizationProvider}:
 * {@code -Dnabla.simd=scalar} forces the scalar twin.
 */
interface BulkAdd {
    /** Adds every value and returns true when all are finite; otherwise adds nothing and returns false. */
    boolean addAllFinite(ExactSum acc, double[] a, int off, int n);

    BulkAdd INSTANCE = create();

    private static BulkAdd create() {
        if (System.getProperty("nabla.simd", "auto")
                .trim()
                .toLowerCase(Locale.ROOT)
                .equals("scalar")) return new Scalar();
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return new Scalar();
        try {
            return (BulkAdd) Class.forName("dev.nabla.vector.sum.PanamaBulkAdd")
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Scalar();
        }
    }

    /** The scalar twin: one exact addition per value. */
    final class Scalar implements BulkAdd {
        @Override
        public boolean addAllFinite(ExactSum acc, double[] a, int off, int n) {
            for (int i = 0; i < n; i++) if (!Double.isFinite(a[off + i])) return false;
            for (int i = 0; i < n; i++) acc.add(a[off + i]);
            return true;
        }
    }
}
