package dev.nabla.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.plan.expr.Fn;
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
}
