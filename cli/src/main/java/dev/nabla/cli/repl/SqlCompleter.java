package dev.nabla.cli.repl;

import dev.nabla.cli.output.OutputFormat;
import dev.nabla.cli.shell.DotCommands;
import dev.nabla.cli.shell.SqlScanner;
import dev.nabla.parser.Lexer;
import dev.nabla.parser.Token;
import dev.nabla.parser.TokenType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Context-aware completion: table names after FROM/JOIN/INTO/UPDATE/DESCRIBE/TABLE, column names
 * after SELECT/WHERE/BY/ON/SET and inside grad(/jvp(/vjp(, functions and keywords elsewhere;
 * dot-command names, and their arguments (files, formats, tables, on/off).
 */
public final class SqlCompleter implements Completer {
    private static final Set<String> TABLE_CONTEXT =
            Set.of("FROM", "JOIN", "INTO", "UPDATE", "DESCRIBE", "TABLE", "EXISTS");
    private static final Set<String> CLAUSES = Set.of(
            "SELECT",
            "FROM",
            "JOIN",
            "WHERE",
            "BY",
            "ON",
            "HAVING",
            "SET",
            "INTO",
            "UPDATE",
            "DESCRIBE",
            "TABLE",
            "VALUES",
            "LIMIT",
            "USING");

    private final Catalog catalog;
    private final List<DotCommands.Command> commands;
    private final Completer files = new Completers.FileNameCompleter();

    public SqlCompleter(Catalog catalog, List<DotCommands.Command> commands) {
        this.catalog = catalog;
        this.commands = List.copyOf(commands);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        String before =
                line.line().substring(0, Math.min(line.cursor(), line.line().length()));
        String statement = currentStatement(before);
        if (statement.stripLeading().startsWith(".")) {
            dotCommand(reader, line, statement.stripLeading(), out);
            return;
        }
        // tables named after the cursor count too: "SELECT | FROM t" completes t's columns
        String after = line.line().substring(Math.min(line.cursor(), line.line().length()));
        int end = after.indexOf(';');
        String whole = statement + (end < 0 ? after : after.substring(0, end));
        sql(
                statement,
                whole,
                line.word().substring(0, Math.min(line.wordCursor(), line.word().length())),
                out);
    }

    /** The text of the statement being typed (after the last complete one). */
    static String currentStatement(String before) {
        List<SqlScanner.Piece> pieces = SqlScanner.split(before);
        if (pieces.isEmpty()) return before.isBlank() ? "" : before;
        SqlScanner.Piece last = pieces.getLast();
        if (last.terminator() != SqlScanner.Terminator.END_OF_INPUT && !last.dotCommand()) return "";
        if (last.dotCommand()) return before.substring(before.lastIndexOf('\n') + 1);
        return last.text();
    }

    // ------------------------------------------------------------------ SQL

    void sql(String statement, String word, List<Candidate> out) {
        sql(statement, statement, word, out);
    }

    void sql(String statement, String whole, String word, List<Candidate> out) {
        String head = statement.substring(0, statement.length() - word.length());
        List<Token> tokens = tokens(head);
        String prev = tokens.isEmpty() ? "" : text(head, tokens.getLast()).toUpperCase(Locale.ROOT);
        String clause = "";
        int depth = 0;
        String enclosingCall = null;
        for (int k = tokens.size() - 1; k >= 0; k--) {
            String w = text(head, tokens.get(k));
            if (w.equals(")")) depth++;
            else if (w.equals("(")) {
                if (depth == 0 && enclosingCall == null && k > 0)
                    enclosingCall = text(head, tokens.get(k - 1)).toLowerCase(Locale.ROOT);
                if (depth > 0) depth--;
            } else if (isWord(tokens.get(k))
                    && SqlWords.isKeyword(w)
                    && CLAUSES.contains(w.toUpperCase(Locale.ROOT))
                    && clause.isEmpty()) {
                clause = w.toUpperCase(Locale.ROOT);
            }
        }
        boolean lower = !word.isEmpty() && word.equals(word.toLowerCase(Locale.ROOT))
                || word.isEmpty() && !head.isBlank() && head.equals(head.toLowerCase(Locale.ROOT));
        boolean tablePosition =
                TABLE_CONTEXT.contains(prev) || (prev.equals(",") && (clause.equals("FROM") || clause.equals("JOIN")));
        if (tablePosition) {
            for (String t : catalog.tables()) out.add(new Candidate(t, t, "tables", null, null, null, true));
            if (prev.equals("FROM") || prev.equals("JOIN") || prev.equals(",")) {
                for (String f : List.of("generate_series", "range", "read_csv")) out.add(function(f));
            }
            return;
        }
        boolean inDerivative = enclosingCall != null && SqlWords.isDerivative(enclosingCall);
        boolean columnsWanted = inDerivative
                || Set.of("SELECT", "WHERE", "BY", "ON", "HAVING", "SET", "USING")
                        .contains(clause)
                || clause.isEmpty()
                || prev.equals("(")
                || prev.equals(",");
        if (columnsWanted) {
            for (String c : columns(whole)) out.add(new Candidate(c, c, "columns", null, null, null, true));
        }
        if (inDerivative) {
            for (String f : SqlWords.DERIVATIVE_FUNCTIONS) out.add(function(f));
            for (String f : SqlWords.FUNCTIONS) out.add(function(f));
            return;
        }
        for (String f : SqlWords.DERIVATIVE_FUNCTIONS) out.add(function(f));
        for (String f : SqlWords.FUNCTIONS) out.add(function(f));
        for (String k : SqlWords.KEYWORDS) {
            String v = lower ? k.toLowerCase(Locale.ROOT) : k;
            out.add(new Candidate(v, v, "keywords", null, null, null, true));
        }
        if (statement.isBlank() || word.equals(statement.strip())) {
            for (DotCommands.Command c : commands)
                out.add(new Candidate("." + c.name(), "." + c.name(), "commands", c.help(), null, null, true));
        }
    }

    private static Candidate function(String f) {
        return new Candidate(f + "(", f, "functions", null, null, null, false);
    }

    /** Columns of the tables the statement names, or of every table when it names none yet. */
    List<String> columns(String statement) {
        Set<String> named = new LinkedHashSet<>();
        List<String> tables = catalog.tables();
        List<Token> tokens = tokens(statement);
        String prevWord = "";
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            String w = text(statement, t);
            boolean call = k + 1 < tokens.size() && tokens.get(k + 1).type() == TokenType.LPAREN;
            if (isWord(t)
                    && !call
                    && !SqlWords.isKeyword(w)
                    && (TABLE_CONTEXT.contains(prevWord) || prevWord.equals(","))) {
                for (String table : tables) if (table.equalsIgnoreCase(w)) named.add(table);
            }
            prevWord = w.toUpperCase(Locale.ROOT);
        }
        Set<String> cols = new LinkedHashSet<>();
        for (String t : named.isEmpty() ? tables : named) cols.addAll(catalog.columns(t));
        return new ArrayList<>(cols);
    }

    /** The parser's tokens of {@code s} (lenient: input being typed), comments left out. */
    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        for (Token t : Lexer.tokenizeLenient(s))
            if (t.type() != TokenType.COMMENT && t.type() != TokenType.EOF) out.add(t);
        return out;
    }

    /** The token as written (a string or quoted name with its quotes). */
    private static String text(String s, Token t) {
        return s.substring(t.span().offset(), t.span().endOffset());
    }

    private static boolean isWord(Token t) {
        return t.type() == TokenType.IDENT || t.type() == TokenType.KEYWORD;
    }

    // ------------------------------------------------------------------ dot-commands

    private void dotCommand(LineReader reader, ParsedLine line, String text, List<Candidate> out) {
        int sp = -1;
        for (int i = 0; i < text.length(); i++)
            if (Character.isWhitespace(text.charAt(i))) {
                sp = i;
                break;
            }
        if (sp < 0) {
            for (DotCommands.Command c : commands)
                out.add(new Candidate("." + c.name(), "." + c.name(), "commands", c.help(), null, null, true));
            return;
        }
        String cmd = text.substring(1, sp).toLowerCase(Locale.ROOT);
        String args = text.substring(sp).stripLeading();
        int argIndex = args.isEmpty()
                ? 0
                : args.split("\\s+").length - (Character.isWhitespace(text.charAt(text.length() - 1)) ? 0 : 1);
        switch (cmd) {
            case "read", "once", "output" -> files.complete(reader, line, out);
            case "import" -> {
                if (argIndex == 0) files.complete(reader, line, out);
                else if (argIndex == 1) tables(out);
                else words(out, "--header", "--no-header", "--delim", "--nullstr");
            }
            case "export" -> {
                if (argIndex == 0) tables(out);
                else files.complete(reader, line, out);
            }
            case "mode" -> {
                for (OutputFormat f : OutputFormat.values()) out.add(new Candidate(f.cliName()));
            }
            case "schema" -> tables(out);
            case "help" -> {
                for (DotCommands.Command c : commands) out.add(new Candidate(c.name()));
                words(out, "grad", "jvp", "vjp", "derivative", "stop_gradient");
            }
            case "timer", "echo", "headers", "bail" -> words(out, "on", "off");
            case "pager", "x" -> words(out, "on", "off", "auto");
            case "plot" -> {
                for (String c : catalog.lastResultColumns()) out.add(new Candidate(c));
                words(out, "--log-y");
            }
            case "gradcheck", "explain" ->
                sql(
                        args,
                        line.word()
                                .substring(
                                        0,
                                        Math.min(line.wordCursor(), line.word().length())),
                        out);
            default -> {}
        }
    }

    private void tables(List<Candidate> out) {
        for (String t : catalog.tables()) out.add(new Candidate(t, t, "tables", null, null, null, true));
    }

    private static void words(List<Candidate> out, String... words) {
        for (String w : words) out.add(new Candidate(w));
    }
}
