package dev.nabla.tests.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements for the engine fuzz test that are not plain valid queries: DML with expressions that may fail half-way,
 * SQL made invalid by token mutations, garbage, pathological inputs (huge literals, deep nesting), bad arithmetic and
 * casts, unknown names and misuse of grad/jvp/vjp.
 */
final class StatementFuzzer {

    private static final Pattern TOKEN = Pattern.compile(
            "'(?:[^']|'')*'?|\"[^\"]*\"?|\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?|\\w+|<=|>=|<>|!=|\\|\\||::|\\S");

    private static final String[] POOL = {
        "SELECT",
        "FROM",
        "WHERE",
        "GROUP",
        "BY",
        "HAVING",
        "ORDER",
        "LIMIT",
        "OFFSET",
        "JOIN",
        "LEFT",
        "ON",
        "AS",
        "UNION",
        "ALL",
        "INTERSECT",
        "EXCEPT",
        "DISTINCT",
        "CASE",
        "WHEN",
        "THEN",
        "ELSE",
        "END",
        "AND",
        "OR",
        "NOT",
        "IN",
        "IS",
        "NULL",
        "BETWEEN",
        "LIKE",
        "EXISTS",
        "CAST",
        "INTEGER",
        "VARCHAR",
        "DOUBLE",
        "(",
        ")",
        ",",
        ";",
        "*",
        "+",
        "-",
        "/",
        "%",
        "=",
        "<",
        ">",
        "||",
        ".",
        "?",
        "'x'",
        "''",
        "0",
        "1",
        "-1",
        "1e308",
        "1e309",
        "9223372036854775807",
        "9223372036854775808",
        "0.5",
        "t1",
        "t2",
        "t3",
        "a",
        "b",
        "r",
        "s",
        "id",
        "nosuch",
        "grad",
        "jvp",
        "vjp",
        "sum",
        "count",
        "avg",
        "over",
        "PARTITION",
        "WITH",
        "RECURSIVE",
        "VALUES",
        "INSERT",
        "INTO",
        "UPDATE",
        "SET",
        "DELETE",
        "CREATE",
        "TABLE",
        "DROP",
        "VIEW",
        "INDEX",
        "PRIMARY",
        "KEY",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "EXPLAIN",
        "DESCRIBE",
        "SHOW",
        "TABLES",
        "$1",
        ":name",
        "\"quoted\"",
        "[",
        "]",
        "{",
        "/*",
        "*/",
        "--",
        "\\",
        "`",
        "@",
        "#",
        "&",
        "|",
        "~",
        "^",
        "!",
        "::"
    };

    private final Random rnd;

    StatementFuzzer(Random rnd) {
        this.rnd = rnd;
    }

    static List<String> tokens(String sql) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(sql);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** One to three token deletions, duplications, swaps, replacements, or a truncation. */
    String mutate(String sql) {
        List<String> t = tokens(sql);
        if (t.isEmpty()) return sql;
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n && !t.isEmpty(); k++) {
            int i = rnd.nextInt(t.size());
            switch (rnd.nextInt(6)) {
                case 0 -> t.remove(i);
                case 1 -> t.add(i, t.get(i));
                case 2 -> {
                    if (i + 1 < t.size()) {
                        String x = t.get(i);
                        t.set(i, t.get(i + 1));
                        t.set(i + 1, x);
                    }
                }
                case 3 -> t.set(i, POOL[rnd.nextInt(POOL.length)]);
                case 4 -> t.add(i, POOL[rnd.nextInt(POOL.length)]);
                default -> t.subList(i, t.size()).clear();
            }
        }
        return String.join(" ", t);
    }

    /** Random characters, random token soup, or lexically broken input. */
    String garbage() {
        return switch (rnd.nextInt(8)) {
            case 0 -> randomChars(rnd.nextInt(80), 32, 127);
            case 1 -> randomChars(rnd.nextInt(40), 0, 0x3000);
            case 2 -> {
                StringBuilder sb = new StringBuilder();
                int n = rnd.nextInt(25);
                for (int i = 0; i < n; i++)
                    sb.append(POOL[rnd.nextInt(POOL.length)]).append(' ');
                yield sb.toString();
            }
            case 3 -> "SELECT '" + randomChars(rnd.nextInt(10), 32, 127).replace("'", "");
            case 4 -> "SELECT 1 /* " + randomChars(rnd.nextInt(10), 32, 127).replace("*/", "");
            case 5 ->
                oneOf(
                        "",
                        " ",
                        ";",
                        ";;",
                        "-- only a comment",
                        "/* */",
                        "\n\t\r",
                        "\u0000",
                        "SELECT",
                        "SELECT 1;;",
                        "SELECT 1; SELECT 2",
                        "((((",
                        "))",
                        "'",
                        "\"",
                        "SELECT \"unterminated",
                        "SELECT 1e",
                        "SELECT 0x",
                        "SELECT 1..2",
                        "SELECT .",
                        "SELECT ?",
                        "SELECT $1",
                        "SELECT :x",
                        "SELECT * FROM",
                        "FROM t1",
                        "SELECT 'a' 'b'",
                        "SELECT @",
                        "SELECT `a`",
                        "SELECT [a]",
                        "SELECT 1 AS",
                        "VALUES",
                        "VALUES ()",
                        "INSERT INTO",
                        "UPDATE t1 SET",
                        "DELETE",
                        "CREATE TABLE",
                        "CREATE TABLE z()",
                        "DROP TABLE",
                        "SELECT \uFEFF1",
                        "SELECT 1\u00A0+1",
                        "SELECT 'é' || 'ß'",
                        "SELECT '\uD83D\uDE00'");
            case 6 -> "SELECT " + randomChars(1 + rnd.nextInt(20), 32, 127) + " FROM t1";
            default -> {
                String s = POOL[rnd.nextInt(POOL.length)];
                yield s.repeat(1 + rnd.nextInt(50));
            }
        };
    }

    private String oneOf(String... xs) {
        return xs[rnd.nextInt(xs.length)];
    }

    private String randomChars(int n, int lo, int hi) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = lo + rnd.nextInt(hi - lo);
            if (Character.isSurrogate((char) c)) c = 'x';
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** Inputs chosen to break things: huge literals, deep nesting, bad arithmetic, bad casts, unknown names, grad misuse. */
    String hostile() {
        int depth = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 3000 : 60);
        return switch (rnd.nextInt(30)) {
            case 0 -> "SELECT " + "(".repeat(depth) + "1" + ")".repeat(depth);
            case 1 -> "SELECT " + "-".repeat(depth) + "1";
            case 2 -> "SELECT " + "NOT ".repeat(depth) + "TRUE";
            case 3 -> "SELECT " + "1 + ".repeat(depth) + "1";
            case 4 -> "SELECT " + "abs(".repeat(depth) + "a" + ")".repeat(depth) + " FROM t1";
            case 5 ->
                "SELECT * FROM " + "(SELECT * FROM ".repeat(Math.min(depth, 200)) + "t1"
                        + ") AS q".repeat(Math.min(depth, 200));
            case 6 -> "SELECT " + "9".repeat(1 + rnd.nextInt(400)) + (rnd.nextBoolean() ? "" : ".5");
            case 7 -> "SELECT 1e" + (rnd.nextBoolean() ? "" : "-") + rnd.nextInt(100000);
            case 8 -> "SELECT '" + "x".repeat(rnd.nextInt(200_000)) + "'";
            case 9 ->
                "SELECT "
                        + oneOf(
                                "9223372036854775807 + 1",
                                "-9223372036854775808 - 1",
                                "9223372036854775807 * 2",
                                "(-9223372036854775807 - 1) / -1",
                                "(-9223372036854775807 - 1) % -1",
                                "abs(-9223372036854775807 - 1)",
                                "- (-9223372036854775807 - 1)",
                                "sum(a * 9223372036854775807) FROM t1",
                                "CAST(1e300 AS INTEGER)",
                                "CAST('NaN' AS DOUBLE)",
                                "CAST(9e18 AS BIGINT) * 10",
                                "2147483647 + 1",
                                "CAST(2147483648 AS INTEGER)");
            case 10 ->
                "SELECT "
                        + oneOf(
                                "1 / 0",
                                "1 % 0",
                                "1.0 / 0",
                                "0.0 / 0.0",
                                "a / 0 FROM t1",
                                "r / 0 FROM t1",
                                "sum(a) / (count(*) - count(*)) FROM t1",
                                "1 / (a - a) FROM t1",
                                "ln(0)",
                                "ln(-1)",
                                "sqrt(-1)",
                                "power(0, -1)",
                                "log(1, 10)",
                                "exp(1000)");
            case 11 ->
                "SELECT "
                        + oneOf(
                                "CAST('abc' AS INTEGER)",
                                "CAST('' AS INTEGER)",
                                "CAST('1.5' AS INTEGER)",
                                "CAST('abc' AS DOUBLE)",
                                "CAST('2024-13-45' AS DATE)",
                                "CAST('x' AS TIMESTAMP)",
                                "CAST(s AS INTEGER) FROM t1",
                                "CAST(a AS DATE) FROM t1",
                                "CAST(1 AS nosuchtype)",
                                "CAST(TRUE AS DOUBLE)",
                                "CAST(NULL AS INTEGER)",
                                "CAST('  7 ' AS INTEGER)",
                                "CAST('1e5' AS BIGINT)",
                                "CAST('-' AS INTEGER)");
            case 12 ->
                "SELECT "
                        + oneOf(
                                "'a' + 1",
                                "s + 1 FROM t1",
                                "a || 1 FROM t1",
                                "NOT 'x'",
                                "NOT a FROM t1",
                                "a AND s FROM t1",
                                "s LIKE 1 FROM t1",
                                "sum(s) FROM t1",
                                "avg(s) FROM t1",
                                "a IN ('x', 1) FROM t1",
                                "CASE WHEN 1 THEN 'a' ELSE 1 END",
                                "-s FROM t1",
                                "abs('x')",
                                "substr(1, 'a')",
                                "a BETWEEN 'a' AND 1 FROM t1",
                                "DATE '2024-01-01' + 'x'");
            case 13 ->
                oneOf(
                        "SELECT nosuch FROM t1",
                        "SELECT * FROM nosuch",
                        "SELECT t9.a FROM t1",
                        "SELECT aa FROM t1",
                        "SELECT nosuchfn(1)",
                        "SELECT sum(a, b) FROM t1",
                        "SELECT count() FROM t1",
                        "SELECT a FROM t1, t2",
                        "SELECT x.a FROM t1 AS y",
                        "SELECT * FROM t1 JOIN t2 USING (nosuch)",
                        "UPDATE nosuch SET a = 1",
                        "UPDATE t1 SET nosuch = 1",
                        "DELETE FROM nosuch",
                        "INSERT INTO nosuch VALUES (1)",
                        "INSERT INTO t1 (nosuch) VALUES (1)",
                        "DROP TABLE nosuch",
                        "DESCRIBE nosuch",
                        "SET nosuch = 1",
                        "SELECT a FROM t1 GROUP BY b",
                        "SELECT sum(sum(a)) FROM t1",
                        "SELECT a FROM t1 ORDER BY 99",
                        "SELECT row_number() FROM t1",
                        "SELECT * FROM t1 WHERE sum(a) > 0",
                        "SELECT rank() OVER (PARTITION BY nosuch) FROM t1");
            case 14 ->
                "SELECT "
                        + oneOf(
                                "grad(r)",
                                "grad(r, r, r)",
                                "grad()",
                                "grad(r * r, 2)",
                                "grad(r * r, r + 1)",
                                "grad(r * r, nosuch)",
                                "grad(s, r)",
                                "grad(r, s)",
                                "grad(lower(s), r)",
                                "grad(length(s) * r, r)",
                                "jvp(r * r, r)",
                                "jvp(r * r, r, s)",
                                "jvp(r, r, r, r)",
                                "vjp(r * r)",
                                "vjp(r * r, 1, 1)",
                                "grad(grad(r * r, r), r)",
                                "grad(sum(r * r), r)",
                                "grad(r * r, r) OVER ()",
                                "sum(grad(r * r, r))",
                                "grad(r * r, a)",
                                "grad(a * a, a)",
                                "grad(CASE WHEN r > 0 THEN r * r ELSE -r END, r)",
                                "grad((SELECT max(r) FROM t2), r)",
                                "grad(r, (SELECT r FROM t2 LIMIT 1))",
                                "grad(r / 0, r)",
                                "grad(ln(r), r)",
                                "grad(sqrt(r), r)",
                                "grad(r ^ r, r)",
                                "grad(power(r, r), r)",
                                "grad(r % 2, r)",
                                "grad(row_number() OVER (ORDER BY r), r)",
                                "derivative('x*', 'x')",
                                "derivative(s, 'x')",
                                "derivative('x*x', 'y')",
                                "grad(stop_gradient(r) * r, r)",
                                "grad(random() * r, r)",
                                "grad(r, r) FROM t1 GROUP BY a",
                                "grad(avg(r), r) FROM t1 GROUP BY a",
                                "grad(nosuchfn(r), r)")
                        + (rnd.nextInt(4) == 0 ? "" : " FROM t1");
            case 15 ->
                "EXPLAIN GRAD SELECT " + oneOf("grad(r * r, r)", "grad(s, r)", "jvp(r, r)", "grad(r, nosuch)")
                        + " FROM t1";
            case 16 ->
                "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c"
                        + (rnd.nextBoolean() ? "" : " WHERE n < 100") + ") SELECT count(*) FROM c";
            case 17 ->
                "SELECT count(*) FROM range(" + (rnd.nextInt(3) == 0 ? "10000000000" : "1000") + ")"
                        + (rnd.nextBoolean() ? "" : " AS a, range(100000) AS b");
            case 18 -> "SELECT * FROM generate_series(1, 10, " + (rnd.nextBoolean() ? "0" : "-1") + ")";
            case 19 -> "SELECT " + "a, ".repeat(1 + rnd.nextInt(2000)) + "a FROM t1";
            case 20 -> "SELECT a FROM t1 WHERE a IN (" + "1, ".repeat(1 + rnd.nextInt(5000)) + "2)";
            case 21 -> "SELECT (SELECT a FROM t1)";
            case 22 -> "SELECT (SELECT a, b FROM t1 LIMIT 1)";
            case 23 -> "SELECT * FROM t1 WHERE a IN (SELECT a, b FROM t2)";
            case 24 -> "SELECT " + "(SELECT ".repeat(Math.min(depth, 300)) + "1" + ")".repeat(Math.min(depth, 300));
            case 25 ->
                "SELECT a FROM t1 LIMIT "
                        + oneOf("-1", "'x'", "NULL", "1e30", "9223372036854775807", "a", "(SELECT 1)");
            case 26 ->
                "SELECT "
                        + oneOf(
                                "substr('abc', 9223372036854775807)",
                                "substr('abc', -9223372036854775807, 9223372036854775807)",
                                "repeat('ab', 2000000000)",
                                "lpad('a', 2000000000)",
                                "left('abc', -9223372036854775807)",
                                "round(1.5, 9223372036854775807)",
                                "round(1.5, -400)",
                                "replace('', '', 'x')",
                                "instr('', '')",
                                "ntile(0) OVER ()",
                                "ntile(-1) OVER ()",
                                "lag(1, -1) OVER ()",
                                "lag(1, 9223372036854775807) OVER ()",
                                "power(10, 400)",
                                "DATE '2024-02-30'",
                                "TIMESTAMP '2024-01-01 25:00:00'",
                                "extract(nosuch FROM DATE '2024-01-01')",
                                "date_trunc('nosuch', DATE '2024-01-01')",
                                // issue 17: regex constructs RE2 lacks, exponential-backtracking patterns, the string
                                // cap, out-of-range literals
                                "regexp_matches('aa', '(a)\\1')",
                                "'ab' ~ 'a(?=b)'",
                                "'ab' ~ '(?<!a)b'",
                                "regexp_extract('aab', 'a*+b')",
                                "regexp_matches(repeat('a', 60), '(.*a){8}b')",
                                "regexp_matches(repeat('a', 100000) || 'b', '(a|aa)*c')",
                                "replace(repeat('x', 1 << 20), 'x', repeat('y', 2048))",
                                "repeat('ab', 1 << 30) || 'c'",
                                "printf('%1073741825d', 1)",
                                "1e999",
                                "0x" + "f".repeat(300));
            case 27 -> "SELECT ?";
            case 28 -> "SELECT a FROM t1 ORDER BY " + "a, ".repeat(1 + rnd.nextInt(300)) + "a";
            default ->
                "SELECT " + "CASE WHEN a > 0 THEN ".repeat(Math.min(depth, 500)) + "1"
                        + " END".repeat(Math.min(depth, 500)) + " FROM t1";
        };
    }
}
