package dev.nabla.plan.differentiate;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.PlanExprs;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code derivative('expr', 'x')}: the binder leaves the call with its two constant arguments, and the
 * Differentiate stage folds it to its text, so no row re-parses it. An error inside {@code expr} is
 * moved from the inner text to where that text stands in the statement (the caret points into the
 * string literal).
 */
final class DerivativeTexts {
    private DerivativeTexts() {}

    /** A call the stage folds: {@code derivative} with two string literals (what the binder accepts). */
    static boolean isText(Expr e) {
        return e instanceof Call c
                && c.fn() == Fn.DERIVATIVE_SQL
                && c.args().size() == 2
                && c.args().get(0) instanceof Literal a
                && a.value() instanceof String
                && c.args().get(1) instanceof Literal b
                && b.value() instanceof String;
    }

    static boolean any(Expr e) {
        return Exprs.any(e, DerivativeTexts::isText);
    }

    /** {@code e} with every such call replaced by its text (subquery plans not entered). */
    static Expr fold(Expr e, DerivativeExpander expander) {
        if (!any(e)) return e;
        return Exprs.transformUp(e, x -> isText(x) ? text((Call) x, expander) : x);
    }

    /**
     * {@code p} with every such call in it folded, subquery plans included. A node that several parents
     * read (a grouping-sets union's input) is rebuilt once ({@code memo}) and stays shared; a node with
     * nothing to fold below it is returned as it is.
     */
    static LogicalPlan fold(LogicalPlan p, DerivativeExpander expander, Map<LogicalPlan, LogicalPlan> memo) {
        LogicalPlan done = memo.get(p);
        if (done != null) return done;
        List<LogicalPlan> ins = p.inputs();
        List<LogicalPlan> nins = new ArrayList<>(ins.size());
        boolean changed = false;
        for (LogicalPlan in : ins) {
            LogicalPlan n = fold(in, expander, memo);
            changed |= n != in;
            nins.add(n);
        }
        LogicalPlan node = changed ? p.withInputs(nins) : p;
        boolean own = false;
        for (Expr e : PlanExprs.exprs(node)) own |= Exprs.any(e, x -> isText(x) || x instanceof SubqueryExpr);
        if (own) node = PlanExprs.mapNode(node, e -> foldDeep(e, expander, memo));
        memo.put(p, node);
        return node;
    }

    /** {@code e} with every such call folded, inside its subquery plans too. */
    static Expr foldDeep(Expr e, DerivativeExpander expander, Map<LogicalPlan, LogicalPlan> memo) {
        return Exprs.transformUp(
                e,
                x -> x instanceof SubqueryExpr s
                        ? s.withPlan(fold(s.plan(), expander, memo))
                        : isText(x) ? text((Call) x, expander) : x);
    }

    private static Literal text(Call c, DerivativeExpander expander) {
        Literal exprLit = (Literal) c.args().get(0);
        String expr = (String) exprLit.value();
        String variable = (String) ((Literal) c.args().get(1)).value();
        if (expander == null)
            throw new NablaException(ErrorCode.UNSUPPORTED, c.span(), "derivative() is not available in this context");
        try {
            return new Literal(expander.derivativeText(expr, variable), DataType.VARCHAR, c.span());
        } catch (NablaException e) {
            throw new NablaException(
                    e.code(), innerToOuter(e.span(), expr, exprLit.span(), c.span()), e.getMessage(), e);
        }
    }

    /** The statement position of {@code inner} (a span within {@code text}), written as the literal at {@code literal}. */
    static Span innerToOuter(Span inner, String text, Span literal, Span call) {
        if (!literal.isKnown()) return call;
        if (!inner.isKnown()
                || inner.startLine() != 1
                || inner.endLine() != 1
                || literal.startLine() != literal.endLine()
                || inner.endOffset() > text.length()) {
            return literal;
        }
        // the literal's source is 'text' with each quote doubled: one extra character per quote before a position
        int start = 1 + inner.offset() + quotes(text, inner.offset());
        int end = 1 + inner.endOffset() + quotes(text, inner.endOffset());
        return new Span(
                literal.startLine(),
                literal.startCol() + start,
                literal.startLine(),
                literal.startCol() + end,
                literal.offset() + start,
                literal.offset() + end);
    }

    private static int quotes(String text, int upTo) {
        int n = 0;
        for (int i = 0; i < upTo; i++) if (text.charAt(i) == '\'') n++;
        return n;
    }
}
