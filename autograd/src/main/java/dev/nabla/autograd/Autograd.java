package dev.nabla.autograd;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;

/**
 * Nabla's autograd: expands bound {@code grad}/{@code jvp}/{@code vjp} calls into ordinary DOUBLE
 * expressions (forward-mode symbolic differentiation over a hash-consed DAG, then simplification and
 * NULL guarding). The engine hands it to the Differentiate stage as its {@link DerivativeExpander}. Stateless and thread-safe:
 * each call works in its own {@link Expansion}.
 *
 * <p>The result may share subexpression objects (it is a DAG): an evaluator that memoises by node
 * identity evaluates each shared subexpression once.
 */
public final class Autograd implements DerivativeExpander {
    public static final Autograd INSTANCE = new Autograd();

    /** A context with no definitions, no grouping and no reporting: plain expressions over stored columns. */
    public static final Context NO_CONTEXT = new Context() {
        @Override
        public Expr definitionOf(ColumnRef column) {
            return null;
        }

        @Override
        public boolean constantPerGroup(ColumnRef column) {
            return false;
        }

        @Override
        public void report(Derivative derivative, Expr result, int nodesBeforeSimplify, int nodesAfterSimplify) {}
    };

    public Autograd() {}

    @Override
    public Expr expand(Derivative derivative, Context context) {
        Expansion.Result r = new Expansion(context).expand(derivative, true);
        context.report(derivative, r.expr(), r.nodesBeforeSimplify(), r.nodesAfterSimplify());
        return r.expr();
    }

    /**
     * The simplified derivative of {@code body} with respect to {@code variable}, without the NULL
     * guard (the mathematical derivative, for {@code derivative('expr', 'x')} and documentation).
     */
    public static Expr derivative(Expr body, ColumnRef variable) {
        Derivative d = new Derivative(Derivative.Mode.GRAD, body, variable, null, body.span());
        return new Expansion(NO_CONTEXT).expand(d, false).expr();
    }

    /** {@link #derivative} printed as readable SQL, e.g. {@code 2 * x} for {@code x * x}. */
    public static String derivativeSql(Expr body, ColumnRef variable) {
        return DerivativePrinter.print(derivative(body, variable));
    }

    static void checkNumeric(Expr e, String role) {
        if (!e.type().isNumeric()) {
            throw new NablaException(
                    ErrorCode.GRAD,
                    e.span(),
                    "grad: the " + role + " " + e.toSql() + " must be numeric, not "
                            + e.type().sqlName());
        }
    }

    static void checkVariable(ColumnRef wrt, Span span) {
        if (!wrt.type().isNumeric()) {
            throw new NablaException(
                    ErrorCode.GRAD,
                    wrt.span().isKnown() ? wrt.span() : span,
                    "grad: cannot differentiate with respect to " + wrt.toSql() + " of type "
                            + wrt.type().sqlName() + ": the variable must be numeric");
        }
    }
}
