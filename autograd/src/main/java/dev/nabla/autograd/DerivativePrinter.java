package dev.nabla.autograd;

import dev.nabla.plan.expr.AggCall;
import dev.nabla.plan.expr.AggFn;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.CaseWhen;
import dev.nabla.plan.expr.Cast;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Derivative;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.plan.expr.Literal;
import dev.nabla.plan.expr.Param;
import dev.nabla.plan.expr.SortKey;
import dev.nabla.plan.expr.SubqueryExpr;
import dev.nabla.plan.expr.WindowCall;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * SQL text of (derivative) expressions with only the parentheses precedence requires:
 * {@code 2 * x}, {@code cos(x) * x + sin(x)}, {@code -(a + b)}. Operators are left-associative; a
 * right operand of equal precedence is parenthesised so the text re-parses to the same tree.
 * Integral DOUBLE constants print without ".0".
 */
public final class DerivativePrinter {
    private static final int OR = 1, AND = 2, NOT = 3, COMPARE = 4, CONCAT = 5, ADD = 6, MUL = 7, UNARY = 8, ATOM = 10;

    private final Function<ColumnRef, String> columns;
    private final SqlDialect dialect;
    /** Nesting depth of operands of a division whose printed text would otherwise be all-integer. */
    private int decimalPoint;

    private DerivativePrinter(Function<ColumnRef, String> columns, SqlDialect dialect) {
        this.columns = columns;
        this.dialect = dialect;
    }

    public static String print(Expr e) {
        return print(e, ColumnRef::toSql, SqlDialect.NABLA);
    }

    /**
     * {@code e} as SQL text of {@code dialect}, each column written as {@code columns} gives it. The expression
     * must already use only what the dialect has ({@link PortableSql#rewrite}); only type names and
     * non-finite constants are spelled per dialect here.
     */
    public static String print(Expr e, Function<ColumnRef, String> columns, SqlDialect dialect) {
        StringBuilder sb = new StringBuilder();
        new DerivativePrinter(columns, dialect).print(e, 0, sb);
        return sb.toString();
    }

    private void print(Expr e, int minPrecedence, StringBuilder sb) {
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

    private void render(Expr e, StringBuilder sb) {
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
                sb.append(" AS ").append(dialect.typeName(c.type())).append(')');
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
            case ColumnRef r -> sb.append(columns.apply(r));
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
            // a parameter and a subquery have no dialect-specific spelling
            case Param p -> sb.append(p.toSql());
            case SubqueryExpr q -> sb.append(q.toSql());
        }
    }

    private void window(WindowCall w, StringBuilder sb) {
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
                // engines disagree on where NULLs sort by default (Spark: first when ascending)
                if (dialect != SqlDialect.NABLA) sb.append(k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
            }
        }
        WindowCall.Frame f = w.frame();
        if (!f.equals(w.orderBy().isEmpty() ? WindowCall.Frame.WHOLE_PARTITION : WindowCall.Frame.DEFAULT_ORDERED)) {
            sb.append(f.rows() ? " ROWS" : f.groups() ? " GROUPS" : " RANGE").append(" BETWEEN ");
            bound(f.startKind(), f.startOffset(), sb);
            sb.append(" AND ");
            bound(f.endKind(), f.endOffset(), sb);
        }
        sb.append(')');
    }

    private void bound(WindowCall.BoundKind kind, Expr offset, StringBuilder sb) {
        switch (kind) {
            case UNBOUNDED_PRECEDING -> sb.append("UNBOUNDED PRECEDING");
            case CURRENT_ROW -> sb.append("CURRENT ROW");
            case UNBOUNDED_FOLLOWING -> sb.append("UNBOUNDED FOLLOWING");
            case PRECEDING -> {
                print(offset, ATOM, sb);
                sb.append(" PRECEDING");
            }
            case FOLLOWING -> {
                print(offset, ATOM, sb);
                sb.append(" FOLLOWING");
            }
        }
    }

    private void call(Call c, StringBuilder sb) {
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
                    decimalPoint++;
                    try {
                        print(a.get(0), p, sb);
                        sb.append(' ').append(c.fn().sqlName()).append(' ');
                        print(a.get(1), precedence(a.get(1)) == UNARY ? ATOM : p + 1, sb);
                    } finally {
                        decimalPoint--;
                    }
                } else if (c.fn().isOperator()) {
                    // comparisons are non-associative: parenthesise both sides at equal precedence
                    print(a.get(0), p == COMPARE ? p + 1 : p, sb);
                    boolean intDiv = c.fn() == Fn.DIV
                            && a.get(0).type().isIntegral()
                            && a.get(1).type().isIntegral();
                    sb.append(' ')
                            .append(intDiv ? dialect.integerDivision() : c.fn().sqlName())
                            .append(' ');
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

    private void list(List<Expr> exprs, StringBuilder sb) {
        for (int i = 0; i < exprs.size(); i++) {
            if (i > 0) sb.append(", ");
            print(exprs.get(i), 0, sb);
        }
    }

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
            // a column, parameter, cast or aggregate is typed by what it reads, not by its printed digits
            case ColumnRef r -> false;
            case Param p -> false;
            case Cast k -> false;
            case SubqueryExpr q -> false;
            case AggCall a -> false;
            case WindowCall w -> false;
            case Derivative d -> false;
        };
    }

    private String literal(Literal l) {
        if (l.value() instanceof Double d
                && (l.type() == DataType.DOUBLE || l.type() == DataType.REAL)
                && Double.isFinite(d)) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return decimalPoint > 0
                        ? dialect.doubleLiteral((long) (double) d + ".0")
                        : Long.toString((long) (double) d);
            }
            return dialect.doubleLiteral(Double.toString(d));
        }
        if (l.value() instanceof Double d && !Double.isFinite(d) && dialect != SqlDialect.NABLA) {
            String text = Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
            return "CAST('" + text + "' AS " + dialect.typeName(DataType.DOUBLE) + ")";
        }
        return l.toSql();
    }
}
