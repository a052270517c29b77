package dev.nabla.parser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the SQL out of sqllogictest files: the lines after {@code statement ok|error} or
 * {@code query ...} up to {@code ----} or a blank line, keeping only records meant for SQLite
 * (no {@code onlyif <other>}, no {@code skipif sqlite}) and stopping at an unconditional halt.
 * Shared with plan's tests through this module's test jar.
 */
public final class SltCorpus {
    public record Entry(Path file, int line, String sql, boolean expectError) {}

    private SltCorpus() {}

    /** The conformance folder, from -Dnabla.slt.dir or the usual shared locations; null if absent. */
    public static Path locate() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("nabla.slt.dir");
        if (prop != null) candidates.add(Path.of(prop));
        candidates.add(Path.of("shared/conformance/sqllogictest"));
        candidates.add(Path.of("../shared/conformance/sqllogictest"));
        candidates.add(Path.of("/work/shared/conformance/sqllogictest"));
        for (Path p : candidates) if (Files.isDirectory(p)) return p;
        return null;
    }

    public static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
    }

    public static List<Entry> read(Path file) throws IOException {
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
                    continue;
                }
                case "skipif" -> {
                    if (words.length > 1 && words[1].equals("sqlite")) skipNext = true;
                    continue;
                }
                case "halt" -> {
                    if (!skipNext) return out;
                    skipNext = false;
                    continue;
                }
                case "statement", "query" -> {
                    int first = i + 1;
                    StringBuilder sql = new StringBuilder();
                    int j = first;
                    while (j < lines.size()
                            && !lines.get(j).isBlank()
                            && !lines.get(j).startsWith("----")) {
                        if (!sql.isEmpty()) sql.append('\n');
                        sql.append(lines.get(j));
                        j++;
                    }
                    if (!skipNext && !sql.isEmpty()) {
                        boolean error = words[0].equals("statement") && words.length > 1 && words[1].equals("error");
                        out.add(new Entry(file, first + 1, sql.toString(), error));
                    }
                    skipNext = false;
                    i = j;
                    // skip the result block of a query
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
