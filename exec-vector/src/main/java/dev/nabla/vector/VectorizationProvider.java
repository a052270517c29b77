package dev.nabla.vector;

/**
 * Picks the kernel implementation once per JVM: the SIMD twin when {@code jdk.incubator.vector} is
 * present (run with {@code --add-modules jdk.incubator.vector}) and the CPU has at least two 64-bit
 * lanes, the scalar twin otherwise (with one line on stderr saying why).
 * {@code -Dnabla.simd=scalar} forces the scalar twin; {@code -Dnabla.simd=panama} insists on SIMD
 * and fails when it is unavailable.
 */
public final class VectorizationProvider {
    private VectorizationProvider() {}

    private static final class Holder {
        static final VectorKernels INSTANCE = create();
    }

    /** The kernels this JVM uses. */
    public static VectorKernels get() {
        return Holder.INSTANCE;
    }

    private static final class ArrayHolder {
        static final ArrayKernels INSTANCE = createArrays();
    }

    /** The fixed-size-array kernels this JVM uses (the same choice as {@link #get()}). */
    public static ArrayKernels arrays() {
        return ArrayHolder.INSTANCE;
    }

    static ArrayKernels createArrays() {
        if (get() instanceof ScalarKernels) return new ScalarArrayKernels();
        try {
            return (ArrayKernels) Class.forName("dev.nabla.vector.PanamaArrayKernels")
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new ScalarArrayKernels();
        }
    }

    /** The scalar reference twin (for tests and for comparing). */
    public static VectorKernels scalar() {
        return new ScalarKernels();
    }

    static VectorKernels create() {
        String mode = System.getProperty("nabla.simd", "auto").trim().toLowerCase(java.util.Locale.ROOT);
        if (mode.equals("scalar")) return new ScalarKernels();
        String why;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            why = "module jdk.incubator.vector is not present (add --add-modules jdk.incubator.vector)";
        } else {
            try {
                // loaded reflectively so that this class links even without the incubator module
                return (VectorKernels) Class.forName("dev.nabla.vector.PanamaKernels")
                        .getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                why = cause.toString();
            }
        }
        if (mode.equals("panama"))
            throw new IllegalStateException("nabla.simd=panama but SIMD kernels are unavailable: " + why);
        System.err.println("nabla: using scalar kernels: " + why);
        return new ScalarKernels();
    }
}
