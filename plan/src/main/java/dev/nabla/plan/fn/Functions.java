package dev.nabla.plan.fn;

import static dev.nabla.plan.fn.DerivativeRule.partials;
import static dev.nabla.plan.fn.DerivativeRule.unary;
import static dev.nabla.plan.fn.DerivativeRule.unaryUsingResult;

import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.vector.DoubleBinaryOp;
import dev.nabla.vector.DoubleUnaryOp;
import dev.nabla.vector.ScalarKernels;
import dev.nabla.vector.VectorizationProvider;
import dev.nabla.vector.fused.FusedCompiler;
import dev.nabla.vector.fused.FusedExpr;
import dev.nabla.vector.fused.FusedExpr.UnaryOp;
import dev.nabla.vector.fused.FusedKernel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The function registry: every numeric scalar function, defined once — name and aliases, type rule,
 * domain, scalar twin, interpreter kernel, fused-kernel IR, JVP and VJP rules, description. The binder,
 * constant folding, autograd's simplifier and rules, the interpreter, the fused translator, the REPL's
 * completion and the generated function table in docs/sql.md all read this table; adding a function is
 * one entry here (plus its {@link Fn} constant, the function's identity in bound plans) and its tests.
 * The table is built by this class's initializer alone: no other class registers anything.
 *
 * <p>Aggregate and window functions are named and described here too ({@link #aggregate},
 * {@link #window}); their evaluation is the engine's accumulators and window operator.
 *
 * <p>Operators and the NULL-handling functions keep their evaluation in the engine (they are not
 * double kernels), but their derivative rules live here too ({@link #derivative(Fn)}), so autograd has
 * one source of rules.
 *
 * <p>Conventions at kinks (see docs/derivatives.md): abs'(0) = 0, relu'(0) = 0, sign/floor/ceil/
 * round/trunc have derivative 0 everywhere, greatest/least follow the first selected argument on
 * ties, d(x % c)/dx = 1.
 */
public final class Functions {
    private Functions() {}

    /** The entries as the initializer collects them; built into {@link #BY_FN} at its end. */
    private static final List<Def> DEFS = new ArrayList<>();

    private static final Map<Fn, ScalarFunction> BY_FN = new EnumMap<>(Fn.class);
    private static final Map<String, ScalarFunction> BY_NAME = new HashMap<>();
    private static final Map<Fn, DerivativeRule> OPERATOR_RULES = new EnumMap<>(Fn.class);
    private static final Map<String, AggregateFunction> AGGREGATES = new java.util.LinkedHashMap<>();
    private static final Map<String, WindowFunction> WINDOWS = new java.util.LinkedHashMap<>();
    private static final Map<Fn, ArrayFunction> ARRAYS = new EnumMap<>(Fn.class);

    /** The definition of {@code fn}, or null when {@code fn} is not a registry function. */
    public static ScalarFunction of(Fn fn) {
        return BY_FN.get(fn);
    }

    /** The function named {@code name} or one of its aliases (case-insensitive), or null. */
    public static ScalarFunction byName(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every registry function, in {@link Fn} order. */
    public static Collection<ScalarFunction> all() {
        return Collections.unmodifiableCollection(BY_FN.values());
    }

    /** The derivative rule of {@code fn} (a registry function or an operator), or null: not differentiable. */
    public static DerivativeRule derivative(Fn fn) {
        ScalarFunction s = BY_FN.get(fn);
        return s != null ? s.derivative() : OPERATOR_RULES.get(fn);
    }

    /** The derivative rule of aggregate {@code fn}, or null: not differentiable (see {@link StructuralDerivatives}). */
    public static StructuralDerivatives.AggregateRule derivative(AggFn fn) {
        return StructuralDerivatives.aggregate(fn);
    }

    /** The derivative rule of window function {@code fn}; every window function has one. */
    public static StructuralDerivatives.WindowRule derivative(WindowCall.WindowFn fn) {
        return StructuralDerivatives.window(fn);
    }

    /** Every function or operator with a derivative rule. */
    public static List<Fn> differentiable() {
        List<Fn> out = new ArrayList<>();
        for (Fn fn : Fn.values()) if (derivative(fn) != null) out.add(fn);
        return out;
    }

    /** The array function {@code fn} (DOUBLE[n] arguments), or null when {@code fn} is not one. */
    public static ArrayFunction array(Fn fn) {
        return ARRAYS.get(fn);
    }

    /** Every array function, in {@link Fn} order. */
    public static Collection<ArrayFunction> arrays() {
        return Collections.unmodifiableCollection(ARRAYS.values());
    }

    /** The aggregate function named {@code name} (case-insensitive), or null. */
    public static AggregateFunction aggregate(String name) {
        return AGGREGATES.get(name.toLowerCase(Locale.ROOT));
    }

    /** The window function named {@code name} (case-insensitive), or null. */
    public static WindowFunction window(String name) {
        return WINDOWS.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every aggregate function's names, in definition order. */
    public static List<String> aggregateNames() {
        return List.copyOf(AGGREGATES.keySet());
    }

    /** Every window function's name, in definition order. */
    public static List<String> windowNames() {
        return List.copyOf(WINDOWS.keySet());
    }

    /** Every name the binder resolves through the registry (names and aliases), sorted. */
    public static List<String> names() {
        return BY_NAME.keySet().stream().sorted().toList();
    }

    // ---- the table -------------------------------------------------------------------------------

    static {
        def(Fn.ABS, "absolute value")
                .type(TypeRule.SAME_NUMERIC)
                .twin(Math::abs)
                .simd(DoubleUnaryOp.ABS)
                .fused((f, a) -> f.abs(a.get(0)))
                // abs'(0) = 0 by sign(0) = 0
                .derivative(unary((f, g, x) -> f.mul(f.call(Fn.SIGN, x), g)));
        def(Fn.SIGN, "−1, 0 or +1 by the sign of x (NaN stays NaN, −0 stays −0)")
                .type(TypeRule.SAME_NUMERIC)
                .twin(Math::signum)
                .simd(DoubleUnaryOp.SIGN)
                .fused((f, a) -> f.unary(UnaryOp.SIGN, a.get(0)))
                .derivative(DerivativeRule.zero());
        def(Fn.FLOOR, "largest integer ≤ x")
                .type(TypeRule.INTEGRAL_OR_DOUBLE)
                .twin(Math::floor)
                .simd(DoubleUnaryOp.FLOOR)
                .derivative(DerivativeRule.zero());
        def(Fn.CEIL, "smallest integer ≥ x")
                .alias("ceiling")
                .type(TypeRule.INTEGRAL_OR_DOUBLE)
                .twin(Math::ceil)
                .simd(DoubleUnaryOp.CEIL)
                .derivative(DerivativeRule.zero());
        def(Fn.ROUND, "x rounded half away from zero (to `digits` decimals)")
                .type(TypeRule.ROUND)
                .twin(Functions::roundHalfAway)
                .kernel((a, o, r, n) -> {
                    for (int i = 0; i < n; i++) r[i] = roundHalfAway(a[o + i]);
                })
                .twin2(Functions::round)
                .kernel2((a, ao, b, bo, r, n) -> {
                    for (int i = 0; i < n; i++) r[i] = round(a[ao + i], b[bo + i]);
                })
                .derivative(DerivativeRule.zero());
        def(Fn.TRUNC, "x rounded toward zero (to `digits` decimals)")
                .type(TypeRule.ROUND)
                .twin(Functions::trunc)
                .kernel((a, o, r, n) -> {
                    for (int i = 0; i < n; i++) r[i] = trunc(a[o + i]);
                })
                .twin2(Functions::trunc)
                .kernel2((a, ao, b, bo, r, n) -> {
                    for (int i = 0; i < n; i++) r[i] = trunc(a[ao + i], b[bo + i]);
                })
                .derivative(DerivativeRule.zero());

        def(Fn.SQRT, "square root")
                .domain(Domain.atLeast(0))
                .twin(Math::sqrt)
                .simd(DoubleUnaryOp.SQRT)
                .fused((f, a) -> f.unary(UnaryOp.SQRT, a.get(0)))
                .nanOutside()
                .derivative(unaryUsingResult((f, g, x, y) -> f.div(g, f.mul(f.lit(2), y))));
        def(Fn.CBRT, "cube root")
                .twin(Math::cbrt)
                .simd(DoubleUnaryOp.CBRT)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.CBRT, a.get(0)))
                .derivative(unaryUsingResult((f, g, x, y) -> f.div(g, f.mul(f.lit(3), f.square(y)))));
        def(Fn.EXP, "e^x")
                .twin(Math::exp)
                .simd(DoubleUnaryOp.EXP)
                .ulps(2)
                .fused((f, a) -> f.exp(a.get(0)))
                .derivative(unaryUsingResult((f, g, x, y) -> f.mul(y, g)));
        def(Fn.EXPM1, "e^x − 1, accurate near 0")
                .twin(Math::expm1)
                .simd(DoubleUnaryOp.EXPM1)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.EXPM1, a.get(0)))
                .derivative(unary((f, g, x) -> f.mul(f.call(Fn.EXP, x), g)));
        def(Fn.LN, "natural logarithm")
                .domain(Domain.above(0))
                .twin(Math::log)
                .simd(DoubleUnaryOp.LN)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.LN, a.get(0)))
                .derivative(unary((f, g, x) -> f.div(g, x)));
        def(Fn.LOG10, "base-10 logarithm; log(x) with one argument")
                .domain(Domain.above(0))
                .twin(Math::log10)
                .simd(DoubleUnaryOp.LOG10)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.LOG10, a.get(0)))
                .derivative(unary((f, g, x) -> f.div(g, f.mul(x, f.lit(Math.log(10))))));
        def(Fn.LOG2, "base-2 logarithm (exact for powers of two)")
                .domain(Domain.above(0))
                .twin(ScalarKernels::log2)
                .simd(DoubleUnaryOp.LOG2)
                .ulps(4)
                .derivative(unary((f, g, x) -> f.div(g, f.mul(x, f.lit(Math.log(2))))));
        def(Fn.LOG1P, "ln(1 + x), accurate near 0")
                .domain(Domain.above(-1))
                .twin(Math::log1p)
                .simd(DoubleUnaryOp.LOG1P)
                .ulps(2)
                .fused((f, a) -> f.log1p(a.get(0)))
                .derivative(unary((f, g, x) -> f.div(g, f.add(f.one(), x))));
        def(Fn.LOG, "log(b, x): the base-b logarithm of x")
                .domain(Domain.pair(
                        "b > 0, b ≠ 1, x > 0",
                        (b, x) -> b > 0 && b != 1 && x > 0 && !(Double.isInfinite(b) && Double.isInfinite(x))))
                .twin2((b, x) -> Math.log(x) / Math.log(b))
                .kernel2((a, ao, b, bo, r, n) -> {
                    for (int i = 0; i < n; i++) r[i] = Math.log(b[bo + i]) / Math.log(a[ao + i]);
                })
                .derivative(new DerivativeRule(
                        Functions::logJvp,
                        (f, c, g) -> List.of(
                                f.isZero(g)
                                        ? f.zero()
                                        : f.neg(f.div(f.mul(c, g), f.mul(c.arg(0), f.call(Fn.LN, c.arg(0))))),
                                f.isZero(g) ? f.zero() : f.div(g, f.mul(c.arg(1), f.call(Fn.LN, c.arg(0)))))));
        def(Fn.POWER, "x raised to the power y")
                .alias("pow")
                .domain(Domain.pair("x ≥ 0 or y an integer; not |x| = 1 with infinite y", Functions::powDefined))
                .twin2(Math::pow)
                .simd2(DoubleBinaryOp.POW)
                .ulps(2)
                .fused(Functions::powerFused)
                .derivative(new DerivativeRule(
                        Functions::powerJvp,
                        (f, c, g) -> List.of(
                                f.isZero(g) ? f.zero() : f.mul(powerBaseSlope(f, c.arg(0), c.arg(1)), g),
                                f.isZero(g) ? f.zero() : f.mul(powerExponentSlope(f, c, c.arg(0), c.arg(1)), g))));

        def(Fn.SIN, "sine (radians)")
                .domain(Domain.FINITE)
                .twin(Math::sin)
                .simd(DoubleUnaryOp.SIN)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.SIN, a.get(0)))
                .nanOutside()
                .derivative(unary((f, g, x) -> f.mul(f.call(Fn.COS, x), g)));
        def(Fn.COS, "cosine (radians)")
                .domain(Domain.FINITE)
                .twin(Math::cos)
                .simd(DoubleUnaryOp.COS)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.COS, a.get(0)))
                .nanOutside()
                .derivative(unary((f, g, x) -> f.neg(f.mul(f.call(Fn.SIN, x), g))));
        def(Fn.TAN, "tangent (radians)")
                .domain(Domain.FINITE)
                .twin(Math::tan)
                .simd(DoubleUnaryOp.TAN)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.TAN, a.get(0)))
                .nanOutside()
                .derivative(unaryUsingResult((f, g, x, y) -> f.mul(f.add(f.one(), f.square(y)), g)));
        def(Fn.ASIN, "inverse sine")
                .domain(Domain.closed(-1, 1))
                .twin(Math::asin)
                .simd(DoubleUnaryOp.ASIN)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.ASIN, a.get(0)))
                .nanOutside()
                .derivative(unary((f, g, x) -> f.div(g, f.call(Fn.SQRT, f.sub(f.one(), f.square(x))))));
        def(Fn.ACOS, "inverse cosine")
                .domain(Domain.closed(-1, 1))
                .twin(Math::acos)
                .simd(DoubleUnaryOp.ACOS)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.ACOS, a.get(0)))
                .nanOutside()
                .derivative(unary((f, g, x) -> f.neg(f.div(g, f.call(Fn.SQRT, f.sub(f.one(), f.square(x)))))));
        def(Fn.ATAN, "inverse tangent")
                .twin(Math::atan)
                .simd(DoubleUnaryOp.ATAN)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.ATAN, a.get(0)))
                .derivative(unary((f, g, x) -> f.div(g, f.add(f.one(), f.square(x)))));
        def(Fn.ATAN2, "atan2(y, x): the angle of the point (x, y)")
                .twin2(Math::atan2)
                .simd2(DoubleBinaryOp.ATAN2)
                .ulps(2)
                .derivative(partials(
                        (f, g, c) -> f.div(f.mul(c.arg(1), g), f.add(f.square(c.arg(1)), f.square(c.arg(0)))),
                        (f, g, c) -> f.neg(f.div(f.mul(c.arg(0), g), f.add(f.square(c.arg(1)), f.square(c.arg(0)))))));
        def(Fn.SINH, "hyperbolic sine")
                .twin(Math::sinh)
                .simd(DoubleUnaryOp.SINH)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.SINH, a.get(0)))
                .derivative(unary((f, g, x) -> f.mul(f.call(Fn.COSH, x), g)));
        def(Fn.COSH, "hyperbolic cosine")
                .twin(Math::cosh)
                .simd(DoubleUnaryOp.COSH)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.COSH, a.get(0)))
                .derivative(unary((f, g, x) -> f.mul(f.call(Fn.SINH, x), g)));
        def(Fn.TANH, "hyperbolic tangent")
                .twin(Math::tanh)
                .simd(DoubleUnaryOp.TANH)
                .ulps(2)
                .fused((f, a) -> f.unary(UnaryOp.TANH, a.get(0)))
                .derivative(unaryUsingResult((f, g, x, y) -> f.mul(f.sub(f.one(), f.square(y)), g)));
        def(Fn.ASINH, "inverse hyperbolic sine")
                .twin(Functions::asinh)
                .kernel((a, o, r, n) -> {
                    for (int i = 0; i < n; i++) r[i] = asinh(a[o + i]);
                })
                .derivative(unary((f, g, x) -> f.div(g, f.call(Fn.SQRT, f.add(f.square(x), f.one())))));
        def(Fn.ACOSH, "inverse hyperbolic cosine")
                .domain(Domain.atLeast(1))
                .twin(Functions::acosh)
                .kernel((a, o, r, n) -> {
                    for (int i = 0; i < n; i++) r[i] = acosh(a[o + i]);
                })
                // sqrt(x−1)·sqrt(x+1) rather than sqrt(x²−1): no cancellation near x = 1
                .derivative(unary((f, g, x) ->
                        f.div(g, f.mul(f.call(Fn.SQRT, f.sub(x, f.one())), f.call(Fn.SQRT, f.add(x, f.one()))))));
        def(Fn.ATANH, "inverse hyperbolic tangent")
                .domain(Domain.open(-1, 1))
                .twin(Functions::atanh)
                .kernel((a, o, r, n) -> {
                    for (int i = 0; i < n; i++) r[i] = atanh(a[o + i]);
                })
                .derivative(unary((f, g, x) -> f.div(g, f.sub(f.one(), f.square(x)))));

        def(Fn.SIGMOID, "logistic function 1 / (1 + e^−x); saturates to exactly 0 and 1")
                .twin(Functions::sigmoid)
                .simd(DoubleUnaryOp.SIGMOID)
                .ulps(4)
                .fused((f, a) -> f.div(f.constant(1), f.add(f.exp(f.neg(a.get(0))), f.constant(1))))
                .derivative(unaryUsingResult((f, g, x, y) -> f.mul(f.mul(y, f.sub(f.one(), y)), g)));
        def(Fn.SOFTPLUS, "ln(1 + e^x), computed stably as log1p(e^−|x|) + max(x, 0)")
                .twin(Functions::softplus)
                .simd(DoubleUnaryOp.SOFTPLUS)
                .ulps(4)
                .fused((f, a) -> f.add(f.log1p(f.exp(f.neg(f.abs(a.get(0))))), f.max(a.get(0), f.constant(0))))
                .derivative(unary((f, g, x) -> f.mul(f.call(Fn.SIGMOID, x), g)));
        def(Fn.RELU, "max(x, 0) (−0 becomes 0, NaN stays NaN)")
                .twin(x -> Math.max(x, 0.0))
                .simd(DoubleUnaryOp.RELU)
                .fused((f, a) -> f.max(a.get(0), f.constant(0)))
                // relu'(0) = 0: the strict comparison selects the zero branch at the kink
                .derivative(unary((f, g, x) -> f.caseWhen(f.predicate(Fn.GT, x, f.zero()), g, f.zero())));
        // the worked example of docs/architecture.md: a new function is this entry and its Fn constant
        def(
                        Fn.LOG_SIGMOID,
                        "ln(sigmoid(x)) = −softplus(−x), stable for large |x|: the log-likelihood of logistic regression")
                .twin(x -> Math.min(x, 0.0) - Math.log1p(Math.exp(-Math.abs(x))))
                .ulps(4)
                .fused((f, a) -> f.sub(f.min(a.get(0), f.constant(0)), f.log1p(f.exp(f.neg(f.abs(a.get(0)))))))
                .derivative(unary((f, g, x) -> f.mul(f.call(Fn.SIGMOID, f.neg(x)), g)));
        def(
                        Fn.SOFT_GATE,
                        "soft_gate(score, threshold [, τ]) = sigmoid((score − threshold)/τ): a soft filter weight in [0, 1]")
                // ∞ − ∞ has no sign: a gate between two equal infinities is NULL rather than NaN
                .domain(Domain.pair("not score = threshold = ±∞", (a, b) -> !(Double.isInfinite(a) && a == b)))
                .twin2((a, b) -> sigmoid(a - b))
                .kernel2((a, ao, b, bo, r, n) -> {
                    for (int i = 0; i < n; i++) r[i] = sigmoid(a[ao + i] - b[bo + i]);
                })
                // ∂σ(a − b)/∂a = σ(1 − σ) = −∂/∂b, from the result
                .derivative(partials(
                        (f, g, c) -> f.mul(f.mul(c, f.sub(f.one(), c)), g),
                        (f, g, c) -> f.neg(f.mul(f.mul(c, f.sub(f.one(), c)), g))));
        def(Fn.PI, "π").twin(x -> Math.PI).derivative(DerivativeRule.zero());

        for (Def d : DEFS) {
            if (BY_FN.put(d.fn, d.build()) != null) throw new IllegalStateException("two definitions of " + d.fn);
        }
        for (ArrayFunction a : ArrayFunctions.definitions()) {
            if (ARRAYS.put(a.fn(), a) != null || BY_FN.containsKey(a.fn()))
                throw new IllegalStateException("two definitions of " + a.fn());
        }
        operatorRules();
        aggregatesAndWindows();
        for (ScalarFunction s : BY_FN.values()) {
            name(s.name(), s);
            for (String a : s.aliases()) name(a, s);
        }
    }

    private static void name(String name, ScalarFunction s) {
        if (BY_NAME.put(name, s) != null) throw new IllegalStateException("two functions named " + name);
    }

    private static void aggregate(AggFn fn, String description, String... names) {
        AggregateFunction a = new AggregateFunction(fn, List.of(names), description);
        for (String n : names)
            if (AGGREGATES.put(n, a) != null) throw new IllegalStateException("two aggregates named " + n);
    }

    private static void window(WindowCall.WindowFn fn, String name, String description) {
        if (WINDOWS.put(name, new WindowFunction(fn, name, description)) != null)
            throw new IllegalStateException("two window functions named " + name);
    }

    private static void aggregatesAndWindows() {
        aggregate(AggFn.COUNT, "number of non-NULL values (count(*): rows)", "count");
        aggregate(AggFn.SUM, "sum of the non-NULL values", "sum");
        aggregate(AggFn.TOTAL, "SQLite's total(): sum as DOUBLE, 0.0 for no rows", "total");
        aggregate(AggFn.AVG, "mean of the non-NULL values", "avg", "mean");
        aggregate(AggFn.MIN, "smallest value (with two or more arguments: the scalar least)", "min");
        aggregate(AggFn.MAX, "largest value (with two or more arguments: the scalar greatest)", "max");
        aggregate(AggFn.STDDEV_SAMP, "sample standard deviation", "stddev", "stddev_samp");
        aggregate(AggFn.STDDEV_POP, "population standard deviation", "stddev_pop");
        aggregate(AggFn.VAR_SAMP, "sample variance", "variance", "var_samp");
        aggregate(AggFn.VAR_POP, "population variance", "var_pop");
        aggregate(AggFn.STRING_AGG, "the values joined by a separator", "string_agg", "group_concat");
        aggregate(AggFn.BOOL_AND, "true when every value is true", "bool_and", "every");
        aggregate(AggFn.BOOL_OR, "true when some value is true", "bool_or");
        aggregate(AggFn.PERCENTILE_CONT, "interpolated percentile, WITHIN GROUP (ORDER BY x)", "percentile_cont");
        aggregate(
                AggFn.PERCENTILE_DISC, "percentile as one of the values, WITHIN GROUP (ORDER BY x)", "percentile_disc");
        aggregate(AggFn.MODE, "most frequent value, WITHIN GROUP (ORDER BY x)", "mode");
        aggregate(
                AggFn.LOGSUMEXP,
                "logsumexp(x [, τ]) = τ·ln Σ exp(x/τ), max-shifted in one online pass; its gradient is softmax",
                "logsumexp");
        aggregate(
                AggFn.SOFTMAX_SUM,
                "softmax_sum(value, score [, τ]) = Σ softmax(score/τ)·value in one online pass (attention)",
                "softmax_sum");
        aggregate(
                AggFn.MIN_BY,
                "min_by(x, key): x of the row with the smallest key (NULL keys skipped, the first row on ties)",
                "min_by",
                "arg_min");
        aggregate(
                AggFn.MAX_BY,
                "max_by(x, key): x of the row with the largest key (NULL keys skipped, the first row on ties)",
                "max_by",
                "arg_max");
        aggregate(
                AggFn.ARRAY_AGG,
                "array_agg(x [ORDER BY k]): the values, NULLs included, as a DOUBLE[] list (NULL for no rows)",
                "array_agg");
        aggregate(
                AggFn.COVAR_POP, "covar_pop(y, x): population covariance of the pairs with neither NULL", "covar_pop");
        aggregate(AggFn.COVAR_SAMP, "covar_samp(y, x): sample covariance", "covar_samp");
        aggregate(AggFn.CORR, "corr(y, x): Pearson correlation coefficient (NULL when x or y is constant)", "corr");
        aggregate(AggFn.REGR_COUNT, "regr_count(y, x): number of pairs with neither NULL", "regr_count");
        aggregate(AggFn.REGR_AVGX, "regr_avgx(y, x): mean of x over the pairs", "regr_avgx");
        aggregate(AggFn.REGR_AVGY, "regr_avgy(y, x): mean of y over the pairs", "regr_avgy");
        aggregate(AggFn.REGR_SXX, "regr_sxx(y, x): Σ(x − x̄)² over the pairs", "regr_sxx");
        aggregate(AggFn.REGR_SYY, "regr_syy(y, x): Σ(y − ȳ)² over the pairs", "regr_syy");
        aggregate(AggFn.REGR_SXY, "regr_sxy(y, x): Σ(x − x̄)(y − ȳ) over the pairs", "regr_sxy");
        aggregate(AggFn.REGR_SLOPE, "regr_slope(y, x): slope of the least-squares line y = a + b·x", "regr_slope");
        aggregate(AggFn.REGR_INTERCEPT, "regr_intercept(y, x): intercept of the least-squares line", "regr_intercept");
        aggregate(AggFn.REGR_R2, "regr_r2(y, x): coefficient of determination of the least-squares line", "regr_r2");
        window(WindowCall.WindowFn.ROW_NUMBER, "row_number", "1, 2, 3 … within the partition");
        window(WindowCall.WindowFn.RANK, "rank", "rank with gaps after ties");
        window(WindowCall.WindowFn.DENSE_RANK, "dense_rank", "rank without gaps");
        window(WindowCall.WindowFn.PERCENT_RANK, "percent_rank", "(rank − 1) / (rows − 1)");
        window(WindowCall.WindowFn.CUME_DIST, "cume_dist", "fraction of rows up to the current peer group");
        window(WindowCall.WindowFn.NTILE, "ntile", "bucket number 1 … n");
        window(WindowCall.WindowFn.LAG, "lag", "a value offset rows before");
        window(WindowCall.WindowFn.LEAD, "lead", "a value offset rows after");
        window(WindowCall.WindowFn.FIRST_VALUE, "first_value", "the frame's first value");
        window(WindowCall.WindowFn.LAST_VALUE, "last_value", "the frame's last value");
        window(WindowCall.WindowFn.NTH_VALUE, "nth_value", "the frame's n-th value");
        window(
                WindowCall.WindowFn.SOFTMAX,
                "softmax",
                "softmax(x [, τ]): exp(x/τ) normalised over the whole partition (max-shifted)");
        window(WindowCall.WindowFn.LOG_SOFTMAX, "log_softmax", "log_softmax(x [, τ]) = x/τ − logsumexp(x/τ)");
        window(
                WindowCall.WindowFn.SOFT_RANK,
                "soft_rank",
                "soft_rank(x [, ε [, 'l2' [, 'asc'|'desc']]]): differentiable rank (Blondel et al. 2020)");
        window(
                WindowCall.WindowFn.SOFT_SORT,
                "soft_sort",
                "soft_sort(x [, ε [, 'l2' [, 'asc'|'desc']]]): the soft-sorted value at the row's hard rank");
        window(
                WindowCall.WindowFn.SOFT_TOPK,
                "soft_topk",
                "soft_topk(x, k [, τ]): weights σ((x − t)/τ) in [0, 1] summing to k");
    }

    /** Rules of operators and NULL-handling functions, whose evaluation is not a double kernel. */
    private static void operatorRules() {
        OPERATOR_RULES.put(Fn.NEG, new DerivativeRule((f, c, t) -> f.neg(t.get(0)), (f, c, g) -> List.of(f.neg(g))));
        OPERATOR_RULES.put(
                Fn.ADD, new DerivativeRule((f, c, t) -> f.add(t.get(0), t.get(1)), (f, c, g) -> List.of(g, g)));
        OPERATOR_RULES.put(
                Fn.SUB, new DerivativeRule((f, c, t) -> f.sub(t.get(0), t.get(1)), (f, c, g) -> List.of(g, f.neg(g))));
        // product rule: d(a·b) = da·b + a·db
        OPERATOR_RULES.put(
                Fn.MUL,
                new DerivativeRule(
                        (f, c, t) -> f.add(f.mul(t.get(0), c.arg(1)), f.mul(c.arg(0), t.get(1))),
                        (f, c, g) -> List.of(f.mul(g, c.arg(1)), f.mul(c.arg(0), g))));
        // d(a/b) = (da − (a/b)·db) / b, reusing the primal quotient
        OPERATOR_RULES.put(
                Fn.DIV,
                new DerivativeRule(
                        (f, c, t) -> f.div(f.sub(t.get(0), f.mul(c, t.get(1))), c.arg(1)),
                        (f, c, g) -> List.of(f.div(g, c.arg(1)), f.neg(f.div(f.mul(c, g), c.arg(1))))));
        // a % b = a − b·trunc(a/b); trunc is piecewise constant, so d = da − trunc(a/b)·db
        OPERATOR_RULES.put(
                Fn.MOD,
                new DerivativeRule(
                        (f, c, t) ->
                                f.sub(t.get(0), f.mul(f.call(Fn.TRUNC, f.call(Fn.DIV, c.arg(0), c.arg(1))), t.get(1))),
                        (f, c, g) ->
                                List.of(g, f.neg(f.mul(f.call(Fn.TRUNC, f.call(Fn.DIV, c.arg(0), c.arg(1))), g)))));
        OPERATOR_RULES.put(Fn.STOP_GRADIENT, DerivativeRule.zero());
        OPERATOR_RULES.put(Fn.GREATEST, selecting(Fn.GE));
        OPERATOR_RULES.put(Fn.LEAST, selecting(Fn.LE));
        OPERATOR_RULES.put(Fn.COALESCE, firstNonNull());
        OPERATOR_RULES.put(Fn.IFNULL, firstNonNull());
        // nullif(a, b) is NULL where a = b, else a: b only selects
        OPERATOR_RULES.put(
                Fn.NULLIF,
                new DerivativeRule(
                        (f, c, t) -> f.caseWhen(f.predicate(Fn.EQ, c.arg(0), c.arg(1)), f.nullDouble(), t.get(0)),
                        (f, c, g) -> List.of(
                                f.caseWhen(f.predicate(Fn.EQ, c.arg(0), c.arg(1)), f.nullDouble(), g), f.zero())));
    }

    /**
     * greatest/least: the tangent of the selected argument. Argument i is selected when it is not NULL
     * and beats (or ties, {@code cmp} includes equality) every later non-NULL argument; earlier
     * arguments were rejected by the preceding WHENs, so ties go to the first argument.
     */
    private static DerivativeRule selecting(Fn cmp) {
        return new DerivativeRule(
                (f, c, t) -> {
                    int n = c.args().size();
                    if (n == 1) return t.get(0);
                    List<Expr> conditions = new ArrayList<>(), results = new ArrayList<>();
                    for (int i = 0; i < n - 1; i++) {
                        conditions.add(selected(f, c, i, cmp));
                        results.add(t.get(i));
                    }
                    return f.caseWhen(conditions, results, t.get(n - 1));
                },
                (f, c, g) -> {
                    int n = c.args().size();
                    List<Expr> out = new ArrayList<>();
                    List<Expr> earlier = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        // argument i receives g where it is selected and no earlier argument was
                        List<Expr> conditions = new ArrayList<>(earlier), results = new ArrayList<>();
                        for (int k = 0; k < earlier.size(); k++) results.add(f.zero());
                        Expr mine = i < n - 1 ? selected(f, c, i, cmp) : f.isNotNull(c.arg(i));
                        conditions.add(mine);
                        results.add(g);
                        out.add(f.isZero(g) ? f.zero() : f.caseWhen(conditions, results, f.zero()));
                        earlier.add(mine);
                    }
                    return out;
                });
    }

    private static Expr selected(DerivativeBuilder f, Call c, int i, Fn cmp) {
        Expr cond = f.isNotNull(c.arg(i));
        for (int j = i + 1; j < c.args().size(); j++) {
            cond = f.and(cond, f.or(f.isNull(c.arg(j)), f.predicate(cmp, c.arg(i), c.arg(j))));
        }
        return cond;
    }

    /** coalesce/ifnull: the tangent of the first non-NULL argument. */
    private static DerivativeRule firstNonNull() {
        return new DerivativeRule(
                (f, c, t) -> {
                    int n = c.args().size();
                    if (n == 1) return t.get(0);
                    List<Expr> conditions = new ArrayList<>(), results = new ArrayList<>();
                    for (int i = 0; i < n - 1; i++) {
                        conditions.add(f.isNotNull(c.arg(i)));
                        results.add(t.get(i));
                    }
                    return f.caseWhen(conditions, results, t.get(n - 1));
                },
                (f, c, g) -> {
                    List<Expr> out = new ArrayList<>();
                    List<Expr> earlier = new ArrayList<>();
                    for (int i = 0; i < c.args().size(); i++) {
                        List<Expr> conditions = new ArrayList<>(earlier), results = new ArrayList<>();
                        for (int k = 0; k < earlier.size(); k++) results.add(f.zero());
                        conditions.add(f.isNotNull(c.arg(i)));
                        results.add(g);
                        out.add(f.isZero(g) ? f.zero() : f.caseWhen(conditions, results, f.zero()));
                        earlier.add(f.isNotNull(c.arg(i)));
                    }
                    return out;
                });
    }

    // log(b, x) = ln x / ln b
    private static Expr logJvp(DerivativeBuilder f, Call c, List<Expr> t) {
        Expr b = c.arg(0), x = c.arg(1);
        Expr lnB = f.call(Fn.LN, b);
        Expr viaX = f.div(t.get(1), f.mul(x, lnB));
        Expr viaB = f.isZero(t.get(0)) ? f.zero() : f.div(f.mul(c, t.get(0)), f.mul(b, lnB)); // log_b x · db / (b ln b)
        return f.sub(viaX, viaB);
    }

    /**
     * power(u, v). When only the base depends on the variable use v·u^(v−1)·du, which is right for
     * negative u (integer v), and 0 for v = 0; when only the exponent does, u^v·ln u·dv (0 at u = 0 for
     * v > 0); otherwise the general form u^v·(dv·ln u + v·du/u), defined for u > 0.
     */
    private static Expr powerJvp(DerivativeBuilder f, Call c, List<Expr> t) {
        Expr u = c.arg(0), v = c.arg(1), du = t.get(0), dv = t.get(1);
        if (f.isZero(dv)) return f.mul(powerBaseSlope(f, u, v), du);
        if (f.isZero(du)) return f.mul(powerExponentSlope(f, c, u, v), dv);
        return f.mul(c, f.add(f.mul(dv, f.call(Fn.LN, u)), f.div(f.mul(v, du), u)));
    }

    /** ∂u^v/∂u = v·u^(v−1); the derivative of u^0 = 1 is 0, also at u = 0 where v·u^(v−1) is 0·∞ (issue 12). */
    private static Expr powerBaseSlope(DerivativeBuilder f, Expr u, Expr v) {
        Expr general = f.mul(v, f.call(Fn.POWER, u, f.sub(v, f.one())));
        Double k = constant(v);
        // only the point u = 0 = v is special: elsewhere the general form is right and keeps its v-derivative
        Expr singular = f.and(f.predicate(Fn.EQ, v, f.zero()), f.predicate(Fn.EQ, u, f.zero()));
        return k == null ? f.caseWhen(singular, f.zero(), general) : k == 0 ? f.zero() : general;
    }

    /** ∂u^v/∂v = u^v·ln u; at u = 0 with v > 0, u^v is 0 near v, so its slope is 0 (u^v·ln u would be 0·NULL). */
    private static Expr powerExponentSlope(DerivativeBuilder f, Call c, Expr u, Expr v) {
        Expr general = f.mul(c, f.call(Fn.LN, u));
        Double base = constant(u), k = constant(v);
        if (base != null && base != 0 || k != null && !(k > 0)) return general;
        if (k != null) return f.caseWhen(f.predicate(Fn.EQ, u, f.zero()), f.zero(), general);
        if (base != null) return f.caseWhen(f.predicate(Fn.GT, v, f.zero()), f.zero(), general);
        return f.caseWhen(f.and(f.predicate(Fn.EQ, u, f.zero()), f.predicate(Fn.GT, v, f.zero())), f.zero(), general);
    }

    /** The value of a non-NULL numeric literal, else null. */
    private static Double constant(Expr e) {
        return e instanceof dev.nabla.plan.expr.Literal l && l.value() instanceof Number n ? n.doubleValue() : null;
    }

    /**
     * power with a literal exponent only: Math.pow(x, 1|2|3) is exactly x, x·x, x·x·x; pow(NaN, 0) = 1
     * would hide a NULL base. Outside the domain Math.pow gives NaN itself, so no guard is needed.
     */
    private static FusedExpr powerFused(Fusing f, List<FusedExpr> a) {
        Double p = f.literal(1);
        if (p == null) return null;
        FusedExpr x = a.get(0);
        if (p == 1) return x;
        if (p == 2) return f.mul(x, x);
        if (p == 3) return f.mul(f.mul(x, x), x);
        if (p == 0 || Double.isNaN(p)) return null;
        return f.pow(x, a.get(1));
    }

    static boolean powDefined(double x, double y) {
        if (x < 0 && Double.isFinite(x) && Double.isFinite(y) && y != Math.rint(y)) return false;
        return !(Math.abs(x) == 1 && Double.isInfinite(y));
    }

    // ---- scalar twins that are not a Math method --------------------------------------------------

    static double sigmoid(double x) {
        return 1.0 / (Math.exp(-x) + 1.0);
    }

    static double softplus(double x) {
        return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0.0);
    }

    static double asinh(double d) {
        return Math.copySign(Math.log(Math.abs(d) + Math.sqrt(d * d + 1)), d);
    }

    static double acosh(double d) {
        return Math.log(d + Math.sqrt(d * d - 1));
    }

    static double atanh(double d) {
        return 0.5 * Math.log1p(2 * d / (1 - d));
    }

    static double trunc(double d) {
        return d < 0 ? Math.ceil(d) : Math.floor(d);
    }

    /**
     * trunc(x, digits): toward zero at {@code digits} decimals. A double that is already the nearest
     * double of a number with that many decimals stays as it is, so {@code trunc(0.29, 2)} is 0.29
     * although 0.29·100 is 28.999999999999996 in binary; digits past the double's range behave as
     * in {@link #round(double, double)}.
     */
    static double trunc(double v, double digits) {
        double scale = Math.pow(10, digits);
        if (scale == 0) return Math.copySign(0.0, v);
        double scaled = v * scale;
        if (!Double.isFinite(scaled)) return v;
        if (Math.rint(scaled) / scale == v) return v;
        return trunc(scaled) / scale;
    }

    /** Half away from zero; values beyond 2^52 are integers already. */
    public static double roundHalfAway(double d) {
        if (!Double.isFinite(d) || Math.abs(d) >= 4.5e15) return d;
        return Math.copySign(Math.floor(Math.abs(d) + 0.5), d);
    }

    /** round(x, digits): digits past the double's range leave x (large) or give a signed 0 (very negative). */
    static double round(double v, double digits) {
        double scale = Math.pow(10, digits);
        if (scale == 0) return Math.copySign(0.0, v);
        double scaled = v * scale;
        return Double.isFinite(scaled) ? roundHalfAway(scaled) / scale : v;
    }

    // ---- the definition builder --------------------------------------------------------------------

    private static Def def(Fn fn, String description) {
        Def d = new Def(fn, description);
        DEFS.add(d);
        return d;
    }

    /** Collects one entry; the table's initializer builds them all at its end. */
    private static final class Def {
        final Fn fn;
        final String description;
        final List<String> aliases = new ArrayList<>();
        TypeRule type = TypeRule.DOUBLE;
        Domain domain = Domain.ALL;
        DoubleUnaryOperator twin;
        DoubleBinaryOperator twin2;
        ArrayKernel kernel;
        ArrayKernel.Binary kernel2;
        FusedRule fused;
        int ulps;
        boolean nanOutside;
        DerivativeRule derivative;

        Def(Fn fn, String description) {
            this.fn = fn;
            this.description = description;
        }

        Def alias(String a) {
            aliases.add(a);
            return this;
        }

        Def type(TypeRule t) {
            type = t;
            return this;
        }

        Def domain(Domain d) {
            domain = d;
            return this;
        }

        Def twin(DoubleUnaryOperator t) {
            twin = t;
            return this;
        }

        Def twin2(DoubleBinaryOperator t) {
            twin2 = t;
            return this;
        }

        Def kernel(ArrayKernel k) {
            kernel = k;
            return this;
        }

        Def kernel2(ArrayKernel.Binary k) {
            kernel2 = k;
            return this;
        }

        /** The SIMD array kernel of exec-vector (its scalar twin where SIMD is unavailable). */
        Def simd(DoubleUnaryOp op) {
            return kernel((a, o, r, n) -> VectorizationProvider.get().apply(op, a, o, r, n));
        }

        Def simd2(DoubleBinaryOp op) {
            return kernel2((a, ao, b, bo, r, n) -> VectorizationProvider.get().apply(op, a, ao, b, bo, r, n));
        }

        Def fused(FusedRule r) {
            fused = r;
            // a function without a hand-written array kernel runs its fused IR in the interpreter (SIMD for free)
            if (kernel == null && fn.maxArgs() == 1) kernel = viaFused(r);
            return this;
        }

        Def ulps(int u) {
            ulps = u;
            return this;
        }

        /** The IEEE kernel is NaN outside the domain already: the fused path skips the guard. */
        Def nanOutside() {
            nanOutside = true;
            return this;
        }

        Def derivative(DerivativeRule d) {
            derivative = d;
            return this;
        }

        /** The entry; a one-argument function needs its twin and kernel, a two-argument one twin2 and kernel2. */
        ScalarFunction build() {
            return new ScalarFunction(
                    fn,
                    aliases,
                    description,
                    type,
                    domain,
                    twin,
                    twin2,
                    kernel,
                    kernel2,
                    fused,
                    nanOutside,
                    ulps,
                    derivative);
        }
    }

    /** A batch kernel that runs a one-argument fused rule through the fused compiler. */
    private static ArrayKernel viaFused(FusedRule rule) {
        List<Double> scalars = new ArrayList<>();
        Fusing f = new Fusing() {
            @Override
            public FusedExpr constant(double v) {
                scalars.add(v);
                return FusedExpr.scalar(scalars.size() - 1);
            }

            @Override
            public Double literal(int i) {
                return null;
            }
        };
        FusedExpr body = rule.build(f, List.of(FusedExpr.input(0)));
        if (body == null) throw new IllegalStateException("a fused rule of a column must build");
        double[] constants = scalars.stream().mapToDouble(Double::doubleValue).toArray();
        List<FusedExpr> outputs = List.of(body);
        return new ArrayKernel() {
            private volatile FusedKernel compiled;

            @Override
            public void apply(double[] a, int aOff, double[] out, int n) {
                FusedKernel k = compiled;
                if (k == null) compiled = k = FusedCompiler.compile(outputs);
                k.eval(new double[][] {a}, new int[] {aOff}, constants, n, new double[][] {out});
            }
        };
    }
}
