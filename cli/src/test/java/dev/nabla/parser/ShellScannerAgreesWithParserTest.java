package dev.nabla.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.shell.SqlScanner;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shell cuts scripts into statements with the parser's lexer ({@link SqlScanner}); on generated
 * scripts it must find the statements the parser finds, at the same positions. (Here, in the parser's
 * package, for its {@link SqlGenerator}.)
 */
class ShellScannerAgreesWithParserTest {
    private static final long SEED = Long.getLong("nabla.fuzz.seed", 20260214L);

    @Test
    void scannerAgreesWithTheParserOnGeneratedScripts() {
        System.out.println("ShellScannerAgreesWithParserTest seed " + SEED);
        Random r = new Random(SEED);
        SqlGenerator gen = new SqlGenerator(r);
        for (int i = 0; i < 300; i++) {
            StringBuilder script = new StringBuilder();
            int n = 1 + r.nextInt(5);
            for (int k = 0; k < n; k++) {
                if (r.nextInt(4) == 0) script.append("/* note; */ ");
                script.append(gen.statement()).append(r.nextBoolean() ? ";\n" : " ; -- done\n");
            }
            String sql = script.toString();
            List<ParsedStatement> parsed = Parser.parseScript(sql);
            List<SqlScanner.Piece> pieces = SqlScanner.split(sql);
            assertThat(SqlScanner.isComplete(sql)).as(sql).isTrue();
            assertThat(pieces)
                    .extracting(p -> p.text().strip())
                    .as(sql)
                    .containsExactlyElementsOf(
                            parsed.stream().map(p -> p.text().strip()).toList());
            for (int k = 0; k < parsed.size(); k++) {
                assertThat(pieces.get(k).line()).as(sql).isEqualTo(parsed.get(k).startLine());
                assertThat(pieces.get(k).column())
                        .as(sql)
                        .isEqualTo(parsed.get(k).startCol());
            }
        }
    }

    @Test
    void incompleteInput() {
        assertThat(SqlScanner.isComplete("SELECT 'abc;")).isFalse();
        assertThat(SqlScanner.isComplete("SELECT 1; /* open")).isFalse();
        assertThat(SqlScanner.isComplete("SELECT (1;")).isFalse();
        assertThat(SqlScanner.isComplete("SELECT \"\" ;")).isTrue();
        assertThat(SqlScanner.split(";;  ; SELECT 1;;")).hasSize(1);
    }
}
