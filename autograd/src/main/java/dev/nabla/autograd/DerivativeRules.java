package dev.nabla.autograd;

import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.fn.DerivativeBuilder;
import dev.nabla.plan.fn.DerivativeRule;
import dev.nabla.plan.fn.Functions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Autograd's view of the derivative rules, which live in the function registry
 * ({@link Functions#derivative}, one entry per function with its JVP and VJP rules), plus the
 * functions declared non-differentiable. A rule is only consulted when at least one argument tangent
 * is non-zero, and it skips zero tangents itself, so expressions that do not depend on the variable
 * never grow derivative nodes. Every Fn either has a rule or is in {@link #NON_DIFFERENTIABLE}; a
 * test pins that.
 */
final class DerivativeRules {
    private DerivativeRules() {}

    /** Functions with no derivative: an argument that depends on the variable is a GRAD error. */
    static final Set<Fn> NON_DIFFERENTIABLE = Collections.unmodifiableSet(EnumSet.of(
            Fn.EQ,
            Fn.NE,
            Fn.LT,
            Fn.LE,
            Fn.GT,
            Fn.GE,
            Fn.IS_DISTINCT_FROM,
            Fn.IS_NOT_DISTINCT_FROM,
            Fn.AND,
            Fn.OR,
            Fn.NOT,
            Fn.IS_NULL,
            Fn.IS_NOT_NULL,
            Fn.IN_LIST,
            Fn.LIKE,
            Fn.ILIKE,
            Fn.GLOB,
            Fn.CONCAT,
            Fn.BIT_AND,
            Fn.BIT_OR,
            Fn.BIT_NOT,
            Fn.SHIFT_LEFT,
            Fn.SHIFT_RIGHT,
            Fn.RANDOM,
            Fn.GEN_RANDOM_UUID,
            Fn.NEXTVAL,
            Fn.CURRVAL,
            Fn.SETVAL,
            Fn.LOWER,
            Fn.UPPER,
            Fn.LENGTH,
            Fn.SUBSTR,
            Fn.TRIM,
            Fn.LTRIM,
            Fn.RTRIM,
            Fn.REPLACE,
            Fn.INSTR,
            Fn.LEFT,
            Fn.RIGHT,
            Fn.REPEAT,
            Fn.REVERSE,
            Fn.LPAD,
            Fn.RPAD,
            Fn.CONCAT_FN,
            Fn.STARTS_WITH,
            Fn.CONTAINS,
            Fn.TYPEOF,
            Fn.CURRENT_DATE,
            Fn.CURRENT_TIMESTAMP,
            Fn.EXTRACT,
            Fn.DATE_TRUNC,
            Fn.DERIVATIVE_SQL,
            Fn.OCTET_LENGTH,
            Fn.HEX,
            Fn.UNHEX,
            Fn.REGEXP_MATCHES,
            Fn.REGEXP_FULL_MATCH,
            Fn.REGEXP_REPLACE,
            Fn.REGEXP_EXTRACT,
            Fn.SIMILAR_TO,
            Fn.SPLIT_PART,
            Fn.ENDS_WITH,
            Fn.INITCAP,
            Fn.CONCAT_WS,
            Fn.TRANSLATE,
            Fn.ASCII,
            Fn.CHR,
            Fn.MD5,
            Fn.PRINTF,
            Fn.TRY_CAST,
            Fn.STRFTIME,
            Fn.STRPTIME,
            Fn.DATE_DIFF,
            Fn.MAKE_DATE,
            Fn.MAKE_TIMESTAMP,
            Fn.MAKE_TIME,
            Fn.TIMEZONE,
            Fn.TO_TIMESTAMP,
            Fn.EPOCH_MS,
            Fn.LEVENSHTEIN,
            Fn.DAMERAU_LEVENSHTEIN,
            Fn.HAMMING,
            Fn.JACCARD,
            Fn.JARO_SIMILARITY,
            Fn.JARO_WINKLER_SIMILARITY,
            Fn.SHA1,
            Fn.SHA256,
            Fn.ADD_INTERVAL,
            // DOUBLE[n] functions: derivatives through arrays are not built yet (a dependent argument is a GRAD error)
            Fn.ARRAY_VALUE,
            Fn.ARRAY_EXTRACT,
            Fn.ARRAY_LENGTH,
            Fn.ARRAY_INNER_PRODUCT,
            Fn.ARRAY_NEGATIVE_INNER_PRODUCT,
            Fn.ARRAY_DISTANCE,
            Fn.ARRAY_COSINE_SIMILARITY,
            Fn.ARRAY_COSINE_DISTANCE,
            Fn.ARRAY_NORM,
            Fn.L2_NORMALIZE,
            // set-returning markers: lists have no derivative (the elements a row gets are columns of the Unnest)
            Fn.UNNEST,
            Fn.GENERATE_SUBSCRIPTS,
            // DOUBLE[] list functions: lists have no derivative
            Fn.LIST_VALUE,
            Fn.LIST_CONCAT,
            Fn.LIST_CONTAINS,
            Fn.LIST_POSITION,
            Fn.LIST_SLICE,
            Fn.LIST_SORT,
            Fn.LIST_REVERSE_SORT,
            Fn.LIST_DISTINCT,
            Fn.LIST_SUM,
            Fn.LIST_AVG,
            Fn.LIST_MIN,
            Fn.LIST_MAX,
            Fn.LIST_REVERSE,
            Fn.ARRAY_TO_STRING));

    /** The rule of {@code fn}, or null: not differentiable. */
    static DerivativeRule rule(Fn fn) {
        return Functions.derivative(fn);
    }

    static Set<Fn> differentiable() {
        Set<Fn> out = EnumSet.noneOf(Fn.class);
        out.addAll(Functions.differentiable());
        return Collections.unmodifiableSet(out);
    }

    /** The registry's rules build with autograd's hash-consing factory through this view of it. */
    static DerivativeBuilder builder(ExprFactory f) {
        return new DerivativeBuilder() {
            @Override
            public Expr zero() {
                return f.zero;
            }

            @Override
            public Expr one() {
                return f.one;
            }

            @Override
            public Expr nullDouble() {
                return f.nullDouble;
            }

            @Override
            public Expr lit(double v) {
                return f.lit(v);
            }

            @Override
            public Expr call(Fn fn, Expr... args) {
                return f.call(fn, args);
            }

            @Override
            public Expr predicate(Fn fn, Expr... args) {
                return f.predicate(fn, args);
            }

            @Override
            public Expr add(Expr a, Expr b) {
                return f.add(a, b);
            }

            @Override
            public Expr sub(Expr a, Expr b) {
                return f.sub(a, b);
            }

            @Override
            public Expr mul(Expr a, Expr b) {
                return f.mul(a, b);
            }

            @Override
            public Expr div(Expr a, Expr b) {
                return f.div(a, b);
            }

            @Override
            public Expr neg(Expr a) {
                return f.neg(a);
            }

            @Override
            public Expr square(Expr a) {
                return f.square(a);
            }

            @Override
            public Expr isNull(Expr a) {
                return f.isNull(a);
            }

            @Override
            public Expr isNotNull(Expr a) {
                return f.isNotNull(a);
            }

            @Override
            public Expr and(Expr a, Expr b) {
                return f.and(a, b);
            }

            @Override
            public Expr or(Expr a, Expr b) {
                return f.or(a, b);
            }

            @Override
            public Expr caseWhen(List<Expr> conditions, List<Expr> results, Expr otherwise) {
                return f.caseWhen(conditions, results, otherwise);
            }

            @Override
            public Expr caseWhen(Expr condition, Expr then, Expr otherwise) {
                return f.caseWhen(condition, then, otherwise);
            }

            @Override
            public boolean isZero(Expr e) {
                return ExprFactory.isZero(e);
            }

            @Override
            public Expr node(Expr e) {
                return f.intern(e);
            }

            @Override
            public Expr asDouble(Expr e) {
                return f.asDouble(e);
            }
        };
    }
}
