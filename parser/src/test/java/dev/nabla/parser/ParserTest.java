package dev.nabla.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.parser.ast.BinaryOperator;
import dev.nabla.parser.ast.Expression;
import dev.nabla.parser.ast.Expression.BinaryOp;
import dev.nabla.parser.ast.Expression.FunctionCall;
import dev.nabla.parser.ast.Expression.NumberLiteral;
import dev.nabla.parser.ast.Expression.Parameter;
import dev.nabla.parser.ast.Query;
import dev.nabla.parser.ast.QueryBody;
import dev.nabla.parser.ast.SelectItem;
import dev.nabla.parser.ast.Statement;
import dev.nabla.parser.ast.TableRef;
import dev.nabla.parser.ast.UnaryOperator;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shapes the parser builds: precedence, literal values, desugarings, positions. */
class ParserTest {

    private static Expression expr(String sql) {
        return Parser.parseExpression(sql);
    }

    private static QueryBody.Select select(String sql) {
        Statement s = Parser.parseStatement(sql);
        return (QueryBody.Select) ((Statement.QueryStatement) s).query().body();
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        assertThat(expr("1 + 2 * 3"))
                .isEqualTo(new BinaryOp(
                        NumberLiteral.of(1),
                        BinaryOperator.PLUS,
                        new BinaryOp(NumberLiteral.of(2), BinaryOperator.MULTIPLY, NumberLiteral.of(3), null),
                        null));
        assertThat(expr("1 - 2 - 3"))
                .isEqualTo(new BinaryOp(
                        new BinaryOp(NumberLiteral.of(1), BinaryOperator.MINUS, NumberLiteral.of(2), null),
                        BinaryOperator.MINUS,
                        NumberLiteral.of(3),
                        null));
    }

    @Test
    void logicalPrecedence() {
        assertThat(expr("a OR b AND c")).isEqualTo(expr("a OR (b AND c)"));
        assertThat(expr("NOT a = b")).isEqualTo(expr("NOT (a = b)"));
        assertThat(expr("NOT a AND b")).isEqualTo(expr("(NOT a) AND b"));
        assertThat(expr("a = 1 OR b BETWEEN 1 AND 2 AND c")).isEqualTo(expr("(a = 1) OR ((b BETWEEN 1 AND 2) AND c)"));
        assertThat(expr("'a' || 1 + 2")).isEqualTo(expr("'a' || (1 + 2)"));
        assertThat(expr("a < b || c")).isEqualTo(expr("a < (b || c)"));
        assertThat(expr("-a * b")).isEqualTo(expr("(-a) * b"));
        assertThat(expr("-x::int"))
                .isInstanceOfSatisfying(
                        Expression.UnaryOp.class, u -> assertThat(u.operand()).isInstanceOf(Expression.Cast.class));
        assertThat(expr("a + b IS NULL")).isInstanceOf(Expression.IsNull.class);
        assertThat(expr("a NOT LIKE 'x' AND b")).isInstanceOf(BinaryOp.class);
    }

    @Test
    void intersectBindsTighterThanUnion() {
        Query q = Parser.parseQuery("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3");
        var top = (QueryBody.SetOperation) q.body();
        assertThat(top.op()).isEqualTo(QueryBody.SetOperator.UNION);
        assertThat(top.right())
                .isInstanceOfSatisfying(
                        QueryBody.SetOperation.class,
                        r -> assertThat(r.op()).isEqualTo(QueryBody.SetOperator.INTERSECT));
        var left = (QueryBody.SetOperation)
                Parser.parseQuery("SELECT 1 EXCEPT SELECT 2 UNION ALL SELECT 3").body();
        assertThat(left.all()).isTrue();
        assertThat(left.left()).isInstanceOf(QueryBody.SetOperation.class);
    }

    @Test
    void numberValues() {
        assertThat(((NumberLiteral) expr("42")).value()).isEqualTo(42L);
        assertThat(((NumberLiteral) expr("9223372036854775807")).value()).isEqualTo(Long.MAX_VALUE);
        assertThat(((NumberLiteral) expr("9223372036854775808")).value())
                .isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(((NumberLiteral) expr("-9223372036854775808")).value()).isEqualTo(Long.MIN_VALUE);
        assertThat(((NumberLiteral) expr("-9223372036854775809")).value())
                .isEqualTo(new BigInteger("-9223372036854775809"));
        assertThat(((NumberLiteral) expr("99999999999999999999999999999999999999999")).isBigInteger())
                .isTrue();
        assertThat(((NumberLiteral) expr("1.5")).value()).isEqualTo(1.5);
        assertThat(((NumberLiteral) expr(".5")).value()).isEqualTo(0.5);
        assertThat(((NumberLiteral) expr("1.")).value()).isEqualTo(1.0);
        assertThat(((NumberLiteral) expr("1e-3")).value()).isEqualTo(0.001);
        assertThat(((NumberLiteral) expr("0x10")).value()).isEqualTo(16L);
        assertThat(((NumberLiteral) expr("0xFFFFFFFFFFFFFFFF")).value()).isEqualTo(-1L);
        assertThat(((NumberLiteral) expr("- 7")).text()).isEqualTo("-7");
        assertThat(expr("-(1 + 2)"))
                .isInstanceOfSatisfying(
                        Expression.UnaryOp.class, u -> assertThat(u.op()).isEqualTo(UnaryOperator.MINUS));
    }

    @Test
    void parametersAreNumberedInOrder() {
        var items = select("SELECT ?, :a, ?, :a, $7").items();
        List<Integer> indexes = items.stream()
                .map(i -> ((Parameter) ((SelectItem.ExprItem) i).expr()).index())
                .toList();
        assertThat(indexes).containsExactly(1, 2, 3, 2, 7);
    }

    @Test
    void eachScriptStatementNumbersItsOwnParameters() {
        List<ParsedStatement> stmts = Parser.parseScript("SELECT ?, ?; SELECT ?");
        var second = (SelectItem.ExprItem)
                ((QueryBody.Select) ((Statement.QueryStatement) stmts.get(1).statement())
                                .query()
                                .body())
                        .items()
                        .getFirst();
        assertThat(((Parameter) second.expr()).index()).isEqualTo(1);
    }

    @Test
    void limitForms() {
        Query q = Parser.parseQuery("SELECT a FROM t LIMIT 5, 10");
        assertThat(q.limit()).isEqualTo(NumberLiteral.of(10));
        assertThat(q.offset()).isEqualTo(NumberLiteral.of(5));
        Query f = Parser.parseQuery("SELECT a FROM t OFFSET 3 ROWS FETCH NEXT 4 ROWS ONLY");
        assertThat(f.limit()).isEqualTo(NumberLiteral.of(4));
        assertThat(f.offset()).isEqualTo(NumberLiteral.of(3));
    }

    @Test
    void sqliteForms() {
        assertThat(expr("a IS b")).isEqualTo(expr("a IS NOT DISTINCT FROM b"));
        assertThat(expr("a IS NOT b")).isEqualTo(expr("a IS DISTINCT FROM b"));
        assertThat(expr("x IN t")).isEqualTo(expr("x IN (SELECT * FROM t)"));
        assertThat(expr("a NOT NULL")).isEqualTo(expr("a IS NOT NULL"));
        assertThat(Parser.parseStatement("REPLACE INTO t VALUES (1)"))
                .isEqualTo(Parser.parseStatement("INSERT OR REPLACE INTO t VALUES (1)"));
        assertThat(Parser.parseStatement("SELECT * FROM [my table]").toSql()).isEqualTo("SELECT * FROM \"my table\"");
        assertThat(Parser.parseStatement("SELECT * FROM [t]").toSql()).isEqualTo("SELECT * FROM \"t\"");
        assertThat(expr("[a]")).isInstanceOf(Expression.ArrayLiteral.class);
    }

    @Test
    void derivativeFunctionsAreOrdinaryCalls() {
        FunctionCall grad = (FunctionCall) expr("grad(x * x, x)");
        assertThat(grad.simpleName()).isEqualTo("grad");
        assertThat(grad.args()).hasSize(2);
        assertThat(expr("derivative('x*x', 'x')")).isInstanceOf(FunctionCall.class);
    }

    @Test
    void tableFunctionsWithNamedArguments() {
        var from = select("SELECT * FROM read_csv('f.csv', header => true) r").from();
        var tf = (TableRef.TableFunction) from.getFirst();
        assertThat(tf.args()).hasSize(1);
        assertThat(tf.namedArgs())
                .singleElement()
                .satisfies(a -> assertThat(a.name().value()).isEqualTo("header"));
        assertThat(tf.alias().value()).isEqualTo("r");
    }

    @Test
    void joinsAreLeftDeep() {
        var j = (TableRef.Join)
                select("SELECT * FROM a JOIN b ON x LEFT JOIN c ON y").from().getFirst();
        assertThat(j.type()).isEqualTo(TableRef.JoinType.LEFT);
        assertThat(j.left()).isInstanceOf(TableRef.Join.class);
    }

    @Test
    void returningClauses() {
        var i = (Statement.Insert) Parser.parseStatement("INSERT INTO t VALUES (1) RETURNING *, a AS x");
        assertThat(i.returning()).hasSize(2);
        assertThat(i.returning().get(0)).isInstanceOf(SelectItem.Star.class);
        assertThat(((SelectItem.ExprItem) i.returning().get(1)).alias().value()).isEqualTo("x");
        var u = (Statement.Update) Parser.parseStatement("UPDATE t SET a = u.b FROM u WHERE t.id = u.id RETURNING t.*");
        assertThat(u.from()).hasSize(1);
        assertThat(u.returning().getFirst()).isInstanceOf(SelectItem.QualifiedStar.class);
        var d = (Statement.Delete) Parser.parseStatement("DELETE FROM t RETURNING a");
        assertThat(d.returning()).hasSize(1);
        assertThat(((Statement.Delete) Parser.parseStatement("DELETE FROM t")).returning())
                .isEmpty();
        // RETURNING is reserved: it ends the INSERT's query rather than aliasing its last table
        var s = (Statement.Insert) Parser.parseStatement("INSERT INTO t SELECT * FROM u RETURNING a");
        assertThat(s.returning()).hasSize(1);
    }

    @Test
    void distinctOnKeys() {
        QueryBody.Select s = select("SELECT DISTINCT ON (a, b + 1) a, c FROM t ORDER BY a");
        assertThat(s.distinct()).isTrue();
        assertThat(s.distinctOn()).hasSize(2);
        assertThat(s.distinctOn().get(1).span().startCol()).isEqualTo(24);
    }

    @Test
    void createViewKeepsQueryText() {
        var v = (Statement.CreateView) Parser.parseStatement("CREATE VIEW v AS select  a from t -- c");
        assertThat(v.queryText()).isEqualTo("select  a from t");
    }

    @Test
    void copyOptions() {
        var c = (Statement.Copy)
                Parser.parseStatement("COPY (SELECT 1) TO 'f.parquet' (HEADER, DELIMITER ',', FORMAT parquet)");
        assertThat(c.option("header").value()).isNull();
        assertThat(c.option("delimiter").valueText()).isEqualTo(",");
        assertThat(c.option("FORMAT").valueText()).isEqualTo("parquet");
        assertThat(c.direction()).isEqualTo(Statement.CopyDirection.TO);
    }

    @Test
    void columnConstraints() {
        var t = (Statement.CreateTable) Parser.parseStatement(
                "CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR(20) NOT NULL DEFAULT 'x', c DECIMAL(10,2))");
        assertThat(t.columns().get(0).primaryKey()).isTrue();
        assertThat(t.columns().get(1).notNull()).isTrue();
        assertThat(t.columns().get(1).defaultValue()).isEqualTo(new Expression.StringLiteral("x", null));
        assertThat(t.columns().get(2).type().params()).containsExactly(10, 2);
    }

    @Test
    void scriptsKeepTextAndPositions() {
        List<ParsedStatement> stmts = Parser.parseScript("SELECT 1;\n  INSERT INTO t VALUES (1);;\nSELECT 'a;b'");
        assertThat(stmts).hasSize(3);
        assertThat(stmts.get(1).text()).isEqualTo("INSERT INTO t VALUES (1)");
        assertThat(stmts.get(1).startLine()).isEqualTo(2);
        assertThat(stmts.get(1).startCol()).isEqualTo(3);
        assertThat(stmts.get(2).text()).isEqualTo("SELECT 'a;b'");
    }

    @Test
    void longInputsStreamThroughTheLexer() {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 5000; i++)
            script.append("INSERT INTO t VALUES (")
                    .append(i)
                    .append(", 'row ")
                    .append(i)
                    .append("');\n");
        List<ParsedStatement> stmts = Parser.parseScript(script.toString());
        assertThat(stmts).hasSize(5000);
        assertThat(stmts.get(4321).text()).isEqualTo("INSERT INTO t VALUES (4321, 'row 4321')");
        assertThat(stmts.get(4321).startLine()).isEqualTo(4322);

        StringBuilder in = new StringBuilder("SELECT x IN (");
        for (int i = 0; i < 3000; i++) in.append(i == 0 ? "" : ", ").append(i);
        String sql = in.append(") AS flag FROM t").toString();
        Statement s = Parser.parseStatement(sql);
        assertThat(Parser.parseStatement(s.toSql())).isEqualTo(s);
        assertThat(s.span().endOffset()).isEqualTo(sql.length());
    }

    @Test
    void spansPointAtSource() {
        var item =
                (SelectItem.ExprItem) select("SELECT\n  a + b FROM t").items().getFirst();
        assertThat(item.expr().span().startLine()).isEqualTo(2);
        assertThat(item.expr().span().startCol()).isEqualTo(3);
        assertThat(item.expr().span().endCol()).isEqualTo(8);
    }

    @Test
    void duckDbConveniencesParseToTheirCanonicalForm() {
        assertThat(Parser.parseStatement("FROM t").toSql()).isEqualTo("SELECT * FROM t");
        assertThat(Parser.parseStatement("FROM t SELECT a WHERE a > 1").toSql())
                .isEqualTo("SELECT a FROM t WHERE a > 1");
        assertThat(Parser.parseStatement("SELECT a, b, FROM t").toSql()).isEqualTo("SELECT a, b FROM t");
        assertThat(Parser.parseStatement("SELECT * EXCLUDE a FROM t").toSql()).isEqualTo("SELECT * EXCLUDE (a) FROM t");
        assertThat(Parser.parseStatement("SELECT * FROM t USING SAMPLE 10 PERCENT (system, 3)")
                        .toSql())
                .isEqualTo("SELECT * FROM t USING SAMPLE 10% (system) REPEATABLE (3)");
        assertThat(Parser.parseStatement("SELECT * FROM t USING SAMPLE reservoir(5)")
                        .toSql())
                .isEqualTo("SELECT * FROM t USING SAMPLE 5 ROWS (reservoir)");
        assertThat(select("SELECT a FROM t GROUP BY ALL").groupByAll()).isTrue();
    }
}
