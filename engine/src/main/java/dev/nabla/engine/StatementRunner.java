package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.catalog.AttachedSchema;
import dev.nabla.engine.catalog.Catalog;
import dev.nabla.engine.catalog.CatalogState;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.catalog.TableChecks;
import dev.nabla.engine.exec.QueryExecutor;
import dev.nabla.engine.exec.QueryResult;
import dev.nabla.engine.exec.ScannableSource;
import dev.nabla.engine.exec.op.OperatorStats;
import dev.nabla.engine.exec.op.PhysicalNode;
import dev.nabla.engine.exec.op.PhysicalPlanPrinter;
import dev.nabla.engine.exec.op.PhysicalPlanner;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.engine.io.IoRegistry;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.bound.CatalogReader.ViewDefinition;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Scan;
import dev.nabla.plan.logical.TableSource;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnDef;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.Schema;
import dev.nabla.storage.Table;
import dev.nabla.storage.TableSnapshot;
import dev.nabla.storage.TableWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Executes one planned statement for a session. Write statements run while the session holds the
 * writer lock and a storage transaction (the session undoes everything if this throws); the
 * catalog changes they make go to the session's working catalog state.
 */
final class StatementRunner {
    private final Session session;
    private final StatementContext ctx;
    private final Planned planned;
    private final DdlRunner ddl;
    /** Set while EXPLAIN ANALYZE runs its statement: plans are then built with per-operator counters. */
    private Map<LogicalPlan, OperatorStats> profile;
    /** EXPLAIN ANALYZE: the profiled physical plans that ran, in order. */
    private List<PhysicalNode> profiledRoots;

    StatementRunner(Session session, StatementContext ctx, Planned planned) {
        this.session = session;
        this.ctx = ctx;
        this.planned = planned;
        this.ddl = new DdlRunner(session);
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
            case BoundStatement.ShowTables x -> false;
            case BoundStatement.ShowSetting x -> false;
            case BoundStatement.Describe x -> false;
            case BoundStatement.SetOption x -> false;
            // transaction control: the session handles these before taking any lock
            case BoundStatement.Begin x -> false;
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
            case BoundStatement.Insert i -> insert(i);
            case BoundStatement.Update u -> update(u);
            case BoundStatement.Delete d -> delete(d);
            case BoundStatement.Merge m -> merge(m);
            case BoundStatement.CreateTable c -> ddl.createTable(c);
            case BoundStatement.CreateTableAs c -> createTableAs(c);
            case BoundStatement.DropTable d -> ddl.dropTables(d);
            case BoundStatement.CreateView v -> ddl.createView(v);
            case BoundStatement.DropView d -> ddl.dropViews(d);
            case BoundStatement.CreateIndex c -> createIndex(c);
            case BoundStatement.DropIndex d -> dropIndex(d);
            case BoundStatement.SequenceDdl s -> ddl.sequenceDdl(s);
            case BoundStatement.Truncate t -> truncate(t);
            case BoundStatement.AlterTable a -> alterTable(a);
            case BoundStatement.SetOption s -> {
                session.settings().set(s.name(), s.value(), Span.NONE);
                yield Result.ok("SET");
            }
            case BoundStatement.Explain e -> explain(e);
            case BoundStatement.ShowTables s -> showTables();
            case BoundStatement.ShowSetting s -> showSetting(s.name());
            case BoundStatement.Describe d -> describe(d.target());
            case BoundStatement.CopyFrom c -> copyFrom(c);
            case BoundStatement.CopyTo c -> copyTo(c);
            case BoundStatement.Attach a -> ddl.attach(a);
            case BoundStatement.Detach d -> ddl.detach(d);
            case BoundStatement.Checkpoint c -> {
                session.database().checkpointLocked();
                yield Result.ok("CHECKPOINT");
            }
            case BoundStatement.Begin x -> throw new NablaException(ErrorCode.INTERNAL, "BEGIN handled by the session");
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

    private void stream(LogicalPlan plan, java.util.function.Consumer<Batch> sink) {
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
    private QueryResult materialize(LogicalPlan plan) {
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
    private void reserve(String operator, long bytes) {
        ctx.memory().reserve(operator, bytes, session::checkCancelled);
    }

    // ------------------------------------------------------------------ queries

    private Result query(BoundStatement.Query q) {
        QueryResult r = materialize(q.plan());
        List<DataType> types = new ArrayList<>();
        for (Column c : r.columns()) types.add(c.type());
        List<String> names = q.columnNames().size() == types.size()
                ? q.columnNames()
                : r.columns().stream().map(Column::name).toList();
        return Result.rows(names, types, r.batches()).withOrigins(origins(q.plan(), r.columns()));
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
            origins.add(o == null ? null : outer ? new Result.ColumnOrigin(o.table(), o.column(), false) : o);
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
                        new Result.ColumnOrigin(t.name(), schema.name(index), schema.isNotNull(index)));
            }
        }
        for (LogicalPlan in : plan.inputs()) outer |= collectOrigins(in, base);
        return outer;
    }

    // ------------------------------------------------------------------ DML

    private Result insert(BoundStatement.Insert i) {
        StoredTable t = (StoredTable) i.target();
        List<Batch> returned = i.returning() == null ? null : new ArrayList<>();
        long n = i.onConflict() != null
                ? insertOnConflict(
                        t,
                        i.onConflict(),
                        i.returning(),
                        materialize(i.source()).batches(),
                        returned)
                : insert(t, i.source(), i.orReplace(), returned);
        if (returned == null) return Result.count(n, "INSERT");
        return Result.returned(i.returning().names(), i.returning().types(), returned);
    }

    /**
     * INSERT … ON CONFLICT: rows are taken in order; one whose key (any key, or the conflict target's)
     * is already present — stored before, or inserted earlier by this statement — is skipped (DO NOTHING)
     * or turns into an update of the row holding the key (DO UPDATE, applied once every row is placed;
     * a row may be affected only once per statement, as in PostgreSQL). {@code batches} are the insert
     * rows: table columns, then RETURNING columns, then CHECK columns. Returns the rows inserted or updated.
     */
    private long insertOnConflict(
            StoredTable t,
            BoundStatement.OnConflict oc,
            BoundStatement.Returning r,
            List<Batch> batches,
            List<Batch> returned) {
        TableWriter w = session.transaction().writer(t.table());
        int width = t.columnNames().size();
        int checks = t.checks().size();
        // the keys a row can conflict on: the target's, or every key without a target
        List<int[]> keys = new ArrayList<>();
        List<Integer> keyIds = new ArrayList<>();
        for (int k = 0; k < w.keyCount(); k++) {
            int[] cols = w.keyColumns(k);
            if (oc.target().isEmpty() || sameColumns(cols, oc.target())) {
                keys.add(cols);
                keyIds.add(k);
            }
        }
        if (keys.isEmpty() && !oc.target().isEmpty()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "there is no PRIMARY KEY or UNIQUE constraint on " + t.name()
                            + " matching the ON CONFLICT columns");
        }
        java.util.Set<Long> touched = oc.doNothing() ? null : new java.util.HashSet<>();
        List<Long> conflictIds = new ArrayList<>();
        List<Batch> excluded = new ArrayList<>();
        long n = 0;
        for (Batch src : batches) {
            if (src.count == 0) continue;
            Batch one = new Batch(src.columns, 1);
            one.selection = new int[1];
            Batch oneRow = columns(one, 0, width);
            Batch phys = new Batch(src.columns, src.count);
            int[] inserted = new int[src.count], conflicting = new int[src.count];
            int ni = 0, nc = 0;
            for (int i = 0; i < src.count; i++) {
                int row = src.row(i);
                long hit = -1;
                for (int k = 0; k < keys.size() && hit < 0; k++)
                    hit = w.lookupKey(keyIds.get(k), keyOf(src, row, keys.get(k)));
                if (hit < 0) {
                    one.selection[0] = row;
                    checkIntegers(t, oneRow);
                    if (checks > 0) verifyChecks(t, one, src.width() - checks);
                    w.append(oneRow);
                    if (!t.foreignKeys().isEmpty()) foreignKeys().checkChildRows(t, oneRow);
                    inserted[ni++] = row;
                    if (touched != null && !keys.isEmpty()) {
                        long id = w.lookupKey(keyIds.get(0), keyOf(src, row, keys.get(0)));
                        if (id >= 0) touched.add(id);
                    }
                } else if (touched != null) {
                    if (!touched.add(hit)) {
                        throw new NablaException(
                                ErrorCode.CARDINALITY,
                                "ON CONFLICT DO UPDATE command cannot affect row a second time"
                                        + " (rows proposed for insertion have the same key)");
                    }
                    conflictIds.add(hit);
                    conflicting[nc++] = row;
                }
            }
            n += ni;
            if (returned != null && ni > 0)
                returned.add(columns(Batches.select(phys, inserted, ni), width, src.width() - checks));
            if (nc > 0) excluded.add(columns(Batches.select(phys, conflicting, nc), 0, width));
        }
        if (!conflictIds.isEmpty()) n += updateOnConflict(t, w, oc, r, conflictIds, excluded, returned);
        return n;
    }

    /** DO UPDATE of the rows {@code ids} (in order), {@code excluded} holding the proposed rows in the same order. */
    private long updateOnConflict(
            StoredTable t,
            TableWriter w,
            BoundStatement.OnConflict oc,
            BoundStatement.Returning r,
            List<Long> ids,
            List<Batch> excluded,
            List<Batch> returned) {
        int width = t.columnNames().size();
        TableSnapshot snap = w.snapshot();
        List<Batch> input = new ArrayList<>();
        int at = 0;
        for (Batch x : excluded) {
            ColumnVector[] cols = new ColumnVector[2 * width + 1];
            long[] rowIds = new long[x.count];
            for (int i = 0; i < x.count; i++) rowIds[i] = ids.get(at + i);
            at += x.count;
            for (int c = 0; c < width; c++) {
                cols[c] = storedColumn(snap, rowIds, c, t.columnTypes().get(c));
                cols[width + c] = x.columns[c];
            }
            cols[2 * width] = ColumnVector.ofLongs(DataType.BIGINT, rowIds, null, 0);
            input.add(new Batch(cols, x.count));
        }
        List<String> names = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        List<Column> scanOut = new ArrayList<>(oc.existing());
        scanOut.addAll(oc.excluded());
        int id = 0;
        for (Column c : scanOut) {
            names.add(c.name());
            types.add(c.type());
            id = Math.max(id, c.id());
        }
        List<Expr> used = new ArrayList<>(oc.setValues());
        if (oc.where() != null) used.add(oc.where());
        if (r != null) used.addAll(r.exprs());
        id = Math.max(id, dev.nabla.plan.logical.PlanExprs.maxColumnId(new dev.nabla.plan.logical.SingleRow(), used))
                + 1;
        Column rowId = new Column(id++, "rowid", null, DataType.BIGINT, false);
        scanOut.add(rowId);
        names.add("rowid");
        types.add(DataType.BIGINT);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < scanOut.size(); i++) idx.add(i);
        LogicalPlan scan = new Scan(new BatchSource(names, types, input), idx, scanOut, null, null);
        // the new row: SET columns take their values, the others keep the stored ones
        Map<Integer, Expr> newRow = new HashMap<>();
        List<Expr> newValues = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            int k = oc.setColumns().indexOf(c);
            Expr v = k >= 0
                    ? Planner.coerce(oc.setValues().get(k), t.columnTypes().get(c))
                    : oc.existing().get(c).ref();
            newValues.add(v);
        }
        List<Expr> exprs = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        exprs.add(rowId.ref());
        out.add(rowId);
        for (int c : oc.setColumns()) {
            exprs.add(newValues.get(c));
            out.add(new Column(
                    id++, t.columnNames().get(c), null, t.columnTypes().get(c), true));
        }
        exprs.add(
                oc.where() == null
                        ? new dev.nabla.plan.expr.Literal(true, DataType.BOOLEAN, Span.NONE)
                        : Planner.coerce(oc.where(), DataType.BOOLEAN));
        out.add(new Column(id++, "where", null, DataType.BOOLEAN, true));
        for (Expr ch : t.checks().conditionsOverExprs(newValues)) {
            exprs.add(Planner.coerce(ch, DataType.BOOLEAN));
            out.add(new Column(id++, "check", null, DataType.BOOLEAN, true));
        }
        if (r != null) {
            for (int c = 0; c < width; c++) newRow.put(r.row().get(c).id(), newValues.get(c));
            for (int k = 0; k < r.exprs().size(); k++) {
                Expr e = TableChecks.substitute(r.exprs().get(k), newRow);
                exprs.add(e);
                out.add(new Column(id++, r.names().get(k), null, e.type(), true));
            }
        }
        int nset = oc.setColumns().size();
        int[] setColumns = oc.setColumns().stream().mapToInt(Integer::intValue).toArray();
        int whereAt = 1 + nset,
                checksAt = whereAt + 1,
                returningAt = checksAt + t.checks().size();
        long n = 0;
        for (Batch b : materialize(Pipeline.optimize(new dev.nabla.plan.logical.Project(scan, exprs, out)))
                .batches()) {
            ColumnVector where = b.columns[whereAt];
            int[] sel = new int[b.count];
            int m = 0;
            for (int i = 0; i < b.count; i++) {
                int row = b.row(i);
                if (where.type != DataType.NULL && !where.isNull(row) && where.getLong(row) != 0) sel[m++] = row;
            }
            if (m == 0) continue;
            Batch u = Batches.select(new Batch(b.columns, b.count), sel, m);
            if (t.checks().size() > 0) verifyChecks(t, u, checksAt);
            long[] rowIds = Vectors.longs(u.columns[0], u);
            for (int k = 0; k < nset; k++) {
                int c = oc.setColumns().get(k);
                ColumnVector values = u.columns[1 + k];
                Vectors.checkColumn(
                        t.schema().column(c),
                        values,
                        null,
                        m,
                        t.name() + "." + t.columnNames().get(c));
                w.update(rowIds, m, c, values);
            }
            if (!t.foreignKeys().isEmpty()) foreignKeys().checkChildRowIds(t, rowIds, m, setColumns);
            if (returned != null) returned.add(columns(u, returningAt, u.width()));
            n += m;
        }
        if (n > 0 && foreignKeys().isReferenced(t, setColumns)) foreignKeys().checkReferences(t);
        return n;
    }

    private static boolean sameColumns(int[] key, List<Integer> target) {
        if (key.length != target.size()) return false;
        for (int c : key) if (!target.contains(c)) return false;
        return true;
    }

    /** The values of columns {@code key} of physical row {@code row}, boxed (a key lookup's argument). */
    private static Object[] keyOf(Batch b, int row, int[] key) {
        Object[] out = new Object[key.length];
        for (int j = 0; j < key.length; j++) out[j] = b.columns[key[j]].getObject(row);
        return out;
    }

    /** Column {@code c} of the stored rows {@code ids}, as a dense vector. */
    private static ColumnVector storedColumn(TableSnapshot snap, long[] ids, int c, DataType type) {
        ColumnVector v = new ColumnVector(type, Math.max(1, ids.length));
        for (int i = 0; i < ids.length; i++) {
            Object o = snap.get(ids[i], c);
            if (o == null) {
                v.setNull(i, true);
                continue;
            }
            switch (type.physical()) {
                case LONG -> v.longs[i] = o instanceof Boolean bool ? (bool ? 1 : 0) : ((Number) o).longValue();
                case DOUBLE -> v.doubles[i] = ((Number) o).doubleValue();
                case ARRAY ->
                    System.arraycopy((double[]) o, 0, v.doubles, i * ((double[]) o).length, ((double[]) o).length);
                case STRING -> v.strings[i] = o.toString();
            }
        }
        return v;
    }

    /**
     * Appends the rows of {@code rows} (already shaped to the table's columns and types, then any RETURNING
     * columns); returns the count. {@code returned}, when not null, receives the RETURNING columns of each stored row.
     */
    private long insert(StoredTable t, LogicalPlan rows, boolean orReplace, List<Batch> returned) {
        TableWriter w = session.transaction().writer(t.table());
        if (orReplace && t.schema().hasPrimaryKey())
            return insertOrReplace(t, w, materialize(rows).batches(), returned);
        int width = t.columnNames().size();
        int checks = t.checks().size();
        ForeignKeyChecks fk = t.foreignKeys().isEmpty() ? null : foreignKeys();
        long[] n = {0};
        stream(rows, batch -> {
            if (batch.count == 0) return;
            Batch row = columns(batch, 0, width);
            checkIntegers(t, row);
            if (checks > 0) verifyChecks(t, batch, batch.width() - checks);
            // twice the values: the table's segments are written copy-on-write, a batch at a time
            reserve("rows written to table " + t.name(), 2 * Batches.bytes(row));
            w.append(row);
            if (fk != null) fk.checkChildRows(t, row);
            if (returned != null) {
                Batch ret = Batches.copy(columns(batch, width, batch.width() - checks));
                reserve("RETURNING buffer", Batches.bytes(ret));
                returned.add(ret);
            }
            n[0] += batch.count;
        });
        return n[0];
    }

    /** Columns {@code from..to-1} of {@code b}, same rows (zero-copy; shares the selection). */
    private static Batch columns(Batch b, int from, int to) {
        if (from == 0 && to == b.width()) return b;
        Batch out = new Batch(java.util.Arrays.copyOfRange(b.columns, from, to), b.count);
        out.selection = b.selection;
        return out;
    }

    /** INSERT OR REPLACE: a row whose key exists (in the table, or later in the same statement) replaces it. */
    private long insertOrReplace(StoredTable t, TableWriter w, List<Batch> batches, List<Batch> returned) {
        int[] pk = t.schema().primaryKey();
        // existing keys -> row ids, from this transaction's current state of the table
        Map<List<Object>, Long> existing = new HashMap<>();
        TableSnapshot snap = w.snapshot();
        var scan = snap.scanWithRowIds(pk);
        while (scan.hasNext()) {
            Batch b = scan.next();
            ColumnVector ids = b.columns[pk.length];
            for (int i = 0; i < b.count; i++) {
                int r = b.row(i);
                existing.put(key(b, pk.length, r, null), ids.getLong(r));
            }
        }
        // the last occurrence of each key among the new rows wins
        LinkedHashMap<List<Object>, int[]> last = new LinkedHashMap<>();
        for (int bi = 0; bi < batches.size(); bi++) {
            Batch b = batches.get(bi);
            for (int i = 0; i < b.count; i++) {
                int r = b.row(i);
                List<Object> k = key(b, pk.length, r, pk);
                last.remove(k);
                last.put(k, new int[] {bi, r});
            }
        }
        List<Long> doomed = new ArrayList<>();
        for (List<Object> k : last.keySet()) {
            Long id = existing.get(k);
            if (id != null) doomed.add(id);
        }
        long[] ids = doomed.stream().mapToLong(Long::longValue).toArray();
        w.delete(ids, ids.length);
        ForeignKeyChecks fk = foreignKeys();
        // append the surviving rows batch by batch, through a selection
        Map<Integer, List<Integer>> keep = new HashMap<>();
        for (int[] at : last.values())
            keep.computeIfAbsent(at[0], x -> new ArrayList<>()).add(at[1]);
        long n = 0;
        for (int bi = 0; bi < batches.size(); bi++) {
            List<Integer> rowsOf = keep.get(bi);
            if (rowsOf == null) continue;
            Batch src = batches.get(bi);
            Batch all = new Batch(src.columns, rowsOf.size());
            all.selection = rowsOf.stream().mapToInt(Integer::intValue).sorted().toArray();
            Batch b = columns(all, 0, t.columnNames().size());
            checkIntegers(t, b);
            int checks = t.checks().size();
            if (checks > 0) verifyChecks(t, all, all.width() - checks);
            w.append(b);
            if (!t.foreignKeys().isEmpty()) fk.checkChildRows(t, b);
            if (returned != null) returned.add(Batches.copy(columns(all, b.width(), all.width() - checks)));
            n += b.count;
        }
        if (ids.length > 0 && fk.isReferenced(t, null)) fk.checkReferences(t);
        return n;
    }

    private ForeignKeyChecks foreignKeys() {
        return new ForeignKeyChecks(session.transaction(), session.working());
    }

    /**
     * Columns {@code from..} of {@code b} are the table's CHECK conditions over each row (in declaration
     * order): a FALSE fails the statement; NULL passes, as in SQL.
     */
    private static void verifyChecks(StoredTable t, Batch b, int from) {
        for (int k = 0; k < t.checks().size(); k++) {
            ColumnVector v = b.columns[from + k];
            if (v.type == DataType.NULL) continue;
            for (int i = 0; i < b.count; i++) {
                int r = b.row(i);
                if (v.getLong(r) == 0 && !v.isNull(r)) {
                    throw new NablaException(
                            ErrorCode.CHECK_VIOLATION,
                            "new row for relation \"" + t.name() + "\" violates check constraint \""
                                    + t.checks().checks().get(k).name() + "\"");
                }
            }
        }
    }

    /** INTEGER columns are stored as longs: reject values a 32-bit column cannot hold. */
    private static void checkIntegers(StoredTable t, Batch b) {
        List<DataType> types = t.columnTypes();
        for (int c = 0; c < types.size(); c++) {
            Vectors.checkColumn(
                    t.schema().column(c),
                    b.columns[c],
                    b.selection,
                    b.count,
                    t.name() + "." + t.columnNames().get(c));
        }
    }

    /** Key values of row r; {@code columns} selects key columns of a full-width batch (null: the first {@code width} columns). */
    private static List<Object> key(Batch b, int width, int r, int[] columns) {
        List<Object> k = new ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            ColumnVector v = b.columns[columns == null ? j : columns[j]];
            Object o = v.getObject(r);
            // compare integers and doubles of equal value alike
            k.add(o instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Object) d.longValue() : o);
        }
        return k;
    }

    private Result update(BoundStatement.Update u) {
        StoredTable t = (StoredTable) u.target();
        // evaluate every new value before changing anything, so a failing expression changes nothing
        List<Batch> batches = materialize(u.rows()).batches();
        TableWriter w = session.transaction().writer(t.table());
        long n = 0;
        int width = 1 + u.targetColumns().size();
        int checks = t.checks().size();
        int[] targets = u.targetColumns().stream().mapToInt(Integer::intValue).toArray();
        List<Batch> returned = new ArrayList<>();
        for (Batch b : batches) {
            if (b.count == 0) continue;
            if (checks > 0) verifyChecks(t, b, b.width() - checks);
            long[] ids = Vectors.longs(b.columns[0], b);
            for (int k = 0; k < u.targetColumns().size(); k++) {
                int c = u.targetColumns().get(k);
                ColumnVector values = Vectors.compact(b.columns[k + 1], b);
                Vectors.checkColumn(
                        t.schema().column(c),
                        values,
                        null,
                        b.count,
                        t.name() + "." + t.columnNames().get(c));
                w.update(ids, b.count, c, values);
            }
            if (!t.foreignKeys().isEmpty()) foreignKeys().checkChildRowIds(t, ids, b.count, targets);
            if (u.returning() != null) returned.add(columns(b, width, b.width() - checks));
            n += b.count;
        }
        if (n > 0 && foreignKeys().isReferenced(t, targets)) foreignKeys().checkReferences(t);
        if (u.returning() != null)
            return Result.returned(u.returning().names(), u.returning().types(), returned);
        return Result.count(n, "UPDATE");
    }

    private Result delete(BoundStatement.Delete d) {
        StoredTable t = (StoredTable) d.target();
        List<Batch> batches = materialize(d.rows()).batches();
        TableWriter w = session.transaction().writer(t.table());
        long before = w.rowCount();
        List<Batch> returned = new ArrayList<>();
        for (Batch b : batches) {
            if (b.count == 0) continue;
            w.delete(Vectors.longs(b.columns[0], b), b.count);
            if (d.returning() != null) returned.add(columns(b, 1, b.width()));
        }
        if (w.rowCount() != before && foreignKeys().isReferenced(t, null))
            foreignKeys().checkReferences(t);
        if (d.returning() != null)
            return Result.returned(d.returning().names(), d.returning().types(), returned);
        return Result.count(before - w.rowCount(), "DELETE");
    }

    /**
     * MERGE: every joined row picks the first clause of its kind (matched or not) whose condition is
     * TRUE; then, from the rows as they were before the statement, the chosen deletes, updates and
     * inserts are applied in that order, with every constraint checked as for DELETE, UPDATE and INSERT.
     * A target row chosen for UPDATE or DELETE by two source rows fails the statement, as in PostgreSQL.
     */
    private Result merge(BoundStatement.Merge m) {
        StoredTable t = (StoredTable) m.target();
        List<BoundStatement.MergeClause> clauses = m.clauses();
        MergeLayout layout = new MergeLayout(t, clauses);
        List<Batch> batches = materialize(m.rows()).batches();
        TableWriter w = session.transaction().writer(t.table());
        int nc = clauses.size();
        // per clause: the batches' rows it acts on (selections over the materialized batches)
        List<List<Batch>> chosen = new ArrayList<>(nc);
        for (int k = 0; k < nc; k++) chosen.add(new ArrayList<>());
        long[] affected = new long[16];
        int nAffected = 0;
        int[] pick = new int[0];
        for (Batch b : batches) {
            if (b.count == 0) continue;
            ColumnVector ids = b.columns[0];
            if (pick.length < b.count) pick = new int[b.count];
            int[] counts = new int[nc];
            for (int i = 0; i < b.count; i++) {
                int r = b.row(i);
                boolean matched = !ids.isNull(r);
                int p = -1;
                for (int k = 0; k < nc && p < 0; k++) {
                    if (clauses.get(k).matched() != matched) continue;
                    ColumnVector cond = b.columns[MergeLayout.conditionAt(k)];
                    if (cond.type == DataType.NULL || cond.isNull(r) || cond.getLong(r) == 0) continue;
                    p = k;
                }
                pick[i] = p;
                if (p < 0) continue;
                BoundStatement.MergeAction a = clauses.get(p).action();
                if (a == BoundStatement.MergeAction.NOTHING) {
                    pick[i] = -1;
                    continue;
                }
                if (matched) {
                    if (nAffected == affected.length) affected = java.util.Arrays.copyOf(affected, nAffected * 2);
                    affected[nAffected++] = ids.getLong(r);
                }
                counts[p]++;
            }
            for (int k = 0; k < nc; k++) {
                if (counts[k] == 0) continue;
                int[] sel = new int[counts[k]];
                int n = 0;
                for (int i = 0; i < b.count; i++) if (pick[i] == k) sel[n++] = b.row(i);
                Batch view = new Batch(b.columns, n);
                view.selection = sel;
                chosen.get(k).add(view);
            }
        }
        // a target row matched by several source rows may be acted on only once
        java.util.Arrays.sort(affected, 0, nAffected);
        for (int i = 1; i < nAffected; i++) {
            if (affected[i] == affected[i - 1])
                throw new NablaException(ErrorCode.CARDINALITY, "MERGE command cannot affect row a second time");
        }
        long n = 0;
        long before = w.rowCount();
        for (int k = 0; k < nc; k++) {
            if (clauses.get(k).action() != BoundStatement.MergeAction.DELETE) continue;
            for (Batch b : chosen.get(k)) w.delete(Vectors.longs(b.columns[0], b), b.count);
        }
        long deleted = before - w.rowCount();
        n += deleted;
        int width = layout.width, checks = layout.checks;
        boolean parentChanged = deleted > 0 && foreignKeys().isReferenced(t, null);
        for (int k = 0; k < nc; k++) {
            BoundStatement.MergeClause c = clauses.get(k);
            if (c.action() != BoundStatement.MergeAction.UPDATE) continue;
            int at = layout.rowAt[k];
            int[] targets =
                    c.targetColumns().stream().mapToInt(Integer::intValue).toArray();
            for (Batch b : chosen.get(k)) {
                if (checks > 0) verifyChecks(t, b, at + width);
                long[] ids = Vectors.longs(b.columns[0], b);
                for (int col : targets) {
                    ColumnVector values = Vectors.compact(b.columns[at + col], b);
                    Vectors.checkColumn(
                            t.schema().column(col),
                            values,
                            null,
                            b.count,
                            t.name() + "." + t.columnNames().get(col));
                    w.update(ids, b.count, col, values);
                }
                if (!t.foreignKeys().isEmpty()) foreignKeys().checkChildRowIds(t, ids, b.count, targets);
                n += b.count;
            }
            if (!chosen.get(k).isEmpty() && foreignKeys().isReferenced(t, targets)) parentChanged = true;
        }
        ForeignKeyChecks fk = t.foreignKeys().isEmpty() ? null : foreignKeys();
        for (int k = 0; k < nc; k++) {
            if (clauses.get(k).action() != BoundStatement.MergeAction.INSERT) continue;
            int at = layout.rowAt[k];
            for (Batch b : chosen.get(k)) {
                Batch row = columns(b, at, at + width);
                checkIntegers(t, row);
                if (checks > 0) verifyChecks(t, b, at + width);
                w.append(row);
                if (fk != null) fk.checkChildRows(t, row);
                n += b.count;
            }
        }
        if (parentChanged) foreignKeys().checkReferences(t);
        return Result.count(n, "MERGE");
    }

    private Result truncate(BoundStatement.Truncate tr) {
        StoredTable t = (StoredTable) tr.target();
        TableWriter w = session.transaction().writer(t.table());
        long n = w.rowCount();
        w.truncate();
        if (n > 0 && foreignKeys().isReferenced(t, null)) foreignKeys().checkReferences(t);
        return Result.count(n, "TRUNCATE");
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
        insert(
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
        insert(
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
        long n = insert(t, Pipeline.optimize(Planner.insertRows(t, all, c.source())), false, null);
        return Result.count(n, "CREATE TABLE");
    }

    // ------------------------------------------------------------------ EXPLAIN, SHOW, DESCRIBE

    /**
     * EXPLAIN: the physical plan (the operators that run, fused ones included), then the optimized
     * logical plan it was made from. EXPLAIN ANALYZE runs the statement and prints the physical plans
     * that ran, each operator with its rows and time; EXPLAIN GRAD the derivatives.
     */
    private Result explain(BoundStatement.Explain e) {
        List<String> lines = new ArrayList<>();
        if (e.grad()) {
            lines.addAll(planned.gradReport());
            return Vectors.textResult("plan", lines);
        }
        if (e.analyze()) {
            // each operator of the plans run below counts into the profile (the prepared physical plan is left alone)
            profile = new IdentityHashMap<>();
            profiledRoots = new ArrayList<>();
            List<PhysicalNode> ran = profiledRoots;
            long start = System.nanoTime();
            Result r;
            try {
                r = run(e.inner());
            } finally {
                profile = null;
                profiledRoots = null;
            }
            double ms = (System.nanoTime() - start) / 1e6;
            long rows = r.kind() == Result.Kind.ROWS ? r.rowCount() : Math.max(0, r.updateCount());
            for (PhysicalNode root : ran)
                lines.addAll(List.of(PhysicalPlanPrinter.explain(root).split("\n")));
            if (ran.isEmpty()) lines.addAll(logicalLines(e.inner()));
            lines.add("");
            lines.add("rows: " + rows + ", time: " + String.format(Locale.ROOT, "%.3f ms", ms));
            return Vectors.textResult("plan", lines);
        }
        LogicalPlan plan = explainedPlan(e.inner());
        if (plan == null) return Vectors.textResult("plan", logicalLines(e.inner()));
        lines.addAll(List.of(PhysicalPlanPrinter.explain(Pipeline.physical(plan, QueryExecutor.optionsOf(ctx)))
                .split("\n")));
        lines.add("");
        lines.add("logical plan:");
        lines.addAll(logicalLines(e.inner()));
        return Vectors.textResult("plan", lines);
    }

    private static LogicalPlan explainedPlan(BoundStatement inner) {
        return planOf(inner);
    }

    private static List<String> logicalLines(BoundStatement inner) {
        LogicalPlan plan = explainedPlan(inner);
        if (plan != null) return List.of(Pipeline.explain(plan).split("\n"));
        return List.of(inner.getClass()
                .getSimpleName()
                .replaceAll("([a-z])([A-Z])", "$1 $2")
                .toUpperCase(Locale.ROOT));
    }

    /** The statement's main plan (the first it holds), null when it holds none. */
    private static LogicalPlan planOf(BoundStatement b) {
        List<LogicalPlan> plans = b.plans();
        return plans.isEmpty() ? null : plans.get(0);
    }

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

    // ------------------------------------------------------------------ COPY, ATTACH

    private Result copyFrom(BoundStatement.CopyFrom c) {
        StoredTable t = (StoredTable) c.target();
        String format = IoRegistry.formatOf(c.path(), c.options(), Span.NONE);
        String function = "read_" + format;
        if (!session.database().tableFunctions().contains(function)) {
            throw new NablaException(
                    ErrorCode.UNSUPPORTED,
                    "COPY FROM format " + format + " is not supported (no " + function + " table function)");
        }
        Map<String, Object> options = new LinkedHashMap<>(c.options());
        options.keySet().removeIf(k -> k.equalsIgnoreCase("format"));
        List<Integer> targets = c.targetColumns().isEmpty() ? Planner.allColumns(t) : c.targetColumns();
        // CSV fields are read as the table's column types, not inferred ones: an inferred BIGINT would turn a
        // VARCHAR '007' into '7', and a BLOB field holds hex digits (as COPY TO writes them), not text to encode
        if (format.equals("csv")
                && options.keySet().stream()
                        .noneMatch(k -> k.equalsIgnoreCase("types") || k.equalsIgnoreCase("column_types"))) {
            options.put(
                    "types",
                    targets.stream().map(i -> t.columnTypes().get(i).sqlName()).toList());
        }
        ScannableSource src =
                session.database().tableFunctions().resolve(function, List.of(c.path()), options, Span.NONE);
        int width = src.columnNames().size();
        if (width != targets.size()) {
            throw new NablaException(
                    ErrorCode.INVALID_ARGUMENT,
                    "COPY " + t.name() + " FROM '" + c.path() + "': the file has " + width + " columns, the table "
                            + targets.size());
        }
        List<Integer> idx = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            idx.add(i);
            out.add(new Column(
                    i + 1, src.columnNames().get(i), null, src.columnTypes().get(i), true));
        }
        LogicalPlan scan = new Scan(src, idx, out, null, null);
        long n = insert(t, Pipeline.optimize(Planner.withChecks(t, Planner.insertRows(t, targets, scan))), false, null);
        return Result.count(n, "COPY");
    }

    private Result copyTo(BoundStatement.CopyTo c) {
        String format = IoRegistry.formatOf(c.path(), c.options(), Span.NONE);
        var writer = session.database().io().writer(format, Span.NONE);
        List<Column> out = c.source().output();
        List<DataType> types = out.stream().map(Column::type).toList();
        List<String> names = c.columnNames().size() == types.size()
                ? c.columnNames()
                : out.stream().map(Column::name).toList();
        // streamed, not materialised: the query runs on this thread (its cancel checks and snapshots
        // stay here) and hands copies of its batches to the writer on another through a short queue, so
        // COPY holds a few batches whatever the result's size, and a cancel stops both at the next batch
        CopyStream q = new CopyStream();
        java.nio.file.Path file = localFile(c.path());
        boolean existed = file != null && java.nio.file.Files.exists(file);
        Thread w = Thread.ofPlatform()
                .name("nabla-copy-writer")
                .start(() -> q.run(() -> writer.write(c.path(), names, types, q, c.options())));
        try {
            stream(c.source(), b -> q.put(Batches.copy(b), session::checkCancelled));
            q.put(CopyStream.END, session::checkCancelled);
            long n = q.await(session::checkCancelled);
            joinQuietly(w);
            return Result.count(n, "COPY");
        } catch (RuntimeException | Error e) {
            q.abort(e);
            joinQuietly(w);
            // a failed COPY leaves no partial file behind that was not there before
            if (file != null && !existed) {
                try {
                    java.nio.file.Files.deleteIfExists(file);
                } catch (java.io.IOException | RuntimeException ignored) {
                    // best effort: the statement's own error is the one to report
                }
            }
            throw e;
        }
    }

    private static java.nio.file.@org.jspecify.annotations.Nullable Path localFile(String path) {
        try {
            return path.contains("://") ? null : java.nio.file.Path.of(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * The hand-over between a COPY's query (this statement's thread) and its writer thread: a bounded
     * queue of batch copies that the writer reads as its Iterator. Either side's failure reaches the other
     * within one poll (50 ms): the query stops when the writer failed, the writer when the query failed.
     */
    private static final class CopyStream implements java.util.Iterator<Batch> {
        static final Batch END = new Batch(new dev.nabla.storage.ColumnVector[0], 0);
        private final java.util.concurrent.ArrayBlockingQueue<Batch> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(4);
        private volatile Throwable queryFailed;
        private volatile Throwable writerFailed;
        private volatile boolean writerDone;
        private volatile long written;
        private Batch next;

        void run(java.util.function.LongSupplier write) {
            try {
                written = write.getAsLong();
            } catch (Throwable t) {
                writerFailed = t;
            } finally {
                writerDone = true;
            }
        }

        void put(Batch b, Runnable cancelCheck) {
            try {
                while (!queue.offer(b, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    cancelCheck.run();
                    rethrowWriterFailure();
                    if (writerDone) return; // the writer stopped reading (it wrote all it wanted)
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NablaException(ErrorCode.CANCELLED, "statement cancelled");
            }
            rethrowWriterFailure();
        }

        void abort(Throwable cause) {
            queryFailed = cause;
        }

        long await(Runnable cancelCheck) {
            while (!writerDone) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    queryFailed = new NablaException(ErrorCode.CANCELLED, "statement cancelled");
                    throw (NablaException) queryFailed;
                }
                try {
                    cancelCheck.run();
                } catch (RuntimeException e) {
                    queryFailed = e;
                    throw e;
                }
            }
            rethrowWriterFailure();
            return written;
        }

        private void rethrowWriterFailure() {
            Throwable t = writerFailed;
            if (t == null) return;
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            throw new NablaException(ErrorCode.IO, Span.NONE, "COPY failed: " + t, t);
        }

        @Override
        public boolean hasNext() {
            if (queryFailed != null) throw new NablaException(ErrorCode.CANCELLED, "COPY's query failed");
            if (next == null) {
                try {
                    Batch b;
                    while ((b = queue.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS)) == null) {
                        if (queryFailed != null) throw new NablaException(ErrorCode.CANCELLED, "COPY's query failed");
                    }
                    next = b;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NablaException(ErrorCode.CANCELLED, "statement cancelled");
                }
            }
            return next != END;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            Batch b = next;
            next = null;
            return b;
        }
    }
}
