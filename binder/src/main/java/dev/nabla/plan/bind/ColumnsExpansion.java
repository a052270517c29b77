package dev.nabla.plan.bind;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Expression.FunctionCall;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * DuckDB's {@code COLUMNS('regex')} in a select item: the item is repeated once per column of the FROM scope
 * whose name the regular expression (RE2 syntax, matched anywhere in the name, as DuckDB does) finds, with
 * {@code COLUMNS(..)} replaced by that column; {@code COLUMNS(*)} takes every column. Desugared here, in the
 * binder, before the items are bound, so every later stage sees ordinary column references.
 */
final class ColumnsExpansion {
    private ColumnsExpansion() {}

    /** One expanded item: the expression to bind and the output name it gets when it has no alias. */
    record Expanded(Expression expr, String name) {}

    /** Whether {@code e} holds a {@code COLUMNS(..)} call anywhere (not counting subqueries). */
    static boolean contains(Expression e) {
        boolean[] found = {false};
        rewrite(e, call -> {
            found[0] = true;
            return call;
        });
        return found[0];
    }

    /**
     * The item {@code e} once per matching field, or an error when no column matches. Each copy reads its column
     * by a qualified name where the field has a table, so equal names from two tables stay apart; the output name
     * is written with the bare column name ({@code min(x)}), as DuckDB names it.
     */
    static List<Expanded> expand(Expression e, List<Field> fields) {
        FunctionCall call = firstCall(e);
        Pattern pattern = pattern(call);
        List<Expanded> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.qualifiedOnly()) continue;
            if (pattern != null && !pattern.matcher(f.name()).find()) continue;
            QualifiedName qualified = f.table() == null
                    ? QualifiedName.of(new Ident(f.name(), true, call.span()))
                    : new QualifiedName(
                            List.of(new Ident(f.table(), true, call.span()), new Ident(f.name(), true, call.span())),
                            call.span());
            Expression bound = rewrite(e, c -> new Expression.Identifier(qualified, c.span()));
            Expression named = rewrite(
                    e,
                    c -> new Expression.Identifier(QualifiedName.of(new Ident(f.name(), false, c.span())), c.span()));
            out.add(new Expanded(bound, named instanceof Expression.Identifier ? f.name() : QueryBinder.nameOf(named)));
        }
        if (out.isEmpty()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, call.span(), "COLUMNS(" + argText(call) + ") matches no column");
        }
        return out;
    }

    private static FunctionCall firstCall(Expression e) {
        FunctionCall[] first = {null};
        rewrite(e, c -> {
            if (first[0] == null) first[0] = c;
            return c;
        });
        return first[0];
    }

    /** The call's regular expression; null for {@code COLUMNS(*)}. */
    private static Pattern pattern(FunctionCall call) {
        if (call.star() && call.args().isEmpty()) return null;
        if (call.args().size() != 1
                || !call.namedArgs().isEmpty()
                || !(call.args().get(0) instanceof Expression.StringLiteral s)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    call.span(),
                    "COLUMNS takes one string literal (a regular expression) or *");
        }
        try {
            return Pattern.compile(s.value());
        } catch (PatternSyntaxException ex) {
            throw new NablaException(
                    ErrorCode.INVALID_REGEX, s.span(), "invalid regular expression in COLUMNS: " + ex.getDescription());
        }
    }

    private static String argText(FunctionCall call) {
        return call.star()
                ? "*"
                : call.args().isEmpty() ? "" : call.args().get(0).toSql();
    }

    private static boolean isColumnsCall(FunctionCall f) {
        return f.name().parts().size() == 1
                && f.simpleName().toLowerCase(Locale.ROOT).equals("columns")
                && f.over() == null;
    }

    /**
     * Whether {@code e} (a select item as written) aggregates: holds an aggregate call or a window call outside
     * subqueries. GROUP BY ALL groups by the items that do not.
     */
    static boolean aggregates(Expression e) {
        boolean[] found = {false};
        rewrite(e, c -> c.over() != null || dev.nabla.plan.fn.Functions.aggregate(c.simpleName()) != null, c -> {
            found[0] = true;
            return c;
        });
        return found[0];
    }

    /** {@code e} with each COLUMNS call replaced by {@code f}'s result; subqueries are left as they are. */
    static Expression rewrite(Expression e, Function<FunctionCall, Expression> f) {
        return rewrite(e, ColumnsExpansion::isColumnsCall, f);
    }

    /** {@code e} with each call {@code match} accepts replaced by {@code f}'s result (not looking inside it). */
    private static Expression rewrite(
            Expression e, Predicate<FunctionCall> match, Function<FunctionCall, Expression> f) {
        if (e instanceof FunctionCall call && match.test(call)) return f.apply(call);
        UnaryOperator<Expression> r = x -> x == null ? null : rewrite(x, match, f);
        return switch (e) {
            case Expression.NumberLiteral x -> x;
            case Expression.StringLiteral x -> x;
            case Expression.BlobLiteral x -> x;
            case Expression.BooleanLiteral x -> x;
            case Expression.NullLiteral x -> x;
            case Expression.TypedLiteral x -> x;
            case Expression.Identifier x -> x;
            case Expression.Parameter x -> x;
            case Expression.InSubquery x -> new Expression.InSubquery(r.apply(x.expr()), x.query(), x.not(), x.span());
            case Expression.Exists x -> x;
            case Expression.ScalarSubquery x -> x;
            case Expression.UnaryOp x -> new Expression.UnaryOp(x.op(), r.apply(x.operand()), x.span());
            case Expression.BinaryOp x ->
                new Expression.BinaryOp(r.apply(x.left()), x.op(), r.apply(x.right()), x.span());
            case Expression.IsNull x -> new Expression.IsNull(r.apply(x.expr()), x.not(), x.span());
            case Expression.IsBoolean x -> new Expression.IsBoolean(r.apply(x.expr()), x.value(), x.not(), x.span());
            case Expression.IsDistinctFrom x ->
                new Expression.IsDistinctFrom(r.apply(x.left()), r.apply(x.right()), x.not(), x.span());
            case Expression.Between x ->
                new Expression.Between(r.apply(x.expr()), r.apply(x.low()), r.apply(x.high()), x.not(), x.span());
            case Expression.InList x ->
                new Expression.InList(
                        r.apply(x.expr()), x.list().stream().map(r).toList(), x.not(), x.span());
            case Expression.Like x ->
                new Expression.Like(
                        r.apply(x.expr()),
                        r.apply(x.pattern()),
                        r.apply(x.escape()),
                        x.not(),
                        x.caseInsensitive(),
                        x.span());
            case Expression.RegexMatch x ->
                new Expression.RegexMatch(
                        r.apply(x.expr()), r.apply(x.pattern()), x.not(), x.caseInsensitive(), x.span());
            case Expression.SimilarTo x ->
                new Expression.SimilarTo(
                        r.apply(x.expr()), r.apply(x.pattern()), r.apply(x.escape()), x.not(), x.span());
            case Expression.Glob x -> new Expression.Glob(r.apply(x.expr()), r.apply(x.pattern()), x.not(), x.span());
            case Expression.Case x ->
                new Expression.Case(
                        r.apply(x.operand()),
                        x.whens().stream()
                                .map(w -> new Expression.WhenClause(
                                        r.apply(w.condition()), r.apply(w.result()), w.span()))
                                .toList(),
                        r.apply(x.elseResult()),
                        x.span());
            case Expression.Cast x -> new Expression.Cast(r.apply(x.expr()), x.type(), x.style(), x.span());
            case FunctionCall x ->
                new FunctionCall(
                        x.name(),
                        x.args().stream().map(r).toList(),
                        x.namedArgs(),
                        x.distinct(),
                        x.star(),
                        x.orderBy(),
                        x.withinGroup(),
                        r.apply(x.filter()),
                        x.over(),
                        x.span());
            case Expression.ArrayLiteral x ->
                new Expression.ArrayLiteral(x.elements().stream().map(r).toList(), x.span());
            case Expression.Row x ->
                new Expression.Row(x.values().stream().map(r).toList(), x.span());
            case Expression.DefaultValue x -> x;
            case Expression.StructLiteral x ->
                new Expression.StructLiteral(
                        x.names(), x.values().stream().map(r).toList(), x.span());
            case Expression.Collate x -> new Expression.Collate(r.apply(x.expr()), x.collation(), x.span());
        };
    }
}
