package dev.nabla.jdbc;

import dev.nabla.storage.ArrayText;
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
 * {@code double[]} for a {@code DOUBLE[n]} and a {@code Double[]} for a {@code DOUBLE[]} list (whose
 * elements may be NULL, so they are boxed, as DuckDB's driver returns them); a fresh copy each call.
 * Result-set views of arrays are not offered.
 */
final class NablaArray implements Array {
    private final double[] values;
    /** The list this array reads, or null for a {@code DOUBLE[n]}. */
    private final dev.nabla.storage.@Nullable ListValue list;

    NablaArray(double[] values) {
        this.values = values;
        this.list = null;
    }

    NablaArray(dev.nabla.storage.ListValue list) {
        this.values = list.toArray();
        this.list = list;
    }

    @Override
    public String getBaseTypeName() {
        return "DOUBLE";
    }

    @Override
    public int getBaseType() {
        return Types.DOUBLE;
    }

    @Override
    public Object getArray() {
        return list != null ? list.toBoxed() : values.clone();
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) {
        return getArray();
    }

    /** Elements {@code index … index + count − 1} (1-based, as JDBC counts). */
    @Override
    public Object getArray(long index, int count) throws SQLException {
        if (index < 1 || count < 0 || index - 1 + count > values.length)
            throw new SQLException("array slice out of range: " + index + ", " + count, "2202E");
        if (list != null) return Arrays.copyOfRange(list.toBoxed(), (int) index - 1, (int) index - 1 + count);
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
