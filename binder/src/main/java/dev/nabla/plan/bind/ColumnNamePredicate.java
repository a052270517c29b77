package dev.nabla.plan.bind;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.parser.ast.Expression;
import java.util.Locale;

/**
 * The body of {@code COLUMNS(c -> body)} evaluated for one column name, at bind time (the binder has no
 * executor): string conditions over the name, which is what the lambda is for. Supported: string literals, the
 * parameter, {@code ||}, {@code lower}/{@code upper}, comparisons, {@code [NOT] LIKE/ILIKE [ESCAPE]},
 * {@code GLOB}, {@code ~ ~* !~ !~*}, {@code [NOT] IN (…)}, {@code starts_with}, {@code ends_with},
 * {@code contains}, {@code regexp_matches}, {@code AND}, {@code OR}, {@code NOT}, {@code true}/{@code false};
 * anything else is an error naming that part.
 */
final class ColumnNamePredicate {
    private final String parameter;
    private final String column;

    private ColumnNamePredicate(String parameter, String column) {
        this.parameter = parameter;
        this.column = column;
    }

    /** Whether {@code lambda} accepts the column called {@code column}. */
    static boolean accepts(Expression.Lambda lambda, String column) {
        Object v = new ColumnNamePredicate(lambda.parameter().value(), column).eval(lambda.body());
        if (v instanceof Boolean b) return b;
        throw new NablaException(
                ErrorCode.TYPE_MISMATCH,
                lambda.body().span(),
                "the lambda in COLUMNS must be a condition on the column name, not "
                        + lambda.body().toSql());
    }

    private Object eval(Expression e) {
        return switch (e) {
            case Expression.StringLiteral s -> s.value();
            case Expression.BooleanLiteral b -> b.value();
            case Expression.Identifier id
            when id.name().parts().size() == 1
                    && id.name().parts().getFirst().value().equalsIgnoreCase(parameter) -> column;
            case Expression.UnaryOp u when u.op() == dev.nabla.parser.ast.UnaryOperator.NOT -> !bool(u.operand());
            case Expression.BinaryOp b -> binary(b);
            case Expression.Like l -> {
                Character escape = null;
                if (l.escape() != null) {
                    String esc = text(l.escape());
                    if (esc.length() != 1) throw unsupported(l.escape(), "an ESCAPE of one character");
                    escape = esc.charAt(0);
                }
                boolean m = likeRegex(text(l.pattern()), escape, l.caseInsensitive())
                        .matcher(text(l.expr()))
                        .matches();
                yield m != l.not();
            }
            case Expression.Glob g ->
                globRegex(text(g.pattern())).matcher(text(g.expr())).matches() != g.not();
            case Expression.RegexMatch r ->
                regex((r.caseInsensitive() ? "(?i)" : "") + text(r.pattern()), r.pattern())
                                .matcher(text(r.expr()))
                                .find()
                        != r.not();
            case Expression.InList in -> {
                String v = text(in.expr());
                boolean found = false;
                for (Expression x : in.list()) found |= v.equals(text(x));
                yield found != in.not();
            }
            case Expression.FunctionCall f when f.namedArgs().isEmpty() && f.over() == null -> call(f);
            // everything else says nothing about a name: listed, so a new kind of expression is decided here
            case Expression.Identifier _,
                    Expression.UnaryOp _,
                    Expression.FunctionCall _,
                    Expression.NumberLiteral _,
                    Expression.BlobLiteral _,
                    Expression.NullLiteral _,
                    Expression.TypedLiteral _,
                    Expression.Parameter _,
                    Expression.IsNull _,
                    Expression.IsBoolean _,
                    Expression.IsDistinctFrom _,
                    Expression.Between _,
                    Expression.InSubquery _,
                    Expression.Exists _,
                    Expression.ScalarSubquery _,
                    Expression.SimilarTo _,
                    Expression.Case _,
                    Expression.Cast _,
                    Expression.DefaultValue _,
                    Expression.ArrayLiteral _,
                    Expression.StructLiteral _,
                    Expression.Row _,
                    Expression.Lambda _,
                    Expression.Collate _ -> throw unsupported(e, null);
        };
    }

    private Object binary(Expression.BinaryOp b) {
        return switch (b.op()) {
            case AND -> bool(b.left()) && bool(b.right());
            case OR -> bool(b.left()) || bool(b.right());
            case CONCAT -> text(b.left()) + text(b.right());
            case EQ -> text(b.left()).equals(text(b.right()));
            case NOT_EQ -> !text(b.left()).equals(text(b.right()));
            case LT -> text(b.left()).compareTo(text(b.right())) < 0;
            case LT_EQ -> text(b.left()).compareTo(text(b.right())) <= 0;
            case GT -> text(b.left()).compareTo(text(b.right())) > 0;
            case GT_EQ -> text(b.left()).compareTo(text(b.right())) >= 0;
            default -> throw unsupported(b, null);
        };
    }

    private Object call(Expression.FunctionCall f) {
        String name = f.simpleName().toLowerCase(Locale.ROOT);
        int n = f.args().size();
        return switch (name) {
            case "lower", "lcase" -> {
                if (n != 1) throw unsupported(f, null);
                yield text(f.args().get(0)).toLowerCase(Locale.ROOT);
            }
            case "upper", "ucase" -> {
                if (n != 1) throw unsupported(f, null);
                yield text(f.args().get(0)).toUpperCase(Locale.ROOT);
            }
            case "starts_with", "prefix" -> {
                if (n != 2) throw unsupported(f, null);
                yield text(f.args().get(0)).startsWith(text(f.args().get(1)));
            }
            case "ends_with", "suffix" -> {
                if (n != 2) throw unsupported(f, null);
                yield text(f.args().get(0)).endsWith(text(f.args().get(1)));
            }
            case "contains" -> {
                if (n != 2) throw unsupported(f, null);
                yield text(f.args().get(0)).contains(text(f.args().get(1)));
            }
            case "regexp_matches" -> {
                if (n != 2) throw unsupported(f, null);
                yield regex(text(f.args().get(1)), f.args().get(1))
                        .matcher(text(f.args().get(0)))
                        .find();
            }
            default -> throw unsupported(f, null);
        };
    }

    private boolean bool(Expression e) {
        if (eval(e) instanceof Boolean b) return b;
        throw new NablaException(
                ErrorCode.TYPE_MISMATCH, e.span(), "expected a condition in the COLUMNS lambda, not " + e.toSql());
    }

    private String text(Expression e) {
        if (eval(e) instanceof String s) return s;
        throw new NablaException(
                ErrorCode.TYPE_MISMATCH, e.span(), "expected text in the COLUMNS lambda, not " + e.toSql());
    }

    private static Pattern regex(String re, Expression at) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException ex) {
            throw new NablaException(
                    ErrorCode.INVALID_REGEX,
                    at.span(),
                    "invalid regular expression in COLUMNS: " + ex.getDescription());
        }
    }

    /** SQL LIKE as an RE2 pattern: % any run, _ one character, escape makes the next one literal. */
    static Pattern likeRegex(String like, Character escape, boolean caseInsensitive) {
        StringBuilder re = new StringBuilder(caseInsensitive ? "(?is)" : "(?s)");
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (escape != null && c == escape && i + 1 < like.length()) {
                re.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** GLOB as an RE2 pattern: * any run, ? one character, [..] a class (case-sensitive). */
    static Pattern globRegex(String glob) {
        StringBuilder re = new StringBuilder("(?s)");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int end = glob.indexOf(']', i + 2);
                String body = glob.substring(i + 1, end);
                re.append('[')
                        .append(
                                body.startsWith("^")
                                        ? "^" + body.substring(1).replace("\\", "\\\\")
                                        : body.replace("\\", "\\\\"))
                        .append(']');
                i = end;
            } else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    private static NablaException unsupported(Expression e, String what) {
        return new NablaException(
                ErrorCode.UNSUPPORTED,
                e.span(),
                "COLUMNS lambda: " + (what != null ? "expected " + what : e.toSql() + " is not supported here")
                        + " (a condition on the name with LIKE, ILIKE, GLOB, ~, =, <>, IN, starts_with, ends_with,"
                        + " contains, regexp_matches, lower, upper, ||, AND, OR, NOT)");
    }
}
