package dev.nabla.plan.logical;

/** Hands out statement-unique column ids. One instance per bound statement. */
public final class ColumnIds {
    private int next;

    public ColumnIds() { this(1); }

    public ColumnIds(int first) { this.next = first; }

    public int next() { return next++; }

    public int peek() { return next; }
}
