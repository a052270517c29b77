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
     * Unary operations. Each maps NaN to NaN, so a domain error anywhere in the DAG (a NaN produced from
     * finite inputs) surfaces as a NaN in the result; callers with stricter semantics detect it there.
     * {@code vectorOp} names the {@code VectorOperators} constant (null: a dedicated method or a composite).
     */
    enum UnaryOp {
        NEG(null), ABS(null), SQRT("SQRT"), CBRT("CBRT"), SIN("SIN"), COS("COS"), TAN("TAN"), ATAN("ATAN"),
        SINH("SINH"), COSH("COSH"), TANH("TANH"), EXP("EXP"), EXPM1("EXPM1"), SIGMOID(null);

        final String vectorOp;

        UnaryOp(String vectorOp) { this.vectorOp = vectorOp; }
    }

    enum BinaryOp { ADD, SUB, MUL, DIV, MIN, MAX }

    static FusedExpr input(int c) { return new Input(c); }

    static FusedExpr scalar(int i) { return new Scalar(i); }

    static FusedExpr unary(UnaryOp op, FusedExpr a) { return new Unary(op, a); }

    static FusedExpr binary(BinaryOp op, FusedExpr a, FusedExpr b) { return new Binary(op, a, b); }
}
