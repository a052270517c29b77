package dev.nabla.storage;

import java.io.DataInput;
import java.io.IOException;

/**
 * Where a lazily opened segment reads its columns: one segment of a database file's checkpoint, whose column
 * blocks stay on disk until a scan, an index or a writer first touches them (docs/storage.md, "Lazy columns").
 * The engine's database file supplies the checked bytes ({@link #block}); decoding is {@link TableImages}'s.
 */
public abstract class ColumnSource {
    private final PhysicalType[] types;
    private final int[] widths;
    private final int count;

    protected ColumnSource(PhysicalType[] types, int[] widths, int count) {
        this.types = types;
        this.widths = widths;
        this.count = count;
    }

    /** Rows of the segment. */
    public final int count() {
        return count;
    }

    /**
     * Column {@code c}'s block, its checksum verified, positioned at the column's encoding (as {@link
     * TableImages#writeColumn} wrote it); a damaged or unreadable block throws an error naming the file and offset.
     */
    protected abstract DataInput block(int c);

    /** The error for a block that passed its checksum but does not decode (a bug or a forged file). */
    protected abstract RuntimeException damaged(int c, IOException why);

    /** Called once per column read, with the bytes its arrays take (for accounting). */
    protected abstract void loaded(int c, long bytes);

    /** Reads column {@code c} into {@code data[0]} (exactly {@link #count} rows) and its null bitmap into {@code nulls[0]}. */
    final void load(int c, Object[] data, long[][] nulls) {
        DataInput in = block(c);
        data[0] = Segment.newArray(types[c], count * widths[c]);
        try {
            TableImages.readColumn(in, types[c], widths[c], data, nulls, 0, 0, count, count, true);
        } catch (IOException | RuntimeException e) {
            throw damaged(c, e instanceof IOException io ? io : new IOException(String.valueOf(e.getMessage()), e));
        }
        loaded(c, TableImages.arrayBytes(data[0]) + (nulls[0] == null ? 0 : 8L * nulls[0].length));
    }
}
