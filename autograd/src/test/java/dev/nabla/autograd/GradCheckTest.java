package dev.nabla.autograd;

import static dev.nabla.autograd.Exprs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JAX check_grads style: every rule against central finite differences at random points inside its
 * domain (first and second order, every argument), and forward/reverse consistency.
 */
class GradCheckTest {
    private static final int POINTS = 24;
    private static final ColumnRef[] VARS = {col(11, "a"), col(12, "b"), col(13, "c")};

    /** One table row: a function, its arity and a sampler of argument vectors inside its smooth domain. */
    record Case(String name, Fn fn, int arity, Function<Random, double[]> sampler) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static double u(Random r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static double awayFromZero(Random r, double lo, double hi) {
        return (r.nextBoolean() ? 1 : -1) * u(r, lo, hi);
    }

    private static Function<Random, double[]> uniform(int n, double lo, double hi) {
        return r -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = u(r, lo, hi);
            return v;
        };
    }

    /** Distinct arguments (at least 0.2 apart): no ties at the selection kink. */
    private static Function<Random, double[]> distinct(int n) {
        return r -> {
            while (true) {
                double[] v = uniform(n, -3, 3).apply(r);
                boolean ok = true;
                for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) ok &= Math.abs(v[i] - v[j]) > 0.2;
                if (ok) return v;
            }
        };
    }

    /** Between the integers (and away from .5 for round). */
    private static Function<Random, double[]> offInteger() {
        return r -> new double[] {Math.floor(u(r, -4, 4)) + u(r, 0.1, 0.4)};
    }

    static List<Case> table() {
        List<Case> t = new ArrayList<>();
        t.add(new Case("neg", Fn.NEG, 1, uniform(1, -3, 3)));
        t.add(new Case("add", Fn.ADD, 2, uniform(2, -3, 3)));
        t.add(new Case("sub", Fn.SUB, 2, uniform(2, -3, 3)));
        t.add(new Case("mul", Fn.MUL, 2, uniform(2, -3, 3)));
        t.add(new Case("div", Fn.DIV, 2, r -> new double[] {u(r, -3, 3), awayFromZero(r, 0.5, 3)}));
        t.add(new Case("mod", Fn.MOD, 2, r -> {
            double b = u(r, 1.5, 3);
            return new double[] {b * (Math.floor(u(r, 0, 3)) + u(r, 0.1, 0.9)), b};
        }));
        for (Fn fn : List.of(
                Fn.SIN,
                Fn.COS,
                Fn.ATAN,
                Fn.SINH,
                Fn.COSH,
                Fn.TANH,
                Fn.ASINH,
                Fn.EXP,
                Fn.EXPM1,
                Fn.SIGMOID,
                Fn.SOFTPLUS,
                Fn.LOG_SIGMOID)) {
            t.add(new Case(fn.sqlName(), fn, 1, uniform(1, -2, 2)));
        }
        t.add(new Case("tan", Fn.TAN, 1, uniform(1, -1.2, 1.2)));
        for (Fn fn : List.of(Fn.ASIN, Fn.ACOS, Fn.ATANH)) t.add(new Case(fn.sqlName(), fn, 1, uniform(1, -0.9, 0.9)));
        t.add(new Case("acosh", Fn.ACOSH, 1, uniform(1, 1.1, 5)));
        for (Fn fn : List.of(Fn.LN, Fn.LOG10, Fn.LOG2, Fn.SQRT))
            t.add(new Case(fn.sqlName(), fn, 1, uniform(1, 0.1, 10)));
        t.add(new Case("cbrt", Fn.CBRT, 1, r -> new double[] {awayFromZero(r, 0.1, 10)}));
        t.add(new Case("log1p", Fn.LOG1P, 1, uniform(1, -0.9, 5)));
        t.add(new Case("log(b,x)", Fn.LOG, 2, r -> new double[] {u(r, 1.5, 10), u(r, 0.1, 10)}));
        t.add(new Case("power", Fn.POWER, 2, r -> new double[] {u(r, 0.2, 3), u(r, -2, 2)}));
        t.add(new Case("soft_gate", Fn.SOFT_GATE, 2, uniform(2, -3, 3)));
        t.add(new Case("atan2", Fn.ATAN2, 2, r -> new double[] {awayFromZero(r, 0.1, 3), u(r, -3, 3)}));
        t.add(new Case("abs", Fn.ABS, 1, r -> new double[] {awayFromZero(r, 0.1, 3)}));
        t.add(new Case("relu", Fn.RELU, 1, r -> new double[] {awayFromZero(r, 0.1, 3)}));
        for (Fn fn : List.of(Fn.SIGN, Fn.FLOOR, Fn.CEIL, Fn.ROUND, Fn.TRUNC))
            t.add(new Case(fn.sqlName(), fn, 1, offInteger()));
        t.add(new Case("greatest/2", Fn.GREATEST, 2, distinct(2)));
        t.add(new Case("greatest/3", Fn.GREATEST, 3, distinct(3)));
        t.add(new Case("least/2", Fn.LEAST, 2, distinct(2)));
        t.add(new Case("least/3", Fn.LEAST, 3, distinct(3)));
        t.add(new Case("coalesce/2", Fn.COALESCE, 2, uniform(2, -3, 3)));
        t.add(new Case("ifnull", Fn.IFNULL, 2, uniform(2, -3, 3)));
        t.add(new Case("nullif", Fn.NULLIF, 2, distinct(2)));
        return t;
    }

    static Stream<Case> cases() {
        return table().stream();
    }

    private static Expr body(Case c) {
        Expr[] args = new Expr[c.arity()];
        System.arraycopy(VARS, 0, args, 0, c.arity());
        return call(c.fn(), args);
    }

    private static Map<Integer, Double> point(double[] v) {
        Map<Integer, Double> m = new HashMap<>();
        for (int i = 0; i < v.length; i++) m.put(VARS[i].id(), v[i]);
        return m;
    }

    /** Central difference of {@code f} in argument i, step scaled to |x|. */
    private static double centralDifference(Expr f, double[] v, int i) {
        double h = 1e-5 * Math.max(1, Math.abs(v[i]));
        double[] p = v.clone(), m = v.clone();
        p[i] += h;
        m[i] -= h;
        return (Interp.num(f, point(p)) - Interp.num(f, point(m))) / (2 * h);
    }

    private static void assertClose(String what, double actual, double expected, double rtol) {
        double tol = rtol * Math.max(1, Math.abs(expected));
        assertThat(Math.abs(actual - expected))
                .as(what + ": got " + actual + ", expected " + expected)
                .isLessThanOrEqualTo(tol);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstDerivativeMatchesFiniteDifferences(Case c) {
        Random r = new Random(c.name().hashCode());
        Expr f = body(c);
        for (int i = 0; i < c.arity(); i++) {
            Expr d = expand(grad(f, VARS[i]));
            for (int k = 0; k < POINTS; k++) {
                double[] v = c.sampler().apply(r);
                assertClose(
                        c.name() + " d/d" + VARS[i].name() + " at " + java.util.Arrays.toString(v),
                        Interp.num(d, point(v)),
                        centralDifference(f, v, i),
                        1e-6);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondDerivativeMatchesFiniteDifferencesOfTheFirst(Case c) {
        Random r = new Random(c.name().hashCode() * 31L);
        Expr f = body(c);
        for (int i = 0; i < c.arity(); i++) {
            Expr d1 = expand(grad(f, VARS[i]));
            Expr d2 = expand(grad(grad(f, VARS[i]), VARS[i]));
            for (int k = 0; k < POINTS; k++) {
                double[] v = c.sampler().apply(r);
                assertClose(
                        c.name() + " d2/d" + VARS[i].name() + "2 at " + java.util.Arrays.toString(v),
                        Interp.num(d2, point(v)),
                        centralDifference(d1, v, i),
                        1e-5);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mixedPartialsAreSymmetric(Case c) {
        if (c.arity() < 2) return;
        Random r = new Random(c.name().hashCode() * 17L);
        Expr f = body(c);
        Expr dab = expand(grad(grad(f, VARS[0]), VARS[1])), dba = expand(grad(grad(f, VARS[1]), VARS[0]));
        for (int k = 0; k < POINTS; k++) {
            double[] v = c.sampler().apply(r);
            assertClose(
                    c.name() + " mixed at " + java.util.Arrays.toString(v),
                    Interp.num(dab, point(v)),
                    Interp.num(dba, point(v)),
                    1e-9);
        }
    }

    /** ⟨t, vjp(c)⟩ = ⟨jvp(t), c⟩ with random tangent and cotangent columns. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jvpAndVjpAgree(Case c) {
        Random r = new Random(c.name().hashCode() * 7L);
        ColumnRef t = col(21, "t"), ct = col(22, "ct");
        Expr f = body(c);
        Expr jv = expand(jvp(f, VARS[0], t)), vj = expand(vjp(f, VARS[0], ct));
        for (int k = 0; k < POINTS; k++) {
            Map<Integer, Double> p = point(c.sampler().apply(r));
            double tv = u(r, -2, 2), cv = u(r, -2, 2);
            p.put(t.id(), tv);
            p.put(ct.id(), cv);
            assertClose(c.name() + " jvp/vjp", tv * Interp.num(vj, p), cv * Interp.num(jv, p), 1e-12);
        }
    }

    /** The derivative is NULL exactly where the primal is, whichever argument is NULL. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void derivativeIsNullExactlyWhereThePrimalIs(Case c) {
        Random r = new Random(c.name().hashCode() * 13L);
        Expr f = body(c);
        for (int i = 0; i < c.arity(); i++) {
            Expr d = expand(grad(f, VARS[i])), d2 = expand(grad(grad(f, VARS[i]), VARS[i]));
            for (int nulled = 0; nulled < c.arity(); nulled++) {
                for (int k = 0; k < 4; k++) {
                    Map<Integer, Double> p = point(c.sampler().apply(r));
                    p.put(VARS[nulled].id(), null);
                    boolean primalNull = Interp.eval(f, p) == null;
                    assertThat(Interp.eval(d, p) == null)
                            .as(c.name() + " d/d" + VARS[i].name() + " with " + VARS[nulled].name() + " NULL")
                            .isEqualTo(primalNull);
                    assertThat(Interp.eval(d2, p) == null)
                            .as(c.name() + " d2 with " + VARS[nulled].name() + " NULL")
                            .isEqualTo(primalNull);
                }
            }
        }
    }

    @Test
    void tableCoversEveryDifferentiableFunction() {
        Set<Fn> covered = EnumSet.noneOf(Fn.class);
        for (Case c : table()) covered.add(c.fn());
        Set<Fn> expected = EnumSet.copyOf(DerivativeRules.differentiable());
        expected.removeAll(EnumSet.of(Fn.STOP_GRADIENT, Fn.PI)); // no finite-difference meaning: checked in RulesTest
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
    }
}
