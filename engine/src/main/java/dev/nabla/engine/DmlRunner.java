package dev.nabla.engine;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import dev.nabla.common.Span;
import dev.nabla.engine.catalog.StoredTable;
import dev.nabla.engine.catalog.TableChecks;
import dev.nabla.engine.exec.store.Batches;
import dev.nabla.plan.bound.BoundStatement;
import dev.nabla.plan.expr.Expr;
import dev.nabla.plan.logical.Column;
import dev.nabla.plan.logical.LogicalPlan;
import dev.nabla.plan.logical.Scan;
import dev.nabla.storage.Batch;
import dev.nabla.storage.ColumnVector;
import dev.nabla.storage.DataType;
import dev.nabla.storage.TableSnapshot;
import dev.nabla.storage.TableWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data-changing statements of a writing session (INSERT with ON CONFLICT and OR REPLACE, UPDATE,
 * DELETE, MERGE, TRUNCATE) and the row insertion that CREATE TABLE AS, ALTER TABLE and COPY FROM share.
 * Rows come from plans run through the statement's {@link StatementRunner}; writes go to the session's
 * storage transaction, and keys, CHECKs and FOREIGN KEYs are enforced as rows are written.
 */
final class DmlRunner {
    private final Session session;
    private final StatementRunner exec;

    DmlRunner(Session session, StatementRunner exec) {
        this.session = session;
        this.exec = exec;
    }

    Result insert(BoundStatement.Insert i) {
        StoredTable t = (StoredTable) i.target();
        List<Batch> returned = i.returning() == null ? null : new ArrayList<>();
        long n = i.onConflict() != null
                ? insertOnConflict(
                        t,
                        i.onConflict(),
                        i.returning(),
                        exec.materialize(i.source()).batches(),
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
        for (Batch b : exec.materialize(Pipeline.optimize(new dev.nabla.plan.logical.Project(scan, exprs, out)))
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
                ColumnVector values = Vectors.fitDeclaredLength(t.schema().column(c), u.columns[1 + k], null, m);
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
                // a DECIMAL's boxed BigDecimal is stored as its unscaled long
                case LONG -> v.longs[i] = dev.nabla.storage.DecimalType.storedLong(o);
                case DOUBLE -> v.doubles[i] = ((Number) o).doubleValue();
                case ARRAY ->
                    System.arraycopy((double[]) o, 0, v.doubles, i * ((double[]) o).length, ((double[]) o).length);
                case STRING -> v.strings[i] = o.toString();
                case LIST -> v.lists[i] = (dev.nabla.storage.ListValue) o;
                case INT128 -> v.setWide(i, o);
            }
        }
        return v;
    }

    /**
     * Appends the rows of {@code rows} (already shaped to the table's columns and types, then any RETURNING
     * columns); returns the count. {@code returned}, when not null, receives the RETURNING columns of each stored row.
     */
    long insert(StoredTable t, LogicalPlan rows, boolean orReplace, List<Batch> returned) {
        TableWriter w = session.transaction().writer(t.table());
        if (orReplace && t.schema().hasPrimaryKey())
            return insertOrReplace(t, w, exec.materialize(rows).batches(), returned);
        int width = t.columnNames().size();
        int checks = t.checks().size();
        ForeignKeyChecks fk = t.foreignKeys().isEmpty() ? null : foreignKeys();
        long[] n = {0};
        exec.stream(rows, batch -> {
            if (batch.count == 0) return;
            Batch row = columns(batch, 0, width);
            checkIntegers(t, row);
            if (checks > 0) verifyChecks(t, batch, batch.width() - checks);
            // twice the values: the table's segments are written copy-on-write, a batch at a time
            exec.reserve("rows written to table " + t.name(), 2 * Batches.bytes(row));
            w.append(row);
            if (fk != null) fk.checkChildRows(t, row);
            if (returned != null) {
                Batch ret = Batches.copy(columns(batch, width, batch.width() - checks));
                exec.reserve("RETURNING buffer", Batches.bytes(ret));
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
            // b's column array is this statement's own (DmlRunner.columns copies it); the vectors are never written
            b.columns[c] = Vectors.fitDeclaredLength(t.schema().column(c), b.columns[c], b.selection, b.count);
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

    Result update(BoundStatement.Update u) {
        StoredTable t = (StoredTable) u.target();
        // evaluate every new value before changing anything, so a failing expression changes nothing
        List<Batch> batches = exec.materialize(u.rows()).batches();
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
                ColumnVector values = Vectors.fitDeclaredLength(
                        t.schema().column(c), Vectors.compact(b.columns[k + 1], b), null, b.count);
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

    Result delete(BoundStatement.Delete d) {
        StoredTable t = (StoredTable) d.target();
        List<Batch> batches = exec.materialize(d.rows()).batches();
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
    Result merge(BoundStatement.Merge m) {
        StoredTable t = (StoredTable) m.target();
        List<BoundStatement.MergeClause> clauses = m.clauses();
        MergeLayout layout = new MergeLayout(t, clauses);
        List<Batch> batches = exec.materialize(m.rows()).batches();
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
                    ColumnVector values = Vectors.fitDeclaredLength(
                            t.schema().column(col), Vectors.compact(b.columns[at + col], b), null, b.count);
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

    Result truncate(BoundStatement.Truncate tr) {
        StoredTable t = (StoredTable) tr.target();
        TableWriter w = session.transaction().writer(t.table());
        long n = w.rowCount();
        w.truncate();
        if (n > 0 && foreignKeys().isReferenced(t, null)) foreignKeys().checkReferences(t);
        return Result.count(n, "TRUNCATE");
    }
}
