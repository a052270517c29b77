package dev.nabla.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    /**
     * Every committed version has all rows equal to the generation that wrote it and exactly
     * 1000 * generation rows; a reader scanning while the writer works must only ever see such states.
     */
    @Test
    void readersSeeOnlyCommittedStates() throws Exception {
        Table t = new Table("g", Schema.of(new ColumnDef("v", DataType.BIGINT)));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    TableSnapshot s = t.snapshot();
                    long rows = s.rowCount();
                    long seen = 0;
                    long first = Long.MIN_VALUE;
                    TableScan scan = s.scan(new int[] {0});
                    while (scan.hasNext()) {
                        Batch b = scan.next();
                        for (int i = 0; i < b.count; i++) {
                            long v = b.columns[0].getLong(b.row(i));
                            if (first == Long.MIN_VALUE) first = v;
                            if (v != first) throw new AssertionError("mixed generations " + first + " and " + v);
                        }
                        seen += b.count;
                    }
                    if (seen != rows) throw new AssertionError("scanned " + seen + " rows of " + rows);
                    if (rows > 0 && rows != 1000 * first)
                        throw new AssertionError(rows + " rows in generation " + first);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        reader.start();
        try {
            boolean abandoned = false;
            for (long g = 1; g <= 60; g++) {
                StorageTransaction tx = StorageTransaction.begin();
                TableWriter w = tx.writer(t);
                TableScan scan = w.snapshot().scanWithRowIds(new int[0]);
                while (scan.hasNext()) {
                    Batch b = scan.next();
                    long[] ids = new long[b.count];
                    for (int i = 0; i < b.count; i++) ids[i] = b.columns[0].getLong(b.row(i));
                    w.update(ids, b.count, 0, ColumnVector.constant(DataType.BIGINT, g));
                }
                if (g % 7 == 0) {
                    // a failed statement inside the transaction, undone through a savepoint
                    StorageTransaction.Savepoint sp = tx.savepoint();
                    for (int i = 0; i < 500; i++) w.appendRow(-1L);
                    tx.rollbackTo(sp);
                }
                for (int i = 0; i < 1000; i++) w.appendRow(g);
                if (g % 11 == 0 && !abandoned) {
                    // an abandoned attempt: rolled back, then retried
                    tx.rollback();
                    abandoned = true;
                    g--;
                    continue;
                }
                abandoned = false;
                tx.commit();
            }
        } finally {
            reader.interrupt();
            reader.join();
        }
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertThat(t.snapshot().rowCount()).isEqualTo(60_000);
    }

    @Test
    void multiTableCommitIsAtomicForSnapshots() {
        Table a = new Table("a", Schema.of(new ColumnDef("x", DataType.INTEGER)));
        Table b = new Table("b", Schema.of(new ColumnDef("x", DataType.INTEGER)));
        StorageTransaction tx = StorageTransaction.begin();
        tx.writer(a).appendRow(1L);
        tx.writer(b).appendRow(1L);
        assertThat(Table.snapshots(java.util.List.of(a, b)))
                .allSatisfy(s -> assertThat(s.rowCount()).isZero());
        tx.commit();
        assertThat(Table.snapshots(java.util.List.of(a, b)))
                .allSatisfy(s -> assertThat(s.rowCount()).isEqualTo(1));
    }

    @Test
    void deletedRowsAcrossBatchBoundaries() {
        Table t = new Table("d", Schema.of(new ColumnDef("x", DataType.BIGINT)));
        StorageTransaction tx = StorageTransaction.begin();
        TableWriter w = tx.writer(t);
        for (long i = 0; i < 3 * Batch.CAPACITY + 5; i++) w.appendRow(i);
        // delete the whole second batch and every third row elsewhere
        long[] ids = new long[4 * Batch.CAPACITY];
        int n = 0;
        for (long i = 0; i < 3 * Batch.CAPACITY + 5; i++) {
            if ((i >= Batch.CAPACITY && i < 2 * Batch.CAPACITY) || i % 3 == 0) ids[n++] = i;
        }
        w.delete(ids, n);
        w.delete(ids, n);
        tx.commit();
        TableSnapshot s = t.snapshot();
        long expected = 0, count = 0;
        for (long i = 0; i < 3 * Batch.CAPACITY + 5; i++) {
            if (!((i >= Batch.CAPACITY && i < 2 * Batch.CAPACITY) || i % 3 == 0)) {
                expected += i;
                count++;
            }
        }
        assertThat(s.rowCount()).isEqualTo(count);
        long sum = 0, seen = 0;
        int batches = 0;
        TableScan scan = s.scan(new int[] {0});
        for (Batch b = scan.nextOrNull(); b != null; b = scan.nextOrNull()) {
            batches++;
            for (int i = 0; i < b.count; i++) sum += b.columns[0].getLong(b.row(i));
            seen += b.count;
        }
        assertThat(batches).isEqualTo(3);
        assertThat(seen).isEqualTo(count);
        assertThat(sum).isEqualTo(expected);
        long[] all = s.readLongs(0);
        assertThat(all).hasSize((int) count);
        assertThat(java.util.Arrays.stream(all).sum()).isEqualTo(expected);
    }
}
