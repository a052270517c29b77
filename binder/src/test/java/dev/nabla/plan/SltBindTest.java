package dev.nabla.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.NablaException;
import dev.nabla.parser.Parser;
import dev.nabla.parser.SltCorpus;
import dev.nabla.parser.ast.Statement;
import dev.nabla.plan.bind.Binder;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.optimize.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Binds and optimizes every statement of the sqllogictest corpus (when present) against a catalog that
 * follows its CREATE/DROP statements: statements the corpus expects to succeed must bind.
 */
class SltBindTest {
    private long bindNs, optNs, slowest;
    private String slowestSql;

    @Test
    void corpusBinds() throws IOException {
        Path dir = SltCorpus.locate();
        Assumptions.assumeTrue(dir != null, "no sqllogictest corpus");
        List<Path> files = SltCorpus.files(dir);
        int ok = 0;
        Map<String, List<String>> failures = new LinkedHashMap<>();
        // the many-table joins of select5 are the slow part; -Dnabla.slt.full=true runs all of it
        int limitPerFile = Boolean.getBoolean("nabla.slt.full") ? Integer.MAX_VALUE : 500;
        for (Path f : files) {
            TestCatalog cat = new TestCatalog();
            List<SltCorpus.Entry> entries = SltCorpus.read(f);
            for (SltCorpus.Entry e : entries.subList(0, Math.min(entries.size(), limitPerFile))) {
                Statement st;
                try {
                    st = Parser.parseStatement(e.sql());
                } catch (NablaException ex) {
                    continue;
                }
                try {
                    long t0 = System.nanoTime();
                    BoundStatement b0 = Binder.bind(st, cat, null);
                    long t1 = System.nanoTime();
                    BoundStatement b = Optimizer.standard().optimize(b0);
                    long t2 = System.nanoTime();
                    bindNs += t1 - t0;
                    optNs += t2 - t1;
                    if (t2 - t1 > slowest) {
                        slowest = t2 - t1;
                        slowestSql = e.sql();
                    }
                    apply(cat, b);
                    ok++;
                } catch (NablaException ex) {
                    if (!e.expectError())
                        failures.computeIfAbsent(ex.getMessage(), k -> new ArrayList<>())
                                .add(e.sql());
                }
            }
        }
        int failed = failures.values().stream().mapToInt(List::size).sum();
        failures.forEach((msg, sqls) -> System.out.println(
                sqls.size() + "x " + msg + "\n    e.g. " + sqls.get(0).replace('\n', ' ')));
        System.out.println("bound " + ok + ", failed " + failed + "; bind ms " + bindNs / 1_000_000 + ", optimize ms "
                + optNs / 1_000_000 + "; slowest " + slowest / 1_000_000 + " ms: " + slowestSql);
        assertThat(failed).as("statements that should bind").isLessThanOrEqualTo(Math.max(20, ok / 200));
    }

    private static void apply(TestCatalog cat, BoundStatement b) {
        switch (b) {
            case BoundStatement.CreateTable ct ->
                cat.table(
                        ct.name(),
                        100,
                        ct.columns().stream()
                                .map(c -> c.name() + " " + c.type().sqlName())
                                .toArray(String[]::new));
            case BoundStatement.CreateView v -> cat.view(v.name(), v.columnNames(), v.sql());
            default -> {}
        }
    }
}
