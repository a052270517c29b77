package dev.nabla.jdbc;

import dev.nabla.storage.DataType;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** The types the binder inferred for a prepared statement's {@code ?} parameters. */
final class NablaParameterMetaData implements ParameterMetaData {
    private final List<DataType> types;

    NablaParameterMetaData(List<DataType> types) {
        // an untyped parameter (no context to infer from) is reported as NULL/OTHER
        this.types = types.stream().map(t -> t == null ? DataType.NULL : t).toList();
    }

    private DataType type(int param) throws SQLException {
        if (param < 1 || param > types.size())
            throw new SQLException("parameter index " + param + " out of range 1.." + types.size(), "07009");
        return types.get(param - 1);
    }

    @Override
    public int getParameterCount() {
        return types.size();
    }

    @Override
    public int isNullable(int param) throws SQLException {
        type(param);
        return parameterNullable;
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        return type(param).isNumeric();
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        return Values.precision(type(param));
    }

    @Override
    public int getScale(int param) throws SQLException {
        return Values.scale(type(param));
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        DataType t = type(param);
        return t == DataType.NULL ? Types.OTHER : Values.sqlType(t);
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        DataType t = type(param);
        return t == DataType.NULL ? "UNKNOWN" : t.sqlName();
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return Values.javaClassName(type(param));
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        type(param);
        return parameterModeIn;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper for " + iface.getName(), "22023");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
