package dev.nabla.spark;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.Option;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Nabla's expanded derivative (a DAG of {@link Expr}) → Catalyst expressions. Built-in Catalyst nodes come
 * from Spark's built-in function registry by SQL name, so each node gets the defaults (ANSI mode, …) Spark
 * itself would give it; a shared Nabla node becomes one shared Catalyst object, which Spark's subexpression
 * elimination then evaluates once per row. Operands are cast to the node's type where Nabla relied on
 * implicit promotion, so the result is resolved without a further type-coercion pass.
 */
final class ToCatalyst {
    private static final FunctionRegistry BUILTIN = FunctionRegistry$.MODULE$.builtin();

    private final java.util.function.IntFunction<Expression> columns;
    private final Map<Expr, Expression> done = new IdentityHashMap<>();

    /** {@code columns}: what each column of the expansion reads as in the operator, by ColumnRef id. */
    ToCatalyst(java.util.function.IntFunction<Expression> columns) {
        this.columns = columns;
    }

    static Expression builtin(String name, Expression... args) {
        try {
            return BUILTIN.lookupFunction(
                    new FunctionIdentifier(name),
                    CollectionConverters.asScala(List.of(args)).toSeq());
        } catch (org.apache.spark.sql.AnalysisException e) {
            // Spark's own message (wrong argument count or types for a built-in): already an analysis error
            throw DerivativeResolution.rethrow(e);
        }
    }

    static Expression castTo(Expression e, DataType t) {
        if (e.dataType().equals(t)) return e;
        String name = t == DataTypes.DoubleType
                ? "double"
                : t == DataTypes.LongType
                        ? "bigint"
                        : t == DataTypes.IntegerType
                                ? "int"
                                : t == DataTypes.BooleanType
                                        ? "boolean"
                                        : t == DataTypes.FloatType
                                                ? "float"
                                                : t == DataTypes.StringType ? "string" : null;
        if (name == null) throw DerivativeResolution.error("cannot cast " + e.sql() + " to " + t.sql());
        return builtin(name, e);
    }

    static DataType sparkType(dev.nabla.storage.DataType t) {
        if (t.equals(dev.nabla.storage.DataType.DOUBLE)) return DataTypes.DoubleType;
        if (t.equals(dev.nabla.storage.DataType.REAL)) return DataTypes.FloatType;
        if (t.equals(dev.nabla.storage.DataType.BIGINT)) return DataTypes.LongType;
        if (t.equals(dev.nabla.storage.DataType.INTEGER)) return DataTypes.IntegerType;
        if (t.equals(dev.nabla.storage.DataType.BOOLEAN)) return DataTypes.BooleanType;
        if (t.equals(dev.nabla.storage.DataType.VARCHAR)) return DataTypes.StringType;
        if (t.equals(dev.nabla.storage.DataType.NULL)) return DataTypes.NullType;
        throw DerivativeResolution.error("no Spark type for Nabla's " + t.sqlName() + " in a derivative");
    }

    /** Makes every later use of {@code e} read {@code as} (a column a lower projection computes it into). */
    void bind(Expr e, Expression as) {
        done.put(e, as);
    }

    Expression translate(Expr e) {
        Expression known = done.get(e);
        if (known != null) return known;
        Expression r = switch (e) {
            case ColumnRef c -> columns.apply(c.id());
            case dev.nabla.plan.expr.Literal l -> literal(l);
            case dev.nabla.plan.expr.Cast c -> castTo(translate(c.arg()), sparkType(c.type()));
            case Call c -> call(c);
            case dev.nabla.plan.expr.CaseWhen c -> caseWhen(c);
            case AggCall a -> aggregate(a);
            case dev.nabla.plan.expr.Param p -> throw unsupported(e);
            case dev.nabla.plan.expr.SubqueryExpr s -> throw unsupported(e);
            case dev.nabla.plan.expr.WindowCall w -> throw unsupported(e);
            case dev.nabla.plan.expr.Derivative d -> throw unsupported(e);
        };
        done.put(e, r);
        return r;
    }

    private static RuntimeException unsupported(Expr e) {
        return DerivativeResolution.error("the derivative needs " + e.toSql() + ", which has no Spark form here");
    }

    private static Expression literal(dev.nabla.plan.expr.Literal l) {
        DataType t = sparkType(l.type());
        Object v = l.value();
        if (v instanceof Long n && t == DataTypes.IntegerType) v = n.intValue();
        if (v instanceof Double d && t == DataTypes.FloatType) v = d.floatValue();
        return Literal.create(v, t);
    }

    private Expression caseWhen(dev.nabla.plan.expr.CaseWhen c) {
        DataType t = sparkType(c.type());
        List<Tuple2<Expression, Expression>> branches = new ArrayList<>();
        for (int i = 0; i < c.conditions().size(); i++) {
            branches.add(new Tuple2<>(
                    castTo(translate(c.conditions().get(i)), DataTypes.BooleanType),
                    castTo(translate(c.results().get(i)), t)));
        }
        Expression otherwise = castTo(translate(c.otherwise()), t);
        return new org.apache.spark.sql.catalyst.expressions.CaseWhen(
                CollectionConverters.asScala(branches).toList(), Option.apply(otherwise));
    }

    private Expression aggregate(AggCall a) {
        List<Expression> args = new ArrayList<>();
        for (Expr x : a.args()) args.add(translate(x));
        String name = switch (a.fn()) {
            case SUM, AVG, MIN, MAX, COUNT -> a.fn().sqlName();
            case COUNT_STAR -> {
                args.add(Literal.create(1, DataTypes.IntegerType));
                yield "count";
            }
            default -> throw unsupported(a);
        };
        if (!(builtin(name, args.toArray(Expression[]::new)) instanceof AggregateFunction f)) throw unsupported(a);
        Option<Expression> filter = a.filter() == null
                ? Option.empty()
                : Option.apply(castTo(translate(a.filter()), DataTypes.BooleanType));
        return f.toAggregateExpression(a.distinct(), filter);
    }

    /** Operands as {@code type} (Nabla's implicit numeric promotion made explicit). */
    private Expression[] operands(Call c, DataType type) {
        Expression[] out = new Expression[c.args().size()];
        for (int i = 0; i < out.length; i++) out[i] = castTo(translate(c.arg(i)), type);
        return out;
    }

    /** Comparison operands: as they are when their types agree, else both as DOUBLE. */
    private Expression[] compared(Call c) {
        Expression a = translate(c.arg(0)), b = translate(c.arg(1));
        if (!a.dataType().equals(b.dataType()))
            return new Expression[] {castTo(a, DataTypes.DoubleType), castTo(b, DataTypes.DoubleType)};
        return new Expression[] {a, b};
    }

    private Expression call(Call c) {
        DataType t = sparkType(c.type());
        Expression r = switch (c.fn()) {
            case ADD -> builtin("+", operands(c, t));
            case SUB -> builtin("-", operands(c, t));
            case MUL -> builtin("*", operands(c, t));
            case DIV -> builtin("/", operands(c, DataTypes.DoubleType));
            case MOD -> builtin("%", operands(c, t));
            case NEG -> builtin("negative", operands(c, t));
            case EQ -> builtin("=", compared(c));
            case NE -> builtin("not", builtin("=", compared(c)));
            case LT -> builtin("<", compared(c));
            case LE -> builtin("<=", compared(c));
            case GT -> builtin(">", compared(c));
            case GE -> builtin(">=", compared(c));
            case IS_NOT_DISTINCT_FROM -> builtin("<=>", compared(c));
            case IS_DISTINCT_FROM -> builtin("not", builtin("<=>", compared(c)));
            case AND -> builtin("and", operands(c, DataTypes.BooleanType));
            case OR -> builtin("or", operands(c, DataTypes.BooleanType));
            case NOT -> builtin("not", operands(c, DataTypes.BooleanType));
            case IS_NULL -> builtin("isnull", translate(c.arg(0)));
            case IS_NOT_NULL -> builtin("isnotnull", translate(c.arg(0)));
            case COALESCE, IFNULL -> builtin("coalesce", operands(c, t));
            case NULLIF -> builtin("nullif", compared(c));
            case GREATEST -> builtin("greatest", operands(c, t));
            case LEAST -> builtin("least", operands(c, t));
            case ABS -> builtin("abs", operands(c, t));
            case SIGN -> builtin("signum", operands(c, DataTypes.DoubleType));
            case FLOOR -> builtin("floor", operands(c, DataTypes.DoubleType));
            case CEIL -> builtin("ceil", operands(c, DataTypes.DoubleType));
            case SQRT -> builtin("sqrt", operands(c, DataTypes.DoubleType));
            case CBRT -> builtin("cbrt", operands(c, DataTypes.DoubleType));
            case EXP -> builtin("exp", operands(c, DataTypes.DoubleType));
            case EXPM1 -> builtin("expm1", operands(c, DataTypes.DoubleType));
            case LN -> builtin("ln", operands(c, DataTypes.DoubleType));
            case LOG10 -> builtin("log10", operands(c, DataTypes.DoubleType));
            case LOG2 -> builtin("log2", operands(c, DataTypes.DoubleType));
            case LOG1P -> builtin("log1p", operands(c, DataTypes.DoubleType));
            case LOG -> builtin("log", operands(c, DataTypes.DoubleType));
            case POWER -> builtin("power", operands(c, DataTypes.DoubleType));
            case SIN -> builtin("sin", operands(c, DataTypes.DoubleType));
            case COS -> builtin("cos", operands(c, DataTypes.DoubleType));
            case TAN -> builtin("tan", operands(c, DataTypes.DoubleType));
            case ASIN -> builtin("asin", operands(c, DataTypes.DoubleType));
            case ACOS -> builtin("acos", operands(c, DataTypes.DoubleType));
            case ATAN -> builtin("atan", operands(c, DataTypes.DoubleType));
            case ATAN2 -> builtin("atan2", operands(c, DataTypes.DoubleType));
            case SINH -> builtin("sinh", operands(c, DataTypes.DoubleType));
            case COSH -> builtin("cosh", operands(c, DataTypes.DoubleType));
            case TANH -> builtin("tanh", operands(c, DataTypes.DoubleType));
            case ASINH -> builtin("asinh", operands(c, DataTypes.DoubleType));
            case ACOSH -> builtin("acosh", operands(c, DataTypes.DoubleType));
            case ATANH -> builtin("atanh", operands(c, DataTypes.DoubleType));
            case PI -> builtin("pi");
            case STOP_GRADIENT -> translate(c.arg(0));
            case SIGMOID -> sigmoid(operands(c, DataTypes.DoubleType)[0]);
            case SOFTPLUS -> softplus(operands(c, DataTypes.DoubleType)[0]);
            case RELU -> relu(operands(c, DataTypes.DoubleType)[0]);
            case LOG_SIGMOID -> logSigmoid(operands(c, DataTypes.DoubleType)[0]);
            case SOFT_GATE -> {
                Expression[] ab = operands(c, DataTypes.DoubleType);
                yield sigmoid(builtin("-", ab[0], ab[1]));
            }
            default -> throw unsupported(c);
        };
        return castTo(r, t);
    }

    private static Expression dbl(double v) {
        return Literal.create(v, DataTypes.DoubleType);
    }

    /** 1 / (exp(-x) + 1), as Nabla's scalar kernel computes it. */
    static Expression sigmoid(Expression x) {
        return builtin("/", dbl(1.0), builtin("+", builtin("exp", builtin("negative", x)), dbl(1.0)));
    }

    /** log1p(exp(-|x|)) + max(x, 0): no overflow for large x, as Nabla's kernel. */
    static Expression softplus(Expression x) {
        Expression tail = builtin("log1p", builtin("exp", builtin("negative", builtin("abs", x))));
        return builtin("+", tail, relu(x));
    }

    /** min(x, 0) − log1p(exp(−|x|)), as Nabla's kernel. */
    static Expression logSigmoid(Expression x) {
        Expression tail = builtin("log1p", builtin("exp", builtin("negative", builtin("abs", x))));
        return builtin("-", builtin("least", x, dbl(0.0)), tail);
    }

    /** max(x, 0) with −0 → 0 and NaN kept (Spark orders NaN above every number, so x > 0 keeps it). */
    static Expression relu(Expression x) {
        return builtin("if", builtin(">", x, dbl(0.0)), x, dbl(0.0));
    }
}
