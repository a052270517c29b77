package dev.nabla.engine.exec.fused;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.autograd.Autograd;
import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ExecState;
import dev.nabla.engine.exec.expr.Evaluator;
import dev.nabla.engine.exec.expr.ExprCompiler;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.fn.ArrayKernel;
import dev.nabla.plan.fn.DerivativeRule;
import dev.nabla.plan.fn.Domain;
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.fn.FusedRule;
import dev.nabla.plan.fn.Fusing;
import dev.nabla.plan.fn.PlainDerivativeBuilder;
import dev.nabla.plan.fn.ScalarFunction;
import dev.nabla.plan.fn.TypeRule;
import dev.nabla.plan.optimize.ConstantEvaluator;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.vector.fused.FusedCompiler;
import dev.nabla.vector.fused.FusedExpr;
import dev.nabla.vector.fused.FusedInterpreter;
import dev.nabla.vector.fused.FusedKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Walks the function registry: for every function and many inputs (NaN, ±0, ±Infinity, domain edges
 * and their neighbours, NULL, random values at many scales) the interpreter (the engine's compiled
 * expression), the entry's batch kernel, the fused kernel (SIMD, scalar-only and interpreted IR, as
 * translated by {@link FusedTranslator}) and constant folding agree with the entry's scalar twin —
 * bit for bit, or within the entry's documented ulp tolerance where the Vector API's SVML intrinsics
 * round differently. Each derivative rule (JVP and VJP, first and second order) is checked against
 * central finite differences of the twin. The seed is printed; rerun with {@code -Dnabla.walk.seed=…}
 * and widen with {@code -Dnabla.walk.random=…} (random inputs per function, default 400).
 * {@link #perturbedDefinitionsFail} proves the checker fails when a kernel, fused rule or rule is wrong.
 */
class FunctionRegistryWalkTest {
    private static final long SEED = Long.getLong("nabla.walk.seed", System.nanoTime());
    private static final int RANDOM = Integer.getInteger("nabla.walk.random", 400);
    /** Kernel runs before the compared one, so that the JIT-compiled (intrinsic) code is what gets checked. */
    private static final int WARMUP = Integer.getInteger("nabla.walk.warmup", 40);

    private static final int PAUSE_MS = Integer.getInteger("nabla.walk.pauseMillis", 30);
    private static final ColumnRef X = new ColumnRef(1, "x", DataType.DOUBLE, dev.nabla.common.Span.NONE);
    private static final ColumnRef Y = new ColumnRef(2, "y", DataType.DOUBLE, dev.nabla.common.Span.NONE);
    private static final ColumnRef DIGITS = new ColumnRef(2, "d", DataType.BIGINT, dev.nabla.common.Span.NONE);
    private static final Map<Integer, Integer> LAYOUT = Map.of(1, 0, 2, 1);

    // ---- values ------------------------------------------------------------------------------------

    private static final double[] SPECIAL = {
        Double.NaN,
        0.0,
        -0.0,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        1,
        -1,
        0.5,
        -0.5,
        2,
        -2,
        3,
        1e-300,
        -1e-300,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MIN_NORMAL,
        1e300,
        -1e300,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        710,
        -710,
        745,
        -745,
        36,
        -36,
        1e-8,
        -1e-8,
        Math.PI,
        1e16,
        0.1
    };

    /** Special values, the function's domain edges and their neighbours, and random values at many scales. */
    private static double[] inputs(ScalarFunction def, Random rnd) {
        List<Double> v = new ArrayList<>();
        for (double s : SPECIAL) v.add(s);
        if (def.domain() instanceof Domain.Interval i) {
            for (double edge : new double[] {i.lo(), i.hi()}) {
                if (!Double.isFinite(edge)) continue;
                v.add(edge);
                v.add(Math.nextUp(edge));
                v.add(Math.nextDown(edge));
            }
        }
        for (int k = 0; k < RANDOM; k++) v.add(randomValue(rnd));
        // special values among ordinary ones: an intrinsic may take another path for a vector of ordinary lanes
        java.util.Collections.shuffle(v, rnd);
        v.add(0, 0.0); // row 0 is the NULL argument
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double randomValue(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextGaussian();
            case 1 -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
            case 2 -> (rnd.nextDouble() * 2 - 1) * 1.5;
            default -> Math.rint(rnd.nextGaussian() * 10) / 2;
        };
    }

    private static String show(double x) {
        return x + " (0x" + Long.toHexString(Double.doubleToRawLongBits(x)) + ")";
    }

    // ---- the checker --------------------------------------------------------------------------------

    /** Mismatches of {@code def}'s layers against its twin over these inputs; {@code production} adds the engine's paths. */
    static List<String> check(ScalarFunction def, double[] xs, double[] ys, boolean production) {
        List<String> bad = new ArrayList<>();
        int n = xs.length;
        boolean binary = ys != null;
        // expected: SQL value from the twin (null = NULL); row 0 is a NULL argument
        Double[] expected = new Double[n];
        for (int i = 1; i < n; i++) expected[i] = binary ? def.value(xs[i], ys[i]) : def.value(xs[i]);
        // in-domain non-NaN arguments never give NaN
        for (int i = 1; i < n; i++) {
            boolean nanArg = Double.isNaN(xs[i]) || binary && Double.isNaN(ys[i]);
            if (!nanArg && expected[i] != null && expected[i].isNaN())
                bad.add(def.name() + ": twin gives NaN inside the domain at " + args(xs, ys, i));
        }
        // the entry's batch kernel with its domain, as the interpreter applies them
        double[] k = new double[n];
        // warm up first: C2's intrinsics (SVML) may differ from the interpreter's Math fallback (power did)
        warm(def, xs, ys);
        if (binary) def.kernel2().apply(xs, 0, ys, 0, k, n);
        else def.kernel().apply(xs, 0, k, n);
        for (int i = 1; i < n; i++) {
            boolean in =
                    binary ? def.domain().contains2(xs[i], ys[i]) : def.domain().contains(xs[i]);
            compare(bad, def, "kernel", xs, ys, i, expected[i], in ? k[i] : null);
        }
        // the fused IR from the entry's rule (vector, scalar-only and interpreted)
        if (def.fused() != null) fused(bad, def, def.fused(), xs, ys, expected, null);
        if (production) {
            // the engine: compiled expression over a batch whose row 0 is NULL
            Double[] engine = engine(call(def, binary), xs, ys);
            for (int i = 0; i < n; i++) compare(bad, def, "interpreter", xs, ys, i, expected[i], engine[i]);
            // the fused translator's IR (the production translation, with its domain guard)
            FusedTranslator tr = new FusedTranslator(LAYOUT);
            FusedExpr e = tr.translate(call(def, binary));
            if (def.fused() != null && e == null && !binary)
                bad.add(def.name() + ": has a fused rule but the translator does not fuse it");
            if (e != null) fused(bad, def, null, xs, ys, expected, new Object[] {e, tr});
            // constant folding
            for (int i = 1; i < n; i++) {
                Expr c = binary
                        ? new Call(
                                def.fn(),
                                DataType.DOUBLE,
                                lit(xs[i]),
                                def.typeRule() == TypeRule.ROUND ? Literal.ofLong((long) ys[i]) : lit(ys[i]))
                        : new Call(def.fn(), DataType.DOUBLE, lit(xs[i]));
                Literal folded = ConstantEvaluator.evaluate(c);
                Double want = expected[i];
                if (folded == null) {
                    // not folded: only a NaN or infinite value has no literal (or a non-double argument such as round's
                    // digits)
                    if (want != null && Double.isFinite(want) && def.typeRule() != TypeRule.ROUND)
                        bad.add(def.name() + ": not folded at " + args(xs, ys, i) + ", want " + want);
                    continue;
                }
                compare(
                        bad,
                        def,
                        "folded",
                        xs,
                        ys,
                        i,
                        want,
                        folded.value() == null ? null : ((Number) folded.value()).doubleValue());
            }
        }
        return bad;
    }

    /** Runs the kernel over the inputs tiled to a large batch until the JIT has compiled it (with its intrinsics). */
    private static void warm(ScalarFunction def, double[] xs, double[] ys) {
        int big = 1 << 13;
        double[] bx = new double[big], by = new double[big], out = new double[big];
        for (int i = 0; i < big; i++) {
            bx[i] = xs[i % xs.length];
            by[i] = ys == null ? 0 : ys[i % ys.length];
        }
        for (int w = 0; w < WARMUP; w++) {
            if (w == WARMUP / 2) pause(); // let the JIT finish compiling what the first half triggered
            if (ys != null) def.kernel2().apply(bx, 0, by, 0, out, big);
            else def.kernel().apply(bx, 0, out, big);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Literal lit(double v) {
        return Literal.ofDouble(v);
    }

    private static Call call(ScalarFunction def, boolean binary) {
        if (!binary) return new Call(def.fn(), DataType.DOUBLE, X);
        return new Call(def.fn(), DataType.DOUBLE, X, def.typeRule() == TypeRule.ROUND ? DIGITS : Y);
    }

    private static String args(double[] xs, double[] ys, int i) {
        return ys == null ? show(xs[i]) : "(" + show(xs[i]) + ", " + show(ys[i]) + ")";
    }

    /**
     * Fused values: a NULL argument is NaN there, and NaN comes out where SQL has NULL or NaN; so only
     * rows whose expected value is a non-NaN number are compared by value, the others must be NaN.
     */
    private static void fused(
            List<String> bad,
            ScalarFunction def,
            FusedRule rule,
            double[] xs,
            double[] ys,
            Double[] expected,
            Object[] translated) {
        int n = xs.length;
        double[] xin = xs.clone();
        xin[0] = Double.NaN;
        double[] yin = ys == null ? null : ys.clone();
        if (yin != null) yin[0] = Double.NaN;
        FusedExpr e;
        double[] scalars;
        if (translated != null) {
            e = (FusedExpr) translated[0];
            FusedTranslator tr = (FusedTranslator) translated[1];
            scalars = tr.scalars.stream().mapToDouble(Double::doubleValue).toArray();
            // the translator numbers input columns in order of appearance: x first
        } else {
            List<Double> sc = new ArrayList<>();
            Fusing f = new Fusing() {
                @Override
                public FusedExpr constant(double v) {
                    sc.add(v);
                    return FusedExpr.scalar(sc.size() - 1);
                }

                @Override
                public Double literal(int i) {
                    return null;
                }
            };
            List<FusedExpr> a =
                    ys == null ? List.of(FusedExpr.input(0)) : List.of(FusedExpr.input(0), FusedExpr.input(1));
            e = rule.build(f, a);
            if (e == null) return; // not fusable for column arguments (power wants a literal exponent)
            if (ys == null && !def.nanOutside()) e = f.guard(def.domain(), a.get(0), e);
            scalars = sc.stream().mapToDouble(Double::doubleValue).toArray();
        }
        double[][] cols = yin == null ? new double[][] {xin} : new double[][] {xin, yin};
        int[] offs = new int[cols.length];
        String[] names = {"fused-simd", "fused-scalar", "fused-ir"};
        double[][] outs = new double[3][n];
        FusedKernel vector = FusedCompiler.generate(List.of(e), FusedCompiler.vectorized());
        FusedKernel scalar = FusedCompiler.generate(List.of(e), false);
        for (int w = 0; w < WARMUP; w++) {
            if (w == WARMUP / 2) pause();
            vector.eval(cols, offs, scalars, n, new double[][] {outs[0]});
        }
        scalar.eval(cols, offs, scalars, n, new double[][] {outs[1]});
        new FusedInterpreter(List.of(e)).eval(cols, offs, scalars, n, new double[][] {outs[2]});
        String origin = translated != null ? " (translated)" : "";
        for (int w = 0; w < 3; w++) {
            for (int i = 0; i < n; i++) {
                Double want = expected[i];
                double got = outs[w][i];
                if (want == null || want.isNaN()) {
                    if (!Double.isNaN(got))
                        bad.add(def.name() + ": " + names[w] + origin + " at " + args(xs, ys, i) + " gave " + show(got)
                                + ", want NULL/NaN");
                } else {
                    compare(bad, def, names[w] + origin, xs, ys, i, want, got);
                }
            }
        }
    }

    private static void compare(
            List<String> bad,
            ScalarFunction def,
            String layer,
            double[] xs,
            double[] ys,
            int i,
            Double want,
            Double got) {
        if (want == null || got == null) {
            if (want != got)
                bad.add(def.name() + ": " + layer + " at " + (i == 0 ? "NULL" : args(xs, ys, i)) + " gave " + got
                        + ", want " + want);
            return;
        }
        if (!close(want, got, def.ulps())) {
            bad.add(def.name() + ": " + layer + " at " + args(xs, ys, i) + " gave " + show(got) + ", want " + show(want)
                    + " (" + def.ulps() + " ulp allowed)");
        }
    }

    /** Bit-equal (NaN = NaN, +0 ≠ −0), or within {@code ulps} units in the last place for finite values. */
    static boolean close(double want, double got, int ulps) {
        if (Double.doubleToLongBits(want) == Double.doubleToLongBits(got)) return true;
        if (ulps == 0 || !Double.isFinite(want) || !Double.isFinite(got)) return false;
        if (want == 0 || got == 0) return Math.abs(want - got) <= ulps * Double.MIN_VALUE;
        if ((want > 0) != (got > 0)) return false;
        return Math.abs(Double.doubleToLongBits(want) - Double.doubleToLongBits(got)) <= ulps;
    }

    /** Values of {@code e} (over x and y) from the engine's compiled evaluator; row 0 has NULL arguments. */
    private static Double[] engine(Expr e, double[] xs, double[] ys) {
        int n = xs.length;
        Double[] out = new Double[n];
        ExprCompiler.SubplanBuilder none = plan -> {
            throw new AssertionError("no subqueries");
        };
        var program = ExprCompiler.compile(List.of(e), LAYOUT, none);
        Evaluator ev = program.newEvaluator(new ExecState(CTX));
        for (int start = 0; start < n; start += Batch.CAPACITY) {
            int m = Math.min(Batch.CAPACITY, n - start);
            ColumnVector x = ColumnVector.ofDoubles(DataType.DOUBLE, Arrays.copyOfRange(xs, start, start + m), null, 0);
            ColumnVector y = ys == null
                    ? ColumnVector.ofDoubles(DataType.DOUBLE, new double[m], null, 0)
                    : e instanceof Call c && c.args().size() > 1 && c.arg(1).type() == DataType.BIGINT
                            ? ColumnVector.ofLongs(
                                    DataType.BIGINT,
                                    Arrays.stream(ys, start, start + m)
                                            .mapToLong(d -> (long) d)
                                            .toArray(),
                                    null,
                                    0)
                            : ColumnVector.ofDoubles(
                                    DataType.DOUBLE, Arrays.copyOfRange(ys, start, start + m), null, 0);
            if (start == 0) {
                x.setNull(0, true);
                y.setNull(0, true);
            }
            ev.eval(new Batch(new ColumnVector[] {x, y}, m));
            ColumnVector r = ev.column(0, new Batch(new ColumnVector[] {x, y}, m));
            for (int i = 0; i < m; i++) out[start + i] = r.isNull(i) ? null : r.getDouble(i);
        }
        return out;
    }

    private static final ExecContext CTX = new ExecContext() {
        @Override
        public Object[] parameters() {
            return new Object[0];
        }

        @Override
        public void checkCancelled() {}

        @Override
        public Object setting(String name) {
            return null;
        }
    };

    // ---- the walks -----------------------------------------------------------------------------------

    @Test
    void everyFunctionAgreesOnEveryPath() {
        System.out.println("FunctionRegistryWalkTest seed " + SEED + " (-Dnabla.walk.seed=" + SEED + ")");
        Random rnd = new Random(SEED);
        List<String> bad = new ArrayList<>();
        int functions = 0;
        for (ScalarFunction def : Functions.all()) {
            if (def.arity() == 0) {
                Literal folded = ConstantEvaluator.evaluate(new Call(def.fn(), DataType.DOUBLE));
                assertThat(folded).as(def.name()).isNotNull();
                assertThat(((Number) folded.value()).doubleValue())
                        .isEqualTo(def.twin().applyAsDouble(0));
                continue;
            }
            functions++;
            double[] xs = inputs(def, rnd);
            if (def.twin() != null) bad.addAll(check(def, xs, null, true));
            if (def.twin2() != null) {
                // pairs: special × special, then random pairs (round's digits are small integers)
                List<double[]> pairs = new ArrayList<>();
                for (double a : SPECIAL) for (double b : SPECIAL) pairs.add(new double[] {a, b});
                for (int k = 0; k < RANDOM; k++) pairs.add(new double[] {randomValue(rnd), randomValue(rnd)});
                java.util.Collections.shuffle(pairs, rnd);
                double[] as = new double[pairs.size() + 1], bs = new double[pairs.size() + 1];
                for (int k = 0; k < pairs.size(); k++) {
                    as[k + 1] = pairs.get(k)[0];
                    bs[k + 1] = def.typeRule() == TypeRule.ROUND
                            ? Math.max(
                                    -400, Math.min(400, Math.rint(Double.isNaN(pairs.get(k)[1]) ? 0 : pairs.get(k)[1])))
                            : pairs.get(k)[1];
                }
                bad.addAll(check(def, as, bs, true));
            }
        }
        assertThat(functions).isGreaterThan(30);
        assertThat(bad).as("seed " + SEED).isEmpty();
    }

    // ---- derivatives -----------------------------------------------------------------------------------

    /** A point where the function is smooth (inside the domain, away from kinks and the domain's edges). */
    private static double smoothPoint(ScalarFunction def, Random rnd) {
        for (int tries = 0; ; tries++) {
            double x = switch (def.fn()) {
                case ASIN, ACOS, ATANH -> rnd.nextDouble() * 1.6 - 0.8;
                case ACOSH -> 1.2 + rnd.nextDouble() * 4;
                case LN, LOG10, LOG2, SQRT, CBRT -> 0.2 + rnd.nextDouble() * 5;
                case LOG1P -> -0.8 + rnd.nextDouble() * 5;
                case TAN -> rnd.nextDouble() * 2.4 - 1.2;
                default -> rnd.nextGaussian() * 2;
            };
            // kinks of abs/relu at 0; the steps of trunc/floor/ceil/round at integers and halves, which a
            // central difference of width 2·1e-5·|x| must not straddle (seed 30913706680432 hit trunc at 4.0000058)
            double step = Math.abs(x * 2 - Math.rint(x * 2)) / 2;
            if (Math.abs(x) > 0.05 && step > 1e-3 || tries > 20) return x;
        }
    }

    /** Central difference of {@code f} at {@code x}. */
    private static double fd(java.util.function.DoubleUnaryOperator f, double x) {
        double h = 1e-5 * Math.max(1, Math.abs(x));
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    private static boolean agrees(double want, double got) {
        return Math.abs(want - got) <= 1e-5 * Math.max(1, Math.abs(want)) || want == got;
    }

    private static final ColumnRef Z = new ColumnRef(3, "z", DataType.DOUBLE, dev.nabla.common.Span.NONE);
    private static final ColumnRef[] VARS = {X, Y, Z};

    /** Value of {@code e} at the point (x, y, z) through the engine; NaN for NULL. */
    private static double at(Expr e, double[] p) {
        ExprCompiler.SubplanBuilder none = plan -> {
            throw new AssertionError("no subqueries");
        };
        var program = ExprCompiler.compile(List.of(e), Map.of(1, 0, 2, 1, 3, 2), none);
        Evaluator ev = program.newEvaluator(new ExecState(CTX));
        ColumnVector[] cols = new ColumnVector[3];
        for (int i = 0; i < 3; i++)
            cols[i] = ColumnVector.ofDoubles(DataType.DOUBLE, new double[] {i < p.length ? p[i] : 0}, null, 0);
        Batch b = new Batch(cols, 1);
        ev.eval(b);
        ColumnVector r = ev.column(0, b);
        return r.isNull(0) ? Double.NaN : r.getDouble(0);
    }

    private static String point(double[] p) {
        return Arrays.toString(p);
    }

    /**
     * Mismatches of one rule against finite differences of {@code value} at point {@code p}: JVP and VJP
     * per argument, their adjointness, and (second order) autograd's derivative of each rule's output.
     */
    static List<String> checkRule(
            String name,
            DerivativeRule rule,
            Call body,
            java.util.function.ToDoubleFunction<double[]> value,
            double[] p,
            Random rnd) {
        List<String> bad = new ArrayList<>();
        PlainDerivativeBuilder f = new PlainDerivativeBuilder();
        int n = body.args().size();
        // the two rules are adjoint: ⟨t, vjp(c)⟩ = ⟨jvp(t), c⟩ for random t and c
        double c = rnd.nextGaussian();
        List<Expr> t = new ArrayList<>();
        double dot = 0;
        List<Expr> cotangents = rule.vjp().apply(f, body, Literal.ofDouble(c));
        for (int i = 0; i < n; i++) {
            double ti = rnd.nextGaussian();
            t.add(Literal.ofDouble(ti));
            dot += ti * at(cotangents.get(i), p);
        }
        double jvpDot = at(rule.jvp().apply(f, body, t), p) * c;
        if (!agrees(jvpDot, dot))
            bad.add(name + ": ⟨t, vjp(c)⟩ = " + dot + " but ⟨jvp(t), c⟩ = " + jvpDot + " at " + point(p));
        for (int arg = 0; arg < n; arg++) {
            final int a = arg;
            java.util.function.DoubleUnaryOperator along = v -> {
                double[] q = p.clone();
                q[a] = v;
                return value.applyAsDouble(q);
            };
            double want = fd(along, p[a]);
            // JVP with a unit tangent on argument a
            List<Expr> tangents = new ArrayList<>();
            for (int i = 0; i < n; i++) tangents.add(i == a ? f.one() : f.zero());
            Expr jvp = rule.jvp().apply(f, body, tangents);
            double got = at(jvp, p);
            if (!agrees(want, got))
                bad.add(name + ": JVP ∂/∂arg" + a + " at " + point(p) + " = " + got + ", finite difference " + want);
            // VJP with cotangent g: the argument's cotangent is g·∂f/∂arg
            double g = 0.5 + rnd.nextDouble();
            Expr vjp = rule.vjp().apply(f, body, Literal.ofDouble(g)).get(a);
            double gotV = at(vjp, p);
            if (!agrees(g * want, gotV))
                bad.add(name + ": VJP ∂/∂arg" + a + " at " + point(p) + " = " + gotV + ", finite difference "
                        + g * want);
            // second order: autograd's derivative of each rule's output against a difference of the rule's values
            for (Expr first : List.of(jvp, vjp)) {
                java.util.function.DoubleUnaryOperator d1 = v -> {
                    double[] q = p.clone();
                    q[a] = v;
                    return at(first, q);
                };
                double want2 = fd(d1, p[a]);
                double got2 = at(Autograd.derivative(first, VARS[a]), p);
                if (!Double.isNaN(want2) && !(Math.abs(want2 - got2) <= 1e-3 * Math.max(1, Math.abs(want2)))) {
                    bad.add(name + ": second derivative via " + (first == jvp ? "JVP" : "VJP") + " ∂²/∂arg" + a
                            + "² at " + point(p) + " = " + got2 + ", finite difference " + want2);
                }
            }
        }
        return bad;
    }

    /** Mismatches of {@code def}'s JVP and VJP rules (first and second order) against finite differences of its twin. */
    static List<String> checkDerivatives(ScalarFunction def, Random rnd, int points) {
        List<String> bad = new ArrayList<>();
        boolean binary = def.arity() == 2 && def.typeRule() != TypeRule.ROUND;
        Call body = binary ? new Call(def.fn(), DataType.DOUBLE, X, Y) : new Call(def.fn(), DataType.DOUBLE, X);
        for (int k = 0; k < points; k++) {
            double x = smoothPoint(def, rnd), y = binary ? smoothPoint(def, rnd) : 0;
            if (def.fn() == Fn.LOG) { // log(b, x): a base away from 1, a positive argument
                x = 1.5 + rnd.nextDouble() * 3;
                y = 0.2 + rnd.nextDouble() * 5;
            }
            if (def.fn() == Fn.POWER) x = 0.3 + rnd.nextDouble() * 3;
            double[] p = binary ? new double[] {x, y} : new double[] {x};
            bad.addAll(checkRule(
                    def.name(),
                    def.derivative(),
                    body,
                    q -> {
                        Double v = binary ? def.value(q[0], q[1]) : def.value(q[0]);
                        return v == null ? Double.NaN : v;
                    },
                    p,
                    rnd));
        }
        return bad;
    }

    @Test
    void everyDerivativeRuleMatchesFiniteDifferences() {
        Random rnd = new Random(SEED ^ 0x5DEECE66DL);
        List<String> bad = new ArrayList<>();
        for (ScalarFunction def : Functions.all()) {
            if (!def.differentiable() || def.arity() == 0) continue;
            bad.addAll(checkDerivatives(def, rnd, 6));
        }
        assertThat(bad).as("seed " + SEED).isEmpty();
    }

    /**
     * The operators' and NULL-handling functions' rules (their values from the engine): arithmetic,
     * greatest/least with two and three arguments, coalesce/ifnull/nullif at points without ties.
     */
    @Test
    void operatorRulesMatchFiniteDifferences() {
        Random rnd = new Random(SEED ^ 0x1234L);
        List<String> bad = new ArrayList<>();
        List<Call> bodies = List.of(
                new Call(Fn.NEG, DataType.DOUBLE, X),
                new Call(Fn.ADD, DataType.DOUBLE, X, Y),
                new Call(Fn.SUB, DataType.DOUBLE, X, Y),
                new Call(Fn.MUL, DataType.DOUBLE, X, Y),
                new Call(Fn.DIV, DataType.DOUBLE, X, Y),
                new Call(Fn.MOD, DataType.DOUBLE, X, Y),
                new Call(Fn.GREATEST, DataType.DOUBLE, X, Y),
                new Call(Fn.LEAST, DataType.DOUBLE, X, Y, Z),
                new Call(Fn.GREATEST, DataType.DOUBLE, X, Y, Z),
                new Call(Fn.COALESCE, DataType.DOUBLE, X, Y, Z),
                new Call(Fn.IFNULL, DataType.DOUBLE, X, Y),
                new Call(Fn.NULLIF, DataType.DOUBLE, X, Y));
        for (Call body : bodies) {
            DerivativeRule rule = Functions.derivative(body.fn());
            assertThat(rule).as(body.fn() + " has rules").isNotNull();
            for (int k = 0; k < 6; k++) {
                double[] p = new double[body.args().size()];
                for (int i = 0; i < p.length; i++) p[i] = (rnd.nextBoolean() ? 1 : -1) * (0.5 + rnd.nextDouble() * 3);
                bad.addAll(checkRule(body.fn().name(), rule, body, q -> at(body, q), p, rnd));
            }
        }
        assertThat(bad).as("seed " + SEED).isEmpty();
    }

    @Test
    void everyRegistryFunctionIsDifferentiableOrDeclaredNot() {
        for (ScalarFunction def : Functions.all()) {
            assertThat(def.derivative())
                    .as(def.name() + " has JVP and VJP rules")
                    .isNotNull();
        }
    }

    // ---- the checker's self-test -----------------------------------------------------------------------

    private static ScalarFunction with(ScalarFunction d, ArrayKernel kernel, FusedRule fused, DerivativeRule rule) {
        return new ScalarFunction(
                d.fn(),
                d.aliases(),
                d.description(),
                d.typeRule(),
                d.domain(),
                d.twin(),
                d.twin2(),
                kernel != null ? kernel : d.kernel(),
                d.kernel2(),
                fused != null ? fused : d.fused(),
                d.nanOutside(),
                d.ulps(),
                rule != null ? rule : d.derivative());
    }

    @Test
    void perturbedDefinitionsFail() {
        Random rnd = new Random(SEED);
        ScalarFunction sigmoid = Functions.of(Fn.SIGMOID), ln = Functions.of(Fn.LN), abs = Functions.of(Fn.ABS);
        double[] xs = inputs(sigmoid, rnd);
        assertThat(check(sigmoid, xs, null, false)).isEmpty();
        // a kernel off by more than the tolerance in one lane
        ArrayKernel off = (a, o, r, n) -> {
            sigmoid.kernel().apply(a, o, r, n);
            r[n / 2] = Math.nextUp(Math.nextUp(Math.nextUp(Math.nextUp(Math.nextUp(r[n / 2])))));
        };
        assertThat(check(with(sigmoid, off, null, null), xs, null, false)).anyMatch(s -> s.contains("kernel"));
        // a fused rule with a wrong constant
        FusedRule wrong = (f, a) -> f.div(f.constant(1), f.add(f.exp(f.neg(a.get(0))), f.constant(1.0000001)));
        assertThat(check(with(sigmoid, null, wrong, null), xs, null, false)).anyMatch(s -> s.contains("fused"));
        // a domain that is too wide: the twin gives NaN inside it, and the engine (with the real domain) disagrees
        ScalarFunction noDomain = new ScalarFunction(
                ln.fn(),
                ln.aliases(),
                ln.description(),
                ln.typeRule(),
                Domain.ALL,
                ln.twin(),
                null,
                ln.kernel(),
                null,
                ln.fused(),
                false,
                ln.ulps(),
                ln.derivative());
        assertThat(check(noDomain, inputs(ln, rnd), null, false)).anyMatch(s -> s.contains("NaN inside the domain"));
        assertThat(check(noDomain, inputs(ln, rnd), null, true)).anyMatch(s -> s.contains("interpreter"));
        // a domain that is too narrow: the kernel's value where the engine says NULL
        ScalarFunction narrow = new ScalarFunction(
                ln.fn(),
                ln.aliases(),
                ln.description(),
                ln.typeRule(),
                Domain.above(1),
                ln.twin(),
                null,
                ln.kernel(),
                null,
                ln.fused(),
                false,
                ln.ulps(),
                ln.derivative());
        assertThat(check(narrow, inputs(ln, rnd), null, true))
                .anyMatch(s -> s.contains("interpreter") || s.contains("folded"));
        // a false claim that the IEEE kernel is NaN outside the domain (ln(0) is −Infinity): the unguarded fused kernel
        // disagrees
        ScalarFunction falseClaim = new ScalarFunction(
                ln.fn(),
                ln.aliases(),
                ln.description(),
                ln.typeRule(),
                ln.domain(),
                ln.twin(),
                null,
                ln.kernel(),
                null,
                ln.fused(),
                true,
                ln.ulps(),
                ln.derivative());
        assertThat(check(falseClaim, inputs(ln, rnd), null, false)).anyMatch(s -> s.contains("fused"));
        // a derivative rule with a wrong factor, in each mode
        DerivativeRule badJvp = new DerivativeRule(
                (f, c, t) -> f.mul(f.lit(1.001), sigmoid.derivative().jvp().apply(f, c, t)),
                sigmoid.derivative().vjp());
        assertThat(checkDerivatives(with(sigmoid, null, null, badJvp), rnd, 2)).anyMatch(s -> s.contains("JVP"));
        DerivativeRule badVjp = new DerivativeRule(
                sigmoid.derivative().jvp(),
                (f, c, g) ->
                        List.of(f.neg(sigmoid.derivative().vjp().apply(f, c, g).get(0))));
        assertThat(checkDerivatives(with(sigmoid, null, null, badVjp), rnd, 2)).anyMatch(s -> s.contains("VJP"));
        // abs's rule with the wrong sign
        DerivativeRule negAbs = DerivativeRule.unary((f, g, x) -> f.neg(f.mul(f.call(Fn.SIGN, x), g)));
        assertThat(checkDerivatives(with(abs, null, null, negAbs), rnd, 2)).isNotEmpty();
        assertThat(checkDerivatives(sigmoid, rnd, 2)).isEmpty();
    }
}
