package dev.nabla.vector.fused;

import java.util.List;

/**
 * The scalar twin of a generated kernel: evaluates the DAG row by row with {@link Math}. It is the
 * reference the generated code is tested against, not a fast path.
 */
public final class FusedInterpreter extends FusedKernel {
    private final List<FusedExpr> outputs;

    public FusedInterpreter(List<FusedExpr> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    @Override
    public void eval(double[][] cols, int[] offs, double[] scalars, int n, double[][] outs) {
        for (int k = 0; k < outputs.size(); k++) {
            for (int i = 0; i < n; i++) outs[k][i] = value(outputs.get(k), cols, offs, scalars, i);
        }
    }

    static double value(FusedExpr e, double[][] cols, int[] offs, double[] scalars, int i) {
        return switch (e) {
            case FusedExpr.Input in -> cols[in.column()][offs[in.column()] + i];
            case FusedExpr.Scalar s -> scalars[s.index()];
            case FusedExpr.Unary u -> apply(u.op(), value(u.arg(), cols, offs, scalars, i));
            case FusedExpr.Binary b ->
                apply(b.op(), value(b.left(), cols, offs, scalars, i), value(b.right(), cols, offs, scalars, i));
            case FusedExpr.Select s ->
                test(s.cond(), cols, offs, scalars, i)
                        ? value(s.then(), cols, offs, scalars, i)
                        : value(s.otherwise(), cols, offs, scalars, i);
        };
    }

    static boolean test(FusedExpr.Cond c, double[][] cols, int[] offs, double[] scalars, int i) {
        return switch (c) {
            case FusedExpr.Cond.Compare k ->
                compare(k.op(), value(k.left(), cols, offs, scalars, i), value(k.right(), cols, offs, scalars, i));
            case FusedExpr.Cond.And a ->
                test(a.left(), cols, offs, scalars, i) & test(a.right(), cols, offs, scalars, i);
            case FusedExpr.Cond.Or o ->
                test(o.left(), cols, offs, scalars, i) | test(o.right(), cols, offs, scalars, i);
            case FusedExpr.Cond.IsNaN n -> Double.isNaN(value(n.arg(), cols, offs, scalars, i));
        };
    }

    static boolean compare(FusedExpr.CompareOp op, double a, double b) {
        return switch (op) {
            case EQ -> eq(a, b);
            case LT -> lt(a, b);
            case LE -> le(a, b);
            case GT -> gt(a, b);
            case GE -> ge(a, b);
        };
    }

    // the generated tail loop calls these by name (the op's name in lower case)
    public static boolean eq(double a, double b) {
        return a == b;
    }

    public static boolean lt(double a, double b) {
        return a < b;
    }

    public static boolean le(double a, double b) {
        return a <= b;
    }

    public static boolean gt(double a, double b) {
        return a > b;
    }

    public static boolean ge(double a, double b) {
        return a >= b;
    }

    public static double select(boolean c, double then, double otherwise) {
        return c ? then : otherwise;
    }

    /** The scalar semantics of each unary operation; the generated tail loop calls the same methods. */
    public static double apply(FusedExpr.UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQRT -> Math.sqrt(x);
            case CBRT -> Math.cbrt(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case ASIN -> Math.asin(x);
            case ACOS -> Math.acos(x);
            case ATAN -> Math.atan(x);
            case SINH -> Math.sinh(x);
            case COSH -> Math.cosh(x);
            case TANH -> Math.tanh(x);
            case EXP -> Math.exp(x);
            case EXPM1 -> Math.expm1(x);
            case LN -> Math.log(x);
            case LOG10 -> Math.log10(x);
            case LOG1P -> Math.log1p(x);
            case SIGN -> Math.signum(x);
        };
    }

    public static double divOrNaN(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    public static double apply(FusedExpr.BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case DIV_OR_NAN -> divOrNaN(a, b);
            case POW -> Math.pow(a, b);
        };
    }
}
