package dev.nabla.plan.expr;

import dev.nabla.common.Span;
import dev.nabla.storage.DataType;
import java.util.List;
import java.util.Objects;

/**
 * A constant: value is a Long (also BOOLEAN as Boolean, DATE/TIMESTAMP as Long), Double, String (BLOB
 * too, see {@code Blobs}), a double[] of the array's size ({@code DOUBLE[n]}; never written to), a
 * BigDecimal with exactly the type's scale (DECIMAL(p, s), and only it), a java.util.UUID (UUID), or null.
 */
public record Literal(Object value, DataType type, Span span) implements Expr {
    public Literal {
        Objects.requireNonNull(type);
        span = span == null ? Span.NONE : span;
        if (value != null
                && !(value instanceof Long
                        || value instanceof Double
                        || value instanceof String
                        || value instanceof Boolean
                        || value instanceof java.math.BigDecimal d
                                && type instanceof dev.nabla.storage.DecimalType t
                                && d.scale() == t.scale()
                        || value instanceof double[] a
                                && type instanceof dev.nabla.storage.ArrayType t
                                && a.length == t.size()
                        || value instanceof dev.nabla.storage.ListValue && type instanceof dev.nabla.storage.ListType
                        || value instanceof java.util.UUID && type == DataType.UUID)) {
            throw new IllegalArgumentException("literal value of " + value.getClass());
        }
    }

    public static Literal ofDouble(double v) {
        return new Literal(v, DataType.DOUBLE, Span.NONE);
    }

    public static Literal ofLong(long v) {
        return new Literal(v, DataType.BIGINT, Span.NONE);
    }

    public static Literal nullOf(DataType type) {
        return new Literal(null, type, Span.NONE);
    }

    public boolean isNull() {
        return value == null;
    }

    @Override
    public List<Expr> children() {
        return List.of();
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return this;
    }

    @Override
    public String toSql() {
        return ExprPrinter.literal(this);
    }
}
