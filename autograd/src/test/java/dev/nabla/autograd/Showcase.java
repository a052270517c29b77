package dev.nabla.autograd;

import static dev.nabla.autograd.Exprs.*;

import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;

/** Prints sample derivatives (not a test; run by hand for docs). */
final class Showcase {
    public static void main(String[] args) {
        Expr[] samples = {
            mul(X, X), mul(call(Fn.SIN, X), X), call(Fn.SQRT, add(mul(X, X), mul(Y, Y))),
            mul(lit(6.112), call(Fn.EXP, div(mul(lit(17.67), X), add(X, lit(243.5))))),
            call(Fn.POWER, X, lit(3)), call(Fn.POWER, lit(2), X), call(Fn.POWER, X, Y), div(lit(1), X),
            call(Fn.SIGMOID, mul(lit(2), X)), call(Fn.ABS, sub(X, Y)), call(Fn.GREATEST, X, Y), call(Fn.TANH, X),
            call(Fn.LOG, lit(2), X), call(Fn.ATAN2, Y, X), div(X, Y), sub(call(Fn.EXP, X), X), call(Fn.RELU, X),
        };
        for (Expr s : samples) System.out.println("| `" + DerivativePrinter.print(s) + "` | `" + Autograd.derivativeSql(s, X) + "` |");
    }
}
