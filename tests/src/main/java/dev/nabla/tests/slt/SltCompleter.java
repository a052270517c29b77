package dev.nabla.tests.slt;

import dev.nabla.tests.slt.SltParser.ParsedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rewrites the expected results of a file's queries with what the engine returned ("--complete" mode).
 * Queries that failed keep their old block. Results above the file's hash threshold are written hashed;
 * multi-column results are written one row per line with tab-separated values. Only for our own files.
 */
public final class SltCompleter implements SltRunner.QueryObserver {
    private record Replacement(SltRecord.Query query, List<String> lines) {}

    private final List<Replacement> replacements = new ArrayList<>();

    @Override
    public void observe(SltRecord.Query query, SltRunner.QueryOutcome outcome, int hashThreshold) {
        if (outcome.failed()) return;
        List<String> values = outcome.values();
        List<String> lines = new ArrayList<>();
        if (hashThreshold > 0 && values.size() > hashThreshold) {
            lines.add(values.size() + " values hashing to " + SltRunner.md5(values));
        } else if (outcome.columns() <= 1 || query.sort() == SltRecord.SortMode.VALUESORT) {
            lines.addAll(values);
        } else {
            for (int i = 0; i + outcome.columns() <= values.size(); i += outcome.columns()) {
                lines.add(String.join("\t", values.subList(i, i + outcome.columns())));
            }
        }
        replacements.add(new Replacement(query, lines));
    }

    /** Applies the collected results to the file; returns whether its text changed. */
    public boolean rewrite(ParsedFile file) throws IOException {
        List<String> lines = new ArrayList<>(file.lines());
        List<Replacement> ordered = new ArrayList<>(replacements);
        ordered.sort(Comparator.comparingInt((Replacement r) -> r.query().sqlEndIndex())
                .reversed());
        for (Replacement r : ordered) {
            SltRecord.Query q = r.query();
            if (q.separatorIndex() >= 0) {
                lines.subList(q.resultFrom(), q.resultTo()).clear();
                lines.addAll(q.resultFrom(), r.lines());
            } else {
                List<String> block = new ArrayList<>();
                block.add("----");
                block.addAll(r.lines());
                lines.addAll(q.sqlEndIndex(), block);
            }
        }
        String text = String.join("\n", lines) + "\n";
        String old = String.join("\n", file.lines()) + "\n";
        if (text.equals(old)) return false;
        Files.writeString(file.path(), text, StandardCharsets.UTF_8);
        return true;
    }
}
