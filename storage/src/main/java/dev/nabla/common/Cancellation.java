package dev.nabla.common;

/**
 * The running statement's cancel check, reachable from stages that know nothing of sessions (the lexer and
 * parser, the binder, the expression compiler). The session installs its check on its own thread for the
 * whole statement, parsing included; {@link #poll()} is then called at coarse intervals (every 1024 tokens,
 * every bound expression), so a statement timeout or cancel also stops a huge statement text while it is
 * still being parsed or planned. On other threads, and outside statements, polling does nothing.
 */
public final class Cancellation {
    private Cancellation() {}

    private static final ThreadLocal<Runnable> CHECK = new ThreadLocal<>();

    /** Throws the running statement's CANCELLED error when it was cancelled or its timeout expired. */
    public static void poll() {
        Runnable check = CHECK.get();
        if (check != null) check.run();
    }

    /** Installs {@code check} on this thread; returns the previous one for {@link #restore}. */
    public static Runnable install(Runnable check) {
        Runnable previous = CHECK.get();
        CHECK.set(check);
        return previous;
    }

    /** Puts back what {@link #install} replaced. */
    public static void restore(Runnable previous) {
        if (previous == null) CHECK.remove();
        else CHECK.set(previous);
    }
}
