package dev.nabla.tests.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The random database both engines are loaded with: three tables whose columns are INTEGER, REAL or TEXT, every
 * non-key column NULL now and then. Values are chosen so that the two engines can only disagree through a real bug:
 * integers stay small (no overflow to REAL in SQLite, no overflow error in Nabla), reals are multiples of 0.25 (sums
 * are exact in any order), texts are lowercase ASCII (SQLite's LIKE ignores ASCII case, Nabla's does not). Now and then
 * t1 has a few thousand rows, so that operators see several batches (of 2 048 rows).
 */
final class DiffSchema {

    enum Type {
        INT,
        REAL,
        TEXT,
        BOOL
    }

    record Col(String name, Type type) {}

    record Table(String name, List<Col> cols, List<List<Object>> rows) {
        Col col(String n) {
            for (Col c : cols) if (c.name().equals(n)) return c;
            throw new IllegalArgumentException(n);
        }
    }

    static final String[] WORDS = {
        "", "a", "ab", "abc", "b", "ba", "bob", "x", "xyz", "hello", "a_b", "a%b", "zz", " a", "ab "
    };

    final List<Table> tables;

    private DiffSchema(List<Table> tables) {
        this.tables = List.copyOf(tables);
    }

    static DiffSchema random(Random rnd) {
        return random(rnd, true);
    }

    static DiffSchema random(Random rnd, boolean bigTables) {
        List<Table> ts = new ArrayList<>();
        ts.add(fill(
                rnd,
                "t1",
                List.of(
                        new Col("id", Type.INT),
                        new Col("a", Type.INT),
                        new Col("b", Type.INT),
                        new Col("r", Type.REAL),
                        new Col("s", Type.TEXT)),
                bigTables && rnd.nextInt(5) == 0 ? 2100 + rnd.nextInt(1500) : 10 + rnd.nextInt(16)));
        ts.add(fill(
                rnd,
                "t2",
                List.of(
                        new Col("id", Type.INT),
                        new Col("a", Type.INT),
                        new Col("r", Type.REAL),
                        new Col("s", Type.TEXT)),
                6 + rnd.nextInt(14)));
        ts.add(fill(
                rnd,
                "t3",
                List.of(new Col("id", Type.INT), new Col("a", Type.INT), new Col("s", Type.TEXT)),
                rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(6)));
        return new DiffSchema(ts);
    }

    /** The same tables restricted to the given rows (used to shrink a failing case). */
    DiffSchema withRows(List<List<List<Object>>> rowsPerTable) {
        List<Table> ts = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            Table t = tables.get(i);
            ts.add(new Table(t.name(), t.cols(), rowsPerTable.get(i)));
        }
        return new DiffSchema(ts);
    }

    private static Table fill(Random rnd, String name, List<Col> cols, int n) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            List<Object> row = new ArrayList<>();
            for (Col c : cols) {
                if (c.name().equals("id")) {
                    row.add((long) i);
                    continue;
                }
                if (rnd.nextInt(100) < 15) {
                    row.add(null);
                    continue;
                }
                row.add(
                        switch (c.type()) {
                            case INT -> (long) (rnd.nextInt(10) == 0 ? rnd.nextInt(201) - 100 : rnd.nextInt(19) - 9);
                            case REAL -> (rnd.nextInt(81) - 40) * 0.25;
                            case TEXT -> WORDS[rnd.nextInt(WORDS.length)];
                            case BOOL -> throw new IllegalStateException();
                        });
            }
            rows.add(row);
        }
        return new Table(name, cols, rows);
    }

    /** CREATE TABLE and INSERT statements, valid in both engines. */
    List<String> setupSql() {
        List<String> out = new ArrayList<>();
        for (Table t : tables) {
            StringBuilder ddl =
                    new StringBuilder("CREATE TABLE ").append(t.name()).append('(');
            for (int i = 0; i < t.cols().size(); i++) {
                Col c = t.cols().get(i);
                if (i > 0) ddl.append(", ");
                ddl.append(c.name())
                        .append(' ')
                        .append(
                                switch (c.type()) {
                                    case INT -> "INTEGER";
                                    case REAL -> "REAL";
                                    case TEXT -> "TEXT";
                                    case BOOL -> throw new IllegalStateException();
                                });
            }
            out.add(ddl.append(')').toString());
            if (t.rows().isEmpty()) continue;
            StringBuilder ins =
                    new StringBuilder("INSERT INTO ").append(t.name()).append(" VALUES ");
            for (int r = 0; r < t.rows().size(); r++) {
                if (r > 0) ins.append(", ");
                ins.append('(');
                List<Object> row = t.rows().get(r);
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) ins.append(", ");
                    ins.append(literal(row.get(i)));
                }
                ins.append(')');
            }
            out.add(ins.toString());
        }
        return out;
    }

    static String literal(Object v) {
        if (v == null) return "NULL";
        if (v instanceof String s) return "'" + s.replace("'", "''") + "'";
        if (v instanceof Double d) {
            String s = Double.toString(d);
            return s.contains("E") ? String.format("%.6f", d) : s;
        }
        return v.toString();
    }
}
