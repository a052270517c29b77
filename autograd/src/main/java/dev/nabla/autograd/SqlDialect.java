package dev.nabla.autograd;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.plan.expr.Fn;
import dev.nabla.storage.DataType;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The SQL dialects derivatives can be written out in ({@code ./nabla --expand-derivatives --dialect …}):
 * which scalar functions each has under Nabla's name and how it spells a type. What a dialect lacks,
 * {@link PortableSql#rewrite} writes with what it has ({@code sigmoid(x)} → {@code 1 / (1 + exp(-x))}).
 */
public enum SqlDialect {
    NABLA,
    DUCKDB,
    POSTGRES,
    SPARK;

    /** Functions and operators every dialect spells as Nabla does, with the same meaning on DOUBLE. */
    private static final Set<Fn> COMMON = EnumSet.of(
            Fn.ADD,
            Fn.SUB,
            Fn.MUL,
            Fn.DIV,
            Fn.MOD,
            Fn.NEG,
            Fn.EQ,
            Fn.NE,
            Fn.LT,
            Fn.LE,
            Fn.GT,
            Fn.GE,
            Fn.IS_DISTINCT_FROM,
            Fn.IS_NOT_DISTINCT_FROM,
            Fn.AND,
            Fn.OR,
            Fn.NOT,
            Fn.IS_NULL,
            Fn.IS_NOT_NULL,
            Fn.IN_LIST,
            Fn.LIKE,
            Fn.COALESCE,
            Fn.NULLIF,
            Fn.ABS,
            Fn.SIGN,
            Fn.FLOOR,
            Fn.CEIL,
            Fn.ROUND,
            Fn.SQRT,
            Fn.CBRT,
            Fn.EXP,
            Fn.LN,
            Fn.LOG10,
            Fn.POWER,
            Fn.SIN,
            Fn.COS,
            Fn.TAN,
            Fn.ASIN,
            Fn.ACOS,
            Fn.ATAN,
            Fn.ATAN2,
            Fn.SINH,
            Fn.COSH,
            Fn.TANH,
            Fn.ASINH,
            Fn.ACOSH,
            Fn.ATANH,
            Fn.GREATEST,
            Fn.LEAST,
            Fn.PI,
            Fn.LOWER,
            Fn.UPPER,
            Fn.LENGTH,
            Fn.CONCAT);

    /** DuckDB's functions of Nabla's name beyond {@link #COMMON}: its ARRAY functions are Nabla's {@code DOUBLE[n]}. */
    private static final Set<Fn> DUCKDB_ONLY = EnumSet.of(
            Fn.TRUNC,
            Fn.LOG2,
            Fn.ILIKE,
            Fn.IFNULL,
            Fn.ARRAY_VALUE,
            Fn.ARRAY_EXTRACT,
            Fn.ARRAY_LENGTH,
            Fn.ARRAY_INNER_PRODUCT,
            Fn.ARRAY_NEGATIVE_INNER_PRODUCT,
            Fn.ARRAY_DISTANCE,
            Fn.ARRAY_COSINE_SIMILARITY,
            Fn.ARRAY_COSINE_DISTANCE);

    /** The dialect named {@code name} (case-insensitive; {@code postgresql} and {@code pg} name POSTGRES). */
    public static SqlDialect named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "nabla" -> NABLA;
            case "duckdb" -> DUCKDB;
            case "postgres", "postgresql", "pg" -> POSTGRES;
            case "spark", "sparksql", "spark-sql" -> SPARK;
            default ->
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        "unknown SQL dialect '" + name + "': expected duckdb, postgres, spark or nabla");
        };
    }

    /** Whether this dialect has {@code fn} under Nabla's name with Nabla's meaning. */
    public boolean has(Fn fn) {
        if (this == NABLA) return true;
        if (COMMON.contains(fn)) return true;
        return switch (this) {
            case DUCKDB -> DUCKDB_ONLY.contains(fn);
            case POSTGRES -> fn == Fn.TRUNC || fn == Fn.ILIKE;
            case SPARK -> fn == Fn.LOG2 || fn == Fn.LOG1P || fn == Fn.EXPM1 || fn == Fn.ILIKE || fn == Fn.IFNULL;
            case NABLA -> true;
        };
    }

    /** {@code type} as this dialect writes it in a CAST. */
    public String typeName(DataType type) {
        if (this == POSTGRES && type == DataType.DOUBLE) return "DOUBLE PRECISION";
        if (this == SPARK && type == DataType.VARCHAR) return "STRING";
        return type.sqlName();
    }

    /**
     * A numeric constant written with a decimal point or exponent, which Nabla types DOUBLE, as this dialect
     * writes a DOUBLE constant: DuckDB, PostgreSQL and Spark read {@code 0.1} as an exact DECIMAL, which
     * changes sums, recursive CTE column types and division.
     */
    public String doubleLiteral(String text) {
        return switch (this) {
            case NABLA -> text;
            case DUCKDB -> text + "::DOUBLE";
            case POSTGRES -> text + "::float8";
            case SPARK -> text + "D";
        };
    }

    /** Integer division (Nabla's {@code /} on two integers, truncating) in this dialect. */
    public String integerDivision() {
        return switch (this) {
            case NABLA, POSTGRES -> "/";
            case DUCKDB -> "//";
            case SPARK -> "div";
        };
    }

    public String displayName() {
        return switch (this) {
            case NABLA -> "Nabla";
            case DUCKDB -> "DuckDB";
            case POSTGRES -> "PostgreSQL";
            case SPARK -> "Spark SQL";
        };
    }
}
