package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Searched CASE: the first condition that is TRUE selects its result; otherwise {@code otherwise}
 * (a NULL literal when the SQL had no ELSE). A simple CASE (CASE x WHEN v ...) is bound to this form.
 */
public record CaseWhen(List<Expr> conditions, List<Expr> results, Expr otherwise, DataType type, Span span)
        implements Expr {
    public CaseWhen {
        conditions = ExprList.of(conditions);
        results = ExprList.of(results);
        Objects.requireNonNull(otherwise);
        Objects.requireNonNull(type);
        span = span == null ? Span.NONE : span;
        if (conditions.size() != results.size() || conditions.isEmpty())
            throw new IllegalArgumentException("CASE arity");
    }

    @Override
    public List<Expr> children() {
        List<Expr> all = new ArrayList<>(conditions.size() * 2 + 1);
        for (int i = 0; i < conditions.size(); i++) {
            all.add(conditions.get(i));
            all.add(results.get(i));
        }
        all.add(otherwise);
        return all;
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        int n = conditions.size();
        List<Expr> c = new ArrayList<>(n), r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            c.add(children.get(2 * i));
            r.add(children.get(2 * i + 1));
        }
        return new CaseWhen(c, r, children.get(2 * n), type, span);
    }

    @Override
    public String toSql() {
        return ExprPrinter.caseWhen(this);
    }
}
