package dev.nabla.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.ErrorCode;
import dev.nabla.common.NablaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** access_mode=read_only: reads work, writes are 25006, the file is untouched, readers share it across processes. */
class ReadOnlyAccessTest {
    @TempDir
    Path dir;

    private Path sample(String name) {
        Path f = dir.resolve(name);
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE SEQUENCE seq");
        s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x DOUBLE)");
        s.execute("INSERT INTO t VALUES (1, 0.5), (2, NULL)");
        db.close();
        return f;
    }

    private static void refused(Session s, String sql) {
        assertThatThrownBy(() -> s.execute(sql))
                .as(sql)
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.READ_ONLY))
                .hasMessageContaining("is open read-only (access_mode=read_only)");
    }

    @Test
    void readsWorkAndEveryWriteIsRefused() throws Exception {
        Path f = sample("ro.nabla");
        byte[] before = Files.readAllBytes(f);
        byte[] walBefore = Files.readAllBytes(dir.resolve("ro.nabla.wal"));
        Database db = Nabla.openReadOnly(f);
        assertThat(db.readOnly()).isTrue();
        Session s = db.connect();
        assertThat(DurableFileTest.rows(s, "SELECT id, x FROM t ORDER BY id")).containsExactly("1|0.5", "2|NULL");
        assertThat(DurableFileTest.rows(s, "SHOW access_mode")).containsExactly("read_only");
        refused(s, "INSERT INTO t VALUES (3, 1)");
        refused(s, "UPDATE t SET x = 1");
        refused(s, "DELETE FROM t");
        refused(s, "CREATE TABLE u(a INTEGER)");
        refused(s, "DROP TABLE t");
        refused(s, "CREATE SEQUENCE s2");
        refused(s, "CHECKPOINT");
        refused(s, "SELECT nextval('seq')");
        refused(s, "SELECT setval('seq', 5)");
        s.execute("BEGIN");
        refused(s, "INSERT INTO t VALUES (3, 1)");
        s.execute("ROLLBACK");
        assertThatThrownBy(() -> s.execute("SET access_mode = 'read_write'"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_IN_PREREQUISITE_STATE))
                .hasMessageContaining("access_mode cannot be changed after the database is opened");
        // a read-write open of the same file in this process is refused while the read-only one is open
        assertThatThrownBy(() -> Nabla.open(f)).hasMessageContaining("is already open read-only in this process");
        db.close();
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(Files.readAllBytes(dir.resolve("ro.nabla.wal"))).isEqualTo(walBefore);
        // and writable again once closed; a sequence resumed where it was
        Database rw = Nabla.open(f);
        assertThat(DurableFileTest.rows(rw.connect(), "SHOW access_mode")).containsExactly("read_write");
        assertThat(DurableFileTest.rows(rw.connect(), "SELECT nextval('seq')")).containsExactly("1");
        rw.close();
    }

    @Test
    void anUncheckpointedLogIsReplayedInMemoryAndLeftAsItIs() throws Exception {
        Path f = dir.resolve("log.nabla");
        Database db = Nabla.open(f);
        Session s = db.connect();
        s.execute("CREATE TABLE t(id INTEGER)");
        s.execute("INSERT INTO t VALUES (1), (2), (3)");
        // a crash: the log holds the commits, no checkpoint
        DurableFileTest.storeOf(db).close();
        Nabla.forgetFile(f.toAbsolutePath().normalize(), db);
        Database ro = Nabla.openReadOnly(f);
        byte[] wal = Files.readAllBytes(dir.resolve("log.nabla.wal"));
        assertThat(DurableFileTest.rows(ro.connect(), "SELECT sum(id) FROM t")).containsExactly("6");
        ro.close();
        assertThat(Files.readAllBytes(dir.resolve("log.nabla.wal"))).isEqualTo(wal);
    }

    @Test
    void attachADatabaseFileReadOnly() throws Exception {
        Path f = sample("other.nabla");
        Session s = Nabla.open().connect();
        s.execute("CREATE TABLE t(id INTEGER, note VARCHAR)");
        s.execute("INSERT INTO t VALUES (1, 'mine')");
        s.execute("ATTACH '" + f + "' AS o (READ_ONLY)");
        assertThat(DurableFileTest.rows(s, "SELECT id, x FROM o.t ORDER BY id")).containsExactly("1|0.5", "2|NULL");
        assertThat(DurableFileTest.rows(s, "SELECT m.note, o.x FROM t m JOIN o.t o ON m.id = o.id"))
                .containsExactly("mine|0.5");
        assertThatThrownBy(() -> s.execute("INSERT INTO o.t VALUES (3, 1)"))
                .isInstanceOfSatisfying(
                        NablaException.class, e -> assertThat(e.code()).isNotEqualTo(ErrorCode.INTERNAL));
        // the file was released: a writer (here, this process) may open it while it is attached
        Database w = Nabla.open(f);
        w.connect().execute("INSERT INTO t VALUES (3, 3)");
        w.close();
        assertThat(DurableFileTest.rows(s, "SELECT count(*) FROM o.t")).containsExactly("2");
        s.execute("DETACH o");
        assertThatThrownBy(() -> s.execute("SELECT * FROM o.t")).isInstanceOf(NablaException.class);
        // the default name is the file's base name
        s.execute("ATTACH '" + f + "' (READ_ONLY)");
        assertThat(DurableFileTest.rows(s, "SELECT count(*) FROM other.t")).containsExactly("3");
        assertThatThrownBy(() -> s.execute("ATTACH '" + dir.resolve("nope.nabla") + "' AS n (READ_ONLY)"))
                .hasMessageContaining("read-only: it does not exist");
    }

    @Test
    void badFilesGiveOneLine() {
        assertThatThrownBy(() -> Nabla.openReadOnly(dir.resolve("missing.nabla")))
                .hasMessage("cannot open database file "
                        + dir.resolve("missing.nabla").toAbsolutePath() + " read-only: it does not exist");
        assertThat(Files.exists(dir.resolve("missing.nabla"))).isFalse();
    }

    @Test
    void manyReadersNoWriterAcrossProcesses() throws Exception {
        Path f = sample("shared.nabla");
        Database ro = Nabla.openReadOnly(f);
        try {
            // another process may read it at once, but not write it
            assertThat(child(f, "ro")).isEqualTo("OK 2");
            assertThat(child(f, "rw"))
                    .isEqualTo("ERR database file " + f.toAbsolutePath()
                            + " is already open in another process (one writer per file; other processes may open it"
                            + " with access_mode=read_only while no writer has it)");
        } finally {
            ro.close();
        }
        Database rw = Nabla.open(f);
        try {
            assertThat(child(f, "ro"))
                    .isEqualTo("ERR database file " + f.toAbsolutePath()
                            + " is open for writing in another process (one writer per file)");
        } finally {
            rw.close();
        }
        assertThat(child(f, "rw")).isEqualTo("OK 2");
    }

    @Test
    void aReadWriteAttachHoldsTheFileAgainstOtherProcesses() throws Exception {
        Path f = sample("attached.nabla");
        Session s = Nabla.open().connect();
        s.execute("ATTACH '" + f + "' AS o");
        try {
            // the same one-writer lock as an open: another process can neither write nor read it meanwhile
            assertThat(child(f, "rw"))
                    .isEqualTo("ERR database file " + f.toAbsolutePath()
                            + " is already open in another process (one writer per file; other processes may open it"
                            + " with access_mode=read_only while no writer has it)");
            assertThat(child(f, "ro")).startsWith("ERR database file " + f.toAbsolutePath() + " is open for writing");
            s.execute("INSERT INTO o.t VALUES (3, 3)");
        } finally {
            s.execute("DETACH o");
        }
        assertThat(child(f, "ro")).isEqualTo("OK 3");
        s.close();
    }

    private static String child(Path f, String mode) throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReadOnlyChild.class.getName(),
                        f.toString(),
                        mode)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
        return lines.isEmpty() ? "" : lines.getLast();
    }
}
