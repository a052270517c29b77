package dev.nabla.autograd;

import static dev.nabla.autograd.Exprs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import org.junit.jupiter.api.Test;

class SeedCasesTest {
    private static double at(Expr e, double x) {
        return Interp.num(e, row(X, x));
    }

    private static double rel(double expected) {
        return 1e-12 * Math.max(1, Math.abs(expected));
    }

    @Test
    void squareIsTwoX() {
        Expr d = expand(grad(mul(X, X), X));
        assertThat(DerivativePrinter.print(d)).isEqualTo("2 * x");
        assertThat(at(d, 3.5)).isEqualTo(7.0);
    }

    @Test
    void productRule() {
        Expr d = expand(grad(mul(call(Fn.SIN, X), X), X));
        for (double x : new double[] {-2, 0.3, 1.7}) {
            double expected = Math.cos(x) * x + Math.sin(x);
            assertThat(at(d, x)).isCloseTo(expected, within(rel(expected)));
        }
        assertThat(Autograd.derivativeSql(mul(call(Fn.SIN, X), X), X)).isEqualTo("cos(x) * x + sin(x)");
    }

    @Test
    void jvpWithUnitTangentIsGrad() {
        Expr f = mul(call(Fn.EXP, X), call(Fn.COS, X));
        Expr g = expand(grad(f, X)), j = expand(jvp(f, X, lit(1)));
        for (double x : new double[] {-1, 0.5, 2}) assertThat(at(j, x)).isEqualTo(at(g, x));
    }

    @Test
    void vjpScalesByCotangent() {
        Expr d = expand(vjp(call(Fn.SIN, X), X, lit(2.0)));
        for (double x : new double[] {-1, 0.5, 2}) assertThat(at(d, x)).isCloseTo(2 * Math.cos(x), within(1e-15));
    }

    @Test
    void nestedGradOfCube() {
        Expr d = expand(grad(grad(mul(mul(X, X), X), X), X));
        for (double x : new double[] {-1.5, 0.5, 2}) assertThat(at(d, x)).isCloseTo(6 * x, within(rel(6 * x)));
    }

    @Test
    void powerWithConstantExponent() {
        Expr d = expand(grad(call(Fn.POWER, X, lit(3)), X));
        for (double x : new double[] {-2, 0.5, 3}) assertThat(at(d, x)).isCloseTo(3 * x * x, within(rel(3 * x * x)));
        Expr d2 = expand(grad(call(Fn.POWER, X, lit(2)), X));
        assertThat(at(d2, -3)).isEqualTo(-6.0); // negative base, integer exponent
        assertThat(Autograd.derivativeSql(call(Fn.POWER, X, lit(2)), X)).isEqualTo("2 * x");
    }

    @Test
    void powerWithConstantBase() {
        Expr d = expand(grad(call(Fn.POWER, lit(2), X), X));
        for (double x : new double[] {-2, 0.5, 3}) {
            double expected = Math.pow(2, x) * Math.log(2);
            assertThat(at(d, x)).isCloseTo(expected, within(rel(expected)));
        }
    }

    @Test
    void windSpeed() {
        Expr u = X, v = Y;
        Expr speed = call(Fn.SQRT, add(mul(u, u), mul(v, v)));
        Expr du = expand(grad(speed, X)), dv = expand(grad(speed, Y));
        double[][] pts = {{3, 4}, {-1.5, 0.25}, {10, -7}};
        for (double[] p : pts) {
            double s = Math.hypot(p[0], p[1]);
            assertThat(Interp.num(du, row(X, p[0], Y, p[1]))).isCloseTo(p[0] / s, within(1e-9 * Math.abs(p[0] / s)));
            assertThat(Interp.num(dv, row(X, p[0], Y, p[1]))).isCloseTo(p[1] / s, within(1e-9 * Math.abs(p[1] / s)));
        }
    }

    @Test
    void clausiusClapeyron() {
        Expr t = X;
        Expr es = mul(lit(6.112), call(Fn.EXP, div(mul(lit(17.67), t), add(t, lit(243.5)))));
        Expr d = expand(grad(es, X));
        for (double x : new double[] {-20, 0, 15, 35}) {
            double e = 6.112 * Math.exp(17.67 * x / (x + 243.5));
            double expected = e * 17.67 * 243.5 / ((x + 243.5) * (x + 243.5));
            assertThat(at(d, x)).isCloseTo(expected, within(1e-9 * expected));
        }
    }
}
