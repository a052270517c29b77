package dev.nabla.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.WindowCall.WindowFn;
import dev.nabla.plan.fn.Functions;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesTest {
    @Test
    void everyFunctionIsEitherDifferentiableOrListedAsNot() {
        Set<Fn> rules = DerivativeRules.differentiable();
        Set<Fn> none = DerivativeRules.NON_DIFFERENTIABLE;
        Set<Fn> both = EnumSet.copyOf(rules);
        both.retainAll(none);
        assertThat(both).as("both a rule and listed non-differentiable").isEmpty();
        Set<Fn> neither = EnumSet.allOf(Fn.class);
        neither.removeAll(rules);
        neither.removeAll(none);
        assertThat(neither).as("neither a rule nor listed non-differentiable").isEmpty();
    }

    @Test
    void everyWindowFunctionHasARegistryRule() {
        for (WindowFn fn : WindowFn.values())
            assertThat(Functions.derivative(fn)).as(fn.name()).isNotNull();
    }

    @Test
    void theDifferentiableAggregatesAreTheRegistrysEntries() {
        Set<AggFn> with = EnumSet.noneOf(AggFn.class);
        for (AggFn fn : AggFn.values()) if (Functions.derivative(fn) != null) with.add(fn);
        // linear ones, the selecting ones (a clear error), the counts (0) and the soft ones
        assertThat(with)
                .isEqualTo(EnumSet.of(
                        AggFn.COUNT,
                        AggFn.COUNT_STAR,
                        AggFn.SUM,
                        AggFn.TOTAL,
                        AggFn.AVG,
                        AggFn.MIN,
                        AggFn.MAX,
                        AggFn.LOGSUMEXP,
                        AggFn.SOFTMAX_SUM));
    }
}
