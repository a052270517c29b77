package dev.nabla.tests.slt;

import dev.nabla.tests.slt.SltRecord.Conditions;
import dev.nabla.tests.slt.SltRecord.Expected;
import dev.nabla.tests.slt.SltRecord.SortMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses SQLite's sqllogictest format: records separated by blank lines, {@code #} comment lines,
 * {@code skipif}/{@code onlyif} prefixes, {@code statement ok|error}, {@code query} with a {@code ----}
 * separator and one expected value per line (or one row per line, values separated by tabs),
 * {@code hash-threshold} and {@code halt}.
 */
public final class SltParser {
    private static final Pattern HASH = Pattern.compile("^(\\d+) values hashing to ([0-9a-fA-F]{32})$");

    /** A parsed file: its lines (for completion) and its records. */
    public record ParsedFile(Path path, List<String> lines, List<SltRecord> records) {
        public ParsedFile {
            lines = List.copyOf(lines);
            records = List.copyOf(records);
        }
    }

    /** Thrown for a malformed file; names file and line. */
    public static final class SltSyntaxException extends RuntimeException {
        public SltSyntaxException(String message) {
            super(message);
        }
    }

    private SltParser() {}

    public static ParsedFile parse(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        return parse(path, text);
    }

    public static ParsedFile parse(Path path, String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) lines.removeLast();
        List<SltRecord> records = new ArrayList<>();
        int i = 0;
        int n = lines.size();
        List<String> skipIf = new ArrayList<>();
        List<String> onlyIf = new ArrayList<>();
        while (i < n) {
            String raw = lines.get(i);
            String trimmed = raw.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                if (trimmed.isEmpty() && (!skipIf.isEmpty() || !onlyIf.isEmpty())) {
                    throw new SltSyntaxException(path + ":" + (i + 1) + ": skipif/onlyif not followed by a record");
                }
                i++;
                continue;
            }
            String[] tok = withoutComment(trimmed).split("\\s+");
            String keyword = tok[0].toLowerCase(Locale.ROOT);
            int lineNo = i + 1;
            switch (keyword) {
                case "skipif", "onlyif" -> {
                    if (tok.length < 2)
                        throw new SltSyntaxException(path + ":" + lineNo + ": " + keyword + " needs a database name");
                    (keyword.equals("skipif") ? skipIf : onlyIf).add(tok[1]);
                    i++;
                    continue;
                }
                case "statement" -> {
                    if (tok.length < 2)
                        throw new SltSyntaxException(path + ":" + lineNo + ": statement needs ok or error");
                    boolean ok = switch (tok[1].toLowerCase(Locale.ROOT)) {
                        case "ok" -> true;
                        case "error" -> false;
                        default ->
                            throw new SltSyntaxException(
                                    path + ":" + lineNo + ": statement must be ok or error, not " + tok[1]);
                    };
                    // the substring is everything after "error", verbatim (it may contain '#')
                    String substring = null;
                    if (!ok) {
                        String rest = trimmed.substring(
                                        trimmed.toLowerCase(Locale.ROOT).indexOf("error") + 5)
                                .strip();
                        if (!rest.isEmpty()) substring = rest;
                    }
                    int j = i + 1;
                    StringBuilder sql = new StringBuilder();
                    while (j < n
                            && !lines.get(j).isBlank()
                            && !lines.get(j).strip().equals("----")) {
                        appendLine(sql, lines.get(j));
                        j++;
                    }
                    // DuckDB style: statement error / ---- / expected message
                    if (j < n && lines.get(j).strip().equals("----")) {
                        j++;
                        StringBuilder msg = new StringBuilder();
                        while (j < n && !lines.get(j).isBlank()) {
                            appendLine(msg, lines.get(j));
                            j++;
                        }
                        if (!msg.isEmpty()) substring = msg.toString();
                    }
                    if (sql.isEmpty()) throw new SltSyntaxException(path + ":" + lineNo + ": statement without SQL");
                    records.add(
                            new SltRecord.Statement(lineNo, conditions(skipIf, onlyIf), sql.toString(), ok, substring));
                    i = j;
                }
                case "query" -> {
                    if (tok.length < 2)
                        throw new SltSyntaxException(path + ":" + lineNo + ": query needs column types");
                    String types = tok[1];
                    SortMode sort = SortMode.NOSORT;
                    String label = null;
                    if (tok.length >= 3) {
                        sort = switch (tok[2].toLowerCase(Locale.ROOT)) {
                            case "nosort" -> SortMode.NOSORT;
                            case "rowsort" -> SortMode.ROWSORT;
                            case "valuesort" -> SortMode.VALUESORT;
                            default ->
                                throw new SltSyntaxException(path + ":" + lineNo + ": unknown sort mode " + tok[2]);
                        };
                    }
                    if (tok.length >= 4) label = tok[3];
                    int j = i + 1;
                    StringBuilder sql = new StringBuilder();
                    while (j < n
                            && !lines.get(j).isBlank()
                            && !lines.get(j).strip().equals("----")) {
                        appendLine(sql, lines.get(j));
                        j++;
                    }
                    if (sql.isEmpty()) throw new SltSyntaxException(path + ":" + lineNo + ": query without SQL");
                    int sqlEnd = j;
                    int separator = -1;
                    int from = j;
                    int to = j;
                    List<String> expected = new ArrayList<>();
                    if (j < n && lines.get(j).strip().equals("----")) {
                        separator = j;
                        j++;
                        from = j;
                        while (j < n && !lines.get(j).isEmpty()) {
                            expected.add(lines.get(j));
                            j++;
                        }
                        to = j;
                    }
                    Expected exp = new Expected.Lines(expected);
                    if (expected.size() == 1) {
                        Matcher m = HASH.matcher(expected.getFirst().strip());
                        if (m.matches())
                            exp = new Expected.Hash(
                                    Integer.parseInt(m.group(1)), m.group(2).toLowerCase(Locale.ROOT));
                    }
                    records.add(new SltRecord.Query(
                            lineNo,
                            conditions(skipIf, onlyIf),
                            sql.toString(),
                            types,
                            sort,
                            label,
                            exp,
                            sqlEnd,
                            separator,
                            from,
                            to));
                    i = j;
                }
                case "hash-threshold" -> {
                    if (tok.length < 2)
                        throw new SltSyntaxException(path + ":" + lineNo + ": hash-threshold needs a number");
                    records.add(new SltRecord.HashThreshold(
                            lineNo, conditions(skipIf, onlyIf), parseInt(path, lineNo, tok[1])));
                    i++;
                }
                case "halt" -> {
                    records.add(new SltRecord.Halt(lineNo, conditions(skipIf, onlyIf)));
                    i++;
                }
                default -> throw new SltSyntaxException(path + ":" + lineNo + ": unknown record '" + tok[0] + "'");
            }
            skipIf.clear();
            onlyIf.clear();
        }
        return new ParsedFile(path, lines, records);
    }

    private static Conditions conditions(List<String> skipIf, List<String> onlyIf) {
        return skipIf.isEmpty() && onlyIf.isEmpty() ? Conditions.NONE : new Conditions(skipIf, onlyIf);
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf('#');
        return hash > 0 ? line.substring(0, hash).strip() : line;
    }

    private static void appendLine(StringBuilder sb, String line) {
        if (!sb.isEmpty()) sb.append('\n');
        sb.append(line);
    }

    private static int parseInt(Path path, int lineNo, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new SltSyntaxException(path + ":" + lineNo + ": not a number: " + s);
        }
    }
}
