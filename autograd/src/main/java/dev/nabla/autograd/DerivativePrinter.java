package dev.nabla.autograd;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Locale;

/**
 * SQL text of (derivative) expressions with only the parentheses precedence requires:
 * {@code 2 * x}, {@code cos(x) * x + sin(x)}, {@code -(a + b)}. Operators are left-associative; a
 * right operand of equal precedence is parenthesised so the text re-parses to the same tree.
 * Integral DOUBLE constants print without ".0".
 */
public final class DerivativePrinter {
    private static final int OR = 1, AND = 2, NOT = 3, COMPARE = 4, CONCAT = 5, ADD = 6, MUL = 7, UNARY = 8, ATOM = 10;

    private DerivativePrinter() {}

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        print(e, 0, sb);
        return sb.toString();
    }

    private static void print(Expr e, int minPrecedence, StringBuilder sb) {
        boolean parens = precedence(e) < minPrecedence;
        if (parens) sb.append('(');
        render(e, sb);
        if (parens) sb.append(')');
    }

    private static int precedence(Expr e) {
        if (e instanceof Literal l && l.value() instanceof Number n && n.doubleValue() < 0) return UNARY;
        if (!(e instanceof Call c)) return ATOM;
        return switch (c.fn()) {
            case OR -> OR;
            case AND -> AND;
            case NOT -> NOT;
            case EQ,
                    NE,
                    LT,
                    LE,
                    GT,
                    GE,
                    IS_NULL,
                    IS_NOT_NULL,
                    IS_DISTINCT_FROM,
                    IS_NOT_DISTINCT_FROM,
                    IN_LIST,
                    LIKE,
                    ILIKE,
                    GLOB -> COMPARE;
            case CONCAT, BIT_AND, BIT_OR, SHIFT_LEFT, SHIFT_RIGHT -> CONCAT;
            case ADD, SUB -> ADD;
            case MUL, DIV, MOD -> MUL;
            case NEG, BIT_NOT -> UNARY;
            default -> ATOM;
        };
    }

    private static void render(Expr e, StringBuilder sb) {
        switch (e) {
            case Literal l -> sb.append(literal(l));
            case Call c -> call(c, sb);
            case CaseWhen c -> {
                sb.append("CASE");
                for (int i = 0; i < c.conditions().size(); i++) {
                    sb.append(" WHEN ");
                    print(c.conditions().get(i), 0, sb);
                    sb.append(" THEN ");
                    print(c.results().get(i), 0, sb);
                }
                if (!(c.otherwise() instanceof Literal l && l.isNull())) {
                    sb.append(" ELSE ");
                    print(c.otherwise(), 0, sb);
                }
                sb.append(" END");
            }
            case Cast c -> {
                sb.append("CAST(");
                print(c.arg(), 0, sb);
                sb.append(" AS ").append(c.type().sqlName()).append(')');
            }
            case AggCall a -> {
                sb.append(a.fn().sqlName()).append('(');
                if (a.fn() == AggFn.COUNT_STAR) sb.append('*');
                else {
                    if (a.distinct()) sb.append("DISTINCT ");
                    list(a.args(), sb);
                }
                sb.append(')');
                if (a.filter() != null) {
                    sb.append(" FILTER (WHERE ");
                    print(a.filter(), 0, sb);
                    sb.append(')');
                }
            }
            case WindowCall w -> window(w, sb);
            case Derivative d -> {
                sb.append(d.mode().name().toLowerCase(Locale.ROOT)).append('(');
                print(d.body(), 0, sb);
                sb.append(", ");
                print(d.wrt(), 0, sb);
                if (d.seed() != null) {
                    sb.append(", ");
                    print(d.seed(), 0, sb);
                }
                sb.append(')');
            }
            default -> sb.append(e.toSql());
        }
    }

    private static void window(WindowCall w, StringBuilder sb) {
        if (w.aggregate() != null) render(w.aggregate(), sb);
        else {
            sb.append(w.fn().name().toLowerCase(Locale.ROOT)).append('(');
            list(w.args(), sb);
            sb.append(')');
        }
        sb.append(" OVER (");
        if (!w.partitionBy().isEmpty()) {
            sb.append("PARTITION BY ");
            list(w.partitionBy(), sb);
        }
        if (!w.orderBy().isEmpty()) {
            if (!w.partitionBy().isEmpty()) sb.append(' ');
            sb.append("ORDER BY ");
            for (int i = 0; i < w.orderBy().size(); i++) {
                SortKey k = w.orderBy().get(i);
                if (i > 0) sb.append(", ");
                print(k.expr(), 0, sb);
                if (!k.ascending()) sb.append(" DESC");
            }
        }
        sb.append(')');
    }

    private static void call(Call c, StringBuilder sb) {
        List<Expr> a = c.args();
        int p = precedence(c);
        switch (c.fn()) {
            case NEG, BIT_NOT -> {
                sb.append(c.fn().sqlName());
                print(a.get(0), UNARY + 1, sb);
            }
            case NOT -> {
                sb.append("NOT ");
                print(a.get(0), NOT, sb);
            }
            case IS_NULL, IS_NOT_NULL -> {
                print(a.get(0), COMPARE + 1, sb);
                sb.append(' ').append(c.fn().sqlName());
            }
            case IN_LIST -> {
                print(a.get(0), COMPARE + 1, sb);
                sb.append(" IN (");
                list(a.subList(1, a.size()), sb);
                sb.append(')');
            }
            case LIKE, ILIKE -> {
                print(a.get(0), COMPARE + 1, sb);
                sb.append(' ').append(c.fn().sqlName()).append(' ');
                print(a.get(1), COMPARE + 1, sb);
                if (a.size() > 2) {
                    sb.append(" ESCAPE ");
                    print(a.get(2), COMPARE + 1, sb);
                }
            }
            default -> {
                if ((c.fn() == Fn.DIV || c.fn() == Fn.MOD) && integralText(a.get(0)) && integralText(a.get(1))) {
                    // "5 / 3" would read back as integer division: the DOUBLE constants keep their decimal point
                    DECIMAL_POINT.set(DECIMAL_POINT.get() + 1);
                    try {
                        print(a.get(0), p, sb);
                        sb.append(' ').append(c.fn().sqlName()).append(' ');
                        print(a.get(1), precedence(a.get(1)) == UNARY ? ATOM : p + 1, sb);
                    } finally {
                        DECIMAL_POINT.set(DECIMAL_POINT.get() - 1);
                    }
                } else if (c.fn().isOperator()) {
                    // comparisons are non-associative: parenthesise both sides at equal precedence
                    print(a.get(0), p == COMPARE ? p + 1 : p, sb);
                    sb.append(' ').append(c.fn().sqlName()).append(' ');
                    Expr right = a.get(1);
                    // "x * (-2)", "x - (-y)": a sign right after an operator reads badly
                    print(right, precedence(right) == UNARY ? ATOM : p + 1, sb);
                } else {
                    sb.append(c.fn().sqlName()).append('(');
                    list(a, sb);
                    sb.append(')');
                }
            }
        }
    }

    private static void list(List<Expr> exprs, StringBuilder sb) {
        for (int i = 0; i < exprs.size(); i++) {
            if (i > 0) sb.append(", ");
            print(exprs.get(i), 0, sb);
        }
    }

    /** Nesting depth of operands of a division whose printed text would otherwise be all-integer. */
    private static final ThreadLocal<Integer> DECIMAL_POINT = ThreadLocal.withInitial(() -> 0);

    /**
     * Whether {@code e} would be typed INTEGER when its printed text is parsed again: built only from
     * integral-valued constants (printed without a decimal point) by arithmetic and CASE.
     */
    private static boolean integralText(Expr e) {
        return switch (e) {
            case Literal l ->
                l.value() instanceof Long
                        || l.value() instanceof Double d
                                && Double.isFinite(d)
                                && d == Math.rint(d)
                                && Math.abs(d) < 1e15;
            case Call c ->
                switch (c.fn()) {
                    case ADD, SUB, MUL, DIV, MOD, NEG, ABS, SIGN, GREATEST, LEAST ->
                        c.args().stream().allMatch(DerivativePrinter::integralText);
                    default -> false;
                };
            case CaseWhen c ->
                c.results().stream().allMatch(DerivativePrinter::integralText) && integralText(c.otherwise());
            default -> false;
        };
    }

    private static String literal(Literal l) {
        if (l.value() instanceof Double d
                && (l.type() == DataType.DOUBLE || l.type() == DataType.REAL)
                && Double.isFinite(d)) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) (double) d) + (DECIMAL_POINT.get() > 0 ? ".0" : "");
            }
            return Double.toString(d);
        }
        return l.toSql();
    }
}
