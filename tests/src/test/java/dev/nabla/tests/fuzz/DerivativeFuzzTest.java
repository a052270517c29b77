package dev.nabla.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.autograd.Autograd;
import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import dev.nabla.plan.bound.DerivativeExpander;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Exprs;
import dev.nabla.plan.expr.Fn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential derivative fuzzer (issue 12). Random expression trees over DOUBLE columns x, y and an
 * INTEGER column n (every arithmetic operator incl. integer division and %, the differentiable
 * functions, greatest/least/coalesce/nullif, CASE, NULLs) are run through the engine and compared with
 * two references that share no code with autograd:
 * <ul>
 *   <li>a hyper-dual-number evaluator written here ({@link HD}: value, two directional derivatives and
 *   the mixed second derivative, with SQL's NULL and domain rules), which also checks the primal value;</li>
 *   <li>Richardson-extrapolated central finite differences of the primal, evaluated by the engine at
 *   shifted points (checked where they agree with the dual numbers, i.e. where f is smooth).</li>
 * </ul>
 * Checked per expression: grad wrt x and y, the second derivatives and the symmetry of the mixed ones,
 * jvp/vjp, NULL exactly where the primal is NULL, SUM/AVG/COUNT of grads and grad of SUM/AVG, a
 * sliding window frame, the variable seen through a CTE / derived table / view / two-level CTE in a
 * random column order, and the round trip of derivative() text through the parser.
 *
 * <p>Bounded by default ({@value #DEFAULT_EXPRESSIONS} expressions); {@code -Dnabla.dfuzz.expressions=N}
 * or {@code NABLA_DFUZZ=long} (20 000) for a long run; {@code -Dnabla.dfuzz.seed=S} picks the base seed,
 * and every failure names the expression's own seed, rerun alone with {@code -Dnabla.dfuzz.only=SEED}.
 * {@link #failsWhenARuleIsPerturbed} proves the checker catches a wrong rule.
 */
class DerivativeFuzzTest {
    static final int DEFAULT_EXPRESSIONS = 500;
    static final long SEED = Long.getLong("nabla.dfuzz.seed", 20261207L);
    static final double H = 1e-3;

    // ------------------------------------------------------------------ expression trees

    /** A node of a random expression: an operator/function name and children; {@code integer} as SQL types it. */
    record Node(String op, List<Node> kids, double value, boolean integer) {
        static Node leaf(String col, boolean integer) {
            return new Node(col, List.of(), 0, integer);
        }

        static Node num(double v, boolean integer) {
            return new Node("lit", List.of(), v, integer);
        }

        Node kid(int i) {
            return kids.get(i);
        }

        boolean mentions(String col) {
            if (op.equals(col)) return true;
            for (Node k : kids) if (k.mentions(col)) return true;
            return false;
        }

        /** SQL text; {@code xText}/{@code yText} replace the columns (finite-difference shifts). */
        String sql(String xText, String yText) {
            return switch (op) {
                case "x" -> xText;
                case "y" -> yText;
                case "n" -> "n";
                case "lit" -> {
                    String t = integer ? Long.toString((long) value) : dbl(value);
                    yield value < 0 ? "(" + t + ")" : t; // "-" + "-1" would start a comment
                }
                case "+", "-", "*", "/", "%" ->
                    "(" + kid(0).sql(xText, yText) + " " + op + " " + kid(1).sql(xText, yText) + ")";
                case "neg" -> "(-" + kid(0).sql(xText, yText) + ")";
                case "gt" ->
                    "CASE WHEN " + kid(0).sql(xText, yText) + " > " + kid(1).sql(xText, yText) + " THEN "
                            + kid(2).sql(xText, yText) + " ELSE " + kid(3).sql(xText, yText) + " END";
                case "isnull" ->
                    "CASE WHEN " + kid(0).sql(xText, yText) + " IS NULL THEN " + kid(1).sql(xText, yText) + " ELSE "
                            + kid(2).sql(xText, yText) + " END";
                case "castint" -> "CAST(" + kid(0).sql(xText, yText) + " AS INTEGER)";
                default -> {
                    StringBuilder sb = new StringBuilder(op).append('(');
                    for (int i = 0; i < kids.size(); i++)
                        sb.append(i > 0 ? ", " : "").append(kid(i).sql(xText, yText));
                    yield sb.append(')').toString();
                }
            };
        }

        String sql() {
            return sql("x", "y");
        }
    }

    static String dbl(double v) {
        String s = Double.toString(v);
        return s.contains("E") ? String.format(Locale.ROOT, "%.17f", v) : s;
    }

    static final String[] UNARY = {
        "sin",
        "cos",
        "tan",
        "exp",
        "ln",
        "sqrt",
        "abs",
        "tanh",
        "sigmoid",
        "softplus",
        "relu",
        "atan",
        "sinh",
        "cosh",
        "asinh",
        "expm1",
        "log1p",
        "cbrt",
        "log10",
        "log2",
        "neg",
        "castint"
    };

    static final class Gen {
        final Random r;
        final boolean integerColumn;

        Gen(long seed, boolean integerColumn) {
            r = new Random(seed);
            this.integerColumn = integerColumn;
        }

        Node expr(int depth) {
            if (depth <= 0 || r.nextInt(5) == 0) return leaf();
            int k = r.nextInt(20);
            if (k < 7) {
                String op = new String[] {"+", "-", "*", "/", "*", "+", "%"}[k];
                Node a = expr(depth - 1),
                        b =
                                op.equals("%")
                                        ? Node.num(new double[] {2.0, 1.5, 3.0}[r.nextInt(3)], false)
                                        : expr(depth - 1);
                return bin(op, a, b);
            }
            if (k < 13) {
                String fn = UNARY[r.nextInt(UNARY.length)];
                Node a = expr(depth - 1);
                return new Node(
                        fn,
                        List.of(a),
                        0,
                        fn.equals("castint") || (fn.equals("neg") || fn.equals("abs")) && a.integer());
            }
            return switch (k) {
                case 13 -> new Node("power", List.of(expr(depth - 1), powerExponent()), 0, false);
                case 14 ->
                    new Node(
                            "power",
                            List.of(
                                    bin("+", new Node("abs", List.of(expr(depth - 1)), 0, false), Node.num(0.5, false)),
                                    expr(depth - 1)),
                            0,
                            false);
                case 15 ->
                    new Node(
                            r.nextBoolean() ? "greatest" : "least",
                            List.of(expr(depth - 1), expr(depth - 1)),
                            0,
                            false);
                case 16 ->
                    new Node(
                            r.nextBoolean() ? "coalesce" : "nullif",
                            List.of(expr(depth - 1), expr(depth - 1)),
                            0,
                            false);
                case 17 ->
                    new Node(
                            "gt",
                            List.of(expr(depth - 1), expr(depth - 1), expr(depth - 1), expr(depth - 1)),
                            0,
                            false);
                case 18 -> new Node("isnull", List.of(expr(depth - 1), expr(depth - 1), expr(depth - 1)), 0, false);
                default -> bin("*", Node.num(r.nextInt(7) - 3, true), expr(depth - 1));
            };
        }

        /** A literal exponent (integer-valued, fractional) or the INTEGER column n (0 included: issue 12's power at 0). */
        Node powerExponent() {
            return switch (r.nextInt(4)) {
                case 0 -> Node.num(r.nextInt(4), true);
                case 1 -> Node.num(new double[] {0.5, 1.5, 2.0, 3.0}[r.nextInt(4)], false);
                default -> integerColumn ? Node.leaf("n", true) : Node.num(2, true);
            };
        }

        Node leaf() {
            int k = r.nextInt(10);
            if (k < 4) return Node.leaf("x", false);
            if (k < 7) return Node.leaf("y", false);
            if (k < 8 && integerColumn)
                return r.nextBoolean() ? Node.leaf("n", true) : bin("/", Node.leaf("n", true), Node.num(2, true));
            if (k < 9) return Node.num(Math.round((r.nextDouble() * 4 - 2) * 4) / 4.0, false);
            return Node.num(r.nextInt(5) - 1, true);
        }

        static Node bin(String op, Node a, Node b) {
            boolean integer = a.integer() && b.integer() && !op.equals("%");
            return new Node(op, List.of(a, b), 0, integer);
        }
    }

    // ------------------------------------------------------------------ hyper-dual reference

    /** a + b·ε1 + c·ε2 + d·ε1ε2 (ε² = 0): value, derivative along direction 1 and 2, and the mixed second derivative. */
    record HD(double a, double b, double c, double d) {
        static HD constant(double v) {
            return new HD(v, 0, 0, 0);
        }

        /** g(this) by the chain rule from g, g', g'' at a. */
        HD chain(double g, double g1, double g2) {
            return new HD(g, g1 * b, g1 * c, g2 * b * c + g1 * d);
        }

        HD add(HD o) {
            return new HD(a + o.a, b + o.b, c + o.c, d + o.d);
        }

        HD neg() {
            return new HD(-a, -b, -c, -d);
        }

        HD mul(HD o) {
            return new HD(a * o.a, a * o.b + b * o.a, a * o.c + c * o.a, a * o.d + b * o.c + c * o.b + d * o.a);
        }

        HD inv() {
            return chain(1 / a, -1 / (a * a), 2 / (a * a * a));
        }

        boolean constant() {
            return b == 0 && c == 0 && d == 0;
        }
    }

    /** Evaluates {@code e} at one row with SQL semantics; null = SQL NULL. Directions: 1 = {@code p}, 2 = {@code q}. */
    static HD eval(Node e, Double x, Double y, Long n, String p, String q) {
        switch (e.op()) {
            case "x" -> {
                return x == null ? null : new HD(x, p.equals("x") ? 1 : 0, q.equals("x") ? 1 : 0, 0);
            }
            case "y" -> {
                return y == null ? null : new HD(y, p.equals("y") ? 1 : 0, q.equals("y") ? 1 : 0, 0);
            }
            case "n" -> {
                return n == null ? null : HD.constant(n);
            }
            case "lit" -> {
                return HD.constant(e.value());
            }
            default -> {}
        }
        List<HD> v = new ArrayList<>();
        for (Node k : e.kids()) v.add(eval(k, x, y, n, p, q));
        switch (e.op()) {
            case "coalesce" -> {
                return v.get(0) != null ? v.get(0) : v.get(1);
            }
            case "nullif" -> {
                return v.get(0) == null
                        ? null
                        : v.get(1) != null && v.get(0).a() == v.get(1).a() ? null : v.get(0);
            }
            case "gt" -> {
                boolean cond = v.get(0) != null
                        && v.get(1) != null
                        && v.get(0).a() > v.get(1).a();
                return cond ? v.get(2) : v.get(3);
            }
            case "isnull" -> {
                return v.get(0) == null ? v.get(1) : v.get(2);
            }
            default -> {}
        }
        for (HD h : v) if (h == null) return null;
        HD u = v.get(0);
        double a = u.a();
        return switch (e.op()) {
            case "+" -> u.add(v.get(1));
            case "-" -> u.add(v.get(1).neg());
            case "*" -> u.mul(v.get(1));
            case "/" -> {
                if (v.get(1).a() == 0) yield null;
                if (e.integer()) yield HD.constant((long) a / (long) v.get(1).a());
                HD quot = u.mul(v.get(1).inv());
                // the value as SQL computes it (x·(1/x) need not be 1.0, and CAST would see the difference)
                yield new HD(a / v.get(1).a(), quot.b(), quot.c(), quot.d());
            }
            case "%" -> {
                double m = v.get(1).a();
                if (m == 0) yield null;
                // a − m·trunc(a/m): slope 1 in a between the jumps
                yield new HD(a % m, u.b(), u.c(), u.d());
            }
            case "neg" -> u.neg();
            case "castint" -> HD.constant((long) a);
            case "sin" -> u.chain(Math.sin(a), Math.cos(a), -Math.sin(a));
            case "cos" -> u.chain(Math.cos(a), -Math.sin(a), -Math.cos(a));
            case "tan" -> {
                double t = Math.tan(a), s = 1 + t * t;
                yield u.chain(t, s, 2 * t * s);
            }
            case "exp" -> u.chain(Math.exp(a), Math.exp(a), Math.exp(a));
            case "expm1" -> u.chain(Math.expm1(a), Math.exp(a), Math.exp(a));
            case "ln" -> a <= 0 ? null : u.chain(Math.log(a), 1 / a, -1 / (a * a));
            case "log10" -> a <= 0 ? null : u.chain(Math.log10(a), 1 / (a * Math.log(10)), -1 / (a * a * Math.log(10)));
            case "log2" ->
                a <= 0 ? null : u.chain(Math.log(a) / Math.log(2), 1 / (a * Math.log(2)), -1 / (a * a * Math.log(2)));
            case "log1p" -> a <= -1 ? null : u.chain(Math.log1p(a), 1 / (1 + a), -1 / ((1 + a) * (1 + a)));
            case "sqrt" -> a < 0 ? null : u.chain(Math.sqrt(a), 0.5 / Math.sqrt(a), -0.25 / (a * Math.sqrt(a)));
            case "cbrt" -> {
                double c = Math.cbrt(a);
                yield u.chain(c, 1 / (3 * c * c), -2 / (9 * c * c * c * c * c));
            }
            case "abs" -> u.chain(Math.abs(a), Math.signum(a), 0);
            case "relu" -> u.chain(Math.max(a, 0), a > 0 ? 1 : 0, 0);
            case "tanh" -> {
                double t = Math.tanh(a);
                yield u.chain(t, 1 - t * t, -2 * t * (1 - t * t));
            }
            case "sigmoid" -> {
                double s = 1 / (1 + Math.exp(-a));
                yield u.chain(s, s * (1 - s), s * (1 - s) * (1 - 2 * s));
            }
            case "softplus" -> {
                double s = 1 / (1 + Math.exp(-a));
                yield u.chain(Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))), s, s * (1 - s));
            }
            case "atan" -> u.chain(Math.atan(a), 1 / (1 + a * a), -2 * a / ((1 + a * a) * (1 + a * a)));
            case "sinh" -> u.chain(Math.sinh(a), Math.cosh(a), Math.sinh(a));
            case "cosh" -> u.chain(Math.cosh(a), Math.sinh(a), Math.cosh(a));
            case "asinh" -> {
                double s = Math.sqrt(a * a + 1);
                yield u.chain(Math.log(a + s), 1 / s, -a / (s * s * s));
            }
            case "greatest" -> v.get(1).a() > a ? v.get(1) : u;
            case "least" -> v.get(1).a() < a ? v.get(1) : u;
            case "power" -> power(u, v.get(1));
            default -> throw new IllegalStateException(e.op());
        };
    }

    static HD power(HD u, HD w) {
        double a = u.a(), k = w.a();
        if (w.constant()) {
            if (a < 0 && k != Math.rint(k)) return null;
            if (a == 0 && k < 0) return null;
            double g1 = k == 0 ? 0 : k * Math.pow(a, k - 1);
            double g2 = k == 0 || k == 1 ? 0 : k * (k - 1) * Math.pow(a, k - 2);
            return u.chain(Math.pow(a, k), g1, g2);
        }
        if (a <= 0) return null; // only generated with a positive base
        HD lnU = u.chain(Math.log(a), 1 / a, -1 / (a * a));
        HD t = w.mul(lnU);
        return t.chain(Math.exp(t.a()), Math.exp(t.a()), Math.exp(t.a()));
    }

    // ------------------------------------------------------------------ the run

    static final class Stats {
        long expressions,
                cells,
                grads,
                seconds,
                mixed,
                fdChecked,
                nullCells,
                aggregates,
                windows,
                wrapped,
                texts,
                skipped;
        final List<String> failures = new ArrayList<>();

        void fail(long seed, String what) {
            if (failures.size() < 25) failures.add("[expression seed " + seed + "] " + what);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d expressions, %d rows: %d first derivatives, %d second, %d mixed (symmetry), "
                            + "%d finite-difference checks, %d NULL cells, %d aggregate and %d window checks, %d wrapped (CTE/derived/view), "
                            + "%d derivative() texts, %d non-finite cells skipped, %d failures",
                    expressions,
                    cells,
                    grads,
                    seconds,
                    mixed,
                    fdChecked,
                    nullCells,
                    aggregates,
                    windows,
                    wrapped,
                    texts,
                    skipped,
                    failures.size());
        }
    }

    static final Double[] XS = {0.0, 1.0, -1.0, 0.5};

    /** Runs {@code count} expressions against a fresh database whose expander is {@code expander} (null: the default). */
    static Stats run(int count, long baseSeed, DerivativeExpander expander, Long only) {
        Stats st = new Stats();
        Random rows = new Random(baseSeed);
        try (Database db = Nabla.open()) {
            if (expander != null) db.setDerivativeExpander(expander);
            try (Session s = db.connect()) {
                q(s, "CREATE TABLE t(id INTEGER, x DOUBLE, y DOUBLE, n INTEGER)");
                List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
                List<Long> ns = new ArrayList<>();
                StringBuilder ins = new StringBuilder("INSERT INTO t VALUES ");
                for (int i = 0; i < 14; i++) {
                    Double x = i < XS.length
                            ? XS[i]
                            : i == 12 ? null : Math.round((rows.nextDouble() * 4 - 2) * 1e6) / 1e6;
                    Double y = i == 13
                            ? null
                            : i < 2 ? Double.valueOf(0.0) : Math.round((rows.nextDouble() * 4 - 2) * 1e6) / 1e6;
                    Long n = i == 11 ? null : (long) (i % 4);
                    xs.add(x);
                    ys.add(y);
                    ns.add(n);
                    ins.append(i > 0 ? ", " : "")
                            .append("(")
                            .append(i)
                            .append(", ")
                            .append(x == null ? "NULL" : dbl(x))
                            .append(", ")
                            .append(y == null ? "NULL" : dbl(y))
                            .append(", ")
                            .append(n == null ? "NULL" : n)
                            .append(")");
                }
                q(s, ins.toString());
                for (int e = 0; e < count; e++) {
                    long seed = baseSeed * 1_000_003L + e;
                    if (only != null && seed != only) continue;
                    Gen g = new Gen(seed, e % 3 != 0);
                    Node f = g.expr(2 + (int) (seed % 3 + 3) % 3);
                    if (!f.mentions("x") || f.integer()) f = Gen.bin("*", f, Node.leaf("x", false));
                    st.expressions++;
                    try {
                        checkExpression(s, f, seed, g.r, xs, ys, ns, st);
                    } catch (NablaException ex) {
                        st.fail(seed, "error " + ex.code() + ": " + ex.getMessage() + "\n    f = " + f.sql());
                    }
                }
            }
        }
        return st;
    }

    static void checkExpression(
            Session s, Node f, long seed, Random r, List<Double> xs, List<Double> ys, List<Long> ns, Stats st) {
        String fs = f.sql();
        String sx = "(x + " + dbl(H) + ")",
                mx = "(x - " + dbl(H) + ")",
                sx2 = "(x + " + dbl(H / 2) + ")",
                mx2 = "(x - " + dbl(H / 2) + ")";
        String sql = "SELECT " + fs + ", grad(" + fs + ", x), grad(" + fs + ", y), grad(grad(" + fs
                + ", x), x), grad(grad(" + fs
                + ", x), y), grad(grad(" + fs + ", y), x), jvp(" + fs + ", x, 1.5), vjp(" + fs + ", y, -2.0), "
                + f.sql(sx, "y") + ", " + f.sql(mx, "y") + ", " + f.sql(sx2, "y") + ", " + f.sql(mx2, "y")
                + " FROM t ORDER BY id";
        Result res = q(s, sql);
        int rowsN = (int) res.rowCount();
        Double[] gx = new Double[rowsN];
        boolean anySkip = false;
        for (int i = 0; i < rowsN; i++) {
            st.cells++;
            HD xx = eval(f, xs.get(i), ys.get(i), ns.get(i), "x", "x");
            HD xy = eval(f, xs.get(i), ys.get(i), ns.get(i), "x", "y");
            HD yx = eval(f, xs.get(i), ys.get(i), ns.get(i), "y", "x");
            String where = "f = " + fs + " at x=" + xs.get(i) + ", y=" + ys.get(i) + ", n=" + ns.get(i);
            Double primal = get(res, i, 0);
            if ((primal == null) != (xx == null)) {
                st.fail(seed, "primal " + primal + " but reference " + (xx == null ? "NULL" : xx.a()) + ": " + where);
                continue;
            }
            if (primal == null) {
                st.nullCells++;
                for (int c = 1; c < 8; c++) {
                    if (get(res, i, c) != null)
                        st.fail(seed, "column " + c + " is " + get(res, i, c) + " where the primal is NULL: " + where);
                }
                continue;
            }
            if (!Double.isFinite(primal) || Math.abs(primal) > 1e8 || !finite(xx) || !finite(xy) || !finite(yx)) {
                st.skipped++;
                anySkip = true;
                continue;
            }
            if (!close(primal, xx.a(), 1e-9))
                st.fail(seed, "primal " + primal + " vs reference " + xx.a() + ": " + where);
            gx[i] = xx.b();
            st.grads += 2;
            compare(st, seed, "grad x", get(res, i, 1), xy.b(), where);
            compare(st, seed, "grad y", get(res, i, 2), xy.c(), where);
            st.seconds++;
            compare(st, seed, "grad(grad x, x)", get(res, i, 3), xx.d(), where);
            st.mixed++;
            compare(st, seed, "grad(grad x, y)", get(res, i, 4), xy.d(), where);
            compare(
                    st,
                    seed,
                    "grad(grad y, x) (symmetry)",
                    get(res, i, 5),
                    get(res, i, 4) == null ? xy.d() : get(res, i, 4),
                    where);
            compare(st, seed, "jvp x 1.5", get(res, i, 6), 1.5 * xy.b(), where);
            compare(st, seed, "vjp y -2", get(res, i, 7), -2.0 * xy.c(), where);
            // Richardson: (4·D(h/2) − D(h)) / 3, trusted where it agrees with the dual numbers (f smooth there)
            Double p1 = get(res, i, 8), m1 = get(res, i, 9), p2 = get(res, i, 10), m2 = get(res, i, 11);
            if (p1 != null && m1 != null && p2 != null && m2 != null) {
                double d1 = (p1 - m1) / (2 * H), d2 = (p2 - m2) / H;
                double fd = (4 * d2 - d1) / 3;
                if (close(fd, xy.b(), 1e-5) && get(res, i, 1) != null) {
                    st.fdChecked++;
                    if (!close(get(res, i, 1), fd, 1e-5))
                        st.fail(seed, "grad x " + get(res, i, 1) + " vs finite differences " + fd + ": " + where);
                }
            }
        }
        // sums over rows are comparable only when no row was left out as non-finite
        if (!anySkip) aggregates(s, f, seed, gx, st);
        if (!anySkip && seed % 2 == 0) window(s, f, seed, gx, st);
        wrapped(s, f, seed, r, gx, st);
        if (!f.mentions("n")) text(s, f, seed, gx, st);
    }

    static void aggregates(Session s, Node f, long seed, Double[] gx, Stats st) {
        String fs = f.sql();
        Result a = q(
                s,
                "SELECT SUM(grad(" + fs + ", x)), AVG(grad(" + fs + ", x)), COUNT(grad(" + fs + ", x)), COUNT(" + fs
                        + "), grad(SUM(" + fs + "), x), grad(AVG(" + fs + "), x) FROM t");
        double sum = 0;
        int count = 0;
        for (Double g : gx)
            if (g != null) {
                sum += g;
                count++;
            }
        st.aggregates++;
        String where = "aggregates of f = " + fs;
        if (a.getLong(0, 2) != a.getLong(0, 3))
            st.fail(seed, "COUNT(grad) " + a.getLong(0, 2) + " <> COUNT(f) " + a.getLong(0, 3) + ": " + where);
        if (count != a.getLong(0, 3))
            st.fail(seed, "COUNT(f) " + a.getLong(0, 3) + " vs reference " + count + ": " + where);
        Double ref = count == 0 ? null : sum, avg = count == 0 ? null : sum / count;
        compareAgg(st, seed, "SUM(grad)", get(a, 0, 0), ref, where);
        compareAgg(st, seed, "AVG(grad)", get(a, 0, 1), avg, where);
        compareAgg(st, seed, "grad(SUM)", get(a, 0, 4), ref, where);
        compareAgg(st, seed, "grad(AVG)", get(a, 0, 5), avg, where);
    }

    static void window(Session s, Node f, long seed, Double[] gx, Stats st) {
        String fs = f.sql(), frame = " OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)";
        Result w = q(
                s,
                "SELECT SUM(grad(" + fs + ", x))" + frame + ", grad(SUM(" + fs + ")" + frame
                        + ", x) FROM t ORDER BY id");
        for (int i = 0; i < gx.length; i++) {
            Double ref = null;
            for (int j = Math.max(0, i - 1); j <= i; j++) if (gx[j] != null) ref = (ref == null ? 0 : ref) + gx[j];
            st.windows++;
            compareAgg(st, seed, "SUM(grad) OVER frame", get(w, i, 0), ref, "window row " + i + " of f = " + fs);
            compareAgg(st, seed, "grad(SUM OVER frame)", get(w, i, 1), ref, "window row " + i + " of f = " + fs);
        }
    }

    /** The variable seen through a CTE, a derived table, a view or two CTE levels, with the columns in random order. */
    static void wrapped(Session s, Node f, long seed, Random r, Double[] gx, Stats st) {
        String fs = f.sql();
        List<String> cols = new ArrayList<>(List.of("id", "x", "y", "n", fs + " AS v"));
        java.util.Collections.shuffle(cols, r);
        String inner = "SELECT " + String.join(", ", cols) + " FROM t";
        String select = "SELECT id, grad(v, x), grad(v * v, x) FROM ";
        int style = r.nextInt(4);
        String sql = switch (style) {
            case 0 -> "WITH w AS (" + inner + ") " + select + "w ORDER BY id";
            case 1 -> select + "(" + inner + ") w ORDER BY id";
            case 2 -> {
                q(s, "CREATE OR REPLACE VIEW fuzz_v AS " + inner);
                yield select + "fuzz_v ORDER BY id";
            }
            default ->
                "WITH w1 AS (" + inner + "), w AS (SELECT v, n, x AS xx, x, id FROM w1 WHERE id >= 0) " + select
                        + "w ORDER BY id";
        };
        Result w = q(s, sql);
        Result primal = q(s, "SELECT " + fs + " FROM t ORDER BY id");
        for (int i = 0; i < gx.length; i++) {
            st.wrapped++;
            Double v = get(primal, i, 0);
            String where = "style " + style + " row " + i + ": " + sql;
            if (gx[i] == null) {
                if (v == null && get(w, i, 1) != null) st.fail(seed, "wrapped grad not NULL where v is: " + where);
                continue;
            }
            compare(st, seed, "wrapped grad(v, x)", get(w, i, 1), gx[i], where);
            compare(st, seed, "wrapped grad(v*v, x)", get(w, i, 2), 2 * v * gx[i], where);
        }
    }

    /** derivative('f', 'x') parsed and run as SQL gives grad's numbers (no NULL guard in the text: compared where defined). */
    static void text(Session s, Node f, long seed, Double[] gx, Stats st) {
        String fs = f.sql();
        String text =
                q(s, "SELECT derivative('" + fs.replace("'", "''") + "', 'x')").getString(0, 0);
        Result r = q(s, "SELECT " + text + " FROM t ORDER BY id");
        st.texts++;
        for (int i = 0; i < gx.length; i++) {
            if (gx[i] == null) continue;
            compare(st, seed, "derivative() text '" + text + "'", get(r, i, 0), gx[i], "f = " + fs + " row " + i);
        }
    }

    // ------------------------------------------------------------------ comparisons

    /** Runs {@code sql}; an error names the statement. */
    static Result q(Session s, String sql) {
        try {
            return s.execute(sql);
        } catch (NablaException e) {
            throw new NablaException(e.code(), e.getMessage() + "\n    in: " + sql);
        }
    }

    static Double get(Result r, int row, int col) {
        return r.isNull(row, col) ? null : r.getDouble(row, col);
    }

    static boolean finite(HD h) {
        return h == null
                || Double.isFinite(h.a()) && Double.isFinite(h.b()) && Double.isFinite(h.c()) && Double.isFinite(h.d());
    }

    static boolean close(double a, double b, double rtol) {
        if (a == b) return true;
        return Math.abs(a - b) <= rtol * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** Engine value {@code got} against reference {@code ref}: a NULL where the primal is defined is allowed only where the reference is not finite. */
    static void compare(Stats st, long seed, String what, Double got, double ref, String where) {
        if (got == null) {
            if (Double.isFinite(ref)) st.fail(seed, what + " is NULL, reference " + ref + ": " + where);
            return;
        }
        if (!Double.isFinite(ref) || Math.abs(ref) > 1e10) return;
        if (!close(got, ref, 1e-6)) st.fail(seed, what + " " + got + " vs reference " + ref + ": " + where);
    }

    static void compareAgg(Stats st, long seed, String what, Double got, Double ref, String where) {
        if (got == null || ref == null) {
            if (got != ref) st.fail(seed, what + " " + got + " vs reference " + ref + ": " + where);
            return;
        }
        if (!close(got, ref, 1e-6)) st.fail(seed, what + " " + got + " vs reference " + ref + ": " + where);
    }

    static int expressions() {
        if ("long".equalsIgnoreCase(System.getenv("NABLA_DFUZZ")))
            return Integer.getInteger("nabla.dfuzz.expressions", 20_000);
        return Integer.getInteger("nabla.dfuzz.expressions", DEFAULT_EXPRESSIONS);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void derivativesMatchDualNumbersAndFiniteDifferences() {
        String only = System.getProperty("nabla.dfuzz.only");
        long start = System.nanoTime();
        Stats st = run(expressions(), SEED, null, only == null ? null : Long.parseLong(only));
        System.out.printf(
                Locale.ROOT, "derivative fuzz (seed %d, %.1f s): %s%n", SEED, (System.nanoTime() - start) / 1e9, st);
        for (String fl : st.failures) System.out.println("  " + fl);
        assertThat(st.failures)
                .as("derivative fuzz failures (seed %d; rerun one with -Dnabla.dfuzz.only=<expression seed>)", SEED)
                .isEmpty();
        if (only == null) assertThat(st.grads).isGreaterThan(st.expressions * 4);
    }

    /** The checker is only worth something if it fails on a wrong rule: d sin = sin instead of cos. */
    @Test
    void failsWhenARuleIsPerturbed() {
        DerivativeExpander wrongSinRule = (d, ctx) -> Exprs.transformUp(
                Autograd.INSTANCE.expand(d, ctx),
                e -> e instanceof Call c && c.fn() == Fn.COS ? new Call(Fn.SIN, c.args(), c.type(), c.span()) : e);
        Stats st = run(60, SEED, wrongSinRule, null);
        System.out.println("derivative fuzz with a perturbed sin rule: " + st);
        assertThat(st.failures)
                .as("the fuzzer must notice a wrong derivative rule")
                .isNotEmpty();
    }
}
