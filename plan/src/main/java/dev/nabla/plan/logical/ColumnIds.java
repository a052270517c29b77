package dev.nabla.plan.logical;

/** Hands out statement-unique column ids. One instance per bound statement. */
public final class ColumnIds {
    private int next;

    public ColumnIds() {
        this(1);
    }

    public ColumnIds(int first) {
        this.next = first;
    }

    /** Ids above everything {@code plan} and {@code exprs} use: for plans the engine builds at run time. */
    public static ColumnIds above(LogicalPlan plan, java.util.List<dev.nabla.plan.expr.Expr> exprs) {
        return new ColumnIds(PlanExprs.maxColumnId(plan, exprs) + 1);
    }

    public int next() {
        return next++;
    }

    public int peek() {
        return next;
    }
}
