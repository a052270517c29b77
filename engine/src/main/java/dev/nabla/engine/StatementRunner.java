package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.catalog.AttachedSchema;
import dev.nabla.engine.catalog.Catalog;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.exec.QueryExecutor;
import dev.nabla.engine.exec.QueryResult;
import dev.nabla.engine.exec.op.OperatorStats;
import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.engine.exec.op.PhysicalPlanner;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.CatalogReader.ViewDefinition;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnDef;
import dev.nabla.storage.DataType;
import dev.nabla.storage.Schema;
import dev.nabla.storage.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Executes one planned statement for a session. Write statements run while the session holds the
 * writer lock and a storage transaction (the session undoes everything if this throws); the
 * catalog changes they make go to the session's working catalog state. This class dispatches on the
 * statement and runs plans ({@link #stream}, {@link #materialize}, EXPLAIN ANALYZE's profile); the
 * statements themselves are in {@link DmlRunner}, {@link DdlRunner}, {@link ExplainRunner} and
 * {@link CopyRunner}, with queries, SHOW/DESCRIBE and the DDL that copies rows (CTAS, ALTER TABLE,
 * unique indexes) here.
 */
final class StatementRunner {
    private final Session session;
    private final StatementContext ctx;
    private final Planned planned;
    private final DdlRunner ddl;
    private final DmlRunner dml;
    private final ExplainRunner explain;
    private final CopyRunner copy;
    /** Set while EXPLAIN ANALYZE runs its statement: plans are then built with per-operator counters. */
    private Map<LogicalPlan, OperatorStats> profile;
    /** EXPLAIN ANALYZE: the profiled physical plans that ran, in order. */
    private List<PhysicalNode> profiledRoots;

    StatementRunner(Session session, StatementContext ctx, Planned planned) {
        this.session = session;
        this.ctx = ctx;
        this.planned = planned;
        this.ddl = new DdlRunner(session);
        this.dml = new DmlRunner(session, this);
        this.explain = new ExplainRunner(this);
        this.copy = new CopyRunner(session, this, dml);
    }

    /**
     * Whether {@code b} changes the catalog or table data and so runs under the database's writer lock.
     * Exhaustive on purpose (no default): a new kind of statement must say whether it writes.
     */
    static boolean isWrite(BoundStatement b) {
        return switch (b) {
            case BoundStatement.Insert x -> true;
            case BoundStatement.Update x -> true;
            case BoundStatement.Delete x -> true;
            case BoundStatement.Merge x -> true;
            case BoundStatement.CreateTable x -> true;
            case BoundStatement.CreateTableAs x -> true;
            case BoundStatement.DropTable x -> true;
            case BoundStatement.CreateView x -> true;
            case BoundStatement.DropView x -> true;
            case BoundStatement.CreateIndex x -> true;
            case BoundStatement.DropIndex x -> true;
            case BoundStatement.SequenceDdl x -> true;
            case BoundStatement.Truncate x -> true;
            case BoundStatement.AlterTable x -> true;
            case BoundStatement.CopyFrom x -> true;
            case BoundStatement.Attach x -> true;
            case BoundStatement.Detach x -> true;
            // under the writer lock, so that the checkpoint sees no commit half done
            case BoundStatement.Checkpoint x -> true;
            case BoundStatement.Explain e -> e.analyze() && isWrite(e.inner());
            case BoundStatement.Query x -> false;
            case BoundStatement.CopyTo x -> false;
            // run by the session as a series of statements, each taking the locks it needs
            case BoundStatement.ExportDatabase x -> false;
            case BoundStatement.ImportDatabase x -> false;
            case BoundStatement.ShowTables x -> false;
            case BoundStatement.ShowSetting x -> false;
            case BoundStatement.Describe x -> false;
            case BoundStatement.SetOption x -> false;
            // transaction control: the session handles these before taking any lock
            case BoundStatement.Begin x -> false;
            case BoundStatement.SetTransaction x -> false;
            case BoundStatement.Commit x -> false;
            case BoundStatement.Rollback x -> false;
            case BoundStatement.Savepoint x -> false;
            case BoundStatement.RollbackToSavepoint x -> false;
            case BoundStatement.ReleaseSavepoint x -> false;
        };
    }

    Result run() {
        return run(planned.bound());
    }

    private Result run(BoundStatement b) {
        return switch (b) {
            case BoundStatement.Query q -> query(q);
            case BoundStatement.Insert i -> dml.insert(i);
            case BoundStatement.Update u -> dml.update(u);
            case BoundStatement.Delete d -> dml.delete(d);
            case BoundStatement.Merge m -> dml.merge(m);
            case BoundStatement.CreateTable c -> ddl.createTable(c);
            case BoundStatement.CreateTableAs c -> createTableAs(c);
            case BoundStatement.DropTable d -> ddl.dropTables(d);
            case BoundStatement.CreateView v -> ddl.createView(v);
            case BoundStatement.DropView d -> ddl.dropViews(d);
            case BoundStatement.CreateIndex c -> createIndex(c);
            case BoundStatement.DropIndex d -> dropIndex(d);
            case BoundStatement.SequenceDdl s -> ddl.sequenceDdl(s);
            case BoundStatement.Truncate t -> dml.truncate(t);
            case BoundStatement.AlterTable a -> alterTable(a);
            case BoundStatement.SetOption s -> {
                session.settings().set(s.name(), s.value(), Span.NONE);
                yield Result.ok("SET");
            }
            case BoundStatement.Explain e -> explain.explain(e);
            case BoundStatement.ShowTables s -> showTables();
            case BoundStatement.ShowSetting s -> showSetting(s.name());
            case BoundStatement.Describe d -> describe(d.target());
            case BoundStatement.CopyFrom c -> copy.copyFrom(c);
            case BoundStatement.CopyTo c -> copy.copyTo(c);
            case BoundStatement.Attach a -> ddl.attach(a);
            case BoundStatement.Detach d -> ddl.detach(d);
            case BoundStatement.Checkpoint c -> {
                session.database().checkpointLocked();
                yield Result.ok("CHECKPOINT");
            }
            case BoundStatement.Begin x -> throw new NablaException(ErrorCode.INTERNAL, "BEGIN handled by the session");
            case BoundStatement.ExportDatabase x ->
                throw new NablaException(ErrorCode.INTERNAL, "EXPORT DATABASE handled by the session");
            case BoundStatement.ImportDatabase x ->
                throw new NablaException(ErrorCode.INTERNAL, "IMPORT DATABASE handled by the session");
            case BoundStatement.SetTransaction x ->
                throw new NablaException(ErrorCode.INTERNAL, "SET TRANSACTION handled by the session");
            case BoundStatement.Commit x ->
                throw new NablaException(ErrorCode.INTERNAL, "COMMIT handled by the session");
            case BoundStatement.Rollback x ->
                throw new NablaException(ErrorCode.INTERNAL, "ROLLBACK handled by the session");
            case BoundStatement.Savepoint x ->
                throw new NablaException(ErrorCode.INTERNAL, "SAVEPOINT handled by the session");
            case BoundStatement.RollbackToSavepoint x ->
                throw new NablaException(ErrorCode.INTERNAL, "ROLLBACK TO handled by the session");
            case BoundStatement.ReleaseSavepoint x ->
                throw new NablaException(ErrorCode.INTERNAL, "RELEASE handled by the session");
        };
    }

    // ------------------------------------------------------------------ execution

    void stream(LogicalPlan plan, java.util.function.Consumer<Batch> sink) {
        // plans of the prepared statement keep their physical plan; ones built per execution (CTAS, COPY) don't
        if (profile != null) {
            PhysicalNode root = Pipeline.profiled(plan, profile, QueryExecutor.optionsOf(ctx));
            profiledRoots.add(root);
            Pipeline.execute(root, ctx, sink);
            return;
        }
        boolean prepared = planned.bound().plans().stream().anyMatch(p -> p == plan);
        PhysicalPlanner.Options options = QueryExecutor.optionsOf(ctx);
        Pipeline.execute(prepared ? planned.physical(plan, options) : Pipeline.physical(plan, options), ctx, sink);
    }

    /** Runs a plan and keeps its result (copied: the executor's batches are only valid during the callback). */
    QueryResult materialize(LogicalPlan plan) {
        List<Batch> batches = new ArrayList<>();
        long[] rows = {0};
        stream(plan, b -> {
            reserve("result buffer", Batches.bytes(b));
            batches.add(Batches.copy(b));
            rows[0] += b.count;
        });
        return new QueryResult(plan.output(), batches, rows[0]);
    }

    /**
     * Reserves memory the statement keeps until it ends (result buffers, rows written to a table) from the
     * database's budget; fails the statement with 53200 naming {@code operator} past {@code memory_limit}.
     */
    void reserve(String operator, long bytes) {
        ctx.memory().reserve(operator, bytes, session::checkCancelled);
    }

    /** What EXPLAIN ANALYZE ran: the statement's result, the profiled physical plans in order, the wall time. */
    record Profiled(Result result, List<PhysicalNode> ran, double millis) {}

    /** Runs {@code b} with each operator of the plans it runs counting into a profile (the prepared plan is left alone). */
    Profiled runProfiled(BoundStatement b) {
        profile = new IdentityHashMap<>();
        profiledRoots = new ArrayList<>();
        List<PhysicalNode> ran = profiledRoots;
        long start = System.nanoTime();
        Result r;
        try {
            r = run(b);
        } finally {
            profile = null;
            profiledRoots = null;
        }
        return new Profiled(r, ran, (System.nanoTime() - start) / 1e6);
    }

    StatementContext context() {
        return ctx;
    }

    /** EXPLAIN GRAD's lines: the statement's derivative expansions. */
    List<String> gradReport() {
        return planned.gradReport();
    }

    // ------------------------------------------------------------------ queries

    private Result query(BoundStatement.Query q) {
        QueryResult r = materialize(q.plan());
        List<DataType> types = new ArrayList<>();
        for (Column c : r.columns()) types.add(c.type());
        List<String> names = q.columnNames().size() == types.size()
                ? q.columnNames()
                : r.columns().stream().map(Column::name).toList();
        List<Result.@Nullable ColumnOrigin> origins = origins(q.plan(), r.columns());
        return Result.rows(names, types, blankPadded(r.batches(), origins)).withOrigins(origins);
    }

    /**
     * The result's batches with each column read unchanged from a {@code CHAR(n)} column padded with blanks to n,
     * as PostgreSQL outputs one (stored without them: see {@link dev.nabla.storage.ColumnLimit#blankPadded}).
     */
    private static List<Batch> blankPadded(List<Batch> batches, List<Result.@Nullable ColumnOrigin> origins) {
        boolean any = false;
        for (Result.ColumnOrigin o : origins) any |= o != null && o.charLength() > 0;
        if (!any) return batches;
        List<Batch> out = new ArrayList<>(batches.size());
        for (Batch b : batches) {
            dev.nabla.storage.ColumnVector[] cols = b.columns.clone();
            for (int c = 0; c < cols.length && c < origins.size(); c++) {
                Result.ColumnOrigin o = origins.get(c);
                if (o != null && o.charLength() > 0) cols[c] = Vectors.blankPadded(cols[c], o.charLength());
            }
            Batch p = new Batch(cols, b.count);
            p.selection = b.selection;
            out.add(p);
        }
        return out;
    }

    /**
     * For each output column, the stored table column it is (a column keeps its id while it passes
     * through unchanged, so it is the scan's column with that id), for JDBC's getTableName and
     * isNullable. Any outer join in the plan may turn a NOT NULL column into NULLs, so it then
     * leaves every origin nullable.
     */
    private static List<Result.@Nullable ColumnOrigin> origins(LogicalPlan plan, List<Column> out) {
        Map<Integer, Result.ColumnOrigin> base = new HashMap<>();
        boolean outer = collectOrigins(plan, base);
        List<Result.@Nullable ColumnOrigin> origins = new ArrayList<>();
        for (Column c : out) {
            Result.ColumnOrigin o = base.get(c.id());
            origins.add(
                    o == null
                            ? null
                            : outer ? new Result.ColumnOrigin(o.table(), o.column(), false, o.charLength()) : o);
        }
        return origins;
    }

    /** Collects the stored tables' scanned columns by id; whether the plan has an outer join. */
    private static boolean collectOrigins(LogicalPlan plan, Map<Integer, Result.ColumnOrigin> base) {
        boolean outer = plan instanceof dev.nabla.plan.logical.Join j
                && (j.type() == dev.nabla.plan.logical.JoinType.LEFT
                        || j.type() == dev.nabla.plan.logical.JoinType.RIGHT
                        || j.type() == dev.nabla.plan.logical.JoinType.FULL);
        if (plan instanceof Scan s && s.source() instanceof StoredTable t) {
            Schema schema = t.schema();
            for (int i = 0; i < s.columnIndexes().size(); i++) {
                int index = s.columnIndexes().get(i);
                base.put(
                        s.output().get(i).id(),
                        new Result.ColumnOrigin(
                                t.name(),
                                schema.name(index),
                                schema.isNotNull(index),
                                schema.column(index).limit() != null
                                                && schema.column(index).limit().blankPadded()
                                        ? schema.column(index).limit().maxLength()
                                        : -1));
            }
        }
        for (LogicalPlan in : plan.inputs()) outer |= collectOrigins(in, base);
        return outer;
    }

    // ------------------------------------------------------------------ ALTER TABLE (DDL + copy)

    private Result alterTable(BoundStatement.AlterTable a) {
        TableAlteration alt;
        try {
            alt = TableAlteration.plan(session.working(), a);
        } catch (NablaException e) {
            throw e.at(a.span()); // the rest is about the column or the action: the whole statement
        }
        if (alt == null) return Result.ok("ALTER TABLE");
        session.setWorking(alt.apply(session.working(), session.database()::nextVersion));
        dml.insert(
                alt.to(),
                Pipeline.optimize(
                        Planner.withChecks(alt.to(), Planner.insertRows(alt.to(), alt.targetColumns(), alt.scanOld()))),
                false,
                null);
        return Result.ok("ALTER TABLE");
    }

    /** A unique index is enforced: its table is rebuilt with the index's key ({@link UniqueIndexes}). */
    private Result createIndex(BoundStatement.CreateIndex c) {
        if (!c.unique() || session.working().index(c.name()) != null) return ddl.createIndex(c);
        rebuildWithKeys(UniqueIndexes.create(session.working(), c));
        return Result.ok("CREATE INDEX");
    }

    private Result dropIndex(BoundStatement.DropIndex d) {
        dev.nabla.engine.catalog.IndexEntry i = session.working().index(d.name());
        if (i == null || !i.unique()) return ddl.dropIndex(d);
        rebuildWithKeys(UniqueIndexes.drop(session.working(), i));
        return Result.ok("DROP INDEX");
    }

    /** Swaps in the replacement and copies the rows: they already meet its CHECKs and FOREIGN KEYs, only the keys are new. */
    private void rebuildWithKeys(TableAlteration alt) {
        session.setWorking(alt.apply(session.working(), session.database()::nextVersion));
        StoredTable keysOnly = new StoredTable(alt.to().table(), alt.to().defaults());
        dml.insert(
                keysOnly,
                Pipeline.optimize(Planner.insertRows(keysOnly, alt.targetColumns(), alt.scanOld())),
                false,
                null);
    }

    // ------------------------------------------------------------------ CREATE TABLE AS (DDL + insert)

    private Result createTableAs(BoundStatement.CreateTableAs c) {
        // the query's plan already holds the table it reads, so CREATE OR REPLACE TABLE t AS … FROM t reads the old t
        if (c.orReplace()) ddl.replaceTable(c.schema(), c.name());
        if (c.ifNotExists() && ddl.exists(c.name())) return Result.ok("CREATE TABLE");
        ddl.checkNewName(c.schema(), c.name());
        List<Column> out = c.source().output();
        List<ColumnDef> defs = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            String name = i < c.columnNames().size()
                    ? c.columnNames().get(i)
                    : out.get(i).name();
            DataType type = out.get(i).type() == DataType.NULL
                    ? DataType.INTEGER
                    : out.get(i).type();
            defs.add(new ColumnDef(name, type));
            all.add(i);
        }
        StoredTable t = new StoredTable(new Table(c.name(), new Schema(defs, new int[0])), null);
        session.setWorking(session.working().withTable(session.database().nextVersion(), t));
        long n = dml.insert(t, Pipeline.optimize(Planner.insertRows(t, all, c.source())), false, null);
        return Result.count(n, "CREATE TABLE");
    }

    // ------------------------------------------------------------------ SHOW, DESCRIBE

    /** {@code SHOW name}: one row, one VARCHAR column named after the setting (as PostgreSQL answers). */
    private Result showSetting(String name) {
        if (!Settings.known().contains(name)) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "unknown setting " + name + " (known settings: " + String.join(", ", Settings.known()) + ")");
        }
        // the text SHOW ALL and current_setting() print: on/off for every switch, a size for memory_limit
        String text = String.valueOf(Settings.display(name, session.settings().get(name)));
        return Vectors.stringsResult(List.of(name), List.<String[]>of(new String[] {text}));
    }

    private Result showTables() {
        CatalogState s = session.visibleCatalog();
        // (name, schema, type) rows; name stays first: shells complete from column 0
        List<String[]> rows = new ArrayList<>();
        for (StoredTable t : s.tables()) rows.add(new String[] {t.name(), Catalog.MAIN, "table"});
        for (ViewDefinition v : s.views()) rows.add(new String[] {v.name(), Catalog.MAIN, "view"});
        for (AttachedSchema a : s.schemas())
            for (String t : a.tables().keySet()) rows.add(new String[] {t, a.name(), "table"});
        rows.sort(java.util.Comparator.<String[], Boolean>comparing(r -> !r[1].equals(Catalog.MAIN))
                .thenComparing(r -> r[1], String.CASE_INSENSITIVE_ORDER)
                .thenComparing(r -> r[0], String.CASE_INSENSITIVE_ORDER));
        String[] name = new String[rows.size()], schema = new String[rows.size()], type = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            name[i] = rows.get(i)[0];
            schema[i] = rows.get(i)[1];
            type[i] = rows.get(i)[2];
        }
        return Vectors.stringsResult(List.of("name", "schema", "type"), List.of(name, schema, type));
    }

    private Result describe(TableSource target) {
        List<String> names = target.columnNames();
        List<DataType> types = target.columnTypes();
        int n = names.size();
        String[] col = new String[n],
                type = new String[n],
                nul = new String[n],
                key = new String[n],
                def = new String[n];
        Schema schema = target instanceof StoredTable t ? t.schema() : null;
        for (int i = 0; i < n; i++) {
            col[i] = names.get(i);
            type[i] = types.get(i).sqlName();
            nul[i] = schema != null && schema.isNotNull(i) ? "NO" : "YES";
            key[i] = schema != null && schema.isPrimaryKeyColumn(i) ? "PRI" : null;
            Expr d = target instanceof StoredTable t ? t.defaultOf(i) : null;
            def[i] = d == null ? null : d.toSql();
        }
        return Vectors.stringsResult(
                List.of("column_name", "column_type", "null", "key", "default"), List.of(col, type, nul, key, def));
    }
}
