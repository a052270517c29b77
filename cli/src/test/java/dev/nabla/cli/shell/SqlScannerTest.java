package dev.nabla.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScannerTest {
    @Test
    void splitsOutsideStringsAndComments() {
        List<SqlScanner.Piece> p =
                SqlScanner.split("SELECT ';' AS \"a;b\"; -- x; y\nSELECT 2 /* ; */;\n.mode csv\nSELECT 3\\G");
        assertThat(p)
                .extracting(SqlScanner.Piece::text)
                .containsExactly("SELECT ';' AS \"a;b\"", "SELECT 2 /* ; */", ".mode csv", "SELECT 3");
        // a statement starts at its first token, as in the parser: leading comments are not part of it
        assertThat(p.get(1).line()).isEqualTo(2);
        assertThat(p.get(2).dotCommand()).isTrue();
        assertThat(p.get(3).terminator()).isEqualTo(SqlScanner.Terminator.VERTICAL);
        assertThat(p.get(3).line()).isEqualTo(4);
    }

    @Test
    void positionsKeepErrorLocations() {
        SqlScanner.Piece p = SqlScanner.split("SELECT 1;\n  SELECT foo;").get(1);
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.column()).isEqualTo(3);
        assertThat(p.text()).isEqualTo("SELECT foo");
        dev.nabla.common.Span inStatement = new dev.nabla.common.Span(1, 8, 1, 11, 7, 10);
        assertThat(p.toInput(inStatement).toString()).isEqualTo("2:10");
        assertThat(p.toInput(inStatement).offset()).isEqualTo(19);
    }

    @Test
    void completeness() {
        assertThat(SqlScanner.isComplete("SELECT 1")).isFalse();
        assertThat(SqlScanner.isComplete("SELECT 1;")).isTrue();
        assertThat(SqlScanner.isComplete("SELECT 1;  -- done")).isTrue();
        assertThat(SqlScanner.isComplete("SELECT ';")).isFalse();
        assertThat(SqlScanner.isComplete("SELECT 1 /* ; ")).isFalse();
        assertThat(SqlScanner.isComplete("SELECT 1; SELECT")).isFalse();
        assertThat(SqlScanner.isComplete(".tables")).isTrue();
        assertThat(SqlScanner.isComplete("")).isTrue();
        assertThat(SqlScanner.isComplete("-- only a comment")).isTrue();
        assertThat(SqlScanner.isComplete("SELECT x\\G")).isTrue();
        assertThat(SqlScanner.isComplete("SELECT 'it''s';")).isTrue();
    }

    @Test
    void blankStatementsAreDropped() {
        assertThat(SqlScanner.split(";;  ;\n-- c\n")).isEmpty();
    }
}
