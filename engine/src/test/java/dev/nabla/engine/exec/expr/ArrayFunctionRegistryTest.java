package dev.nabla.engine.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.Span;
import dev.nabla.engine.exec.ExecContext;
import dev.nabla.engine.exec.ExecState;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.fn.ArrayFunction;
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.optimize.ConstantEvaluator;
import dev.nabla.storage.ArrayType;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.vector.ArrayKernels;
import dev.nabla.vector.ScalarArrayKernels;
import dev.nabla.vector.VectorizationProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Walks the array functions of the registry ({@link Functions#arrays()}): for arrays of many sizes (1 to
 * 131 elements, around the SIMD lane counts) with zero vectors, NaN, ±Infinity, tiny and huge elements
 * and NULL rows, the interpreter (column × column and column × literal, over the SIMD kernels), the
 * entry's kernel over the scalar twin kernels ({@link ScalarArrayKernels}) and constant folding agree
 * with the entry's twin: NULL where it is NULL, and equal values within a bound on the rounding of a sum
 * taken in another order. {@link #aWrongKernelIsCaught} proves the checker fails for a wrong kernel (run
 * over the scalar kernels; the interpreter always runs the registry's).
 */
class ArrayFunctionRegistryTest {
    private static final long SEED = Long.getLong("nabla.walk.seed", System.nanoTime());
    private static final int[] WIDTHS = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 64, 127, 131};
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

    @Test
    void registryHoldsTheArrayFunctionsWithTheirAliases() {
        List<Fn> fns = Functions.arrays().stream().map(ArrayFunction::fn).toList();
        assertThat(fns)
                .containsExactly(
                        Fn.ARRAY_INNER_PRODUCT,
                        Fn.ARRAY_NEGATIVE_INNER_PRODUCT,
                        Fn.ARRAY_DISTANCE,
                        Fn.ARRAY_COSINE_SIMILARITY,
                        Fn.ARRAY_COSINE_DISTANCE,
                        Fn.ARRAY_NORM,
                        Fn.L2_NORMALIZE);
        for (ArrayFunction f : Functions.arrays()) {
            assertThat(Fn.byName(f.name())).isEqualTo(f.fn());
            // the binder resolves names through Fn; the registry's aliases must be the ones it knows
            for (String a : f.aliases()) assertThat(Fn.byName(a)).as(a).isEqualTo(f.fn());
            assertThat(Functions.of(f.fn())).as("not also a double function").isNull();
        }
    }

    @Test
    void everyArrayFunctionAgreesOnEveryPath() {
        System.out.println("ArrayFunctionRegistryTest seed " + SEED + " (-Dnabla.walk.seed=" + SEED + ")");
        Random rnd = new Random(SEED);
        List<String> bad = new ArrayList<>();
        for (ArrayFunction f : Functions.arrays()) {
            for (int w : WIDTHS) bad.addAll(check(f, f.kernel(), w, rnd));
        }
        assertThat(bad).as("seed " + SEED).isEmpty();
    }

    @Test
    void aWrongKernelIsCaught() {
        ArrayFunction dist = Functions.array(Fn.ARRAY_DISTANCE);
        // the squared distance without its square root
        ArrayFunction.Kernel wrong = (k, a, ar, b, br, bc, w, r, s, nl, n) -> {
            k.squaredDistance(a, ar, b, br, bc, w, r, n);
            return false;
        };
        assertThat(check(dist, wrong, 8, new Random(1))).isNotEmpty();
        ArrayFunction cos = Functions.array(Fn.ARRAY_COSINE_SIMILARITY);
        // forgets the NULL of a zero vector
        ArrayFunction.Kernel noNull = (k, a, ar, b, br, bc, w, r, s, nl, n) -> {
            k.cosineParts(a, ar, b, br, bc, w, r, s, n);
            for (int i = 0; i < n; i++) r[i] = s[i] == 0 ? 0 : r[i] / Math.sqrt(s[i]);
            return false;
        };
        assertThat(check(cos, noNull, 8, new Random(1))).isNotEmpty();
    }

    /** Rows of width {@code w}: special rows, then random ones at several scales. */
    private static double[][] rows(int w, Random rnd) {
        List<double[]> out = new ArrayList<>();
        out.add(new double[w]); // the zero vector
        double[] ones = new double[w];
        Arrays.fill(ones, 1);
        out.add(ones);
        double[] neg = new double[w];
        Arrays.fill(neg, -2.5);
        out.add(neg);
        double[] nan = new double[w];
        nan[rnd.nextInt(w)] = Double.NaN;
        out.add(nan);
        double[] inf = new double[w];
        Arrays.fill(inf, 1);
        inf[rnd.nextInt(w)] = Double.POSITIVE_INFINITY;
        out.add(inf);
        double[] tiny = new double[w];
        Arrays.fill(tiny, 1e-200);
        out.add(tiny);
        double[] minus0 = new double[w];
        Arrays.fill(minus0, -0.0);
        out.add(minus0);
        for (int k = 0; k < 40; k++) {
            double scale = Math.pow(10, rnd.nextInt(13) - 6);
            double[] r = new double[w];
            for (int i = 0; i < w; i++) r[i] = rnd.nextGaussian() * scale;
            out.add(r);
        }
        return out.toArray(double[][]::new);
    }

    /** Mismatches of {@code kernel} (as the interpreter runs it, and over the scalar kernels) and folding against the twin. */
    private static List<String> check(ArrayFunction f, ArrayFunction.Kernel kernel, int w, Random rnd) {
        List<String> bad = new ArrayList<>();
        ArrayFunction def = new ArrayFunction(
                f.fn(), f.aliases(), f.description(), f.arrays(), f.result(), f.nulls(), f.twin(), kernel);
        double[][] xs = rows(w, rnd), ys = rows(w, rnd);
        // pair every special row with every special row, the random rows with shuffled random rows
        List<double[][]> pairs = new ArrayList<>();
        for (int i = 0; i < 7; i++) for (int j = 0; j < 7; j++) pairs.add(new double[][] {xs[i], ys[j]});
        for (int i = 7; i < xs.length; i++) pairs.add(new double[][] {xs[i], ys[7 + rnd.nextInt(ys.length - 7)]});
        int n = pairs.size() + 1; // row 0 is NULL
        ArrayType t = new ArrayType(DataType.DOUBLE, w);
        double[] a = new double[n * w], b = new double[n * w];
        for (int i = 1; i < n; i++) {
            System.arraycopy(pairs.get(i - 1)[0], 0, a, i * w, w);
            System.arraycopy(pairs.get(i - 1)[1], 0, b, i * w, w);
        }
        Object[] want = new Object[n];
        for (int i = 1; i < n; i++)
            want[i] = def.twin().apply(pairs.get(i - 1)[0], def.arrays() == 2 ? pairs.get(i - 1)[1] : null);
        DataType rt = def.result() == ArrayFunction.Result.DOUBLE ? DataType.DOUBLE : t;
        ColumnRef x = new ColumnRef(1, "x", t, Span.NONE), y = new ColumnRef(2, "y", t, Span.NONE);
        String name = def.name() + "/" + w;

        // the interpreter, columns × columns (row 0 NULL)
        Object[] got = interpret(
                new Call(def.fn(), def.arrays() == 2 ? List.of(x, y) : List.of(x), rt, Span.NONE), t, a, b, n);
        if (got[0] != null) bad.add(name + " interpreted: a NULL row gave " + show(got[0]));
        for (int i = 1; i < n; i++)
            compare(bad, name + " interpreted", used(def, pairs.get(i - 1)), want[i], got[i], w);

        // the interpreter against a literal right operand (the kernel's bConst path), and folding
        if (def.arrays() == 2) {
            for (int j = 0; j < 7; j++) {
                double[] q = ys[j];
                Literal lit = new Literal(q, t, Span.NONE);
                Object[] g = interpret(new Call(def.fn(), List.of(x, lit), rt, Span.NONE), t, a, b, n);
                for (int i = 1; i < n; i++) {
                    double[] xi = pairs.get(i - 1)[0];
                    compare(
                            bad,
                            name + " interpreted vs literal",
                            new double[][] {xi, q},
                            def.twin().apply(xi, q),
                            g[i],
                            w);
                }
            }
        }
        // the kernel over the scalar twin kernels, and constant folding
        ArrayKernels scalar = new ScalarArrayKernels();
        double[] out = new double[n * w], scratch = new double[n];
        boolean[] nl = new boolean[n];
        def.kernel().apply(scalar, a, 0, def.arrays() == 2 ? b : null, 0, false, w, out, scratch, nl, n);
        for (int i = 1; i < n; i++) {
            Object g = nl[i]
                    ? null
                    : rt == DataType.DOUBLE ? (Object) out[i] : Arrays.copyOfRange(out, i * w, (i + 1) * w);
            compare(bad, name + " scalar kernels", used(def, pairs.get(i - 1)), want[i], g, w);
            List<Expr> args = new ArrayList<>();
            args.add(new Literal(pairs.get(i - 1)[0], t, Span.NONE));
            if (def.arrays() == 2) args.add(new Literal(pairs.get(i - 1)[1], t, Span.NONE));
            Literal folded = ConstantEvaluator.evaluate(new Call(def.fn(), args, rt, Span.NONE));
            if (folded == null) {
                // folding declines a NaN or infinite value (no literal spells it)
                if (!nonFinite(want[i])) bad.add(name + " folding declined " + show(want[i]));
            } else if (def == f) {
                compare(bad, name + " folded", used(def, pairs.get(i - 1)), want[i], folded.value(), w);
            }
        }
        return bad;
    }

    /** The engine's compiled expression (the registry's kernel over the interpreter's kernels). */
    private static Object[] interpret(Call call, ArrayType t, double[] a, double[] b, int n) {
        ExprCompiler.SubplanBuilder none = plan -> {
            throw new AssertionError("no subqueries");
        };
        var program = ExprCompiler.compile(List.of(call), Map.of(1, 0, 2, 1), none);
        Evaluator ev = program.newEvaluator(new ExecState(CTX));
        ColumnVector cx = ColumnVector.ofArrays(t, a, null, 0), cy = ColumnVector.ofArrays(t, b, null, 0);
        cx.setNull(0, true);
        cy.setNull(0, true);
        Batch batch = new Batch(new ColumnVector[] {cx, cy}, n);
        ev.eval(batch);
        ColumnVector r = ev.column(0, batch);
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) out[i] = r.isNull(i) ? null : r.getObject(i);
        return out;
    }

    /** The arguments a call takes from a pair of rows. */
    private static double[][] used(ArrayFunction def, double[][] pair) {
        return def.arrays() == 2 ? pair : new double[][] {pair[0]};
    }

    private static boolean nonFinite(Object v) {
        if (v instanceof Double d) return !Double.isFinite(d);
        if (v instanceof double[] r) for (double e : r) if (!Double.isFinite(e)) return true;
        return false;
    }

    /**
     * {@code got} equals {@code want}: both NULL, both NaN, or within the rounding of sums of {@code w}
     * products taken in another order (the SIMD kernels add in lane order), relative to the sizes of the
     * terms: {@code 4·w·ε·Σ|terms|}.
     */
    private static void compare(List<String> bad, String what, double[][] args, Object want, Object got, int w) {
        if (want == null || got == null) {
            if (want != got) bad.add(what + " " + show(args) + ": want " + show(want) + ", got " + show(got));
            return;
        }
        double scale = 0;
        for (double[] v : args) for (double e : v) if (Double.isFinite(e)) scale += e * e;
        double tol = 4 * (w + 2) * Math.ulp(1.0) * Math.max(1, scale);
        if (want instanceof Double d) {
            double g = (Double) got;
            if (!close(d, g, tol)) bad.add(what + " " + show(args) + ": want " + d + ", got " + g);
        } else {
            double[] wv = (double[]) want, gv = (double[]) got;
            for (int k = 0; k < wv.length; k++)
                if (!close(wv[k], gv[k], 4 * (w + 2) * Math.ulp(1.0))) {
                    bad.add(what + " " + show(args) + ": want " + Arrays.toString(wv) + ", got " + Arrays.toString(gv));
                    break;
                }
        }
    }

    private static boolean close(double want, double got, double tol) {
        if (Double.isNaN(want) || Double.isNaN(got)) return Double.isNaN(want) && Double.isNaN(got);
        if (Double.isInfinite(want) || Double.isInfinite(got)) return want == got;
        return Math.abs(want - got) <= tol;
    }

    private static String show(Object v) {
        if (v instanceof double[] r)
            return r.length > 6 ? Arrays.toString(Arrays.copyOf(r, 6)) + "…" : Arrays.toString(r);
        if (v instanceof double[][] p) {
            StringBuilder sb = new StringBuilder("(");
            for (double[] r : p) sb.append(show(r)).append(' ');
            return sb.append(')').toString();
        }
        return String.valueOf(v);
    }

    static {
        // the interpreter's kernels are the SIMD twin where the Vector API is present
        System.out.println("ArrayFunctionRegistryTest kernels: "
                + VectorizationProvider.arrays().getClass().getSimpleName());
    }
}
