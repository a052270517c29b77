package dev.nabla.spark;

import java.util.Locale;

/** The functions the extension registers in Spark, with their arity and what they mean in Nabla. */
public enum NablaFunction {
    GRAD(2, 2, "grad(expr, x): the derivative of expr with respect to the column x"),
    JVP(3, 3, "jvp(expr, x, tangent): the derivative of expr along the tangent of x (forward mode)"),
    VJP(3, 3, "vjp(expr, x, cotangent): the cotangent of expr pulled back to x (reverse mode, per row)"),
    STOP_GRADIENT(1, 1, "stop_gradient(x): x, with derivative 0"),
    SIGMOID(1, 1, "sigmoid(x) = 1 / (1 + exp(-x))"),
    SOFTPLUS(1, 1, "softplus(x) = ln(1 + exp(x)), computed without overflow"),
    RELU(1, 1, "relu(x) = max(x, 0)"),
    LOG_SIGMOID(1, 1, "log_sigmoid(x) = ln(sigmoid(x)), computed without overflow"),
    DERIVATIVE(
            2,
            2,
            "derivative('expr', 'x'): the text of the simplified derivative of the SQL expression expr with respect"
                    + " to x (Nabla's function: same text)");

    final int minArgs;
    final int maxArgs;
    final String usage;

    NablaFunction(int minArgs, int maxArgs, String usage) {
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.usage = usage;
    }

    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** grad, jvp and vjp: replaced by their expansion; the others are plain functions with a derivative rule. */
    public boolean isDerivative() {
        return this == GRAD || this == JVP || this == VJP;
    }
}
