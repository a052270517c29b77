package dev.nabla.plan.fn;

import dev.nabla.common.Span;
import dev.nabla.plan.expr.Call;
import dev.nabla.plan.expr.ColumnRef;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The function table of docs/sql.md, generated from the registry (a test keeps the checked-in copy
 * equal to this output: regenerate with {@code -Dnabla.docs.write=true}).
 */
public final class FunctionDocs {
    private FunctionDocs() {}

    public static final String BEGIN =
            "<!-- function-table: generated from dev.nabla.plan.fn.Functions; do not edit -->";
    public static final String END = "<!-- end of function-table -->";

    /** The markdown table, between its markers. */
    public static String table() {
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        sb.append("| Function | Defined for (NULL elsewhere) | Tangent (JVP) | Description |\n");
        sb.append("|---|---|---|---|\n");
        for (ScalarFunction s : Functions.all()) {
            sb.append("| `").append(signature(s)).append('`');
            for (String a : s.aliases()) sb.append(", `").append(a).append('`');
            String domain = s.arity() == 0
                    ? ""
                    : s.arity() == 2 && s.domain().unrestricted()
                            ? "all"
                            : s.domain().describe();
            sb.append(" | ").append(domain.replace("|", "\\|"));
            sb.append(" | ").append(s.differentiable() ? "`" + tangent(s) + "`" : "not differentiable");
            sb.append(" | ").append(s.description().replace("|", "\\|")).append(" |\n");
        }
        for (ArrayFunction a : Functions.arrays()) {
            sb.append("| `").append(a.signature()).append('`');
            for (String alias : a.aliases()) sb.append(", `").append(alias).append('`');
            sb.append(" | ").append(a.arrays() == 1 ? "a DOUBLE[n]" : "two DOUBLE[n] of one size");
            if (!a.nulls().isEmpty()) sb.append(", except ").append(a.nulls());
            // derivatives with respect to array arguments belong to the GRADIENT work (issue 15)
            sb.append(" | not differentiable yet | ")
                    .append(a.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return sb.append(END).append('\n').toString();
    }

    /** Argument names as the descriptions and domains use them. */
    private static String[] args(ScalarFunction s) {
        return switch (s.fn()) {
            case LOG -> new String[] {"b", "x"};
            case ATAN2 -> new String[] {"y", "x"};
            case ROUND, TRUNC -> new String[] {"x", "digits"};
            default -> new String[] {"x", "y"};
        };
    }

    /**
     * What the shell's {@code .help NAME} shows for one function: signature (and aliases), description, where it is
     * defined, and its derivative (the JVP rule, or "not differentiable"), printed by {@code printer} (the
     * autograd module's printer writes only the parentheses precedence needs).
     */
    public static List<String> help(ScalarFunction s, java.util.function.Function<Expr, String> printer) {
        List<String> out = new ArrayList<>();
        StringBuilder sig = new StringBuilder(signature(s));
        if (!s.aliases().isEmpty())
            sig.append("   (also ").append(String.join(", ", s.aliases())).append(')');
        out.add(sig.toString());
        out.add(s.description());
        if (s.arity() > 0)
            out.add("Defined for: "
                    + (s.arity() == 2 && s.domain().unrestricted()
                            ? "all arguments"
                            : s.domain().describe())
                    + " (NULL elsewhere)");
        out.add(
                s.differentiable()
                        ? "Derivative (tangent): " + printer.apply(tangentExpr(s)) + "   (f is the function's value)"
                        : "Not differentiable: grad() of it is an error");
        return out;
    }

    /** {@code name(x, [y])}: the call as the docs table shows it (optional arguments in brackets). */
    public static String signature(ScalarFunction s) {
        List<String> a = new ArrayList<>();
        String[] names = args(s);
        for (int i = 0; i < s.fn().maxArgs(); i++) a.add(i >= s.fn().minArgs() ? "[" + names[i] + "]" : names[i]);
        return s.name() + "(" + String.join(", ", a) + ")";
    }

    /** The JVP rule applied to tangents {@code dx} (and {@code dy}), printed as SQL. */
    private static String tangent(ScalarFunction s) {
        return tangentExpr(s).toSql();
    }

    /** The JVP rule applied to tangents {@code dx} (and {@code dy}), as an expression over x, y, dx, dy and f. */
    public static Expr tangentExpr(ScalarFunction s) {
        int n = s.typeRule() == TypeRule.ROUND ? 1 : s.arity();
        List<Expr> args = new ArrayList<>(), tangents = new ArrayList<>();
        String[] names = args(s);
        for (int i = 0; i < n; i++) {
            args.add(new ColumnRef(i + 1, names[i], DataType.DOUBLE, Span.NONE));
            tangents.add(new ColumnRef(i + 11, "d" + names[i], DataType.DOUBLE, Span.NONE));
        }
        Call call = new Call(s.fn(), args, DataType.DOUBLE, Span.NONE);
        return s.derivative().jvp().apply(new Printing(call), call, tangents);
    }

    /** Builds readable expressions: the call itself prints as {@code f}, the function's value; a zero term is dropped. */
    private static final class Printing extends PlainDerivativeBuilder {
        private final Call call;

        Printing(Call call) {
            this.call = call;
        }

        @Override
        protected Expr arg(Expr e) {
            return e == call ? new ColumnRef(99, "f", DataType.DOUBLE, Span.NONE) : e;
        }

        @Override
        public Expr add(Expr a, Expr b) {
            return isZero(a) ? arg(b) : isZero(b) ? arg(a) : call(Fn.ADD, a, b);
        }

        @Override
        public Expr sub(Expr a, Expr b) {
            return isZero(b) ? arg(a) : isZero(a) ? neg(b) : call(Fn.SUB, a, b);
        }
    }
}
