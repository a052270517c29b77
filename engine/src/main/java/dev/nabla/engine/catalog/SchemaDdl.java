package dev.nabla.engine.catalog;

import dev.nabla.common.Span;
import dev.nabla.engine.exec.ExecContext;
import dev.nabla.parser.ast.SqlWriter;
import dev.nabla.plan.bound.BoundStatement.CheckSpec;
import dev.nabla.plan.bound.CatalogReader.ViewDefinition;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.expr.Literal;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnDef;
import dev.nabla.storage.DataType;
import dev.nabla.storage.Schema;
import dev.nabla.storage.UniqueKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The catalog as the DDL that rebuilds it: every table with its columns, types, NOT NULL, DEFAULT, PRIMARY KEY,
 * UNIQUE, CHECK and FOREIGN KEY constraints (by their names), its indexes, then the views as {@code CREATE VIEW}
 * with their text as written. Tables come parents first (a foreign key's table before the table that references
 * it), each followed by its indexes (a foreign key may reference a unique index's columns); views come after all
 * tables, each after the views it reads. With data, each table's rows follow its CREATE TABLE as INSERTs whose
 * values are SQL literals that read back as the same values (NaN and ±Infinity, -0.0, BLOBs, dates and
 * timestamps included). The shell's {@code .schema}/{@code .dump} print this through {@code nabla_ddl()}.
 */
public final class SchemaDdl {
    /** Rows per INSERT statement of a dump. */
    static final int ROWS_PER_INSERT = 500;

    private SchemaDdl() {}

    /**
     * One statement of the rebuild script: its kind (table, data, index, view), the object's name, the relation it
     * belongs to (an index's table; the table or view itself otherwise) and the SQL (ending in ';').
     */
    public record Item(String kind, String name, String relation, String sql) {}

    /** The DDL of {@code state}; with {@code ctx} (non-null) the data too, read from the statement's snapshot. */
    public static List<Item> script(CatalogState state, ExecContext ctx) {
        return script(state, ctx, new Sequences());
    }

    /**
     * As {@link #script(CatalogState, ExecContext)}, with identity columns as {@code GENERATED … AS IDENTITY} (their
     * sequences are in {@code sequences}). With data, the INSERTs of a table with a GENERATED ALWAYS identity say
     * {@code OVERRIDING SYSTEM VALUE} (so they may give its values) and its sequence is set after the rows with
     * {@code SELECT setval(…)}, as pg_dump does.
     */
    public static List<Item> script(CatalogState state, ExecContext ctx, Sequences sequences) {
        List<Item> out = new ArrayList<>();
        Map<String, List<IndexEntry>> indexes = new LinkedHashMap<>();
        for (IndexEntry i : state.indexes())
            indexes.computeIfAbsent(i.table().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(i);
        for (StoredTable t : tablesInOrder(state)) {
            List<IndexEntry> own = indexes.getOrDefault(t.name().toLowerCase(Locale.ROOT), List.of());
            out.add(new Item("table", t.name(), t.name(), createTable(t, own, state, sequences, false)));
            if (ctx != null) {
                boolean always = false;
                for (int c = 0; c < t.schema().width(); c++) {
                    Sequences.Sequence seq = sequences.identityOf(t, c);
                    always |= seq != null && seq.always();
                }
                for (String insert : inserts(t, ctx, always)) out.add(new Item("data", t.name(), t.name(), insert));
                for (int c = 0; c < t.schema().width(); c++) {
                    Sequences.Sequence seq = sequences.identityOf(t, c);
                    if (seq != null && seq.isCalled())
                        out.add(new Item(
                                "data",
                                t.name(),
                                t.name(),
                                "SELECT setval('" + seq.name().replace("'", "''") + "', " + seq.lastValue() + ");"));
                }
            }
            for (IndexEntry i : own) out.add(new Item("index", i.name(), t.name(), createIndex(i)));
        }
        for (ViewDefinition v : viewsInOrder(state)) out.add(new Item("view", v.name(), v.name(), createView(v)));
        return out;
    }

    /** {@code CREATE TABLE …;} with every constraint; a unique index's key is left to its CREATE UNIQUE INDEX. */
    public static String createTable(StoredTable t, List<IndexEntry> indexes, CatalogState state) {
        return createTable(t, indexes, state, new Sequences(), false);
    }

    /**
     * As {@link #createTable(StoredTable, List, CatalogState)}, with declared types ({@code VARCHAR(5)}) and identity
     * columns; {@code byDefault} writes a GENERATED ALWAYS identity as BY DEFAULT (for a dump whose rows give it).
     */
    static String createTable(
            StoredTable t, List<IndexEntry> indexes, CatalogState state, Sequences sequences, boolean byDefault) {
        Schema s = t.schema();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < s.width(); i++) {
            ColumnDef c = s.column(i);
            StringBuilder sb = new StringBuilder(ident(c.name()))
                    .append(' ')
                    .append(c.limit() != null ? c.limit().sqlName() : c.type().sqlName());
            Sequences.Sequence identity = sequences.identityOf(t, i);
            if (identity != null) {
                sb.append(identity.always() && !byDefault ? " GENERATED ALWAYS" : " GENERATED BY DEFAULT")
                        .append(" AS IDENTITY");
                boolean plain = identity.start() == (identity.increment() > 0 ? 1 : -1) && identity.increment() == 1;
                if (!plain)
                    sb.append(" (START WITH ")
                            .append(identity.start())
                            .append(" INCREMENT BY ")
                            .append(identity.increment())
                            .append(")");
                parts.add(sb.toString());
                continue;
            }
            if (c.notNull() && !s.isPrimaryKeyColumn(i)) sb.append(" NOT NULL");
            Expr d = t.defaultOf(i);
            if (d != null) sb.append(" DEFAULT ").append(d.toSql());
            parts.add(sb.toString());
        }
        if (s.hasPrimaryKey()) parts.add("PRIMARY KEY " + columns(s, s.primaryKey()));
        Set<String> indexNames = new HashSet<>();
        for (IndexEntry i : indexes) indexNames.add(i.name().toLowerCase(Locale.ROOT));
        for (UniqueKey u : t.table().uniqueKeys()) {
            if (indexNames.contains(u.name().toLowerCase(Locale.ROOT))) continue;
            parts.add("CONSTRAINT " + ident(u.name()) + " UNIQUE " + columns(s, u.columns()));
        }
        List<CheckSpec> checks = t.checks().checks();
        for (CheckSpec ch : checks)
            parts.add("CONSTRAINT " + ident(ch.name()) + " CHECK ("
                    + ch.condition().toSql() + ")");
        for (ForeignKey fk : t.foreignKeys()) {
            StoredTable parent = fk.parent().equalsIgnoreCase(t.name()) ? t : state.table(fk.parent());
            parts.add("CONSTRAINT " + ident(fk.name()) + " FOREIGN KEY " + columns(s, fk.columns()) + " REFERENCES "
                    + ident(parent.name()) + " " + columns(parent.schema(), fk.parentColumns()));
        }
        return "CREATE TABLE " + ident(t.name()) + " (" + String.join(", ", parts) + ");";
    }

    /** {@code CREATE [UNIQUE] INDEX name ON table (columns);}. */
    public static String createIndex(IndexEntry i) {
        List<String> cols = i.columns().stream().map(SchemaDdl::ident).toList();
        return "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + ident(i.name()) + " ON " + ident(i.table()) + " ("
                + String.join(", ", cols) + ");";
    }

    /** {@code CREATE VIEW name [(columns)] AS query;} with the query as it was written. */
    public static String createView(ViewDefinition v) {
        String cols = v.columnNames().isEmpty()
                ? ""
                : " ("
                        + String.join(
                                ", ",
                                v.columnNames().stream().map(SchemaDdl::ident).toList()) + ")";
        String sql = v.sql().strip();
        while (sql.endsWith(";")) sql = sql.substring(0, sql.length() - 1).strip();
        return "CREATE VIEW " + ident(v.name()) + cols + " AS " + sql + ";";
    }

    /** The table's rows as INSERT statements of at most {@link #ROWS_PER_INSERT} rows each. */
    static List<String> inserts(StoredTable t, ExecContext ctx, boolean overriding) {
        List<String> out = new ArrayList<>();
        List<DataType> types = t.columnTypes();
        List<Integer> all = IntStream.range(0, types.size()).boxed().toList();
        // a GENERATED ALWAYS identity keeps its values through OVERRIDING SYSTEM VALUE, as pg_dump writes it
        String head = "INSERT INTO " + ident(t.name()) + (overriding ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES ";
        StringBuilder sb = new StringBuilder(head);
        int rows = 0;
        Iterator<Batch> it = t.scan(all, false, null, null, ctx);
        while (it.hasNext()) {
            Batch b = it.next();
            for (int r = 0; r < b.count; r++) {
                if (rows > 0) sb.append(", ");
                sb.append('(');
                for (int c = 0; c < types.size(); c++) {
                    if (c > 0) sb.append(", ");
                    sb.append(literal(b.columns[c].getObject(b.selection == null ? r : b.selection[r]), types.get(c)));
                }
                sb.append(')');
                if (++rows == ROWS_PER_INSERT) {
                    out.add(sb.append(';').toString());
                    sb = new StringBuilder(head);
                    rows = 0;
                }
            }
        }
        if (rows > 0) out.add(sb.append(';').toString());
        return out;
    }

    /** A value as a SQL literal that reads back as the same value of {@code type}. */
    static String literal(Object v, DataType type) {
        if (v instanceof Double d && d == 0 && 1 / d < 0) return "CAST('-0.0' AS " + type.sqlName() + ")";
        String sql = new Literal(v, type, Span.NONE).toSql();
        // a bare number is INTEGER or DOUBLE as written; the column's type converts it on INSERT
        return sql;
    }

    private static String columns(Schema s, int[] cols) {
        List<String> names = new ArrayList<>();
        for (int c : cols) names.add(ident(s.name(c)));
        return "(" + String.join(", ", names) + ")";
    }

    static String ident(String name) {
        return SqlWriter.ident(name, !name.equals(name.toLowerCase(Locale.ROOT)));
    }

    /** Parents before children (by foreign key), otherwise by name; a cycle (ALTER-made) keeps name order. */
    static List<StoredTable> tablesInOrder(CatalogState state) {
        List<StoredTable> left = new ArrayList<>(state.tables());
        left.sort(Comparator.comparing(StoredTable::name, String.CASE_INSENSITIVE_ORDER));
        List<StoredTable> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (!left.isEmpty()) {
            StoredTable next = null;
            for (StoredTable t : left) {
                boolean ready = true;
                for (ForeignKey fk : t.foreignKeys()) {
                    String p = fk.parent().toLowerCase(Locale.ROOT);
                    if (!p.equals(t.name().toLowerCase(Locale.ROOT)) && !done.contains(p)) ready = false;
                }
                if (ready) {
                    next = t;
                    break;
                }
            }
            if (next == null) next = left.getFirst();
            left.remove(next);
            done.add(next.name().toLowerCase(Locale.ROOT));
            out.add(next);
        }
        return out;
    }

    /** Each view after the views its text names (as a whole word), otherwise by name. */
    static List<ViewDefinition> viewsInOrder(CatalogState state) {
        List<ViewDefinition> left = new ArrayList<>(state.views());
        left.sort(Comparator.comparing(ViewDefinition::name, String.CASE_INSENSITIVE_ORDER));
        List<ViewDefinition> out = new ArrayList<>();
        while (!left.isEmpty()) {
            ViewDefinition next = null;
            for (ViewDefinition v : left) {
                boolean ready = true;
                for (ViewDefinition other : left) if (other != v && mentions(v.sql(), other.name())) ready = false;
                if (ready) {
                    next = v;
                    break;
                }
            }
            if (next == null) next = left.getFirst();
            left.remove(next);
            out.add(next);
        }
        return out;
    }

    private static boolean mentions(String sql, String name) {
        return Pattern.compile("(?i)(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])")
                .matcher(sql)
                .find();
    }
}
