package dev.nabla.engine.exec.op;

import java.util.Locale;

/**
 * EXPLAIN text of a physical plan: one operator per line, inputs two spaces deeper. Profiling
 * wrappers are not operators: their figures are printed on the line of the operator they wrap
 * ({@code (rows=N, T ms)}, with {@code loops=K} when it ran more than once).
 */
public final class PhysicalPlanPrinter {
    private PhysicalPlanPrinter() {}

    public static String explain(Explained root) {
        StringBuilder sb = new StringBuilder();
        print(root, 0, sb);
        return sb.toString();
    }

    private static void print(Explained node, int depth, StringBuilder sb) {
        OperatorStats stats = node.stats();
        Explained shown = node instanceof ProfiledNode p ? p.inner() : node;
        sb.append("  ".repeat(depth))
                .append(shown.explainLine())
                .append(annotation(stats))
                .append('\n');
        for (Explained in : shown.explainInputs()) print(in, depth + 1, sb);
        for (Explained sub : shown.explainSubqueries()) {
            sb.append("  ".repeat(depth + 1)).append("Subquery\n");
            print(sub, depth + 2, sb);
        }
    }

    /** {@code "  (rows=N, T ms)"}; empty when the node never ran or is not profiled. */
    public static String annotation(OperatorStats s) {
        if (s == null || s.runs() == 0) return "";
        String loops = s.runs() > 1 ? ", loops=" + s.runs() : "";
        return "  (rows=" + s.rows() + loops + ", " + String.format(Locale.ROOT, "%.3f ms", s.nanos() / 1e6) + ")";
    }
}
