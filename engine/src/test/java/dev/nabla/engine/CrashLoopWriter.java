package dev.nabla.engine;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * The child process of {@link CrashLoopTest}: opens a database file and runs random write transactions until it is
 * killed. It appends its progress to a journal file (the fourth argument), one {@code write} per line: {@code T k} (or
 * {@code T k rollback}: one that will roll back) before transaction {@code k} begins, {@code A k} after its COMMIT
 * returned, {@code R k} after its ROLLBACK. A {@code write} that returned is in the kernel's page cache and survives
 * SIGKILL, and a failed one throws and stops the writer, so the journal never silently misses a line (stdout did:
 * {@code PrintStream} swallows write errors).
 * Every transaction keeps {@code sum(bal) = 0} over {@code acct} and logs itself in {@code log(txn, n)}, where
 * {@code n} is the number of {@code bulk} rows it inserted (bulk rows carry their transaction's number).
 */
public final class CrashLoopWriter {
    private CrashLoopWriter() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Random rnd = new Random(Long.parseLong(args[1]));
        FileOutputStream journal = new FileOutputStream(args[3], true);
        Database db = Nabla.open(file);
        if (rnd.nextBoolean()) db.setCheckpointThreshold(32 << 10);
        Session s = db.connect();
        if (db.committed().table("acct") == null) {
            s.execute("BEGIN");
            s.execute("CREATE TABLE acct(id INTEGER PRIMARY KEY, bal BIGINT NOT NULL)");
            s.execute("INSERT INTO acct SELECT range, 0 FROM range(100)");
            s.execute("CREATE TABLE log(txn BIGINT PRIMARY KEY, n INTEGER)");
            s.execute("CREATE TABLE bulk(txn BIGINT, v DOUBLE, s VARCHAR)");
            // identity values must never repeat across crashes (the sequence's logged bound)
            s.execute("CREATE TABLE ids(id BIGINT GENERATED ALWAYS AS IDENTITY, txn BIGINT)");
            s.execute("COMMIT");
        }
        // numbers never repeat, not even those of transactions rolled back before the last crash
        long k =
                Math.max(s.execute("SELECT coalesce(max(txn), 0) FROM log").getLong(0, 0) + 1, Long.parseLong(args[2]));
        note(journal, "READY " + k);
        for (; ; k++) {
            int op = rnd.nextInt(100);
            if (op < 3) {
                db.checkpoint();
                note(journal, "CP");
                continue;
            }
            boolean rollback = op < 15;
            note(journal, "T " + k + (rollback ? " rollback" : ""));
            s.execute("BEGIN");
            int a = rnd.nextInt(100), b = rnd.nextInt(100);
            long amount = rnd.nextInt(1000) + 1;
            s.execute("UPDATE acct SET bal = bal - " + amount + " WHERE id = " + a);
            s.execute("UPDATE acct SET bal = bal + " + amount + " WHERE id = " + b);
            int n = 0;
            if (op < 30) {
                n = 1 + rnd.nextInt(op < 20 ? 20_000 : 200);
                s.execute("INSERT INTO bulk SELECT " + k + ", range * 0.5, 'r' || range FROM range(" + n + ")");
            } else if (op < 40) {
                // drop an older transaction's bulk rows: its log row keeps the books right
                long old = 1 + rnd.nextLong(k);
                s.execute("DELETE FROM bulk WHERE txn = " + old);
                s.execute("UPDATE log SET n = 0 WHERE txn = " + old);
            } else if (op < 45) {
                s.execute("UPDATE bulk SET s = NULL WHERE txn = (SELECT max(txn) FROM bulk)");
            }
            s.execute("INSERT INTO log VALUES (" + k + ", " + n + ")");
            s.execute("INSERT INTO ids(txn) SELECT " + k + " FROM range(" + (1 + rnd.nextInt(300)) + ")");
            if (rollback) {
                s.execute("ROLLBACK");
                note(journal, "R " + k);
            } else {
                s.execute("COMMIT");
                note(journal, "A " + k);
            }
        }
    }

    /** One line in one {@code write(2)}: whole or (if killed inside the call) a prefix without its newline. */
    private static void note(FileOutputStream journal, String line) throws IOException {
        journal.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
