package dev.nabla.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    private static Table people() {
        return new Table(
                "t",
                Schema.of(
                        new ColumnDef("id", DataType.BIGINT, false, true),
                        new ColumnDef("name", DataType.VARCHAR, true, false),
                        new ColumnDef("score", DataType.DOUBLE)));
    }

    private static void insert(Table t, Object[]... rows) {
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        for (Object[] r : rows) w.appendRow(r);
        tx.commit();
    }

    private static List<List<Object>> rows(TableSnapshot s) {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] r : s.rows()) out.add(Arrays.asList(r));
        return out;
    }

    private static List<List<Object>> scanned(TableSnapshot s) {
        List<List<Object>> out = new ArrayList<>();
        TableScan scan = s.scan(s.allColumns());
        while (scan.hasNext()) {
            Batch b = scan.next();
            assertThat(b.count).isLessThanOrEqualTo(Batch.CAPACITY);
            for (int i = 0; i < b.count; i++) {
                int r = b.row(i);
                List<Object> row = new ArrayList<>();
                for (ColumnVector v : b.columns) row.add(v.getObject(r));
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void appendAndScan() {
        Table t = people();
        insert(t, new Object[] {1L, "a", 1.5}, new Object[] {2L, "b", null});
        TableSnapshot s = t.snapshot();
        assertThat(s.rowCount()).isEqualTo(2);
        assertThat(scanned(s)).containsExactly(List.of(1L, "a", 1.5), Arrays.asList(2L, "b", null));
        assertThat(rows(s)).isEqualTo(scanned(s));
    }

    @Test
    void snapshotIsolation() {
        Table t = people();
        insert(t, new Object[] {1L, "a", 1.0});
        TableSnapshot before = t.snapshot();
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        w.appendRow(2L, "b", 2.0);
        long[] ids = rowIds(w.snapshot());
        w.update(ids, 1, 2, ColumnVector.constant(DataType.DOUBLE, 9.0));
        assertThat(t.snapshot().rowCount()).isEqualTo(1);
        assertThat(rows(w.snapshot())).containsExactly(List.of(1L, "a", 9.0), List.of(2L, "b", 2.0));
        assertThat(rows(t.snapshot())).containsExactly(List.of(1L, "a", 1.0));
        tx.commit();
        assertThat(rows(before)).containsExactly(List.of(1L, "a", 1.0));
        assertThat(rows(t.snapshot())).containsExactly(List.of(1L, "a", 9.0), List.of(2L, "b", 2.0));
    }

    private static long[] rowIds(TableSnapshot s) {
        List<Long> ids = new ArrayList<>();
        TableScan scan = s.scanWithRowIds(new int[0]);
        while (scan.hasNext()) {
            Batch b = scan.next();
            for (int i = 0; i < b.count; i++) ids.add(b.columns[0].getLong(b.row(i)));
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void rollbackDiscardsEverything() {
        Table t = people();
        insert(t, new Object[] {1L, "a", 1.0}, new Object[] {2L, "b", 2.0});
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        w.appendRow(3L, "c", 3.0);
        long[] ids = rowIds(w.snapshot());
        w.delete(ids, 1);
        w.update(new long[] {ids[1]}, 1, 1, ColumnVector.constant(DataType.VARCHAR, "zz"));
        tx.rollback();
        assertThat(rows(t.snapshot())).containsExactly(List.of(1L, "a", 1.0), List.of(2L, "b", 2.0));
        // the key index was rolled back too: 3 is free again, 1 is still taken
        insert(t, new Object[] {3L, "c", 3.0});
        assertThatThrownBy(() -> insert(t, new Object[] {1L, "x", 0.0}))
                .hasMessage("PRIMARY KEY constraint failed: t(id)");
        assertThat(t.snapshot().rowCount()).isEqualTo(3);
    }

    @Test
    void savepointsGiveStatementAtomicity() {
        Table t = people();
        Table u = new Table("u", Schema.of(new ColumnDef("x", DataType.INTEGER)));
        StorageTransaction tx = StorageTransaction.begin();
        tx.writer(t).appendRow(1L, "a", 1.0);
        StorageTransaction.Savepoint sp = tx.savepoint();
        tx.writer(t).appendRow(2L, "b", 2.0);
        tx.writer(t).delete(new long[] {0}, 1);
        tx.writer(u).appendRow(7L);
        tx.rollbackTo(sp);
        assertThat(rows(tx.snapshot(t))).containsExactly(List.of(1L, "a", 1.0));
        assertThat(tx.snapshot(u).rowCount()).isZero();
        tx.writer(t).appendRow(2L, "b", 2.5);
        tx.rollbackTo(sp);
        tx.writer(t).appendRow(2L, "bb", 2.0);
        tx.commit();
        assertThat(rows(t.snapshot())).containsExactly(List.of(1L, "a", 1.0), List.of(2L, "bb", 2.0));
        assertThat(u.snapshot().rowCount()).isZero();
    }

    @Test
    void failedStatementLeavesWriterUnchanged() {
        Table t = people();
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        w.appendRow(1L, "a", 1.0);
        ColumnVector ids = new ColumnVector(DataType.BIGINT, 3);
        ids.longs[0] = 5;
        ids.longs[1] = 6;
        ids.longs[2] = 5;
        ColumnVector names = new ColumnVector(DataType.VARCHAR, 3);
        Arrays.fill(names.strings, "n");
        ColumnVector scores = new ColumnVector(DataType.DOUBLE, 3);
        Batch dup = new Batch(new ColumnVector[] {ids, names, scores}, 3);
        assertThatThrownBy(() -> w.append(dup))
                .isInstanceOf(NablaException.class)
                .hasMessage("PRIMARY KEY constraint failed: t(id)")
                .extracting(e -> ((NablaException) e).code())
                .isEqualTo(ErrorCode.UNIQUE_VIOLATION);
        assertThat(w.rowCount()).isEqualTo(1);
        dup.count = 2;
        w.append(dup);
        assertThat(rows(w.snapshot())).extracting(r -> r.get(0)).containsExactly(1L, 5L, 6L);
        assertThatThrownBy(() -> w.appendRow(9L, null, 1.0)).hasMessage("NOT NULL constraint failed: t.name");
        assertThatThrownBy(() -> w.appendRow(null, "x", 1.0)).hasMessage("NOT NULL constraint failed: t.id");
        // updating keys: swapping 5 and 6 in one statement is fine, colliding with 1 is not
        long[] rid = rowIds(w.snapshot());
        ColumnVector swap = new ColumnVector(DataType.BIGINT, 2);
        swap.longs[0] = 6;
        swap.longs[1] = 5;
        w.update(new long[] {rid[1], rid[2]}, 2, 0, swap);
        assertThat(rows(w.snapshot())).extracting(r -> r.get(0)).containsExactly(1L, 6L, 5L);
        assertThatThrownBy(() -> w.update(new long[] {rid[1]}, 1, 0, ColumnVector.constant(DataType.BIGINT, 1L)))
                .hasMessage("PRIMARY KEY constraint failed: t(id)");
        assertThat(rows(w.snapshot())).extracting(r -> r.get(0)).containsExactly(1L, 6L, 5L);
        assertThatThrownBy(() -> w.update(new long[] {rid[1]}, 1, 1, ColumnVector.constant(DataType.VARCHAR, null)))
                .hasMessage("NOT NULL constraint failed: t.name");
        w.delete(new long[] {rid[0]}, 1);
        w.appendRow(1L, "again", 0.0);
        tx.commit();
        assertThat(t.snapshot().rowCount()).isEqualTo(3);
    }

    @Test
    void compositeAndStringKeys() {
        Table t = new Table(
                "k",
                new Schema(
                        List.of(new ColumnDef("a", DataType.VARCHAR), new ColumnDef("b", DataType.DOUBLE)),
                        new int[] {0, 1}));
        insert(t, new Object[] {"x", 1.0}, new Object[] {"x", 2.0}, new Object[] {"y", 0.0});
        assertThatThrownBy(() -> insert(t, new Object[] {"y", -0.0}))
                .hasMessage("PRIMARY KEY constraint failed: k(a, b)");
        assertThat(t.snapshot().rowCount()).isEqualTo(3);
    }

    @Test
    void manySingleRowAppendsAreFast() {
        Table t = new Table(
                "big",
                Schema.of(new ColumnDef("id", DataType.BIGINT, true, true), new ColumnDef("v", DataType.DOUBLE)));
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            StorageTransaction tx = StorageTransaction.begin();
            tx.writer(t).appendRow((long) i, i * 0.5);
            tx.commit();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).isLessThan(3000);
        TableSnapshot s = t.snapshot();
        assertThat(s.rowCount()).isEqualTo(100_000);
        assertThat(s.segmentCount()).isEqualTo(2);
        double[] v = s.readDoubles(1);
        long[] ids = s.readLongs(0);
        for (int i = 0; i < v.length; i++) {
            assertThat(ids[i]).isEqualTo(i);
            assertThat(v[i]).isEqualTo(i * 0.5);
        }
    }

    @Test
    void updateAndDeleteCopyOnlyTouchedSegments() {
        Table t = new Table("w", Schema.of(new ColumnDef("a", DataType.BIGINT), new ColumnDef("b", DataType.DOUBLE)));
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        int n = 3 * Segment.ROWS;
        ColumnVector a = new ColumnVector(DataType.BIGINT, Batch.CAPACITY);
        ColumnVector b = new ColumnVector(DataType.DOUBLE, Batch.CAPACITY);
        for (int done = 0; done < n; done += Batch.CAPACITY) {
            for (int i = 0; i < Batch.CAPACITY; i++) {
                a.longs[i] = done + i;
                b.doubles[i] = done + i;
            }
            w.append(new Batch(new ColumnVector[] {a, b}, Batch.CAPACITY));
        }
        tx.commit();
        TableVersion v1 = t.snapshot().version();
        assertThat(v1.segmentCount()).isEqualTo(3);

        tx = StorageTransaction.begin();
        w = tx.writer(t);
        long row = Segment.ROWS + 5;
        w.update(new long[] {row}, 1, 1, ColumnVector.constant(DataType.DOUBLE, -1.0));
        w.delete(new long[] {2L * Segment.ROWS}, 1);
        tx.commit();
        TableVersion v2 = t.snapshot().version();
        assertThat(v2.segment(0)).isSameAs(v1.segment(0));
        assertThat(v2.segment(1).longs(0)).isSameAs(v1.segment(1).longs(0));
        assertThat(v2.segment(1).doubles(1)).isNotSameAs(v1.segment(1).doubles(1));
        assertThat(v2.segment(2).doubles(1)).isSameAs(v1.segment(2).doubles(1));
        assertThat(v2.segment(2).isDeleted(0)).isTrue();
        assertThat(v1.segment(2).isDeleted(0)).isFalse();
        assertThat(v1.segment(1).doubles(1)[5]).isEqualTo(Segment.ROWS + 5.0);
        assertThat(t.snapshot().rowCount()).isEqualTo(n - 1);
        assertThat(t.snapshot().get(row, 1)).isEqualTo(-1.0);
        // scans skip deleted rows through the selection vector
        TableScan scan = t.snapshot().scan(new int[] {0});
        long total = 0, sum = 0;
        while (scan.hasNext()) {
            Batch batch = scan.next();
            for (int i = 0; i < batch.count; i++) sum += batch.columns[0].getLong(batch.row(i));
            total += batch.count;
        }
        assertThat(total).isEqualTo(n - 1);
        assertThat(sum).isEqualTo((long) n * (n - 1) / 2 - 2L * Segment.ROWS);
    }

    @Test
    void wrappedArraysAreZeroCopy() {
        int n = 2 * Segment.ROWS + 100;
        double[] x = new double[n];
        long[] k = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.25;
            k[i] = i;
        }
        Table t = Table.fromColumns("np", List.of("x", "k", "i"), null, List.of(x, k, new int[n]));
        TableSnapshot s = t.snapshot();
        assertThat(s.schema().type(2)).isEqualTo(DataType.INTEGER);
        assertThat(s.rowCount()).isEqualTo(n);
        TableScan scan = s.scan(new int[] {0, 1});
        double sum = 0;
        int rows = 0;
        while (scan.hasNext()) {
            Batch b = scan.next();
            assertThat(b.columns[0].doubles).isSameAs(x);
            assertThat(b.columns[1].longs).isSameAs(k);
            for (int i = 0; i < b.count; i++) sum += b.columns[0].getDouble(b.row(i));
            rows += b.count;
        }
        assertThat(rows).isEqualTo(n);
        assertThat(sum).isEqualTo(0.25 * n * (n - 1) / 2.0);
        // writes never touch the caller's arrays
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        w.update(new long[] {Segment.ROWS + 1}, 1, 0, ColumnVector.constant(DataType.DOUBLE, null));
        w.appendRow(1.0, 2L, 3L);
        tx.commit();
        assertThat(x[Segment.ROWS + 1]).isEqualTo((Segment.ROWS + 1) * 0.25);
        assertThat(t.snapshot().get(Segment.ROWS + 1, 0)).isNull();
        assertThat(t.snapshot().get(Segment.ROWS + 2, 0)).isEqualTo((Segment.ROWS + 2) * 0.25);
        assertThat(t.snapshot().rowCount()).isEqualTo(n + 1);
        assertThat(t.snapshot().readDoubles(0)[n]).isEqualTo(1.0);
        assertThat(Double.isNaN(t.snapshot().readDoubles(0)[Segment.ROWS + 1])).isTrue();
    }

    @Test
    void truncateAndRollback() {
        Table t = people();
        insert(t, new Object[] {1L, "a", 1.0});
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        w.truncate();
        w.appendRow(1L, "new", 0.0);
        assertThat(rows(w.snapshot())).containsExactly(List.of(1L, "new", 0.0));
        tx.rollback();
        assertThat(rows(t.snapshot())).containsExactly(List.of(1L, "a", 1.0));
        assertThatThrownBy(() -> insert(t, new Object[] {1L, "x", 0.0})).hasMessageContaining("PRIMARY KEY");
    }

    @Test
    void oneWriterPerTable() {
        Table t = people();
        StorageTransaction a = StorageTransaction.begin();
        a.writer(t).appendRow(1L, "a", 1.0);
        StorageTransaction b = StorageTransaction.begin();
        assertThatThrownBy(() -> b.writer(t))
                .extracting(e -> ((NablaException) e).code())
                .isEqualTo(ErrorCode.TRANSACTION);
        a.commit();
        b.writer(t).appendRow(2L, "b", 1.0);
        b.commit();
        assertThat(t.snapshot().rowCount()).isEqualTo(2);
        assertThatThrownBy(() -> b.writer(t)).hasMessageContaining("ended");
    }

    @Test
    void appendWithSelectionConstantsAndNulls() {
        Table t = new Table("s", Schema.of(new ColumnDef("a", DataType.BIGINT), new ColumnDef("b", DataType.VARCHAR)));
        ColumnVector a = new ColumnVector(DataType.BIGINT, 4);
        for (int i = 0; i < 4; i++) a.longs[i] = i * 10;
        a.setNull(2, true);
        Batch b = new Batch(new ColumnVector[] {a, ColumnVector.constant(DataType.VARCHAR, "c")}, 3);
        b.selection = new int[] {0, 2, 3};
        StorageTransaction tx = StorageTransaction.begin();
        tx.writer(t).append(b);
        tx.writer(t)
                .append(new Batch(
                        new ColumnVector[] {
                            ColumnVector.constant(DataType.NULL, null), ColumnVector.constant(DataType.VARCHAR, null)
                        },
                        2));
        tx.commit();
        assertThat(scanned(t.snapshot()))
                .containsExactly(
                        List.of(0L, "c"),
                        Arrays.asList(null, "c"),
                        List.of(30L, "c"),
                        Arrays.asList(null, null),
                        Arrays.asList(null, null));
    }

    @Test
    void wrappedStringsWithNullReferencesAreNull() {
        String[] s = new String[Segment.ROWS + 10];
        for (int i = 0; i < s.length; i++) s[i] = i % 5 == 0 ? null : "v" + i;
        Table t = Table.fromColumns("ws", List.of("s"), List.of(DataType.VARCHAR), List.of((Object) s));
        TableSnapshot snap = t.snapshot();
        assertThat(snap.get(Segment.ROWS + 4, 0)).isNull();
        assertThat(snap.get(Segment.ROWS + 6, 0)).isEqualTo("v" + (Segment.ROWS + 6));
        boolean[] nulls = snap.readNulls(0);
        for (int i = 0; i < s.length; i++) assertThat(nulls[i]).isEqualTo(i % 5 == 0);
        TableScan scan = snap.scan(new int[] {0});
        int nullCount = 0;
        while (scan.hasNext()) {
            Batch b = scan.next();
            assertThat(b.columns[0].strings).isSameAs(s);
            for (int i = 0; i < b.count; i++) if (b.columns[0].isNull(b.row(i))) nullCount++;
        }
        assertThat(nullCount).isEqualTo((s.length + 4) / 5);
        // copy-on-write of a wrapped slice keeps its NULLs
        StorageTransaction tx = StorageTransaction.begin();
        tx.writer(t).update(new long[] {Segment.ROWS + 1}, 1, 0, ColumnVector.constant(DataType.VARCHAR, "new"));
        tx.commit();
        assertThat(t.snapshot().get(Segment.ROWS + 4, 0)).isNull();
        assertThat(t.snapshot().get(Segment.ROWS + 1, 0)).isEqualTo("new");
        assertThat(s[Segment.ROWS + 1]).isEqualTo("v" + (Segment.ROWS + 1));
    }

    @Test
    void fullyDeletedStorageIsReleasedAtCommit() {
        Table t = new Table("c", Schema.of(new ColumnDef("x", DataType.BIGINT)));
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        for (long i = 0; i < 2L * Segment.ROWS + 10; i++) w.appendRow(i);
        tx.commit();
        tx = StorageTransaction.begin();
        w = tx.writer(t);
        long[] ids = new long[Segment.ROWS];
        for (int i = 0; i < ids.length; i++) ids[i] = Segment.ROWS + i;
        w.delete(ids, ids.length);
        tx.commit();
        TableVersion v = t.snapshot().version();
        assertThat(v.segmentCount()).isEqualTo(3);
        assertThat(v.count(1)).isZero();
        assertThat(v.segment(1).capacity()).isZero();
        assertThat(t.snapshot().get(2L * Segment.ROWS + 3, 0)).isEqualTo(2L * Segment.ROWS + 3);
        assertThat(t.snapshot().rowCount()).isEqualTo(Segment.ROWS + 10);
        tx = StorageTransaction.begin();
        w = tx.writer(t);
        long[] rest = rowIds(w.snapshot());
        w.delete(rest, rest.length);
        w.appendRow(7L);
        w.delete(new long[] {rowIds(w.snapshot())[0]}, 1);
        tx.commit();
        assertThat(t.snapshot().segmentCount()).isZero();
        assertThat(t.snapshot().rowCount()).isZero();
    }

    @Test
    void uniqueKeysIgnoreNullsAndUndo() {
        Schema schema = new Schema(List.of(
                new ColumnDef("id", DataType.BIGINT, true, true),
                new ColumnDef("e", DataType.VARCHAR),
                new ColumnDef("n", DataType.BIGINT)));
        Table t = new Table(
                "u", schema, List.of(new UniqueKey("u_e_key", new int[] {1}), new UniqueKey("u_n_key", new int[] {2})));
        insert(t, new Object[] {1L, "a", 1L}, new Object[] {2L, null, null}, new Object[] {3L, null, null});
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        assertThatThrownBy(() -> w.appendRow(4L, "a", 4L))
                .hasMessage(
                        "duplicate key value violates unique constraint \"u_e_key\" on u: Key (e)=(a) already exists");
        w.appendRow(4L, "d", 4L);
        assertThatThrownBy(() -> w.appendRow(5L, "e", 4L)).hasMessageContaining("u_n_key");
        w.delete(new long[] {w.findByKey(4L)}, 1);
        assertThat(w.keyCount()).isEqualTo(3);
        long a = w.lookupKey(1, "a");
        assertThat(a).isEqualTo(w.lookupKey(0, 1L));
        assertThat(w.lookupKey(1, (Object) null)).isEqualTo(-1);
        StorageTransaction.Savepoint sp = tx.savepoint();
        w.update(new long[] {a}, 1, 1, ColumnVector.constant(DataType.VARCHAR, "z"));
        assertThat(w.lookupKey(1, "a")).isEqualTo(-1);
        w.appendRow(6L, "a", 6L);
        tx.rollbackTo(sp);
        assertThat(w.lookupKey(1, "a")).isEqualTo(a);
        assertThat(w.lookupKey(1, "z")).isEqualTo(-1);
        w.delete(new long[] {a}, 1);
        w.appendRow(7L, "a", null);
        tx.commit();
        assertThat(t.snapshot().rowCount()).isEqualTo(3);
    }

    @Test
    void findByPrimaryKey() {
        Table t = people();
        insert(t, new Object[] {1L, "a", 1.0}, new Object[] {2L, "b", 2.0});
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        long id1 = w.findByKey(1L);
        assertThat(w.snapshot().get(id1, 1)).isEqualTo("a");
        assertThat(w.findByKey(3L)).isEqualTo(-1);
        w.appendRow(3L, "c", 3.0);
        assertThat(w.snapshot().get(w.findByKey(3), 1)).isEqualTo("c");
        StorageTransaction.Savepoint sp = tx.savepoint();
        w.update(new long[] {id1}, 1, 0, ColumnVector.constant(DataType.BIGINT, 10L));
        assertThat(w.findByKey(1L)).isEqualTo(-1);
        assertThat(w.findByKey(10L)).isEqualTo(id1);
        w.delete(new long[] {w.findByKey(2L)}, 1);
        assertThat(w.findByKey(2L)).isEqualTo(-1);
        tx.rollbackTo(sp);
        assertThat(w.findByKey(1L)).isEqualTo(id1);
        assertThat(w.findByKey(10L)).isEqualTo(-1);
        assertThat(w.snapshot().get(w.findByKey(2L), 1)).isEqualTo("b");
        tx.rollback();
        StorageTransaction tx2 = StorageTransaction.begin();
        assertThat(tx2.writer(t).findByKey(3L)).isEqualTo(-1);
        tx2.rollback();

        Table k = new Table(
                "k",
                new Schema(
                        List.of(new ColumnDef("a", DataType.VARCHAR), new ColumnDef("b", DataType.DOUBLE)),
                        new int[] {1, 0}));
        insert(k, new Object[] {"x", 1.0}, new Object[] {"y", 0.0});
        StorageTransaction tx3 = StorageTransaction.begin();
        TableWriter kw = tx3.writer(k);
        assertThat(kw.snapshot().get(kw.findByKey(-0.0, "y"), 0)).isEqualTo("y");
        assertThat(kw.findByKey(1L, "x")).isNotEqualTo(-1);
        assertThat(kw.findByKey(1.0, "y")).isEqualTo(-1);
        tx3.commit();
    }

    @Test
    void unflaggedNullStringsAreNull() {
        Table t = new Table(
                "n",
                Schema.of(new ColumnDef("s", DataType.VARCHAR), new ColumnDef("m", DataType.VARCHAR, true, false)));
        ColumnVector s = ColumnVector.ofStrings(new String[] {"a", null, "c"}, null, 0);
        ColumnVector m = ColumnVector.ofStrings(new String[] {"x", "y", "z"}, null, 0);
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        w.append(new Batch(new ColumnVector[] {s, m}, 3));
        assertThat(w.snapshot().readNulls(0)).containsExactly(false, true, false);
        ColumnVector bad = ColumnVector.ofStrings(new String[] {"x", null}, null, 0);
        assertThatThrownBy(() -> w.append(new Batch(new ColumnVector[] {s, bad}, 2)))
                .hasMessage("NOT NULL constraint failed: n.m");
        w.update(new long[] {0}, 1, 0, ColumnVector.ofStrings(new String[] {null}, null, 0));
        assertThat(w.snapshot().readNulls(0)).containsExactly(true, true, false);
        assertThatThrownBy(() -> w.update(new long[] {0}, 1, 1, ColumnVector.ofStrings(new String[] {null}, null, 0)))
                .hasMessage("NOT NULL constraint failed: n.m");
        tx.commit();
    }
}
