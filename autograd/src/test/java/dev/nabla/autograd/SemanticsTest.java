package dev.nabla.autograd;

import static dev.nabla.autograd.Exprs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.storage.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticsTest {
    private static final Span AT_2_9 = new Span(2, 9, 2, 20, 30, 41);

    private static AggCall sum(Expr e) {
        return new AggCall(AggFn.SUM, List.of(e), false, null, DataType.DOUBLE, Span.NONE);
    }

    private static String sql(Expr e) {
        return DerivativePrinter.print(e);
    }

    // ---- NULL propagation ----------------------------------------------------------------------

    @Test
    void derivativeOfNullIsNullEvenWhenConstant() {
        Expr d = expand(grad(mul(lit(3), X), X));
        assertThat(Interp.eval(d, row(X, null))).isNull();
        assertThat(Interp.eval(d, row(X, 5))).isEqualTo(3.0);
        assertThat(sql(d)).isEqualTo("CASE WHEN x IS NULL THEN NULL ELSE 3 END");
    }

    @Test
    void noGuardWhenTheDerivativeMentionsEveryNullableInput() {
        assertThat(sql(expand(grad(mul(mul(X, X), Y), X)))).isEqualTo("2 * x * y");
        // x no longer appears in the derivative, so it is guarded
        assertThat(sql(expand(grad(mul(X, Y), X)))).isEqualTo("CASE WHEN x IS NULL THEN NULL ELSE y END");
    }

    @Test
    void nullInAnyInputMakesTheDerivativeNull() {
        Expr d = expand(grad(add(mul(X, X), Y), X));
        assertThat(Interp.eval(d, row(X, 2, Y, null))).isNull();
        assertThat(Interp.eval(d, row(X, null, Y, 1))).isNull();
        assertThat(Interp.eval(d, row(X, 2, Y, 1))).isEqualTo(4.0);
        Expr j = expand(jvp(mul(X, X), X, Z));
        assertThat(Interp.eval(j, row(X, 2, Z, null))).isNull();
    }

    @Test
    void coalesceShieldsNulls() {
        Expr f = mul(call(Fn.COALESCE, X, lit(0)), Y);
        Expr d = expand(grad(f, X));
        assertThat(Interp.eval(d, row(X, null, Y, 3))).isEqualTo(0.0);
        assertThat(Interp.eval(d, row(X, 2, Y, 3))).isEqualTo(3.0);
    }

    @Test
    void caseBranchWithoutElseIsNull() {
        Expr f = new CaseWhen(
                List.of(new Call(Fn.GT, List.of(X, lit(0)), DataType.BOOLEAN, Span.NONE)),
                List.of(mul(X, X)),
                Literal.nullOf(DataType.DOUBLE),
                DataType.DOUBLE,
                Span.NONE);
        Expr d = expand(grad(f, X));
        assertThat(Interp.eval(d, row(X, 3))).isEqualTo(6.0);
        assertThat(Interp.eval(d, row(X, -3))).isNull();
    }

    @Test
    void piecewiseMatchesFiniteDifferencesAwayFromBoundaries() {
        // CASE WHEN x < 1 THEN x*x WHEN x < 2 THEN sin(x) ELSE exp(-x) END
        Expr f = new CaseWhen(
                List.of(
                        new Call(Fn.LT, List.of(X, lit(1)), DataType.BOOLEAN, Span.NONE),
                        new Call(Fn.LT, List.of(X, lit(2)), DataType.BOOLEAN, Span.NONE)),
                List.of(mul(X, X), call(Fn.SIN, X)),
                call(Fn.EXP, call(Fn.NEG, X)),
                DataType.DOUBLE,
                Span.NONE);
        Expr d = expand(grad(f, X));
        for (double x : new double[] {-1.5, 0.5, 1.5, 2.5, 4}) {
            double h = 1e-6, fd = (Interp.num(f, row(X, x + h)) - Interp.num(f, row(X, x - h))) / (2 * h);
            assertThat(Interp.num(d, row(X, x))).isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-6));
        }
        assertThat(Interp.num(d, row(X, 1))).isEqualTo(Math.cos(1)); // at a boundary: the branch the CASE selects
    }

    // ---- errors --------------------------------------------------------------------------------

    @Test
    void noRuleNamesTheFunctionAndPosition() {
        Expr bad = new Call(Fn.LENGTH, List.of(new Cast(X, DataType.VARCHAR, AT_2_9)), DataType.BIGINT, Span.NONE);
        assertThatThrownBy(() -> expand(grad(mul(X, new Cast(bad, DataType.DOUBLE, Span.NONE)), X)))
                .isInstanceOfSatisfying(NablaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.GRAD);
                    assertThat(e.span()).matches(s -> s.startLine() == 2 && s.startCol() == 9);
                })
                .hasMessageStartingWith("grad: no derivative rule for CAST(… AS VARCHAR)");
        Expr cmp = new Call(Fn.LT, List.of(X, lit(1)), DataType.BOOLEAN, AT_2_9);
        assertThatThrownBy(() -> expand(grad(new Cast(cmp, DataType.DOUBLE, Span.NONE), X)))
                .isInstanceOf(NablaException.class)
                .hasMessage("grad: no derivative rule for <(2) at 2:9");
        // the message names the mode of the derivative being taken
        assertThatThrownBy(() -> expand(jvp(new Cast(cmp, DataType.DOUBLE, Span.NONE), X, lit(1))))
                .isInstanceOf(NablaException.class)
                .hasMessage("jvp: no derivative rule for <(2) at 2:9");
        assertThatThrownBy(() -> expand(vjp(new Cast(cmp, DataType.DOUBLE, Span.NONE), X, lit(1))))
                .isInstanceOf(NablaException.class)
                .hasMessage("vjp: no derivative rule for <(2) at 2:9");
    }

    @Test
    void functionsNotDependingOnTheVariableAreConstants() {
        Expr len = new Cast(
                new Call(
                        Fn.LENGTH,
                        List.of(new Literal("abc", DataType.VARCHAR, Span.NONE)),
                        DataType.BIGINT,
                        Span.NONE),
                DataType.DOUBLE,
                Span.NONE);
        assertThat(sql(expand(grad(mul(X, len), X))))
                .isEqualTo("CASE WHEN x IS NULL THEN NULL ELSE CAST(length('abc') AS DOUBLE) END");
    }

    @Test
    void nonlinearAggregateNeedsAVariableConstantPerGroup() {
        Expr f = mul(sum(mul(X, Y)), sum(mul(X, Y)));
        assertThatThrownBy(() -> expand(grad(f, X)))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining(
                        "with respect to x is undefined: x varies within the group and the expression is not linear in the aggregate");
        Expr ok = expand(grad(f, X), new Exprs.Ctx().grouped(X));
        assertThat(sql(ok)).isEqualTo("2 * (sum(CASE WHEN x IS NULL THEN NULL ELSE y END) * sum(x * y))");
    }

    @Test
    void linearAggregatesDifferentiateRowByRow() {
        Expr d = expand(grad(add(mul(lit(2), sum(mul(X, X))), lit(1)), X));
        assertThat(sql(d)).isEqualTo("2 * sum(2 * x)");
        AggCall count = new AggCall(AggFn.COUNT, List.of(X), false, null, DataType.BIGINT, Span.NONE);
        assertThat(sql(expand(grad(mul(new Cast(count, DataType.DOUBLE, Span.NONE), Y), X))))
                .isEqualTo("CASE WHEN y IS NULL THEN NULL ELSE 0 END");
        AggCall avg = new AggCall(AggFn.AVG, List.of(mul(lit(3), X)), false, null, DataType.DOUBLE, Span.NONE);
        assertThat(sql(expand(grad(avg, X)))).isEqualTo("avg(CASE WHEN x IS NULL THEN NULL ELSE 3 END)");
        AggCall min = new AggCall(AggFn.MIN, List.of(X), false, null, DataType.DOUBLE, AT_2_9);
        assertThatThrownBy(() -> expand(grad(min, X)))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("min(x)");
    }

    // ---- aliases, stop_gradient, higher order --------------------------------------------------------

    @Test
    void differentiatesThroughDefinitions() {
        ColumnRef y2 = col(40, "y2"), z2 = col(41, "z2");
        Exprs.Ctx ctx = new Exprs.Ctx().define(y2, mul(X, X)).define(z2, add(y2, call(Fn.SIN, X)));
        Expr d = expand(grad(mul(lit(3), z2), X), ctx);
        assertThat(Interp.num(d, row(X, 2, y2, 4, z2, 4 + Math.sin(2)))).isEqualTo(3 * (4 + Math.cos(2)));
        assertThat(sql(expand(grad(call(Fn.SIN, y2), X), ctx))).isEqualTo("cos(y2) * (2 * x)");
        // a derivative inside a definition is expanded first
        ColumnRef slope = col(42, "slope");
        ctx.define(slope, grad(mul(mul(X, X), X), X));
        assertThat(sql(expand(grad(slope, X), ctx))).isEqualTo("CASE WHEN slope IS NULL THEN NULL ELSE 6 * x END");
        // the variable itself is never substituted, even when it is computed
        assertThat(sql(expand(grad(mul(y2, y2), y2), ctx))).isEqualTo("2 * y2");
        // d z2 / d y2: x is an independent stored column
        assertThat(sql(expand(grad(z2, y2), ctx))).isEqualTo("CASE WHEN z2 IS NULL THEN NULL ELSE 1 END");
    }

    @Test
    void stopGradientCuts() {
        Expr f = mul(X, call(Fn.STOP_GRADIENT, X));
        Expr d = expand(grad(f, X));
        assertThat(Interp.num(d, row(X, 3))).isEqualTo(3.0);
    }

    @Test
    void mixedPartialsAndJvpOfGrad() {
        Expr f = mul(mul(X, X), call(Fn.SIN, Y));
        Expr dxy = expand(grad(grad(f, X), Y));
        assertThat(Interp.num(dxy, row(X, 1.5, Y, 0.5))).isEqualTo(2 * 1.5 * Math.cos(0.5));
        Expr jg = expand(jvp(grad(f, X), X, lit(2)));
        assertThat(Interp.num(jg, row(X, 1.5, Y, 0.5))).isEqualTo(2 * 2 * Math.sin(0.5));
        assertThat(sql(expand(grad(grad(mul(mul(X, X), X), X), X)))).isEqualTo("6 * x");
    }

    @Test
    void greatestTiesGoToTheFirstArgument() {
        Expr d = expand(grad(call(Fn.GREATEST, mul(lit(2), X), add(X, lit(1))), X));
        assertThat(Interp.num(d, row(X, 1))).isEqualTo(2.0); // tie at x = 1
        assertThat(Interp.num(d, row(X, 0))).isEqualTo(1.0);
        assertThat(Interp.num(d, row(X, 2))).isEqualTo(2.0);
    }

    @Test
    void kinksFollowTheDocumentedConventions() {
        assertThat(Interp.num(expand(grad(call(Fn.ABS, X), X)), row(X, 0))).isEqualTo(0.0);
        assertThat(Interp.num(expand(grad(call(Fn.RELU, X), X)), row(X, 0))).isEqualTo(0.0);
        assertThat(Interp.num(expand(grad(call(Fn.FLOOR, X), X)), row(X, 1))).isEqualTo(0.0);
        assertThat(Interp.num(expand(grad(new Cast(X, DataType.BIGINT, Span.NONE), X)), row(X, 1.5)))
                .isEqualTo(0.0);
        assertThat(Interp.num(expand(grad(call(Fn.MOD, X, lit(3)), X)), row(X, 7.5)))
                .isEqualTo(1.0);
    }

    @Test
    void integerColumnsAreCoercedToDouble() {
        ColumnRef n = new ColumnRef(50, "n", DataType.BIGINT, Span.NONE);
        Expr f = new Call(Fn.MUL, List.of(n, n), DataType.BIGINT, Span.NONE);
        Expr d = expand(grad(f, n));
        assertThat(d.type()).isEqualTo(DataType.DOUBLE);
        assertThat(Interp.num(d, row(n, 4))).isEqualTo(8.0);
    }

    @Test
    void nonNumericVariableIsRejected() {
        ColumnRef s = new ColumnRef(60, "s", DataType.VARCHAR, Span.NONE);
        assertThatThrownBy(() -> expand(grad(X, s)))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("must be numeric");
    }

    @Test
    void reportsNodeCounts() {
        Exprs.Ctx ctx = new Exprs.Ctx();
        expand(grad(mul(call(Fn.SIN, X), X), X), ctx);
        assertThat(ctx.reports).hasSize(1);
        assertThat(ctx.reports.get(0)[1]).isPositive();
    }
}
