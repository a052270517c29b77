package dev.nabla.parser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementSplitterTest {

    @Test
    void splitsAtSemicolonsOutsideStringsCommentsAndParentheses() {
        var r = StatementSplitter.split("SELECT 'a;b'; -- c;d\nSELECT /* ; */ 2;\n  INSERT INTO t VALUES (';');");
        assertThat(r.incomplete()).isFalse();
        assertThat(r.statements()).extracting(StatementSplitter.Piece::text)
                .containsExactly("SELECT 'a;b'", "SELECT /* ; */ 2", "INSERT INTO t VALUES (';')");
        assertThat(r.statements().get(2).startLine()).isEqualTo(3);
        assertThat(r.statements().get(2).startCol()).isEqualTo(3);
        assertThat(r.statements()).allMatch(StatementSplitter.Piece::terminated);
    }

    @Test
    void detectsIncompleteInput() {
        assertThat(StatementSplitter.split("SELECT 1").incomplete()).isTrue();
        assertThat(StatementSplitter.split("SELECT 1;").incomplete()).isFalse();
        assertThat(StatementSplitter.split("SELECT 1; -- trailing comment").incomplete()).isFalse();
        assertThat(StatementSplitter.split("SELECT 'abc;").incomplete()).isTrue();
        assertThat(StatementSplitter.split("SELECT 1; /* open").incomplete()).isTrue();
        assertThat(StatementSplitter.split("SELECT (1;").incomplete()).isTrue();
        assertThat(StatementSplitter.split("").incomplete()).isFalse();
        assertThat(StatementSplitter.split("  \n ").statements()).isEmpty();
        var r = StatementSplitter.split("SELECT 1; SELECT\n 2");
        assertThat(r.complete()).hasSize(1);
        assertThat(r.statements().get(1).terminated()).isFalse();
        assertThat(r.statements().get(1).text()).isEqualTo("SELECT\n 2");
    }

    @Test
    void emptyStatementsAreDropped() {
        assertThat(StatementSplitter.split(";;  ; SELECT 1;;").statements()).hasSize(1);
    }

    @Test
    void piecesParseWithScriptPositions() {
        var r = StatementSplitter.split("SELECT 1;\n  SELECT a + b FROM t;");
        var stmt = Parser.parseStatement(r.statements().get(1));
        assertThat(stmt.span().startLine()).isEqualTo(2);
        assertThat(stmt.span().startCol()).isEqualTo(3);
    }
}
