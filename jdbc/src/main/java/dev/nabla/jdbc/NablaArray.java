package dev.nabla.jdbc;

import dev.nabla.storage.ArrayText;
import dev.nabla.storage.DataType;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code DOUBLE[n]} or {@code DOUBLE[]} value as a {@link java.sql.Array}: {@link #getArray()} is a
 * {@code double[]} for a {@code DOUBLE[n]} and a {@code Double[]}, {@code Long[]}, {@code Integer[]} or {@code String[]}
 * for a {@code DOUBLE[]}, {@code BIGINT[]}, {@code INTEGER[]} or {@code VARCHAR[]} list (whose elements may be NULL, so
 * they are boxed, as DuckDB's driver returns them); a fresh copy each call.
 * Result-set views of arrays are not offered.
 */
final class NablaArray implements Array {
    private final double[] values;
    /** The list this array reads, or null for a {@code DOUBLE[n]}. */
    private final dev.nabla.storage.@Nullable ListValue list;
    /** The list's element type (DOUBLE for a {@code DOUBLE[n]}). */
    private final DataType element;

    NablaArray(double[] values) {
        this.values = values;
        this.list = null;
        this.element = DataType.DOUBLE;
    }

    NablaArray(dev.nabla.storage.ListValue list, DataType element) {
        this.values = new double[0];
        this.list = list;
        this.element = element;
    }

    @Override
    public String getBaseTypeName() {
        return element.sqlName();
    }

    @Override
    public int getBaseType() {
        return element == DataType.VARCHAR
                ? Types.VARCHAR
                : element == DataType.INTEGER
                        ? Types.INTEGER
                        : element == DataType.BIGINT ? Types.BIGINT : Types.DOUBLE;
    }

    /**
     * {@code double[]} for a {@code DOUBLE[n]}; for a list its elements boxed, NULL elements as null: {@code Double[]},
     * {@code Long[]} ({@code BIGINT[]}), {@code Integer[]} ({@code INTEGER[]}) or {@code String[]} (as DuckDB's driver).
     */
    @Override
    public Object getArray() {
        if (list == null) return values.clone();
        Object[] boxed = list.toBoxed();
        if (element != DataType.INTEGER) return boxed;
        @Nullable Integer[] ints = new Integer[boxed.length];
        for (int i = 0; i < ints.length; i++) ints[i] = boxed[i] == null ? null : (int) (long) (Long) boxed[i];
        return ints;
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) {
        return getArray();
    }

    /** Elements {@code index … index + count − 1} (1-based, as JDBC counts). */
    @Override
    public Object getArray(long index, int count) throws SQLException {
        int len = list != null ? list.length() : values.length;
        if (index < 1 || count < 0 || index - 1 + count > len)
            throw new SQLException("array slice out of range: " + index + ", " + count, "2202E");
        if (list != null) return Arrays.copyOfRange((Object[]) getArray(), (int) index - 1, (int) index - 1 + count);
        return Arrays.copyOfRange(values, (int) index - 1, (int) index - 1 + count);
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return getArray(index, count);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        throw new SQLFeatureNotSupportedException("Array.getResultSet is not supported; use getArray()");
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        return getResultSet();
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        return getResultSet();
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return getResultSet();
    }

    @Override
    public void free() {}

    @Override
    public String toString() {
        return list != null ? list.toString() : ArrayText.format(values);
    }
}
