package dev.nabla.spark;

import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;

/**
 * A call of one of Nabla's functions as the parser and function registry leave it: {@code grad(body, x)},
 * {@code jvp}/{@code vjp} with a seed, {@code stop_gradient(x)}, {@code sigmoid}, {@code softplus}, {@code relu}.
 * It is never evaluated: {@link DerivativeResolution} replaces it by ordinary Catalyst expressions once its
 * arguments are resolved, and {@link NablaSparkExtensions}' check rule fails the query if one survives analysis.
 */
public final class NablaCall extends Expression {
    private final NablaFunction function;
    private final Seq<Expression> args;

    public NablaCall(NablaFunction function, Seq<Expression> args) {
        this.function = function;
        this.args = args;
    }

    public NablaFunction function() {
        return function;
    }

    public List<Expression> arguments() {
        return scala.jdk.javaapi.CollectionConverters.asJava(args);
    }

    @Override
    public Seq<Expression> children() {
        return args;
    }

    @Override
    public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
        return new NablaCall(function, newChildren);
    }

    @Override
    public boolean nullable() {
        return true;
    }

    @Override
    public DataType dataType() {
        return function == NablaFunction.DERIVATIVE ? DataTypes.StringType : DataTypes.DoubleType;
    }

    @Override
    public String prettyName() {
        return function.sqlName();
    }

    @Override
    public Object eval(InternalRow input) {
        throw DerivativeResolution.survived(this);
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
        throw DerivativeResolution.survived(this);
    }

    @Override
    public int productArity() {
        return 2;
    }

    @Override
    public Object productElement(int n) {
        return switch (n) {
            case 0 -> function;
            case 1 -> args;
            default -> throw new IndexOutOfBoundsException(n);
        };
    }

    @Override
    public boolean canEqual(Object that) {
        return that instanceof NablaCall;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NablaCall c && c.function == function && c.args.equals(args);
    }

    @Override
    public int hashCode() {
        return function.hashCode() * 31 + args.hashCode();
    }
}
