package dev.nabla.parser;

import java.util.List;
import java.util.Random;

/** Random syntactically valid SQL from a small grammar, for fuzzing. */
final class SqlGenerator {
    private static final List<String> COLUMNS =
            List.of("a", "b", "c", "x", "t.a", "s.t.b", "\"Mixed Case\"", "\"q\"\"uote\"", "rows", "key", "[my col]");
    private static final List<String> TABLES = List.of("t", "u", "s.t", "\"T 2\"", "main.v");
    private static final List<String> FUNCTIONS =
            List.of("abs", "grad", "jvp", "vjp", "coalesce", "f", "s.g", "upper", "left", "replace");
    private static final List<String> AGGREGATES = List.of("sum", "count", "min", "max", "avg", "string_agg");
    private static final List<String> BINARY = List.of(
            "+", "-", "*", "/", "%", "||", "=", "==", "<>", "!=", "<", "<=", ">", ">=", "AND", "OR", "&", "|", "<<",
            ">>");
    private static final List<String> TYPES = List.of(
            "INTEGER",
            "BIGINT",
            "DOUBLE",
            "DOUBLE PRECISION",
            "VARCHAR(10)",
            "DECIMAL(10, 2)",
            "TEXT",
            "BOOLEAN",
            "DATE",
            "TIMESTAMP",
            "INTEGER[]",
            "DOUBLE[3]",
            "CHARACTER VARYING(5)");

    private final Random r;

    SqlGenerator(Random r) {
        this.r = r;
    }

    private <T> T pick(List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    private boolean chance(int percent) {
        return r.nextInt(100) < percent;
    }

    String statement() {
        return switch (r.nextInt(12)) {
            case 0, 1, 2, 3, 4 -> query(3);
            case 5 ->
                "INSERT " + (chance(20) ? "OR REPLACE " : "") + "INTO " + pick(TABLES) + (chance(50) ? " (a, b)" : "")
                        + " " + (chance(70) ? values(2) : query(2));
            case 6 ->
                "UPDATE " + pick(TABLES) + " SET a = " + expr(3) + (chance(50) ? ", b = " + expr(2) : "")
                        + (chance(60) ? " WHERE " + expr(3) : "");
            case 7 -> "DELETE FROM " + pick(TABLES) + (chance(70) ? " WHERE " + expr(3) : "");
            case 8 ->
                "CREATE TABLE " + (chance(30) ? "IF NOT EXISTS " : "") + pick(TABLES) + " (a " + pick(TYPES)
                        + (chance(40) ? " NOT NULL" : "") + (chance(30) ? " DEFAULT " + literal() : "")
                        + (chance(30) ? " PRIMARY KEY" : "")
                        + ", b " + pick(TYPES) + (chance(30) ? ", UNIQUE (a, b)" : "") + ")";
            case 9 -> "CREATE " + (chance(30) ? "OR REPLACE " : "") + "VIEW v AS " + query(2);
            case 10 ->
                pick(List.of(
                        "BEGIN",
                        "COMMIT",
                        "ROLLBACK",
                        "SHOW TABLES",
                        "DESCRIBE t",
                        "DROP TABLE IF EXISTS t",
                        "SET threads = 4",
                        "TRUNCATE t",
                        "CREATE UNIQUE INDEX i ON t (a DESC, b)",
                        "DROP VIEW v",
                        "DETACH w",
                        "COPY t FROM 'f.csv' (HEADER, DELIMITER ',')",
                        "COPY (SELECT 1) TO 'f.parquet' (FORMAT parquet)",
                        "ATTACH 'w.nc' AS w (TYPE netcdf)"));
            default -> "EXPLAIN " + (chance(50) ? "ANALYZE " : "") + query(2);
        };
    }

    String values(int depth) {
        StringBuilder sb = new StringBuilder("VALUES ");
        int rows = 1 + r.nextInt(3);
        for (int i = 0; i < rows; i++) {
            if (i > 0) sb.append(", ");
            sb.append('(').append(expr(depth)).append(", ").append(expr(depth)).append(')');
        }
        return sb.toString();
    }

    String query(int depth) {
        StringBuilder sb = new StringBuilder();
        if (depth > 1 && chance(15))
            sb.append("WITH ")
                    .append(chance(30) ? "RECURSIVE " : "")
                    .append("c AS (")
                    .append(query(depth - 1))
                    .append(") ");
        sb.append(body(depth));
        if (chance(30))
            sb.append(" ORDER BY ")
                    .append(expr(depth - 1))
                    .append(chance(50) ? " DESC" : "")
                    .append(chance(20) ? " NULLS LAST" : "");
        if (chance(25)) sb.append(" LIMIT ").append(r.nextInt(100));
        if (chance(15)) sb.append(" OFFSET ").append(r.nextInt(10));
        return sb.toString();
    }

    private String body(int depth) {
        String first = chance(90) ? select(depth) : values(Math.max(0, depth - 1));
        if (depth > 1 && chance(20)) {
            String op = pick(List.of(" UNION ", " UNION ALL ", " INTERSECT ", " EXCEPT "));
            String second = chance(80) ? select(depth - 1) : "(" + query(depth - 1) + ")";
            return first + op + second;
        }
        return first;
    }

    private String select(int depth) {
        StringBuilder sb = new StringBuilder("SELECT ");
        if (chance(15)) sb.append("DISTINCT ");
        int items = 1 + r.nextInt(3);
        for (int i = 0; i < items; i++) {
            if (i > 0) sb.append(", ");
            if (chance(10)) sb.append('*');
            else if (chance(5)) sb.append("t.*");
            else {
                sb.append(expr(depth));
                if (chance(30))
                    sb.append(chance(50) ? " AS " : " ").append(pick(List.of("x", "y", "\"Alias\"", "total")));
            }
        }
        if (chance(80)) {
            sb.append(" FROM ").append(tableRef(depth));
            if (chance(20)) sb.append(", ").append(tableRef(depth - 1));
        }
        if (chance(50)) sb.append(" WHERE ").append(expr(depth));
        if (chance(20)) {
            sb.append(" GROUP BY ").append(expr(depth - 1));
            if (chance(50)) sb.append(" HAVING ").append(expr(depth - 1));
        }
        return sb.toString();
    }

    private String tableRef(int depth) {
        String base = switch (depth > 0 ? r.nextInt(6) : 0) {
            case 0, 1, 2 -> pick(TABLES) + (chance(40) ? " AS t" + r.nextInt(3) : "");
            case 3 -> "(" + query(depth - 1) + ") AS sq" + (chance(30) ? " (p, q)" : "");
            case 4 -> pick(List.of("generate_series(1, 10)", "read_csv('f.csv', header => true)", "range(5) AS g (n)"));
            default -> "(VALUES (1, 2), (3, 4)) AS v (p, q)";
        };
        if (depth > 0 && chance(30)) {
            String join = pick(List.of(" JOIN ", " LEFT JOIN ", " RIGHT OUTER JOIN ", " FULL JOIN ", " INNER JOIN "));
            base = base + join + pick(TABLES) + " AS j ON " + expr(depth - 1);
        } else if (depth > 0 && chance(10)) {
            base = base + pick(List.of(" CROSS JOIN ", " NATURAL JOIN ")) + pick(TABLES) + " AS k";
        } else if (depth > 0 && chance(10)) {
            base = base + " JOIN " + pick(TABLES) + " AS m USING (a)";
        }
        return base;
    }

    String literal() {
        return switch (r.nextInt(9)) {
            case 0 -> Integer.toString(r.nextInt(1000));
            case 1 -> Long.toString(r.nextLong());
            case 2 -> "123456789012345678901234567890";
            case 3 -> String.format(java.util.Locale.ROOT, "%.3f", r.nextDouble() * 100);
            case 4 -> "'str" + r.nextInt(10) + (chance(30) ? "''q" : "") + "'";
            case 5 -> pick(List.of("NULL", "TRUE", "FALSE"));
            case 6 -> pick(List.of("1e-3", ".5", "1.", "0x1F", "x'00ff'"));
            case 7 -> pick(List.of("DATE '2020-01-01'", "TIMESTAMP '2020-01-01 00:00:00'", "INTERVAL '1' DAY"));
            default -> pick(List.of("?", "$1", ":p"));
        };
    }

    /** An operand of a postfix or special form: an atom or a parenthesized expression, so the text stays valid SQL. */
    private String operand(int depth) {
        return depth <= 0 || chance(40) ? expr(0) : "(" + expr(depth) + ")";
    }

    String expr(int depth) {
        if (depth <= 0) return chance(50) ? pick(COLUMNS) : literal();
        return switch (r.nextInt(22)) {
            case 0, 1, 2, 3 -> expr(depth - 1) + " " + pick(BINARY) + " " + expr(depth - 1);
            case 4 -> "(" + expr(depth - 1) + ")";
            case 5 -> pick(List.of("- ", "+", "~", "NOT ")) + operand(depth - 1);
            case 6 ->
                operand(depth - 1)
                        + pick(List.of(
                                " IS NULL", " IS NOT NULL", " IS TRUE", " NOTNULL", " IS DISTINCT FROM b", " IS c"));
            case 7 ->
                operand(depth - 1) + (chance(30) ? " NOT" : "") + " BETWEEN " + operand(depth - 1) + " AND "
                        + operand(depth - 1);
            case 8 ->
                operand(depth - 1) + (chance(30) ? " NOT" : "") + " IN (" + expr(depth - 1) + ", " + literal() + ")";
            case 9 -> operand(depth - 1) + " IN (" + query(depth - 1) + ")";
            case 10 -> (chance(30) ? "NOT " : "") + "EXISTS (" + query(depth - 1) + ")";
            case 11 -> "(" + query(depth - 1) + ")";
            case 12 ->
                operand(depth - 1)
                        + (chance(25)
                                ? " GLOB '*x?'"
                                : pick(List.of(" LIKE ", " NOT LIKE ", " ILIKE ")) + "'%x_'"
                                        + (chance(20) ? " ESCAPE '!'" : ""));
            case 13 ->
                "CASE " + (chance(40) ? expr(depth - 1) + " " : "") + "WHEN " + expr(depth - 1) + " THEN "
                        + expr(depth - 1) + (chance(50) ? " ELSE " + expr(depth - 1) : "") + " END";
            case 14 -> "CAST(" + expr(depth - 1) + " AS " + pick(TYPES) + ")";
            case 15 -> operand(depth - 1) + "::" + pick(List.of("int", "text", "double precision", "varchar(3)"));
            case 16 -> pick(FUNCTIONS) + "(" + expr(depth - 1) + (chance(50) ? ", " + expr(depth - 1) : "") + ")";
            case 17 ->
                pick(AGGREGATES) + "(" + (chance(20) ? "DISTINCT " : "") + expr(depth - 1) + ")"
                        + (chance(20) ? " FILTER (WHERE " + expr(depth - 1) + ")" : "");
            case 18 ->
                pick(AGGREGATES) + "(" + expr(depth - 1) + ") OVER ("
                        + (chance(50) ? "PARTITION BY " + expr(depth - 1) + " " : "") + "ORDER BY " + expr(depth - 1)
                        + (chance(50) ? " ROWS BETWEEN 1 PRECEDING AND CURRENT ROW" : "") + ")";
            case 19 -> "[" + expr(depth - 1) + ", " + expr(depth - 1) + "]";
            case 20 -> "count(*)";
            default -> operand(depth - 1) + " COLLATE nocase";
        };
    }
}
