package dev.nabla.cli.shell;

import dev.nabla.cli.output.Cells;
import dev.nabla.cli.output.OutputFormat;
import dev.nabla.cli.output.RenderOptions;
import dev.nabla.cli.output.Renderer;
import dev.nabla.cli.output.ResultTable;
import dev.nabla.cli.plot.BrailleChart;
import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.io.chart.ChartFile;
import dev.nabla.plan.fn.AggregateFunction;
import dev.nabla.plan.fn.FunctionDocs;
import dev.nabla.plan.fn.Functions;
import dev.nabla.plan.fn.ScalarFunction;
import dev.nabla.storage.DataType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The shell's dot-commands ({@code .help}, {@code .mode}, {@code .import}, {@code .plot}, ...). */
public final class DotCommands {
    /** One command: its name, argument synopsis and one-line help. */
    public record Command(String name, String args, String help) {}

    @FunctionalInterface
    private interface Handler {
        void run(List<String> args, String rest, Shell.Source source);
    }

    private record Entry(Command command, Handler handler) {}

    private final Shell shell;
    private final Map<String, Entry> commands = new LinkedHashMap<>();

    DotCommands(Shell shell) {
        this.shell = shell;
        add("help", "[pattern]", "Show this help, or the commands matching pattern", this::help);
        add("tables", "", "List the tables", (a, r, s) -> tables());
        add(
                "schema",
                "[table ...]",
                "Show the DDL (tables with constraints, indexes, views) that rebuilds the database",
                (a, r, s) -> schema(a, false));
        add(
                "dump",
                "[table ...]",
                "Like .schema, with the data as INSERTs, in one transaction",
                (a, r, s) -> schema(a, true));
        add("mode", "<format>", "Output format: " + OutputFormat.names(), (a, r, s) -> mode(a));
        add(
                "headers",
                "on|off",
                "Column names in csv/tsv/table output",
                (a, r, s) -> shell.settings().header = flag(a, "headers"));
        add(
                "header",
                "on|off",
                "Same as .headers (sqlite3 and DuckDB spell it both ways)",
                (a, r, s) -> shell.settings().header = flag(a, "header"));
        add(
                "separator",
                "<col> [\\n]",
                "Field separator of list mode (default |; \\t is a tab)",
                (a, r, s) -> separator(a));
        add(
                "width",
                "[n ...]",
                "Column widths for column/box/table mode (0 = automatic, negative = right-aligned); none resets",
                (a, r, s) -> widths(a));
        add(
                "maxwidth",
                "[n]",
                "Width box/table output is fitted to (0 = the terminal's); wider results hide middle columns",
                (a, r, s) -> maxWidth(a));
        add("nullvalue", "<text>", "How NULL is shown (default NULL; empty in csv/tsv)", (a, r, s) -> nullValue(r));
        add(
                "timer",
                "on|off",
                "Show how long each statement took",
                (a, r, s) -> shell.settings().timer = flag(a, "timer"));
        add(
                "echo",
                "on|off",
                "Print each statement before running it",
                (a, r, s) -> shell.settings().echo = flag(a, "echo"));
        add(
                "print",
                "[text ...]",
                "Print the text (to the .output file when one is open)",
                (a, r, s) -> shell.out().println(String.join(" ", a)));
        add(
                "bail",
                "on|off",
                "Stop a script at the first error (default on)",
                (a, r, s) -> shell.settings().bail = flag(a, "bail"));
        add("maxrows", "<n>", "Rows shown before the middle is hidden (interactive; 0 = all)", (a, r, s) -> maxRows(a));
        add(
                "x",
                "on|off|auto",
                "Vertical layout (name = value per line): always, never, or when a row is wider than the terminal",
                (a, r, s) -> expanded(a));
        add(
                "output",
                "[file]",
                "Send results and command output to a file (format from .csv/.tsv/.json/.jsonl/.md); no file: back to the terminal",
                this::output);
        add("once", "<file>", "Send the next command's output to a file", this::once);
        add("last", "", "Show the whole last result, untruncated", (a, r, s) -> last());
        add("pager", "on|off|auto", "Page long results ($PAGER or a built-in less)", (a, r, s) -> pager(a));
        add(
                "history",
                "[n]",
                "Show the last n statements (default 20) of the shell's history",
                (a, r, s) -> history(a));
        add("read", "<file>", "Run the statements in a file (relative to the current file)", this::read);
        add(
                "import",
                IMPORT_ARGS,
                "Load a CSV/TSV file into a table (created when missing) via read_csv",
                this::importCsv);
        add(
                "export",
                "<table|(query)> <file>",
                "Write a table or query to a .csv/.tsv/.parquet/.json/.jsonl/.md file",
                this::export);
        add(
                "plot",
                "[x] [y ...] [--log-y] [--out FILE.svg|.png]",
                "Braille line chart of the last result's numeric columns; --out writes an SVG or PNG chart",
                (a, r, s) -> plot(a, s));
        add(
                "explain",
                "<query>",
                "Show the plan (EXPLAIN GRAD <expr> shows a derivative DAG)",
                (a, r, s) -> explain(r));
        add(
                "gradcheck",
                "<expr>, <col> FROM <table> [--tol t]",
                "Compare grad(expr, col) with central finite differences",
                (a, r, s) -> gradcheck(r));
        add("show", "", "Show the current settings", (a, r, s) -> show());
        add(
                "changes",
                "on|off",
                "After each INSERT/UPDATE/DELETE, print the rows it changed and the total",
                (a, r, s) -> shell.settings().changes = flag(a, "changes"));
        add("prompt", "<main> [continue]", "Set the shell's prompts", (a, r, s) -> prompt(a));
        add("shell", "<command ...>", "Run a command in the system shell (sh -c)", (a, r, s) -> system(r));
        add("system", "<command ...>", "Same as .shell", (a, r, s) -> system(r));
        add("cd", "<directory>", "Change the working directory (relative file names in SQL follow)", this::cd);
        add("databases", "", "List the databases (in memory, or the file .open opened)", (a, r, s) -> databases());
        add(
                "open",
                "[FILE]",
                "Close this database and open (or create) database file FILE; no FILE: a new in-memory database",
                this::open);
        add(
                "save",
                "FILE",
                "Write this database (tables, views, indexes, sequences) to a new database file",
                this::save);
        add("indexes", "[table]", "List the indexes (of one table)", (a, r, s) -> indexes(a));
        add("exit", "[code]", "Exit (also .quit and Ctrl-D)", (a, r, s) -> exit(a));
        add("quit", "", "Exit", (a, r, s) -> exit(a));
    }

    private void add(String name, String args, String help, Handler h) {
        commands.put(name, new Entry(new Command(name, args, help), h));
    }

    /** The commands, for completion and help. */
    public List<Command> commands() {
        return commands.values().stream().map(Entry::command).toList();
    }

    /** Runs one dot-command line (with its leading '.'), or one of psql's backslash commands. */
    public void run(String line, Shell.Source source) {
        String stripped = line.strip();
        if (stripped.startsWith("\\")) {
            psql(stripped.substring(1), source);
            return;
        }
        String body = stripped.substring(1);
        int sp = firstSpace(body);
        String typed = (sp < 0 ? body : body.substring(0, sp)).toLowerCase(Locale.ROOT);
        // ".tables;": a semicolon after the name is not part of it
        while (typed.endsWith(";")) typed = typed.substring(0, typed.length() - 1);
        String name = resolveName(typed);
        String rest = sp < 0 ? "" : withoutComment(body.substring(sp + 1)).strip();
        if (rest.endsWith(";") && !name.equals("explain") && !name.equals("gradcheck") && !semicolonIsValue(name, rest))
            rest = rest.substring(0, rest.length() - 1).strip();
        commands.get(name).handler().run(words(rest), rest, source);
    }

    /**
     * The command a typed name means: itself, or the one command it is a prefix of ({@code .tab} is
     * {@code .tables}, as in sqlite3).
     */
    private String resolveName(String typed) {
        if (commands.containsKey(typed)) return typed;
        List<String> matches = commands.keySet().stream()
                .filter(n -> !typed.isEmpty() && n.startsWith(typed))
                .toList();
        if (matches.size() == 1) return matches.getFirst();
        if (matches.size() > 1)
            throw new NablaException(
                    ErrorCode.SYNTAX, "ambiguous command ." + typed + ": ." + String.join(", .", matches));
        throw new NablaException(ErrorCode.SYNTAX, "unknown command ." + typed + " (.help lists them)");
    }

    /** {@code .import f t --delim ;} and {@code .separator ;}: a lone ';' that is an argument, not a terminator. */
    private static boolean semicolonIsValue(String name, String rest) {
        if (!rest.equals(";") && !rest.endsWith(" ;") && !rest.endsWith("\t;")) return false;
        String before = rest.substring(0, rest.length() - 1).strip();
        if (before.isEmpty())
            return name.equals("separator")
                    || name.equals("nullvalue")
                    || name.equals("print")
                    || name.equals("prompt");
        List<String> w = words(before);
        String last = w.isEmpty() ? "" : w.getLast();
        return last.equals("--delim") || last.equals("--nullstr") || last.equals("--separator");
    }

    /** psql's backslash commands that a psql user types without thinking, mapped to the dot-commands. */
    private void psql(String body, Shell.Source source) {
        int sp = firstSpace(body);
        String name = sp < 0 ? body : body.substring(0, sp);
        while (name.endsWith(";")) name = name.substring(0, name.length() - 1);
        String rest = sp < 0 ? "" : withoutComment(body.substring(sp + 1)).strip();
        if (rest.endsWith(";")) rest = rest.substring(0, rest.length() - 1).strip();
        List<String> a = words(rest);
        ShellSettings st = shell.settings();
        switch (name) {
            case "q", "quit" -> exit(a);
            case "x" -> {
                if (a.isEmpty())
                    st.expanded = st.expanded == ShellSettings.Expanded.OFF
                            ? ShellSettings.Expanded.ON
                            : ShellSettings.Expanded.OFF;
                else expanded(a);
                shell.out().println("Expanded display is " + st.expanded.name().toLowerCase(Locale.ROOT) + ".");
            }
            case "timing" -> {
                st.timer = a.isEmpty() ? !st.timer : flag(a, "timing");
                shell.out().println("Timing is " + (st.timer ? "on" : "off") + ".");
            }
            case "dt", "dt+", "dv", "dv+" -> tables();
            case "d", "d+" -> {
                if (a.isEmpty()) tables();
                else for (String t : a) describe(t);
            }
            case "di", "di+" -> indexes(a);
            case "i", "ir", "include", "include_relative" -> read(a, rest, source);
            case "o", "out" -> output(a, rest, source);
            case "?", "h", "help" -> help(a, rest, source);
            case "echo" -> shell.out().println(String.join(" ", a));
            case "l", "l+", "list" -> databases();
            case "!" -> system(rest);
            case "cd" -> cd(a, rest, source);
            default ->
                throw new NablaException(
                        ErrorCode.SYNTAX,
                        "unknown command \\" + name
                                + " (psql's \\q \\x \\timing \\dt \\d \\di \\i \\o \\echo \\l \\! \\cd \\? work; .help lists the dot-commands)");
        }
    }

    /** psql's {@code \d t}: the columns of one table or view. */
    private void describe(String table) {
        shell.printTable(shell.rows("DESCRIBE " + SqlNames.quote(table)), shell.settings().format, -1, false);
    }

    /**
     * The arguments without a trailing SQL comment ({@code .plot step loss --log-y   -- the loss curve}): a
     * {@code --} outside quotes that starts a word and is followed by a blank or the end; {@code --log-y} is an option.
     */
    static String withoutComment(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '-'
                    && i + 1 < s.length()
                    && s.charAt(i + 1) == '-'
                    && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))
                    && (i + 2 == s.length() || Character.isWhitespace(s.charAt(i + 2)))) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }

    /** Splits arguments on blanks; single or double quotes group words. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || !cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else cur.append(c);
        }
        if (any || !cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    private static NablaException usage(String name, String args) {
        return new NablaException(ErrorCode.SYNTAX, "usage: ." + name + " " + args);
    }

    private boolean flag(List<String> a, String name) {
        if (a.size() != 1) throw usage(name, "on|off");
        return switch (a.getFirst().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> true;
            case "off", "false", "no", "0" -> false;
            default -> throw usage(name, "on|off");
        };
    }

    private void help(List<String> a, String rest, Shell.Source s) {
        String pattern =
                a.isEmpty() ? null : a.getFirst().replaceFirst("^\\.", "").toLowerCase(Locale.ROOT);
        int width = Math.min(shell.terminalWidth(), 100);
        if (pattern != null && GradHelp.topics().contains(pattern)) {
            shell.out().print(GradHelp.TEXT);
            return;
        }
        // .help sigmoid: a function from the registry, with its derivative
        if (pattern != null && !pattern.isEmpty() && !commands.containsKey(pattern)) {
            ScalarFunction f = Functions.byName(pattern);
            if (f != null) {
                for (String l : FunctionDocs.help(f, dev.nabla.autograd.DerivativePrinter::print))
                    shell.out().print(wrap(l, width, 0, 2));
                return;
            }
            AggregateFunction agg = Functions.aggregate(pattern);
            if (agg != null) {
                shell.out()
                        .print(wrap(
                                agg.names().getFirst() + "(...)   aggregate"
                                        + (agg.names().size() > 1
                                                ? " (also "
                                                        + String.join(
                                                                ", ",
                                                                agg.names()
                                                                        .subList(
                                                                                1,
                                                                                agg.names()
                                                                                        .size())) + ")"
                                                : ""),
                                width,
                                0,
                                2));
                shell.out().print(wrap(agg.description(), width, 0, 2));
                return;
            }
        }
        int w = 0;
        for (Entry e : commands.values())
            w = Math.max(w, e.command().name().length() + e.command().args().length() + 2);
        // long synopses (.import's) get their description on the next line, so that descriptions keep a usable width
        int indent = Math.min(w + 2, 28);
        StringBuilder sb = new StringBuilder();
        for (Entry e : commands.values()) {
            Command c = e.command();
            if (pattern != null
                    && !c.name().contains(pattern)
                    && !c.help().toLowerCase(Locale.ROOT).contains(pattern)) continue;
            String synopsis = "." + c.name() + (c.args().isEmpty() ? "" : " " + c.args());
            if (synopsis.length() + 2 > indent)
                sb.append(synopsis).append('\n').append(wrap(c.help(), width, indent, indent));
            else sb.append(wrap(synopsis + " ".repeat(indent - synopsis.length()) + c.help(), width, 0, indent));
        }
        if (sb.isEmpty()) {
            List<String> similar = Functions.all().stream()
                    .map(ScalarFunction::name)
                    .filter(n -> n.contains(pattern))
                    .toList();
            throw new NablaException(
                    ErrorCode.SYNTAX,
                    "no command or function matches '" + pattern + "'"
                            + (similar.isEmpty() ? "" : " (functions: " + String.join(", ", similar) + ")")
                            + " (.help grad: derivatives in SQL)");
        }
        if (pattern == null) {
            sb.append('\n');
            for (String para : List.of(
                    "End SQL statements with ';' (or \\G for vertical output); _ is the last result (SELECT * FROM _).",
                    ".help grad: grad, jvp, vjp, derivative and stop_gradient with examples. .help NAME: a function's"
                            + " signature, description and derivative (e.g. .help sigmoid).",
                    "psql's \\q \\x \\timing \\dt \\d TABLE \\di \\i \\o \\! work too; a command may be shortened to a"
                            + " unique prefix (.tab); exit and quit work as words.",
                    "Keys: Tab completes, Ctrl-R searches history, Ctrl-C cancels the running statement or clears the"
                            + " line, Ctrl-D exits, \\e edits the last statement in $EDITOR."))
                sb.append(wrap(para, width, 0, 0));
        }
        shell.out().print(sb);
    }

    /**
     * {@code text} wrapped at word boundaries to {@code width} columns: the first line starts at column
     * {@code first} (already indented by the caller when 0 and the text carries its own start), the following ones
     * at {@code rest}. A word longer than a line stays whole. Ends with a newline.
     */
    static String wrap(String text, int width, int first, int rest) {
        StringBuilder out = new StringBuilder(" ".repeat(first));
        int col = first;
        boolean lineHasWord = false;
        int i = 0;
        // keep the leading blanks of the first line (alignment after a synopsis) as they are
        while (i < text.length() && text.charAt(i) != ' ') out.append(text.charAt(i++));
        col += i;
        lineHasWord = i > 0;
        while (i < text.length()) {
            int spaces = 0;
            while (i < text.length() && text.charAt(i) == ' ') {
                spaces++;
                i++;
            }
            int start = i;
            while (i < text.length() && text.charAt(i) != ' ') i++;
            String word = text.substring(start, i);
            if (word.isEmpty()) break;
            int gap = lineHasWord ? spaces : 0;
            if (lineHasWord && col + gap + word.length() > width) {
                out.append('\n').append(" ".repeat(rest));
                col = rest;
                gap = 0;
            }
            out.append(" ".repeat(gap)).append(word);
            col += gap + word.length();
            lineHasWord = true;
        }
        return out.append('\n').toString();
    }

    private void tables() {
        List<String> names = new ArrayList<>(shell.tableNames());
        names.sort(String.CASE_INSENSITIVE_ORDER);
        if (names.isEmpty()) return;
        int w = names.stream().mapToInt(String::length).max().orElse(1) + 2;
        int perLine = Math.max(1, shell.terminalWidth() / w);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            boolean endOfLine = (i + 1) % perLine == 0 || i == names.size() - 1;
            sb.append(endOfLine ? names.get(i) : pad(names.get(i), w));
            if (endOfLine) sb.append('\n');
        }
        shell.out().print(sb);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    /** The engine writes the DDL ({@code nabla_ddl()}); the shell only filters by table and prints it. */
    private void schema(List<String> a, boolean data) {
        StringBuilder where = new StringBuilder();
        for (String t : a) {
            where.append(where.isEmpty() ? " WHERE " : " OR ")
                    .append("lower(table_name) = lower(")
                    .append(SqlNames.string(t))
                    .append(')');
        }
        ResultTable d =
                shell.rows("SELECT sql FROM nabla_ddl(" + (data ? "data => true" : "") + ")" + where + " ORDER BY seq");
        if (data) shell.out().println("BEGIN;");
        for (int r = 0; r < d.rowCount(); r++) shell.out().println(d.get(r, 0));
        if (data) shell.out().println("COMMIT;");
    }

    private void mode(List<String> a) {
        if (a.size() == 2 && a.getFirst().equalsIgnoreCase("insert")) {
            shell.settings().format = OutputFormat.INSERT;
            shell.settings().insertTable = a.get(1);
            return;
        }
        if (a.size() != 1) {
            shell.out()
                    .println("current mode: " + shell.settings().format.cliName() + " (one of " + OutputFormat.names()
                            + ")");
            return;
        }
        try {
            shell.settings().format = OutputFormat.parse(a.getFirst());
        } catch (IllegalArgumentException e) {
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    private void expanded(List<String> a) {
        if (a.isEmpty()) {
            shell.out().println("expanded: " + shell.settings().expanded.name().toLowerCase(Locale.ROOT));
            return;
        }
        if (a.size() != 1) throw usage("x", "on|off|auto");
        shell.settings().expanded = switch (a.getFirst().toLowerCase(Locale.ROOT)) {
            case "on", "true", "1" -> ShellSettings.Expanded.ON;
            case "off", "false", "0" -> ShellSettings.Expanded.OFF;
            case "auto" -> ShellSettings.Expanded.AUTO;
            default -> throw usage("x", "on|off|auto");
        };
    }

    private void output(List<String> a, String rest, Shell.Source source) {
        if (a.size() > 1) throw usage("output", "[file]   (no file: back to the terminal)");
        if (a.isEmpty() || a.getFirst().equals("stdout")) shell.endRedirect();
        else shell.redirectTo(resolve(a.getFirst(), source), false);
    }

    private void once(List<String> a, String rest, Shell.Source source) {
        if (a.size() != 1) throw usage("once", "<file>");
        shell.redirectTo(resolve(a.getFirst(), source), true);
    }

    private void history(List<String> a) {
        if (shell.history() == null)
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, ".history is only kept in the interactive shell");
        int n = 20;
        if (a.size() > 1) throw usage("history", "[n]");
        if (a.size() == 1) {
            try {
                n = Integer.parseInt(a.getFirst());
                if (n < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw usage("history", "[n]   (a count, e.g. .history 50; 0 = all)");
            }
        }
        List<String> entries = shell.history().get();
        int from = n == 0 ? 0 : Math.max(0, entries.size() - n);
        int digits = String.valueOf(entries.size()).length();
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < entries.size(); i++) {
            String num = String.valueOf(i + 1);
            String indent = " ".repeat(digits + 4);
            sb.append(" ".repeat(digits - num.length() + 2))
                    .append(num)
                    .append("  ")
                    .append(entries.get(i).replace("\n", "\n" + indent))
                    .append('\n');
        }
        shell.out().print(sb);
    }

    private void separator(List<String> a) {
        if (a.isEmpty() || a.size() > 2)
            throw usage("separator", "<col> [\\n]   (e.g. .separator , or .separator \\t)");
        if (a.size() == 2 && !unescape(a.get(1)).equals("\n"))
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "only \\n can end a row (the second argument of .separator)");
        shell.settings().separator = unescape(a.getFirst());
    }

    /** sqlite3's escapes in separators: \t, \n, \r, \\. */
    public static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(
                        switch (n) {
                            case 't' -> '\t';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            default -> n;
                        });
            } else sb.append(c);
        }
        return sb.toString();
    }

    private void widths(List<String> a) {
        List<Integer> w = new ArrayList<>();
        for (String x : a) {
            try {
                w.add(Integer.parseInt(x));
            } catch (NumberFormatException e) {
                throw usage("width", "[n ...]   (whole numbers, e.g. .width 10 -8 0)");
            }
        }
        shell.settings().widths = List.copyOf(w);
    }

    private void maxWidth(List<String> a) {
        if (a.isEmpty()) {
            shell.out().println("maxwidth: " + shell.gridWidth());
            return;
        }
        try {
            int n = Integer.parseInt(a.size() == 1 ? a.getFirst() : "x");
            if (n < 0 || (n > 0 && n < 20)) throw new NumberFormatException();
            shell.settings().maxWidth = n;
        } catch (NumberFormatException e) {
            throw usage("maxwidth", "<n>   (20 or more; 0 = the terminal's width)");
        }
    }

    private void prompt(List<String> a) {
        if (a.isEmpty() || a.size() > 2) throw usage("prompt", "<main> [continue]");
        shell.settings().prompt = unescape(a.getFirst());
        if (a.size() == 2) shell.settings().continuationPrompt = unescape(a.get(1));
    }

    /** {@code .shell}/{@code .system}/{@code \!}: runs {@code sh -c}, its output (and errors) into the shell's output. */
    private void system(String command) {
        if (command.isBlank()) throw usage("shell", "<command ...>");
        shell.out().flush();
        try {
            Process p = new ProcessBuilder("sh", "-c", command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            try (var r = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) shell.out().println(l);
            }
            int code = p.waitFor();
            if (code != 0)
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT, "command exited with status " + code + ": " + command);
        } catch (IOException e) {
            throw new NablaException(ErrorCode.IO, Span.NONE, "cannot run sh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NablaException(ErrorCode.CANCELLED, "command interrupted: " + command);
        }
    }

    private void cd(List<String> a, String rest, Shell.Source source) {
        if (a.size() != 1) throw usage("cd", "<directory>");
        Path dir = resolve(a.getFirst(), source).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) throw new NablaException(ErrorCode.IO, Span.NONE, "no such directory: " + dir);
        if (!Posix.chdir(dir.toString()))
            throw new NablaException(
                    ErrorCode.IO, Span.NONE, "cannot change to " + dir + " (not permitted, or no C library here)");
        shell.setWorkingDirectory(dir);
    }

    private void databases() {
        EngineBackend e = shell.backend() instanceof EngineBackend b ? b : null;
        Path f = e == null ? null : e.database().file();
        boolean ro = e != null && e.database().readOnly();
        shell.out().println("main: " + (f == null ? "(in memory)" : f.toString()) + (ro ? " r/o" : " r/w"));
    }

    /** sqlite3's {@code .open FILE}: the shell's database becomes that file (docs/storage.md). */
    private void open(List<String> a, String rest, Shell.Source source) {
        if (a.size() > 1) throw usage("open", "[FILE]");
        EngineBackend e = engine("open");
        e.switchTo(
                a.isEmpty()
                        ? dev.nabla.engine.Nabla.open()
                        : shell.settings().readOnly
                                // a -readonly shell opens files read-only, so other processes may read them too
                                ? dev.nabla.engine.Nabla.openReadOnly(
                                        resolve(a.getFirst(), source).toAbsolutePath())
                                : dev.nabla.engine.Nabla.open(
                                        resolve(a.getFirst(), source).toAbsolutePath()));
    }

    /** sqlite3's {@code .save FILE}: a copy of the database as a new database file; the shell stays on this one. */
    private void save(List<String> a, String rest, Shell.Source source) {
        if (a.size() != 1) throw usage("save", "FILE");
        EngineBackend e = engine("save");
        if (e.inTransaction())
            throw new NablaException(
                    ErrorCode.TRANSACTION, Span.NONE, "a transaction is open: COMMIT or ROLLBACK before .save");
        Path f = resolve(a.getFirst(), source).toAbsolutePath();
        e.database().saveAs(f);
        shell.out().println("saved to " + f);
    }

    private EngineBackend engine(String command) {
        if (shell.backend() instanceof EngineBackend e) return e;
        throw new NablaException(
                ErrorCode.UNSUPPORTED, Span.NONE, "." + command + " needs Nabla's own engine as the shell's database");
    }

    private void indexes(List<String> a) {
        if (a.size() > 1) throw usage("indexes", "[table]");
        for (String n : shell.backend().indexNames(a.isEmpty() ? null : a.getFirst()))
            shell.out().println(n);
    }

    private void nullValue(String rest) {
        List<String> a = words(rest);
        shell.settings().nullValue = a.isEmpty() ? null : a.getFirst();
    }

    private void maxRows(List<String> a) {
        try {
            int n = Integer.parseInt(a.size() == 1 ? a.getFirst() : "x");
            if (n < 0) throw new NumberFormatException();
            shell.settings().maxRows = n;
        } catch (NumberFormatException e) {
            throw usage("maxrows", "<n>   (0 shows every row)");
        }
    }

    private void last() {
        ResultTable t = shell.lastResult();
        if (t == null) throw new NablaException(ErrorCode.INVALID_ARGUMENT, "no result yet");
        shell.printTable(t, shell.settings().format, -1, false);
    }

    private void pager(List<String> a) {
        if (a.size() != 1) throw usage("pager", "on|off|auto");
        shell.settings().pager = switch (a.getFirst().toLowerCase(Locale.ROOT)) {
            case "on" -> ShellSettings.PagerMode.ON;
            case "off" -> ShellSettings.PagerMode.OFF;
            case "auto", "automatic" -> ShellSettings.PagerMode.AUTO;
            default -> throw usage("pager", "on|off|auto");
        };
    }

    private void read(List<String> a, String rest, Shell.Source source) {
        if (a.size() != 1) throw usage("read", "<file>");
        Path p = resolve(a.getFirst(), source);
        if (!shell.runFile(p)) throw new Shell.AlreadyReported();
    }

    Path resolve(String name, Shell.Source source) {
        String n = name.startsWith("~/") ? Shell.home() + name.substring(1) : name;
        Path p = Path.of(n);
        if (p.isAbsolute()) return p;
        // a file's own directory for paths inside a script; else the directory .cd chose (or the start one)
        return source.file()
                ? source.baseDir().resolve(p)
                : shell.workingDirectory().resolve(p);
    }

    // ------------------------------------------------------------------ import / export

    private static final String IMPORT_ARGS = "<file> <table> [--header|--no-header] [--delim C] [--nullstr S]";

    /**
     * Loads a CSV through the engine's {@code read_csv} (type inference, header detection, quoting
     * and NULLs exactly as in SQL), as one atomic statement: {@code CREATE TABLE AS} for a new
     * table, {@code INSERT ... SELECT} into an existing one.
     */
    private void importCsv(List<String> a, String rest, Shell.Source source) {
        List<String> pos = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            switch (w) {
                case "--header" -> options.add("header => true");
                case "--no-header" -> options.add("header => false");
                case "--csv" -> {}
                case "--delim", "--nullstr" -> {
                    if (i + 1 >= a.size()) throw usage("import", IMPORT_ARGS);
                    options.add(w.substring(2) + " => " + SqlNames.string(a.get(++i)));
                }
                default -> {
                    if (w.startsWith("--"))
                        throw new NablaException(
                                ErrorCode.SYNTAX, "unknown option " + w + "; usage: .import " + IMPORT_ARGS);
                    pos.add(w);
                }
            }
        }
        if (pos.size() != 2) throw usage("import", IMPORT_ARGS);
        Path file = resolve(pos.get(0), source);
        String table = pos.get(1);
        boolean exists = shell.tableNames().stream().anyMatch(t -> t.equalsIgnoreCase(table));
        String sql;
        if (exists) {
            // COPY FROM reads the fields as the table's own column types (no inference: '007' stays '007')
            StringBuilder copy = new StringBuilder("COPY ")
                    .append(SqlNames.quote(table))
                    .append(" FROM ")
                    .append(SqlNames.string(file.toString()));
            if (!options.isEmpty())
                copy.append(" (")
                        .append(String.join(
                                ", ",
                                options.stream()
                                        .map(o -> o.replace(" => ", " "))
                                        .toList()))
                        .append(')');
            sql = copy.toString();
        } else {
            StringBuilder read = new StringBuilder("read_csv(").append(SqlNames.string(file.toString()));
            for (String o : options) read.append(", ").append(o);
            sql = "CREATE TABLE " + SqlNames.quote(table) + " AS SELECT * FROM " + read.append(')');
        }
        long n = rowCount(shell.query(sql), "SELECT count(*) FROM " + SqlNames.quote(table));
        shell.status(String.format(Locale.ROOT, "imported %,d rows into %s", n, table));
    }

    /**
     * Writes a table or query to a file: CSV/TSV/Parquet through the engine's {@code COPY ... TO}
     * (streamed, no copy of the result in the shell); JSON and Markdown through the shell's renderers.
     */
    private void export(List<String> a, String rest, Shell.Source source) {
        if (a.size() < 2) throw usage("export", "<table|(query)> <file>");
        String fileName = a.getLast();
        int cut = rest.lastIndexOf(fileName);
        String what = (cut > 0 ? rest.substring(0, cut) : a.getFirst()).strip();
        if (what.endsWith("'") || what.endsWith("\""))
            what = what.substring(0, what.length() - 1).strip();
        String upper = what.toUpperCase(Locale.ROOT);
        String query = what.startsWith("(")
                ? what.substring(1, what.lastIndexOf(')') > 0 ? what.lastIndexOf(')') : what.length())
                : upper.startsWith("SELECT ") || upper.startsWith("WITH ") || upper.startsWith("VALUES")
                        ? what
                        : "SELECT * FROM " + SqlNames.quote(what);
        Path file = resolve(fileName, source);
        String lower = fileName.toLowerCase(Locale.ROOT);
        long n;
        if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".md")) {
            ResultTable t = shell.rows(query);
            OutputFormat f = lower.endsWith(".md")
                    ? OutputFormat.MARKDOWN
                    : lower.endsWith(".json") ? OutputFormat.JSON : OutputFormat.JSONL;
            try {
                Files.writeString(file, Renderer.render(t, f, RenderOptions.plain()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new NablaException(
                        ErrorCode.IO,
                        Span.NONE,
                        "cannot write " + file + ": " + dev.nabla.engine.io.csv.IoFiles.writeReason(file, e),
                        e);
            }
            n = t.rowCount();
        } else {
            boolean parquet = lower.endsWith(".parquet") || lower.endsWith(".pq");
            boolean csvName = lower.matches(".*\\.(csv|tsv|tab|txt)(\\.gz)?");
            String opts = parquet
                    ? ""
                    : csvName
                            ? (shell.settings().header ? " (HEADER)" : " (HEADER false)")
                            : shell.settings().header ? " (FORMAT csv, HEADER)" : " (FORMAT csv, HEADER false)";
            n = rowCount(shell.query("COPY (" + query + ") TO " + SqlNames.string(file.toString()) + opts), null);
        }
        shell.status(String.format(Locale.ROOT, n < 0 ? "exported to %2$s" : "exported %,d rows to %s", n, fileName));
    }

    /** Rows a load or COPY reported; asks {@code countSql} when the statement did not say (-1 when unknown). */
    private long rowCount(SqlBackend.Outcome o, String countSql) {
        if (o instanceof SqlBackend.Outcome.Count c && c.count() >= 0) return c.count();
        if (countSql == null) return -1;
        ResultTable t = shell.rows(countSql);
        return t.rowCount() == 1 && t.get(0, 0) instanceof Number num ? num.longValue() : -1;
    }

    // ------------------------------------------------------------------ plot

    private void plot(List<String> a, Shell.Source source) {
        ResultTable t = shell.lastResult();
        if (t == null)
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "no result to plot: run a query first (e.g. SELECT step, loss FROM log)");
        boolean logY = false;
        String outFile = null;
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if (w.equals("--log-y") || w.equals("--logy") || w.equals("--log")) logY = true;
            else if (w.equals("--out") || w.equals("-o")) {
                if (i + 1 >= a.size()) throw usage("plot", "[x] [y ...] [--log-y] [--out FILE.svg|FILE.png]");
                outFile = a.get(++i);
            } else cols.add(w);
        }
        int xCol;
        List<Integer> yCols = new ArrayList<>();
        if (cols.isEmpty()) {
            // the first column is the x axis when it is numeric and something else is; else plot against the row number
            xCol = ChartFile.defaultX(t.columnTypes());
            yCols = ChartFile.defaultLines(t.columnTypes(), xCol);
            if (yCols.isEmpty())
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, "the last result has no numeric column to plot");
        } else {
            xCol = columnIndex(t, cols.getFirst());
            for (String y : cols.subList(1, cols.size())) yCols.add(columnIndex(t, y));
            if (yCols.isEmpty()) yCols = ChartFile.defaultLines(t.columnTypes(), xCol);
            if (yCols.isEmpty())
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, "nothing to plot against " + cols.getFirst());
        }
        int n = t.rowCount();
        double[] x = new double[n];
        for (int r = 0; r < n; r++) x[r] = xCol < 0 ? r + 1 : number(t.get(r, xCol));
        List<BrailleChart.Series> series = new ArrayList<>();
        for (int c : yCols) {
            if (!ChartFile.plottable(t.columnTypes().get(c)))
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH, "column " + t.columnNames().get(c) + " is not numeric");
            double[] y = new double[n];
            for (int r = 0; r < n; r++) y[r] = number(t.get(r, c));
            series.add(new BrailleChart.Series(t.columnNames().get(c), y));
        }
        String xName = xCol < 0 ? "row" : t.columnNames().get(xCol);
        DataType xType = xCol < 0 ? DataType.BIGINT : t.columnTypes().get(xCol);
        if (outFile != null) {
            Path file = resolve(outFile, source);
            List<ChartFile.Series> lines = new ArrayList<>();
            for (BrailleChart.Series s : series) lines.add(new ChartFile.Series(s.name(), s.y()));
            ChartFile.write(file, xName, xType, x, lines, logY, null);
            shell.status("wrote " + outFile);
            return;
        }
        int width = Math.min(shell.terminalWidth(), 160);
        int height = Math.min(Math.max(8, shell.terminalHeight() - 4), 20);
        try {
            List<String> lines = BrailleChart.render(
                    xName, x, series, width, height, logY, shell.settings().color, v -> axisLabel(v, xType));
            for (String l : lines) shell.out().println(l);
        } catch (IllegalArgumentException e) {
            throw new NablaException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    /** An x-axis label: a date for DATE, a date and time for TIMESTAMP (plotted as days), else the number. */
    static String axisLabel(double v, DataType type) {
        if (type == DataType.DATE)
            return java.time.LocalDate.ofEpochDay(Math.round(v)).toString();
        if (type == DataType.TIMESTAMP) {
            java.time.LocalDateTime ts =
                    java.time.LocalDateTime.ofEpochSecond(Math.round(v * 86400), 0, java.time.ZoneOffset.UTC);
            return ts.getHour() == 0 && ts.getMinute() == 0
                    ? ts.toLocalDate().toString()
                    : ts.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        }
        return BrailleChart.label(v);
    }

    private static double number(Object v) {
        return switch (v) {
            case null -> Double.NaN;
            case Number num -> num.doubleValue();
            case Boolean b -> b ? 1 : 0;
            case java.time.LocalDate d -> d.toEpochDay();
            case java.time.LocalDateTime ts -> ts.toEpochSecond(java.time.ZoneOffset.UTC) / 86400.0;
            default -> Double.NaN;
        };
    }

    private static int columnIndex(ResultTable t, String name) {
        for (int c = 0; c < t.columnCount(); c++) if (t.columnNames().get(c).equalsIgnoreCase(name)) return c;
        try {
            int i = Integer.parseInt(name);
            if (i >= 1 && i <= t.columnCount()) return i - 1;
        } catch (NumberFormatException ignored) {
            // not a position either
        }
        throw new NablaException(
                ErrorCode.UNKNOWN_COLUMN,
                "the last result has no column " + name + " (columns: " + String.join(", ", t.columnNames()) + ")");
    }

    // ------------------------------------------------------------------ explain / gradcheck

    private void explain(String rest) {
        String q = rest.strip();
        if (q.endsWith(";")) q = q.substring(0, q.length() - 1);
        if (q.isEmpty()) throw usage("explain", "<query>");
        String upper = q.toUpperCase(Locale.ROOT);
        String prefix = upper.startsWith("EXPLAIN") ? "" : "EXPLAIN ";
        SqlBackend.Outcome o;
        try {
            o = shell.query(prefix + q);
        } catch (NablaException e) {
            if (e.span() == null || !e.span().isKnown()) throw e;
            // point the caret into what the user typed: the span is in "EXPLAIN <query>", shift it back
            Span sp = e.span();
            int cut = prefix.length();
            Span typed = new Span(
                    sp.startLine(),
                    sp.startLine() == 1 ? Math.max(1, sp.startCol() - cut) : sp.startCol(),
                    sp.endLine(),
                    sp.endLine() == 1 ? Math.max(1, sp.endCol() - cut) : sp.endCol(),
                    Math.max(0, sp.offset() - cut),
                    Math.max(0, sp.endOffset() - cut));
            shell.error(new NablaException(e.code(), typed, e.getMessage()).render(q));
            throw new Shell.AlreadyReported();
        }
        if (o instanceof SqlBackend.Outcome.Rows(ResultTable t) && t.columnCount() >= 1) {
            // plans come back as text lines: print them as they are, not inside a grid
            int textCol = t.columnCount() - 1;
            for (int r = 0; r < t.rowCount(); r++) shell.out().println(Cells.text(t.get(r, textCol)));
        } else if (o instanceof SqlBackend.Outcome.Ok ok && ok.message() != null) {
            shell.out().println(ok.message());
        }
    }

    private void gradcheck(String rest) {
        GradCheck.Report rep = new GradCheck(shell).run(rest);
        shell.out().print(rep.describe(shell.settings().color));
        if (rep.rows() > 0 && !rep.passed())
            throw new NablaException(
                    ErrorCode.GRAD,
                    String.format(
                            Locale.ROOT,
                            "gradcheck failed: worst relative error %.3g > tolerance %.1g",
                            rep.worstError(),
                            rep.tolerance()));
    }

    // ------------------------------------------------------------------ settings

    private void show() {
        ShellSettings s = shell.settings();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mode", s.format.cliName());
        m.put("headers", s.header ? "on" : "off");
        m.put("nullvalue", s.nullValue == null ? "(default)" : "\"" + s.nullValue + "\"");
        m.put("timer", s.timer ? "on" : "off");
        m.put("echo", s.echo ? "on" : "off");
        m.put("bail", s.bail ? "on" : "off");
        m.put("maxrows", s.maxRows == 0 ? "0 (all)" : String.valueOf(s.maxRows));
        m.put("pager", s.pager.name().toLowerCase(Locale.ROOT));
        m.put("x", s.expanded.name().toLowerCase(Locale.ROOT));
        m.put(
                "output",
                shell.redirect() == null
                        ? "terminal"
                        : shell.redirect().file() + (shell.redirect().once() ? " (once)" : ""));
        m.put("color", s.color ? "on" : "off");
        m.put("separator", s.separator == null ? "|" : s.separator.replace("\t", "\\t"));
        m.put("widths", s.widths.isEmpty() ? "(automatic)" : s.widths.toString());
        m.put("maxwidth", s.maxWidth == 0 ? "0 (terminal)" : String.valueOf(s.maxWidth));
        m.put("changes", s.changes ? "on" : "off");
        m.put("cwd", shell.workingDirectory().toAbsolutePath().toString());
        m.put("width", String.valueOf(shell.terminalWidth()));
        m.put("transaction", shell.backend().inTransaction() ? "open" : "none");
        for (Map.Entry<String, String> e : m.entrySet()) shell.out().printf("%12s: %s%n", e.getKey(), e.getValue());
    }

    private void exit(List<String> a) {
        int code = 0;
        if (!a.isEmpty()) {
            try {
                code = Integer.parseInt(a.getFirst());
            } catch (NumberFormatException e) {
                throw usage("exit", "[code]");
            }
        }
        shell.requestExit(code);
    }
}
