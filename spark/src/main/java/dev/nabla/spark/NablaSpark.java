package dev.nabla.spark;

import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.Parser;
import dev.nabla.parser.ast.QualifiedName;
import dev.nabla.parser.ast.Query;
import dev.nabla.plan.reverse.ReverseRewriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reverse mode on Spark: the gradient of a loss query with respect to every value of a table, computed by
 * Spark as joins and aggregates, the DataFrame twin of Nabla's {@code GRADIENT(loss) WITH RESPECT TO t}
 * (docs/reverse-mode.md, docs/spark.md "Reverse mode").
 *
 * <p>The loss's analyzed plan is written as a Nabla query ({@link LossToSql}); Nabla's reverse-mode rewriter turns
 * it into the backward plan, a query of CTEs whose per-row derivatives are {@code grad(…)} calls; Spark runs that
 * query, expanding each {@code grad} with Nabla's rule registry through this extension. So the backward rules of
 * the operators and the derivative rules of the functions are Nabla's own, and Spark plans and distributes the
 * backward pass like any query. The session must have {@link NablaSparkExtensions} installed.
 */
public final class NablaSpark {
    private static final AtomicLong CALLS = new AtomicLong();

    private NablaSpark() {}

    /**
     * ∂loss/∂(each value of {@code table}): a Dataset with the rows of {@code table} in their scan order and its
     * columns in order, each DOUBLE or FLOAT column replaced by the derivative of the loss with respect to that
     * row's value, every other column passed through (so keys join the gradient back). {@code loss} must return
     * one row with one numeric column; it may read {@code table} any number of times (contributions add up).
     *
     * @throws org.apache.spark.sql.AnalysisException for a loss that cannot be differentiated, naming what
     */
    public static Dataset<Row> gradient(Dataset<Row> loss, String table) {
        return gradient(loss, table, new String[0]);
    }

    /** As {@link #gradient(Dataset, String)}, differentiating exactly the listed numeric columns. */
    public static Dataset<Row> gradient(Dataset<Row> loss, String table, String... columns) {
        Backward b = backward(loss, table, columns);
        try {
            return b.spark.sql(b.sql);
        } finally {
            // the backward Dataset is analyzed: it holds the views' plans, not their names
            for (String v : b.views) b.spark.catalog().dropTempView(v);
        }
    }

    /**
     * The Spark SQL text of the backward plan (what {@link #gradient} runs), with the names of the temporary
     * views it reads; for inspection, like Nabla's {@code EXPLAIN GRADIENT}. The views are not registered.
     */
    public static String backwardSql(Dataset<Row> loss, String table) {
        return backward(loss, table, new String[0], false).sql;
    }

    private record Backward(SparkSession spark, String sql, List<String> views) {}

    private static Backward backward(Dataset<Row> loss, String table, String[] columns) {
        return backward(loss, table, columns, true);
    }

    private static Backward backward(Dataset<Row> loss, String table, String[] columns, boolean register) {
        org.apache.spark.sql.classic.Dataset<Row> ds = (org.apache.spark.sql.classic.Dataset<Row>) loss;
        SparkSession spark = ds.sparkSession();
        LogicalPlan plan = ds.queryExecution().analyzed();
        // the relation's own name (the loss's plan names it so, whatever the qualifier)
        String name = table.substring(table.lastIndexOf('.') + 1).replace("`", "");
        String prefix = "__nabla_g" + CALLS.incrementAndGet() + "_";
        LossToSql writer = new LossToSql(name, prefix);
        String lossSql = writer.query(plan);

        Dataset<Row> rows = spark.table(table);
        List<ReverseRewriter.TargetColumn> cols = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (String c : columns) listed.add(c.toLowerCase(Locale.ROOT));
        boolean anyListed = !listed.isEmpty();
        for (StructField f : rows.schema().fields()) {
            DataType t = f.dataType();
            boolean diff;
            if (anyListed) {
                diff = listed.remove(f.name().toLowerCase(Locale.ROOT));
                if (diff && !(t instanceof NumericType))
                    throw DerivativeResolution.error("GRADIENT: column " + f.name() + " of type " + t.simpleString()
                            + " cannot be differentiated (only numeric columns)");
            } else diff = t == DataTypes.DoubleType || t == DataTypes.FloatType;
            cols.add(new ReverseRewriter.TargetColumn(f.name(), diff, t == DataTypes.FloatType ? "FLOAT" : "DOUBLE"));
        }
        if (!listed.isEmpty())
            throw DerivativeResolution.error("GRADIENT: column " + listed.getFirst() + " does not exist in " + table);

        String numbered = prefix + "gt";
        String sql;
        try {
            Query q = Parser.parseQuery(lossSql);
            sql = ReverseRewriter.backwardSql(q, QualifiedName.of(name), cols, view -> null, Span.NONE, numbered);
        } catch (NablaException e) {
            throw DerivativeResolution.error(e.getMessage() + " (the loss as Nabla reads it: " + lossSql + ")");
        }
        List<String> views = new ArrayList<>();
        if (register) {
            // the rows of the table numbered once and kept: every reading of it in the backward plan must see the
            // same number on the same row (Spark computes a CTE again for each reference)
            rows.withColumn("__rid", functions.monotonically_increasing_id())
                    .localCheckpoint()
                    .createOrReplaceTempView(numbered);
            views.add(numbered);
            for (Map.Entry<String, LogicalPlan> r : writer.relations.entrySet()) {
                List<String> names = new ArrayList<>();
                for (Attribute a : CollectionConverters.asJava(r.getValue().output()))
                    names.add(LossToSql.column(a.exprId()));
                org.apache.spark.sql.classic.Dataset.ofRows(spark, r.getValue())
                        .toDF(names.toArray(String[]::new))
                        .createOrReplaceTempView(r.getKey());
                views.add(r.getKey());
            }
        }
        return new Backward(spark, SparkText.of(sql), views);
    }
}
