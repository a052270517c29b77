package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.autograd.SqlDialect;
import dev.nabla.common.NablaException;
import dev.nabla.parser.ParsedStatement;
import dev.nabla.parser.Parser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --expand-derivatives}: the examples' scripts, expanded into DuckDB's SQL, run on DuckDB (JDBC) and
 * give the numbers Nabla gives for the original scripts.
 */
class PortableDerivativesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "newton_sqrt2.sql",
                "linear_regression_recursive.sql",
                "logistic_regression.sql",
                "loss_curve.sql",
                "linear_regression_gd.sql"
            })
    void expandedExamplesGiveNablasNumbersOnDuckDb(String example) throws Exception {
        String script = Files.readString(Path.of("../examples/" + example));
        List<List<List<Object>>> nabla = new ArrayList<>();
        String expanded;
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            expanded = s.expandDerivatives(script, SqlDialect.DUCKDB);
            for (Result r : s.executeScript(script)) if (r.kind() == Result.Kind.ROWS) nabla.add(rows(r));
        }
        for (dev.nabla.parser.Token t : dev.nabla.parser.Lexer.tokenize(expanded))
            assertThat(t.text()).isNotIn("grad", "jvp", "vjp");
        List<List<List<Object>>> duck = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            for (ParsedStatement p : Parser.parseScript(expanded)) {
                if (st.execute(p.text())) {
                    try (ResultSet rs = st.getResultSet()) {
                        duck.add(rows(rs));
                    }
                }
            }
        }
        assertThat(duck).hasSameSizeAs(nabla);
        for (int q = 0; q < nabla.size(); q++) {
            assertThat(duck.get(q)).as("query %d of %s", q, example).hasSameSizeAs(nabla.get(q));
            for (int i = 0; i < nabla.get(q).size(); i++) {
                List<Object> a = nabla.get(q).get(i), b = duck.get(q).get(i);
                assertThat(b).hasSameSizeAs(a);
                for (int j = 0; j < a.size(); j++) {
                    if (a.get(j) instanceof Number x && b.get(j) instanceof Number y) {
                        double u = x.doubleValue(), v = y.doubleValue();
                        assertThat(Math.abs(u - v))
                                .as("%s query %d row %d col %d: %s vs %s", example, q, i, j, u, v)
                                .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(u)));
                    } else {
                        assertThat(String.valueOf(b.get(j))).isEqualTo(String.valueOf(a.get(j)));
                    }
                }
            }
        }
    }

    @Test
    void keepsTextAroundTheCallsAndQualifiedColumns() {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            String script = "-- fit\nCREATE TABLE d(x DOUBLE, y DOUBLE);\nCREATE TABLE p(w DOUBLE);\n"
                    + "SELECT avg(grad(power(p.w * d.x - d.y, 2), p.w)) AS g FROM d, p; -- done\n";
            String out = s.expandDerivatives(script, SqlDialect.DUCKDB);
            assertThat(out)
                    .isEqualTo("-- fit\nCREATE TABLE d(x DOUBLE, y DOUBLE);\nCREATE TABLE p(w DOUBLE);\n"
                            + "SELECT avg(2 * (p.w * d.x - d.y) * d.x) AS g FROM d, p; -- done\n");
            // nothing of the script is kept: the tables were created in a transaction rolled back
            assertThat(s.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'd'")
                            .getLong(0, 0))
                    .isZero();
        }
    }

    @Test
    void dialectsSpellWhatTheyLack() {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            String q = "SELECT grad(softplus(x) + log2(x) + sigmoid(x), x) FROM (VALUES (1.5)) v(x)";
            assertThat(s.expandDerivatives(q, SqlDialect.POSTGRES))
                    .doesNotContain("softplus")
                    .doesNotContain("sigmoid")
                    .doesNotContain("log2")
                    .contains("CASE WHEN x >= 0 THEN");
            // Spark: its DOUBLE constants end in D; exp() overflows to infinity there, so the short logistic form
            assertThat(s.expandDerivatives(q, SqlDialect.SPARK))
                    .isEqualTo(
                            "SELECT (CASE WHEN x <= 0 THEN NULL ELSE 1 / (1 + exp(-x)) + 1 / (0.6931471805599453D * x)"
                                    + " + 1 / (1 + exp(-x)) * (1 - 1 / (1 + exp(-x))) END) FROM (VALUES (1.5D)) v(x)");
            // outside a derivative too: sigmoid() becomes its definition, 7 / 2 stays integer division
            assertThat(s.expandDerivatives("SELECT sigmoid(x), 7 / 2 FROM (VALUES (0.5)) v(x)", SqlDialect.DUCKDB))
                    .isEqualTo("SELECT (1 / (1 + exp(-x))), 7 // 2 FROM (VALUES (0.5::DOUBLE)) v(x)");
            assertThat(s.expandDerivatives(q, SqlDialect.NABLA)).contains("sigmoid(");
        }
    }

    @Test
    void refusesWhatHasNoPlainForm() {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            // the derivative (u) reads a column of the CTE's input that the outer query cannot name
            assertThatThrownBy(() -> s.expandDerivatives(
                            "WITH t AS (SELECT x, x * u AS y FROM (VALUES (2.0, 3.0)) v(x, u)) SELECT grad(y, x) FROM t",
                            SqlDialect.DUCKDB))
                    .isInstanceOf(NablaException.class)
                    .hasMessageContaining("CTE, view or derived table");
            // a soft operator's Jacobian product is a window function only Nabla has
            assertThatThrownBy(() -> s.expandDerivatives(
                            "SELECT grad(power(soft_rank(w * x, 0.1) OVER (), 2), w)"
                                    + " FROM (VALUES (1.0, 0.5), (2.0, 0.5)) v(x, w)",
                            SqlDialect.DUCKDB))
                    .isInstanceOf(NablaException.class)
                    .hasMessageContaining("soft operator");
        }
    }

    @Test
    void groupingSetsExpandInEveryBranch() {
        try (Database db = Nabla.open();
                Session s = db.connect()) {
            assertThat(s.expandDerivatives(
                            "SELECT g, grad(sum(x * x), x) FROM (VALUES (1, 2.0)) v(g, x) GROUP BY ROLLUP (g)",
                            SqlDialect.DUCKDB))
                    .isEqualTo("SELECT g, (sum(2 * x)) FROM (VALUES (1, 2.0::DOUBLE)) v(g, x) GROUP BY ROLLUP (g)");
        }
    }

    private static List<List<Object>> rows(Result r) {
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            List<Object> row = new ArrayList<>();
            for (int j = 0; j < r.columnCount(); j++) row.add(r.get(i, j));
            out.add(row);
        }
        return out;
    }

    private static List<List<Object>> rows(ResultSet rs) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int j = 1; j <= n; j++) row.add(rs.getObject(j));
            out.add(row);
        }
        return out;
    }
}
