package dev.nabla.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nabla.common.NablaException;
import dev.nabla.parser.ast.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomized inputs: token soups, grammar-generated valid SQL, and mutations of it. Nothing but
 * NablaException may escape, valid SQL must parse, and whatever parses must round-trip. Seeded
 * (-Dnabla.fuzz.seed=N to explore other seeds).
 */
class FuzzTest {
    private static final long SEED = Long.getLong("nabla.fuzz.seed", 20261123L);

    private static final List<String> SOUP = List.of(
            "SELECT",
            "FROM",
            "WHERE",
            "GROUP",
            "BY",
            "ORDER",
            "HAVING",
            "LIMIT",
            "OFFSET",
            "UNION",
            "ALL",
            "JOIN",
            "LEFT",
            "ON",
            "USING",
            "AS",
            "AND",
            "OR",
            "NOT",
            "IN",
            "IS",
            "NULL",
            "BETWEEN",
            "LIKE",
            "CASE",
            "WHEN",
            "THEN",
            "ELSE",
            "END",
            "CAST",
            "INSERT",
            "INTO",
            "VALUES",
            "UPDATE",
            "SET",
            "DELETE",
            "CREATE",
            "TABLE",
            "VIEW",
            "INDEX",
            "DROP",
            "WITH",
            "RECURSIVE",
            "OVER",
            "PARTITION",
            "ROWS",
            "EXISTS",
            "DISTINCT",
            "COPY",
            "TO",
            "ATTACH",
            "EXPLAIN",
            "GRAD",
            "PRIMARY",
            "KEY",
            "DEFAULT",
            "a",
            "b",
            "t",
            "grad",
            "x",
            "\"q\"",
            "`b`",
            "[c]",
            "[d e]",
            "1",
            "2.5",
            ".5",
            "1e3",
            "0x1",
            "99999999999999999999",
            "'s'",
            "'it''s'",
            "x'00'",
            "?",
            "$1",
            ":p",
            "(",
            ")",
            "(",
            ")",
            ",",
            ";",
            ".",
            "*",
            "+",
            "-",
            "/",
            "%",
            "||",
            "=",
            "<>",
            "<",
            ">=",
            "::",
            "=>",
            "[",
            "]",
            "~",
            "&",
            "|",
            "<<",
            "--c\n",
            "/*c*/",
            "'unterminated",
            "/* open",
            "\"open",
            "!",
            "#",
            "$",
            ":",
            "é",
            "\u0000",
            "\n");

    private static void assertOnlyNablaExceptions(String sql, Runnable r) {
        try {
            r.run();
        } catch (NablaException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (Throwable t) {
            throw new AssertionError("unexpected " + t + " for input: " + sql, t);
        }
    }

    private static void assertRoundTrips(String sql, Statement s) {
        String written = s.toSql();
        Statement again;
        try {
            again = Parser.parseStatement(written);
        } catch (NablaException e) {
            throw new AssertionError(
                    "toSql output does not parse: " + e.headline() + "\n  input: " + sql + "\n  written: " + written,
                    e);
        }
        if (!again.equals(s))
            fail("round trip changed the tree\n  input: " + sql + "\n  written: " + written + "\n  again: "
                    + again.toSql());
    }

    /** Arbitrary input: false when it is rejected with a NablaException; anything else must round-trip. */
    private static boolean parsesAndRoundTrips(String sql) {
        try {
            assertRoundTrips(sql, Parser.parseStatement(sql));
            return true;
        } catch (NablaException rejected) {
            return false;
        } catch (Throwable t) {
            throw new AssertionError("unexpected " + t + " for input: " + sql, t);
        }
    }

    @Test
    void tokenSoupsOnlyRaiseNablaExceptions() {
        System.out.println("fuzz seed " + SEED);
        Random r = new Random(SEED);
        int parsed = 0;
        for (int i = 0; i < 3500; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(25);
            // soups often start like a statement so that the parser gets past the first token
            if (r.nextBoolean())
                sb.append(SOUP.get(r.nextInt(8) == 0 ? 0 : r.nextInt(SOUP.size())))
                        .append(' ');
            for (int k = 0; k < n; k++)
                sb.append(SOUP.get(r.nextInt(SOUP.size()))).append(r.nextInt(4) == 0 ? "" : " ");
            String sql = sb.toString();
            assertOnlyNablaExceptions(sql, () -> Lexer.tokenizeLenient(sql));
            assertOnlyNablaExceptions(sql, () -> Parser.parseScript(sql));
            assertOnlyNablaExceptions(sql, () -> Parser.parseExpression(sql));
            // most soups are not SQL
            if (parsesAndRoundTrips(sql)) parsed++;
        }
        assertThat(parsed).isGreaterThan(0);
    }

    @Test
    void generatedStatementsParseAndRoundTrip() {
        Random r = new Random(SEED + 1);
        SqlGenerator gen = new SqlGenerator(r);
        for (int i = 0; i < 3500; i++) {
            String sql = gen.statement();
            Statement s;
            try {
                s = Parser.parseStatement(sql);
            } catch (NablaException e) {
                throw new AssertionError("valid SQL rejected: " + e.render(sql) + "\n  input: " + sql, e);
            }
            assertRoundTrips(sql, s);
        }
    }

    @Test
    void mutatedStatementsOnlyRaiseNablaExceptions() {
        Random r = new Random(SEED + 2);
        SqlGenerator gen = new SqlGenerator(r);
        int parsed = 0;
        for (int i = 0; i < 3500; i++) {
            String sql = mutate(gen.statement(), r);
            // a mutation usually breaks the statement
            if (parsesAndRoundTrips(sql)) parsed++;
        }
        assertThat(parsed).isGreaterThan(0);
    }

    /** Deletes, duplicates, swaps or replaces a few tokens or characters. */
    private static String mutate(String sql, Random r) {
        List<Token> tokens = Lexer.tokenizeLenient(sql);
        List<String> parts = new ArrayList<>();
        for (Token t : tokens) {
            if (t.type() != TokenType.EOF)
                parts.add(sql.substring(t.span().offset(), t.span().endOffset()));
        }
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && !parts.isEmpty(); e++) {
            int i = r.nextInt(parts.size());
            switch (r.nextInt(5)) {
                case 0 -> parts.remove(i);
                case 1 -> parts.add(i, parts.get(r.nextInt(parts.size())));
                case 2 -> {
                    int j = r.nextInt(parts.size());
                    String tmp = parts.get(i);
                    parts.set(i, parts.get(j));
                    parts.set(j, tmp);
                }
                case 3 -> parts.set(i, SOUP.get(r.nextInt(SOUP.size())));
                default -> {
                    String p = parts.get(i);
                    if (!p.isEmpty()) {
                        int c = r.nextInt(p.length());
                        parts.set(i, p.substring(0, c) + p.substring(c + 1));
                    }
                }
            }
        }
        return String.join(" ", parts);
    }
}
