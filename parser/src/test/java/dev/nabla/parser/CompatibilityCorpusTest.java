package dev.nabla.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.NablaException;
import dev.nabla.parser.ast.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every SQL record of the SQLite sqllogictest files meant for SQLite must parse (records expecting
 * an error are counted separately: those may be semantic errors), and must round-trip through
 * {@code toSql()}. Skipped when the conformance folder is absent.
 */
class CompatibilityCorpusTest {

    @Test
    void sqliteLogicTestsParse() throws Exception {
        Path dir = SltCorpus.locate();
        Assumptions.assumeTrue(dir != null, "sqllogictest corpus not found");
        int total = 0, parsed = 0, errorRecords = 0, errorRecordsParsed = 0, roundTripFailures = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : SltCorpus.files(dir)) {
            for (SltCorpus.Entry e : SltCorpus.read(file)) {
                if (e.expectError()) {
                    errorRecords++;
                    try {
                        Parser.parseScript(e.sql());
                        errorRecordsParsed++;
                    } catch (NablaException ex) {
                        System.out.println("error record rejected by the parser: "
                                + e.sql().replace('\n', ' ') + " -- " + ex.headline());
                    }
                    continue;
                }
                total++;
                try {
                    // a record may hold several statements separated by semicolons
                    for (ParsedStatement ps : Parser.parseScript(e.sql())) {
                        Statement s = ps.statement();
                        Statement again = Parser.parseStatement(s.toSql());
                        if (!again.equals(s)) {
                            roundTripFailures++;
                            if (failures.size() < 50)
                                failures.add("round trip " + file.getFileName() + ":" + e.line() + ": " + e.sql()
                                        + "\n   -> " + s.toSql());
                        }
                    }
                    parsed++;
                } catch (NablaException ex) {
                    if (failures.size() < 50)
                        failures.add(file.getFileName() + ":" + e.line() + ": " + ex.headline() + "\n   " + e.sql());
                }
            }
        }
        double rate = total == 0 ? 1 : (double) parsed / total;
        System.out.printf(
                "sqllogictest corpus: %d/%d statements parse (%.3f%%), %d round-trip failures, %d of %d 'statement error' records parse (their errors are semantic)%n",
                parsed, total, rate * 100, roundTripFailures, errorRecordsParsed, errorRecords);
        failures.forEach(System.out::println);
        assertThat(total).isGreaterThan(0);
        assertThat(rate)
                .as("parse rate; failures:\n" + String.join("\n", failures))
                .isGreaterThanOrEqualTo(0.999);
        assertThat(roundTripFailures).as(String.join("\n", failures)).isZero();
    }
}
