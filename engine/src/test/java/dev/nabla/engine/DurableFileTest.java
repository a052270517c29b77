package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.NablaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFileTest {
    @TempDir
    Path dir;

    /** Every row of a query, rendered, in order. */
    static List<String> rows(Session s, String sql) {
        Result r = s.execute(sql);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.rowCount(); i++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < r.columnCount(); c++) {
                if (c > 0) sb.append('|');
                sb.append(Result.display(r.get(i, c)));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void tablesSurviveReopenWithoutCheckpoint() {
        Path f = dir.resolve("a.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name VARCHAR, x DOUBLE DEFAULT 1.5, ok BOOLEAN)");
        s.execute("INSERT INTO t VALUES (1, 'a', 0.5, true), (2, NULL, NULL, false), (3, 'ünï', -0.0, NULL)");
        s.execute("UPDATE t SET name = 'b' WHERE id = 2");
        s.execute("DELETE FROM t WHERE id = 1");
        s.execute("INSERT INTO t(id, name) VALUES (4, 'd')");
        s.execute("CREATE VIEW v AS SELECT id * 2 AS d FROM t");
        s.execute("CREATE INDEX t_name ON t(name)");
        List<String> before = rows(s, "SELECT * FROM t ORDER BY id");
        // no clean close: simulate a crash by dropping the handle without a checkpoint
        DurableStore st = storeOf(db);
        st.close();
        Database again = reopenAfterCrash(f, db);
        Session s2 = again.connect();
        assertThat(rows(s2, "SELECT * FROM t ORDER BY id")).isEqualTo(before);
        assertThat(rows(s2, "SELECT d FROM v ORDER BY d")).containsExactly("4", "6", "8");
        assertThat(again.committed().index("t_name")).isNotNull();
        // the primary key index was rebuilt: a duplicate is refused
        assertThatThrownBy(() -> s2.execute("INSERT INTO t(id) VALUES (3)")).isInstanceOf(NablaException.class);
        s2.execute("INSERT INTO t(id) VALUES (5)");
        assertThat(rows(s2, "SELECT x FROM t WHERE id = 5")).containsExactly("1.5");
        again.close();
        Database third = Nabla.open(f);
        assertThat(rows(third.connect(), "SELECT count(*) FROM t")).containsExactly("4");
        third.close();
    }

    @Test
    void sequencesAndIdentityColumnsPersist() {
        Path f = dir.resolve("seq.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE SEQUENCE q START 10");
        s.execute("CREATE SEQUENCE gone");
        assertThat(rows(s, "SELECT nextval('q'), nextval('q'), nextval('q')")).containsExactly("10|11|12");
        s.execute("CREATE TABLE t(id INTEGER GENERATED ALWAYS AS IDENTITY, x DOUBLE)");
        s.execute("CREATE TABLE u(id SERIAL, x DOUBLE)");
        s.execute("INSERT INTO t(x) VALUES (1), (2), (3)");
        s.execute("INSERT INTO u(x) SELECT range FROM range(5000)"); // past one logged bound
        s.execute("DROP SEQUENCE gone");
        // a crash: the log has each sequence's bound, so values resume past it (a gap, never a repeat)
        storeOf(db).close();
        Database again = reopenAfterCrash(f, db);
        Session s2 = again.connect();
        assertThat(s2.execute("SELECT nextval('q')").getLong(0, 0)).isGreaterThan(12);
        s2.execute("INSERT INTO t(x) VALUES (4)");
        s2.execute("INSERT INTO u(x) VALUES (-1)");
        assertThat(rows(s2, "SELECT count(*), count(DISTINCT id), min(id) FROM t"))
                .containsExactly("4|4|1");
        assertThat(rows(s2, "SELECT count(*), count(DISTINCT id) FROM u")).containsExactly("5001|5001");
        assertThat(s2.execute("SELECT id FROM u WHERE x = -1").getLong(0, 0)).isGreaterThan(5000);
        assertThatThrownBy(() -> s2.execute("INSERT INTO t VALUES (99, 0)")).isInstanceOf(NablaException.class);
        assertThatThrownBy(() -> s2.execute("SELECT nextval('gone')")).hasMessageContaining("does not exist");
        s2.execute("SELECT setval('q', 500)");
        storeOf(again).close();
        Database third = reopenAfterCrash(f, again);
        Session s3 = third.connect();
        assertThat(rows(s3, "SELECT nextval('q')")).containsExactly("501");
        s3.execute("INSERT INTO t(x) VALUES (4.5)");
        long tNext = s3.execute("SELECT max(id) FROM t").getLong(0, 0);
        // a clean close checkpoints exact positions: no gap after it
        third.close();
        Database fourth = Nabla.open(f);
        Session s4 = fourth.connect();
        assertThat(rows(s4, "SELECT nextval('q')")).containsExactly("502");
        s4.execute("INSERT INTO t(x) VALUES (5)");
        assertThat(rows(s4, "SELECT max(id) FROM t")).containsExactly(String.valueOf(tNext + 1));
        fourth.close();
    }

    @Test
    void arrayColumnsRoundTripThroughLogAndCheckpoint() {
        Path f = dir.resolve("arr.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE TABLE e(id INTEGER, v DOUBLE[3], w REAL[2], name VARCHAR)");
        s.execute("INSERT INTO e VALUES (1, [1, 2.5, -0.0], [1, 2], 'a'), (2, NULL, [3, 4], NULL)");
        // a bulk insert spans segments; deletes and updates rewrite them
        s.execute("INSERT INTO e SELECT range + 10, [range, range * 0.5, 1e300], NULL, 'r' || range FROM range(70000)");
        s.execute("DELETE FROM e WHERE id % 5 = 0");
        s.execute("UPDATE e SET v = [7, 8, 9] WHERE id = 11");
        List<String> before = rows(s, "SELECT * FROM e ORDER BY id LIMIT 6");
        List<String> agg = rows(s, "SELECT count(*), count(v), sum(v[2]), sum(w[2]) FROM e");
        storeOf(db).close();
        Database again = reopenAfterCrash(f, db);
        Session s2 = again.connect();
        assertThat(rows(s2, "SELECT * FROM e ORDER BY id LIMIT 6")).isEqualTo(before);
        assertThat(rows(s2, "SELECT count(*), count(v), sum(v[2]), sum(w[2]) FROM e"))
                .isEqualTo(agg);
        assertThat(rows(s2, "SELECT typeof(v), typeof(w) FROM e LIMIT 1")).containsExactly("DOUBLE[3]|DOUBLE[2]");
        // appends in place after a checkpoint, then a clean close and reopen from the checkpoint alone
        again.checkpoint();
        s2.execute("INSERT INTO e VALUES (-1, [0.25, 0.5, 0.75], NULL, 'late')");
        storeOf(again).close();
        Database third = reopenAfterCrash(f, again);
        Session s3 = third.connect();
        assertThat(rows(s3, "SELECT v, name FROM e WHERE id = -1")).containsExactly("[0.25, 0.5, 0.75]|late");
        third.close();
        Database fourth = Nabla.open(f);
        assertThat(rows(fourth.connect(), "SELECT count(*), count(v), sum(v[2]) FROM e WHERE id >= 0"))
                .isEqualTo(List.of(agg.get(0).substring(0, agg.get(0).lastIndexOf('|'))));
        fourth.close();
    }

    @Test
    void checkpointThenMoreCommits() {
        Path f = dir.resolve("b.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE TABLE big AS SELECT range AS i, range * 0.5 AS d, 'r' || range AS s FROM range(200000)");
        db.checkpoint();
        assertThat(db.fileSizes()[1]).isEqualTo(DurableStore.FILE_HEADER);
        s.execute("DELETE FROM big WHERE i % 3 = 0");
        s.execute("UPDATE big SET s = NULL WHERE i % 7 = 0");
        s.execute("INSERT INTO big SELECT range + 200000, 0, 'x' FROM range(70000)");
        s.execute("BEGIN");
        s.execute("INSERT INTO big VALUES (-1, 0, 'gone')");
        s.execute("ROLLBACK");
        List<String> before = rows(s, "SELECT count(*), sum(i), sum(d), count(s), max(s) FROM big");
        storeOf(db).close();
        Database again = reopenAfterCrash(f, db);
        assertThat(rows(again.connect(), "SELECT count(*), sum(i), sum(d), count(s), max(s) FROM big"))
                .isEqualTo(before);
        again.close();
    }

    @Test
    void checkpointStatementAndAutomaticCheckpoints() {
        Path f = dir.resolve("e.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE TABLE t(x BIGINT, y VARCHAR)");
        s.execute("INSERT INTO t SELECT range, 'v' || range FROM range(1000)");
        assertThat(db.fileSizes()[1]).isGreaterThan(DurableStore.FILE_HEADER);
        assertThat(s.execute("CHECKPOINT").message()).isEqualTo("CHECKPOINT");
        assertThat(db.fileSizes()[1]).isEqualTo(DurableStore.FILE_HEADER);
        db.setCheckpointThreshold(4096);
        for (int i = 0; i < 50; i++) s.execute("INSERT INTO t SELECT range, 'w' FROM range(20)");
        assertThat(db.fileSizes()[1]).isLessThan(4096 + 2000);
        storeOf(db).close();
        Database again = reopenAfterCrash(f, db);
        assertThat(rows(again.connect(), "SELECT count(*), count(y) FROM t")).containsExactly("2000|2000");
        again.close();
        // in memory, CHECKPOINT does nothing
        Database mem = Nabla.open();
        assertThat(mem.connect().execute("CHECKPOINT").message()).isEqualTo("CHECKPOINT");
        mem.close();
    }

    @Test
    void everyStoredTypeRoundTrips() {
        Path f = dir.resolve("types.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE TABLE ty(a TINYINT, b SMALLINT, c INTEGER, d BIGINT, e REAL, g DOUBLE, h DECIMAL(12, 3),"
                + " i VARCHAR, j BLOB, k DATE, l TIMESTAMP, m BOOLEAN)");
        s.execute("INSERT INTO ty VALUES (-8, 300, -70000, 9007199254740993, 1.5, 'NaN'::DOUBLE, 123456789.125,"
                + " 'snow \u2603 ''q''', '\\xAA\\x00\\xFF'::BLOB, DATE '2024-02-29',"
                + " TIMESTAMP '1969-12-31 23:59:59.123456', true)");
        s.execute("INSERT INTO ty VALUES (NULL, NULL, NULL, NULL, NULL, -0.0, NULL, '', NULL, NULL, NULL, NULL)");
        List<String> before = rows(s, "SELECT * FROM ty ORDER BY a NULLS LAST");
        storeOf(db).close();
        Database again = reopenAfterCrash(f, db);
        assertThat(rows(again.connect(), "SELECT * FROM ty ORDER BY a NULLS LAST"))
                .isEqualTo(before);
        again.close();
        Database third = Nabla.open(f); // from the checkpoint the close wrote
        assertThat(rows(third.connect(), "SELECT * FROM ty ORDER BY a NULLS LAST"))
                .isEqualTo(before);
        third.close();
    }

    @Test
    void dropAndAlterPersist() {
        Path f = dir.resolve("c.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE TABLE a(x INTEGER)");
        s.execute("CREATE TABLE b(y INTEGER)");
        s.execute("INSERT INTO a VALUES (1), (2)");
        s.execute("ALTER TABLE a ADD COLUMN z VARCHAR DEFAULT 'q'");
        s.execute("DROP TABLE b");
        s.execute("ALTER TABLE a RENAME TO aa");
        storeOf(db).close();
        Database again = reopenAfterCrash(f, db);
        Session s2 = again.connect();
        assertThat(rows(s2, "SELECT * FROM aa ORDER BY x")).containsExactly("1|q", "2|q");
        assertThat(rows(s2, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'b'"))
                .containsExactly("0");
        again.close();
    }

    @Test
    void sameFileTwiceInOneJvmSharesTheDatabase() {
        Path f = dir.resolve("d.nabla");
        Database a = Nabla.open(f);
        Database b = Nabla.open(f);
        assertThat(b).isSameAs(a);
        a.close();
        b.connect().execute("CREATE TABLE t(x INTEGER)");
        b.close();
        assertThat(a.isClosed()).isTrue();
    }

    @Test
    void closeAndReopenOfOneFileOnTwoThreads() throws Exception {
        // the last close() checkpoints and releases the file; an open meanwhile waits for it instead of taking the
        // closing database's lock for another process's
        Path f = dir.resolve("race.nabla");
        for (int i = 0; i < 30; i++) {
            Database db = Nabla.open(f);
            Session s = db.connect();
            if (i == 0) s.execute("CREATE TABLE t(i INTEGER)");
            s.execute("INSERT INTO t VALUES (" + i + ")");
            java.util.concurrent.CompletableFuture<Database> other =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> Nabla.open(f));
            db.close();
            Database again = other.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(rows(again.connect(), "SELECT count(*) FROM t")).containsExactly(String.valueOf(i + 1));
            // the other open got either the same database (one more handle) or a fresh one after the close
            again.close();
            assertThat(Nabla.open(f)).satisfies(d -> {
                assertThat(d.isClosed()).isFalse();
                d.close();
            });
        }
    }

    @Test
    void pragmaDatabaseSizeAndTheCheckpointThresholdSetting() {
        Path f = dir.resolve("size.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        assertThat(rows(s, "SHOW checkpoint_threshold")).containsExactly("16MB");
        s.execute("SET checkpoint_threshold = '64kB'");
        assertThat(db.checkpointThreshold()).isEqualTo(64 << 10);
        // database-wide, as memory_limit: another session sees it
        assertThat(rows(db.connect(), "SELECT current_setting('checkpoint_threshold')"))
                .containsExactly("64kB");
        s.execute("CREATE TABLE t AS SELECT range AS i FROM range(100000)"); // ~200 kB logged: a checkpoint
        assertThat(rows(s, "SELECT database_name, file, wal_bytes FROM pragma_database_size()"))
                .containsExactly("size|" + f.toAbsolutePath() + "|" + DurableStore.FILE_HEADER);
        Result r = s.execute("PRAGMA database_size");
        // 100 000 sequential integers: bit-packed in the checkpoint (about 2 bytes each)
        assertThat(r.getLong(0, 4)).isEqualTo(db.fileSizes()[0]).isGreaterThan(100_000);
        s.execute("SET checkpoint_threshold = off");
        assertThat(rows(s, "SHOW checkpoint_threshold")).containsExactly("off");
        s.execute("INSERT INTO t SELECT range FROM range(100000)");
        assertThat(s.execute("PRAGMA database_size").getLong(0, 5)).isGreaterThan(100_000);
        s.execute("RESET checkpoint_threshold");
        assertThat(db.checkpointThreshold()).isEqualTo(16 << 20);
        assertThatThrownBy(() -> s.execute("SET checkpoint_threshold = '50%'"))
                .hasMessageContaining("checkpoint_threshold expects a size");
        db.close();
        // in memory: no file, sizes 0
        Database mem = Nabla.open();
        assertThat(rows(
                        mem.connect(),
                        "SELECT database_name, file, database_bytes, wal_bytes FROM" + " pragma_database_size()"))
                .containsExactly("memory|NULL|0|0");
        mem.close();
    }

    @Test
    void badFiles() throws Exception {
        Path junk = dir.resolve("junk.nabla");
        Files.writeString(junk, "hello, this is not a database at all");
        assertThatThrownBy(() -> Nabla.open(junk)).hasMessage(junk + " is not a Nabla database file");
        assertThat(Files.exists(dir.resolve("junk.nabla.wal"))).isFalse();
        Path missing = dir.resolve("nope/x.nabla");
        assertThatThrownBy(() -> Nabla.open(missing)).hasMessageContaining("does not exist");
    }

    /** A database with a checkpointed table and three logged commits; returns the file, closed as by a crash. */
    private Path crashedWithLog(String name) {
        Path f = dir.resolve(name);
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE TABLE t(x INTEGER)");
        s.execute("INSERT INTO t SELECT range FROM range(1000)");
        db.checkpoint();
        s.execute("INSERT INTO t VALUES (-1)");
        s.execute("INSERT INTO t VALUES (-2)");
        s.execute("INSERT INTO t VALUES (-3)");
        storeOf(db).close();
        Nabla.forgetFile(f.toAbsolutePath().normalize(), db);
        return f;
    }

    private static Path wal(Path f) {
        return f.resolveSibling(f.getFileName() + ".wal");
    }

    private static void flip(Path p, long offset) throws Exception {
        byte[] b = Files.readAllBytes(p);
        b[(int) offset] ^= 0x5A;
        Files.write(p, b);
    }

    @Test
    void tornLastLogRecordIsIgnored() throws Exception {
        Path f = crashedWithLog("torn.nabla");
        long size = Files.size(wal(f));
        try (var ch = java.nio.channels.FileChannel.open(wal(f), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size - 3);
        }
        Database db = Nabla.open(f);
        assertThat(rows(db.connect(), "SELECT count(*), min(x) FROM t")).containsExactly("1002|-2");
        // new commits follow the last valid record and survive the next reopen
        db.connect().execute("INSERT INTO t VALUES (-4)");
        storeOf(db).close();
        Nabla.forgetFile(f.toAbsolutePath().normalize(), db);
        Database again = Nabla.open(f);
        assertThat(rows(again.connect(), "SELECT count(*), min(x) FROM t")).containsExactly("1003|-4");
        again.close();
    }

    @Test
    void damagedLastLogRecordIsATornTail() throws Exception {
        Path f = crashedWithLog("tail.nabla");
        flip(wal(f), Files.size(wal(f)) - 2);
        Database db = Nabla.open(f);
        assertThat(rows(db.connect(), "SELECT count(*) FROM t")).containsExactly("1002");
        db.close();
    }

    @Test
    void damageInsideTheLogIsAnErrorNamingFileAndOffset() throws Exception {
        Path f = crashedWithLog("mid.nabla");
        long first = DurableStore.FILE_HEADER;
        flip(wal(f), first + DurableStore.RECORD_HEADER + 3);
        assertThatThrownBy(() -> Nabla.open(f))
                .hasMessage(wal(f).toAbsolutePath() + ": damaged record at offset " + first
                        + " (payload checksum mismatch)");
    }

    @Test
    void damagedCheckpointIsAnError() throws Exception {
        Path f = crashedWithLog("cp.nabla");
        // the catalog record (read whole at open)
        flip(f, DurableStore.FILE_HEADER + DurableStore.RECORD_HEADER + 2);
        assertThatThrownBy(() -> Nabla.open(f))
                .hasMessage(f.toAbsolutePath() + ": damaged record at offset " + DurableStore.FILE_HEADER
                        + " (payload checksum mismatch)");
    }

    /**
     * A checkpoint's columns are read when first used (format 4): damage in a column block opens fine and is an
     * error naming the file and the block's offset when a query reads that column, every time; the other columns
     * still read; a damaged record header is found at open.
     */
    @Test
    void damageInALazyColumnBlockIsFoundWhenTheColumnIsRead() throws Exception {
        Path f = dir.resolve("lazy.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE TABLE t(a BIGINT, b DOUBLE, c VARCHAR)");
        s.execute("INSERT INTO t SELECT range, range * 0.5, 'v' || (range % 7) FROM range(100000)");
        db.close(); // checkpoints: 2 segments × (head + 3 column blocks)
        byte[] all = Files.readAllBytes(f);
        long[] blocks = columnBlocks(all);
        assertThat(blocks).hasSize(6);
        // nothing is read before a query touches a column
        Database lazy = Nabla.open(f);
        assertThat(storeOf(lazy).lazyColumns()).containsExactly(6, 0);
        assertThat(rows(lazy.connect(), "SELECT sum(b) FROM t")).containsExactly("2499975000.0");
        assertThat(storeOf(lazy).lazyColumns()[0]).isEqualTo(4);
        assertThat(storeOf(lazy).lazyColumns()[1]).isEqualTo(2 * 8L * 65536 - 8L * (131072 - 100000));
        lazy.close();
        // damage in column b's block of segment 1
        long at = blocks[4];
        flip(f, at + DurableStore.RECORD_HEADER + DurableStore.COLUMN_PREFIX + 40);
        Database d = Nabla.open(f);
        Session q = d.connect();
        assertThat(rows(q, "SELECT count(*), sum(a), count(DISTINCT c) FROM t")).containsExactly("100000|4999950000|7");
        for (int i = 0; i < 2; i++)
            assertThatThrownBy(() -> q.execute("SELECT sum(b) FROM t"))
                    .hasMessage(
                            f.toAbsolutePath() + ": damaged record at offset " + at + " (payload checksum mismatch)");
        d.close();
        // a damaged record header: found at open (the scan cannot step past it)
        Files.write(f, all);
        flip(f, blocks[1] + 5);
        assertThatThrownBy(() -> Nabla.open(f))
                .hasMessage(
                        f.toAbsolutePath() + ": damaged record at offset " + blocks[1] + " (header checksum mismatch)");
    }

    /**
     * Lazy columns under concurrency and checkpoints: eight threads read the same unread columns at once (each block
     * is read once and every thread sees whole arrays); a DELETE reads only its WHERE's column; a checkpoint after it
     * and an INSERT copies the blocks never read and re-encodes the rest; the reopened file has the same contents.
     */
    @Test
    void lazyColumnsAreReadOnceUnderConcurrencyAndSurviveCheckpoints() throws Exception {
        Path f = dir.resolve("lazy2.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE TABLE t(a BIGINT, b DOUBLE, c VARCHAR)");
        s.execute("INSERT INTO t SELECT range, range * 0.25, CASE WHEN range % 5 = 0 THEN NULL ELSE 'v' || (range % 9)"
                + " END FROM range(300000)");
        db.close();
        String all = "SELECT count(*), sum(a), sum(b), count(c), count(DISTINCT c) FROM t";
        Database lazy = Nabla.open(f);
        int blocks = (int) storeOf(lazy).lazyColumns()[0];
        assertThat(blocks).isEqualTo(5 * 3);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<String>>> got = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) got.add(pool.submit(() -> rows(lazy.connect(), all)));
            for (var g : got) assertThat(g.get()).containsExactly("300000|44999850000|11249962500.0|240000|9");
        } finally {
            pool.shutdown();
        }
        assertThat(storeOf(lazy).lazyColumns()[0]).isZero();
        lazy.close();
        // a DELETE reads only the columns of its WHERE (a, in each of the 5 segments); an append to the last segment
        // reads that segment; the checkpoint copies the blocks still unread and re-encodes the rest
        Database w = Nabla.open(f);
        Session ws = w.connect();
        ws.execute("DELETE FROM t WHERE a < 1000");
        assertThat(storeOf(w).lazyColumns()[0]).isEqualTo(blocks - 5);
        ws.execute("INSERT INTO t VALUES (-1, -1.0, 'x')");
        assertThat(storeOf(w).lazyColumns()[0]).isEqualTo(blocks - 5 - 2);
        ws.execute("CHECKPOINT");
        String after = rows(ws, all).get(0);
        w.close();
        Database again = Nabla.open(f);
        assertThat(rows(again.connect(), all)).containsExactly(after);
        assertThat(after).startsWith("299001|");
        again.close();
    }

    /** Offsets of the column block records of a format-4 checkpoint, in file order. */
    private static long[] columnBlocks(byte[] all) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all);
        List<Long> out = new java.util.ArrayList<>();
        int at = DurableStore.FILE_HEADER;
        while (at < all.length) {
            int len = b.getInt(at);
            if (all[at + DurableStore.RECORD_HEADER] == dev.nabla.storage.TableImages.SEG_COLUMN) out.add((long) at);
            at += DurableStore.RECORD_HEADER + len;
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * A file written by format version 2 (before compression; resources/formats, made by main at dd5640dc: a
     * checkpoint and a log that a crash left) opens, and its next checkpoint is version 3 with the same contents.
     */
    @Test
    void aVersion2FileOpensAndIsRewrittenCompressed() throws Exception {
        Path f = dir.resolve("v2.nabla");
        for (String name : List.of("v2.nabla", "v2.nabla.wal")) {
            try (var in = DurableFileTest.class.getResourceAsStream("/formats/" + name)) {
                Files.copy(java.util.Objects.requireNonNull(in), dir.resolve(name));
            }
        }
        assertThat(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)).getInt(8)).isEqualTo(2);
        List<String> expected = List.of(
                "1982|7001979975|1699|989990.0|1981|1999-12-31|2020-01-30",
                "NULL|283",
                "n0|342",
                "n1|326",
                "n2|342",
                "n3|343",
                "n4|343",
                "tail|1",
                "upd|1",
                "é|1",
                "-5|tail|NULL|NULL",
                "2|upd|1.0|2020-01-03",
                "1999|n4|999.5|2020-01-20",
                "7000000000|é|0.0|1999-12-31");
        for (int round = 0; round < 2; round++) {
            Database db = Nabla.open(f);
            Session s = db.connect();
            List<String> got = new java.util.ArrayList<>();
            got.addAll(rows(s, "SELECT count(*), sum(id), count(note), sum(x), count(d), min(d), max(d) FROM t"));
            got.addAll(rows(s, "SELECT note, count(*) FROM t GROUP BY note ORDER BY note NULLS FIRST"));
            got.addAll(rows(s, "SELECT * FROM t WHERE id IN (-5, 2, 7000000000, 1999) ORDER BY id"));
            assertThat(got).as("round %d", round).isEqualTo(expected);
            db.close();
            assertThat(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)).getInt(8))
                    .isEqualTo(DurableStore.FORMAT_VERSION);
        }
        // compressed: the sequential ids and the six distinct notes take a fraction of version 2's 60 kB
        assertThat(Files.size(f)).isLessThan(45_000);
    }

    @Test
    void damagedHeaderAndNewerVersion() throws Exception {
        Path f = crashedWithLog("hdr.nabla");
        byte[] orig = Files.readAllBytes(f);
        flip(f, 14);
        assertThatThrownBy(() -> Nabla.open(f))
                .hasMessage(f.toAbsolutePath() + ": file header is damaged (checksum mismatch at offset 0)");
        // a valid header of format version 99
        byte[] b = orig.clone();
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b);
        h.putInt(8, 99);
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b, 0, 20);
        h.putInt(20, (int) c.getValue());
        Files.write(f, b);
        assertThatThrownBy(() -> Nabla.open(f))
                .hasMessage(f.toAbsolutePath()
                        + " was written by a newer Nabla (format version 99; this build reads up to 4)");
    }

    @Test
    void secondProcessGetsAClearError() throws Exception {
        Path f = dir.resolve("locked.nabla");
        Path journal = Files.createFile(dir.resolve("locked.journal"));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashLoopWriter.class.getName(),
                        f.toString(),
                        "1",
                        "1",
                        journal.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            long until = System.nanoTime() + 60_000_000_000L;
            while (p.isAlive()
                    && System.nanoTime() < until
                    && !Files.readString(journal).contains("READY")) Thread.sleep(10);
            assertThat(Files.readString(journal)).startsWith("READY");
            assertThatThrownBy(() -> Nabla.open(f))
                    .hasMessage("database file " + f.toAbsolutePath()
                            + " is already open in another process (one writer per file; other processes may open it"
                            + " with access_mode=read_only while no writer has it)");
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        Database db = Nabla.open(f);
        assertThat(db.committed().table("acct")).isNotNull();
        db.close();
    }

    static DurableStore storeOf(Database db) {
        try {
            var fld = Database.class.getDeclaredField("store");
            fld.setAccessible(true);
            return (DurableStore) fld.get(db);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Forgets a database whose store was closed without a checkpoint (as a crash would) and opens the file again. */
    static Database reopenAfterCrash(Path f, Database crashed) {
        Nabla.forgetFile(f.toAbsolutePath().normalize(), crashed);
        return Nabla.open(f);
    }
}
