package dev.nabla.engine.exec;

/**
 * Functions the executor cannot compute by itself because they need other modules (autograd).
 * The engine supplies an implementation through {@link ExecContext#functionHooks()}.
 */
public interface FunctionHooks {
    /** {@code derivative('expr', 'x')}: the simplified symbolic derivative of SQL text {@code expr} w.r.t. {@code x}. */
    String derivativeSql(String expr, String variable);

    FunctionHooks NONE = (expr, variable) -> {
        throw new dev.nabla.common.NablaException(
                dev.nabla.common.ErrorCode.UNSUPPORTED, "derivative() is not available here");
    };
}
