package dev.nabla.plan.fn;

import dev.nabla.plan.expr.Fn;
import dev.nabla.vector.ArrayKernels;
import java.util.List;
import java.util.Objects;

/**
 * One array function's complete definition ({@code DOUBLE[n]} arguments): the binder types calls from
 * {@link #result}, constant folding and the registry test read {@link #twin}, the interpreter runs
 * {@link #kernel} over the SIMD {@link ArrayKernels} (their scalar twin where SIMD is unavailable),
 * and the function table in docs/sql.md and {@code duckdb_functions()} print {@link #description}.
 *
 * @param fn          the function's identity in bound plans
 * @param aliases     further names (DuckDB's {@code array_dot_product} for {@code array_inner_product})
 * @param description one line for the generated function table
 * @param arrays      how many DOUBLE[n] arguments (1 or 2; two must have one size, and a two-array
 *                    function must be symmetric: the compiler moves a literal to the right)
 * @param result      the result's type
 * @param nulls       when the result is NULL for non-NULL arguments (for the docs): "" when never
 * @param twin        the reference semantics on one row, plain loops in argument order: a {@code Double}
 *                    ({@link Result#DOUBLE}), a {@code double[]} ({@link Result#SAME_ARRAY}), or null for
 *                    SQL NULL; {@code b} is null for a one-array function
 * @param kernel      the batch kernel
 */
public record ArrayFunction(
        Fn fn,
        List<String> aliases,
        String description,
        int arrays,
        Result result,
        String nulls,
        Twin twin,
        Kernel kernel) {

    public ArrayFunction {
        Objects.requireNonNull(fn);
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(description);
        Objects.requireNonNull(result);
        Objects.requireNonNull(nulls);
        Objects.requireNonNull(twin);
        Objects.requireNonNull(kernel);
        if (arrays != fn.minArgs() || arrays != fn.maxArgs())
            throw new IllegalArgumentException(fn + ": arity " + arrays + " does not match the Fn constant");
    }

    /** The type of a call's value. */
    public enum Result {
        /** a DOUBLE per row (the distances, inner products, norms) */
        DOUBLE,
        /** an array of the argument's type and size (l2_normalize) */
        SAME_ARRAY
    }

    public String name() {
        return fn.sqlName();
    }

    /** {@code name(a[, b])}, as the docs table prints it. */
    public String signature() {
        return name() + (arrays == 1 ? "(a)" : "(a, b)");
    }

    /** The reference value of one row. */
    @FunctionalInterface
    public interface Twin {
        Object apply(double[] a, double[] b);
    }

    /**
     * The interpreter's kernel over {@code n} rows, row-major with {@code w} doubles a row, rows of
     * {@code a} from {@code aRow}, of {@code b} from {@code bRow} (or row {@code bRow} for every row when
     * {@code bConst}; {@code b} is null for one-array functions). It writes {@code out[i]} ({@link
     * Result#DOUBLE}) or {@code out[i·w … (i+1)·w)} ({@link Result#SAME_ARRAY}), sets {@code nullOut[i]}
     * where the value is NULL for reasons of its own (a zero vector's cosine) without clearing the others,
     * and returns whether it set any. {@code scratch} has at least {@code n} doubles. Rows whose
     * arguments are NULL are computed anyway (the caller masks them): the loop has no branch per row.
     */
    @FunctionalInterface
    public interface Kernel {
        boolean apply(
                ArrayKernels k,
                double[] a,
                int aRow,
                double[] b,
                int bRow,
                boolean bConst,
                int w,
                double[] out,
                double[] scratch,
                boolean[] nullOut,
                int n);
    }
}
