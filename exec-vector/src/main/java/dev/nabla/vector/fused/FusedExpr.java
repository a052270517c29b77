package dev.nabla.vector.fused;

import java.util.Objects;

/**
 * The kernel IR of a fused expression: a DAG over input double columns and broadcast scalars. It has
 * no SQL knowledge; structurally equal subtrees are one node (records compare structurally), so the
 * generated loop computes each shared subexpression once per vector. Scalars are referenced by index
 * (their values are passed at call time) so that {@code a*x+b} with different parameters reuses the
 * same generated class.
 */
public sealed interface FusedExpr {
    /** Input column {@code column} (an index into the kernel's column arrays). */
    record Input(int column) implements FusedExpr {
        public Input {
            if (column < 0) throw new IllegalArgumentException("column " + column);
        }
    }

    /** The broadcast scalar {@code scalars[index]}. */
    record Scalar(int index) implements FusedExpr {
        public Scalar {
            if (index < 0) throw new IllegalArgumentException("scalar " + index);
        }
    }

    record Unary(UnaryOp op, FusedExpr arg) implements FusedExpr {
        public Unary {
            Objects.requireNonNull(op);
            Objects.requireNonNull(arg);
        }
    }

    record Binary(BinaryOp op, FusedExpr left, FusedExpr right) implements FusedExpr {
        public Binary {
            Objects.requireNonNull(op);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /**
     * {@code cond ? then : otherwise} per row (a searched CASE). Both branches are computed; a NaN in
     * the branch not taken is discarded, as SQL discards the NULL of a branch it does not take.
     */
    record Select(Cond cond, FusedExpr then, FusedExpr otherwise) implements FusedExpr {
        public Select {
            Objects.requireNonNull(cond);
            Objects.requireNonNull(then);
            Objects.requireNonNull(otherwise);
        }
    }

    /**
     * A condition of {@link Select}. A comparison with a NaN operand is false, and SQL's CASE treats a
     * NULL condition as not TRUE, so AND/OR of comparisons agree with SQL's three-valued logic here;
     * NOT would not (NOT NULL is NULL, NOT false is true) and is not part of the IR, and {@code <>} is
     * spelled {@code < OR >} because IEEE's "not equal" is true for NaN.
     */
    sealed interface Cond {
        record Compare(CompareOp op, FusedExpr left, FusedExpr right) implements Cond {
            public Compare {
                Objects.requireNonNull(op);
                Objects.requireNonNull(left);
                Objects.requireNonNull(right);
            }
        }

        record And(Cond left, Cond right) implements Cond {
            public And {
                Objects.requireNonNull(left);
                Objects.requireNonNull(right);
            }
        }

        /**
         * {@code arg} is NaN: SQL's {@code IS NULL} on a fused value, where NULL appears as NaN. Callers
         * must make a NaN input value (a stored NaN, which SQL does not call NULL) leave the fast path.
         */
        record IsNaN(FusedExpr arg) implements Cond {
            public IsNaN {
                Objects.requireNonNull(arg);
            }
        }

        record Or(Cond left, Cond right) implements Cond {
            public Or {
                Objects.requireNonNull(left);
                Objects.requireNonNull(right);
            }
        }
    }

    /** Ordered comparisons (false when either side is NaN); the name is the {@code VectorOperators} constant. */
    enum CompareOp {
        EQ,
        LT,
        LE,
        GT,
        GE
    }

    /**
     * Unary operations: IEEE functions of one double, each mapping NaN to NaN. They carry no SQL domain
     * rule (ln(0) is −Infinity here): the function registry ({@code dev.nabla.plan.fn.Functions}) owns
     * each SQL function's domain, and its translation wraps the operation in a {@link Select} that gives
     * NaN outside the domain, so a domain error surfaces as a NaN in the result. Functions that are not
     * primitives here (sigmoid, softplus, …) are composites the registry builds from these.
     * {@code vectorOp} names the {@code VectorOperators} constant (null: a dedicated method);
     * {@code mathMethod} names the {@link Math} method of the scalar twin (null: a bytecode).
     */
    enum UnaryOp {
        NEG(null, null),
        ABS(null, "abs"),
        SQRT("SQRT", "sqrt"),
        CBRT("CBRT", "cbrt"),
        SIN("SIN", "sin"),
        COS("COS", "cos"),
        TAN("TAN", "tan"),
        ASIN("ASIN", "asin"),
        ACOS("ACOS", "acos"),
        ATAN("ATAN", "atan"),
        SINH("SINH", "sinh"),
        COSH("COSH", "cosh"),
        TANH("TANH", "tanh"),
        EXP("EXP", "exp"),
        EXPM1("EXPM1", "expm1"),
        LN("LOG", "log"),
        LOG10("LOG10", "log10"),
        LOG1P("LOG1P", "log1p"),
        SIGN(null, "signum");

        final String vectorOp;
        final String mathMethod;

        UnaryOp(String vectorOp, String mathMethod) {
            this.vectorOp = vectorOp;
            this.mathMethod = mathMethod;
        }
    }

    /**
     * Binary operations. {@code DIV} is IEEE division (for non-zero literal divisors); {@code DIV_OR_NAN}
     * is SQL division, NaN where the divisor is 0 (SQL: NULL; IEEE: ±Infinity, which later operations
     * could hide). {@code POW} is {@link Math#pow}; callers give it a literal, non-zero exponent, since
     * pow(NaN, 0) = 1 would hide a NaN.
     */
    enum BinaryOp {
        ADD,
        SUB,
        MUL,
        DIV,
        MIN,
        MAX,
        DIV_OR_NAN,
        POW
    }

    static FusedExpr input(int c) {
        return new Input(c);
    }

    static FusedExpr scalar(int i) {
        return new Scalar(i);
    }

    static FusedExpr unary(UnaryOp op, FusedExpr a) {
        return new Unary(op, a);
    }

    static FusedExpr binary(BinaryOp op, FusedExpr a, FusedExpr b) {
        return new Binary(op, a, b);
    }

    static FusedExpr select(Cond c, FusedExpr then, FusedExpr otherwise) {
        return new Select(c, then, otherwise);
    }

    static Cond compare(CompareOp op, FusedExpr a, FusedExpr b) {
        return new Cond.Compare(op, a, b);
    }
}
