package dev.nabla.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.pow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code NablaSpark.gradient} (reverse mode on Spark) against Nabla's {@code GRADIENT(…) WITH RESPECT TO} on the same
 * rows: linear, logistic and softmax regression (the losses of Nabla's reverse-mode examples), a loss written with
 * the DataFrame API, a training loop, and the refusals.
 */
class ReverseModeOnSparkTest {
    static SparkSession spark;
    static Database db;
    static Session nabla;

    static final String LINEAR = "SELECT AVG(power(p.w * d.x + p.b - d.y, 2)) FROM data d, params p";

    /** L2-penalised logistic regression in long form (examples/reverse_logistic_breast_cancer.sql). */
    static final String LOGISTIC = "SELECT a.data_loss + r.penalty AS loss"
            + " FROM (SELECT AVG(ln(1 + exp(z.t)) - y.y * z.t) AS data_loss"
            + "       FROM (SELECT x.i, SUM(w.v * x.v) AS t FROM x JOIN w ON x.f = w.f GROUP BY x.i) z"
            + "       JOIN y ON y.i = z.i) a,"
            + "      (SELECT 0.005 * SUM(CASE WHEN f < 4 THEN v * v ELSE 0.0 END) AS penalty FROM w) r";

    /** Softmax regression, mean cross-entropy (examples/reverse_softmax_digits.sql). */
    static final String SOFTMAX = "SELECT AVG(l) AS loss FROM ("
            + " SELECT z.i, ln(SUM(exp(z.z))) - SUM(CASE WHEN z.c = y.label THEN z.z ELSE 0.0 END) AS l"
            + " FROM (SELECT x.i, w.c, SUM(w.v * x.v) AS z FROM x JOIN w ON x.f = w.f GROUP BY x.i, w.c) z"
            + " JOIN y ON y.i = z.i GROUP BY z.i) t";

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("ReverseModeOnSparkTest");
        db = Nabla.open();
        nabla = db.connect();
        // linear regression: x centred in [-1, 1), y = 2.5x - 1 + noise
        nabla.execute("CREATE TABLE data AS SELECT (i % 40 - 19.5) / 20.0 AS x,"
                + " 2.5 * ((i % 40 - 19.5) / 20.0) - 1.0 + 0.3 * sin(i) AS y FROM range(200) r(i)");
        nabla.execute("CREATE TABLE params(id INTEGER, w DOUBLE, b DOUBLE)");
        nabla.execute("INSERT INTO params VALUES (1, 0.3, -0.2)");
        // classification: 120 samples, features 0..3 and the bias feature 4 in long form x(i, f, v)
        nabla.execute("CREATE TABLE x AS SELECT i, f, CASE WHEN f = 4 THEN 1.0 ELSE sin(i * 1.7 + f * 0.9) END AS v"
                + " FROM range(120) a(i), range(5) b(f)");
        nabla.execute("CREATE TABLE y AS SELECT i, CASE WHEN sin(i * 1.7) + 0.5 * sin(i * 1.7 + 0.9) > 0"
                + " THEN 1.0 ELSE 0.0 END AS y, CAST((i * 7) % 3 AS INTEGER) AS label FROM range(120) a(i)");
        nabla.execute("CREATE TABLE wl AS SELECT f, 0.1 * f - 0.15 AS v FROM range(5) b(f)");
        nabla.execute("CREATE TABLE ws AS SELECT CAST(c AS INTEGER) AS c, f, 0.05 * (c + 1) * (f - 2) AS v"
                + " FROM range(3) a(c), range(5) b(f)");
        for (String t : List.of("data", "params", "x", "y", "wl", "ws")) copy(t);
    }

    @AfterAll
    static void stop() {
        nabla.close();
        db.close();
        spark.stop();
    }

    /** Copies a Nabla table to a Spark temporary view of the same name: the same doubles in the same order. */
    static void copy(String table) {
        Result r = nabla.execute("SELECT * FROM " + table);
        List<StructField> fields = new ArrayList<>();
        for (int c = 0; c < r.columnCount(); c++) {
            dev.nabla.storage.DataType t = r.columnTypes().get(c);
            DataType s = t.equals(dev.nabla.storage.DataType.DOUBLE)
                    ? DataTypes.DoubleType
                    : t.equals(dev.nabla.storage.DataType.INTEGER) ? DataTypes.IntegerType : DataTypes.LongType;
            fields.add(DataTypes.createStructField(r.columnNames().get(c), s, true));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < (int) r.rowCount(); i++) {
            Object[] v = new Object[r.columnCount()];
            for (int c = 0; c < v.length; c++) {
                Object o = r.get(i, c);
                v[c] = fields.get(c).dataType() == DataTypes.IntegerType ? ((Number) o).intValue() : o;
            }
            rows.add(RowFactory.create(v));
        }
        spark.createDataFrame(rows, DataTypes.createStructType(fields)).createOrReplaceTempView(table);
    }

    /** Spark's gradient table equals Nabla's, row by row, each number within 1e-12 relative. */
    static void assertSameGradient(String loss, String table, Dataset<Row> sparkLoss) {
        Result expected = nabla.execute("SELECT * FROM GRADIENT(" + loss + ") WITH RESPECT TO " + table);
        int n = (int) expected.rowCount();
        List<Row> actual = NablaSpark.gradient(sparkLoss, table).collectAsList();
        assertThat(actual).hasSize(n);
        int nonZero = 0;
        for (int i = 0; i < n; i++) {
            assertThat(actual.get(i).length()).isEqualTo(expected.columnCount());
            for (int c = 0; c < expected.columnCount(); c++) {
                double e = ((Number) expected.get(i, c)).doubleValue();
                double a = ((Number) actual.get(i).get(c)).doubleValue();
                if (e != 0) nonZero++;
                assertThat(a)
                        .as(
                                "%s row %d column %s",
                                table, i, expected.columnNames().get(c))
                        .isCloseTo(e, within(1e-12 * Math.abs(e)));
            }
        }
        assertThat(nonZero).isPositive();
    }

    static Dataset<Row> sparkSql(String nablaSql) {
        return spark.sql(SparkText.of(nablaSql));
    }

    @Test
    void linearRegression() {
        assertSameGradient(LINEAR, "params", sparkSql(LINEAR));
    }

    @Test
    void linearRegressionWrittenWithTheDataFrameApi() {
        Dataset<Row> d = spark.table("data").as("d"), p = spark.table("params").as("p");
        Dataset<Row> loss = d.crossJoin(p)
                .agg(avg(pow(col("p.w").multiply(col("d.x")).plus(col("p.b")).minus(col("d.y")), 2)));
        assertSameGradient(LINEAR, "params", loss);
    }

    @Test
    void logisticRegression() {
        String loss = LOGISTIC.replace(" w ", " wl w ").replace("FROM w)", "FROM wl)");
        assertSameGradient(loss, "wl", sparkSql(loss));
    }

    @Test
    void softmaxRegression() {
        String loss = SOFTMAX.replace("JOIN w ON", "JOIN ws w ON");
        assertSameGradient(loss, "ws", sparkSql(loss));
    }

    /** The SQL surface through the extension's parser: a table reference, with an alias, in a join, listed columns. */
    @Test
    void gradientWithRespectToInSparkSql() {
        String all = "SELECT * FROM GRADIENT(" + LINEAR + ") WITH RESPECT TO params";
        assertRows(nabla.execute(all), sparkSql(all).collectAsList());
        String step = "SELECT p.id, p.w - 0.5 * g.w AS w, p.b - 0.5 * g.b AS b FROM params p JOIN GRADIENT(" + LINEAR
                + ") WITH RESPECT TO params AS g ON g.id = p.id";
        assertRows(nabla.execute(step), sparkSql(step).collectAsList());
        String listed = "SELECT params.w, params.b FROM GRADIENT(" + LINEAR + ") WITH RESPECT TO params (w)";
        Result n = nabla.execute(listed);
        assertThat(n.getDouble(0, 1)).isEqualTo(-0.2); // b is passed through
        assertRows(n, sparkSql(listed).collectAsList());
        // the same reference again (a training loop; here also the join above) replaces its view rather than adding
        // one: two distinct references, two views
        sparkSql(all).collectAsList();
        long views = spark.sql("SHOW VIEWS").collectAsList().stream()
                .filter(r -> r.getString(1).startsWith(NablaParser.VIEW_PREFIX))
                .count();
        assertThat(views).isEqualTo(2);
    }

    static void assertRows(Result expected, List<Row> actual) {
        assertThat(actual).hasSize((int) expected.rowCount());
        for (int i = 0; i < actual.size(); i++)
            for (int c = 0; c < expected.columnCount(); c++) {
                double e = ((Number) expected.get(i, c)).doubleValue();
                assertThat(((Number) actual.get(i).get(c)).doubleValue()).isCloseTo(e, within(1e-12 * Math.abs(e)));
            }
    }

    /**
     * Gradient descent, the gradient table joined back to the parameters each step: Spark's coefficients equal
     * Nabla's ({@code UPDATE … FROM GRADIENT(…)}) after every step, and both reach least squares. x is centred, so
     * steps of 1/curvature per coefficient converge in a few steps.
     */
    @Test
    void trainingLoopConvergesToNablasCoefficients() {
        nabla.execute("CREATE TABLE fit AS SELECT * FROM params");
        copy("fit");
        String loss = LINEAR.replace("params p", "fit p");
        for (int step = 0; step < 3; step++) {
            nabla.execute("UPDATE fit SET w = fit.w - 1.5 * g.w, b = fit.b - 0.5 * g.b FROM GRADIENT(" + loss
                    + ") WITH RESPECT TO fit AS g WHERE g.id = fit.id");
            Dataset<Row> g = NablaSpark.gradient(sparkSql(loss), "fit");
            List<Row> next = spark.table("fit")
                    .join(g.as("g"), "id")
                    .selectExpr("id", "fit.w - 1.5D * g.w AS w", "fit.b - 0.5D * g.b AS b")
                    .collectAsList();
            spark.createDataFrame(next, spark.table("fit").schema()).createOrReplaceTempView("fit");
            Result n = nabla.execute("SELECT w, b FROM fit");
            Row s = spark.table("fit").select("w", "b").first();
            assertThat(s.getDouble(0)).isCloseTo(n.getDouble(0, 0), within(1e-12 * Math.abs(n.getDouble(0, 0))));
            assertThat(s.getDouble(1)).isCloseTo(n.getDouble(0, 1), within(1e-12 * Math.abs(n.getDouble(0, 1))));
        }
        Result ls = nabla.execute("SELECT (avg(x*y) - avg(x)*avg(y)) / (avg(x*x) - avg(x)*avg(x)),"
                + " avg(y) - (avg(x*y) - avg(x)*avg(y)) / (avg(x*x) - avg(x)*avg(x)) * avg(x) FROM data");
        Row s = spark.table("fit").select("w", "b").first();
        assertThat(s.getDouble(0)).isCloseTo(ls.getDouble(0, 0), within(1e-9));
        assertThat(s.getDouble(1)).isCloseTo(ls.getDouble(0, 1), within(1e-9));
    }

    /** Forward mode: a derived table's column that is an aggregate call is a variable of the columns built on it. */
    @Test
    void aColumnBuiltOnAnAggregateIsDifferentiatedThroughIt() {
        String q = "SELECT grad(w.l, w.a), grad(w.m, w.a) FROM (SELECT 3 * AVG(x) AS l, AVG(x) AS a,"
                + " power(AVG(x), 2) + AVG(y) AS m FROM data) w";
        Result n = nabla.execute(q);
        Row s = sparkSql(q).first();
        assertThat(s.getDouble(0)).isEqualTo(3.0).isEqualTo(n.getDouble(0, 0));
        assertThat(s.getDouble(1)).isCloseTo(n.getDouble(0, 1), within(1e-15));
        String cte = "WITH c AS (SELECT x FROM data) SELECT SUM(grad(a.x * b.x, a.x)) FROM c a, c b";
        assertThat(sparkSql(cte).first().getDouble(0))
                .isCloseTo(nabla.execute(cte).getDouble(0, 0), within(1e-9));
    }

    /** A self-join (both sides' contributions add up), a CTE, and a loss read through a view (as the examples do). */
    @Test
    void selfJoinCteAndView() {
        String self = "SELECT SUM(a.v * b.v * (b.f - a.f)) FROM wl a JOIN wl b ON a.f < b.f";
        assertSameGradient(self, "wl", sparkSql(self));
        String cte = "WITH r AS (SELECT d.x, p.w * d.x + p.b - d.y AS e FROM data d, params p WHERE d.x > 0)"
                + " SELECT AVG(e * e) + 0.1 * MAX(e) FROM r";
        assertSameGradient(cte, "params", sparkSql(cte));
        String view = LINEAR.replace(" FROM data d", " AS l FROM data d");
        nabla.execute("CREATE VIEW linear_loss AS " + view);
        spark.sql("CREATE OR REPLACE TEMP VIEW linear_loss AS " + SparkText.of(view));
        assertSameGradient("SELECT l FROM linear_loss", "params", spark.sql("SELECT l FROM linear_loss"));
    }

    @Test
    void refusesWhatItCannotDifferentiate() {
        assertThatThrownBy(() -> NablaSpark.gradient(spark.sql("SELECT avg(x) FROM data"), "params"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("does not read params");
        assertThatThrownBy(() -> NablaSpark.gradient(
                        spark.sql("SELECT avg(p.w * d.x) FROM data d LEFT JOIN params p ON d.x > p.b"), "params"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("LEFT OUTER");
        assertThatThrownBy(() -> NablaSpark.gradient(spark.sql("SELECT p.w FROM params p"), "params"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("one row");
    }
}
