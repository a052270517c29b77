package dev.nabla.tests.diff;

import dev.nabla.tests.diff.DiffSchema.Col;
import dev.nabla.tests.diff.DiffSchema.Table;
import dev.nabla.tests.diff.DiffSchema.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random, well-typed SELECT statements over a {@link DiffSchema}, from a grammar that stays inside the part of SQL on
 * which SQLite and a statically typed engine must agree. Deliberate exclusions (each a legitimate difference, not a bug):
 * <ul>
 *   <li>no comparison, arithmetic, IN or set operation mixing TEXT with numbers (SQLite's affinity rules);</li>
 *   <li>no CASE/COALESCE/NULLIF mixing INTEGER and REAL branches, and every REAL literal has a decimal point:
 *       SQLite picks {@code /} per row by the value's storage class, a typed engine once by the static type;</li>
 *   <li>small integers and bounded nesting, so nothing overflows 64 bits (SQLite turns to REAL, Nabla fails);</li>
 *   <li>LIKE only as {@code lower(x) LIKE 'lowercase pattern'} (SQLite's LIKE ignores ASCII case);</li>
 *   <li>no CAST of text to numbers (SQLite takes the numeric prefix, Nabla fails on bad input);</li>
 *   <li>scalar subqueries are aggregates or LIMIT 1 with a full ORDER BY (SQLite silently takes the first of many
 *       rows, Nabla raises CARDINALITY);</li>
 *   <li>no bare non-grouped columns in aggregate queries, no boolean arithmetic, no group_concat (order undefined);</li>
 *   <li>LIMIT/OFFSET and order-sensitive window functions only under an ORDER BY that fixes the order;</li>
 *   <li>{@code round(x, n)} only with n = 0: for n &gt; 0 SQLite rounds the exact binary value (0.15 is 0.1499..., so
 *       0.1), Nabla the shortest decimal form (0.2);</li>
 *   <li>no comparison of REAL aggregates: the last bits of a sum depend on the summation algorithm, so equality of
 *       two sums can flip (results themselves are compared with a tolerance, see {@link ResultRows}).</li>
 * </ul>
 */
final class QueryGenerator {

    /** A generated query; {@code ordered} when its ORDER BY fixes the row order completely. */
    record Query(String sql, boolean ordered) {}

    /** Something that may appear bare in an expression: a column, or a GROUP BY key in an aggregate query. */
    record Term(String sql, Type type) {}

    /**
     * What an expression may refer to. In an aggregate query {@code rowScope} is where aggregate arguments are
     * generated and {@code terms} are the grouping keys only.
     */
    record Scope(List<Term> terms, Scope rowScope, boolean subqueries, int subDepth) {
        List<Term> of(Type t) {
            List<Term> out = new ArrayList<>();
            for (Term term : terms) if (term.type() == t) out.add(term);
            return out;
        }

        Scope noSubqueries() {
            return new Scope(terms, rowScope, false, subDepth);
        }
    }

    private final Random rnd;
    private final DiffSchema schema;
    private int aliasCounter;

    QueryGenerator(Random rnd, DiffSchema schema) {
        this.rnd = rnd;
        this.schema = schema;
    }

    Query next() {
        aliasCounter = 0;
        int k = rnd.nextInt(100);
        if (k < 26) return simpleSelect();
        if (k < 44) return aggregateSelect();
        if (k < 58) return joinSelect();
        if (k < 68) return subquerySelect();
        if (k < 78) return setOpSelect();
        if (k < 90) return windowSelect();
        return derivedSelect();
    }

    /**
     * A data-changing statement: UPDATE/DELETE with generated expressions and conditions, or INSERT ... SELECT. No
     * subquery reads the table being changed (when SQLite evaluates it against partly changed data is its own business).
     */
    String dml() {
        aliasCounter = 0;
        Table t1 = schema.tables.get(0), t2 = schema.tables.get(1);
        Scope s1 = new Scope(columnsOf(t1, null), null, false, 0);
        Scope s2 = new Scope(columnsOf(t2, null), null, false, 0);
        return switch (rnd.nextInt(6)) {
            case 0, 1 -> {
                List<String> sets = new ArrayList<>();
                if (rnd.nextBoolean()) sets.add("a = " + expr(s1, Type.INT, 2));
                if (rnd.nextBoolean()) sets.add("r = " + expr(s1, Type.REAL, 2));
                if (rnd.nextBoolean() || sets.isEmpty()) sets.add("s = " + expr(s1, Type.TEXT, 2));
                yield "UPDATE t1 SET " + String.join(", ", sets) + (rnd.nextInt(4) > 0 ? " WHERE " + bool(s1, 2) : "");
            }
            case 2 ->
                "UPDATE t2 SET a = " + expr(s2, Type.INT, 2) + " WHERE "
                        + (rnd.nextBoolean() ? bool(s2, 2) : "a IN (SELECT a FROM t1 WHERE " + bool(s1, 1) + ")");
            case 3 -> "DELETE FROM t1 WHERE " + bool(s1, 2);
            case 4 ->
                "DELETE FROM t2 WHERE "
                        + (rnd.nextBoolean()
                                ? bool(s2, 2)
                                : (rnd.nextBoolean() ? "" : "NOT ") + "EXISTS (SELECT 1 FROM t1 WHERE t1.a = t2.a AND "
                                        + bool(s1, 1) + ")");
            default ->
                "INSERT INTO t2 SELECT id + 1000, " + expr(s1, Type.INT, 2) + ", " + expr(s1, Type.REAL, 2) + ", "
                        + expr(s1, Type.TEXT, 2) + " FROM t1" + (rnd.nextBoolean() ? " WHERE " + bool(s1, 2) : "");
        };
    }

    // ---------------------------------------------------------------- query shapes

    private Table table() {
        return schema.tables.get(rnd.nextInt(schema.tables.size()));
    }

    private String alias() {
        return "q" + (aliasCounter++);
    }

    static List<Term> columnsOf(Table t, String qualifier) {
        List<Term> out = new ArrayList<>();
        for (Col c : t.cols()) out.add(new Term(qualifier == null ? c.name() : qualifier + "." + c.name(), c.type()));
        return out;
    }

    private Query simpleSelect() {
        Table t = table();
        Scope sc = new Scope(columnsOf(t, null), null, true, 0);
        boolean distinct = rnd.nextInt(5) == 0;
        int n = 1 + rnd.nextInt(3);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(expr(sc, anyType(), 3));
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(distinct ? "DISTINCT " : "")
                .append(String.join(", ", items))
                .append(" FROM ")
                .append(t.name());
        if (rnd.nextInt(3) > 0) sql.append(" WHERE ").append(bool(sc, 3));
        return orderAndLimit(sql, items.size(), distinct ? null : "id", sc);
    }

    /**
     * Adds ORDER BY (and maybe LIMIT/OFFSET). {@code uniqueKey}: a column that identifies a row of the FROM clause, or
     * null when only the output columns may be ordered by (DISTINCT, set operations, grouped queries).
     */
    private Query orderAndLimit(StringBuilder sql, int outputs, String uniqueKey, Scope sc) {
        int k = rnd.nextInt(4);
        if (k == 0) return new Query(sql.toString(), false);
        List<String> keys = new ArrayList<>();
        boolean full;
        if (uniqueKey != null && rnd.nextBoolean()) {
            int m = rnd.nextInt(3);
            for (int i = 0; i < m; i++) keys.add(orderKey(sc) + dir());
            keys.add(uniqueKey + dir());
            full = true;
        } else {
            // every output column, by position: ties are only between identical rows
            List<Integer> pos = new ArrayList<>();
            for (int i = 1; i <= outputs; i++) pos.add(i);
            java.util.Collections.shuffle(pos, rnd);
            for (int p : pos) keys.add(p + dir());
            full = true;
            if (rnd.nextInt(4) == 0 && outputs > 1) {
                keys.removeLast();
                full = false;
            }
        }
        sql.append(" ORDER BY ").append(String.join(", ", keys));
        if (full && rnd.nextInt(3) == 0) {
            sql.append(" LIMIT ").append(rnd.nextInt(8));
            if (rnd.nextBoolean()) sql.append(" OFFSET ").append(rnd.nextInt(6));
        }
        return new Query(sql.toString(), full);
    }

    private String orderKey(Scope sc) {
        Type t = rnd.nextInt(3) == 0 ? Type.TEXT : rnd.nextBoolean() ? Type.INT : Type.REAL;
        return notConstant(sc, t, expr(sc.noSubqueries(), t, 1));
    }

    /** A bare integer in ORDER BY/GROUP BY is a column position; a column instead of any bare literal. */
    private String notConstant(Scope sc, Type t, String e) {
        if (!e.matches("[-() 0-9.]+|'.*'|NULL|CAST\\(NULL.*")) return e;
        String c = leafColumn(sc, t);
        return c != null ? c : leafColumn(sc, Type.INT);
    }

    private String dir() {
        return switch (rnd.nextInt(8)) {
            case 0, 1 -> " DESC";
            case 2 -> " ASC";
            case 3 -> " NULLS FIRST";
            case 4 -> " DESC NULLS LAST";
            case 5 -> " DESC NULLS FIRST";
            default -> "";
        };
    }

    private Query aggregateSelect() {
        Table t = table();
        Scope row = new Scope(columnsOf(t, null), null, true, 0);
        int g = rnd.nextInt(3);
        List<Term> keys = new ArrayList<>();
        for (int i = 0; i < g; i++) {
            Type ty = rnd.nextInt(3) == 0 ? Type.TEXT : Type.INT;
            String key =
                    rnd.nextInt(3) == 0 ? notConstant(row, ty, expr(row.noSubqueries(), ty, 1)) : leafColumn(row, ty);
            if (key == null) continue;
            boolean dup = false;
            for (Term k : keys) dup |= k.sql().equals(key);
            if (!dup) keys.add(new Term(key, ty));
        }
        Scope agg = new Scope(keys, row, false, 0);
        List<String> items = new ArrayList<>();
        for (Term k : keys) items.add(k.sql());
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) items.add(aggExpr(agg, anyType()));
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(String.join(", ", items))
                .append(" FROM ")
                .append(t.name());
        if (rnd.nextBoolean()) sql.append(" WHERE ").append(bool(row, 2));
        if (!keys.isEmpty()) {
            List<String> ks = new ArrayList<>();
            for (Term k : keys) ks.add(k.sql());
            sql.append(" GROUP BY ").append(String.join(", ", ks));
            if (rnd.nextInt(3) == 0) sql.append(" HAVING ").append(aggBool(agg));
            if (rnd.nextBoolean()) {
                List<String> ob = new ArrayList<>();
                for (int i = 1; i <= keys.size(); i++) ob.add(i + dir());
                sql.append(" ORDER BY ").append(String.join(", ", ob));
                if (rnd.nextInt(3) == 0) sql.append(" LIMIT ").append(1 + rnd.nextInt(4));
                return new Query(sql.toString(), true);
            }
        }
        return new Query(sql.toString(), false);
    }

    /** An expression of the given type in an aggregate query: aggregates, grouping keys, literals and CASE over them. */
    private String aggExpr(Scope agg, Type t) {
        int k = rnd.nextInt(10);
        if (k < 6 || t == Type.BOOL) return t == Type.BOOL ? aggBool(agg) : aggregate(agg.rowScope(), t);
        return expr(agg, t, 2);
    }

    private String aggBool(Scope agg) {
        // INTEGER aggregates only: a REAL sum's last bits depend on the summation algorithm (SQLite's is compensated)
        Type t = Type.INT;
        String l = aggregate(agg.rowScope(), t);
        String r = rnd.nextBoolean() ? literal(t) : aggregate(agg.rowScope(), t);
        String cmp = l + " " + cmpOp() + " " + r;
        return rnd.nextInt(4) == 0
                ? cmp + (rnd.nextBoolean() ? " AND " : " OR ") + "count(*) " + cmpOp() + " " + rnd.nextInt(5)
                : cmp;
    }

    private String aggregate(Scope row, Type t) {
        Scope arg = row.noSubqueries();
        return switch (t) {
            case INT ->
                switch (rnd.nextInt(7)) {
                    case 0 -> "count(*)";
                    case 1 -> "count(" + expr(arg, anyType(), 1) + ")";
                    case 2 -> "count(DISTINCT " + expr(arg, anyValueType(), 1) + ")";
                    case 3 -> "sum(" + expr(arg, Type.INT, 2) + ")";
                    case 4 -> "sum(DISTINCT " + expr(arg, Type.INT, 1) + ")";
                    case 5 -> "min(" + expr(arg, Type.INT, 2) + ")";
                    default -> "max(" + expr(arg, Type.INT, 2) + ")";
                };
            case REAL ->
                switch (rnd.nextInt(6)) {
                    case 0 -> "avg(" + expr(arg, rnd.nextBoolean() ? Type.INT : Type.REAL, 2) + ")";
                    case 1 -> "sum(" + expr(arg, Type.REAL, 2) + ")";
                    case 2 -> "total(" + expr(arg, rnd.nextBoolean() ? Type.INT : Type.REAL, 1) + ")";
                    case 3 -> "min(" + expr(arg, Type.REAL, 2) + ")";
                    case 4 -> "avg(DISTINCT " + expr(arg, Type.INT, 1) + ")";
                    default -> "max(" + expr(arg, Type.REAL, 2) + ")";
                };
            case TEXT -> (rnd.nextBoolean() ? "min(" : "max(") + expr(arg, Type.TEXT, 2) + ")";
            case BOOL -> throw new IllegalStateException();
        };
    }

    private Query joinSelect() {
        Table l = schema.tables.get(rnd.nextInt(2));
        Table r = schema.tables.get(1 + rnd.nextInt(2));
        String la = "x", ra = "y";
        List<Term> terms = new ArrayList<>(columnsOf(l, la));
        terms.addAll(columnsOf(r, ra));
        Scope sc = new Scope(terms, null, rnd.nextInt(3) == 0, 0);
        Scope leftOnly = new Scope(columnsOf(l, la), null, false, 0);
        Scope rightOnly = new Scope(columnsOf(r, ra), null, false, 0);
        String kind = switch (rnd.nextInt(7)) {
            case 0, 1 -> "JOIN";
            case 2, 3 -> "LEFT JOIN";
            case 4 -> "RIGHT JOIN";
            case 5 -> "FULL JOIN";
            default -> ",";
        };
        String on = switch (rnd.nextInt(4)) {
            case 0 -> la + ".a = " + ra + ".a";
            case 1 -> la + ".s = " + ra + ".s";
            case 2 -> la + ".a = " + ra + ".a AND " + bool(rnd.nextBoolean() ? rightOnly : sc.noSubqueries(), 1);
            default -> expr(leftOnly, Type.INT, 1) + " " + cmpOp() + " " + expr(rightOnly, Type.INT, 1);
        };
        boolean grouped = rnd.nextInt(4) == 0;
        StringBuilder from =
                new StringBuilder(" FROM ").append(l.name()).append(" AS ").append(la);
        if (kind.equals(",")) {
            from.append(", ")
                    .append(r.name())
                    .append(" AS ")
                    .append(ra)
                    .append(" WHERE ")
                    .append(on);
            if (rnd.nextBoolean()) from.append(" AND ").append(bool(sc, 2));
        } else {
            from.append(' ')
                    .append(kind)
                    .append(' ')
                    .append(r.name())
                    .append(" AS ")
                    .append(ra)
                    .append(" ON ")
                    .append(on);
            if (rnd.nextBoolean()) from.append(" WHERE ").append(bool(sc, 2));
        }
        if (grouped) {
            Term key = rnd.nextBoolean() ? new Term(la + ".a", Type.INT) : new Term(ra + ".s", Type.TEXT);
            Scope agg = new Scope(List.of(key), sc.noSubqueries(), false, 0);
            String sql = "SELECT " + key.sql() + ", " + aggExpr(agg, anyType()) + ", " + aggExpr(agg, anyType()) + from
                    + " GROUP BY " + key.sql();
            if (rnd.nextBoolean()) return new Query(sql + " ORDER BY 1" + dir(), true);
            return new Query(sql, false);
        }
        int n = 1 + rnd.nextInt(4);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(expr(sc, anyType(), 2));
        StringBuilder sql =
                new StringBuilder("SELECT ").append(String.join(", ", items)).append(from);
        if (rnd.nextBoolean()) {
            sql.append(" ORDER BY ")
                    .append(la)
                    .append(".id")
                    .append(dir())
                    .append(", ")
                    .append(ra)
                    .append(".id")
                    .append(dir());
            if (rnd.nextInt(3) == 0)
                sql.append(" LIMIT ").append(rnd.nextInt(10)).append(" OFFSET ").append(rnd.nextInt(4));
            return new Query(sql.toString(), true);
        }
        return new Query(sql.toString(), false);
    }

    /** A single-table query whose WHERE and select list lean on subqueries (correlated and not). */
    private Query subquerySelect() {
        Table t = schema.tables.get(rnd.nextInt(2));
        String qa = "o";
        Scope sc = new Scope(columnsOf(t, qa), null, true, 0);
        List<String> items = new ArrayList<>();
        items.add(qa + ".id");
        items.add(rnd.nextBoolean() ? subqueryValue(sc, anyValueType()) : expr(sc, anyType(), 2));
        if (rnd.nextBoolean()) items.add(subqueryBool(sc));
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(String.join(", ", items))
                .append(" FROM ")
                .append(t.name())
                .append(" AS ")
                .append(qa)
                .append(" WHERE ")
                .append(rnd.nextBoolean() ? subqueryBool(sc) : bool(sc, 2));
        return orderAndLimit(sql, items.size(), qa + ".id", sc);
    }

    private Query setOpSelect() {
        int n = 1 + rnd.nextInt(2);
        List<Type> types = new ArrayList<>();
        for (int i = 0; i < n; i++) types.add(anyValueType());
        int arms = 2 + (rnd.nextInt(4) == 0 ? 1 : 0);
        StringBuilder sql = new StringBuilder();
        for (int a = 0; a < arms; a++) {
            if (a > 0) {
                // SQLite gives all compound operators one precedence (left to right); the standard, and Nabla, bind
                // INTERSECT tighter. SQLite allows no parentheses around an arm, so three arms never use INTERSECT.
                int op = rnd.nextInt(5);
                if (arms > 2 && op == 2) op = 1;
                sql.append(
                        switch (op) {
                            case 0 -> " UNION ";
                            case 1 -> " UNION ALL ";
                            case 2 -> " INTERSECT ";
                            case 3 -> " EXCEPT ";
                            default -> rnd.nextBoolean() ? " UNION ALL " : " UNION ";
                        });
            }
            Table t = table();
            Scope sc = new Scope(columnsOf(t, null), null, false, 0);
            List<String> items = new ArrayList<>();
            for (Type ty : types) items.add(rnd.nextInt(3) > 0 ? leafOrExpr(sc, ty) : expr(sc, ty, 1));
            sql.append("SELECT ")
                    .append(String.join(", ", items))
                    .append(" FROM ")
                    .append(t.name());
            if (rnd.nextBoolean()) sql.append(" WHERE ").append(bool(sc, 1));
        }
        return orderAndLimit(sql, n, null, null);
    }

    private String leafOrExpr(Scope sc, Type t) {
        String c = leafColumn(sc, t);
        return c != null ? c : expr(sc, t, 1);
    }

    private Query windowSelect() {
        Table t = schema.tables.get(rnd.nextInt(2));
        Scope sc = new Scope(columnsOf(t, null), null, false, 0);
        List<String> items = new ArrayList<>();
        items.add("id");
        items.add(expr(sc, anyValueType(), 1));
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) items.add(window(sc));
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(String.join(", ", items))
                .append(" FROM ")
                .append(t.name());
        if (rnd.nextInt(3) == 0) sql.append(" WHERE ").append(bool(sc, 1));
        if (rnd.nextBoolean()) {
            sql.append(" ORDER BY id").append(dir());
            if (rnd.nextInt(3) == 0) sql.append(" LIMIT ").append(rnd.nextInt(8));
            return new Query(sql.toString(), true);
        }
        return new Query(sql.toString(), false);
    }

    private String window(Scope sc) {
        String partition = rnd.nextBoolean()
                ? ""
                : "PARTITION BY " + leafColumn(sc, rnd.nextBoolean() ? Type.INT : Type.TEXT) + " ";
        String key = expr(sc, rnd.nextInt(3) == 0 ? Type.TEXT : Type.INT, rnd.nextInt(3) == 0 ? 1 : 0);
        String keyDir = dir();
        // order-sensitive functions get the unique id as the last key, so that ties cannot be broken differently
        String fullOrder = "ORDER BY " + key + keyDir + ", id" + dir();
        String peerOrder = "ORDER BY " + key + keyDir;
        return switch (rnd.nextInt(15)) {
            case 11 -> "ntile(" + (1 + rnd.nextInt(4)) + ") OVER (" + partition + fullOrder + ")";
            case 12 -> (rnd.nextBoolean() ? "percent_rank()" : "cume_dist()") + " OVER (" + partition + peerOrder + ")";
            case 13 ->
                "lag(" + expr(sc, Type.INT, 1) + ", " + (1 + rnd.nextInt(3)) + ", " + rnd.nextInt(9) + ") OVER ("
                        + partition + fullOrder + ")";
            case 14 ->
                "sum(" + expr(sc, Type.INT, 1) + ") OVER (" + partition + fullOrder
                        + (rnd.nextBoolean()
                                ? " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
                                : " ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING)");
            case 0 -> "row_number() OVER (" + partition + fullOrder + ")";
            case 1 -> "rank() OVER (" + partition + peerOrder + ")";
            case 2 -> "dense_rank() OVER (" + partition + peerOrder + ")";
            case 3 -> "sum(" + expr(sc, Type.INT, 1) + ") OVER (" + partition + peerOrder + ")";
            case 4 -> "sum(" + expr(sc, Type.REAL, 1) + ") OVER (" + partition.trim() + ")";
            case 5 -> "count(*) OVER (" + partition + peerOrder + ")";
            case 6 ->
                "sum(" + expr(sc, Type.INT, 1) + ") OVER (" + partition + fullOrder
                        + " ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)";
            case 7 ->
                (rnd.nextBoolean() ? "lag(" : "lead(") + expr(sc, anyValueType(), 1) + ") OVER (" + partition
                        + fullOrder + ")";
            case 8 ->
                (rnd.nextBoolean() ? "min(" : "max(") + expr(sc, Type.INT, 1) + ") OVER (" + partition + peerOrder
                        + ")";
            case 9 -> "avg(" + expr(sc, Type.INT, 1) + ") OVER (" + partition.trim() + ")";
            default -> "first_value(" + expr(sc, anyValueType(), 1) + ") OVER (" + partition + fullOrder + ")";
        };
    }

    /** A query over a derived table or CTE whose columns are typed expressions of a base table. */
    private Query derivedSelect() {
        Table t = schema.tables.get(rnd.nextInt(2));
        Scope inner = new Scope(columnsOf(t, null), null, false, 0);
        int n = 1 + rnd.nextInt(3);
        List<String> items = new ArrayList<>();
        List<Term> outer = new ArrayList<>();
        items.add("id AS k");
        outer.add(new Term("d.k", Type.INT));
        for (int i = 0; i < n; i++) {
            Type ty = anyValueType();
            items.add(expr(inner, ty, 2) + " AS c" + i);
            outer.add(new Term("d.c" + i, ty));
        }
        String innerSql = "SELECT " + String.join(", ", items) + " FROM " + t.name()
                + (rnd.nextBoolean() ? " WHERE " + bool(inner, 2) : "");
        Scope sc = new Scope(outer, null, false, 0);
        boolean cte = rnd.nextBoolean();
        String from = cte ? " FROM d" : " FROM (" + innerSql + ") AS d";
        if (rnd.nextInt(3) == 0) {
            Term key = outer.get(1 + rnd.nextInt(n));
            Scope agg = new Scope(List.of(key), sc, false, 0);
            String sql = (cte ? "WITH d AS (" + innerSql + ") " : "") + "SELECT " + key.sql() + ", "
                    + aggExpr(agg, anyType()) + from + " GROUP BY " + key.sql() + " ORDER BY 1";
            return new Query(sql, true);
        }
        StringBuilder sql = new StringBuilder(cte ? "WITH d AS (" + innerSql + ") " : "")
                .append("SELECT d.k, ")
                .append(expr(sc, anyType(), 2))
                .append(from);
        if (rnd.nextBoolean()) sql.append(" WHERE ").append(bool(sc, 2));
        return orderAndLimit(sql, 2, "d.k", sc);
    }

    // ---------------------------------------------------------------- expressions

    private Type anyType() {
        int k = rnd.nextInt(10);
        return k < 4 ? Type.INT : k < 6 ? Type.REAL : k < 8 ? Type.TEXT : Type.BOOL;
    }

    private Type anyValueType() {
        int k = rnd.nextInt(10);
        return k < 4 ? Type.INT : k < 7 ? Type.REAL : Type.TEXT;
    }

    private String leafColumn(Scope sc, Type t) {
        List<Term> ts = sc.of(t);
        return ts.isEmpty() ? null : ts.get(rnd.nextInt(ts.size())).sql();
    }

    private String leaf(Scope sc, Type t) {
        if (t == Type.BOOL) return bool(sc, 0);
        String c = rnd.nextInt(10) < 7 ? leafColumn(sc, t) : null;
        return c != null ? c : literal(t);
    }

    private String literal(Type t) {
        return switch (t) {
            // a bare NULL only in IN lists: Nabla types a function of nothing but NULLs (max(NULL, NULL)) as VARCHAR
            case INT -> rnd.nextInt(12) == 0 ? "CAST(NULL AS INTEGER)" : Integer.toString(rnd.nextInt(21) - 10);
            case REAL -> rnd.nextInt(12) == 0 ? "CAST(NULL AS REAL)" : DiffSchema.literal((rnd.nextInt(41) - 20) * 0.5);
            case TEXT ->
                rnd.nextInt(12) == 0
                        ? "CAST(NULL AS TEXT)"
                        : DiffSchema.literal(DiffSchema.WORDS[rnd.nextInt(DiffSchema.WORDS.length)]);
            case BOOL -> rnd.nextBoolean() ? "TRUE" : "FALSE";
        };
    }

    String expr(Scope sc, Type t, int depth) {
        return switch (t) {
            case INT -> intExpr(sc, depth);
            case REAL -> realExpr(sc, depth);
            case TEXT -> textExpr(sc, depth);
            case BOOL -> bool(sc, depth);
        };
    }

    private String intExpr(Scope sc, int d) {
        if (d <= 0 || rnd.nextInt(10) < 3) return leaf(sc, Type.INT);
        int k = rnd.nextInt(sc.rowScope() != null ? 19 : 17);
        return switch (k) {
            case 0, 1 -> "(" + intExpr(sc, d - 1) + " + " + intExpr(sc, d - 1) + ")";
            case 2 -> "(" + intExpr(sc, d - 1) + " - " + intExpr(sc, d - 1) + ")";
            case 3 -> "(" + intExpr(sc, d - 1) + " * " + intExpr(sc, d - 1) + ")";
            case 4 -> "(" + intExpr(sc, d - 1) + " / " + intExpr(sc, d - 1) + ")";
            case 5 -> "(" + intExpr(sc, d - 1) + " % " + intExpr(sc, d - 1) + ")";
            case 6 -> "(- " + intExpr(sc, d - 1) + ")";
            case 7 -> "abs(" + intExpr(sc, d - 1) + ")";
            case 8 -> "length(" + textExpr(sc, d - 1) + ")";
            case 9 ->
                "CASE WHEN " + bool(sc, d - 1) + " THEN " + intExpr(sc, d - 1)
                        + (rnd.nextBoolean() ? " ELSE " + intExpr(sc, d - 1) : "") + " END";
            case 10 ->
                "CASE " + intExpr(sc, d - 1) + " WHEN " + literal(Type.INT) + " THEN " + intExpr(sc, d - 1) + " WHEN "
                        + literal(Type.INT) + " THEN " + intExpr(sc, d - 1) + " ELSE " + intExpr(sc, d - 1) + " END";
            case 11 -> "coalesce(" + intExpr(sc, d - 1) + ", " + intExpr(sc, d - 1) + ")";
            case 12 -> "nullif(" + intExpr(sc, d - 1) + ", " + intExpr(sc, d - 1) + ")";
            case 13 -> "CAST(" + realExpr(sc, d - 1) + " AS INTEGER)";
            case 14 -> "instr(" + textExpr(sc, d - 1) + ", " + textExpr(sc, 0) + ")";
            case 15 ->
                sc.subqueries() && sc.subDepth() < 2
                        ? subqueryValue(sc, Type.INT)
                        : "ifnull(" + intExpr(sc, d - 1) + ", 0)";
            case 16 ->
                rnd.nextBoolean()
                        ? "max(" + intExpr(sc, d - 1) + ", " + intExpr(sc, d - 1) + ")"
                        : "min(" + intExpr(sc, d - 1) + ", " + intExpr(sc, d - 1) + ")";
            default -> aggregate(sc.rowScope(), Type.INT);
        };
    }

    private String realExpr(Scope sc, int d) {
        if (d <= 0 || rnd.nextInt(10) < 3) return leaf(sc, Type.REAL);
        int k = rnd.nextInt(sc.rowScope() != null ? 16 : 14);
        return switch (k) {
            case 0 -> "(" + realExpr(sc, d - 1) + " + " + realExpr(sc, d - 1) + ")";
            case 1 -> "(" + realExpr(sc, d - 1) + " - " + intExpr(sc, d - 1) + ")";
            case 2 -> "(" + intExpr(sc, d - 1) + " * " + realExpr(sc, d - 1) + ")";
            case 3 -> "(" + realExpr(sc, d - 1) + " / " + realExpr(sc, d - 1) + ")";
            case 4 -> "(" + intExpr(sc, d - 1) + " / " + realExpr(sc, d - 1) + ")";
            case 5 -> "(- " + realExpr(sc, d - 1) + ")";
            case 6 -> "abs(" + realExpr(sc, d - 1) + ")";
            case 7 -> "round(" + realExpr(sc, d - 1) + (rnd.nextBoolean() ? ", 0" : "") + ")";
            case 8 -> "CAST(" + intExpr(sc, d - 1) + " AS REAL)";
            case 9 ->
                "CASE WHEN " + bool(sc, d - 1) + " THEN " + realExpr(sc, d - 1)
                        + (rnd.nextBoolean() ? " ELSE " + realExpr(sc, d - 1) : "") + " END";
            case 10 -> "coalesce(" + realExpr(sc, d - 1) + ", " + realExpr(sc, d - 1) + ")";
            case 11 -> "nullif(" + realExpr(sc, d - 1) + ", " + realExpr(sc, d - 1) + ")";
            case 12 -> "(" + realExpr(sc, d - 1) + " * " + realExpr(sc, d - 1) + ")";
            // round() of an INTEGER stays INTEGER in Nabla (as in DuckDB) but is REAL in SQLite: only REAL arguments
            case 13 ->
                sc.subqueries() && sc.subDepth() < 2
                        ? subqueryValue(sc, Type.REAL)
                        : "round(" + realExpr(sc, d - 1) + ")";
            default -> aggregate(sc.rowScope(), Type.REAL);
        };
    }

    private String textExpr(Scope sc, int d) {
        if (d <= 0 || rnd.nextInt(10) < 3) return leaf(sc, Type.TEXT);
        int k = rnd.nextInt(sc.rowScope() != null ? 14 : 13);
        return switch (k) {
            case 0 -> "upper(" + textExpr(sc, d - 1) + ")";
            case 1 -> "lower(" + textExpr(sc, d - 1) + ")";
            case 2 -> "substr(" + textExpr(sc, d - 1) + ", " + (rnd.nextInt(7) - 2) + ")";
            case 3 -> "substr(" + textExpr(sc, d - 1) + ", " + (rnd.nextInt(7) - 2) + ", " + rnd.nextInt(4) + ")";
            case 4, 5 -> "(" + textExpr(sc, d - 1) + " || " + textExpr(sc, d - 1) + ")";
            case 6 ->
                "CASE WHEN " + bool(sc, d - 1) + " THEN " + textExpr(sc, d - 1)
                        + (rnd.nextBoolean() ? " ELSE " + textExpr(sc, d - 1) : "") + " END";
            case 7 -> "coalesce(" + textExpr(sc, d - 1) + ", " + textExpr(sc, d - 1) + ")";
            case 8 -> "nullif(" + textExpr(sc, d - 1) + ", " + textExpr(sc, d - 1) + ")";
            case 9 ->
                switch (rnd.nextInt(3)) {
                    case 0 -> "trim(" + textExpr(sc, d - 1) + ")";
                    case 1 -> "ltrim(" + textExpr(sc, d - 1) + ")";
                    default -> "rtrim(" + textExpr(sc, d - 1) + ")";
                };
            // non-NULL literals: SQLite's replace(x, '', NULL) is x, a strict function's is NULL
            case 10 -> "replace(" + textExpr(sc, d - 1) + ", " + word() + ", " + word() + ")";
            case 11 ->
                rnd.nextBoolean()
                        ? "CASE " + intExpr(sc, d - 1) + " WHEN " + literal(Type.INT) + " THEN " + textExpr(sc, d - 1)
                                + " END"
                        : "CAST(" + intExpr(sc, d - 1) + " AS TEXT)";
            case 12 ->
                sc.subqueries() && sc.subDepth() < 2
                        ? subqueryValue(sc, Type.TEXT)
                        : "ifnull(" + textExpr(sc, d - 1) + ", 'none')";
            default -> aggregate(sc.rowScope(), Type.TEXT);
        };
    }

    private String word() {
        return DiffSchema.literal(DiffSchema.WORDS[rnd.nextInt(DiffSchema.WORDS.length)]);
    }

    private String cmpOp() {
        return switch (rnd.nextInt(6)) {
            case 0 -> "=";
            case 1 -> "<>";
            case 2 -> "<";
            case 3 -> "<=";
            case 4 -> ">";
            default -> ">=";
        };
    }

    String bool(Scope sc, int d) {
        int k = d <= 0 ? rnd.nextInt(6) : rnd.nextInt(15);
        Type t = anyValueType();
        return switch (k) {
            case 0, 1, 2 -> expr(sc, t, Math.max(0, d - 1)) + " " + cmpOp() + " " + expr(sc, t, Math.max(0, d - 1));
            case 3 -> expr(sc, t, Math.max(0, d - 1)) + (rnd.nextBoolean() ? " IS NULL" : " IS NOT NULL");
            case 4 -> {
                Type n = rnd.nextBoolean() ? Type.INT : Type.REAL;
                yield expr(sc, n, Math.max(0, d - 1)) + (rnd.nextInt(3) == 0 ? " NOT" : "") + " BETWEEN " + literal(n)
                        + " AND " + literal(n);
            }
            case 5 -> {
                List<String> vals = new ArrayList<>();
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) vals.add(rnd.nextInt(8) == 0 ? "NULL" : literal(t));
                yield expr(sc, t, Math.max(0, d - 1)) + (rnd.nextInt(3) == 0 ? " NOT" : "") + " IN ("
                        + String.join(", ", vals) + ")";
            }
            case 6, 7 -> "(" + bool(sc, d - 1) + " AND " + bool(sc, d - 1) + ")";
            case 8, 9 -> "(" + bool(sc, d - 1) + " OR " + bool(sc, d - 1) + ")";
            case 10 -> "NOT (" + bool(sc, d - 1) + ")";
            case 11 ->
                "lower(" + textExpr(sc, d - 1) + ")" + (rnd.nextInt(3) == 0 ? " NOT" : "") + " LIKE '" + likePattern()
                        + "'";
            case 12 ->
                expr(sc, t, d - 1)
                        + (rnd.nextBoolean() ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ")
                        + expr(sc, t, d - 1);
            case 13 -> sc.subqueries() && sc.subDepth() < 2 ? subqueryBool(sc) : "(" + bool(sc, d - 1) + ") IS NULL";
            default ->
                "CASE WHEN " + bool(sc, d - 1) + " THEN " + bool(sc, d - 1) + " ELSE " + bool(sc, d - 1) + " END";
        };
    }

    private String likePattern() {
        String[] parts = {"a", "b", "%", "_", "x", "ab", "%b%", "", "o"};
        StringBuilder p = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) p.append(parts[rnd.nextInt(parts.length)]);
        return p.toString();
    }

    // ---------------------------------------------------------------- subqueries

    /** A scope for a subquery over {@code t} AS alias that may also see (correlate with) the outer terms. */
    private Scope inner(Scope outer, Table t, String alias, boolean correlate) {
        List<Term> terms = new ArrayList<>(columnsOf(t, alias));
        if (correlate) {
            for (Term term : outer.terms()) if (term.sql().contains(".")) terms.add(term);
        }
        return new Scope(terms, null, outer.subDepth() < 1, outer.subDepth() + 1);
    }

    private String correlation(Scope outer, String alias, Table t) {
        List<Term> ints = new ArrayList<>();
        for (Term term : outer.terms())
            if (term.type() == Type.INT && term.sql().contains(".")) ints.add(term);
        if (ints.isEmpty()) return null;
        String o = ints.get(rnd.nextInt(ints.size())).sql();
        return alias + "." + (rnd.nextBoolean() ? "a" : "id") + " " + (rnd.nextInt(3) == 0 ? cmpOp() : "=") + " " + o;
    }

    private String subWhere(Scope outer, Table t, String alias, Scope in) {
        String corr = rnd.nextInt(3) > 0 ? correlation(outer, alias, t) : null;
        String extra = rnd.nextBoolean() ? bool(in.noSubqueries(), 1) : null;
        if (corr == null && extra == null) return "";
        if (corr == null) return " WHERE " + extra;
        if (extra == null) return " WHERE " + corr;
        return " WHERE " + corr + " AND " + extra;
    }

    private String subqueryValue(Scope outer, Type t) {
        Table st = table();
        String alias = alias();
        Scope in = inner(outer, st, alias, true);
        Scope rowOnly = new Scope(columnsOf(st, alias), null, false, 0);
        String where = subWhere(outer, st, alias, in);
        if (rnd.nextInt(4) == 0) {
            // LIMIT 1 under an ORDER BY that ends in the unique id: one well-defined row
            return "(SELECT " + expr(in.noSubqueries(), t, 1) + " FROM " + st.name() + " AS " + alias + where
                    + " ORDER BY " + alias + ".id" + dir() + " LIMIT 1)";
        }
        String agg = t == Type.INT && rnd.nextInt(3) == 0 ? "count(*)" : aggregate(rowOnly, t);
        return "(SELECT " + agg + " FROM " + st.name() + " AS " + alias + where + ")";
    }

    private String subqueryBool(Scope outer) {
        Table st = table();
        String alias = alias();
        Scope in = inner(outer, st, alias, true);
        String where = subWhere(outer, st, alias, in);
        return switch (rnd.nextInt(3)) {
            case 0 ->
                (rnd.nextInt(3) == 0 ? "NOT " : "") + "EXISTS (SELECT 1 FROM " + st.name() + " AS " + alias + where
                        + ")";
            default -> {
                Type t = rnd.nextInt(3) == 0 ? Type.TEXT : Type.INT;
                String lhs = expr(outer.noSubqueries(), t, 1);
                String col = t == Type.TEXT ? alias + ".s" : alias + (rnd.nextBoolean() ? ".a" : ".id");
                yield lhs + (rnd.nextInt(3) == 0 ? " NOT IN " : " IN ") + "(SELECT " + col + " FROM " + st.name()
                        + " AS " + alias + where + ")";
            }
        };
    }
}
