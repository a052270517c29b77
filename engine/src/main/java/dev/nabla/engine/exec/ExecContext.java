package dev.nabla.engine.exec;

/**
 * What a running statement needs from its session: bound parameter values, cancellation, settings.
 * Implemented by the session; operators call {@link #checkCancelled()} once per batch (and per
 * recursive-CTE iteration), so Ctrl-C, {@code Statement.cancel()} and timeouts stop work promptly.
 */
public interface ExecContext {
    /** Values of {@code ?} parameters, already converted to each parameter's bound type (Long/Double/String/Boolean/null). */
    Object[] parameters();

    /** Throws NablaException(ErrorCode.CANCELLED) when the statement was cancelled or timed out. */
    void checkCancelled();

    /** A session setting (e.g. {@code max_recursion}, {@code threads}); null when unset. */
    Object setting(String name);

    /** Progress report: a scan (of a table, table function or recursive-CTE working table) read {@code rows} rows. Default: ignored. */
    default void rowsScanned(int rows) {}

    /** Progress report: a recursive CTE starts iteration {@code n} (1-based). Default: ignored. */
    default void recursionIteration(long n) {}

    /** The statement's share of its database's memory budget ({@code SET memory_limit}); default: unlimited. */
    default MemoryReservation memory() {
        return MemoryReservation.NONE;
    }

    /** Hooks for functions evaluated outside the executor (e.g. derivative()); default: none available. */
    default FunctionHooks functionHooks() {
        return FunctionHooks.NONE;
    }

    /** nextval, currval and setval; default: none available. */
    default SequenceCalls sequences() {
        return SequenceCalls.NONE;
    }
}
