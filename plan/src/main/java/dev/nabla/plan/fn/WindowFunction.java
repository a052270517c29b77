package dev.nabla.plan.fn;

import dev.nabla.plan.expr.WindowCall;

/** A window function (one that is only a window function, not an aggregate used over a window). */
public record WindowFunction(WindowCall.WindowFn fn, String name, String description) {}
