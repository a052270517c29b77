package dev.nabla.engine.exec.fused;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.fn.Fusing;
import dev.nabla.plan.fn.ScalarFunction;
import dev.nabla.storage.PhysicalType;
import dev.nabla.vector.fused.FusedExpr;
import dev.nabla.vector.fused.FusedExpr.BinaryOp;
import dev.nabla.vector.fused.FusedExpr.CompareOp;
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
 * uses the IR's {@code DIV_OR_NAN}, and every registry function is wrapped in its domain guard: NaN
 * where IEEE gives an infinity (ln 0) that later operations could hide. The functions' IR comes from
 * their registry entries ({@link Functions}), not from matching names.
 */
final class FusedTranslator {
    private final Map<Integer, Integer> layout;
    /** Batch positions of the kernel's input columns, by kernel column index. */
    final List<Integer> inputs = new ArrayList<>();

    final List<Double> scalars = new ArrayList<>();
    private final Map<Integer, Integer> inputByPosition = new HashMap<>();
    private final Map<Long, Integer> scalarByBits = new HashMap<>();
    /** Whether some translated expression tests for NULL (see {@link #finish}). */
    private boolean testsNull;

    FusedTranslator(Map<Integer, Integer> layout) {
        this.layout = layout;
    }

    /** Translations by node identity: a shared subexpression (autograd's DAG) becomes one shared IR node. */
    private final java.util.IdentityHashMap<Expr, java.util.Optional<FusedExpr>> translated =
            new java.util.IdentityHashMap<>();

    /** The IR for {@code e}, or null when it cannot be fused. */
    FusedExpr translate(Expr e) {
        java.util.Optional<FusedExpr> known = translated.get(e);
        if (known != null) return known.orElse(null);
        dev.nabla.common.CancelCheck.poll();
        FusedExpr r = translateNode(e);
        translated.put(e, java.util.Optional.ofNullable(r));
        return r;
    }

    private FusedExpr translateNode(Expr e) {
        if (e.type().physical() != PhysicalType.DOUBLE) return null;
        return switch (e) {
            case ColumnRef ref -> input(ref);
            case Literal lit ->
                lit.value() instanceof Number num
                        ? scalar(num.doubleValue())
                        : lit.value() == null ? scalar(Double.NaN) : null;
            case Cast c ->
                c.arg() instanceof Literal lit && lit.value() instanceof Number num
                        ? scalar(num.doubleValue())
                        : c.arg().type().physical() == PhysicalType.DOUBLE
                                ? translate(c.arg())
                                // an integer column read as doubles (IntegerInputs converts it as CAST does)
                                : c.arg() instanceof ColumnRef ref && ref.type().isIntegral() ? input(ref) : null;
            case Call c -> call(c);
            case CaseWhen cw -> caseWhen(cw);
            // not per-row double arithmetic over the scan: the fused kernel cannot evaluate these
            case Param p -> null;
            case SubqueryExpr q -> null;
            case AggCall a -> null;
            case WindowCall w -> null;
            case Derivative d -> null;
        };
    }

    /** CASE WHEN c1 THEN r1 … ELSE e as nested selects; no ELSE is a NULL literal, i.e. NaN (exact path when taken). */
    private FusedExpr caseWhen(CaseWhen cw) {
        FusedExpr result = operand(cw.otherwise());
        for (int k = cw.conditions().size() - 1; k >= 0 && result != null; k--) {
            FusedExpr.Cond cond = condition(cw.conditions().get(k));
            FusedExpr then = operand(cw.results().get(k));
            result = cond == null || then == null ? null : FusedExpr.select(cond, then, result);
        }
        return result;
    }

    /**
     * The kernel outputs to compile for these translated outputs. Where an expression tests for NULL
     * (NaN in the kernel), a NaN stored in an input column would pass for NULL; so each output then
     * also adds {@code x * 0} for every input x, which is 0 for ordinary values and NaN for a NaN (or
     * infinite) input, sending that batch to the exact path.
     */
    List<FusedExpr> finish(List<FusedExpr> outputs) {
        if (!testsNull || inputs.isEmpty()) return outputs;
        FusedExpr guard = null;
        for (int c = 0; c < inputs.size(); c++) {
            FusedExpr zero = FusedExpr.binary(BinaryOp.MUL, FusedExpr.input(c), scalar(0));
            guard = guard == null ? zero : FusedExpr.binary(BinaryOp.ADD, guard, zero);
        }
        List<FusedExpr> guarded = new ArrayList<>();
        for (FusedExpr o : outputs) guarded.add(FusedExpr.binary(BinaryOp.ADD, o, guard));
        return guarded;
    }

    /** A condition made of comparisons of double operands, AND, OR and IS [NOT] NULL (see {@link FusedExpr.Cond}). */
    private FusedExpr.Cond condition(Expr e) {
        if (!(e instanceof Call c)) return null;
        return switch (c.fn()) {
            case IS_NULL, IS_NOT_NULL -> {
                FusedExpr a = c.arg(0).type().physical() == PhysicalType.DOUBLE ? translate(c.arg(0)) : null;
                if (a == null) yield null;
                testsNull = true;
                yield c.fn() == Fn.IS_NULL ? new FusedExpr.Cond.IsNaN(a) : FusedExpr.compare(CompareOp.EQ, a, a);
            }
            case AND, OR -> {
                FusedExpr.Cond a = condition(c.arg(0)), b = condition(c.arg(1));
                if (a == null || b == null) yield null;
                yield c.fn() == Fn.AND ? new FusedExpr.Cond.And(a, b) : new FusedExpr.Cond.Or(a, b);
            }
            case EQ, LT, LE, GT, GE, NE -> {
                // integer columns compare exactly as longs in the engine: operand() takes only doubles and literals
                FusedExpr a = operand(c.arg(0)), b = operand(c.arg(1));
                if (a == null || b == null) yield null;
                yield switch (c.fn()) {
                    case EQ -> FusedExpr.compare(CompareOp.EQ, a, b);
                    case LT -> FusedExpr.compare(CompareOp.LT, a, b);
                    case LE -> FusedExpr.compare(CompareOp.LE, a, b);
                    case GT -> FusedExpr.compare(CompareOp.GT, a, b);
                    case GE -> FusedExpr.compare(CompareOp.GE, a, b);
                    default ->
                        new FusedExpr.Cond.Or(
                                FusedExpr.compare(CompareOp.LT, a, b), FusedExpr.compare(CompareOp.GT, a, b));
                };
            }
            default -> null;
        };
    }

    private FusedExpr input(ColumnRef ref) {
        Integer pos = layout.get(ref.id());
        if (pos == null) return null;
        return FusedExpr.input(inputByPosition.computeIfAbsent(pos, p -> {
            inputs.add(p);
            return inputs.size() - 1;
        }));
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
            case NEG -> {
                FusedExpr a = operand(c.arg(0));
                return a == null ? null : FusedExpr.unary(UnaryOp.NEG, a);
            }
            case GREATEST, LEAST -> {
                // NaN wins in Math.max/min as NULL wins in GREATEST/LEAST
                FusedExpr acc = operand(c.arg(0));
                for (int k = 1; k < c.args().size() && acc != null; k++) {
                    FusedExpr next = operand(c.arg(k));
                    acc = next == null
                            ? null
                            : FusedExpr.binary(fn == Fn.GREATEST ? BinaryOp.MAX : BinaryOp.MIN, acc, next);
                }
                return acc;
            }
            default -> {
                return registered(c);
            }
        }
    }

    /**
     * A registry function: its fused rule over the translated arguments, inside its domain guard (NaN
     * outside, so a domain error leaves the fast path). A two-argument rule keeps NaN outside its
     * domain itself.
     */
    private FusedExpr registered(Call c) {
        ScalarFunction def = Functions.of(c.fn());
        if (def == null || def.fused() == null) return null;
        List<FusedExpr> args = new ArrayList<>();
        for (Expr a : c.args()) {
            FusedExpr x = operand(a);
            if (x == null) return null;
            args.add(x);
        }
        Fusing fusing = new Fusing() {
            @Override
            public FusedExpr constant(double v) {
                return scalar(v);
            }

            @Override
            public Double literal(int i) {
                return FusedTranslator.literal(c.arg(i));
            }
        };
        FusedExpr value = def.fused().build(fusing, args);
        if (value == null || args.size() != 1 || def.nanOutside()) return value;
        return fusing.guard(def.domain(), args.get(0), value);
    }

    /** An argument of a double operation: a double expression or a numeric literal. */
    private FusedExpr operand(Expr e) {
        Double lit = literal(e);
        if (lit != null) return scalar(lit);
        if (isNull(e)) return scalar(Double.NaN);
        return translate(e);
    }

    /** A NULL literal, possibly cast: NaN in the kernel (it propagates like NULL; a NaN result leaves the fast path). */
    private static boolean isNull(Expr e) {
        Expr v = e instanceof Cast c ? c.arg() : e;
        return v instanceof Literal lit && lit.value() == null;
    }

    private static Double literal(Expr e) {
        if (e instanceof Literal lit && lit.value() instanceof Number n) return n.doubleValue();
        if (e instanceof Cast c && c.arg() instanceof Literal lit && lit.value() instanceof Number n)
            return n.doubleValue();
        return null;
    }
}
