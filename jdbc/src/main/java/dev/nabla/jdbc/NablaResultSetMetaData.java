package dev.nabla.jdbc;

import dev.nabla.storage.DataType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** Column labels, java.sql.Types, type names, precision and scale of a result. */
final class NablaResultSetMetaData implements ResultSetMetaData {
    private final RowSource rows;

    NablaResultSetMetaData(RowSource rows) {
        this.rows = rows;
    }

    private DataType type(int column) throws SQLException {
        check(column);
        return rows.columnType(column - 1);
    }

    private void check(int column) throws SQLException {
        if (column < 1 || column > rows.columnCount()) {
            throw new SQLException("column index " + column + " out of range 1.." + rows.columnCount(), "07009");
        }
    }

    @Override
    public int getColumnCount() {
        return rows.columnCount();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return type(column) == DataType.VARCHAR;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        check(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        check(column);
        return false;
    }

    /**
     * A column read unchanged from a stored table is "no nulls" when that column is NOT NULL (and no
     * outer join could add NULLs), "nullable" otherwise; a computed column's nullability is unknown.
     */
    @Override
    public int isNullable(int column) throws SQLException {
        check(column);
        var o = rows.origin(column - 1);
        if (o == null) return columnNullableUnknown;
        return o.notNull() ? columnNoNulls : columnNullable;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return type(column).isNumeric() && type(column) != DataType.NULL;
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return Values.displaySize(type(column));
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        check(column);
        return rows.columnName(column - 1);
    }

    @Override
    /** The stored column's own name for a column read unchanged from a table (whatever its label), else the label. */
    public String getColumnName(int column) throws SQLException {
        check(column);
        var o = rows.origin(column - 1);
        return o != null ? o.column() : rows.columnName(column - 1);
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        check(column);
        return rows.origin(column - 1) != null ? NablaConnection.DEFAULT_SCHEMA : "";
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        int n = charLength(column);
        return n > 0 ? n : Values.precision(type(column));
    }

    /** n when the column is a CHAR(n) column read unchanged (blank-padded to n), else -1. */
    private int charLength(int column) throws SQLException {
        check(column);
        var o = rows.origin(column - 1);
        return o == null ? -1 : o.charLength();
    }

    @Override
    public int getScale(int column) throws SQLException {
        return Values.scale(type(column));
    }

    @Override
    public String getTableName(int column) throws SQLException {
        check(column);
        var o = rows.origin(column - 1);
        return o != null ? o.table() : "";
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        check(column);
        return rows.origin(column - 1) != null ? NablaConnection.CATALOG : "";
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return charLength(column) > 0 ? java.sql.Types.CHAR : Values.sqlType(type(column));
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return charLength(column) > 0 ? "CHAR" : type(column).sqlName();
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        check(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        check(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return Values.javaClassName(type(column));
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
