package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.catalog.AttachedSchema;
import dev.nabla.engine.catalog.Catalog;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.ForeignKey;
import dev.nabla.engine.catalog.IndexEntry;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.catalog.TableChecks;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.engine.io.IoRegistry;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.BoundStatement.ColumnSpec;
import dev.nabla.plan.bound.CatalogReader.ViewDefinition;
import dev.nabla.plan.expr.Expr;
import dev.nabla.storage.ColumnDef;
import dev.nabla.storage.DataType;
import dev.nabla.storage.NamedOnlyType;
import dev.nabla.storage.ScalarType;
import dev.nabla.storage.Schema;
import dev.nabla.storage.Table;
import dev.nabla.storage.UniqueKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Catalog statements of a writing session: each builds a new catalog state and makes it the
 * session's working state, which the session publishes on commit or drops on failure.
 */
final class DdlRunner {
    private final Session session;

    DdlRunner(Session session) {
        this.session = session;
    }

    private CatalogState working() {
        return session.working();
    }

    private void change(CatalogState next) {
        session.setWorking(next);
    }

    private long version() {
        return session.database().nextVersion();
    }

    void checkNewName(String schema, String name) {
        if (schema != null && !schema.equalsIgnoreCase(Catalog.MAIN)) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED, "cannot create objects in schema " + schema + " (only main is writable)");
        }
        if (working().table(name) != null)
            throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "table \"" + name + "\" already exists");
        if (working().view(name) != null)
            throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "view \"" + name + "\" already exists");
    }

    boolean exists(String name) {
        return working().table(name) != null || working().view(name) != null;
    }

    /**
     * CREATE OR REPLACE TABLE: an existing table of that name is dropped first, as DROP TABLE would drop it (not
     * while another table's foreign key references it); a view of that name is an error, as in DuckDB.
     */
    void replaceTable(String schema, String name) {
        if (schema != null && !schema.equalsIgnoreCase(Catalog.MAIN)) checkNewName(schema, name);
        if (working().view(name) != null)
            throw new NablaException(ErrorCode.TYPE_MISMATCH, "\"" + name + "\" is a view: use CREATE OR REPLACE VIEW");
        if (working().table(name) != null) dropTables(new BoundStatement.DropTable(List.of(name), false, null));
    }

    Result createTable(BoundStatement.CreateTable c) {
        if (c.orReplace()) replaceTable(c.schema(), c.name());
        if (c.ifNotExists() && exists(c.name())) return Result.ok("CREATE TABLE");
        checkNewName(c.schema(), c.name());
        List<ColumnDef> defs = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        for (ColumnSpec s : c.columns()) {
            boolean pk = s.primaryKey() || c.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(s.name()));
            defs.add(new ColumnDef(s.name(), s.type(), s.notNull() || pk, pk, s.limit()));
            defaults.add(s.defaultValue());
        }
        for (String k : c.primaryKey()) {
            if (defs.stream().noneMatch(d -> d.name().equalsIgnoreCase(k))) {
                throw new NablaException(
                        ErrorCode.UNKNOWN_COLUMN, "primary key column " + k + " is not a column of " + c.name());
            }
        }
        List<UniqueKey> uniques = new ArrayList<>();
        for (BoundStatement.UniqueSpec u : c.uniques()) {
            int[] cols = new int[u.columns().size()];
            for (int i = 0; i < cols.length; i++) {
                String col = u.columns().get(i);
                cols[i] = java.util.stream.IntStream.range(0, defs.size())
                        .filter(k -> defs.get(k).name().equalsIgnoreCase(col))
                        .findFirst()
                        .orElseThrow(() -> new NablaException(
                                ErrorCode.UNKNOWN_COLUMN, "column \"" + col + "\" named in key does not exist"));
            }
            uniques.add(new UniqueKey(u.name(), cols));
        }
        Schema schema = new Schema(defs);
        List<ForeignKey> fks = new ArrayList<>();
        for (BoundStatement.ForeignKeySpec f : c.foreignKeys()) fks.add(foreignKey(c.name(), schema, uniques, f));
        Table table = new Table(c.name(), schema, uniques);
        TableChecks checks = c.checks().isEmpty() ? TableChecks.NONE : new TableChecks(c.row(), c.checks());
        change(working().withTable(version(), new StoredTable(table, defaults, checks, fks)));
        // last, once nothing can fail: the identity columns' sequences (not transactional, see Sequences)
        for (ColumnSpec s : c.columns()) {
            BoundStatement.IdentitySpec id = s.identity();
            if (id != null)
                session.database()
                        .sequences()
                        .createOwned(id.sequence(), id.start(), id.increment(), c.name(), id.always());
        }
        return Result.ok("CREATE TABLE");
    }

    /** CREATE SEQUENCE and DROP SEQUENCE: at once, whatever becomes of the transaction (see Sequences). */
    Result sequenceDdl(BoundStatement.SequenceDdl d) {
        dev.nabla.engine.catalog.Sequences sequences = session.database().sequences();
        if (d.create()) {
            String name = bareName(d.names().get(0));
            if (working().table(name) != null || working().view(name) != null)
                throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "relation \"" + name + "\" already exists");
            sequences.create(name, d.start(), d.increment(), d.min(), d.max(), d.ifFlag(), null, false);
            return Result.ok("CREATE SEQUENCE");
        }
        for (String n : d.names()) {
            String name = bareName(n);
            if (sequences.get(name) == null && !d.ifFlag())
                throw new NablaException(ErrorCode.UNKNOWN_TABLE, "sequence \"" + name + "\" does not exist");
        }
        for (String n : d.names()) sequences.drop(bareName(n));
        return Result.ok("DROP SEQUENCE");
    }

    /**
     * A FOREIGN KEY resolved against its parent (the new table itself for a self-reference): the
     * referenced columns must be the parent's PRIMARY KEY or one of its UNIQUE constraints.
     */
    private ForeignKey foreignKey(
            String child, Schema schema, List<UniqueKey> uniques, BoundStatement.ForeignKeySpec f) {
        boolean self = f.parent().equalsIgnoreCase(child);
        StoredTable parentTable = self ? null : working().table(f.parent());
        if (!self && parentTable == null) {
            if (working().view(f.parent()) != null)
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH, "referenced relation \"" + f.parent() + "\" is not a table");
            throw new NablaException(ErrorCode.UNKNOWN_TABLE, "table \"" + f.parent() + "\" does not exist");
        }
        Schema ps = self ? schema : parentTable.schema();
        List<int[]> keys = new ArrayList<>();
        if (ps.hasPrimaryKey()) keys.add(ps.primaryKey());
        for (UniqueKey u : self ? uniques : parentTable.table().uniqueKeys()) keys.add(u.columns());
        int[] parentCols;
        if (f.parentColumns().isEmpty()) {
            if (!ps.hasPrimaryKey()) {
                throw new NablaException(
                        ErrorCode.INVALID_ARGUMENT,
                        "there is no primary key for referenced table \"" + f.parent() + "\"");
            }
            parentCols = ps.primaryKey();
        } else {
            parentCols = new int[f.parentColumns().size()];
            for (int i = 0; i < parentCols.length; i++) {
                parentCols[i] = ps.indexOf(f.parentColumns().get(i));
                if (parentCols[i] < 0) {
                    throw new NablaException(
                            ErrorCode.UNKNOWN_COLUMN,
                            "column \"" + f.parentColumns().get(i)
                                    + "\" referenced in foreign key constraint does not exist");
                }
            }
        }
        int[] sorted = parentCols.clone();
        java.util.Arrays.sort(sorted);
        boolean keyed = keys.stream().anyMatch(k -> {
            int[] ks = k.clone();
            java.util.Arrays.sort(ks);
            return java.util.Arrays.equals(ks, sorted);
        });
        if (!keyed) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "there is no unique constraint matching given keys for referenced table \"" + f.parent() + "\"");
        }
        if (parentCols.length != f.columns().size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "number of referencing and referenced columns for foreign key disagree");
        }
        int[] cols = new int[parentCols.length];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = schema.indexOf(f.columns().get(i));
            boolean numeric = isNumeric(schema.type(cols[i])) && isNumeric(ps.type(parentCols[i]));
            if (!numeric && !schema.type(cols[i]).equals(ps.type(parentCols[i]))) {
                throw new NablaException(
                        ErrorCode.TYPE_MISMATCH,
                        "foreign key constraint \"" + f.name() + "\": column " + schema.name(cols[i]) + " ("
                                + schema.type(cols[i]).sqlName() + ") cannot reference " + f.parent() + "."
                                + ps.name(parentCols[i]) + " ("
                                + ps.type(parentCols[i]).sqlName() + ")");
            }
        }
        return new ForeignKey(f.name(), cols, self ? child : parentTable.name(), parentCols);
    }

    private static boolean isNumeric(DataType t) {
        return switch (t) {
            case ScalarType.INTEGER, ScalarType.BIGINT, ScalarType.REAL, ScalarType.DOUBLE -> true;
            case ScalarType.NULL,
                    ScalarType.BOOLEAN,
                    ScalarType.VARCHAR,
                    ScalarType.DATE,
                    ScalarType.TIMESTAMP,
                    ScalarType.TIME,
                    ScalarType.TIMESTAMP_TZ,
                    ScalarType.BLOB,
                    ScalarType.UUID -> false;
            case dev.nabla.storage.ArrayType a -> false;
            case dev.nabla.storage.ListType l -> false;
            case dev.nabla.storage.DecimalType d -> true;
            case NamedOnlyType namedOnly -> throw DataType.unsupported(namedOnly);
        };
    }

    /** Tables (other than {@code parent} itself) with a FOREIGN KEY referencing {@code parent}. */
    static List<StoredTable> referencing(CatalogState state, String parent) {
        List<StoredTable> out = new ArrayList<>();
        for (StoredTable t : state.tables()) {
            if (t.name().equalsIgnoreCase(parent)) continue;
            for (ForeignKey f : t.foreignKeys()) {
                if (f.parent().equalsIgnoreCase(parent)) {
                    out.add(t);
                    break;
                }
            }
        }
        return out;
    }

    Result dropTables(BoundStatement.DropTable d) {
        for (int i = 0; i < d.names().size(); i++) {
            String bare = bareName(d.names().get(i));
            Span at = d.spans().get(i);
            for (StoredTable child : referencing(working(), bare)) {
                boolean droppedToo =
                        d.names().stream().anyMatch(n -> bareName(n).equalsIgnoreCase(child.name()));
                if (!droppedToo) {
                    throw new NablaException(
                            ErrorCode.FOREIGN_KEY_VIOLATION,
                            at,
                            "cannot drop table \"" + bare + "\": foreign key constraint \""
                                    + child.foreignKeys().stream()
                                            .filter(f -> f.parent().equalsIgnoreCase(bare))
                                            .findFirst()
                                            .orElseThrow()
                                            .name()
                                    + "\" of table \"" + child.name() + "\" references it (drop \"" + child.name()
                                    + "\" first)");
                }
            }
            if (working().table(bare) == null) {
                if (working().view(bare) != null) {
                    throw new NablaException(ErrorCode.TYPE_MISMATCH, at, "\"" + bare + "\" is a view: use DROP VIEW");
                }
                if (d.ifExists()) continue;
                throw new NablaException(ErrorCode.UNKNOWN_TABLE, at, "table \"" + bare + "\" does not exist");
            }
            change(working().withoutTable(version(), bare));
        }
        return Result.ok("DROP TABLE");
    }

    Result createView(BoundStatement.CreateView v) {
        // main.v is v (a view named in an attached database arrives as main.v)
        String name = bareName(v.name());
        if (exists(name)) {
            if (v.ifNotExists()) return Result.ok("CREATE VIEW");
            if (!(v.orReplace() && working().view(name) != null)) checkNewName(null, name);
        }
        change(working().withView(version(), new ViewDefinition(name, v.columnNames(), v.query(), v.sql())));
        return Result.ok("CREATE VIEW");
    }

    Result dropViews(BoundStatement.DropView d) {
        for (int i = 0; i < d.names().size(); i++) {
            String bare = bareName(d.names().get(i));
            Span at = d.spans().get(i);
            if (working().view(bare) == null) {
                if (working().table(bare) != null) {
                    throw new NablaException(
                            ErrorCode.TYPE_MISMATCH, at, "\"" + bare + "\" is a table: use DROP TABLE");
                }
                if (d.ifExists()) continue;
                throw new NablaException(ErrorCode.UNKNOWN_TABLE, at, "view \"" + bare + "\" does not exist");
            }
            change(working().withoutView(version(), bare));
        }
        return Result.ok("DROP VIEW");
    }

    Result createIndex(BoundStatement.CreateIndex c) {
        if (working().index(c.name()) != null) {
            if (c.ifNotExists()) return Result.ok("CREATE INDEX");
            throw new NablaException(
                    ErrorCode.DUPLICATE_OBJECT, c.nameSpan(), "index \"" + c.name() + "\" already exists");
        }
        StoredTable t = working().table(bareName(c.table()));
        if (t == null)
            throw new NablaException(
                    ErrorCode.UNKNOWN_TABLE, c.tableSpan(), "table \"" + c.table() + "\" does not exist");
        for (String col : c.columns()) {
            if (t.schema().indexOf(col) < 0) {
                throw new NablaException(
                        ErrorCode.UNKNOWN_COLUMN,
                        c.tableSpan(),
                        "column \"" + col + "\" does not exist in table " + t.name());
            }
        }
        change(working().withIndex(version(), new IndexEntry(c.name(), t.name(), c.columns(), c.unique())));
        return Result.ok("CREATE INDEX");
    }

    Result dropIndex(BoundStatement.DropIndex d) {
        if (working().index(d.name()) == null) {
            if (d.ifExists()) return Result.ok("DROP INDEX");
            throw new NablaException(ErrorCode.UNKNOWN_TABLE, d.span(), "index \"" + d.name() + "\" does not exist");
        }
        change(working().withoutIndex(version(), d.name()));
        return Result.ok("DROP INDEX");
    }

    /** The table name without its schema; only the main schema can be changed. */
    static String bareName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) return name;
        String schema = name.substring(0, dot);
        if (!schema.equalsIgnoreCase(Catalog.MAIN)) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED, "cannot change objects in schema " + schema + " (only main is writable)");
        }
        return name.substring(dot + 1);
    }

    Result attach(BoundStatement.Attach a) {
        if (working().schema(a.name()) != null || a.name().equalsIgnoreCase(Catalog.MAIN)) {
            throw new NablaException(ErrorCode.DUPLICATE_OBJECT, "schema \"" + a.name() + "\" already exists");
        }
        String type = IoRegistry.formatOf(a.path(), a.options(), Span.NONE);
        Map<String, ScannableSource> tables = type.equals("nabla")
                ? attachDatabaseFile(a)
                : session.database().io().attacher(type, Span.NONE).attach(a.path(), a.options());
        change(working().withSchema(version(), new AttachedSchema(a.name(), a.path(), tables)));
        return Result.ok("ATTACH");
    }

    /**
     * {@code ATTACH 'other.nabla' AS o (READ_ONLY)}: the file's committed tables as they are now, read through
     * {@code o.table}. The file is opened read-only, read whole (every column, lazy ones too) and released at once, so
     * other processes may write it afterwards; this schema keeps the state it read.
     */
    private Map<String, ScannableSource> attachDatabaseFile(BoundStatement.Attach a) {
        boolean readOnly = false;
        for (Map.Entry<String, Object> o : a.options().entrySet()) {
            switch (o.getKey()) {
                case "read_only" -> readOnly = !Boolean.FALSE.equals(o.getValue());
                case "type", "format" -> {
                    /* chose this path */
                }
                default ->
                    throw new NablaException(
                            ErrorCode.INVALID_ARGUMENT,
                            "ATTACH of a Nabla database file: unknown option '" + o.getKey() + "' (known: READ_ONLY)");
            }
        }
        if (!readOnly)
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    "ATTACH of a Nabla database file is read-only for now: ATTACH '" + a.path() + "' AS " + a.name()
                            + " (READ_ONLY); to write it, open it (.open, Nabla.open, jdbc:nabla:file:)");
        java.nio.file.Path file =
                java.nio.file.Path.of(a.path()).toAbsolutePath().normalize();
        java.nio.file.Path own = session.database().file();
        if (own != null && own.equals(file))
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT, "cannot ATTACH " + file + ": it is this session's own database");
        Database other = Nabla.openReadOnly(file);
        try {
            Map<String, ScannableSource> out = new java.util.LinkedHashMap<>();
            // only as sources to scan: a StoredTable is also a WritableTable, and INSERT INTO o.t must be refused
            for (StoredTable t : other.committed().tables()) {
                // the file is released below: read the columns open left on disk (docs/storage.md, Lazy columns)
                dev.nabla.storage.TableImages.loadAll(dev.nabla.storage.TableImages.current(t.table()));
                out.put(t.name(), new ReadOnlyTable(t));
            }
            return out;
        } finally {
            other.close();
        }
    }

    /** A table of an attached database file, readable and nothing else. */
    record ReadOnlyTable(StoredTable table) implements ScannableSource {
        @Override
        public String name() {
            return table.name();
        }

        @Override
        public List<String> columnNames() {
            return table.columnNames();
        }

        @Override
        public List<DataType> columnTypes() {
            return table.columnTypes();
        }

        @Override
        public long estimatedRows() {
            return table.estimatedRows();
        }

        @Override
        public long distinctValues(int column) {
            return table.distinctValues(column);
        }

        @Override
        public dev.nabla.plan.logical.ColumnStats columnStats(int column) {
            return table.columnStats(column);
        }

        @Override
        public java.util.Iterator<dev.nabla.storage.Batch> scan(
                List<Integer> columns,
                boolean withRowIds,
                Expr pushedFilter,
                List<dev.nabla.plan.logical.Column> scanOutput,
                dev.nabla.engine.exec.ExecContext ctx) {
            return table.scan(columns, withRowIds, pushedFilter, scanOutput, ctx);
        }
    }

    Result detach(BoundStatement.Detach d) {
        if (working().schema(d.name()) == null)
            throw new NablaException(ErrorCode.UNKNOWN_TABLE, "schema \"" + d.name() + "\" is not attached");
        change(working().withoutSchema(version(), d.name()));
        return Result.ok("DETACH");
    }
}
