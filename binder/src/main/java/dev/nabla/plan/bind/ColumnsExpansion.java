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
 * {@code COLUMNS(..)} replaced by that column; {@code COLUMNS(*)} takes every column; {@code COLUMNS(c -> pred)}
 * the columns whose name makes {@code pred} true ({@code c} stands for the name as a string: {@code c LIKE 'loss%'},
 * {@code c NOT IN ('id')}, {@code starts_with(c, 'x')}: {@link ColumnNamePredicate}). An alias with {@code \0}, {@code \1} …
 * names each column by the regular expression's match or groups ({@code COLUMNS('(.*)_val') AS '\1'}), {@code \0}
 * being the whole name for {@code *} and a lambda. Desugared here, in the binder, before the items are bound, so
 * every later stage sees ordinary column references.
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
        return expand(e, fields, null);
    }

    /**
     * As {@link #expand(Expression, List)}; with an {@code alias} holding {@code \0}, {@code \1} …, each
     * copy's output name is the alias with those replaced by the match's groups.
     */
    static List<Expanded> expand(Expression e, List<Field> fields, String alias) {
        FunctionCall call = firstCall(e);
        Expression.Lambda lambda = lambda(call);
        Pattern pattern = lambda == null ? pattern(call) : null;
        boolean rename = alias != null && BACKREFERENCE.matcher(alias).find();
        List<Expanded> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.qualifiedOnly()) continue;
            com.google.re2j.Matcher m = null;
            if (pattern != null) {
                m = pattern.matcher(f.name());
                if (!m.find()) continue;
            }
            if (lambda != null && !ColumnNamePredicate.accepts(lambda, f.name())) continue;
            QualifiedName qualified = f.table() == null
                    ? QualifiedName.of(new Ident(f.name(), true, call.span()))
                    : new QualifiedName(
                            List.of(new Ident(f.table(), true, call.span()), new Ident(f.name(), true, call.span())),
                            call.span());
            Expression bound = rewrite(e, c -> new Expression.Identifier(qualified, c.span()));
            Expression named = rewrite(
                    e,
                    c -> new Expression.Identifier(QualifiedName.of(new Ident(f.name(), false, c.span())), c.span()));
            String name = named instanceof Expression.Identifier ? f.name() : QueryBinder.nameOf(named);
            if (rename) name = renamed(alias, f.name(), m, call);
            out.add(new Expanded(bound, name));
        }
        if (out.isEmpty()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, call.span(), "COLUMNS(" + argText(call) + ") matches no column");
        }
        return out;
    }

    private static final java.util.regex.Pattern BACKREFERENCE = java.util.regex.Pattern.compile("\\\\(\\d)");

    /** Whether a COLUMNS item's alias names each column from its match ({@code \0}, {@code \1} …). */
    static boolean renames(String alias) {
        return BACKREFERENCE.matcher(alias).find();
    }

    /** The alias with each {@code \N} replaced by group N of the match (the whole name without a regex). */
    private static String renamed(String alias, String column, com.google.re2j.Matcher m, FunctionCall call) {
        java.util.regex.Matcher r = BACKREFERENCE.matcher(alias);
        StringBuilder out = new StringBuilder();
        while (r.find()) {
            int g = r.group(1).charAt(0) - '0';
            String value;
            if (m == null) {
                if (g != 0)
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            call.span(),
                            "\\" + g + " in a COLUMNS alias needs a regular expression with that group; COLUMNS("
                                    + argText(call) + ") has only \\0, the column's name");
                value = column;
            } else {
                if (g > m.groupCount())
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            call.span(),
                            "\\" + g + " in a COLUMNS alias: the regular expression has " + m.groupCount() + " group"
                                    + (m.groupCount() == 1 ? "" : "s"));
                value = m.group(g) == null ? "" : m.group(g);
            }
            r.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        r.appendTail(out);
        return out.toString();
    }

    /** The call's lambda argument ({@code COLUMNS(c -> …)}), or null. */
    private static Expression.Lambda lambda(FunctionCall call) {
        if (call.args().size() == 1 && call.namedArgs().isEmpty() && call.args().get(0) instanceof Expression.Lambda l)
            return l;
        return null;
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
                    "COLUMNS takes one string literal (a regular expression), a lambda (c -> condition) or *");
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
        return rewriteAny(e, x -> x instanceof FunctionCall call && match.test(call) ? f.apply(call) : null);
    }

    /** {@code e} with each node {@code hook} replaces (non-null) replaced, not looking inside it; subqueries stay. */
    private static Expression rewriteAny(Expression e, Function<Expression, Expression> hook) {
        Expression replaced = hook.apply(e);
        if (replaced != null) return replaced;
        UnaryOperator<Expression> r = x -> x == null ? null : rewriteAny(x, hook);
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
            // a lambda's body is its own scope: COLUMNS calls inside it are not expanded
            case Expression.Lambda x -> x;
        };
    }
}
