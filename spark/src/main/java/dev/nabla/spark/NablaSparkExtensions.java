package dev.nabla.spark;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Function1;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.runtime.BoxedUnit;

/**
 * Nabla's derivatives in Spark SQL: {@code spark.sql.extensions=dev.nabla.spark.NablaSparkExtensions}, or
 * {@code SparkSession.builder().withExtensions(new NablaSparkExtensions())}, or just the jar on the
 * classpath (the ServiceLoader entry). Registers {@code grad}, {@code jvp}, {@code vjp}, {@code stop_gradient},
 * {@code sigmoid}, {@code softplus}, {@code relu}; a resolution rule expands them with Nabla's autograd and a
 * check rule refuses any left over. A parser reads {@code GRADIENT(…) WITH RESPECT TO t} (reverse mode).
 */
public final class NablaSparkExtensions implements SparkSessionExtensionsProvider {
    @Override
    public BoxedUnit apply(SparkSessionExtensions ext) {
        for (NablaFunction f : NablaFunction.values()) {
            Function1<Seq<Expression>, Expression> builder = args -> {
                int n = args.size();
                if (n < f.minArgs || n > f.maxArgs) {
                    throw DerivativeResolution.error(f.sqlName() + " takes " + f.minArgs
                            + (f.maxArgs == f.minArgs ? "" : ".." + f.maxArgs) + " arguments, got " + n + ": "
                            + f.usage);
                }
                return new NablaCall(f, args);
            };
            ExpressionInfo info = new ExpressionInfo(NablaCall.class.getName(), null, f.sqlName(), f.usage, "");
            ext.injectFunction(new Tuple3<>(new FunctionIdentifier(f.sqlName()), info, builder));
        }
        ext.injectResolutionRule(session -> new DerivativeResolution());
        // GRADIENT(...) WITH RESPECT TO t as a table reference (reverse mode)
        ext.injectParser((session, delegate) -> new NablaParser(session, delegate));
        ext.injectCheckRule(session -> plan -> {
            DerivativeResolution.check(plan);
            return BoxedUnit.UNIT;
        });
        return BoxedUnit.UNIT;
    }
}
