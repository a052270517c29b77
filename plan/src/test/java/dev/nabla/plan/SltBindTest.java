package dev.nabla.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.common.NablaException;
import dev.nabla.parser.Parser;
import dev.nabla.parser.ast.Statement;
import dev.nabla.plan.bind.Binder;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.optimize.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Binds and optimizes every statement of the sqllogictest corpus (when present) against a catalog that
 * follows its CREATE/DROP statements: statements the corpus expects to succeed must bind.
 */
class SltBindTest {
    record Entry(String sql, boolean expectError) {}

    private long bindNs, optNs, slowest;
    private String slowestSql;

    @Test void corpusBinds() throws IOException {
        Path dir = Stream.of("shared/conformance/sqllogictest", "../shared/conformance/sqllogictest", "/work/shared/conformance/sqllogictest")
                .map(Path::of).filter(Files::isDirectory).findFirst().orElse(null);
        Assumptions.assumeTrue(dir != null, "no sqllogictest corpus");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        int ok = 0;
        Map<String, List<String>> failures = new LinkedHashMap<>();
        // the many-table joins of select5 are the slow part; -Dnabla.slt.full=true runs all of it
        int limitPerFile = Boolean.getBoolean("nabla.slt.full") ? Integer.MAX_VALUE : 500;
        for (Path f : files) {
            TestCatalog cat = new TestCatalog();
            List<Entry> entries = read(f);
            for (Entry e : entries.subList(0, Math.min(entries.size(), limitPerFile))) {
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
                    if (!e.expectError()) failures.computeIfAbsent(ex.getMessage(), k -> new ArrayList<>()).add(e.sql());
                }
            }
        }
        int failed = failures.values().stream().mapToInt(List::size).sum();
        failures.forEach((msg, sqls) -> System.out.println(sqls.size() + "x " + msg + "\n    e.g. " + sqls.get(0).replace('\n', ' ')));
        System.out.println("bound " + ok + ", failed " + failed + "; bind ms " + bindNs / 1_000_000 + ", optimize ms " + optNs / 1_000_000
                + "; slowest " + slowest / 1_000_000 + " ms: " + slowestSql);
        assertThat(failed).as("statements that should bind").isLessThanOrEqualTo(Math.max(20, ok / 200));
    }

    private static void apply(TestCatalog cat, BoundStatement b) {
        switch (b) {
            case BoundStatement.CreateTable ct -> cat.table(ct.name(), 100,
                    ct.columns().stream().map(c -> c.name() + " " + c.type().sqlName()).toArray(String[]::new));
            case BoundStatement.CreateView v -> cat.view(v.name(), v.columnNames(), v.sql());
            default -> { }
        }
    }

    private static List<Entry> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Entry> out = new ArrayList<>();
        boolean skipNext = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String[] words = line.split("\\s+");
            if (line.isEmpty() || line.startsWith("#")) continue;
            switch (words[0]) {
                case "onlyif" -> {
                    if (words.length > 1 && !words[1].equals("sqlite")) skipNext = true;
                }
                case "skipif" -> {
                    if (words.length > 1 && words[1].equals("sqlite")) skipNext = true;
                }
                case "halt" -> {
                    if (!skipNext) return out;
                    skipNext = false;
                }
                case "statement", "query" -> {
                    StringBuilder sql = new StringBuilder();
                    int j = i + 1;
                    while (j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).startsWith("----")) {
                        if (!sql.isEmpty()) sql.append('\n');
                        sql.append(lines.get(j));
                        j++;
                    }
                    if (!skipNext && !sql.isEmpty()) {
                        out.add(new Entry(sql.toString(), words[0].equals("statement") && words.length > 1 && words[1].equals("error")));
                    }
                    skipNext = false;
                    i = j;
                    if (j < lines.size() && lines.get(j).startsWith("----")) {
                        while (i + 1 < lines.size() && !lines.get(i + 1).isBlank()) i++;
                    }
                }
                default -> skipNext = false;
            }
        }
        return out;
    }
}
