package dev.nabla.engine;

import dev.nabla.autograd.Autograd;
import dev.nabla.plan.bound.DerivativeExpander;

/** Wiring of the engine to the modules it plugs together. */
final class Engines {
    private Engines() {}

    /** The autograd module's symbolic differentiator. */
    static DerivativeExpander defaultExpander() {
        return Autograd.INSTANCE;
    }
}
