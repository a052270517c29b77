package dev.nabla.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.engine.Database;
import dev.nabla.engine.Nabla;
import dev.nabla.engine.Result;
import dev.nabla.engine.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forward-mode derivative queries of Nabla's own {@code .test} files, run on Nabla and on Spark with the
 * extension, must give the same numbers (1e-12 relative). Each file's statements run on Nabla; before each
 * query its tables are copied to Spark as temporary views (its views are re-created there), so both engines
 * see the same rows. A query Spark's dialect cannot express (Nabla-only syntax or functions) is skipped and
 * listed in target/spark-parity.txt; a query Spark runs must agree with Nabla, and a floor on the number of
 * compared derivative queries keeps the comparison from silently shrinking.
 */
class ForwardModeParityTest {
    /** The .test files with forward-mode derivatives (tests module), relative to this module. */
    private static final List<String> FILES = List.of(
            "grad/rules.test",
            "grad/contexts.test",
            "grad/issue12.test",
            "grad/update_from.test",
            "functions/math.test",
            "cte/recursive.test",
            "soft/soft_gate.test");

    private static final Pattern DERIVATIVE =
            Pattern.compile("\\b(grad|jvp|vjp|derivative)\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^\\s*CREATE\\s+(?:TEMP\\s+|TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_VIEW = Pattern.compile(
            "^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(\\w+)\\s+AS\\s+(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("ForwardModeParityTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    record Block(String kind, String sql) {}

    static List<Block> blocks(Path file) throws IOException {
        List<Block> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String head = lines.get(i).trim();
            if (!head.startsWith("statement") && !head.startsWith("query")) continue;
            StringBuilder sql = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).equals("----"); j++) {
                sql.append(lines.get(j)).append('\n');
            }
            out.add(new Block(head, sql.toString().trim()));
            while (j < lines.size() && !lines.get(j).isBlank()) j++;
            i = j;
        }
        return out;
    }

    @Test
    void derivativeQueriesAgreeWithNabla() throws IOException {
        Path root = Path.of("..", "tests", "src", "test", "resources", "sql");
        StringBuilder report = new StringBuilder();
        int compared = 0, skipped = 0;
        List<String> mismatches = new ArrayList<>();
        for (String name : FILES) {
            Map<String, Boolean> tables = new LinkedHashMap<>(); // name → is a view
            boolean dirty = true; // a statement ran since the tables were last copied to Spark
            try (Database db = Nabla.open();
                    Session nabla = db.connect()) {
                for (Block b : blocks(root.resolve(name))) {
                    if (b.kind().startsWith("statement")) {
                        if (!b.kind().startsWith("statement ok")) continue;
                        try {
                            nabla.execute(b.sql());
                        } catch (RuntimeException e) {
                            continue;
                        }
                        dirty = true;
                        Matcher t = CREATE_TABLE.matcher(b.sql());
                        if (t.find()) tables.put(t.group(1).toLowerCase(Locale.ROOT), false);
                        Matcher v = CREATE_VIEW.matcher(b.sql());
                        if (v.find()) {
                            String view = v.group(1).toLowerCase(Locale.ROOT);
                            tables.put(view, true);
                            try {
                                spark.sql("CREATE OR REPLACE TEMP VIEW " + view + " AS " + sparkDialect(v.group(2)));
                            } catch (Exception e) {
                                tables.remove(view);
                            }
                        }
                        continue;
                    }
                    if (!DERIVATIVE.matcher(b.sql()).find()) continue;
                    // a plan's text is each engine's own (EXPLAIN GRAD is Nabla's: Spark's parser refuses it)
                    if (b.sql().regionMatches(true, 0, "EXPLAIN ", 0, 8)
                            && !b.sql().regionMatches(true, 0, "EXPLAIN GRAD", 0, 12)) continue;
                    Result expected;
                    try {
                        expected = nabla.execute(b.sql());
                    } catch (RuntimeException e) {
                        continue; // an error case of the .test file: Nabla's message is tested there
                    }
                    if (dirty) sync(nabla, tables);
                    dirty = false;
                    System.out.println("parity: " + name + ": " + oneLine(b.sql()));
                    List<Row> actual;
                    try {
                        actual = spark.sql(sparkDialect(b.sql())).collectAsList();
                    } catch (Exception e) {
                        skipped++;
                        report.append("SKIP ")
                                .append(name)
                                .append(": ")
                                .append(oneLine(b.sql()))
                                .append("\n     ")
                                .append(oneLine(String.valueOf(e.getMessage())))
                                .append('\n');
                        continue;
                    }
                    String diff = compare(expected, actual, b.kind().contains("rowsort"));
                    if (diff == null) {
                        compared++;
                        report.append("OK   ")
                                .append(name)
                                .append(": ")
                                .append(oneLine(b.sql()))
                                .append('\n');
                    } else {
                        mismatches.add(name + ": " + oneLine(b.sql()) + "\n    " + diff);
                        report.append("DIFF ")
                                .append(name)
                                .append(": ")
                                .append(oneLine(b.sql()))
                                .append("\n     ")
                                .append(diff)
                                .append('\n');
                    }
                }
            } finally {
                for (String t : tables.keySet()) spark.catalog().dropTempView(t);
            }
        }
        report.insert(0, "compared " + compared + ", skipped " + skipped + ", mismatched " + mismatches.size() + "\n");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "spark-parity.txt"), report);
        assertThat(mismatches).as(report.toString()).isEmpty();
        assertThat(compared).as(report.toString()).isGreaterThanOrEqualTo(MIN_COMPARED);
    }

    /** {@code derivative('expr', 'x')} gives the same text on Spark as on Nabla, and refuses what Nabla refuses. */
    @Test
    void derivativeTextsAgreeWithNabla() {
        List<String> exprs = List.of(
                "x*x",
                "sin(x)*x",
                "power(x, 3)",
                "exp(2*x) / (1 + x*x)",
                "ln(x) + log10(x) - sqrt(x)",
                "sigmoid(x) * softplus(y)",
                "relu(x) / (-3)",
                "CASE WHEN x > 1 THEN x*x ELSE -x END",
                "greatest(x, y) + least(x*y, 2)",
                "atan2(y, x) + tanh(x)",
                "log_sigmoid(x)",
                "sin(x) * (5.0 / 3.0)",
                "y * derivative_free_y + x",
                "coalesce(x, y) * abs(x)");
        try (Database db = Nabla.open();
                Session nabla = db.connect()) {
            for (String e : exprs) {
                String q = "SELECT derivative('" + e.replace("'", "''") + "', 'x')";
                Object expected = nabla.execute(q).get(0, 0);
                Row actual = spark.sql(q).collectAsList().get(0);
                assertThat(actual.getString(0)).as(e).isEqualTo(expected.toString());
            }
            for (String bad : List.of("sin(x) + foo(x)", "x +* 2")) {
                String q = "SELECT derivative('" + bad + "', 'x')";
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> nabla.execute(q));
                org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> spark.sql(q).collectAsList())
                        .isInstanceOf(org.apache.spark.sql.AnalysisException.class)
                        .hasMessageContaining("derivative");
            }
        }
        // the arguments must be constants, as in Nabla
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> spark.sql("SELECT derivative(s, 'x') FROM VALUES ('x*x') AS v(s)")
                                .collectAsList())
                .isInstanceOf(org.apache.spark.sql.AnalysisException.class)
                .hasMessageContaining("constant string arguments");
    }

    /**
     * Expansions far over the tree-size limit (a third derivative of a five-fold logistic map: Nabla's DAG is
     * small, its tree form is millions of nodes) run on Spark with their shared subexpressions computed in
     * projections below the operator, in a SELECT list, a WHERE, an ORDER BY and inside an aggregate, and give
     * Nabla's numbers.
     */
    @Test
    void largeExpansionsShareSubexpressionsBelowTheOperator() {
        String f = "x";
        for (int i = 0; i < 5; i++) f = "3.7 * (" + f + ") * (1 - (" + f + "))";
        String d3 = "grad(grad(grad(" + f + ", x), x), x)";
        List<String> queries = List.of(
                "SELECT x, " + d3 + " AS d FROM lm ORDER BY x",
                "SELECT x FROM lm WHERE " + d3 + " > 0 ORDER BY x",
                "SELECT x FROM lm ORDER BY " + d3,
                "SELECT g, avg(" + d3 + ") AS d FROM lm GROUP BY g ORDER BY g");
        String rows = "(0.1, 1), (0.35, 1), (0.6, 2), (0.85, 2), (NULL, 2)";
        try (Database db = Nabla.open();
                Session nabla = db.connect()) {
            nabla.execute("CREATE TABLE lm(x DOUBLE, g INTEGER)");
            nabla.execute("INSERT INTO lm VALUES " + rows);
            spark.sql("CREATE OR REPLACE TEMP VIEW lm AS SELECT * FROM VALUES "
                    + sparkDialect(rows).replace("NULL", "CAST(NULL AS DOUBLE)") + " AS lm(x, g)");
            for (String q : queries) {
                Result expected = nabla.execute(q);
                org.apache.spark.sql.Dataset<Row> ds = spark.sql(sparkDialect(q));
                assertThat(ds.queryExecution().analyzed().toString()).as(q).contains("_nabla_shared_");
                assertThat(compare(expected, ds.collectAsList(), false)).as(q).isNull();
            }
        } finally {
            spark.catalog().dropTempView("lm");
        }
    }

    /** The number of derivative queries compared when this test was written; raise it as Spark covers more. */
    private static final int MIN_COMPARED = 42;

    private static final Pattern DECIMAL_LITERAL =
            Pattern.compile("'[^']*'|(?<![\\w.])(\\d+\\.\\d*|\\.\\d+)([eE][+-]?\\d+)?(?![\\w.])");

    /**
     * The one translation Nabla's SQL needs here: a literal with a decimal point is DOUBLE in Nabla and
     * DECIMAL in Spark, so it gets Spark's double suffix ({@code 1.0} → {@code 1.0D}); string literals are kept.
     */
    static String sparkDialect(String sql) {
        Matcher m = DECIMAL_LITERAL.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String lit = m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(lit.startsWith("'") ? lit : lit + "D"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 160 ? t.substring(0, 157) + "..." : t;
    }

    /** Copies every base table from Nabla to a Spark temporary view of the same name and rows. */
    private static void sync(Session nabla, Map<String, Boolean> tables) {
        for (Map.Entry<String, Boolean> e : tables.entrySet()) {
            if (e.getValue()) continue;
            Result r;
            try {
                r = nabla.execute("SELECT * FROM " + e.getKey());
            } catch (RuntimeException gone) {
                continue; // dropped since
            }
            List<StructField> fields = new ArrayList<>();
            for (int c = 0; c < r.columnCount(); c++) {
                fields.add(DataTypes.createStructField(
                        r.columnNames().get(c), sparkType(r.columnTypes().get(c)), true));
            }
            StructType schema = DataTypes.createStructType(fields);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < r.rowCount(); i++) {
                Object[] values = new Object[r.columnCount()];
                for (int c = 0; c < values.length; c++)
                    values[c] = sparkValue(r.get(i, c), schema.fields()[c].dataType());
                rows.add(RowFactory.create(values));
            }
            spark.createDataFrame(rows, schema).createOrReplaceTempView(e.getKey());
        }
    }

    private static DataType sparkType(dev.nabla.storage.DataType t) {
        if (t.equals(dev.nabla.storage.DataType.DOUBLE) || t.equals(dev.nabla.storage.DataType.REAL))
            return DataTypes.DoubleType;
        if (t.equals(dev.nabla.storage.DataType.INTEGER)) return DataTypes.IntegerType;
        if (t.equals(dev.nabla.storage.DataType.BIGINT)) return DataTypes.LongType;
        if (t.equals(dev.nabla.storage.DataType.BOOLEAN)) return DataTypes.BooleanType;
        return DataTypes.StringType;
    }

    private static Object sparkValue(Object v, DataType t) {
        if (v == null) return null;
        if (t == DataTypes.IntegerType) return ((Number) v).intValue();
        if (t == DataTypes.StringType) return v.toString();
        return v;
    }

    /** Null if the results agree (numbers within 1e-12 relative), else what differs. */
    static String compare(Result expected, List<Row> actual, boolean sort) {
        List<List<Object>> e = new ArrayList<>(), a = new ArrayList<>();
        for (int i = 0; i < expected.rowCount(); i++) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < expected.columnCount(); c++) row.add(expected.get(i, c));
            e.add(row);
        }
        for (Row r : actual) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < r.length(); c++) row.add(r.get(c));
            a.add(row);
        }
        if (sort) {
            e.sort(java.util.Comparator.comparing(Object::toString));
            a.sort(java.util.Comparator.comparing(Object::toString));
        }
        if (e.size() != a.size()) return "rows: Nabla " + e.size() + ", Spark " + a.size();
        for (int i = 0; i < e.size(); i++) {
            if (e.get(i).size() != a.get(i).size()) return "columns differ in row " + i;
            for (int c = 0; c < e.get(i).size(); c++) {
                if (!same(e.get(i).get(c), a.get(i).get(c))) {
                    return "row " + i + " column " + c + ": Nabla " + e.get(i) + ", Spark " + a.get(i);
                }
            }
        }
        return null;
    }

    static boolean same(Object x, Object y) {
        if (x == null || y == null) return x == y;
        if (x instanceof Number m && y instanceof Number n) {
            double p = m.doubleValue(), q = n.doubleValue();
            if (Double.isNaN(p) || Double.isNaN(q)) return Double.isNaN(p) && Double.isNaN(q);
            if (p == q) return true;
            return Math.abs(p - q) <= 1e-12 * Math.max(Math.abs(p), Math.abs(q));
        }
        if (x instanceof Boolean || y instanceof Boolean) return x.toString().equalsIgnoreCase(y.toString());
        return x.toString().equals(y.toString());
    }
}
