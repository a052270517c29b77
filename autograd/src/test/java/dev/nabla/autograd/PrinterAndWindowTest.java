package dev.nabla.autograd;

import static dev.nabla.autograd.Exprs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.storage.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterAndWindowTest {
    @Test
    void printsWithMinimalParentheses() {
        assertThat(DerivativePrinter.print(sub(X, sub(Y, Z)))).isEqualTo("x - (y - z)");
        assertThat(DerivativePrinter.print(sub(sub(X, Y), Z))).isEqualTo("x - y - z");
        assertThat(DerivativePrinter.print(mul(add(X, Y), Z))).isEqualTo("(x + y) * z");
        assertThat(DerivativePrinter.print(div(X, mul(Y, Z)))).isEqualTo("x / (y * z)");
        assertThat(DerivativePrinter.print(call(Fn.NEG, add(X, Y)))).isEqualTo("-(x + y)");
        assertThat(DerivativePrinter.print(mul(lit(-2), X))).isEqualTo("-2 * x");
        assertThat(DerivativePrinter.print(mul(X, lit(-2)))).isEqualTo("x * (-2)");
        assertThat(DerivativePrinter.print(lit(0.5))).isEqualTo("0.5");
    }

    @Test
    void derivativeSqlIsReadable() {
        assertThat(Autograd.derivativeSql(call(Fn.SQRT, add(mul(X, X), mul(Y, Y))), X))
                .isEqualTo("x / sqrt(x * x + y * y)");
        assertThat(Autograd.derivativeSql(call(Fn.TANH, X), X)).isEqualTo("1 - tanh(x) * tanh(x)");
        assertThat(Autograd.derivativeSql(sub(call(Fn.EXP, X), X), X)).isEqualTo("exp(x) - 1");
        assertThat(Autograd.derivativeSql(mul(lit(3), Y), X)).isEqualTo("0");
        // the README's least-squares step: d/da (a*x + b - y)^2
        Expr a = col(70, "a"), b = col(71, "b");
        Expr residual = sub(add(mul(a, X), b), Y);
        assertThat(Autograd.derivativeSql(call(Fn.POWER, residual, lit(2)), col(70, "a")))
                .isEqualTo("2 * (a * x + b - y) * x");
    }

    private static WindowCall runningSum(Expr arg) {
        AggCall sum = new AggCall(AggFn.SUM, List.of(arg), false, null, DataType.DOUBLE, Span.NONE);
        return new WindowCall(
                WindowCall.WindowFn.AGGREGATE,
                sum,
                List.of(),
                List.of(Y),
                List.of(new SortKey(Z, true, true)),
                WindowCall.Frame.DEFAULT_ORDERED,
                DataType.DOUBLE,
                Span.NONE);
    }

    @Test
    void windowAggregatesAreLinear() {
        Expr d = expand(grad(mul(lit(2), runningSum(mul(X, X))), X));
        assertThat(DerivativePrinter.print(d)).isEqualTo("2 * sum(2 * x) OVER (PARTITION BY y ORDER BY z)");
        WindowCall lag = new WindowCall(
                WindowCall.WindowFn.LAG,
                null,
                List.of(call(Fn.SIN, X), dev.nabla.plan.expr.Literal.ofLong(1)),
                List.of(),
                List.of(new SortKey(Z, true, true)),
                WindowCall.Frame.DEFAULT_ORDERED,
                DataType.DOUBLE,
                Span.NONE);
        assertThat(DerivativePrinter.print(expand(grad(lag, X)))).isEqualTo("lag(cos(x), 1) OVER (ORDER BY z)");
    }

    @Test
    void nonlinearUseOfAWindowIsAnError() {
        assertThatThrownBy(() -> expand(grad(call(Fn.SIN, runningSum(X)), X), new Exprs.Ctx().grouped(X)))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("not linear in the window function");
    }
}
