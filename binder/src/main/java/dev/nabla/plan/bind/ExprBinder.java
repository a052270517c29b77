package dev.nabla.plan.bind;

import dev.nabla.common.CancelCheck;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.ast.BinaryOperator;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Ident;
import dev.nabla.parser.ast.OrderItem;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.WindowFrame;
import dev.nabla.parser.ast.WindowSpec;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.Project;
import dev.nabla.plan.optimize.ConstantEvaluator;
import dev.nabla.storage.Blobs;
import dev.nabla.storage.DataType;
import dev.nabla.storage.DecimalType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Binds parser expressions to typed {@link Expr}s against a {@link Ctx}. */
final class ExprBinder {
    private final BindState state;
    private final QueryBinder queries;

    ExprBinder(BindState state, QueryBinder queries) {
        this.state = state;
        this.queries = queries;
    }

    // ---------------------------------------------------------------- entry points

    /** Expressions bound so far; every 256th polls for cancellation, so a huge statement's binding can be stopped. */
    private int boundCount;

    Expr bind(Expression e, Ctx c) {
        if ((++boundCount & 255) == 0) CancelCheck.poll();
        return switch (e) {
            case Expression.NumberLiteral n -> number(n);
            case Expression.StringLiteral s -> new Literal(s.value(), DataType.VARCHAR, s.span());
            case Expression.BooleanLiteral b -> new Literal(b.value(), DataType.BOOLEAN, b.span());
            case Expression.NullLiteral n -> new Literal(null, DataType.NULL, n.span());
            case Expression.BlobLiteral b -> blob(b);
            case Expression.TypedLiteral t -> typedLiteral(t);
            case Expression.Identifier id -> identifier(id, c);
            case Expression.Parameter p -> param(p);
            case Expression.UnaryOp u -> unary(u, c);
            case Expression.BinaryOp b when IntervalArithmetic.applies(b) -> IntervalArithmetic.bind(b, this, c);
            case Expression.BinaryOp b -> binary(b.op(), bind(b.left(), c), bind(b.right(), c), b.span());
            case Expression.IsNull n ->
                new Call(
                        n.not() ? Fn.IS_NOT_NULL : Fn.IS_NULL,
                        List.of(defaultParam(bind(n.expr(), c))),
                        DataType.BOOLEAN,
                        n.span());
            case Expression.IsBoolean b ->
                new Call(
                        b.not() ? Fn.IS_DISTINCT_FROM : Fn.IS_NOT_DISTINCT_FROM,
                        List.of(toBoolean(bind(b.expr(), c), "IS"), new Literal(b.value(), DataType.BOOLEAN, b.span())),
                        DataType.BOOLEAN,
                        b.span());
            case Expression.IsDistinctFrom d ->
                comparison(
                        d.not() ? Fn.IS_NOT_DISTINCT_FROM : Fn.IS_DISTINCT_FROM,
                        bind(d.left(), c),
                        bind(d.right(), c),
                        d.span());
            case Expression.Between b -> between(b, c);
            case Expression.InList in -> inList(in, c);
            case Expression.InSubquery in -> inSubquery(in, c);
            case Expression.Exists ex -> {
                QueryBinder.Sub sub = queries.subquery(ex.query(), c);
                Expr e2 = new SubqueryExpr(
                        SubqueryExpr.Kind.EXISTS,
                        sub.rel().plan(),
                        null,
                        sub.correlated(),
                        DataType.BOOLEAN,
                        ex.span());
                yield ex.not() ? not(e2, ex.span()) : e2;
            }
            case Expression.ScalarSubquery s -> {
                QueryBinder.Sub sub = queries.subquery(s.query(), c);
                List<Column> out = sub.rel().plan().output();
                if (out.size() != 1) {
                    throw new NablaException(
                            ErrorCode.CARDINALITY, s.span(), "subquery must return only one column, got " + out.size());
                }
                yield new SubqueryExpr(
                        SubqueryExpr.Kind.SCALAR,
                        sub.rel().plan(),
                        null,
                        sub.correlated(),
                        out.get(0).type(),
                        s.span());
            }
            case Expression.Like l -> like(l, c);
            case Expression.RegexMatch r -> {
                Expr e2 = FunctionBinder.regexMatch(
                        bind(r.expr(), c), bind(r.pattern(), c), r.caseInsensitive(), r.span());
                yield r.not() ? not(e2, r.span()) : e2;
            }
            case Expression.SimilarTo st -> {
                Expr e2 = FunctionBinder.similarTo(
                        bind(st.expr(), c),
                        bind(st.pattern(), c),
                        st.escape() == null ? null : bind(st.escape(), c),
                        st.span());
                yield st.not() ? not(e2, st.span()) : e2;
            }
            case Expression.Glob g -> {
                Expr e2 = new Call(
                        Fn.GLOB,
                        List.of(toVarchar(bind(g.expr(), c)), toVarchar(bind(g.pattern(), c))),
                        DataType.BOOLEAN,
                        g.span());
                yield g.not() ? not(e2, g.span()) : e2;
            }
            case Expression.Case k -> caseWhen(k, c);
            case Expression.Cast k -> cast(k, c);
            case Expression.FunctionCall f -> new FunctionBinder(this, state).bind(f, c);
            case Expression.ArrayLiteral a -> {
                List<Expr> elements = new ArrayList<>();
                boolean list = a.elements().isEmpty();
                for (Expression x : a.elements()) {
                    Expr el = bind(x, c);
                    list |= el instanceof dev.nabla.plan.expr.Literal l && l.isNull();
                    elements.add(el);
                }
                // [1, NULL, 3] and [] are DuckDB lists (a DOUBLE[n] has neither); [1, 2, 3] stays a DOUBLE[3]
                yield list ? ListBinding.value(elements, a.span()) : ArrayBinding.value(elements, a.span());
            }
            case Expression.Row r ->
                throw new NablaException(ErrorCode.UNSUPPORTED, r.span(), "row values are not supported");
            case Expression.Lambda l ->
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        l.span(),
                        "a lambda (" + l.parameter().toSql()
                                + " -> …) is only supported as the argument of COLUMNS(…)");
            case Expression.DefaultValue d ->
                throw new NablaException(
                        ErrorCode.SYNTAX,
                        d.span(),
                        "DEFAULT is not allowed in this context (only as a value of INSERT … VALUES or UPDATE … SET)");
            case Expression.StructLiteral s ->
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        s.span(),
                        "struct values {...} are only supported as table function options"
                                + " (read_csv(…, types => {'col': 'DECIMAL(10,2)'}))");
            case Expression.Collate k -> {
                String coll = k.collation().value().toLowerCase(Locale.ROOT);
                if (!coll.equals("binary")) {
                    throw new NablaException(
                            ErrorCode.UNSUPPORTED,
                            k.collation().span(),
                            "unsupported collation " + k.collation().value());
                }
                yield bind(k.expr(), c);
            }
        };
    }

    /** Binds a predicate (WHERE, ON, HAVING, FILTER): coerced to BOOLEAN. */
    Expr predicate(Expression e, Ctx c, String clause) {
        return toBoolean(bind(e, c), clause);
    }

    /**
     * The value of an expression that must fold to a constant (SET options, table-function arguments), bound
     * with no columns in scope under {@code clause}; fails saying that {@code what} must be a constant.
     */
    Object constantValue(Expression e, CteEnv ctes, String clause, String what) {
        Ctx c = new Ctx(null, ctes);
        c.clause(clause, false, false);
        Expr b = bind(e, c);
        Literal l = b instanceof Literal lit ? lit : ConstantEvaluator.evaluate(b);
        if (l == null)
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, e.span(), what + " must be a constant: " + e.toSql());
        return l.value();
    }

    QueryBinder queries() {
        return queries;
    }

    // ---------------------------------------------------------------- leaves

    private static Expr number(Expression.NumberLiteral n) {
        return switch (n.value()) {
            case Long l -> new Literal(l, l == (int) (long) l ? DataType.INTEGER : DataType.BIGINT, n.span());
            case BigInteger b -> new Literal(b.doubleValue(), DataType.DOUBLE, n.span());
            default -> {
                double d = n.value().doubleValue();
                java.math.BigDecimal exact = exactDecimal(n.text(), d);
                yield exact != null
                        ? new Literal(exact, DecimalType.of(exact), n.span())
                        : new Literal(d, DataType.DOUBLE, n.span());
            }
        };
    }

    /**
     * The DECIMAL a literal with a point and more digits than a DOUBLE keeps stands for
     * ({@code 12345678901234567890.12} is DECIMAL(22,2), as in DuckDB and PostgreSQL), or null when
     * its DOUBLE reads back as the same decimal ({@code 0.1} stays DOUBLE, as in SQLite) or it has an
     * exponent or more than 38 digits. So such a literal is exact without a CAST.
     */
    static java.math.BigDecimal exactDecimal(String text, double d) {
        if (text.length() < 17 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0 || text.indexOf('.') < 0)
            return null;
        java.math.BigDecimal exact;
        try {
            exact = new java.math.BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
        if (!Double.isFinite(d) || exact.compareTo(java.math.BigDecimal.valueOf(d)) == 0) return null;
        DecimalType t = DecimalType.of(exact);
        return t == null ? null : exact.setScale(t.scale());
    }

    private static Expr blob(Expression.BlobLiteral b) {
        // the lexer has already rejected odd digit counts and non-hex digits, with their position
        String bytes = Blobs.fromHex(b.hex());
        if (bytes == null)
            throw new NablaException(ErrorCode.SYNTAX, b.span(), "invalid blob literal X'" + b.hex() + "'");
        return new Literal(bytes, DataType.BLOB, b.span());
    }

    private static Expr typedLiteral(Expression.TypedLiteral t) {
        if (IntervalArithmetic.isInterval(t)) {
            IntervalArithmetic.parse(t.value(), t.span());
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    t.span(),
                    "INTERVAL values can only be added to or subtracted from a DATE or TIMESTAMP");
        }
        DataType type = DataType.fromSqlName(t.type().name());
        if (type != null && !type.isSupported()) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED, t.span(), type.sqlName() + " literals are not supported yet");
        }
        if (type == null || type == DataType.NULL) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    t.span(),
                    "unsupported literal type " + t.type().name());
        }
        Literal lit = new Literal(t.value(), DataType.VARCHAR, t.span());
        if (type == DataType.TIMESTAMP_TZ && !dev.nabla.storage.Instants.hasZone(t.value())) {
            // TIMESTAMPTZ '2024-01-01 12:00' is read in the session zone when the statement runs; its form is
            // checked now
            try {
                dev.nabla.storage.Instants.parse(t.value(), java.time.ZoneOffset.UTC);
            } catch (IllegalArgumentException e) {
                throw new NablaException(
                        ErrorCode.INVALID_CAST, t.span(), "invalid " + type.sqlName() + " literal '" + t.value() + "'");
            }
            return new Cast(lit, type, t.span());
        }
        Literal conv = TypeRules.convertLiteral(lit, type);
        if (conv == null)
            throw new NablaException(
                    ErrorCode.INVALID_CAST, t.span(), "invalid " + type.sqlName() + " literal '" + t.value() + "'");
        return conv;
    }

    private Expr param(Expression.Parameter p) {
        int index = p.index() - 1;
        state.paramTypes.putIfAbsent(index, DataType.NULL);
        // a hinted parameter is typed from the start, so a CASE or COALESCE of parameters gets that type, not NULL
        DataType hint = state.paramHints.get(index);
        return new Param(index, hint == null ? DataType.NULL : hint, p.span());
    }

    Expr identifier(Expression.Identifier id, Ctx c) {
        QualifiedName name = id.name();
        ColumnRef ref = resolve(name.parts(), id.span(), c, true);
        if (ref != null) return ref;
        if (name.size() == 1) {
            String key = name.last().value().toLowerCase(Locale.ROOT);
            Expression aliased = c.selectAliases.get(key);
            if (aliased != null && c.expandingAliases.add(key)) {
                try {
                    return bind(aliased, c);
                } finally {
                    c.expandingAliases.remove(key);
                }
            }
            switch (key) {
                case "current_date" -> {
                    return new Call(Fn.CURRENT_DATE, List.of(), DataType.DATE, id.span());
                }
                case "current_timestamp", "now" -> {
                    return new Call(Fn.CURRENT_TIMESTAMP, List.of(), DataType.TIMESTAMP_TZ, id.span());
                }
                case "current_time" -> {
                    // the session zone's time of day now, as a TIME (DuckDB's is a TIME WITH TIME ZONE, which
                    // Nabla lacks; PostgreSQL's localtime is this value)
                    return new Cast(
                            new Call(Fn.CURRENT_TIMESTAMP, List.of(), DataType.TIMESTAMP_TZ, id.span()),
                            DataType.TIME,
                            id.span());
                }
                default -> {}
            }
        }
        throw unknownColumn(name.parts(), id.span(), c);
    }

    /** Resolves a column name through the levels; null when nothing matches (and {@code lenient}). */
    ColumnRef resolve(List<Ident> parts, Span span, Ctx c, boolean lenient) {
        for (Ctx level = c; level != null; level = level.outer) {
            List<Field> hits = match(parts, level.fields);
            if (hits.size() > 1) {
                throw new NablaException(
                        ErrorCode.AMBIGUOUS_COLUMN, span, "column \"" + dotted(parts) + "\" is ambiguous");
            }
            if (hits.size() == 1) {
                Column col = hits.get(0).column();
                ColumnRef ref = new ColumnRef(col.id(), col.name(), col.type(), span);
                for (Ctx l = c; l != level; l = l.outer) l.correlated.add(ref);
                return ref;
            }
        }
        if (!lenient) throw unknownColumn(parts, span, c);
        return null;
    }

    static List<Field> match(List<Ident> parts, List<Field> fields) {
        List<Field> hits = new ArrayList<>(1);
        String col = parts.getLast().value();
        for (Field f : fields) {
            if (!f.name().equalsIgnoreCase(col)) continue;
            boolean ok = switch (parts.size()) {
                case 1 -> !f.qualifiedOnly();
                case 2 ->
                    f.table() != null && f.table().equalsIgnoreCase(parts.get(0).value());
                case 3 ->
                    f.table() != null
                            && f.table().equalsIgnoreCase(parts.get(1).value())
                            && (f.schema() == null
                                    ? parts.get(0).value().equalsIgnoreCase("main")
                                    : f.schema().equalsIgnoreCase(parts.get(0).value()));
                default -> false;
            };
            if (ok) hits.add(f);
        }
        return hits;
    }

    private static NablaException unknownColumn(List<Ident> parts, Span span, Ctx c) {
        Set<String> names = new LinkedHashSet<>();
        if (parts.size() >= 2) {
            String table = parts.get(parts.size() - 2).value();
            Set<String> tables = new LinkedHashSet<>();
            boolean tableKnown = false;
            for (Ctx l = c; l != null; l = l.outer) {
                for (Field f : l.fields) {
                    if (f.table() == null) continue;
                    tables.add(f.table());
                    if (f.table().equalsIgnoreCase(table)) {
                        tableKnown = true;
                        names.add(f.name());
                    }
                }
            }
            if (!tableKnown) {
                return new NablaException(
                        ErrorCode.UNKNOWN_TABLE,
                        span,
                        "unknown table \"" + table + "\"" + Suggest.didYouMean(table, tables));
            }
        } else {
            for (Ctx l = c; l != null; l = l.outer) for (Field f : l.fields) names.add(f.name());
        }
        String col = parts.getLast().value();
        return new NablaException(
                ErrorCode.UNKNOWN_COLUMN,
                span,
                "unknown column \"" + dotted(parts) + "\"" + Suggest.didYouMean(col, names));
    }

    static String dotted(List<Ident> parts) {
        return String.join(".", parts.stream().map(Ident::value).toList());
    }

    // ---------------------------------------------------------------- operators

    private Expr unary(Expression.UnaryOp u, Ctx c) {
        Expr arg = bind(u.operand(), c);
        return switch (u.op()) {
            case PLUS -> {
                requireNumeric(arg, "+");
                yield arg instanceof Param p && p.type() == DataType.NULL ? TypeRules.coerce(p, DataType.DOUBLE) : arg;
            }
            case MINUS -> negate(arg, u.span());
            case NOT -> not(toBoolean(arg, "NOT"), u.span());
            case BIT_NOT -> {
                Expr a = integral(arg, "~");
                yield new Call(Fn.BIT_NOT, List.of(a), DataType.BIGINT, u.span());
            }
        };
    }

    Expr negate(Expr arg, Span span) {
        if (arg instanceof Param p && p.type() == DataType.NULL) arg = TypeRules.coerce(p, DataType.DOUBLE);
        if (ArrayBinding.isArray(arg)) return new Call(Fn.NEG, List.of(arg), arg.type(), span);
        requireNumeric(arg, "-");
        if (arg instanceof Literal l
                && l.value() instanceof Long v
                && v != Long.MIN_VALUE
                && l.type().isIntegral()) {
            long n = -v;
            return new Literal(
                    n, n == (int) n && l.type() == DataType.INTEGER ? DataType.INTEGER : DataType.BIGINT, span);
        }
        if (arg instanceof Literal l && l.value() instanceof Double d) return new Literal(-d, l.type(), span);
        if (arg instanceof Literal l && l.value() instanceof java.math.BigDecimal d)
            return new Literal(d.negate(), l.type(), span);
        if (arg instanceof Literal l && l.isNull()) return arg;
        DataType t = arg.type() == DataType.BOOLEAN ? DataType.BIGINT : arg.type();
        return new Call(Fn.NEG, List.of(TypeRules.coerce(arg, t)), t, span);
    }

    static Expr not(Expr e, Span span) {
        return new Call(Fn.NOT, List.of(e), DataType.BOOLEAN, span);
    }

    Expr binary(BinaryOperator op, Expr l, Expr r, Span span) {
        return switch (op) {
            case PLUS -> arithmetic(Fn.ADD, l, r, span);
            case MINUS -> arithmetic(Fn.SUB, l, r, span);
            case MULTIPLY -> arithmetic(Fn.MUL, l, r, span);
            case DIVIDE -> arithmetic(Fn.DIV, l, r, span);
            case MODULO -> arithmetic(Fn.MOD, l, r, span);
            case EQ -> comparison(Fn.EQ, l, r, span);
            case NOT_EQ -> comparison(Fn.NE, l, r, span);
            case LT -> comparison(Fn.LT, l, r, span);
            case LT_EQ -> comparison(Fn.LE, l, r, span);
            case GT -> comparison(Fn.GT, l, r, span);
            case GT_EQ -> comparison(Fn.GE, l, r, span);
            case AND -> new Call(Fn.AND, List.of(toBoolean(l, "AND"), toBoolean(r, "AND")), DataType.BOOLEAN, span);
            case OR -> new Call(Fn.OR, List.of(toBoolean(l, "OR"), toBoolean(r, "OR")), DataType.BOOLEAN, span);
            case CONCAT ->
                ListBinding.isList(l) || ListBinding.isList(r) || ArrayBinding.isArray(l) || ArrayBinding.isArray(r)
                        ? ListBinding.function(Fn.LIST_CONCAT, List.of(l, r), span)
                        : new Call(Fn.CONCAT, List.of(toVarchar(l), toVarchar(r)), DataType.VARCHAR, span);
            case BIT_AND -> bits(Fn.BIT_AND, l, r, span, "&");
            case BIT_OR -> bits(Fn.BIT_OR, l, r, span, "|");
            case SHIFT_LEFT -> bits(Fn.SHIFT_LEFT, l, r, span, "<<");
            case SHIFT_RIGHT -> bits(Fn.SHIFT_RIGHT, l, r, span, ">>");
        };
    }

    private Expr bits(Fn fn, Expr l, Expr r, Span span, String sym) {
        return new Call(fn, List.of(integral(l, sym), integral(r, sym)), DataType.BIGINT, span);
    }

    private static Expr integral(Expr e, String op) {
        if (e instanceof Param p && p.type() == DataType.NULL) return TypeRules.coerce(p, DataType.BIGINT);
        if (e.type().isIntegral() || e.type() == DataType.NULL || e.type() == DataType.BOOLEAN)
            return TypeRules.coerce(e, DataType.BIGINT);
        throw new NablaException(
                ErrorCode.TYPE_MISMATCH,
                e.span(),
                "operator " + op + " requires integers, got " + e.type().sqlName());
    }

    private static void requireNumeric(Expr e, String op) {
        DataType t = e.type();
        if (!t.isNumeric() && t != DataType.BOOLEAN) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH, e.span(), "operator " + op + " cannot be applied to " + t.sqlName());
        }
    }

    Expr arithmetic(Fn fn, Expr l, Expr r, Span span) {
        if (ArrayBinding.isArray(l) || ArrayBinding.isArray(r)) return ArrayBinding.arithmetic(fn, l, r, span);
        boolean lp = isUnknownParam(l), rp = isUnknownParam(r);
        if (lp && rp) {
            l = TypeRules.coerce(l, DataType.DOUBLE);
            r = TypeRules.coerce(r, DataType.DOUBLE);
        } else if (lp) {
            noteDecimalContext(l, r.type());
            l = TypeRules.coerce(
                    l,
                    r.type().isNumeric() && r.type() != DataType.NULL
                            ? r.type()
                            : r.type().isTemporal() ? DataType.BIGINT : DataType.DOUBLE);
        } else if (rp) {
            noteDecimalContext(r, l.type());
            r = TypeRules.coerce(
                    r,
                    l.type().isNumeric() && l.type() != DataType.NULL
                            ? l.type()
                            : l.type().isTemporal() ? DataType.BIGINT : DataType.DOUBLE);
        }
        l = numericString(l, r);
        r = numericString(r, l);
        DataType lt = l.type(), rt = r.type();
        // date arithmetic: date ± days, date - date
        if (lt == DataType.DATE && (rt.isIntegral() || rt == DataType.NULL) && (fn == Fn.ADD || fn == Fn.SUB)) {
            return new Call(fn, List.of(l, TypeRules.coerce(r, DataType.BIGINT)), DataType.DATE, span);
        }
        if (rt == DataType.DATE && lt.isIntegral() && fn == Fn.ADD) {
            return new Call(fn, List.of(r, l), DataType.DATE, span);
        }
        // DATE + TIME is the TIMESTAMP at that time of day (PostgreSQL and DuckDB): the day's first
        // microsecond plus the time's microseconds since midnight
        if (fn == Fn.ADD
                && (lt == DataType.DATE && rt == DataType.TIME || lt == DataType.TIME && rt == DataType.DATE)) {
            Expr date = lt == DataType.DATE ? l : r, time = lt == DataType.DATE ? r : l;
            return new Call(fn, List.of(TypeRules.coerce(date, DataType.TIMESTAMP), time), DataType.TIMESTAMP, span);
        }
        if (lt == DataType.DATE && rt == DataType.DATE && fn == Fn.SUB) {
            return new Call(fn, List.of(l, r), DataType.BIGINT, span);
        }
        boolean ok = (lt.isNumeric() || lt == DataType.BOOLEAN) && (rt.isNumeric() || rt == DataType.BOOLEAN);
        if (!ok) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    span,
                    "operator " + fn.sqlName() + " cannot be applied to " + lt.sqlName() + " and " + rt.sqlName());
        }
        if (lt instanceof DecimalType || rt instanceof DecimalType) {
            Expr exact = decimalArithmetic(fn, l, r, span);
            if (exact != null) return exact;
        }
        DataType t = DataType.commonSuperType(lt, rt);
        if (t == DataType.NULL || t == DataType.BOOLEAN)
            t = lt == DataType.BOOLEAN || rt == DataType.BOOLEAN ? DataType.BIGINT : DataType.INTEGER;
        if (t.isIntegral()
                && (lt == DataType.BIGINT || rt == DataType.BIGINT || lt == DataType.BOOLEAN || rt == DataType.BOOLEAN))
            t = DataType.BIGINT;
        return new Call(fn, List.of(TypeRules.coerce(l, t), TypeRules.coerce(r, t)), t, span);
    }

    /**
     * Exact arithmetic when one side is a DECIMAL and the other a DECIMAL, an integer or a numeric
     * literal; null when the other side is a REAL/DOUBLE expression, which makes it DOUBLE arithmetic
     * (as PostgreSQL's numeric meets float8). The result type follows PostgreSQL's scale rules where a
     * fixed type can: {@link #decimalResult}.
     */
    private static Expr decimalArithmetic(Fn fn, Expr l, Expr r, Span span) {
        Expr dl = TypeRules.decimalOperand(l), dr = TypeRules.decimalOperand(r);
        if (dl == null || dr == null) return null;
        DecimalType t = decimalResult(fn, (DecimalType) dl.type(), (DecimalType) dr.type());
        return new Call(fn, List.of(dl, dr), t, span);
    }

    /**
     * The type of {@code a fn b} for two DECIMALs: ADD/SUB scale max(s1, s2) and one more integer digit
     * than the wider side; MUL scale s1 + s2 and the sum of the integer digits; DIV every digit left
     * after the integer digits the quotient can need ((p1 - s1) + s2), at least max(s1, s2)
     * (PostgreSQL's minimum); MOD scale max(s1, s2). As in DuckDB, the result has at most 18 digits
     * when both operands have at most 18 (it stays a 64-bit value, and a value past 18 digits fails at
     * run time) and at most 38 otherwise. Where PostgreSQL's unbounded numeric would need more digits,
     * the scale gives way down to 6 (or the operands' scale), and a value that still does not fit fails
     * with 22003.
     */
    static DecimalType decimalResult(Fn fn, DecimalType a, DecimalType b) {
        int ia = a.precision() - a.scale(), ib = b.precision() - b.scale();
        int max = !a.isWide() && !b.isWide() ? DecimalType.MAX_LONG_PRECISION : DecimalType.MAX_STORED_PRECISION;
        int integer, scale;
        switch (fn) {
            case ADD, SUB -> {
                scale = Math.max(a.scale(), b.scale());
                integer = Math.max(ia, ib) + 1;
            }
            case MUL -> {
                scale = a.scale() + b.scale();
                integer = ia + ib;
                if (integer + scale > max) scale = Math.max(Math.min(scale, 6), max - integer);
            }
            case DIV -> {
                integer = ia + b.scale();
                scale = Math.max(Math.max(a.scale(), b.scale()), max - integer);
            }
            default -> { // MOD: |a mod b| < |b|
                scale = Math.max(a.scale(), b.scale());
                integer = Math.min(ia, ib);
            }
        }
        scale = Math.min(Math.max(scale, 0), max);
        int precision = Math.max(1, Math.min(max, integer + scale));
        return new DecimalType(Math.max(precision, scale), scale);
    }

    /** A string literal used against a number is read as a number when it is one (SQLite/Postgres unknown-literal rule). */
    private static Expr numericString(Expr e, Expr other) {
        if (e instanceof Literal l
                && l.type() == DataType.VARCHAR
                && l.value() != null
                && (other.type().isNumeric() && other.type() != DataType.NULL)) {
            String s = ((String) l.value()).trim();
            try {
                long v = Long.parseLong(s);
                return new Literal(v, DataType.BIGINT, l.span());
            } catch (NumberFormatException ex) {
                Double d = TypeRules.parseDouble(s);
                if (d != null) return new Literal(d, DataType.DOUBLE, l.span());
            }
        }
        return e;
    }

    /** Records an untyped parameter meeting a DECIMAL in a comparison or arithmetic (see {@link BindState#decimalContextParams}). */
    private void noteDecimalContext(Expr param, DataType other) {
        if (other instanceof DecimalType) state.decimalContextParams.add(((Param) param).index());
    }

    static boolean isUnknownParam(Expr e) {
        return e instanceof Param p && p.type() == DataType.NULL;
    }

    /** The type both sides of a comparison are converted to, converting them; throws when incomparable. */
    Expr[] comparable(Expr l, Expr r, Span span) {
        if (ArrayBinding.isArray(l) || ListBinding.isList(l)) throw ArrayBinding.notComparable(l, span);
        if (ArrayBinding.isArray(r) || ListBinding.isList(r)) throw ArrayBinding.notComparable(r, span);
        if (isUnknownParam(l) && isUnknownParam(r)) {
            l = defaultParam(l);
            r = defaultParam(r);
        } else if (isUnknownParam(l)) {
            noteDecimalContext(l, r.type());
            l = TypeRules.coerce(l, r.type() == DataType.NULL ? DataType.VARCHAR : r.type());
        } else if (isUnknownParam(r)) {
            noteDecimalContext(r, l.type());
            r = TypeRules.coerce(r, l.type() == DataType.NULL ? DataType.VARCHAR : l.type());
        }
        l = numericString(l, r);
        r = numericString(r, l);
        // a DECIMAL against a literal compares exactly (price = 0.1 is true for 0.10), not in DOUBLE
        if (l.type() instanceof DecimalType && r instanceof Literal) {
            Expr d = TypeRules.decimalOperand(r);
            if (d != null) r = d;
        } else if (r.type() instanceof DecimalType && l instanceof Literal) {
            Expr d = TypeRules.decimalOperand(l);
            if (d != null) l = d;
        }
        DataType lt = l.type(), rt = r.type();
        if (lt.equals(rt)) return new Expr[] {l, r};
        DataType t = DataType.commonSuperType(lt, rt);
        if (t == null) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH, span, "cannot compare " + lt.sqlName() + " with " + rt.sqlName());
        }
        return new Expr[] {TypeRules.coerce(l, t), TypeRules.coerce(r, t)};
    }

    /**
     * Operands of an IN test. Values of types that cannot be compared (text against numbers) are compared
     * as text, so they are simply never equal, as in SQLite.
     */
    Expr[] membershipOperands(Expr l, Expr r, Span span) {
        try {
            return comparable(l, r, span);
        } catch (NablaException e) {
            // against a blob the other side is compared as its text's bytes (decoding the blob could fail)
            if (l.type() == DataType.BLOB || r.type() == DataType.BLOB) {
                return new Expr[] {asBlob(l), asBlob(r)};
            }
            return new Expr[] {toVarchar(l), toVarchar(r)};
        }
    }

    private static Expr asBlob(Expr e) {
        return e.type() == DataType.BLOB ? e : TypeRules.coerce(toVarchar(e), DataType.BLOB);
    }

    Expr comparison(Fn fn, Expr l, Expr r, Span span) {
        Expr[] lr = comparable(l, r, span);
        return new Call(fn, List.of(lr[0], lr[1]), DataType.BOOLEAN, span);
    }

    Expr toBoolean(Expr e, String where) {
        DataType t = e.type();
        if (t == DataType.BOOLEAN) return e;
        if (t == DataType.NULL || isUnknownParam(e)) return TypeRules.coerce(e, DataType.BOOLEAN);
        if (t.isNumeric()) return TypeRules.coerce(e, DataType.BOOLEAN);
        throw new NablaException(
                ErrorCode.TYPE_MISMATCH, e.span(), "argument of " + where + " must be BOOLEAN, got " + t.sqlName());
    }

    static Expr toVarchar(Expr e) {
        return TypeRules.coerce(e, DataType.VARCHAR);
    }

    /** An untyped parameter where nothing says more becomes VARCHAR (the engine casts the bound value). */
    /** A parameter that nothing around it types becomes VARCHAR, and is noted as free (its bound value may retype it). */
    Expr defaultParam(Expr e) {
        if (!isUnknownParam(e)) return e;
        state.defaultedParams.add(((Param) e).index());
        return TypeRules.coerce(e, DataType.VARCHAR);
    }

    private Expr between(Expression.Between b, Ctx c) {
        Expr x = bind(b.expr(), c), lo = bind(b.low(), c), hi = bind(b.high(), c);
        Expr e = new Call(
                Fn.AND,
                List.of(comparison(Fn.GE, x, lo, b.span()), comparison(Fn.LE, x, hi, b.span())),
                DataType.BOOLEAN,
                b.span());
        return b.not() ? not(e, b.span()) : e;
    }

    private Expr inList(Expression.InList in, Ctx c) {
        Expr x = bind(in.expr(), c);
        if (in.list().isEmpty()) return new Literal(in.not(), DataType.BOOLEAN, in.span());
        List<Expr> items = new ArrayList<>();
        for (Expression e : in.list()) items.add(bind(e, c));
        List<DataType> types = new ArrayList<>();
        types.add(x.type());
        for (Expr e : items) types.add(e.type());
        DataType t = TypeRules.common(types);
        if (t == null) {
            // fall back to pairwise conversion against the probe (e.g. numeric strings)
            List<Expr> conv = new ArrayList<>();
            boolean asText = false, asBlob = false;
            for (Expr e : items) {
                Expr[] lr = membershipOperands(x, e, in.span());
                asText |= lr[0].type() == DataType.VARCHAR && x.type() != DataType.VARCHAR;
                asBlob |= lr[0].type() == DataType.BLOB && x.type() != DataType.BLOB;
                conv.add(lr[1]);
            }
            items = conv;
            t = asBlob ? DataType.BLOB : asText ? DataType.VARCHAR : x.type();
        }
        if (t == DataType.NULL) t = DataType.VARCHAR;
        List<Expr> args = new ArrayList<>();
        args.add(TypeRules.coerce(x, t));
        for (Expr e : items) args.add(TypeRules.coerce(e, t));
        Expr call = new Call(Fn.IN_LIST, args, DataType.BOOLEAN, in.span());
        return in.not() ? not(call, in.span()) : call;
    }

    private Expr inSubquery(Expression.InSubquery in, Ctx c) {
        Expr x = bind(in.expr(), c);
        QueryBinder.Sub sub = queries.subquery(in.query(), c);
        var plan = sub.rel().plan();
        if (plan.output().size() != 1) {
            throw new NablaException(
                    ErrorCode.CARDINALITY,
                    in.span(),
                    "subquery has too many columns (" + plan.output().size() + ")");
        }
        Column col = plan.output().get(0);
        Expr probe = new ColumnRef(col.id(), col.name(), col.type(), in.span());
        Expr[] lr = membershipOperands(x, probe, in.span());
        if (!lr[1].type().equals(col.type())) {
            Column conv = new Column(state.ids.next(), col.name(), null, lr[1].type(), true);
            plan = new Project(plan, List.of(lr[1]), List.of(conv));
        }
        Expr e = new SubqueryExpr(SubqueryExpr.Kind.IN, plan, lr[0], sub.correlated(), DataType.BOOLEAN, in.span());
        return in.not() ? not(e, in.span()) : e;
    }

    private Expr like(Expression.Like l, Ctx c) {
        List<Expr> args = new ArrayList<>(List.of(toVarchar(bind(l.expr(), c)), toVarchar(bind(l.pattern(), c))));
        if (l.escape() != null) args.add(toVarchar(bind(l.escape(), c)));
        Expr e = new Call(l.caseInsensitive() ? Fn.ILIKE : Fn.LIKE, args, DataType.BOOLEAN, l.span());
        return l.not() ? not(e, l.span()) : e;
    }

    private Expr caseWhen(Expression.Case k, Ctx c) {
        Expr operand = k.operand() == null ? null : bind(k.operand(), c);
        List<Expr> conds = new ArrayList<>(), results = new ArrayList<>();
        for (Expression.WhenClause w : k.whens()) {
            Expr cond = bind(w.condition(), c);
            conds.add(
                    operand == null
                            ? toBoolean(cond, "CASE WHEN")
                            : comparison(Fn.EQ, operand, cond, w.condition().span()));
            results.add(bind(w.result(), c));
        }
        Expr otherwise = k.elseResult() == null ? new Literal(null, DataType.NULL, k.span()) : bind(k.elseResult(), c);
        List<DataType> types = new ArrayList<>();
        for (Expr r : results) types.add(r.type());
        types.add(otherwise.type());
        DataType t = unify(types, k.span(), "CASE");
        List<Expr> rs = new ArrayList<>();
        for (Expr r : results) rs.add(TypeRules.coerce(r, t));
        return new CaseWhen(conds, rs, TypeRules.coerce(otherwise, t), t, k.span());
    }

    /** Common type of the values of a CASE/COALESCE/VALUES column; NULL-only becomes... still NULL-typed literal users see as NULL. */
    static DataType unify(List<DataType> types, Span span, String what) {
        DataType t = TypeRules.common(types);
        if (t == null) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    span,
                    what + " types "
                            + String.join(
                                    ", ",
                                    new LinkedHashSet<>(types.stream()
                                            .filter(x -> x != DataType.NULL)
                                            .map(DataType::sqlName)
                                            .toList()))
                            + " cannot be matched");
        }
        return t;
    }

    private Expr cast(Expression.Cast k, Ctx c) {
        DataType target = typeOf(k.type());
        // an integer literal beyond BIGINT is a DOUBLE (as in SQLite), but cast to a DECIMAL it means the
        // digits written: CAST(99999999999999999999 AS DECIMAL(20,0)) is exact, as in PostgreSQL
        if (target instanceof DecimalType dt
                && !k.isTry()
                && k.expr() instanceof Expression.NumberLiteral n
                && n.value() instanceof BigInteger b) {
            Literal exact = TypeRules.convertLiteral(new Literal(b.toString(), DataType.VARCHAR, n.span()), target);
            if (exact != null) return new Literal(exact.value(), target, k.span());
        }
        Expr arg = bind(k.expr(), c);
        if (isUnknownParam(arg)) return TypeRules.coerce(arg, target);
        if (arg.type().equals(target)) return arg;
        if (!TypeRules.castable(arg.type(), target)) {
            throw new NablaException(
                    ErrorCode.TYPE_MISMATCH,
                    k.span(),
                    "cannot cast " + arg.type().sqlName() + " to " + target.sqlName());
        }
        // TRY_CAST: a value that does not convert is NULL; types that cannot be cast at all are still an error
        if (k.isTry()) return new Call(Fn.TRY_CAST, List.of(arg), target, k.span());
        if (arg instanceof Literal l
                && (l.isNull()
                        || target.isTemporal()
                        || target == DataType.TIME
                        || target == DataType.UUID
                        || target == DataType.TIMESTAMP_TZ
                        || l.type().isIntegral() && target.isFloating()
                        || target instanceof DecimalType
                        || l.type() instanceof DecimalType
                        || l.type() == DataType.VARCHAR && target == DataType.VARCHAR
                        || l.type() == DataType.VARCHAR && target == DataType.BLOB)) {
            Literal conv = TypeRules.convertLiteral(l, target);
            if (conv != null) return new Literal(conv.value(), target, k.span());
        }
        return new Cast(arg, target, k.span());
    }

    /**
     * The type a column definition or CAST declares. Types the engine can name but not yet store
     * ({@code DOUBLE[3]}, {@code TIME}, …) are rejected here, with 0A000, so none reaches planning;
     * DECIMAL(p, s) is exact up to 38 digits ({@link DecimalType}); a bare DECIMAL is DOUBLE.
     */
    static DataType typeOf(dev.nabla.parser.ast.TypeName tn) {
        DataType exact;
        try {
            exact = DataType.of(tn.name(), tn.params(), tn.arraySizes());
        } catch (NablaException e) {
            throw new NablaException(e.code(), tn.span(), e.getMessage());
        }
        if (exact == null || exact == DataType.NULL) {
            throw new NablaException(ErrorCode.TYPE_MISMATCH, tn.span(), "unknown type \"" + tn.name() + "\"");
        }
        DataType t = DataType.storedAs(exact);
        if (!t.isSupported()) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    tn.span(),
                    "type " + t.sqlName() + " is not supported yet"
                            + (t instanceof DecimalType
                                    ? " (DECIMAL is exact up to " + DecimalType.MAX_STORED_PRECISION
                                            + " digits; use DOUBLE for wider values)"
                                    : "")
                            + (tn.arrayDims() > 0
                                    ? " (only DOUBLE[n] arrays and DOUBLE[] lists are stored; FLOAT[n] and REAL[n] are"
                                            + " stored as DOUBLE[n], REAL[] as DOUBLE[])"
                                    : ""));
        }
        return t;
    }

    // ---------------------------------------------------------------- windows

    WindowCall window(
            WindowCall.WindowFn fn, AggCall agg, List<Expr> args, DataType type, WindowSpec spec, Ctx c, Span span) {
        WindowSpec s = resolveWindow(spec, c);
        boolean aggs = c.aggregatesAllowed;
        List<Expr> part = new ArrayList<>();
        boolean wasWin = c.windowsAllowed;
        c.windowsAllowed = false;
        try {
            for (Expression e : s.partitionBy()) part.add(defaultParam(bind(e, c)));
            List<SortKey> order = sortKeys(s.orderBy(), c);
            WindowCall.Frame frame = frame(s.frame(), !order.isEmpty());
            return new WindowCall(fn, agg, args, part, order, frame, type, span);
        } finally {
            c.windowsAllowed = wasWin;
            c.aggregatesAllowed = aggs;
        }
    }

    List<SortKey> sortKeys(List<OrderItem> items, Ctx c) {
        List<SortKey> keys = new ArrayList<>();
        for (OrderItem o : items) keys.add(sortKey(defaultParam(bind(o.expr(), c)), o));
        return keys;
    }

    static SortKey sortKey(Expr e, OrderItem o) {
        boolean asc = !o.descending();
        boolean nullsFirst = switch (o.nulls()) {
            case FIRST -> true;
            case LAST -> false;
            case DEFAULT -> asc; // NULLs are the smallest values (SQLite)
        };
        return new SortKey(e, asc, nullsFirst);
    }

    private static WindowSpec resolveWindow(WindowSpec spec, Ctx c) {
        if (spec.baseWindow() == null) return spec;
        WindowSpec base = c.namedWindows.get(spec.baseWindow().value().toLowerCase(Locale.ROOT));
        if (base == null) {
            throw new NablaException(
                    ErrorCode.UNKNOWN_COLUMN,
                    spec.baseWindow().span(),
                    "unknown window \"" + spec.baseWindow().value() + "\"");
        }
        base = resolveWindow(base, c);
        return new WindowSpec(
                null,
                spec.partitionBy().isEmpty() ? base.partitionBy() : spec.partitionBy(),
                spec.orderBy().isEmpty() ? base.orderBy() : spec.orderBy(),
                spec.frame() != null ? spec.frame() : base.frame(),
                spec.span());
    }

    private WindowCall.Frame frame(WindowFrame f, boolean ordered) {
        if (f == null) return ordered ? WindowCall.Frame.DEFAULT_ORDERED : WindowCall.Frame.WHOLE_PARTITION;
        boolean groups = f.unit() == WindowFrame.FrameUnit.GROUPS;
        boolean rows = f.unit() == WindowFrame.FrameUnit.ROWS;
        WindowFrame.FrameBound end =
                f.end() == null ? new WindowFrame.FrameBound(WindowFrame.BoundKind.CURRENT_ROW, null) : f.end();
        // ROWS and GROUPS offsets count rows and peer groups: integers, as for ROWS
        return new WindowCall.Frame(
                rows,
                kind(f.start().kind()),
                offset(f.start(), rows || groups),
                kind(end.kind()),
                offset(end, rows || groups),
                groups);
    }

    private static WindowCall.BoundKind kind(WindowFrame.BoundKind k) {
        return WindowCall.BoundKind.valueOf(k.name());
    }

    private Expr offset(WindowFrame.FrameBound b, boolean rows) {
        if (b.offset() == null) return null;
        Expr e = bind(b.offset(), new Ctx(null, CteEnv.EMPTY));
        if (isUnknownParam(e)) e = TypeRules.coerce(e, rows ? DataType.BIGINT : DataType.DOUBLE);
        if (!(e instanceof Literal || e instanceof Param) || !e.type().isNumeric()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, b.offset().span(), "frame offset must be a constant number");
        }
        if (e instanceof Literal l && l.value() instanceof Number n && n.doubleValue() < 0) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, b.offset().span(), "frame offset must not be negative");
        }
        return rows ? TypeRules.coerce(e, DataType.BIGINT) : e;
    }
}
