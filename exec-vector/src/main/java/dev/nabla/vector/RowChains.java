package dev.nabla.vector;

import java.util.Arrays;

/**
 * Lists of row indices per group, in insertion order, as head/tail/next int arrays (the build side of
 * a hash join: group = join key id, rows = build rows). Iterate with
 * {@code for (int r = first(g); r >= 0; r = next(r))}.
 */
public final class RowChains {
    private int[] head = new int[16];
    private int[] tail = new int[16];
    private int[] next = new int[16];
    private int groups;
    private int rows;

    public RowChains() {
        Arrays.fill(head, -1);
    }

    /** Appends {@code row} (≥ 0, each row at most once) to the list of {@code group} (≥ 0). */
    public void add(int group, int row) {
        if (group >= head.length) {
            int old = head.length;
            int cap = Math.max(old * 2, group + 1);
            head = Arrays.copyOf(head, cap);
            tail = Arrays.copyOf(tail, cap);
            Arrays.fill(head, old, cap, -1);
        }
        if (row >= next.length) next = Arrays.copyOf(next, Math.max(next.length * 2, row + 1));
        next[row] = -1;
        if (head[group] < 0) head[group] = row;
        else next[tail[group]] = row;
        tail[group] = row;
        groups = Math.max(groups, group + 1);
        rows++;
    }

    /** First row of the group, or -1. */
    public int first(int group) {
        return group >= 0 && group < head.length ? head[group] : -1;
    }

    /** The row after {@code row} in its group, or -1. */
    public int next(int row) {
        return next[row];
    }

    /** Rows added. */
    public int rowCount() {
        return rows;
    }
}
