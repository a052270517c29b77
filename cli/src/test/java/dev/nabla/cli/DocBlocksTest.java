package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.cli.output.OutputFormat;
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
 */
class DocBlocksTest {
    private static final Pattern PROMPT = Pattern.compile("^\\s*(nabla>|\\.\\.>)( |$)");
    private static final Pattern QUOTED_FILE =
            Pattern.compile("'([A-Za-z0-9_./-]+\\.(?:csv|tsv|txt|gz|parquet|pq|nc|json|jsonl|svg|png|sql))'");
    private static final Pattern DOT_FILE = Pattern.compile(
            "(?<=\\s)([A-Za-z0-9_./-]+\\.(?:csv|tsv|txt|gz|parquet|pq|json|jsonl|md|svg|png|sql))(?=\\s|$)");

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
                "<!-- doc-test: setup\nCREATE TABLE x(\n-->\n")) {
            Path doc = Files.writeString(tmp.resolve("bad" + md.length() + ".md"), md);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> runAll(root, doc))
                    .isInstanceOf(AssertionError.class);
        }
        List<Block> readme = blocks("README.md", Files.readAllLines(root.resolve("README.md")));
        assertThat(readme).hasSizeGreaterThanOrEqualTo(2);
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
                boolean ok = shell.run(sql, source);
                assertThat(ok && err.toString().isEmpty())
                        .as(
                                "%s block at line %d%s failed:%n%s%n--- error ---%n%s",
                                b.file(), b.line(), b.hidden() ? " (setup)" : "", sql, err)
                        .isTrue();
            }
        }
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
