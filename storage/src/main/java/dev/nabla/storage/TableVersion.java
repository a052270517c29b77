package dev.nabla.storage;

/**
 * An immutable state of a table: its segments and how many rows of each belong to this version.
 * Readers never look past a segment's count, which is what lets writers append into spare capacity
 * of shared arrays without disturbing anyone.
 */
public final class TableVersion {
    static final TableVersion EMPTY = new TableVersion(new Segment[0], new int[0], 0);

    private final Segment[] segments;
    private final int[] counts;
    private final long liveRows;

    TableVersion(Segment[] segments, int[] counts, long liveRows) {
        this.segments = segments;
        this.counts = counts;
        this.liveRows = liveRows;
    }

    public int segmentCount() {
        return segments.length;
    }

    public Segment segment(int i) {
        return segments[i];
    }

    /** Rows of segment {@code i} in this version, deleted ones included. */
    public int count(int i) {
        return counts[i];
    }

    /** Rows not deleted. */
    public long liveRows() {
        return liveRows;
    }

    Segment[] segments() {
        return segments;
    }

    int[] counts() {
        return counts;
    }
}
