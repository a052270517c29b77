package dev.nabla.engine.exec.fused;

import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.storage.PhysicalType;
import dev.nabla.vector.fused.FusedExpr;
import dev.nabla.vector.fused.FusedExpr.BinaryOp;
import dev.nabla.vector.fused.FusedExpr.UnaryOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates bound expressions into the fused-kernel IR when they are pure double arithmetic over
 * DOUBLE input columns and numeric literals. Only operations whose engine semantics equal the IR's
 * semantics up to NaN are accepted: a domain error (which the engine turns into NULL) shows up as a NaN
 * in the fused result, and the caller then re-evaluates that batch exactly. Division by an expression
 * and the logarithms use the IR's SQL variants ({@code DIV_OR_NAN}, guarded {@code LN}…), which give
 * NaN where IEEE gives an infinity that later operations could hide.
 */
final class FusedTranslator {
    private final Map<Integer, Integer> layout;
    /** Batch positions of the kernel's input columns, by kernel column index. */
    final List<Integer> inputs = new ArrayList<>();
    final List<Double> scalars = new ArrayList<>();
    private final Map<Integer, Integer> inputByPosition = new HashMap<>();
    private final Map<Long, Integer> scalarByBits = new HashMap<>();

    FusedTranslator(Map<Integer, Integer> layout) { this.layout = layout; }

    /** The IR for {@code e}, or null when it cannot be fused. */
    FusedExpr translate(Expr e) {
        if (e.type().physical() != PhysicalType.DOUBLE) return null;
        return switch (e) {
            case ColumnRef ref -> {
                Integer pos = layout.get(ref.id());
                if (pos == null) yield null;
                yield FusedExpr.input(inputByPosition.computeIfAbsent(pos, p -> {
                    inputs.add(p);
                    return inputs.size() - 1;
                }));
            }
            case Literal lit -> lit.value() instanceof Number num ? scalar(num.doubleValue()) : null;
            case Cast c -> c.arg() instanceof Literal lit && lit.value() instanceof Number num ? scalar(num.doubleValue())
                    : c.arg().type().physical() == PhysicalType.DOUBLE ? translate(c.arg()) : null;
            case Call c -> call(c);
            default -> null;
        };
    }

    private FusedExpr scalar(double v) {
        int idx = scalarByBits.computeIfAbsent(Double.doubleToRawLongBits(v), bits -> {
            scalars.add(v);
            return scalars.size() - 1;
        });
        return FusedExpr.scalar(idx);
    }

    private FusedExpr call(Call c) {
        Fn fn = c.fn();
        switch (fn) {
            case ADD, SUB, MUL -> {
                FusedExpr a = operand(c.arg(0)), b = operand(c.arg(1));
                if (a == null || b == null) return null;
                BinaryOp op = fn == Fn.ADD ? BinaryOp.ADD : fn == Fn.SUB ? BinaryOp.SUB : BinaryOp.MUL;
                return FusedExpr.binary(op, a, b);
            }
            case DIV -> {
                Double d = literal(c.arg(1));
                FusedExpr a = operand(c.arg(0));
                if (a == null || d != null && d == 0) return null;
                if (d != null) return FusedExpr.binary(BinaryOp.DIV, a, scalar(d));
                FusedExpr b = translate(c.arg(1));
                return b == null ? null : FusedExpr.binary(BinaryOp.DIV_OR_NAN, a, b);
            }
            case POWER -> {
                Double p = literal(c.arg(1));
                FusedExpr a = operand(c.arg(0));
                if (p == null || a == null) return null;
                // Math.pow(x, 1|2|3) is exactly x, x*x, x*x*x
                if (p == 1) return a;
                if (p == 2) return FusedExpr.binary(BinaryOp.MUL, a, a);
                if (p == 3) return FusedExpr.binary(BinaryOp.MUL, FusedExpr.binary(BinaryOp.MUL, a, a), a);
                // pow(NaN, 0) = 1 would hide a domain error in the base
                if (p == 0 || Double.isNaN(p)) return null;
                return FusedExpr.binary(BinaryOp.POW, a, scalar(p));
            }
            case NEG -> {
                FusedExpr a = operand(c.arg(0));
                return a == null ? null : FusedExpr.unary(UnaryOp.NEG, a);
            }
            case ABS, SQRT, CBRT, SIN, COS, TAN, ATAN, SINH, COSH, TANH, EXP, EXPM1, SIGMOID, LN, LOG10, LOG1P -> {
                FusedExpr a = operand(c.arg(0));
                return a == null ? null : FusedExpr.unary(UnaryOp.valueOf(fn.name()), a);
            }
            default -> { return null; }
        }
    }

    /** An argument of a double operation: a double expression or a numeric literal. */
    private FusedExpr operand(Expr e) {
        Double lit = literal(e);
        if (lit != null) return scalar(lit);
        return translate(e);
    }

    private static Double literal(Expr e) {
        if (e instanceof Literal lit && lit.value() instanceof Number n) return n.doubleValue();
        if (e instanceof Cast c && c.arg() instanceof Literal lit && lit.value() instanceof Number n) return n.doubleValue();
        return null;
    }
}
