package dev.nabla.cli.shell;

import java.util.Set;

/** {@code .help grad}: the derivative functions, their syntax and an example each. */
final class GradHelp {
    private GradHelp() {}

    static Set<String> topics() {
        return Set.of("grad", "jvp", "vjp", "derivative", "derivatives", "stop_gradient", "autograd");
    }

    static final String TEXT = """
            Derivatives are SQL expressions, computed symbolically per row (DOUBLE results).
            Examples use pts(x, y) and params(w, b):

              grad(f, x)             ∂f/∂x; x is a numeric column (qualified in joins: t.x)
                SELECT x, grad(x * x + sin(x), x) FROM pts;
              jvp(f, x, t)           ∂f/∂x · t   (forward mode: tangent t pushed through f)
                SELECT jvp(exp(w * x), w, 0.5) FROM pts, params;
              vjp(f, x, c)           c · ∂f/∂x   (reverse mode; equals jvp per row)
                SELECT vjp(pow(w * x - y, 2), w, 1.0) FROM pts, params;
              derivative('f', 'x')   the simplified derivative as text
                SELECT derivative('sin(x) * x', 'x');          -- cos(x) * x + sin(x)
              stop_gradient(e)       the value of e, with derivative 0
                SELECT grad(stop_gradient(x) * x, x) FROM pts; -- = x

            Nest for higher orders: grad(grad(f, x), x). Aggregates differentiate row by row:
              SELECT avg(grad(pow(w * x + b - y, 2), w)) FROM pts, params;
            Gradient descent is a recursive CTE (see docs/cli.md); .gradcheck EXPR, COL FROM ...
            compares grad with finite differences. Full rules: docs/derivatives.md.
            """;
}
