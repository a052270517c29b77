package dev.nabla.tests.fuzz;

import java.util.Random;

/**
 * Data-changing statements over the fuzz catalog (t1..t3 from the differential schema plus {@code k} with a primary
 * key and NOT NULL), many of which fail part-way: values of the wrong type or arity, 32-bit overflow of an INTEGER
 * column on some rows only, failing casts, constraint violations, scalar subqueries returning several rows.
 */
final class DmlFuzzer {
    private final Random rnd;
    private int tableCounter;

    DmlFuzzer(Random rnd) {
        this.rnd = rnd;
    }

    private static final String[] INT_VALUES = {
        "1",
        "-7",
        "NULL",
        "0",
        "2147483647",
        "2147483648",
        "-2147483649",
        "9223372036854775807",
        "'12'",
        "'abc'",
        "2.5",
        "TRUE",
        "a + 1",
        "a * 1000000",
        "a * 2147483647",
        "a / 0",
        "a % 0",
        "CAST(s AS INTEGER)",
        "length(s)",
        "(SELECT max(a) FROM t2)",
        "(SELECT a FROM t2)",
        "(SELECT a FROM t2 WHERE FALSE)",
        "CASE WHEN a > 3 THEN CAST('x' AS INTEGER) ELSE a END",
        "id",
        "-a",
        "abs(a)",
        "DATE '2024-01-01'",
        "grad(r * r, r)",
        "nosuch",
        "sum(a)",
        "row_number() OVER ()",
        "?"
    };
    private static final String[] REAL_VALUES = {
        "1.5",
        "NULL",
        "-0.0",
        "1e308",
        "1e308 * 10",
        "r * 2",
        "r / 0",
        "'x'",
        "'2.5'",
        "a",
        "grad(r * r, r)",
        "CAST(s AS DOUBLE)",
        "sqrt(r)",
        "ln(r)",
        "(SELECT avg(r) FROM t2)"
    };
    private static final String[] TEXT_VALUES = {
        "'x'",
        "NULL",
        "''",
        "s || s",
        "upper(s)",
        "1",
        "a",
        "r",
        "repeat(s, 3)",
        "CAST(a AS VARCHAR)",
        "(SELECT s FROM t2 ORDER BY id LIMIT 1)",
        "'" + "y".repeat(1000) + "'"
    };
    private static final String[] CONDS = {
        "a > 0",
        "a IS NULL",
        "s LIKE 'a%'",
        "r < 0",
        "id % 2 = 0",
        "TRUE",
        "FALSE",
        "NULL",
        "a / 0 IS NULL",
        "CAST(s AS INTEGER) > 0",
        "nosuch > 1",
        "a > 'x'",
        "a IN (SELECT a FROM t2)",
        "EXISTS (SELECT 1 FROM t3 WHERE t3.a = t1.a)",
        "(SELECT a FROM t2) > 0",
        "sum(a) > 0",
        "1",
        "'yes'",
        "a = 1 AND s = 'x' OR r > 2.5",
        "grad(r * r, r) > 1"
    };

    private String pick(String[] xs) {
        return xs[rnd.nextInt(xs.length)];
    }

    String next() {
        return switch (rnd.nextInt(16)) {
            case 0, 1 -> {
                int n = 1 + rnd.nextInt(3);
                StringBuilder sb = new StringBuilder("INSERT INTO t1 VALUES ");
                for (int i = 0; i < n; i++) {
                    if (i > 0) sb.append(", ");
                    int arity = rnd.nextInt(8) == 0 ? rnd.nextInt(7) : 5;
                    sb.append('(');
                    for (int c = 0; c < arity; c++) {
                        if (c > 0) sb.append(", ");
                        sb.append(
                                switch (c) {
                                    case 0 -> Integer.toString(1000 + rnd.nextInt(1000));
                                    case 1, 2 ->
                                        rnd.nextInt(3) == 0
                                                ? pick(INT_VALUES).replace("a", "7")
                                                : Integer.toString(rnd.nextInt(20));
                                    case 3 ->
                                        rnd.nextInt(3) == 0
                                                ? pick(REAL_VALUES)
                                                        .replace("r", "2.0")
                                                        .replace("a", "1")
                                                : "0.25";
                                    default ->
                                        rnd.nextInt(3) == 0
                                                ? pick(TEXT_VALUES)
                                                        .replace("s", "'q'")
                                                        .replace("a", "1")
                                                        .replace("r", "1.5")
                                                : "'new'";
                                });
                    }
                    sb.append(')');
                }
                yield sb.toString();
            }
            case 2 ->
                "INSERT INTO t1 (" + (rnd.nextBoolean() ? "id, s" : "s, id, nosuch") + ") VALUES ("
                        + (2000 + rnd.nextInt(99)) + ", " + pick(TEXT_VALUES).replace("s", "'q'") + ")";
            case 3 -> "INSERT INTO t2 SELECT id + 100, " + pick(INT_VALUES) + ", r, s FROM t1 WHERE " + pick(CONDS);
            case 4, 5 ->
                "UPDATE t1 SET a = " + pick(INT_VALUES) + (rnd.nextBoolean() ? ", s = " + pick(TEXT_VALUES) : "")
                        + (rnd.nextBoolean() ? ", r = " + pick(REAL_VALUES) : "")
                        + (rnd.nextInt(4) > 0 ? " WHERE " + pick(CONDS) : "");
            case 6 ->
                "UPDATE t2 SET r = " + pick(REAL_VALUES) + " WHERE "
                        + pick(CONDS).replace("t1", "t2");
            case 7 -> "DELETE FROM t2 WHERE " + pick(CONDS).replace("t1.", "t2.");
            case 8 -> "DELETE FROM t1 WHERE " + pick(CONDS) + (rnd.nextBoolean() ? " AND " + pick(CONDS) : "");
            case 9 -> {
                int id = rnd.nextInt(12);
                yield switch (rnd.nextInt(6)) {
                    case 0 ->
                        "INSERT INTO k VALUES (" + id + ", " + pick(INT_VALUES).replace("a", "3") + ", 2.5)";
                    case 1 -> "INSERT INTO k (id) VALUES (" + id + ")";
                    case 2 -> "INSERT INTO k VALUES (" + id + ", 1, 1.0), (" + id + ", 2, 2.0)";
                    case 3 -> "INSERT OR REPLACE INTO k VALUES (" + id + ", " + rnd.nextInt(9) + ", NULL)";
                    case 4 ->
                        "UPDATE k SET id = " + (rnd.nextBoolean() ? "id + 1" : "1") + " WHERE v > " + rnd.nextInt(5);
                    default ->
                        "UPDATE k SET v = " + (rnd.nextBoolean() ? "NULL" : "v * 2147483647") + " WHERE id > "
                                + rnd.nextInt(8);
                };
            }
            case 10 ->
                "CREATE TABLE tmp" + (tableCounter++ % 4) + " AS SELECT " + pick(INT_VALUES) + " AS x FROM t1 WHERE "
                        + pick(CONDS);
            case 11 -> "DROP TABLE " + (rnd.nextBoolean() ? "IF EXISTS " : "") + "tmp" + rnd.nextInt(4);
            case 12 ->
                "CREATE TABLE tmp" + rnd.nextInt(4) + "(x INTEGER"
                        + (rnd.nextBoolean() ? ", x INTEGER" : ", y nosuchtype") + ")";
            case 13 ->
                switch (rnd.nextInt(4)) {
                    case 0 -> "BEGIN";
                    case 1 -> "COMMIT";
                    case 2 -> "ROLLBACK";
                    default -> "CREATE OR REPLACE VIEW v1 AS SELECT " + pick(INT_VALUES) + " AS x FROM t1";
                };
            case 14 -> "TRUNCATE " + (rnd.nextBoolean() ? "tmp" + rnd.nextInt(4) : "nosuch");
            default ->
                "UPDATE t1 SET " + (rnd.nextBoolean() ? "a = 1, a = 2" : "id = NULL, s = " + pick(TEXT_VALUES))
                        + " WHERE " + pick(CONDS);
        };
    }
}
