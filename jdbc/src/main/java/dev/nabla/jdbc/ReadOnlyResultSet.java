package dev.nabla.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/** The updater half of {@link ResultSet}: Nabla result sets are read-only (CONCUR_READ_ONLY), so every update fails. */
abstract class ReadOnlyResultSet implements ResultSet {

    private static SQLFeatureNotSupportedException readOnly() {
        return JdbcErrors.unsupported("updating a result set (it is read-only; use UPDATE)");
    }

    @Override
    public boolean rowUpdated() {
        return false;
    }

    @Override
    public boolean rowInserted() {
        return false;
    }

    @Override
    public boolean rowDeleted() {
        return false;
    }

    @Override
    public void insertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void deleteRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void refreshRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToCurrentRow() {}

    @Override
    public void updateNull(int column) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(int column, boolean x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(int column, byte x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(int column, short x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(int column, int x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(int column, long x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(int column, float x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(int column, double x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(int column, BigDecimal x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(int column, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(int column, byte[] x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(int column, Date x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(int column, Time x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(int column, Timestamp x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int column, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int column, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int column, Reader x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int column, Object x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int column, Object x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNull(String column) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(String column, boolean x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(String column, byte x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(String column, short x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(String column, int x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(String column, long x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(String column, float x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(String column, double x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(String column, BigDecimal x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(String column, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(String column, byte[] x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(String column, Date x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(String column, Time x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(String column, Timestamp x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String column, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String column, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String column, Reader x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String column, Object x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String column, Object x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(int column, Ref x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(String column, Ref x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int column, Blob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String column, Blob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int column, Clob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String column, Clob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(int column, Array x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(String column, Array x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(int column, RowId x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(String column, RowId x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(int column, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(String column, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int column, NClob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String column, NClob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(int column, SQLXML x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(String column, SQLXML x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int column, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String column, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int column, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int column, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int column, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String column, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String column, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String column, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int column, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String column, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int column, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String column, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int column, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String column, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int column, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String column, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int column, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int column, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int column, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String column, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String column, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String column, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int column, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String column, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int column, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String column, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int column, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String column, Reader x) throws SQLException {
        throw readOnly();
    }
}
