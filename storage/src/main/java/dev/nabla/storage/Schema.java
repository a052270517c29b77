package dev.nabla.storage;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The columns of a table and its primary key (column indexes, possibly several; empty when the
 * table has none). Primary-key columns are implicitly NOT NULL.
 */
public record Schema(List<ColumnDef> columns, int[] primaryKey) {
    public Schema {
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        primaryKey = primaryKey == null ? new int[0] : primaryKey.clone();
        for (int c : primaryKey) {
            if (c < 0 || c >= columns.size())
                throw new NablaException(ErrorCode.INTERNAL, "primary key column index out of range: " + c);
        }
        for (int i = 0; i < columns.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (columns.get(i).name().equalsIgnoreCase(columns.get(j).name())) {
                    throw new NablaException(
                            ErrorCode.DUPLICATE_OBJECT,
                            "duplicate column name: " + columns.get(i).name());
                }
            }
        }
    }

    /** A schema whose primary key is the columns flagged {@link ColumnDef#primaryKey()}, in column order. */
    public Schema(List<ColumnDef> columns) {
        this(columns, flaggedKey(columns));
    }

    public static Schema of(ColumnDef... columns) {
        return new Schema(List.of(columns));
    }

    private static int[] flaggedKey(List<ColumnDef> columns) {
        return java.util.stream.IntStream.range(0, columns.size())
                .filter(i -> columns.get(i).primaryKey())
                .toArray();
    }

    public int width() {
        return columns.size();
    }

    public ColumnDef column(int i) {
        return columns.get(i);
    }

    public String name(int i) {
        return columns.get(i).name();
    }

    public DataType type(int i) {
        return columns.get(i).type();
    }

    public List<String> names() {
        List<String> out = new ArrayList<>(columns.size());
        for (ColumnDef c : columns) out.add(c.name());
        return out;
    }

    /** Index of the column with this name (case-insensitive), or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equalsIgnoreCase(name)) return i;
        return -1;
    }

    public boolean hasPrimaryKey() {
        return primaryKey.length > 0;
    }

    public boolean isPrimaryKeyColumn(int column) {
        for (int c : primaryKey) if (c == column) return true;
        return false;
    }

    /** NOT NULL declared, or part of the primary key. */
    public boolean isNotNull(int column) {
        return columns.get(column).notNull() || isPrimaryKeyColumn(column);
    }

    @Override
    public int[] primaryKey() {
        return primaryKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && columns.equals(s.columns) && Arrays.equals(primaryKey, s.primaryKey);
    }

    @Override
    public int hashCode() {
        return columns.hashCode() * 31 + Arrays.hashCode(primaryKey);
    }

    @Override
    public String toString() {
        return "Schema" + columns + " pk=" + Arrays.toString(primaryKey);
    }
}
