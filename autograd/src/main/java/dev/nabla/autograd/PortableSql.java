package dev.nabla.autograd;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.function.Function;

/**
 * A (derivative) expression as plain SQL of another engine: the functions the dialect lacks written with
 * ones it has, then printed by {@link DerivativePrinter}. Used by {@code ./nabla --expand-derivatives}.
 */
public final class PortableSql {
    private PortableSql() {}

    /** {@code e} as SQL text of {@code dialect}; {@code columns} spells each column as the call site reads it. */
    public static String print(Expr e, SqlDialect dialect, Function<ColumnRef, String> columns) {
        return DerivativePrinter.print(rewrite(e, dialect), columns, dialect);
    }

    /**
     * {@code e} using only what {@code dialect} has. Nabla's own functions become their definitions
     * ({@code softplus(x)} = {@code greatest(x, 0) + ln(1 + exp(-abs(x)))}, the overflow-free form); what has
     * no equivalent is refused (0A000), naming the function, rather than printed as text the engine rejects.
     */
    public static Expr rewrite(Expr e, SqlDialect dialect) {
        if (dialect == SqlDialect.NABLA) return e;
        return Exprs.transformUp(e, x -> switch (x) {
            case Call c when !dialect.has(c.fn()) -> replace(c, dialect);
            case Call c -> c;
            case Literal l -> l;
            case ColumnRef r -> r;
            case CaseWhen w -> w;
            case Cast c -> c;
            case AggCall a -> a;
            case WindowCall w
            when w.fn().soft() ->
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        w.span(),
                        "cannot write the derivative of " + w.fn().name().toLowerCase(java.util.Locale.ROOT)
                                + "() as " + dialect.displayName()
                                + " SQL: a soft operator's Jacobian product is a window function only Nabla has");
            case WindowCall w -> w;
            case Param p -> refuse(p, dialect);
            case SubqueryExpr q -> refuse(q, dialect);
            case Derivative v -> refuse(v, dialect);
        });
    }

    private static Expr refuse(Expr e, SqlDialect dialect) {
        throw new NablaException(
                ErrorCode.UNSUPPORTED, e.span(), "cannot write " + e.toSql() + " as " + dialect.displayName() + " SQL");
    }

    private static Expr replace(Call c, SqlDialect dialect) {
        List<Expr> a = c.args();
        DataType d = DataType.DOUBLE;
        Span s = c.span();
        return switch (c.fn()) {
            case SIGMOID -> logistic(a.get(0), dialect, s);
            case SOFT_GATE -> logistic(call(Fn.SUB, s, a.get(0), a.get(1)), dialect, s);
            case SOFTPLUS -> call(Fn.ADD, s, call(Fn.GREATEST, s, a.get(0), zero()), log1pExpMinusAbs(a.get(0), s));
            case LOG_SIGMOID ->
                call(
                        Fn.NEG,
                        s,
                        call(
                                Fn.ADD,
                                s,
                                call(Fn.GREATEST, s, call(Fn.NEG, s, a.get(0)), zero()),
                                log1pExpMinusAbs(a.get(0), s)));
            case RELU ->
                // NULL stays NULL and NaN stays NaN, as relu() does; greatest() ignores NULLs in DuckDB/PostgreSQL
                new CaseWhen(
                        List.of(call(Fn.GT, DataType.BOOLEAN, s, a.get(0), zero())),
                        List.of(a.get(0)),
                        new CaseWhen(
                                List.of(call(Fn.LE, DataType.BOOLEAN, s, a.get(0), zero())),
                                List.of(zero()),
                                a.get(0),
                                d,
                                s),
                        d,
                        s);
            case STOP_GRADIENT -> a.get(0);
            case LOG -> call(Fn.DIV, s, call(Fn.LN, s, a.get(1)), call(Fn.LN, s, a.get(0)));
            case LOG2 -> call(Fn.DIV, s, call(Fn.LN, s, a.get(0)), call(Fn.LN, s, Literal.ofDouble(2)));
            case LOG1P -> call(Fn.LN, s, call(Fn.ADD, s, Literal.ofDouble(1), a.get(0)));
            case EXPM1 -> call(Fn.SUB, s, call(Fn.EXP, s, a.get(0)), Literal.ofDouble(1));
            case IFNULL -> new Call(Fn.COALESCE, a, c.type(), s);
            default ->
                throw new NablaException(
                        ErrorCode.UNSUPPORTED,
                        s,
                        "cannot write " + c.fn().sqlName() + "() as " + dialect.displayName()
                                + " SQL: it has no function of that meaning");
        };
    }

    /**
     * 1 / (1 + exp(-x)); for PostgreSQL, which raises 22003 where DuckDB and Spark return infinity, that for
     * x ≥ 0 and exp(x) / (1 + exp(x)) below, so that exp() never overflows.
     */
    private static Expr logistic(Expr x, SqlDialect dialect, Span s) {
        Expr one = Literal.ofDouble(1);
        Expr up = call(Fn.DIV, s, one, call(Fn.ADD, s, one, call(Fn.EXP, s, call(Fn.NEG, s, x))));
        if (dialect != SqlDialect.POSTGRES) return up;
        Expr e = call(Fn.EXP, s, x);
        Expr down = call(Fn.DIV, s, e, call(Fn.ADD, s, one, e));
        return new CaseWhen(
                List.of(call(Fn.GE, DataType.BOOLEAN, s, x, zero())), List.of(up), down, DataType.DOUBLE, s);
    }

    /** ln(1 + exp(-abs(x))): never overflows. */
    private static Expr log1pExpMinusAbs(Expr x, Span s) {
        return call(
                Fn.LN, s, call(Fn.ADD, s, Literal.ofDouble(1), call(Fn.EXP, s, call(Fn.NEG, s, call(Fn.ABS, s, x)))));
    }

    private static Literal zero() {
        return Literal.ofDouble(0);
    }

    private static Call call(Fn fn, Span s, Expr... args) {
        return call(fn, DataType.DOUBLE, s, args);
    }

    private static Call call(Fn fn, DataType type, Span s, Expr... args) {
        return new Call(fn, List.of(args), type, s);
    }
}
