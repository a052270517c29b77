package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.output.OutputFormat;
import dev.nabla.cli.output.ResultTable;
import dev.nabla.cli.shell.EngineBackend;
import dev.nabla.cli.shell.Shell;
import dev.nabla.cli.shell.ShellSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```sql} block of README.md, CONTRIBUTING.md and docs/*.md runs, in order, in one shell
 * session per file, and none may fail: what the documentation shows is what a user can paste.
 * REPL transcripts ({@code nabla> } and {@code ..> } prompts) are run without their prompts.
 * <ul>
 *   <li>{@code <!-- doc-test: skip -->} on the line before a fence: a grammar summary or a fragment, not run;</li>
 *   <li>{@code <!-- doc-test: setup … -->}: SQL (and dot-commands) run there but not shown, e.g. a table a
 *       section assumes.</li>
 * </ul>
 * Quoted relative file names ({@code 'data.csv'}) and the file arguments of dot-commands are read and
 * written in a temporary folder; {@code examples/…} is the repository's folder.
 *
 * <p>Results shown in comments are asserted, not only that the statement runs. A statement ending in {@code ;}
 * whose comment is only values is checked against its first row: {@code -- 3}, {@code -- 100, 110},
 * {@code -- 'u / sqrt(u * u + v * v)'}, {@code -- true, NULL}, or by column name {@code -- w ≈ 2.0, b ≈ 1.0}.
 * Comment lines right after a statement that hold {@code |} are a result table: a header of column names,
 * then every row ({@code -- n | total} / {@code -- 2 | 3}; a cell is compared with the value's text unless it
 * is a number or {@code NULL}). A number matches when the value rounds to it at
 * the digits shown ({@code 0.33} matches 0.3333); {@code ≈} allows one unit in the last digit shown. Any
 * other comment ({@code -- cos(x)·x + sin(x)}, {@code -- 6x, higher order}) is prose and not checked.
 */
class DocBlocksTest {
    private static final Pattern PROMPT = Pattern.compile("^\\s*(nabla>|\\.\\.>)( |$)");
    private static final Pattern QUOTED_FILE =
            Pattern.compile("'([A-Za-z0-9_./-]+\\.(?:csv|tsv|txt|gz|parquet|pq|nc|json|jsonl|ndjson|svg|png|sql))'");
    private static final Pattern DOT_FILE = Pattern.compile(
            "(?<=\\s)([A-Za-z0-9_./-]+\\.(?:csv|tsv|txt|gz|parquet|pq|json|jsonl|ndjson|md|svg|png|sql))(?=\\s|$)");

    @TempDir
    static Path tmp;

    record Block(String file, int line, String sql, boolean hidden) {}

    @TestFactory
    Stream<DynamicTest> everyDocumentedBlockRuns() throws IOException {
        Path root = repositoryRoot();
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        if (Files.exists(root.resolve("CONTRIBUTING.md"))) docs.add(root.resolve("CONTRIBUTING.md"));
        try (Stream<Path> s = Files.list(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs.stream()
                .map(doc -> DynamicTest.dynamicTest(root.relativize(doc).toString(), () -> runAll(root, doc)));
    }

    /** The checker is not vacuous: a failing statement, a failing dot-command and a setup block are all caught. */
    @org.junit.jupiter.api.Test
    void aFailingBlockIsReported() throws IOException {
        Path root = repositoryRoot();
        for (String md : List.of(
                "```sql\nSELECT 1;\nSELECT nope FROM nowhere;\n```\n",
                "```sql\nnabla> .frobnicate\n```\n",
                "<!-- doc-test: setup\nCREATE TABLE x(\n-->\n",
                "```sql\nSELECT 1 + 1;   -- 3\n```\n",
                "```sql\nSELECT 0.5 AS w;   -- w ≈ 0.7\n```\n",
                "```sql\nSELECT 2 AS n, 'x' AS s;\n-- n | s\n-- 2 | y\n```\n",
                "```sql\nSELECT 1 AS n UNION ALL SELECT 2;\n-- n | m\n-- 1 | 2\n```\n")) {
            Path doc = Files.writeString(tmp.resolve("bad" + md.length() + ".md"), md);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> runAll(root, doc))
                    .isInstanceOf(AssertionError.class);
        }
        // and a right result passes, prose comments stay unchecked
        Path good = Files.writeString(
                tmp.resolve("good.md"),
                "```sql\nSELECT 1 + 1;   -- 2\nSELECT 1.0 / 3 AS third, 'it''s' AS s;   -- third ≈ 0.33, s = 'it''s'\n"
                        + "SELECT 6 AS x;   -- 6x, higher order by nesting\nSELECT 2 AS n, 'x' AS s;\n-- n | s\n-- 2 | x\n```\n");
        runAll(root, good);
        assertThat(segments("SELECT 1;  -- 1\nSELECT 2;\n")).hasSize(2);
        List<Block> readme = blocks("README.md", Files.readAllLines(root.resolve("README.md")));
        assertThat(readme).hasSizeGreaterThanOrEqualTo(2);
        // the README's tour shows the fitted parameters: that comment is checked, not skipped as prose
        assertThat(readme.stream()
                        .flatMap(b -> segments(b.sql()).stream())
                        .filter(seg -> seg.expected() != null && seg.expected().names() != null)
                        .map(seg -> seg.expected().names()))
                .contains(List.of("w", "b"));
        assertThat(readme.getFirst().sql()).startsWith("CREATE TABLE pts").doesNotContain("nabla>", "..>");
    }

    private static void runAll(Path root, Path doc) throws IOException {
        List<Block> blocks = blocks(doc.getFileName().toString(), Files.readAllLines(doc));
        Path dir =
                Files.createDirectories(tmp.resolve(doc.getFileName().toString().replace(".md", "")));
        try (EngineBackend backend = EngineBackend.open()) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            ShellSettings settings = new ShellSettings();
            settings.format = OutputFormat.CSV;
            Shell shell = new Shell(backend, settings, new PrintWriter(out), new PrintWriter(err));
            Shell.Source source = new Shell.Source(doc.getFileName().toString(), dir, true);
            for (Block b : blocks) {
                String sql = localize(b.sql(), root, dir);
                for (Segment seg : b.hidden() ? List.of(new Segment(sql, null, null)) : segments(sql)) {
                    if (!seg.before().isBlank()) {
                        boolean ok = shell.run(seg.before(), source);
                        assertThat(ok && err.toString().isEmpty())
                                .as(
                                        "%s block at line %d%s failed:%n%s%n--- error ---%n%s",
                                        b.file(), b.line(), b.hidden() ? " (setup)" : "", seg.before(), err)
                                .isTrue();
                    }
                    if (seg.checked() == null) continue;
                    ResultTable t;
                    try {
                        t = shell.rows(seg.checked());
                    } catch (RuntimeException e) {
                        throw new AssertionError(
                                b.file() + " block at line " + b.line() + " failed:\n" + seg.checked()
                                        + "\n--- error ---\n" + e.getMessage(),
                                e);
                    }
                    String mismatch = seg.expected().mismatch(t);
                    assertThat(mismatch)
                            .as(
                                    "%s block at line %d: %s%n shows a result it does not give",
                                    b.file(), b.line(), seg.checked())
                            .isNull();
                }
            }
        }
    }

    /** SQL to run as it is, then (when not null) one statement whose result is checked against {@code expected}. */
    record Segment(String before, String checked, Expected expected) {}

    /** Splits a block at each statement that shows its result in a comment. */
    static List<Segment> segments(String sql) {
        List<Segment> out = new ArrayList<>();
        String[] lines = sql.split("\n", -1);
        StringBuilder before = new StringBuilder(), statement = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int dash = commentStart(line);
            String code = (dash < 0 ? line : line.substring(0, dash)).strip();
            statement.append(line).append('\n');
            boolean dot = code.startsWith(".") && statement.toString().strip().startsWith(".");
            if (!code.endsWith(";") && !dot) continue;
            Expected e = null;
            int next = i;
            if (!dot) {
                e = dash < 0 ? null : Expected.inline(line.substring(dash + 2));
                if (e == null) {
                    List<String> table = new ArrayList<>();
                    for (int j = i + 1; j < lines.length; j++) {
                        String l = lines[j].strip();
                        if (!l.startsWith("--") || !l.contains("|")) break;
                        table.add(l.substring(2));
                        next = j;
                    }
                    e = table.size() >= 2 ? Expected.table(table) : null;
                    if (e == null) next = i;
                }
            }
            if (e == null) {
                before.append(statement);
            } else {
                String stmt = statement.toString();
                out.add(new Segment(
                        before.toString(),
                        stmt.substring(0, stmt.lastIndexOf(';')).strip() + "\n",
                        e));
                before.setLength(0);
                i = next;
            }
            statement.setLength(0);
        }
        before.append(statement);
        out.add(new Segment(before.toString(), null, null));
        return out;
    }

    /** Index of a {@code --} comment outside quotes, or -1. */
    private static int commentStart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
                return i;
            }
        }
        return -1;
    }

    /** A result shown in a comment: values of the first row (by position or name), or a whole table. */
    record Expected(List<String> header, List<List<String>> rows, List<String> names, List<Boolean> approx) {
        /** {@code 3}, {@code 100, 110}, {@code 'text'}, {@code w ≈ 2.0, b = 1}; null when the comment is prose. */
        static Expected inline(String comment) {
            List<String> items = splitTopLevel(comment.strip(), ',');
            List<String> values = new ArrayList<>(), names = new ArrayList<>();
            List<Boolean> approx = new ArrayList<>();
            for (String item : items) {
                String it = item.strip(), name = null;
                boolean near = false;
                Matcher m = NAMED.matcher(it);
                if (m.matches()) {
                    name = m.group(1);
                    near = m.group(2).equals("≈");
                    it = m.group(3).strip();
                }
                if (!isValue(it) || (near && !NUMBER.matcher(it).matches())) return null;
                values.add(it);
                names.add(name);
                approx.add(near);
            }
            if (values.isEmpty() || (names.contains(null) && names.stream().anyMatch(n -> n != null))) return null;
            return new Expected(null, List.of(values), names.contains(null) ? null : names, approx);
        }

        static Expected table(List<String> lines) {
            List<String> header = splitTopLevel(lines.getFirst(), '|').stream()
                    .map(String::strip)
                    .toList();
            List<List<String>> rows = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) {
                List<String> row =
                        splitTopLevel(l, '|').stream().map(String::strip).toList();
                if (row.size() != header.size()) return null;
                rows.add(row);
            }
            return new Expected(header, rows, null, java.util.Collections.nCopies(header.size(), false));
        }

        /** The first difference from {@code t}, or null. */
        String mismatch(ResultTable t) {
            if (header != null) {
                if (!t.columnNames().equals(header)) return "columns " + t.columnNames() + ", shown " + header;
                if (t.rowCount() != rows.size()) return t.rowCount() + " rows, shown " + rows.size();
            } else if (t.rowCount() < 1) {
                return "no rows";
            }
            for (int r = 0; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                if (names == null && row.size() != t.columnCount())
                    return t.columnCount() + " columns, shown " + row.size() + " values";
                for (int c = 0; c < row.size(); c++) {
                    int col = names == null ? c : t.columnNames().indexOf(names.get(c));
                    if (col < 0) return "no column " + names.get(c) + " in " + t.columnNames();
                    Object actual = t.get(r, col);
                    if (!matches(row.get(c), actual, approx.get(c)))
                        return "row " + (r + 1) + " column " + t.columnNames().get(col) + " is " + actual + ", shown "
                                + row.get(c);
                }
            }
            return null;
        }
    }

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern NAMED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(≈|=)\\s*(.+)");

    private static boolean isValue(String s) {
        return NUMBER.matcher(s).matches()
                || (s.length() >= 2 && s.startsWith("'") && s.endsWith("'"))
                || s.equals("true")
                || s.equals("false")
                || s.equals("NULL");
    }

    static boolean matches(String shown, Object actual, boolean near) {
        if (shown.equals("NULL")) return actual == null;
        if (actual == null) return false;
        if (NUMBER.matcher(shown).matches() && actual instanceof Number n) {
            java.math.BigDecimal e = new java.math.BigDecimal(shown);
            double unit = Math.pow(10, -Math.max(0, e.scale()));
            double d = n.doubleValue();
            return Math.abs(d - e.doubleValue()) <= (near ? unit : unit / 2) * (1 + 1e-9);
        }
        String text = shown.startsWith("'") && shown.endsWith("'") && shown.length() >= 2
                ? shown.substring(1, shown.length() - 1).replace("''", "'")
                : shown;
        return text.equals(String.valueOf(actual));
    }

    private static List<String> splitTopLevel(String s, char sep) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') quoted = !quoted;
            else if (!quoted && (c == '(' || c == '[')) depth++;
            else if (!quoted && (c == ')' || c == ']')) depth--;
            else if (!quoted && depth == 0 && c == sep) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** The runnable blocks of one Markdown file, in order, prompts removed. */
    static List<Block> blocks(String file, List<String> lines) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.strip().startsWith("<!-- doc-test: setup")) {
                StringBuilder sb = new StringBuilder(l.strip().substring("<!-- doc-test: setup".length())).append('\n');
                int start = i;
                while (!sb.toString().contains("-->") && i + 1 < lines.size())
                    sb.append(lines.get(++i)).append('\n');
                String sql = sb.toString();
                out.add(new Block(
                        file, start + 1, sql.substring(0, sql.indexOf("-->")).strip(), true));
                continue;
            }
            if (!l.strip().equals("```sql")) continue;
            boolean skip = i > 0 && lines.get(i - 1).strip().equals("<!-- doc-test: skip -->");
            int start = i + 1;
            StringBuilder sb = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                String line = lines.get(i);
                Matcher m = PROMPT.matcher(line);
                sb.append(m.find() ? line.substring(m.end()) : line).append('\n');
            }
            if (!skip) out.add(new Block(file, start, sb.toString(), false));
        }
        return out;
    }

    /** File names in the blocks point into {@code dir}, {@code examples/…} into the repository. */
    static String localize(String sql, Path root, Path dir) {
        StringBuilder out = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            String l = QUOTED_FILE
                    .matcher(line)
                    .replaceAll(m -> Matcher.quoteReplacement("'" + place(m.group(1), root, dir) + "'"));
            if (l.strip().startsWith("."))
                l = DOT_FILE.matcher(l).replaceAll(m -> Matcher.quoteReplacement(place(m.group(1), root, dir)));
            out.append(l).append('\n');
        }
        return out.toString();
    }

    private static String place(String name, Path root, Path dir) {
        Path p = Path.of(name);
        if (p.isAbsolute()) return name;
        Path base = name.startsWith("examples/") ? root : dir;
        return base.resolve(p).toAbsolutePath().toString().replace('\\', '/');
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("README.md"))) p = p.getParent();
        if (p == null)
            throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
        return p;
    }
}
