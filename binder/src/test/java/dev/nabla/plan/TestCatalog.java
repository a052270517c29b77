package dev.nabla.plan;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.parser.Parser;
import dev.nabla.parser.ast.Query;
import dev.nabla.plan.bound.CatalogReader;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.ColumnStats;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.plan.logical.WritableTable;
import dev.nabla.storage.DataType;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A small in-memory catalog for binder and optimizer tests. */
public final class TestCatalog implements CatalogReader {
    /** A writable table without defaults or CHECK constraints. */
    public record Table(
            String name,
            List<String> columnNames,
            List<DataType> columnTypes,
            long estimatedRows,
            Map<String, Long> distinct,
            Map<String, ColumnStats> stats)
            implements WritableTable {
        public Table(String name, List<String> columnNames, List<DataType> columnTypes, long estimatedRows) {
            this(name, columnNames, columnTypes, estimatedRows, Map.of(), Map.of());
        }

        @Override
        public long distinctValues(int column) {
            return distinct.getOrDefault(columnNames.get(column), -1L);
        }

        @Override
        public ColumnStats columnStats(int column) {
            ColumnStats s = stats.get(columnNames.get(column));
            return s != null ? s : WritableTable.super.columnStats(column);
        }

        @Override
        public Expr defaultOf(int column) {
            return null;
        }

        @Override
        public List<String> checkNames() {
            return List.of();
        }

        @Override
        public List<Expr> checksOver(List<Column> row) {
            return List.of();
        }
    }

    private final Map<String, Table> tables = new HashMap<>();
    private final Map<String, ViewDefinition> views = new HashMap<>();

    public static TestCatalog standard() {
        TestCatalog c = new TestCatalog();
        c.table("t", 100, "a INTEGER", "b DOUBLE", "c VARCHAR", "d DATE");
        c.table("u", 50, "a INTEGER", "x DOUBLE", "y DOUBLE");
        c.table("emp", 1000, "id INTEGER", "name VARCHAR", "dept INTEGER", "salary DOUBLE", "hired TIMESTAMP");
        c.table("dept", 10, "id INTEGER", "name VARCHAR");
        c.table("pts", 500, "x DOUBLE", "y DOUBLE", "w DOUBLE", "g INTEGER");
        long[] sizes = {1000, 10, 500, 20, 5000, 3};
        for (int i = 1; i <= 6; i++) c.table("r" + i, sizes[i - 1], "k" + i + " INTEGER", "v" + i + " INTEGER");
        // a star with a many-to-many edge between its dimensions (as customer-supplier on nationkey in TPC-H q5)
        c.tableWithStats("fact", 1_000_000, Map.of("fa", 100_000L, "fb", 1000L), "fa INTEGER", "fb INTEGER");
        c.tableWithStats("dima", 100_000, Map.of("aid", 100_000L, "ag", 5L), "aid INTEGER", "ag INTEGER");
        c.tableWithStats("dimb", 1000, Map.of("bid", 1000L, "bg", 5L), "bid INTEGER", "bg INTEGER");
        // TPC-H q2's shape in miniature: a selective filter on part, a milder one on supplier
        c.tableWithColumnStats(
                "part",
                200_000,
                Map.of("p_partkey", new ColumnStats(200_000, 0, 1, 200_000), "p_size", new ColumnStats(50, 0, 1, 50)),
                "p_partkey BIGINT",
                "p_size INTEGER");
        c.tableWithColumnStats(
                "partsupp",
                800_000,
                Map.of(
                        "ps_partkey", new ColumnStats(200_000, 0, 1, 200_000),
                        "ps_suppkey", new ColumnStats(10_000, 0, 1, 10_000)),
                "ps_partkey BIGINT",
                "ps_suppkey BIGINT");
        c.tableWithColumnStats(
                "supplier",
                10_000,
                Map.of(
                        "s_suppkey", new ColumnStats(10_000, 0, 1, 10_000),
                        "s_nationkey", new ColumnStats(25, 0, 0, 24),
                        "s_comment", new ColumnStats(9_000, 0.5, Double.NaN, Double.NaN)),
                "s_suppkey BIGINT",
                "s_nationkey BIGINT",
                "s_comment VARCHAR");
        // a DATE column with statistics (in days since 1970-01-01: 1992-01-02 .. 1998-12-01), as l_shipdate
        c.tableWithColumnStats(
                "shipments",
                6_000_000,
                Map.of("sh_date", new ColumnStats(2526, 0, 8036, 10561)),
                "sh_date DATE",
                "sh_qty DOUBLE");
        c.view("v1", List.of(), "SELECT a, b * 2 AS b2 FROM t");
        c.view("v2", List.of("p", "q"), "SELECT x, x * x FROM pts");
        return c;
    }

    public void table(String name, long rows, String... cols) {
        List<String> names =
                java.util.Arrays.stream(cols).map(s -> s.split(" ")[0]).toList();
        List<DataType> types = java.util.Arrays.stream(cols)
                .map(s -> DataType.fromSqlName(s.split(" ", 2)[1]))
                .toList();
        tables.put(name, new Table(name, names, types, rows));
    }

    /** A table whose columns have distinct-value estimates (for join ordering). */
    public void tableWithStats(String name, long rows, Map<String, Long> distinct, String... cols) {
        table(name, rows, cols);
        Table t = tables.get(name);
        tables.put(name, new Table(name, t.columnNames(), t.columnTypes(), rows, distinct, Map.of()));
    }

    /** A table whose columns have full statistics: distinct counts, NULL fractions, ranges (for cardinality estimates). */
    public void tableWithColumnStats(String name, long rows, Map<String, ColumnStats> stats, String... cols) {
        table(name, rows, cols);
        Table t = tables.get(name);
        tables.put(name, new Table(name, t.columnNames(), t.columnTypes(), rows, Map.of(), stats));
    }

    public void view(String name, List<String> cols, String sql) {
        Query q = Parser.parseQuery(sql);
        views.put(name, new ViewDefinition(name, cols, q, sql));
    }

    @Override
    public Optional<TableSource> table(String schema, String name) {
        if (schema != null && !schema.equalsIgnoreCase("main")) return Optional.empty();
        return Optional.ofNullable(tables.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Optional<ViewDefinition> view(String schema, String name) {
        if (schema != null && !schema.equalsIgnoreCase("main")) return Optional.empty();
        return Optional.ofNullable(views.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public TableSource tableFunction(String name, List<Object> args, Map<String, Object> namedArgs, Span span) {
        if (name.equals("generate_series")) {
            if (args.size() != 2)
                throw new NablaException(ErrorCode.INVALID_ARGUMENT, span, "generate_series expects 2 arguments");
            long from = ((Number) args.get(0)).longValue(), to = ((Number) args.get(1)).longValue();
            return new Table(
                    "generate_series(" + from + ", " + to + ")",
                    List.of("generate_series"),
                    List.of(DataType.BIGINT),
                    to - from + 1);
        }
        throw new NablaException(ErrorCode.UNKNOWN_FUNCTION, span, "unknown table function " + name);
    }

    @Override
    public Object setting(String name) {
        return null;
    }
}
