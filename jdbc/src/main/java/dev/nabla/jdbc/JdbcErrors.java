package dev.nabla.jdbc;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import org.jspecify.annotations.Nullable;

/** Turns engine failures into SQLExceptions: the rendered message (with caret) and the error code's SQLSTATE. */
final class JdbcErrors {
    private JdbcErrors() {}

    static SQLException of(RuntimeException e, @Nullable String sql) {
        if (e instanceof NablaException n) {
            String message = n.render(sql);
            String state = n.code().sqlState();
            return switch (n.code()) {
                case SYNTAX,
                        UNKNOWN_TABLE,
                        UNKNOWN_COLUMN,
                        AMBIGUOUS_COLUMN,
                        UNKNOWN_FUNCTION,
                        DUPLICATE_OBJECT,
                        TYPE_MISMATCH,
                        GRAD,
                        GENERATED_ALWAYS -> new SQLSyntaxErrorException(message, state, e);
                case INVALID_ARGUMENT,
                        DIVISION_BY_ZERO,
                        NUMERIC_OVERFLOW,
                        INVALID_CAST,
                        SEQUENCE_LIMIT,
                        STRING_TOO_LONG -> new SQLDataException(message, state, e);
                case NOT_NULL_VIOLATION, FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, CHECK_VIOLATION ->
                    new SQLIntegrityConstraintViolationException(message, state, e);
                case CANCELLED -> new SQLTimeoutException(message, state, e);
                case TRANSACTION, SERIALIZATION_FAILURE -> new SQLTransactionRollbackException(message, state, e);
                case UNSUPPORTED -> new SQLFeatureNotSupportedException(message, state, e);
                default -> new SQLException(message, state, e);
            };
        }
        return new SQLException("internal error: " + e, ErrorCode.INTERNAL.sqlState(), e);
    }

    static SQLException closed(String what) {
        return new SQLException(what + " is closed", "08003");
    }

    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported by Nabla", "0A000");
    }

    static SQLDataException conversion(Object value, String target) {
        return new SQLDataException(
                "cannot convert " + describe(value) + " to " + target, ErrorCode.INVALID_CAST.sqlState());
    }

    private static String describe(Object v) {
        return v instanceof String s ? "'" + s + "'" : v + " (" + v.getClass().getSimpleName() + ")";
    }
}
