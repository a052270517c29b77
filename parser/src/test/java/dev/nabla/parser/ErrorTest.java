package dev.nabla.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import org.junit.jupiter.api.Test;

/** Messages, codes and positions of syntax errors. */
class ErrorTest {

    private static NablaException error(String sql) {
        NablaException e = catchThrowableOfType(NablaException.class, () -> Parser.parseStatement(sql));
        assertThat(e).as("no error for: " + sql).isNotNull();
        return e;
    }

    private static void assertError(String sql, String message, int line, int col) {
        NablaException e = error(sql);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX);
        assertThat(e.span().startLine()).as("line").isEqualTo(line);
        assertThat(e.span().startCol()).as("column").isEqualTo(col);
    }

    @Test
    void missingTableName() {
        assertError("SELECT * FROM", "expected a table name, found end of input", 1, 14);
    }

    @Test
    void misspelledKeyword() {
        assertError("SELEC 1", "expected a statement, found 'SELEC' (did you mean SELECT?)", 1, 1);
        assertError(
                "SELECT 1 FORM t",
                "expected end of input, found 't' ('FORM' was read as an alias; did you mean FROM?)",
                1,
                15);
        assertError("SELECT * FORM t", "expected end of input, found 'FORM' (did you mean FROM?)", 1, 10);
        assertError(
                "SELECT a FROM t WEHRE a > 1",
                "expected end of input, found 'a' ('WEHRE' was read as an alias; did you mean WHERE?)",
                1,
                23);
        assertError(
                "SELECT a FROM t AS x WEHRE a", "expected end of input, found 'WEHRE' (did you mean WHERE?)", 1, 22);
        assertError("INSRET INTO t VALUES (1)", "expected a statement, found 'INSRET' (did you mean INSERT?)", 1, 1);
    }

    @Test
    void alterTable() {
        assertError("ALTER t ADD c INT", "expected TABLE, found 't'", 1, 7);
        assertError("ALTER TABLE t MODIFY c INT", "expected ADD, DROP or RENAME, found 'MODIFY'", 1, 15);
        assertError("ALTER TABLE t RENAME a b", "expected TO, found 'b'", 1, 24);
        assertError("ALTR TABLE t RENAME TO u", "expected a statement, found 'ALTR' (did you mean ALTER?)", 1, 1);
    }

    @Test
    void blobLiteral() {
        assertError("SELECT x'ABC'", "blob literal needs an even number of hex digits", 1, 8);
        assertError("SELECT x'0G'", "invalid hex digit in blob literal", 1, 8);
    }

    @Test
    void unterminatedString() {
        assertError("SELECT 'abc", "unterminated string literal", 1, 8);
    }

    @Test
    void unterminatedComment() {
        assertError("SELECT 1 /* x", "unterminated comment", 1, 10);
    }

    @Test
    void unclosedParenthesis() {
        assertError("SELECT (1 + 2", "expected ')', found end of input", 1, 14);
    }

    @Test
    void missingExpression() {
        assertError("SELECT (1 + )", "expected an expression, found ')'", 1, 13);
        assertError("SELECT 1 +", "expected an expression, found end of input", 1, 11);
        assertError("SELECT", "expected an expression, found end of input", 1, 7);
    }

    @Test
    void missingKeyword() {
        assertError("DELETE t", "expected FROM, found 't'", 1, 8);
        assertError("SELECT CAST(1 INTEGER)", "expected AS, found 'INTEGER'", 1, 15);
        assertError("SELECT CASE WHEN 1 THEN 2", "expected END, found end of input", 1, 26);
    }

    @Test
    void positionsOnLaterLines() {
        assertError("SELECT a,\n       b\n  FROM t WHERE", "expected an expression, found end of input", 3, 15);
        assertError("SELECT 1;\nSELECT 2 2", "expected end of input, found 'SELECT'", 2, 1);
    }

    @Test
    void scriptErrorsPointIntoTheScript() {
        NablaException e =
                catchThrowableOfType(NablaException.class, () -> Parser.parseScript("SELECT 1;\nSELECT * FROM;"));
        assertThat(e.getMessage()).isEqualTo("expected a table name, found ';'");
        assertThat(e.span().startLine()).isEqualTo(2);
        assertThat(e.span().startCol()).isEqualTo(14);
    }

    @Test
    void emptyInput() {
        assertError("", "expected a statement, found end of input", 1, 1);
        assertError("  -- only a comment", "expected a statement, found end of input", 1, 20);
    }

    @Test
    void badCharacters() {
        assertError("SELECT 1 ! 2", "unexpected character '!'", 1, 10);
        assertError("SELECT #", "unexpected character '#'", 1, 8);
    }

    @Test
    void renderShowsCaret() {
        NablaException e = error("SELECT * FROM");
        assertThat(e.render("SELECT * FROM"))
                .isEqualTo("line 1:14: expected a table name, found end of input\nSELECT * FROM\n             ^");
    }

    @Test
    void hugeLiteralsAreDoublesUntilDoubleOverflows() {
        String big = "1" + "0".repeat(300);
        assertThat(Parser.parseExpression(big))
                .isInstanceOfSatisfying(
                        dev.nabla.parser.ast.Expression.NumberLiteral.class,
                        n -> assertThat(n.isBigInteger()).isTrue());
        // beyond DOUBLE's range there is no type to hold the value: 22003, as PostgreSQL's float8 input gives
        for (String lit : new String[] {"1" + "0".repeat(400), "1e999", "0x1" + "0".repeat(300), "9".repeat(309)}) {
            assertThatThrownBy(() -> Parser.parseExpression(lit)).isInstanceOfSatisfying(NablaException.class, e -> {
                assertThat(e.code().sqlState()).isEqualTo("22003");
                assertThat(e.getMessage()).contains("out of range");
            });
        }
        assertThat(Parser.parseExpression("-" + "0".repeat(500) + "1e-999")).isNotNull();
        assertThatThrownBy(() -> Parser.parseStatement("SELECT $99999999999")).isInstanceOf(NablaException.class);
    }

    @Test
    void millionDigitLiteralFailsInLinearTime() {
        String lit = "9".repeat(1_000_000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> Parser.parseStatement("SELECT " + lit))
                .isInstanceOfSatisfying(
                        NablaException.class,
                        e -> assertThat(e.code().sqlState()).isEqualTo("22003"));
        assertThatThrownBy(() -> Parser.parseStatement("SELECT 0x" + lit)).isInstanceOf(NablaException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
    }

    @Test
    void nestedAmbiguousParenthesesParseInLinearTime() {
        // each level starts like a parenthesized query but is an expression; backtracking would be exponential
        String x = "1";
        for (int i = 0; i < 60; i++) x = "((SELECT " + x + ") + 1)";
        String sql = "SELECT " + x;
        long start = System.nanoTime();
        assertThat(Parser.parseStatement(sql)).isNotNull();
        String from = "t";
        for (int i = 0; i < 60; i++) from = "((SELECT * FROM " + from + ") AS a" + i + " JOIN u ON TRUE)";
        assertThat(Parser.parseStatement("SELECT * FROM " + from)).isNotNull();
        String pos = "s";
        for (int i = 0; i < 200; i++) pos = "position(" + pos + " || 'x', 'y')";
        assertThat(Parser.parseStatement("SELECT " + pos)).isNotNull();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000);
        NablaException e = catchThrowableOfType(NablaException.class, () -> Parser.parseStatement(deep));
        assertThat(e.code()).isEqualTo(ErrorCode.RECURSION_LIMIT);
        assertThat(e.getMessage()).contains("nested too deeply");

        for (String prefix : new String[] {"NOT ", "-", "~", "EXISTS (SELECT ", "(SELECT "}) {
            String s = "SELECT " + prefix.repeat(50_000) + "1";
            assertThatThrownBy(() -> Parser.parseStatement(s)).isInstanceOf(NablaException.class);
        }
        String subqueries = "SELECT * FROM " + "(SELECT * FROM ".repeat(20_000) + "t" + ")".repeat(20_000);
        assertThatThrownBy(() -> Parser.parseStatement(subqueries)).isInstanceOf(NablaException.class);
        String chain = "SELECT " + "1 + ".repeat(5_000) + "1";
        assertThatThrownBy(() -> Parser.parseStatement(chain)).isInstanceOf(NablaException.class);
        String joins = "SELECT * FROM t" + " JOIN t ON TRUE".repeat(5_000);
        assertThatThrownBy(() -> Parser.parseStatement(joins)).isInstanceOf(NablaException.class);
        String unions = "SELECT 1" + " UNION SELECT 1".repeat(5_000);
        assertThatThrownBy(() -> Parser.parseStatement(unions)).isInstanceOf(NablaException.class);
        // moderate nesting is fine
        assertThat(Parser.parseStatement("SELECT " + "(".repeat(200) + "1" + ")".repeat(200)))
                .isNotNull();
    }
}
