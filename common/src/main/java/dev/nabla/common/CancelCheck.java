package dev.nabla.common;

/**
 * The running statement's cancellation check, for the stages before execution (binding,
 * differentiation, simplification, optimisation, compilation) that hold no execution context. The
 * session installs its check on the statement's thread for the statement's duration; a stage that can
 * run long on one statement (autograd over a deep expression, compiling a large DAG) calls
 * {@link #poll()} once per node, which throws NablaException(CANCELLED) after Statement.cancel() or a
 * timeout. Without a running statement it does nothing.
 */
public final class CancelCheck {
    private static final ThreadLocal<Runnable> CURRENT = new ThreadLocal<>();

    private CancelCheck() {}

    /** Installs {@code check} for the current thread; returns the previous one for {@link #restore}. */
    public static Runnable install(Runnable check) {
        Runnable previous = CURRENT.get();
        CURRENT.set(check);
        return previous;
    }

    public static void restore(Runnable previous) {
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
    }

    /** Throws if the current thread's statement was cancelled or timed out. */
    public static void poll() {
        Runnable r = CURRENT.get();
        if (r != null) r.run();
    }
}
