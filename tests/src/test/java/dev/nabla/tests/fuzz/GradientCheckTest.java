package dev.nabla.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.NablaException;
import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomized gradient check: for random smooth expressions f(x, y) the symbolic {@code grad(f, x)}, {@code grad(f, y)},
 * {@code jvp}, {@code vjp} and the second derivative {@code grad(grad(f, x), x)} must match central finite differences
 * that Nabla itself computes from f. Functions are chosen, and wrapped, so that f is smooth and finite on the sample
 * points (x, y in [0.3, 2]). {@code -Dnabla.grad.seed=N}.
 */
class GradientCheckTest {

    static final long SEED = Long.getLong("nabla.grad.seed", 77L);
    static final int EXPRESSIONS = 300;
    static final double H = 1e-5;

    private Random rnd;

    @Test
    void symbolicDerivativesMatchFiniteDifferences() {
        rnd = new Random(SEED);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            s.execute("CREATE TABLE pts(id INTEGER, x DOUBLE, y DOUBLE)");
            StringBuilder ins = new StringBuilder("INSERT INTO pts VALUES ");
            for (int i = 0; i < 12; i++) {
                if (i > 0) ins.append(", ");
                ins.append(String.format(
                        Locale.ROOT,
                        "(%d, %.4f, %.4f)",
                        i,
                        0.3 + 1.7 * rnd.nextDouble(),
                        0.3 + 1.7 * rnd.nextDouble()));
            }
            s.execute(ins.toString());
            for (int e = 0; e < EXPRESSIONS && problems.size() < 10; e++) {
                if (e % 5 == 4) {
                    checked += aggregateCheck(s, problems);
                    continue;
                }
                String f = expr(3);
                String fx = at(f, "(x + " + H + ")", "y"), fmx = at(f, "(x - " + H + ")", "y");
                String fy = at(f, "x", "(y + " + H + ")"), fmy = at(f, "x", "(y - " + H + ")");
                String g = at(f, "x", "y");
                String sql = "SELECT " + g + ", grad(" + g + ", x), (" + fx + " - " + fmx + ") / " + (2 * H)
                        + ", grad(" + g + ", y), (" + fy + " - " + fmy + ") / " + (2 * H)
                        + ", jvp(" + g + ", x, 3.0), vjp(" + g + ", y, -2.0)"
                        + ", grad(grad(" + g + ", x), x), (grad(" + fx + ", x) - grad(" + fmx + ", x)) / " + (2 * H)
                        + " FROM pts ORDER BY id";
                Result r;
                try {
                    r = s.execute(sql);
                } catch (NablaException ex) {
                    problems.add("error " + ex.code() + " " + ex.getMessage() + "\n    f = " + g);
                    continue;
                }
                for (int i = 0; i < r.rowCount(); i++) {
                    if (r.isNull(i, 0) || !Double.isFinite(r.getDouble(i, 0)) || Math.abs(r.getDouble(i, 0)) > 1e6)
                        continue;
                    checked++;
                    String where = "f = " + g + " at row " + i;
                    check(problems, where, "grad x", r, i, 1, 2, 1);
                    check(problems, where, "grad y", r, i, 3, 4, 1);
                    check(problems, where, "jvp x (t = 3)", r, i, 5, 1, 3);
                    check(problems, where, "vjp y (c = -2)", r, i, 6, 3, -2);
                    check(problems, where, "second derivative x", r, i, 7, 8, 1);
                }
            }
        }
        System.out.printf(
                "gradient check: %d expressions, %d points checked (seed %d), %d problems%n",
                EXPRESSIONS, checked, SEED, problems.size());
        assertThat(problems)
                .as("derivatives that disagree with finite differences (rerun with -Dnabla.grad.seed=" + SEED + ")")
                .isEmpty();
        assertThat(checked).isGreaterThan(EXPRESSIONS * 5);
    }

    /** grad(sum(f), x) and grad(avg(f), x) are the derivatives of the aggregate when every x moves together. */
    private int aggregateCheck(Session s, List<String> problems) {
        String f = expr(3);
        String g = at(f, "x", "y"), fx = at(f, "(x + " + H + ")", "y"), fmx = at(f, "(x - " + H + ")", "y");
        String sql = "SELECT sum(" + g + "), grad(sum(" + g + "), x), (sum(" + fx + ") - sum(" + fmx + ")) / " + (2 * H)
                + ", grad(avg(" + g + "), x), (avg(" + fx + ") - avg(" + fmx + ")) / " + (2 * H) + " FROM pts";
        try {
            Result r = s.execute(sql);
            if (r.isNull(0, 0) || Math.abs(r.getDouble(0, 0)) > 1e6) return 0;
            check(problems, "f = " + g, "grad of sum", r, 0, 1, 2, 1);
            check(problems, "f = " + g, "grad of avg", r, 0, 3, 4, 1);
            return 1;
        } catch (NablaException ex) {
            problems.add("error " + ex.code() + " " + ex.getMessage() + "\n    " + sql);
            return 0;
        }
    }

    /** Column {@code got} must equal {@code factor} times column {@code want}, within finite-difference accuracy. */
    private static void check(
            List<String> problems, String where, String what, Result r, int row, int got, int want, double factor) {
        if (r.isNull(row, want) || r.isNull(row, got)) {
            if (r.isNull(row, want) != r.isNull(row, got)) problems.add(what + ": one side NULL; " + where);
            return;
        }
        double g = r.getDouble(row, got), w = factor * r.getDouble(row, want);
        if (!Double.isFinite(g) || !Double.isFinite(w) || Math.abs(w) > 1e6) return;
        double tol = (what.startsWith("second") ? 1e-3 : 1e-5) * Math.max(1, Math.abs(w));
        if (Math.abs(g - w) > tol) {
            problems.add(String.format(Locale.ROOT, "%s: symbolic %.10g, numeric %.10g; %s", what, g, w, where));
        }
    }

    /** f with its variables X and Y replaced. */
    private static String at(String f, String x, String y) {
        return f.replace("X", x).replace("Y", y);
    }

    /** A smooth expression of X and Y, finite for X, Y in [0.3, 2]. */
    private String expr(int depth) {
        if (depth == 0 || rnd.nextInt(5) == 0) {
            return switch (rnd.nextInt(5)) {
                case 0, 1 -> "X";
                case 2, 3 -> "Y";
                default -> String.format(Locale.ROOT, "%.2f", 0.5 + 2 * rnd.nextDouble());
            };
        }
        String a = expr(depth - 1), b = expr(depth - 1);
        return switch (rnd.nextInt(24)) {
            // kinks and branches: the sample points are almost surely not within H of a kink
            case 18 -> "abs(" + a + " - 1.1)";
            case 19 -> "CASE WHEN " + a + " > " + b + " THEN " + a + " * " + a + " ELSE " + b + " END";
            case 20 -> (rnd.nextBoolean() ? "greatest(" : "least(") + a + ", " + b + ")";
            case 21 -> "log10(2 + sin(" + a + "))";
            case 22 -> "exp(" + a + " / 4)";
            case 23 -> "coalesce(" + a + ", 1.0)";
            case 0, 1 -> "(" + a + " + " + b + ")";
            case 2 -> "(" + a + " - " + b + ")";
            case 3, 4 -> "(" + a + " * " + b + ")";
            case 5 -> "(" + a + " / (1.5 + sin(" + b + ")))";
            case 6 -> "sin(" + a + ")";
            case 7 -> "cos(" + a + ")";
            case 8 -> "exp(sin(" + a + "))";
            case 9 -> "ln(1 + " + a + " * " + a + ")";
            case 10 -> "sqrt(1 + " + a + " * " + a + ")";
            case 11 -> "tanh(" + a + ")";
            case 12 -> "atan(" + a + ")";
            case 13 -> "sigmoid(" + a + ")";
            case 14 -> "power(1.5 + sin(" + a + "), 3)";
            case 15 -> "power(2 + cos(" + a + "), 1.5 + sin(" + b + "))";
            case 16 -> "(- " + a + ")";
            default -> "CAST(" + a + " AS DOUBLE)";
        };
    }
}
