package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.BinaryOperator;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.OrderItem;
import dev.nabla.parser.ast.QualifiedName;
import java.util.List;
import java.util.Locale;

/**
 * DuckDB's (and PostgreSQL's) other spellings of functions Nabla has, rewritten to the call they stand for
 * before binding, so each has one implementation: {@code median(x)} is {@code percentile_cont(0.5) WITHIN
 * GROUP (ORDER BY x)}, {@code year(d)} is {@code EXTRACT(year FROM d)}, {@code nvl} is {@code coalesce}.
 * A rewritten call keeps its FILTER and OVER, and errors point at the call as the user wrote it.
 */
final class FunctionSugar {
    private FunctionSugar() {}

    /** DuckDB's date-part functions, each {@code EXTRACT(part FROM x)}. */
    private static final java.util.Map<String, String> DATE_PARTS = java.util.Map.ofEntries(
            java.util.Map.entry("year", "year"),
            java.util.Map.entry("month", "month"),
            java.util.Map.entry("day", "day"),
            java.util.Map.entry("dayofmonth", "day"),
            java.util.Map.entry("hour", "hour"),
            java.util.Map.entry("minute", "minute"),
            java.util.Map.entry("second", "second"),
            java.util.Map.entry("millisecond", "millisecond"),
            java.util.Map.entry("microsecond", "microsecond"),
            java.util.Map.entry("quarter", "quarter"),
            java.util.Map.entry("week", "week"),
            java.util.Map.entry("weekofyear", "week"),
            java.util.Map.entry("dayofweek", "dow"),
            java.util.Map.entry("weekday", "dow"),
            java.util.Map.entry("isodow", "isodow"),
            java.util.Map.entry("dayofyear", "doy"),
            java.util.Map.entry("epoch", "epoch"),
            java.util.Map.entry("decade", "decade"),
            java.util.Map.entry("century", "century"));

    /** The call {@code f} stands for, or null when {@code name} is not one of these spellings. */
    static Expression rewrite(Expression.FunctionCall f, String name) {
        List<Expression> a = f.args();
        Span s = f.span();
        switch (name) {
            case "median" -> {
                arity(f, name, 1);
                return ordered("percentile_cont", half(s), a.get(0), f);
            }
            case "quantile_cont" -> {
                arity(f, name, 2);
                return ordered("percentile_cont", a.get(1), a.get(0), f);
            }
            case "quantile_disc", "quantile" -> {
                arity(f, name, 2);
                return ordered("percentile_disc", a.get(1), a.get(0), f);
            }
            case "mode" -> {
                if (f.withinGroup() || a.size() != 1) return null; // the ordered-set form binds as it is
                return ordered("mode", null, a.get(0), f);
            }
            case "count_if", "countif" -> {
                arity(f, name, 1);
                plainAggregate(f, name);
                Expression when = f.filter() == null
                        ? a.get(0)
                        : new Expression.BinaryOp(f.filter(), BinaryOperator.AND, a.get(0), s);
                return new Expression.FunctionCall(
                        QualifiedName.of("count"), List.of(), List.of(), false, true, List.of(), when, f.over(), s);
            }
            case "any_value", "arbitrary" -> {
                // the first row whose value is not NULL, as DuckDB: min_by over a key that is NULL where x is
                arity(f, name, 1);
                plainAggregate(f, name);
                Expression key = new Expression.Case(
                        null,
                        List.of(new Expression.WhenClause(
                                new Expression.IsNull(a.get(0), false, s), new Expression.NullLiteral(s), s)),
                        Expression.NumberLiteral.of(0),
                        s);
                return renamed(f, "min_by", List.of(a.get(0), key));
            }
            case "approx_count_distinct" -> {
                // the exact count: a valid answer to "approximately", and the same on every plan path
                arity(f, name, 1);
                plainAggregate(f, name);
                return new Expression.FunctionCall(
                        QualifiedName.of("count"), a, List.of(), true, false, List.of(), f.filter(), f.over(), s);
            }
            case "geomean", "geometric_mean" -> {
                // exp of the mean logarithm (the mean is the exact sum rounded once); NULL for x ≤ 0 as ln is
                arity(f, name, 1);
                plainAggregate(f, name);
                Expression logs = renamed(f, "avg", List.of(Expression.FunctionCall.of("ln", a.get(0))));
                return Expression.FunctionCall.of("exp", logs);
            }
            case "argmax" -> {
                return renamed(f, "max_by", a);
            }
            case "argmin" -> {
                return renamed(f, "min_by", a);
            }
            case "nvl" -> {
                arity(f, name, 2);
                return renamed(f, "coalesce", a);
            }
            case "len" -> {
                return renamed(f, "length", a);
            }
            case "strlen" -> {
                return renamed(f, "octet_length", a); // DuckDB's strlen counts bytes
            }
            case "datediff" -> {
                return renamed(f, "date_diff", a);
            }
            case "dayname", "monthname" -> {
                arity(f, name, 1);
                return renamed(
                        f,
                        "strftime",
                        List.of(a.get(0), new Expression.StringLiteral(name.equals("dayname") ? "%A" : "%B", s)));
            }
            case "last_day" -> {
                // the first of the month, a month on, a day back
                arity(f, name, 1);
                Expression first =
                        renamed(f, "date_trunc", List.of(new Expression.StringLiteral("month", s), a.get(0)));
                Expression next = new Expression.BinaryOp(first, BinaryOperator.PLUS, interval("1 month", s), s);
                Expression last = new Expression.BinaryOp(next, BinaryOperator.MINUS, interval("1 day", s), s);
                return new Expression.Cast(
                        last, dev.nabla.parser.ast.TypeName.of("DATE"), Expression.CastStyle.CAST, s);
            }
            case "today" -> {
                arity(f, name, 0);
                return renamed(f, "current_date", List.of());
            }
            default -> {}
        }
        String part = DATE_PARTS.get(name);
        if (part == null) return null;
        arity(f, name, 1);
        return renamed(f, "extract", List.of(new Expression.StringLiteral(part, s), a.get(0)));
    }

    private static Expression interval(String text, Span s) {
        return new Expression.TypedLiteral(dev.nabla.parser.ast.TypeName.of("INTERVAL"), text, s);
    }

    private static Expression half(Span s) {
        return new Expression.NumberLiteral("0.5", 0.5, s);
    }

    /** {@code fn(fraction) WITHIN GROUP (ORDER BY x)} with f's FILTER and OVER. */
    private static Expression.FunctionCall ordered(
            String fn, Expression fraction, Expression x, Expression.FunctionCall f) {
        plainAggregate(f, f.simpleName());
        return new Expression.FunctionCall(
                QualifiedName.of(fn),
                fraction == null ? List.of() : List.of(fraction),
                List.of(),
                false,
                false,
                List.of(new OrderItem(x, false, OrderItem.NullOrdering.DEFAULT, x.span())),
                true,
                f.filter(),
                f.over(),
                f.span());
    }

    private static Expression.FunctionCall renamed(Expression.FunctionCall f, String fn, List<Expression> args) {
        return new Expression.FunctionCall(
                QualifiedName.of(fn),
                args,
                f.namedArgs(),
                f.distinct(),
                f.star(),
                f.orderBy(),
                f.withinGroup(),
                f.filter(),
                f.over(),
                f.span());
    }

    private static void arity(Expression.FunctionCall f, String name, int n) {
        FunctionBinder.checkArity(name, n, n, f.args().size(), f.span());
    }

    private static void plainAggregate(Expression.FunctionCall f, String name) {
        if (f.distinct() || f.star() || !f.orderBy().isEmpty())
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    f.span(),
                    name.toLowerCase(Locale.ROOT) + " does not take DISTINCT, * or ORDER BY");
    }

    /** For tests and "did you mean": every spelling this class rewrites. */
    static List<String> names() {
        List<String> n = new java.util.ArrayList<>(List.of(
                "median",
                "quantile_cont",
                "quantile_disc",
                "quantile",
                "count_if",
                "countif",
                "any_value",
                "arbitrary",
                "argmax",
                "approx_count_distinct",
                "geomean",
                "geometric_mean",
                "argmin",
                "nvl",
                "len",
                "strlen",
                "today",
                "datediff",
                "dayname",
                "monthname",
                "last_day"));
        n.addAll(new java.util.TreeSet<>(DATE_PARTS.keySet()));
        return n;
    }
}
