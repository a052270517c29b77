package dev.nabla.plan.bind;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.Expression;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.SqlRegex;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.fn.AggregateFunction;
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.fn.ScalarFunction;
import dev.nabla.plan.fn.WindowFunction;
import dev.nabla.plan.optimize.ConstantEvaluator;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import dev.nabla.storage.ListType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Binds function calls: scalar functions, aggregates, window functions and grad/jvp/vjp. */
final class FunctionBinder {
    private final ExprBinder exprs;
    private final BindState state;

    FunctionBinder(ExprBinder exprs, BindState state) {
        this.exprs = exprs;
        this.state = state;
    }

    /**
     * PostgreSQL's {@code current_setting('name')}: the session setting as text, read when the statement is bound
     * (a prepared statement is bound again after a SET, so it sees the new value). An unknown name fails with
     * 42704, as there.
     */
    private Expr currentSetting(Expression.FunctionCall f, Ctx c) {
        checkArity("current_setting", 1, 1, f.args().size(), f.span());
        Expression arg = f.args().getFirst();
        Expr b = exprs.bind(arg, c);
        Literal l = b instanceof Literal lit ? lit : ConstantEvaluator.evaluate(b);
        if (l == null || !(l.value() instanceof String name))
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, arg.span(), "current_setting takes a constant setting name");
        String value = state.catalog.settingText(name.strip());
        if (value == null)
            throw new NablaException(
                    ErrorCode.UNDEFINED_OBJECT, arg.span(), "unrecognized configuration parameter \"" + name + "\"");
        return new Literal(value, DataType.VARCHAR, f.span());
    }

    /**
     * {@code unnest(list)} / {@code generate_subscripts(list, 1)} in a select list: a marker call the query binder
     * lifts into an Unnest node (DuckDB's and PostgreSQL's set-returning functions); anywhere else 0A000, as
     * DuckDB refuses it ("UNNEST not supported here").
     */
    private Expr setReturning(String name, Expression.FunctionCall f, Ctx c) {
        boolean subscripts = name.equals("generate_subscripts");
        checkArity(name, subscripts ? 2 : 1, subscripts ? 2 : 1, f.args().size(), f.span());
        if (f.over() != null
                || f.distinct()
                || f.star()
                || f.filter() != null
                || !f.orderBy().isEmpty())
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    f.span(),
                    name + " is not an aggregate: OVER, DISTINCT, *, FILTER and ORDER BY do not apply to it");
        if (!c.unnestAllowed)
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    f.span(),
                    name + " is only allowed in a SELECT list or as a FROM item (not in " + c.clause + ")");
        Expr list = unnestArgument(
                name, exprs.bind(f.args().getFirst(), c), f.args().getFirst());
        if (subscripts) {
            Expression d = f.args().get(1);
            Expr dim = exprs.bind(d, c);
            Literal l = dim instanceof Literal lit ? lit : ConstantEvaluator.evaluate(dim);
            if (l == null
                    || !(l.value() instanceof Number num)
                    || num.longValue() != 1
                    || !dim.type().isIntegral())
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        d.span(),
                        "generate_subscripts: lists have one dimension; the second argument must be 1");
            return new Call(Fn.GENERATE_SUBSCRIPTS, List.of(list), DataType.BIGINT, f.span());
        }
        return new Call(Fn.UNNEST, List.of(list), DataType.DOUBLE, f.span());
    }

    /** The list an unnest reads: a DOUBLE[] or DOUBLE[n] (a bare NULL as an empty DOUBLE[]); else 42804. */
    static Expr unnestArgument(String name, Expr list, Expression written) {
        DataType t = list.type();
        // a bare NULL or an untyped parameter: a DOUBLE[] (the list type the engine stores)
        if (t == DataType.NULL) return TypeRules.coerce(list, ListType.DOUBLE_LIST);
        if (t instanceof ListType || t instanceof dev.nabla.storage.ArrayType) return list;
        throw new NablaException(
                ErrorCode.TYPE_MISMATCH,
                written.span(),
                name + "() can only be applied to lists and arrays, not " + t.sqlName());
    }

    Expr bind(Expression.FunctionCall f, Ctx c) {
        String name = f.simpleName().toLowerCase(Locale.ROOT);
        int n = f.args().size();
        Span span = f.span();
        if (f.name().size() > 1) throw unknown(f);
        if (!f.namedArgs().isEmpty()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    f.namedArgs().get(0).span(),
                    "named arguments are only allowed for table functions");
        }
        switch (name) {
            case "grad" -> {
                return derivative(Derivative.Mode.GRAD, f, c);
            }
            case "jvp" -> {
                return derivative(Derivative.Mode.JVP, f, c);
            }
            case "vjp" -> {
                return derivative(Derivative.Mode.VJP, f, c);
            }
            case "grouping" -> {
                return grouping(f, c);
            }
            case "soft_gate" -> {
                return softGate(f, c);
            }
            case "current_setting" -> {
                return currentSetting(f, c);
            }
            case "unnest", "generate_subscripts" -> {
                return setReturning(name, f, c);
            }
            case "pg_typeof" -> {
                // DuckDB's and PostgreSQL's: the bound type's name in lower case (typeof follows SQLite's classes)
                checkArity(name, 1, 1, n, span);
                Expr arg = exprs.defaultParam(exprs.bind(f.args().getFirst(), c));
                return new Literal(arg.type().sqlName().toLowerCase(Locale.ROOT), DataType.VARCHAR, span);
            }
            case "columns" -> {
                // the select list expands COLUMNS(..) before binding (ColumnsExpansion); anywhere else it is left here
                throw new NablaException(
                        ErrorCode.UNSUPPORTED, span, "COLUMNS(...) is only supported in a SELECT list");
            }
            default -> {}
        }
        Expression soft = SoftBinder.aggregateSugar(f, name);
        if (soft != null) return exprs.bind(soft, c);
        Expression spelled = FunctionSugar.rewrite(f, name);
        if (spelled != null) return exprs.bind(spelled, c);
        WindowFunction wfn = Functions.window(name);
        if (wfn != null) return windowFunction(wfn.fn(), f, c);
        AggregateFunction aggregate = Functions.aggregate(name);
        AggFn agg = aggregate == null ? null : aggregate.fn();
        if (agg != null && !((name.equals("min") || name.equals("max")) && n >= 2)) return aggregate(agg, name, f, c);
        if (f.over() != null)
            throw new NablaException(ErrorCode.UNKNOWN_FUNCTION, span, name + " is not a window or aggregate function");
        if (f.distinct() || f.star() || f.filter() != null || !f.orderBy().isEmpty()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    span,
                    "DISTINCT, *, FILTER and ORDER BY are only allowed in aggregate calls");
        }
        // POSITION(needle IN haystack) arrives as position(needle, haystack): instr with the arguments swapped
        boolean position = name.equals("position");
        ScalarFunction registered = Functions.byName(name);
        Fn fn = name.equals("log") && n == 1
                ? Fn.LOG10
                : position ? Fn.INSTR : registered != null ? registered.fn() : Fn.byName(name);
        if (fn == null) throw unknown(f);
        checkArity(name, fn.minArgs(), fn.maxArgs(), n, span);
        List<Expr> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Expression a = f.args().get(i);
            // EXTRACT(field FROM x) / date_trunc('unit', x): the field may arrive as a bare word
            if (i == 0
                    && (fn == Fn.EXTRACT || fn == Fn.DATE_TRUNC)
                    && a instanceof Expression.Identifier id
                    && id.name().size() == 1) {
                args.add(new Literal(id.name().last().value().toLowerCase(Locale.ROOT), DataType.VARCHAR, id.span()));
            } else {
                args.add(exprs.bind(a, c));
            }
        }
        if (position) java.util.Collections.reverse(args);
        return scalar(fn, args, span, f);
    }

    private static NablaException unknown(Expression.FunctionCall f) {
        Set<String> known = new LinkedHashSet<>(Functions.aggregateNames());
        known.addAll(Functions.windowNames());
        for (Fn fn : Fn.values()) if (!fn.isOperator()) known.add(fn.sqlName());
        known.addAll(Functions.names());
        known.addAll(List.of("grad", "jvp", "vjp", "soft_gate", "soft_count", "soft_sum", "soft_avg"));
        known.addAll(FunctionSugar.names());
        known.add("pg_typeof");
        return new NablaException(
                ErrorCode.UNKNOWN_FUNCTION,
                f.name().span().isKnown() ? f.name().span() : f.span(),
                "unknown function " + f.toSql() + Suggest.didYouMean(f.simpleName(), known));
    }

    static void checkArity(String name, int min, int max, int n, Span span) {
        if (n >= min && (max < 0 || n <= max)) return;
        String expected = min == max
                ? min + " argument" + (min == 1 ? "" : "s")
                : max < 0 ? "at least " + min + " argument" + (min == 1 ? "" : "s") : min + " to " + max + " arguments";
        throw new NablaException(
                ErrorCode.INVALID_ARGUMENT, span, "function " + name + " expects " + expected + ", got " + n);
    }

    // ---------------------------------------------------------------- scalar

    private Expr scalar(Fn fn, List<Expr> a, Span span, Expression.FunctionCall f) {
        ScalarFunction def = Functions.of(fn);
        if (def != null) return registered(def, a, span);
        if (fn.isListFunction()) return ListBinding.function(fn, a, span);
        return switch (fn) {
            case RANDOM -> call(fn, a, DataType.DOUBLE, span);
            case GEN_RANDOM_UUID -> call(fn, a, DataType.UUID, span);
            case NEXTVAL, CURRVAL, SETVAL -> {
                // the sequence is named by a string, as in PostgreSQL (nextval('orders_id_seq'))
                List<Expr> conv = new ArrayList<>();
                conv.add(TypeRules.coerce(a.get(0), DataType.VARCHAR));
                if (a.size() > 1) conv.add(TypeRules.coerce(a.get(1), DataType.BIGINT));
                if (a.size() > 2) conv.add(TypeRules.coerce(a.get(2), DataType.BOOLEAN));
                yield call(fn, conv, DataType.BIGINT, span);
            }
            case ARRAY_VALUE,
                    ARRAY_EXTRACT,
                    ARRAY_LENGTH,
                    ARRAY_INNER_PRODUCT,
                    ARRAY_NEGATIVE_INNER_PRODUCT,
                    ARRAY_DISTANCE,
                    ARRAY_COSINE_SIMILARITY,
                    ARRAY_COSINE_DISTANCE,
                    ARRAY_NORM,
                    L2_NORMALIZE -> ArrayBinding.function(fn, a, span);
            case GREATEST, LEAST, COALESCE, IFNULL, NULLIF -> {
                List<DataType> types = new ArrayList<>();
                for (Expr e : a) types.add(ExprBinder.isUnknownParam(e) ? DataType.NULL : e.type());
                DataType t = ExprBinder.unify(types, span, fn.sqlName());
                if (t == DataType.NULL) t = DataType.VARCHAR;
                // coalesce/ifnull pick a value; greatest/least/nullif compare, which arrays cannot
                if ((t instanceof dev.nabla.storage.ArrayType || t instanceof ListType)
                        && fn != Fn.COALESCE
                        && fn != Fn.IFNULL) throw ArrayBinding.notComparable(a.get(0), span);
                List<Expr> conv = new ArrayList<>();
                for (Expr e : a) conv.add(TypeRules.coerce(e, t));
                yield call(fn, conv, t, span);
            }
            case STOP_GRADIENT -> {
                Expr x = a.get(0);
                if (ExprBinder.isUnknownParam(x)) x = TypeRules.coerce(x, DataType.DOUBLE);
                yield call(fn, List.of(x), x.type(), span);
            }
            case LOWER, UPPER, TRIM, LTRIM, RTRIM, REPLACE, REVERSE, CONCAT_FN, INITCAP, CONCAT_WS, TRANSLATE ->
                call(fn, all(a, DataType.VARCHAR, fn), DataType.VARCHAR, span);
            case REGEXP_MATCHES, REGEXP_FULL_MATCH, REGEXP_REPLACE, REGEXP_EXTRACT -> regex(fn, a, span);
            case SPLIT_PART ->
                call(
                        fn,
                        List.of(
                                ExprBinder.toVarchar(a.get(0)),
                                ExprBinder.toVarchar(a.get(1)),
                                TypeRules.coerce(integralArg(a.get(2), fn), DataType.BIGINT)),
                        DataType.VARCHAR,
                        span);
            case ASCII -> call(fn, List.of(ExprBinder.toVarchar(a.get(0))), DataType.BIGINT, span);
            case CHR ->
                call(fn, List.of(TypeRules.coerce(integralArg(a.get(0), fn), DataType.BIGINT)), DataType.VARCHAR, span);
            case MD5, SHA1, SHA256 -> call(fn, List.of(textOrBlob(a.get(0))), DataType.VARCHAR, span);
            case LEVENSHTEIN, DAMERAU_LEVENSHTEIN, HAMMING ->
                call(fn, all(a, DataType.VARCHAR, fn), DataType.BIGINT, span);
            case JACCARD, JARO_SIMILARITY, JARO_WINKLER_SIMILARITY ->
                call(fn, all(a, DataType.VARCHAR, fn), DataType.DOUBLE, span);
            case STRFTIME ->
                call(fn, List.of(temporal(a.get(0), fn), ExprBinder.toVarchar(a.get(1))), DataType.VARCHAR, span);
            case STRPTIME -> call(fn, all(a, DataType.VARCHAR, fn), DataType.TIMESTAMP, span);
            case DATE_DIFF ->
                call(
                        fn,
                        List.of(ExprBinder.toVarchar(a.get(0)), temporal(a.get(1), fn), temporal(a.get(2), fn)),
                        DataType.BIGINT,
                        span);
            case MAKE_TIMESTAMP -> {
                List<Expr> conv = new ArrayList<>();
                for (int i = 0; i < 5; i++) conv.add(TypeRules.coerce(integralArg(a.get(i), fn), DataType.BIGINT));
                conv.add(TypeRules.coerce(numeric(a.get(5), fn), DataType.DOUBLE));
                yield call(fn, conv, DataType.TIMESTAMP, span);
            }
            case TIMEZONE -> {
                Expr zone = ExprBinder.toVarchar(a.get(0));
                Expr x = a.get(1);
                if (x.type() == DataType.TIMESTAMP_TZ) yield call(fn, List.of(zone, x), DataType.TIMESTAMP, span);
                yield call(fn, List.of(zone, temporal(x, fn)), DataType.TIMESTAMP_TZ, span);
            }
            case MAKE_TIME -> {
                List<Expr> conv = new ArrayList<>();
                for (int i = 0; i < 2; i++) conv.add(TypeRules.coerce(integralArg(a.get(i), fn), DataType.BIGINT));
                conv.add(TypeRules.coerce(numeric(a.get(2), fn), DataType.DOUBLE));
                yield call(fn, conv, DataType.TIME, span);
            }
            case TO_TIMESTAMP ->
                call(fn, List.of(TypeRules.coerce(numeric(a.get(0), fn), DataType.DOUBLE)), DataType.TIMESTAMP, span);
            case EPOCH_MS ->
                call(
                        fn,
                        List.of(TypeRules.coerce(integralArg(a.get(0), fn), DataType.BIGINT)),
                        DataType.TIMESTAMP,
                        span);
            case MAKE_DATE -> {
                List<Expr> conv = new ArrayList<>();
                for (Expr e : a) conv.add(TypeRules.coerce(integralArg(e, fn), DataType.BIGINT));
                yield call(fn, conv, DataType.DATE, span);
            }
            case PRINTF -> {
                List<Expr> conv = new ArrayList<>();
                conv.add(ExprBinder.toVarchar(a.get(0)));
                for (int i = 1; i < a.size(); i++) conv.add(exprs.defaultParam(a.get(i)));
                yield call(fn, conv, DataType.VARCHAR, span);
            }
            // a blob's length is its byte count; other values are measured as text
            // length of an array is its element count (DuckDB's length(list)), not the length of its text
            case LENGTH, OCTET_LENGTH ->
                fn == Fn.LENGTH && (ArrayBinding.isArray(a.get(0)) || ListBinding.isList(a.get(0)))
                        ? ArrayBinding.function(Fn.ARRAY_LENGTH, a, span)
                        : call(fn, List.of(textOrBlob(a.get(0))), DataType.BIGINT, span);
            case HEX -> call(fn, List.of(textOrBlob(a.get(0))), DataType.VARCHAR, span);
            case UNHEX -> call(fn, List.of(ExprBinder.toVarchar(a.get(0))), DataType.BLOB, span);
            case INSTR -> call(fn, all(a, DataType.VARCHAR, fn), DataType.BIGINT, span);
            case STARTS_WITH, CONTAINS, ENDS_WITH -> call(fn, all(a, DataType.VARCHAR, fn), DataType.BOOLEAN, span);
            case SUBSTR, LEFT, RIGHT, REPEAT, LPAD, RPAD -> {
                List<Expr> conv = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    boolean text = i == 0 || (i == 2 && (fn == Fn.LPAD || fn == Fn.RPAD));
                    conv.add(
                            text
                                    ? ExprBinder.toVarchar(a.get(i))
                                    : TypeRules.coerce(integralArg(a.get(i), fn), DataType.BIGINT));
                }
                yield call(fn, conv, DataType.VARCHAR, span);
            }
            case TYPEOF -> call(fn, List.of(exprs.defaultParam(a.get(0))), DataType.VARCHAR, span);
            case CURRENT_DATE -> call(fn, a, DataType.DATE, span);
            // an instant, as DuckDB's and PostgreSQL's now()
            case CURRENT_TIMESTAMP -> call(fn, a, DataType.TIMESTAMP_TZ, span);
            case EXTRACT -> {
                Expr field = ExprBinder.toVarchar(a.get(0));
                // a TIME has the time-of-day parts (hour … microsecond, epoch), as in DuckDB
                // a TIMESTAMPTZ's parts are its wall clock's in the session zone, plus timezone/_hour/_minute
                Expr x = a.get(1).type() == DataType.TIME || a.get(1).type() == DataType.TIMESTAMP_TZ
                        ? a.get(1)
                        : temporal(a.get(1), fn);
                boolean fractional = field instanceof Literal l && "epoch".equals(l.value());
                yield call(fn, List.of(field, x), fractional ? DataType.DOUBLE : DataType.BIGINT, span);
            }
            case DATE_TRUNC -> {
                // a TIMESTAMPTZ is truncated in the session zone and stays one (DuckDB's and PostgreSQL's)
                Expr x = a.get(1).type() == DataType.TIMESTAMP_TZ ? a.get(1) : temporal(a.get(1), fn);
                yield call(fn, List.of(ExprBinder.toVarchar(a.get(0)), x), x.type(), span);
            }
            case DERIVATIVE_SQL -> {
                for (int i = 0; i < 2; i++) {
                    if (!(a.get(i) instanceof Literal l && l.value() instanceof String)) {
                        throw new NablaException(
                                ErrorCode.INVALID_ARGUMENT,
                                f.args().get(i).span(),
                                "derivative() expects constant string arguments: derivative('expression', 'variable')");
                    }
                }
                // the Differentiate stage folds it to its text (the arguments are constants); the literal keeps
                // where the text stands in the statement, so an error inside it points there
                Literal text = (Literal) a.get(0);
                yield call(
                        fn,
                        List.of(
                                new Literal(
                                        text.value(),
                                        text.type(),
                                        f.args().get(0).span()),
                                a.get(1)),
                        DataType.VARCHAR,
                        span);
            }
            default ->
                throw new NablaException(
                        ErrorCode.UNKNOWN_FUNCTION, span, "function " + fn.sqlName() + " cannot be called here");
        };
    }

    /**
     * regexp_matches/regexp_full_match(s, p [, options]), regexp_replace(s, p, r [, options]) and
     * regexp_extract(s, p [, group [, options]]): options and group must be constants (as in DuckDB), and a
     * constant pattern is compiled here so that a bad one fails at its position before anything runs.
     */
    private static Expr regex(Fn fn, List<Expr> a, Span span) {
        int optionsAt = fn == Fn.REGEXP_MATCHES || fn == Fn.REGEXP_FULL_MATCH ? 2 : 3;
        List<Expr> conv = new ArrayList<>();
        String options = "";
        for (int i = 0; i < a.size(); i++) {
            Expr e = a.get(i);
            if (fn == Fn.REGEXP_EXTRACT && i == 2) {
                Object g = constant(TypeRules.coerce(integralArg(e, fn), DataType.BIGINT), "the regexp_extract group");
                if (g == null || ((Number) g).longValue() < 0 || ((Number) g).longValue() > 1000) {
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            e.span(),
                            "the regexp_extract group must be a group number from 0, got " + g);
                }
                conv.add(new Literal(((Number) g).longValue(), DataType.BIGINT, e.span()));
            } else if (i == optionsAt) {
                Object o = constant(ExprBinder.toVarchar(e), "regular-expression options");
                options = o == null ? "" : o.toString();
                SqlRegex.flags(options, e.span());
                conv.add(new Literal(options, DataType.VARCHAR, e.span()));
            } else {
                conv.add(ExprBinder.toVarchar(e));
            }
        }
        if (conv.get(1) instanceof Literal p && p.value() instanceof String regex)
            SqlRegex.compile(regex, SqlRegex.flags(options, p.span()), p.span());
        DataType type = fn == Fn.REGEXP_MATCHES || fn == Fn.REGEXP_FULL_MATCH ? DataType.BOOLEAN : DataType.VARCHAR;
        return call(fn, conv, type, span);
    }

    /** {@code value ~ pattern} and {@code ~*}: PostgreSQL's operators, regexp_matches (a match anywhere in the value). */
    static Expr regexMatch(Expr value, Expr pattern, boolean caseInsensitive, Span span) {
        List<Expr> a = new ArrayList<>(List.of(value, pattern));
        if (caseInsensitive) a.add(new Literal("i", DataType.VARCHAR, span));
        return regex(Fn.REGEXP_MATCHES, a, span);
    }

    /** {@code value SIMILAR TO pattern [ESCAPE e]}; the escape must be a constant, a constant pattern is checked here. */
    static Expr similarTo(Expr value, Expr pattern, Expr escape, Span span) {
        List<Expr> a = new ArrayList<>(List.of(ExprBinder.toVarchar(value), ExprBinder.toVarchar(pattern)));
        String esc = null;
        if (escape != null) {
            Object o = constant(ExprBinder.toVarchar(escape), "the ESCAPE character");
            esc = o == null ? null : o.toString();
            if (esc != null) a.add(new Literal(esc, DataType.VARCHAR, escape.span()));
            else return new Literal(null, DataType.BOOLEAN, span);
        }
        if (a.get(1) instanceof Literal p && p.value() instanceof String sql) {
            SqlRegex.compile(SqlRegex.similarToRegex(sql, esc, p.span()), 0, p.span());
        }
        return call(Fn.SIMILAR_TO, a, DataType.BOOLEAN, span);
    }

    /** The value of an argument that must be a constant (NULL allowed), else an error naming {@code what}. */
    private static Object constant(Expr e, String what) {
        Literal l = e instanceof Literal lit ? lit : dev.nabla.plan.optimize.ConstantEvaluator.evaluate(e);
        if (l == null) throw new NablaException(ErrorCode.INVALID_ARGUMENT, e.span(), what + " must be a constant");
        return l.value();
    }

    private static Expr textOrBlob(Expr e) {
        return e.type() == DataType.BLOB ? e : ExprBinder.toVarchar(e);
    }

    private static Expr call(Fn fn, List<Expr> args, DataType type, Span span) {
        return new Call(fn, args, type, span);
    }

    /** A registry function's call, typed by its type rule. */
    private static Expr registered(ScalarFunction def, List<Expr> a, Span span) {
        Fn fn = def.fn();
        return switch (def.typeRule()) {
            case DOUBLE -> call(fn, all(a, DataType.DOUBLE, fn), DataType.DOUBLE, span);
            case SAME_NUMERIC -> {
                if (fn == Fn.ABS && a.get(0).type() instanceof DecimalType d)
                    yield call(fn, List.of(a.get(0)), d, span);
                Expr x = numeric(a.get(0), fn);
                yield call(fn, List.of(x), x.type() == DataType.BOOLEAN ? DataType.BIGINT : x.type(), span);
            }
            case INTEGRAL_OR_DOUBLE -> {
                // FLOOR and CEIL of a DECIMAL are exact (PostgreSQL's numeric floor/ceil): scale 0, one more
                // integer digit than the argument's when it has decimals (CEIL(9.5) is 10)
                if ((fn == Fn.FLOOR || fn == Fn.CEIL) && a.get(0).type() instanceof DecimalType d) {
                    int p = d.scale() == 0 ? d.precision() : d.precision() - d.scale() + 1;
                    yield call(fn, List.of(a.get(0)), new DecimalType(p, 0), span);
                }
                Expr x = numeric(a.get(0), fn);
                yield call(fn, List.of(x), x.type().isIntegral() ? x.type() : DataType.DOUBLE, span);
            }
            case ROUND -> {
                if (a.get(0).type() instanceof DecimalType d) {
                    Expr digits = a.size() == 1 ? null : TypeRules.coerce(integralArg(a.get(1), fn), DataType.BIGINT);
                    DecimalType t = roundedType(d, digits, fn == Fn.TRUNC);
                    yield call(fn, digits == null ? List.of(a.get(0)) : List.of(a.get(0), digits), t, span);
                }
                Expr x = numeric(a.get(0), fn);
                DataType t = x.type().isIntegral() ? x.type() : DataType.DOUBLE;
                if (a.size() == 1) yield call(fn, List.of(x), t, span);
                Expr digits = TypeRules.coerce(integralArg(a.get(1), fn), DataType.BIGINT);
                yield call(fn, List.of(x, digits), t, span);
            }
        };
    }

    /**
     * The type of ROUND(x, digits) or TRUNC(x, digits) for a DECIMAL x: scale {@code digits} (0
     * without it), clamped to [0, s] as PostgreSQL's result has that scale, with one more integer
     * digit for ROUND's carry (9.99 → 10.0; TRUNC never carries); the argument's scale when
     * {@code digits} is not a constant.
     */
    private static DecimalType roundedType(DecimalType d, Expr digits, boolean truncate) {
        int scale;
        if (digits == null) scale = 0;
        else if (digits instanceof Literal l && l.value() instanceof Long n)
            scale = (int) Math.max(0, Math.min(n, d.scale()));
        else scale = d.scale(); // not a constant (or NULL): the value is rounded, the scale stays
        int carry = truncate ? 0 : 1;
        int precision = Math.min(DecimalType.MAX_STORED_PRECISION, d.precision() - d.scale() + carry + scale);
        return new DecimalType(Math.max(precision, Math.max(1, scale)), scale);
    }

    private static List<Expr> all(List<Expr> args, DataType t, Fn fn) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : args) {
            if (t == DataType.DOUBLE
                    && !(e.type().isNumeric() || e.type() == DataType.BOOLEAN || ExprBinder.isUnknownParam(e))) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        e.span(),
                        "function " + fn.sqlName() + " expects a number, got "
                                + e.type().sqlName());
            }
            out.add(TypeRules.coerce(e, t));
        }
        return out;
    }

    private static Expr numeric(Expr e, Fn fn) {
        return numeric(e, fn.sqlName());
    }

    /**
     * A numeric argument of a function computed in DOUBLE or over integers. A DECIMAL becomes DOUBLE
     * here (exactly the value's nearest double), so no integer or double kernel ever reads a DECIMAL's
     * unscaled long; the functions exact over DECIMAL (ABS, ROUND, TRUNC, FLOOR, CEIL, SUM, AVG) handle it before.
     */
    private static Expr numeric(Expr e, String fn) {
        if (ExprBinder.isUnknownParam(e)) return TypeRules.coerce(e, DataType.DOUBLE);
        if (e.type() instanceof DecimalType) return TypeRules.coerce(e, DataType.DOUBLE);
        if (e.type() == DataType.NULL) return TypeRules.coerce(e, DataType.DOUBLE);
        if (!e.type().isNumeric() && e.type() != DataType.BOOLEAN) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    e.span(),
                    "function " + fn + " expects a number, got " + e.type().sqlName());
        }
        return e;
    }

    private static Expr integralArg(Expr e, Fn fn) {
        if (ExprBinder.isUnknownParam(e) || e.type() == DataType.NULL) return TypeRules.coerce(e, DataType.BIGINT);
        if (e.type().isIntegral() || e.type() == DataType.BOOLEAN) return e;
        if (e.type().isFloating()) return new dev.nabla.plan.expr.Cast(e, DataType.BIGINT, e.span());
        throw new NablaException(
                ErrorCode.TYPE_MISMATCH,
                e.span(),
                "function " + fn.sqlName() + " expects an integer, got "
                        + e.type().sqlName());
    }

    private static Expr temporal(Expr e, Fn fn) {
        if (ExprBinder.isUnknownParam(e)) return TypeRules.coerce(e, DataType.TIMESTAMP);
        if (e.type() == DataType.VARCHAR || e.type() == DataType.NULL) return TypeRules.coerce(e, DataType.TIMESTAMP);
        if (!e.type().isTemporal()) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    e.span(),
                    "function " + fn.sqlName() + " expects a DATE or TIMESTAMP, got "
                            + e.type().sqlName());
        }
        return e;
    }

    // ---------------------------------------------------------------- aggregates

    /** GROUPING(key, ..): checked against the GROUP BY keys and replaced by a constant per grouping set in QueryBinder. */
    private Expr grouping(Expression.FunctionCall f, Ctx c) {
        if (f.over() != null
                || f.distinct()
                || f.star()
                || f.filter() != null
                || !f.orderBy().isEmpty()) {
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, f.span(), "GROUPING takes only grouping expressions");
        }
        if (!c.aggregatesAllowed) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    f.span(),
                    c.clause.equals("aggregate arguments")
                            ? "GROUPING cannot be nested in an aggregate call"
                            : "GROUPING is not allowed in " + c.clause);
        }
        checkArity("grouping", 1, 31, f.args().size(), f.span());
        String savedClause = c.clause;
        boolean savedAggs = c.aggregatesAllowed, savedWin = c.windowsAllowed;
        List<Expr> args = new ArrayList<>();
        try {
            c.clause("GROUPING arguments", false, false);
            for (Expression a : f.args()) args.add(exprs.defaultParam(exprs.bind(a, c)));
        } finally {
            c.clause = savedClause;
            c.aggregatesAllowed = savedAggs;
            c.windowsAllowed = savedWin;
        }
        c.sawAggregate = true;
        return new AggCall(AggFn.GROUPING, args, false, null, DataType.INTEGER, f.span());
    }

    private Expr aggregate(AggFn fn, String name, Expression.FunctionCall f, Ctx c) {
        boolean windowed = f.over() != null;
        if (windowed && !c.windowsAllowed) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, f.span(), "window functions are not allowed in " + c.clause);
        }
        if (!windowed && !c.aggregatesAllowed) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    f.span(),
                    c.clause.equals("aggregate arguments")
                            ? "aggregate function calls cannot be nested"
                            : "aggregate functions are not allowed in " + c.clause);
        }
        if (fn.orderedSet() && (!f.withinGroup() || f.orderBy().size() != 1)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, f.span(), name + " requires WITHIN GROUP (ORDER BY one expression)");
        }
        if (!fn.orderedSet() && f.withinGroup()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    f.span(),
                    "WITHIN GROUP is only allowed for ordered-set aggregates (percentile_cont, percentile_disc, mode)");
        }
        if (fn.orderedSet() && f.distinct())
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, f.span(), "DISTINCT is not allowed in " + name);
        if (!f.orderBy().isEmpty() && windowed) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    f.orderBy().get(0).span(),
                    "ORDER BY inside a window aggregate call is not supported");
        }
        String savedClause = c.clause;
        boolean savedAggs = c.aggregatesAllowed, savedWin = c.windowsAllowed;
        List<Expr> args = new ArrayList<>();
        List<dev.nabla.plan.expr.SortKey> order = new ArrayList<>();
        Expr filter = null;
        try {
            // inside a windowed aggregate, plain aggregates are allowed (window over GROUP BY results)
            if (!windowed) c.clause("aggregate arguments", false, false);
            else c.windowsAllowed = false;
            if (f.star()) {
                if (fn != AggFn.COUNT)
                    throw new NablaException(ErrorCode.INVALID_ARGUMENT, f.span(), name + "(*) is not allowed");
                fn = AggFn.COUNT_STAR;
            } else {
                for (Expression a : f.args()) args.add(exprs.bind(a, c));
            }
            for (dev.nabla.parser.ast.OrderItem o : f.orderBy())
                order.add(ExprBinder.sortKey(exprs.defaultParam(exprs.bind(o.expr(), c)), o));
            if (f.filter() != null) {
                c.clause("FILTER", false, false);
                filter = exprs.predicate(f.filter(), c, "FILTER");
            }
        } finally {
            c.clause = savedClause;
            c.aggregatesAllowed = savedAggs;
            c.windowsAllowed = savedWin;
        }
        boolean elementWise = (fn == AggFn.SUM || fn == AggFn.AVG) && !windowed && args.size() == 1;
        if (fn != AggFn.COUNT && !elementWise) {
            // softmax_sum(value, score), min_by/max_by(x, key): the value may be a DOUBLE[n], the score or key not
            boolean valueMayBeArray = fn == AggFn.SOFTMAX_SUM || fn == AggFn.MIN_BY || fn == AggFn.MAX_BY;
            List<Expr> checked = valueMayBeArray && !args.isEmpty() ? args.subList(1, args.size()) : args;
            for (Expr x : checked) {
                if (ArrayBinding.isArray(x) || ListBinding.isList(x)) {
                    throw new NablaException(
                            ErrorCode.UNSUPPORTED,
                            x.span().isKnown() ? x.span() : f.span(),
                            name + " over " + x.type().sqlName()
                                    + " values is not supported yet (aggregate an element v[i] or a distance)");
                }
            }
        }
        DataType type;
        // logsumexp(x, τ) = τ·ln Σ exp(x/τ): the aggregate sees x/τ, its result is scaled back here
        double scale = 1.0;
        switch (fn) {
            case COUNT_STAR -> type = DataType.BIGINT;
            case COUNT -> {
                checkArity(name, 1, 1, args.size(), f.span());
                args.set(0, exprs.defaultParam(args.get(0)));
                type = DataType.BIGINT;
            }
            case SUM, TOTAL, AVG, STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> {
                checkArity(name, 1, 1, args.size(), f.span());
                if (elementWise && ArrayBinding.isArray(args.get(0))) {
                    type = args.get(0).type(); // element-wise SUM/AVG of DOUBLE[n]
                    break;
                }
                if (args.get(0).type() instanceof DecimalType d && (fn == AggFn.SUM || fn == AggFn.AVG)) {
                    // exact: SUM keeps the scale with all 38 digits (PostgreSQL, DuckDB: DECIMAL(38, s));
                    // AVG has every digit the mean cannot need within the argument's width (18 or 38)
                    int max = d.isWide() ? DecimalType.MAX_STORED_PRECISION : DecimalType.MAX_LONG_PRECISION;
                    type = fn == AggFn.SUM
                            ? new DecimalType(DecimalType.MAX_STORED_PRECISION, d.scale())
                            : new DecimalType(max, Math.max(d.scale(), max - (d.precision() - d.scale())));
                    break;
                }
                Expr x = numeric(args.get(0), name);
                args.set(0, x);
                type = fn == AggFn.SUM && (x.type().isIntegral() || x.type() == DataType.BOOLEAN)
                        ? DataType.BIGINT
                        : DataType.DOUBLE;
                if (fn == AggFn.SUM && x.type() == DataType.REAL) type = DataType.DOUBLE;
            }
            case MIN, MAX -> {
                checkArity(name, 1, 1, args.size(), f.span());
                Expr x = exprs.defaultParam(args.get(0));
                args.set(0, x);
                type = x.type();
            }
            case MIN_BY, MAX_BY -> {
                checkArity(name, 2, 3, args.size(), f.span());
                Expr x = exprs.defaultParam(args.get(0));
                Expr key = exprs.defaultParam(args.get(1));
                if (key.type() == DataType.NULL) key = TypeRules.coerce(key, DataType.DOUBLE);
                if (ListBinding.isList(key) || ListBinding.isList(args.get(0)) && args.size() == 3)
                    throw ArrayBinding.notComparable(key, f.span());
                args.set(1, key);
                if (args.size() == 3) {
                    // DuckDB's min_by(x, key, k): the x of the k best rows, best first, as a list
                    if (key.type().physical() == dev.nabla.storage.PhysicalType.STRING)
                        throw new NablaException(
                                ErrorCode.UNSUPPORTED,
                                key.span().isKnown() ? key.span() : f.span(),
                                name + "(x, key, k) takes numeric, date or timestamp keys, not "
                                        + key.type().sqlName());
                    args.set(0, ListBinding.element(x, name, f.span()));
                    args.set(2, ListBinding.positiveConstant(args.get(2), name + "'s k", f.span()));
                    type = ListType.DOUBLE_LIST;
                } else {
                    args.set(0, x);
                    type = x.type();
                }
            }
            case ARRAY_AGG -> {
                checkArity(name, 1, 1, args.size(), f.span());
                args.set(0, ListBinding.element(exprs.defaultParam(args.get(0)), name, f.span()));
                type = ListType.DOUBLE_LIST;
            }
            case STRING_AGG -> {
                if (args.size() == 1) args.add(new Literal(",", DataType.VARCHAR, f.span()));
                checkArity(name, 1, 2, args.size(), f.span());
                args.replaceAll(ExprBinder::toVarchar);
                type = DataType.VARCHAR;
            }
            case BOOL_AND, BOOL_OR -> {
                checkArity(name, 1, 1, args.size(), f.span());
                args.set(0, exprs.toBoolean(args.get(0), name));
                type = DataType.BOOLEAN;
            }
            case PERCENTILE_CONT, PERCENTILE_DISC -> {
                checkArity(name, 1, 1, args.size(), f.span());
                Expr fraction = args.get(0);
                if (!(fraction instanceof Literal l
                        && l.value() instanceof Number v
                        && v.doubleValue() >= 0
                        && v.doubleValue() <= 1)) {
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            f.args().get(0).span(),
                            "percentile fraction must be a constant between 0 and 1");
                }
                Expr x = order.get(0).expr();
                if (fn == AggFn.PERCENTILE_CONT) {
                    x = TypeRules.coerce(numeric(x, name), DataType.DOUBLE);
                    order.set(
                            0,
                            new dev.nabla.plan.expr.SortKey(
                                    x, order.get(0).ascending(), order.get(0).nullsFirst()));
                }
                args.clear();
                args.add(x);
                args.add(new Literal(
                        ((Number) ((Literal) fraction).value()).doubleValue(), DataType.DOUBLE, fraction.span()));
                type = fn == AggFn.PERCENTILE_CONT ? DataType.DOUBLE : x.type();
            }
            case MODE -> {
                checkArity(name, 0, 0, args.size(), f.span());
                args.add(order.get(0).expr());
                type = args.get(0).type();
            }
            case LOGSUMEXP -> {
                checkArity(name, 1, 2, args.size(), f.span());
                scale = args.size() > 1 ? SoftBinder.temperature(args.get(1), name) : 1.0;
                Expr z = SoftBinder.scaled(SoftBinder.numeric(args.get(0), name), scale, f.span());
                args.clear();
                args.add(z);
                type = DataType.DOUBLE;
            }
            case SOFTMAX_SUM -> {
                checkArity(name, 2, 3, args.size(), f.span());
                double tau = args.size() > 2 ? SoftBinder.temperature(args.get(2), name) : 1.0;
                Expr v = ArrayBinding.isArray(args.get(0))
                        ? args.get(0)
                        : TypeRules.coerce(SoftBinder.numeric(args.get(0), name), DataType.DOUBLE);
                Expr z = SoftBinder.scaled(SoftBinder.numeric(args.get(1), name), tau, f.span());
                args.clear();
                args.add(v);
                args.add(z);
                type = v.type(); // DOUBLE, or the value's DOUBLE[n]
            }
            case COVAR_POP,
                    COVAR_SAMP,
                    CORR,
                    REGR_COUNT,
                    REGR_AVGX,
                    REGR_AVGY,
                    REGR_SXX,
                    REGR_SYY,
                    REGR_SXY,
                    REGR_SLOPE,
                    REGR_INTERCEPT,
                    REGR_R2 -> {
                checkArity(name, 2, 2, args.size(), f.span());
                for (int i = 0; i < 2; i++) args.set(i, TypeRules.coerce(numeric(args.get(i), name), DataType.DOUBLE));
                type = fn == AggFn.REGR_COUNT ? DataType.BIGINT : DataType.DOUBLE;
            }
            default -> throw new IllegalStateException(fn.name());
        }
        // only string_agg depends on the order its rows come in; for the others ORDER BY changes nothing
        if (fn != AggFn.STRING_AGG && fn != AggFn.ARRAY_AGG && !fn.orderedSet()) order.clear();
        AggCall call = new AggCall(fn, args, f.distinct(), filter, order, type, f.span());
        if (!windowed) {
            c.sawAggregate = true;
            return rescaled(call, scale, f.span());
        }
        if (f.distinct())
            throw new NablaException(ErrorCode.UNSUPPORTED, f.span(), "DISTINCT is not supported in window aggregates");
        return rescaled(
                exprs.window(WindowCall.WindowFn.AGGREGATE, call, List.of(), type, f.over(), c, f.span()),
                scale,
                f.span());
    }

    private static Expr rescaled(Expr e, double scale, Span span) {
        if (scale == 1.0) return e;
        return new Call(Fn.MUL, List.of(new Literal(scale, DataType.DOUBLE, span), e), DataType.DOUBLE, span);
    }

    /** soft_gate(score, threshold [, τ]): a scalar, bound as the sigmoid it is (its derivative rules come with it). */
    private Expr softGate(Expression.FunctionCall f, Ctx c) {
        if (f.over() != null
                || f.distinct()
                || f.star()
                || f.filter() != null
                || !f.orderBy().isEmpty())
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, f.span(), "soft_gate is a scalar function");
        List<Expr> args = new ArrayList<>();
        for (Expression a : f.args()) args.add(exprs.bind(a, c));
        return SoftBinder.gate(args, f.span());
    }

    private Expr windowFunction(WindowCall.WindowFn wfn, Expression.FunctionCall f, Ctx c) {
        String name = f.simpleName().toLowerCase(Locale.ROOT);
        if (f.over() == null)
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, f.span(), "window function " + name + " requires an OVER clause");
        if (!c.windowsAllowed)
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, f.span(), "window functions are not allowed in " + c.clause);
        boolean savedWin = c.windowsAllowed;
        List<Expr> args = new ArrayList<>();
        try {
            c.windowsAllowed = false;
            for (Expression a : f.args()) args.add(exprs.bind(a, c));
        } finally {
            c.windowsAllowed = savedWin;
        }
        DataType type;
        switch (wfn) {
            case ROW_NUMBER, RANK, DENSE_RANK -> {
                checkArity(name, 0, 0, args.size(), f.span());
                type = DataType.BIGINT;
            }
            case PERCENT_RANK, CUME_DIST -> {
                checkArity(name, 0, 0, args.size(), f.span());
                type = DataType.DOUBLE;
            }
            case NTILE -> {
                checkArity(name, 1, 1, args.size(), f.span());
                args.set(0, TypeRules.coerce(integralArg(args.get(0), Fn.ROUND), DataType.BIGINT));
                type = DataType.BIGINT;
            }
            case LAG, LEAD -> {
                checkArity(name, 1, 3, args.size(), f.span());
                Expr x = exprs.defaultParam(args.get(0));
                args.set(0, x);
                if (args.size() > 1) args.set(1, TypeRules.coerce(integralArg(args.get(1), Fn.ROUND), DataType.BIGINT));
                type = x.type();
                if (args.size() > 2) {
                    DataType t = ExprBinder.unify(List.of(x.type(), args.get(2).type()), f.span(), name);
                    type = t;
                    args.set(0, TypeRules.coerce(x, t));
                    args.set(2, TypeRules.coerce(args.get(2), t));
                }
            }
            case FIRST_VALUE, LAST_VALUE -> {
                checkArity(name, 1, 1, args.size(), f.span());
                args.set(0, exprs.defaultParam(args.get(0)));
                type = args.get(0).type();
            }
            case NTH_VALUE -> {
                checkArity(name, 2, 2, args.size(), f.span());
                args.set(0, exprs.defaultParam(args.get(0)));
                args.set(1, TypeRules.coerce(integralArg(args.get(1), Fn.ROUND), DataType.BIGINT));
                type = args.get(0).type();
            }
            case SOFTMAX, LOG_SOFTMAX, SOFT_RANK, SOFT_SORT, SOFT_TOPK -> {
                SoftBinder.Bound b = SoftBinder.window(wfn, name, args, f.span());
                Expr w = exprs.window(wfn, null, b.args(), DataType.DOUBLE, f.over(), c, f.span());
                return b.negateResult() ? new Call(Fn.NEG, List.of(w), DataType.DOUBLE, f.span()) : w;
            }
            default -> throw new IllegalStateException(wfn.name());
        }
        return exprs.window(wfn, null, args, type, f.over(), c, f.span());
    }

    // ---------------------------------------------------------------- derivatives

    private Expr derivative(Derivative.Mode mode, Expression.FunctionCall f, Ctx c) {
        String name = mode.name().toLowerCase(Locale.ROOT);
        int expected = mode == Derivative.Mode.GRAD ? 2 : 3;
        if (f.args().size() != expected || f.star() || f.distinct()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, f.span(), name + " expects " + expected + " arguments");
        }
        if (f.over() != null || f.filter() != null) {
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, f.span(), name + " cannot have OVER or FILTER");
        }
        Expression wrtArg = f.args().get(1);
        if (!(wrtArg instanceof Expression.Identifier id)) {
            throw new NablaException(
                    ErrorCode.GRAD, wrtArg.span(), name + ": second argument must be a column, got " + wrtArg.toSql());
        }
        Expr body = exprs.bind(f.args().get(0), c);
        Expr wrtBound = exprs.identifier(id, c);
        if (!(wrtBound instanceof ColumnRef wrt)) {
            throw new NablaException(
                    ErrorCode.GRAD, wrtArg.span(), name + ": second argument must be a column, got " + wrtArg.toSql());
        }
        if (!wrt.type().isNumeric() || wrt.type() == DataType.NULL) {
            throw new NablaException(
                    ErrorCode.GRAD,
                    wrtArg.span(),
                    name + ": cannot differentiate with respect to "
                            + wrt.type().sqlName() + " column " + wrt.name());
        }
        if (ExprBinder.isUnknownParam(body)) body = TypeRules.coerce(body, DataType.DOUBLE);
        if (!body.type().isNumeric() && body.type() != DataType.BOOLEAN) {
            throw new NablaException(
                    ErrorCode.GRAD,
                    f.args().get(0).span(),
                    name + ": cannot differentiate a " + body.type().sqlName() + " expression");
        }
        Expr seed = null;
        if (mode != Derivative.Mode.GRAD) {
            seed = exprs.bind(f.args().get(2), c);
            if (!seed.type().isNumeric() && !ExprBinder.isUnknownParam(seed)) {
                throw new NablaException(
                        ErrorCode.GRAD,
                        f.args().get(2).span(),
                        name + ": seed must be a number, got " + seed.type().sqlName());
            }
            seed = TypeRules.coerce(seed, Derivative.seedType(mode, body, wrt));
        }
        if (state.expander == null) {
            throw new NablaException(ErrorCode.UNSUPPORTED, f.span(), "derivatives are not available in this context");
        }
        // left in the plan: the Differentiate stage expands it after binding, reading definitions and group
        // keys from the plan nodes
        return new Derivative(mode, body, wrt, seed, f.span());
    }
}
