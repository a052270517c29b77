package dev.nabla.engine.exec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Filter;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.logical.SetOp;
import dev.nabla.plan.logical.Values;
import dev.nabla.storage.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binder hands over correctly typed plans; the physical layer checks instead of repairing. Plans
 * with a type slip, built by hand here (the binder does not produce them), fail with a clear INTERNAL
 * error rather than being cast or compared as text behind the user's back.
 */
class TypeSlipTest {
    private static final Column N = new Column(1, "n", null, DataType.INTEGER, true);
    private static final LogicalPlan ONE =
            new Values(List.of(List.<Expr>of(new Literal(1L, DataType.INTEGER, Span.NONE))), List.of(N));

    @Test
    void aProjectWhoseExpressionHasAnotherTypeThanItsColumn() {
        LogicalPlan p = new Project(ONE, List.of(N.ref()), List.of(new Column(2, "s", null, DataType.VARCHAR, true)));
        assertThatThrownBy(() -> prepare(p))
                .isInstanceOfSatisfying(
                        NablaException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code())
                                .isEqualTo(ErrorCode.INTERNAL))
                .hasMessage("internal error: Project column s is VARCHAR but its expression n is INTEGER");
    }

    @Test
    void integerWidthsAndFloatWidthsShareARepresentation() {
        LogicalPlan p = new Project(ONE, List.of(N.ref()), List.of(new Column(2, "b", null, DataType.BIGINT, true)));
        prepare(p);
    }

    @Test
    void aSetOperationInputOfAnotherType() {
        Column s = new Column(3, "s", null, DataType.VARCHAR, true);
        LogicalPlan text =
                new Values(List.of(List.<Expr>of(new Literal("a", DataType.VARCHAR, Span.NONE))), List.of(s));
        LogicalPlan u =
                new SetOp(SetOp.Kind.UNION, true, ONE, text, List.of(new Column(4, "n", null, DataType.VARCHAR, true)));
        assertThatThrownBy(() -> prepare(u))
                .isInstanceOf(NablaException.class)
                .hasMessage("internal error: set operation column n is VARCHAR but its expression n is INTEGER");
    }

    @Test
    void aComparisonOfTypesWithoutACommonOne() {
        Expr cmp = new Call(Fn.EQ, DataType.BOOLEAN, N.ref(), new Literal("1", DataType.VARCHAR, Span.NONE));
        assertThatThrownBy(() -> prepare(new Filter(ONE, cmp)))
                .isInstanceOf(NablaException.class)
                .hasMessage("internal error: = of INTEGER and VARCHAR (the binder should have converted one of them)");
    }

    @Test
    void aComparisonOfTypesWithACommonOneIsNotConvertedEither() {
        // INTEGER against DOUBLE has a common type, but converting is the binder's job, not the compiler's
        Expr cmp = new Call(Fn.LT, DataType.BOOLEAN, N.ref(), new Literal(1.5, DataType.DOUBLE, Span.NONE));
        assertThatThrownBy(() -> prepare(new Filter(ONE, cmp)))
                .isInstanceOf(NablaException.class)
                .hasMessage("internal error: < of INTEGER and DOUBLE (the binder should have converted one of them)");
    }

    @Test
    void aConditionThatIsNotBoolean() {
        assertThatThrownBy(() -> prepare(new Filter(ONE, N.ref())))
                .isInstanceOf(NablaException.class)
                .hasMessage("internal error: condition n is INTEGER, not BOOLEAN");
    }

    private static Object prepare(LogicalPlan plan) {
        return QueryExecutor.prepare(plan, dev.nabla.engine.exec.op.PhysicalPlanner.Options.DEFAULT);
    }
}
